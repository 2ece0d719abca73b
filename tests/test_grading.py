"""An instructor's nbgrader run on the notebooks: generate_assignment turns the exercise
cells into stubs, and autograde gives the point to a right answer only."""

import inspect
import os
import subprocess
import sys
from pathlib import Path

import exercise_solutions
import nbformat
import pytest
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ASSIGNMENT = "exercises"
FIRST = "01_neuron_on_a_grid"


def gradebook_url(course):
    """The course's gradebook as SQLAlchemy names it: forward slashes on every system."""
    return f"sqlite:///{(course / 'gb.db').as_posix()}"


def nbgrader(course, *args):
    """Run an nbgrader command in the course folder; helpers comes from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--force", f"--db={gradebook_url(course)}"],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def graded(notebook):
    """{grade_id: (nbgrader metadata, source)} of a notebook's nbgrader cells."""
    return {
        cell["metadata"]["nbgrader"]["grade_id"]: (
            cell["metadata"]["nbgrader"],
            "".join(cell["source"]),
        )
        for cell in notebook["cells"]
        if "nbgrader" in cell["metadata"]
    }


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder whose assignment is the four notebooks without their folded answers
    (tools/without_answers.py, as the README says), generated."""
    course = tmp_path_factory.mktemp("course")
    tool = Path(__file__).resolve().parents[1] / "tools" / "without_answers.py"
    subprocess.run([sys.executable, str(tool), str(course / "source" / ASSIGNMENT)], check=True)
    nbgrader(course, "generate_assignment", ASSIGNMENT)
    return course


def test_every_notebook_has_a_write_it_yourself_exercise_that_nbgrader_can_grade(course):
    for path in NOTEBOOKS:
        cells = graded(nbformat.read(path, as_version=4))
        solutions = [gid for gid, (meta, _) in cells.items() if meta["solution"]]
        assert solutions, f"{path.name} has no exercise cell for nbgrader"
        for gid in solutions:
            check, source = cells[f"{gid}-check"]
            assert check["grade"] and check["locked"] and check["points"] == 1
            assert "### BEGIN SOLUTION" in cells[gid][1] and "check_" in source


def test_generate_assignment_leaves_stubs_and_keeps_the_checks(course):
    for path in NOTEBOOKS:
        source = graded(nbformat.read(path, as_version=4))
        release = nbformat.read(course / "release" / ASSIGNMENT / path.name, as_version=4)
        cells = graded(release)
        assert cells.keys() == source.keys()
        for gid, (meta, text) in cells.items():
            if meta["solution"]:
                assert "raise NotImplementedError()" in text and "BEGIN SOLUTION" not in text
                assert text.startswith("def ")  # the function's signature and docstring stay
            else:
                assert text == source[gid][1]  # the check, locked, exactly as committed
        assert all(not cell.get("outputs") for cell in release["cells"])
        assert all("<details>" not in cell["source"] for cell in release["cells"])  # no answer


def solved(release):
    """The released notebook 01 with the reference solution in its exercise cell."""
    notebook = nbformat.read(release, as_version=4)
    answer = "import numpy as np\n\n\n" + "\n\n".join(
        inspect.getsource(fn)
        for fn in (exercise_solutions.sigmoid, exercise_solutions.logistic_gradient)
    )
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("solution"):
            cell["source"] = answer
    return notebook


def test_autograde_gives_the_point_to_the_right_answer_only(course):
    release = course / "release" / ASSIGNMENT / f"{FIRST}.ipynb"
    for student, notebook in [
        ("solved", solved(release)),
        ("skeleton", nbformat.read(release, as_version=4)),
    ]:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / release.name)
    nbgrader(course, "autograde", ASSIGNMENT, "--create")
    with Gradebook(gradebook_url(course)) as gradebook:
        scores = {
            student: gradebook.find_submission_notebook(FIRST, ASSIGNMENT, student).score
            for student in ("solved", "skeleton")
        }
    assert scores == {"solved": 1.0, "skeleton": 0.0}
