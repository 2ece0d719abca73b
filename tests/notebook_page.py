"""What a notebook shows a student before one of its cells, for the tests that prove no value
on the page answers an exercise; and the line a self-check prints."""

import re
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# a number as a notebook prints or types it; "−" (U+2212, as the figures write it) is a minus
# too, but a dash right after a word or a bracket is not: "pages 6-12" holds 6 and 12
NUMBER = re.compile(r"(?:(?<![\w)\]])[-+−])?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def shown_before(notebook, call):
    """What `notebook` (a file name in notebooks/) shows before the first code cell whose
    source calls `call`: the sources of the cells above it and its own, and the text outputs
    above it -> str, one cell or output after another."""
    shown = []
    for cell in nbformat.read(NOTEBOOKS / notebook, as_version=4).cells:
        source = "".join(cell["source"])
        shown.append(source)
        if cell["cell_type"] == "code" and f"{call}(" in source:
            return "\n".join(shown)
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            shown.append("".join(text))
    raise AssertionError(f"{notebook} has no cell calling {call}")


def numbers_in(text):
    """The numbers in text, in the order they stand, as floats."""
    return [float(n.replace("−", "-")) for n in NUMBER.findall(text)]


def verdict(capsys):
    """What a self-check printed, as (right?, the message): one line, ✔ or ✘."""
    out = capsys.readouterr().out
    assert out.startswith(("✔ Right: ", "✘ Not yet: ")) and out.count("\n") == 1, out
    return out.startswith("✔"), out
