"""tools/hub_load_test.py on a real JupyterHub: three students run notebook 01 at once with
every text output as committed, and nothing is left running; a changed committed output
makes it fail and name the cell. Skipped without jupyterhub or node (except under CI)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import psutil
import pytest
from needs import skip_if_left_out, skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "hub_load_test.py"
pytestmark = pytest.mark.hub


@pytest.fixture(scope="module")
def hub_ready():
    skip_if_left_out("hub")
    if sys.platform == "win32":  # JupyterHub's own docs: it runs on Linux and macOS
        skip_or_fail(
            "hub", "JupyterHub does not run on Windows: the hub load test needs Linux or macOS"
        )
    missing = [name for name in ("node", "npm") if shutil.which(name) is None]
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        missing.append("jupyterhub (pip install -r requirements-dev.txt)")
    if missing:
        message = f"the hub load test needs {', '.join(missing)}"
        skip_or_fail("hub", message)


def run_tool(*args, timeout=420):
    before = {p.pid for p in psutil.process_iter()}
    done = subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=timeout,
        cwd=ROOT,
    )  # fmt: skip
    after = {p.pid for p in psutil.process_iter() if p.pid not in before}
    left = [p for p in after if psutil.pid_exists(p) and "hub" in " ".join(_cmd(p))]
    return done, left


def _cmd(pid):
    try:
        return psutil.Process(pid).cmdline()
    except psutil.Error:
        return []


def test_three_students_run_notebook_01_as_committed(hub_ready):
    done, left = run_tool("--students", "3", "--notebook", "01", "--timeout", "360")
    out = done.stdout
    assert done.returncode == 0, out + done.stderr[-3000:]
    assert "3 of 3 students ran 01 with every text output as committed" in out
    for figure in ("notebook p50", "peak memory", "GB PSS", "MB per student", "p95"):
        assert figure in out, figure
    rows = re.findall(r"^student-\d+ .* (\d+) of (\d+)", out, re.M)
    assert len(rows) == 3 and all(a == b for a, b in rows)
    assert "processes left behind: 0" in out and left == []


def test_a_changed_committed_output_fails_and_names_the_cell(hub_ready, tmp_path):
    for part in ("helpers", "data", "notebooks"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "notebooks" / "01_neuron_on_a_grid.ipynb"
    notebook = nbformat.read(path, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and any(
        o.get("output_type") == "stream" for o in c.outputs))  # fmt: skip
    stream = next(o for o in notebook.cells[index].outputs if o["output_type"] == "stream")
    stream["text"] = "a committed output that the code does not print\n"
    nbformat.write(notebook, path)
    done, left = run_tool("--students", "1", "--notebook", "01", "--course", str(tmp_path),
                          "--timeout", "300")  # fmt: skip
    assert done.returncode == 1, done.stdout
    assert f"cell {index} differs" in done.stdout
    assert "0 of 1 students ran 01" in done.stdout and left == []
