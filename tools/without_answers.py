"""Copies of the notebooks without the folded answers, for graded work.

Each "write it yourself" exercise shows its answer after its check, folded in a markdown
cell that opens with FOLD (JupyterLab, Colab and GitHub draw it closed): right for self-study,
not for a graded assignment. This writes every notebook to OUT without those cells; nothing
else changes, so nbgrader's metadata and the committed outputs stay as they are.

    python tools/without_answers.py OUT     # e.g. source/ASSIGNMENT of an nbgrader course
"""

import argparse
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
FOLD = "<details><summary>Show the answer, after you have tried</summary>"


def without_answers(notebook):
    """The notebook with every cell that holds a folded answer left out."""
    notebook.cells = [cell for cell in notebook.cells if FOLD not in cell.source]
    return notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the notebooks to")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = without_answers(nbformat.read(path, as_version=4))
        nbformat.write(notebook, args.out / path.name)
        print(f"{path.name}: written to {args.out} without its folded answers")


if __name__ == "__main__":
    main()
