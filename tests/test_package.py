"""The public contract of `helpers` (DESIGN.md): what imports, and what it pulls in."""

import subprocess
import sys
from pathlib import Path

import helpers


def test_import_helpers_needs_numpy_alone():
    code = (
        "import sys, helpers; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "[]"


def test_contract_names_are_top_level():
    for name in [
        "all_patterns",
        "sigmoid",
        "tanh",
        "relu",
        "softmax",
        "LogisticRegression",
        "binary_cross_entropy",
        "mse_loss",
        "softmax_cross_entropy",
        "Dense",
        "Sigmoid",
        "Tanh",
        "ReLU",
        "Flatten",
        "Sequential",
        "Conv2D",
        "MaxPool2D",
        "AvgPool2D",
        "conv2d",
        "max_pool2d",
        "avg_pool2d",
        "RNN",
    ]:
        assert callable(getattr(helpers, name)), name
        assert name in helpers.__all__


def test_pip_install_takes_every_subpackage():
    """pyproject.toml's package list must cover each folder of helpers that holds code."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = [
        ".".join(p.parent.relative_to(root).parts) for p in (root / "helpers").rglob("__init__.py")
    ]
    assert len(packages) >= 4  # helpers and its subpackages
    for package in packages:
        assert any(fnmatch.fnmatch(package, pattern) for pattern in patterns), package
