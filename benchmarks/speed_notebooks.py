"""How long each notebook takes to execute top to bottom, as a student's Run All would.

    python benchmarks/speed_notebooks.py [--repeat 3] [notebooks/01_....ipynb ...]

Each run starts a fresh kernel (its start-up is counted) in the notebooks/ folder and
executes every cell; the notebook on disk is not changed. Prints the best and the median of
each notebook, then their totals: the time a student waits for the whole course.
"""

import argparse
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run_once(path):
    """Execute the notebook at `path` in a fresh kernel; returns the wall-clock seconds."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    best, median = [], []
    for path in paths:
        times = [run_once(path) for _ in range(args.repeat)]
        best.append(min(times))
        median.append(statistics.median(times))
        size = path.stat().st_size / 1e6
        print(
            f"{path.name}: best {best[-1]:.2f} s, median {median[-1]:.2f} s "
            f"over {args.repeat} runs (kernel start included); file {size:.2f} MB"
        )
    print(f"total, {len(paths)} notebooks: best {sum(best):.2f} s, median {sum(median):.2f} s")


if __name__ == "__main__":
    main()
