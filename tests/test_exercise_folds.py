"""The answer of every "write it yourself" exercise is on the page only folded, after its
check: the fold's lines appear nowhere else, before or after, in code, prose or output, and
the folded answer itself passes the check."""

import re

import nbformat
import numpy as np
import pytest
from notebook_page import NOTEBOOKS

import helpers
import helpers.exercises as ex

FOLD = "<details><summary>Show the answer, after you have tried</summary>"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def normal(line):
    """A line of code as compared: no comment, spaces collapsed."""
    return " ".join(line.split("#")[0].split())


def exercises(notebook):
    """(skeleton cell, check cell, fold cell) indices of each exercise, in order."""
    found = []
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            check = next(j for j in range(i + 1, len(notebook.cells)) if "check_" in
                         notebook.cells[j].source)  # fmt: skip
            fold = next(j for j in range(i + 1, len(notebook.cells)) if FOLD in
                        notebook.cells[j].source)  # fmt: skip
            found.append((i, check, fold))
    return found


def answer_lines(fold):
    """The code lines of a fold's python block."""
    code = re.search(r"```python\n(.*?)```", fold, re.S).group(1)
    return [line for line in code.splitlines() if normal(line)]


def outside_folds(notebook):
    """Every line a reader sees outside the folds: sources and text outputs."""
    for cell in notebook.cells:
        source = re.sub(r"<details>.*?</details>", "", cell.source, flags=re.S)
        yield from source.splitlines()
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            yield from "".join(text).splitlines()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem[:2])
def test_every_exercise_is_checked_then_folded(path):
    notebook = nbformat.read(path, as_version=4)
    found = exercises(notebook)
    assert found, path.name
    folds = [i for i, cell in enumerate(notebook.cells) if FOLD in cell.source]
    assert folds == [fold for _, _, fold in found]  # one fold per exercise, its own
    starts = [skeleton for skeleton, _, _ in found[1:]] + [len(notebook.cells)]
    for (skeleton, check, fold), following in zip(found, starts, strict=True):
        assert skeleton < check < fold < following, (skeleton, check, fold, following)


def leaked_answer_lines(notebook):
    """The answer lines of the folds that a reader also sees outside every fold."""
    seen = [normal(line) for line in outside_folds(notebook)]
    leaked = []
    for _, _, fold in exercises(notebook):
        for line in answer_lines(notebook.cells[fold].source):
            wanted = normal(line).removeprefix("return ")  # what is returned is the answer
            if len(wanted) >= 12 and any(wanted in text for text in seen):  # not "return dx"
                leaked.append(line.strip())
    return leaked


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem[:2])
def test_no_answer_line_appears_outside_its_fold(path):
    assert leaked_answer_lines(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem[:2])
def test_the_folded_answer_passes_its_check(path):
    notebook = nbformat.read(path, as_version=4)
    for skeleton, check, fold in exercises(notebook):
        source = notebook.cells[skeleton].source
        header = source.split("    ### BEGIN SOLUTION")[0]
        body = "".join(f"    {line}\n" for line in answer_lines(notebook.cells[fold].source))
        space = {"np": np, "helpers": helpers}
        exec(header + body, space)  # the skeleton's signature and docstring, the fold's lines
        name = re.match(r"def (\w+)", source).group(1)
        check_name = re.search(r"(check_\w+)\(" + name + r"\)", notebook.cells[check].source)
        result = getattr(ex, check_name.group(1))(space[name])
        assert result.passed, (path.name, name, result.message)


@pytest.mark.parametrize(
    ("path", "part"), [(PATHS[0], "dz ="), (PATHS[-1], "return ")], ids=["a line", "a return"]
)
def test_the_scan_finds_an_answer_line_copied_outside_the_fold(path, part):
    notebook = nbformat.read(path, as_version=4)
    _, _, fold = exercises(notebook)[0]
    line = next(x for x in answer_lines(notebook.cells[fold].source) if part in x).strip()
    notebook.cells[fold + 2].source += "\n" + line
    assert leaked_answer_lines(notebook) == [line]


def test_the_hand_out_copies_leave_out_the_folds_and_nothing_else(tmp_path):
    import subprocess
    import sys

    tool = NOTEBOOKS.parent / "tools" / "without_answers.py"
    subprocess.run([sys.executable, str(tool), str(tmp_path)], check=True, capture_output=True)
    for path in PATHS:
        committed, copy = (nbformat.read(p, as_version=4) for p in (path, tmp_path / path.name))
        assert all(FOLD not in cell.source for cell in copy.cells)
        kept = [cell for cell in committed.cells if FOLD not in cell.source]
        assert len(copy.cells) == len(kept) == len(committed.cells) - len(exercises(committed))
        assert [c.source for c in copy.cells] == [c.source for c in kept]
