"""The public contract of `helpers` (DESIGN.md): what imports, and what it pulls in."""

import ast
import subprocess
import sys
from pathlib import Path

import helpers

ROOT = Path(__file__).resolve().parents[1]


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


DRAWING = ("matplotlib", "ipywidgets", "IPython", "helpers.plotting", "helpers.widgets")


def imported_modules(path, package):
    """Every module a source file of `package` imports, anywhere in it (inside functions
    too), with relative imports resolved to absolute names."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join(base + [node.module] if node.level else [node.module or ""])
            yield module.rstrip(".")
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_the_numeric_core_never_imports_the_drawing_layers():
    core = [
        path
        for path in sorted((ROOT / "helpers").rglob("*.py"))
        if not {"plotting", "widgets"} & set(path.relative_to(ROOT / "helpers").parts)
    ]
    assert len(core) > 20  # the scan really sees the package
    broken = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in set(imported_modules(path, ".".join(path.relative_to(ROOT).parts[:-1])))
            if any(name == bad or name.startswith(bad + ".") for bad in DRAWING)
        )
        for path in core
    }
    assert {module: names for module, names in broken.items() if names} == {}


def test_the_scan_sees_relative_and_nested_imports(tmp_path):
    """The scan itself: a drawing import hidden in a function, written relatively, is found."""
    module = tmp_path / "probe.py"
    module.write_text(
        "def f():\n    from ..widgets import TrainingProgress\n    import matplotlib\n"
    )
    found = set(imported_modules(module, "helpers.exercises"))
    assert {"helpers.widgets.TrainingProgress", "matplotlib"} <= found
