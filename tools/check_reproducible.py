"""Do the committed notebook outputs hold on other machines? Run this before committing them.

Every notebook is executed under several numerical environments (nbclient, in a subprocess)
and each text output is compared with the committed one as strict nbval compares them (the
comparison the README's test command makes; tools/notebook_outputs.py). The environments
are the ways a student's machine differs from yours:

- OpenBLAS kernels Prescott, Sandybridge and Haswell (OPENBLAS_CORETYPE), which sum in other
  orders than your processor's own kernel;
- one and two BLAS threads (OPENBLAS_NUM_THREADS);
- a laptop without AVX-512: the Haswell kernel, and numpy's own loops (exp, tanh, sums)
  held to AVX2 (NPY_DISABLE_CPU_FEATURES; it changes nothing on a processor without them);
- the lowest versions the pack supports, those Colab ships (tools/requirements-colab.txt:
  numpy 2.1.3, matplotlib 3.10, ipywidgets 7.7.1), in a venv of their own under build/.

What this machine cannot be is another system's BLAS: Apple's Accelerate (numpy's macOS arm64
wheels) and a Windows laptop's numpy. CI's laptops job (.github/workflows/ci.yml: Windows,
macOS arm64, Ubuntu with Colab's Python 3.13) runs every notebook under strict nbval there.

Each variable is set only in the subprocess that runs a notebook, never in this process or
in the tests. The script prints a table (environment x notebook: the cells that differ) and,
under it, the two texts of every difference; it exits 1 if anything differs.

    python tools/check_reproducible.py                   # everything (a few minutes)
    python tools/check_reproducible.py --env Haswell notebooks/01_neuron_on_a_grid.ipynb
"""

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import notebook_outputs

ROOT = Path(__file__).resolve().parents[1]
COLAB_VENV = ROOT / "build" / "venv-colab"
COLAB_REQUIREMENTS = ROOT / "tools" / "requirements-colab.txt"

# name -> (which Python runs the notebook, the variables set for it)
ENVIRONMENTS = {
    "Prescott": ("current", {"OPENBLAS_CORETYPE": "Prescott"}),
    "Sandybridge": ("current", {"OPENBLAS_CORETYPE": "Sandybridge"}),
    "Haswell": ("current", {"OPENBLAS_CORETYPE": "Haswell"}),
    "1 thread": ("current", {"OPENBLAS_NUM_THREADS": "1"}),
    "2 threads": ("current", {"OPENBLAS_NUM_THREADS": "2"}),
    "AVX2 only": (
        "current",
        {
            "OPENBLAS_CORETYPE": "Haswell",
            "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
        },
    ),
    "Colab's versions": ("colab", {}),
}


def colab_python():
    """The Python of a venv with Colab's versions, made (once) under build/ if missing."""
    python = COLAB_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"making {COLAB_VENV.relative_to(ROOT)} from {COLAB_REQUIREMENTS.name} ...")
        subprocess.run([sys.executable, "-m", "venv", str(COLAB_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-r", str(COLAB_REQUIREMENTS)], check=True)
    return str(python)


def run_notebook(python, variables, notebook):
    """Runs one notebook under `python` with `variables` set for it (and its kernel alone);
    returns {cell: (committed, new)} where its text outputs differ from the committed ones."""
    env = {**os.environ, **variables}
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / notebook.name
        command = [python, str(ROOT / "tools" / "notebook_outputs.py"), str(notebook), executed]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return {"(the run)": ("", done.stdout[-2000:] + done.stderr[-2000:])}
        found = notebook_outputs.differences(
            nbformat.read(notebook, as_version=4), nbformat.read(executed, as_version=4)
        )
        return {f"cell {index}": texts for index, texts in found.items()}


def main():
    settings = {
        name: " ".join(f"{k}={v}" for k, v in variables.items()) or COLAB_REQUIREMENTS.name
        for name, (_, variables) in ENVIRONMENTS.items()
    }
    covered = "\n".join(f"  {name}: {setting}" for name, setting in settings.items())
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"environments covered here (--env):\n{covered}\n\n"
        "not covered here: Apple's Accelerate (macOS arm64) and Windows; CI's laptops job\n"
        "(.github/workflows/ci.yml) runs every notebook under strict nbval on both.",
    )
    parser.add_argument(
        "notebooks", nargs="*", type=Path, default=sorted((ROOT / "notebooks").glob("*.ipynb"))
    )
    parser.add_argument(
        "--env",
        action="append",
        choices=list(ENVIRONMENTS),
        help="only these environments (repeatable); default: all",
    )
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    args = parser.parse_args()
    names = args.env or list(ENVIRONMENTS)
    pythons = {"current": sys.executable}
    if any(ENVIRONMENTS[name][0] == "colab" for name in names):
        pythons["colab"] = colab_python()

    runs = [(name, notebook) for name in names for notebook in args.notebooks]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(
            lambda run: run_notebook(
                pythons[ENVIRONMENTS[run[0]][0]], ENVIRONMENTS[run[0]][1], run[1].resolve()
            ),
            runs,
        )
        table = dict(zip(runs, results, strict=True))

    notebook_names = [notebook.stem[:2] for notebook in args.notebooks]
    print("\n| environment | " + " | ".join(notebook_names) + " |")
    print("|---" * (len(notebook_names) + 1) + "|")
    for name in names:
        cells = [", ".join(table[name, nb]) or "clean" for nb in args.notebooks]
        print(f"| {name} | " + " | ".join(cells) + " |")
    differences = [
        (run, cell, texts) for run, found in table.items() for cell, texts in found.items()
    ]
    for (name, notebook), cell, (committed, new) in differences:
        print(f"\n## {name}, {notebook.name}, {cell}\ncommitted:\n{committed}\nnow:\n{new}")
    print(f"\n{len(differences)} differing cells over {len(runs)} notebook runs")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
