"""The public contract of `helpers` (DESIGN.md): what imports, and what it pulls in."""

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

import helpers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


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


def test_pip_install_takes_every_subpackage_and_the_data_files():
    """pyproject.toml's package list must name each folder of helpers that holds code, and
    map helpers._data to data/ (tests/test_wheel.py checks the wheel built from it)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    packages = [
        ".".join(p.parent.relative_to(root).parts) for p in (root / "helpers").rglob("__init__.py")
    ]
    assert len(packages) >= 4  # helpers and its subpackages
    assert sorted(setuptools["packages"]) == sorted([*packages, "helpers._data"])
    assert setuptools["package-dir"] == {"helpers._data": "data"}
    shipped = setuptools["package-data"]["helpers._data"]
    data_files = [p.name for p in (root / "data").iterdir() if p.is_file() and p.suffix != ".py"]
    for name in data_files:
        assert any(Path(name).match(pattern) for pattern in shipped), name


def ruff_check(root, *paths):
    """`ruff check` on paths under root, with root's pyproject.toml: (exit code, its lines)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
         "--select", "TID251", *paths],
        capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    return result.returncode, result.stdout.splitlines()


def test_the_numeric_core_never_imports_the_drawing_layers():
    """pyproject.toml bans matplotlib, ipywidgets, IPython and helpers' own drawing layers in
    the numeric core (ruff's banned-api, run by the test command); the core passes it."""
    code, lines = ruff_check(ROOT, "helpers")
    assert code == 0, lines


def test_a_banned_import_even_inside_a_function_fails_ruff(tmp_path):
    """The rule itself, on a copy of the layout: a drawing import hidden in a function of the
    core, written relatively, fails; the same lines in helpers/widgets/ pass."""
    (tmp_path / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    probe = "def f():\n    from ..widgets import TrainingProgress\n    import matplotlib\n"
    for folder in ("helpers/exercises", "helpers/widgets"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
        (tmp_path / folder / "probe.py").write_text(probe, encoding="utf-8")
    (tmp_path / "helpers" / "__init__.py").write_text("", encoding="utf-8")
    code, lines = ruff_check(tmp_path, "helpers/exercises/probe.py")
    assert code == 1
    # TID251 by its name, banned-api: pyproject.toml's preview mode prints rules by name
    assert [line.split(": ", 1)[1].split(" is banned")[0] for line in lines[:2]] == [
        "banned-api: `helpers.widgets`",
        "banned-api: `matplotlib`",
    ]
    assert ruff_check(tmp_path, "helpers/widgets/probe.py")[0] == 0


def _student_functions():
    """(notebook, name, parameter names) of every function a notebook's code cell defines."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            source = TransformerManager().transform_cell(cell.source)  # magics as Python
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    yield path.name, node.name, [a.arg for a in node.args.args]


def test_no_helper_shares_a_name_with_a_student_function_of_another_signature():
    """A student who writes dense_backward in a notebook and then reads helpers' finds the
    same parameters in the same order (helpers may add optional ones after them)."""
    helpers_functions = {}
    for module in pkgutil.walk_packages(helpers.__path__, "helpers."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if inspect.isfunction(value) and value.__module__ == module.name:
                helpers_functions.setdefault(name, []).append(value)
    shared = 0
    for notebook, name, student in _student_functions():
        for function in helpers_functions.get(name, []):
            shared += 1
            parameters = list(inspect.signature(function).parameters.values())
            assert [p.name for p in parameters[: len(student)]] == student, (notebook, name)
            assert all(p.default is not p.empty for p in parameters[len(student) :]), name
    assert shared == 3  # logistic_gradient, dense_backward, rnn_step_backward


def test_the_numeric_core_reads_in_short_pieces():
    """No module of the numeric core (helpers without plotting and widgets) over 300 lines,
    no function in it over 40: a reader sees a whole idea at once."""
    core = [
        path
        for path in sorted((ROOT / "helpers").rglob("*.py"))
        if not {"plotting", "widgets"} & set(path.parts)
    ]
    assert len(core) > 30
    for path in core:
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 300, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno - node.lineno + 1 <= 40, (path.name, node.name)
