"""tools/notebook_outputs.py compares text outputs as strict nbval does: a changed text is
found and named by its cell, pictures and widget ids are not compared, markers are kept."""

import copy
import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "notebook_outputs", ROOT / "tools" / "notebook_outputs.py"
)
notebook_outputs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(notebook_outputs)

COMMITTED = nbformat.read(ROOT / "notebooks" / "01_neuron_on_a_grid.ipynb", as_version=4)


def first(kind):
    """The index of the first code cell with an output of this kind (a data key or 'stream')."""
    for index, cell in enumerate(COMMITTED.cells):
        for output in cell.get("outputs", []):
            if kind == "stream" and output["output_type"] == "stream":
                return index, output
            if kind in output.get("data", {}):
                return index, output
    raise AssertionError(f"notebook 01 has no {kind} output")


def test_a_notebook_agrees_with_itself():
    assert notebook_outputs.differences(COMMITTED, copy.deepcopy(COMMITTED)) == {}


def test_a_changed_text_output_is_found_and_shown():
    changed = copy.deepcopy(COMMITTED)
    index, output = first("stream")
    cell_output = changed.cells[index].outputs[COMMITTED.cells[index].outputs.index(output)]
    cell_output["text"] = cell_output["text"].replace("0", "9", 1) + "extra\n"
    found = notebook_outputs.differences(COMMITTED, changed)
    assert list(found) == [index]
    committed, new = found[index]
    assert "extra" in new and "extra" not in committed


def test_pictures_and_widget_ids_are_not_compared():
    changed = copy.deepcopy(COMMITTED)
    for cell in changed.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                data["image/png"] = "AAAA"
            if "application/vnd.jupyter.widget-view+json" in data:
                data["application/vnd.jupyter.widget-view+json"]["model_id"] = "another"
    assert first("image/png") and notebook_outputs.differences(COMMITTED, changed) == {}


def test_a_cell_marked_nbval_ignore_output_is_left_out():
    index, _ = first("stream")
    committed, changed = copy.deepcopy(COMMITTED), copy.deepcopy(COMMITTED)
    changed.cells[index].outputs = []
    assert list(notebook_outputs.differences(committed, changed)) == [index]
    committed.cells[index].source = (
        "# NBVAL_IGNORE_OUTPUT: a timing\n" + committed.cells[index].source
    )
    assert notebook_outputs.differences(committed, changed) == {}


def test_streams_are_compared_as_a_terminal_shows_them():
    progress = [{"output_type": "stream", "name": "stdout", "text": "epoch 1\r"},
                {"output_type": "stream", "name": "stdout", "text": "epoch 2\n"}]  # fmt: skip
    final = [{"output_type": "stream", "name": "stdout", "text": "epoch 2\n"}]
    assert notebook_outputs.compared(progress) == notebook_outputs.compared(final)
