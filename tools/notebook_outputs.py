"""A notebook's text outputs, compared as strict nbval compares them, and a notebook run.

What counts, as in nbval (its plugin's compare_outputs): per code cell, each stream's text
(streams of one name joined, carriage returns applied) and every entry of an
output's data except pictures and widget ids (image/png, image/jpeg and
application/vnd.jupyter.widget-view+json: widget model ids are new on every run). A cell
marked NBVAL_IGNORE_OUTPUT or NBVAL_SKIP (a comment in its source or a tag) is left out,
and so is a cell that the committed notebook never ran.

    differences(committed, executed) -> {cell index: (committed text, new text)}

tools/check_reproducible.py runs notebooks in other environments through this file:

    python tools/notebook_outputs.py NOTEBOOK EXECUTED   # run NOTEBOOK, write it to EXECUTED
"""

import re
import sys
from collections import defaultdict
from pathlib import Path

import nbformat

SKIPPED = {
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "image/png",
    "image/jpeg",
    "application/vnd.jupyter.widget-view+json",
}
IGNORED = ("NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP")
CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)  # what a later \r overwrites


def ignored(cell):
    """Whether nbval leaves this cell's outputs unchecked (a marker comment or a tag)."""
    tags = {tag.lower() for tag in cell.get("metadata", {}).get("tags", [])}
    marked = any(marker in cell.source for marker in IGNORED)
    return marked or bool(tags & {m.lower().replace("_", "-") for m in IGNORED})


def _stream_text(text):
    """A stream's text as a terminal shows it: a line rewritten after \r shows its last text."""
    return CARRIAGE_RETURN.sub("", text)


def compared(outputs):
    """{key: [values]} of a cell's outputs: what nbval compares, in order within a key."""
    values, streams = defaultdict(list), defaultdict(str)
    for output in outputs:
        if output["output_type"] == "stream":
            streams[output["name"]] += output["text"]
            continue
        for key, value in output.items():
            if key == "data":
                for kind, data in value.items():
                    if kind not in SKIPPED:
                        values[kind].append(data)
            elif key not in SKIPPED:
                values[key].append(value)
    for name, text in streams.items():
        values[name].append(_stream_text(text))
    return dict(values)


def as_text(outputs):
    """A cell's compared outputs as one text, for a report."""
    return "\n".join(
        f"[{key}] {value}" for key, found in compared(outputs).items() for value in found
    )


def differences(committed, executed):
    """{cell index: (committed text, new text)} where the two notebooks' code cells differ."""
    found = {}
    for index, (old, new) in enumerate(zip(committed.cells, executed.cells, strict=True)):
        if old.cell_type != "code" or old.get("execution_count") is None or ignored(old):
            continue
        if compared(old.outputs) != compared(new.outputs):
            found[index] = (as_text(old.outputs), as_text(new.outputs))
    return found


def execute(path, timeout=600):
    """The notebook at `path`, run top to bottom in its own folder by a fresh kernel."""
    from nbclient import NotebookClient  # only where notebooks run: not needed to compare

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
    )
    client.execute()
    return notebook


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    nbformat.write(execute(source), target)
