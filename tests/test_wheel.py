"""The helpers as a package on its own: built into a wheel, installed in a fresh virtual
environment outside the checkout, first without the `notebooks` extra, then with it.

What a hub's shared environment or `pip install git+...` gets: both data loaders find their
files inside the installed package (package data, checksum record included), a model
trains a step, the drawing layers name the extra while it is missing and build a widget
once it is there. It needs PyPI (pip fetches setuptools, numpy and the extra's packages,
from its cache when it can); without it the test skips, and under CI it fails.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from needs import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]

# What the fresh environment runs, in a folder far from the checkout; prints one line per fact.
WITHOUT_EXTRA = r"""
import importlib, helpers, helpers.data
from helpers.autoencoder import digit_autoencoder
from helpers.optim import Adam
from helpers.training import train
print("helpers:", helpers.__file__)
print("data:", helpers.data.DATA_DIR)
images, labels = helpers.data.load_digits()
names = helpers.data.load_names()
print("digits:", images.shape, "names:", len(names))
model = digit_autoencoder(2)
X = images.reshape(len(images), 64)
history = train(model, helpers.mse_loss, (X, X), Adam(model.params, 0.01), epochs=1)
print("first and last batch loss:", *map(float, history["batch_loss"][[0, -1]]))
for layer in ("helpers.plotting", "helpers.widgets"):
    try:
        importlib.import_module(layer)
    except ModuleNotFoundError as error:
        print("without the extra:", error)
"""

WITH_EXTRA = r"""
from helpers.widgets import NeuronExplorer
explorer = NeuronExplorer()
print("widget:", type(explorer).__name__, len(explorer.children) > 0)
"""


def one_epoch_here():
    """The first and last minibatch loss of the same epoch, trained with this checkout."""
    from helpers.autoencoder import digit_autoencoder
    from helpers.data import load_digits
    from helpers.losses import mse_loss
    from helpers.optim import Adam
    from helpers.training import train

    images, _ = load_digits()
    X = images.reshape(len(images), 64)
    model = digit_autoencoder(2)
    history = train(model, mse_loss, (X, X), Adam(model.params, 0.01), epochs=1)
    return history["batch_loss"][0], history["batch_loss"][-1]


def run(command, **kwargs):
    """Run a command; fail with its output if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def index_reachable(python, folder):
    """Whether pip can fetch from the package index (PyPI or the one configured)."""
    done = subprocess.run(
        [python, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(folder), "pip"],
        capture_output=True,
        timeout=120,
    )
    return done.returncode == 0


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel, built from a copy of what a source distribution holds (so the checkout
    gets no build/ or egg-info)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("helpers", "data"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    if not index_reachable(sys.executable, tmp_path_factory.mktemp("probe")):
        message = "the package index is not reachable: cannot build and install the wheel"
        skip_or_fail("wheel", message)
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)])
    (built,) = out.glob("ann_course_helpers-*.whl")
    return built


def test_the_wheel_carries_every_module_and_every_data_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        inside = {name for name in archive.namelist() if not name.endswith("/")}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "helpers").rglob("*.py")}
    assert modules <= inside, sorted(modules - inside)
    data = ["digits.npz", "names.txt", "names.txt.sha256", "README.md"]  # README: licences
    assert {f"helpers/_data/{name}" for name in data} <= inside


def test_the_installed_package_works_outside_the_checkout_with_and_without_the_extra(
    wheel, tmp_path
):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = str(venv / ("Scripts" if os.name == "nt" else "bin") / "python")
    elsewhere = tmp_path / "elsewhere"  # no helpers/ or data/ anywhere near
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]

    run([*pip, str(wheel)], env=env)
    lines = run([python, "-c", WITHOUT_EXTRA], cwd=elsewhere, env=env).splitlines()
    facts = dict(line.split(": ", 1) for line in lines if not line.startswith("without"))
    site = Path(facts["helpers"]).resolve().parents[1]
    assert site.name == "site-packages" and venv.resolve() in site.parents
    assert Path(facts["data"]).resolve() == site / "helpers" / "_data"
    assert facts["digits"] == "(1797, 8, 8) names: 6824"
    first, last = map(float, facts["first and last batch loss"].split())
    assert last < 0.5 * first  # it learns
    assert (first, last) == pytest.approx(one_epoch_here(), rel=1e-6)  # as the checkout does
    extra = [line for line in lines if line.startswith("without the extra")]
    assert extra == [
        f"without the extra: {layer} needs {package}, which is not installed: "
        'pip install "ann-course-helpers[notebooks]" (from a checkout: pip install '
        '".[notebooks]", or pip install -r requirements.txt)'
        for layer, package in [
            ("helpers.plotting", "matplotlib"),
            ("helpers.widgets", "ipywidgets"),
        ]
    ]

    run([*pip, f"{wheel}[notebooks]"], env=env)
    shown = run([python, "-c", WITH_EXTRA], cwd=elsewhere, env={**env, "MPLBACKEND": "Agg"})
    assert shown.strip() == "widget: NeuronExplorer True"
