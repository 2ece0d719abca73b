"""Stamp the course's address and version wherever a student opens it.

    python tools/stamp_notebooks.py          # write them into the notebooks and the README
    python tools/stamp_notebooks.py --check  # only list what disagrees (exit 1 if anything)

They live in one place, pyproject.toml: `Repository` under [project.urls] and `version`.
A fork changes that one line (a new release: `version`) and runs this script. It writes:

- each notebook's first code cell, the setup cell: on Colab it clones the course at the
  tag v{version}, so a notebook always runs with the helpers and data of its own version;
- a Binder and a Colab badge right under each notebook's title, opening that notebook at
  the same tag, and under them a link back to the previous notebook; a last markdown cell
  with a link on to the next one (the notebooks' order is their file names' order);
- in README.md, every Colab, Binder, CI-badge and `pip install git+` address, and those of
  the JupyterHub section (repo2docker's image and tag, the chart's image, nbgitpuller's link).

Nothing else in a notebook changes: not its outputs, its metadata or its other cells, so
the strict nbval comparison is unaffected. Running it twice changes nothing the second time.
The tag itself must exist where students fetch from: on a push to main,
.github/workflows/release.yml creates it (and a GitHub release) once this check passes.
"""

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import nbformat

ROOT = Path(__file__).resolve().parents[1]

# The setup cell, the same in every notebook: at most 6 lines, readable, safe to skip. In a
# checkout, on Binder and in the README's venv the course is the folder above notebooks/
# (the kernel's working folder); Colab opens a notebook alone, in /content, so there the
# course is cloned beside it, once, at the notebook's own tag: a shallow clone, no pip, so
# Colab's numpy, matplotlib and ipywidgets stay as they are and no restart is needed. The
# clone carries data/ too, which helpers.data finds beside the package. The clone comes
# before sys.path names it: Python remembers a path entry that did not exist as useless.
# git's output is captured (`out = !...`, stderr too, on IPython and on Colab): on success
# it holds only the advice about a tag's detached HEAD, which -q does not silence; if the
# clone fails (no network, no such tag) the cell stops on one line, git's reason and what
# to do, rather than a ModuleNotFoundError cells later. The git line ends with the address:
# ruff's line-length rule lets a line end in a URL if the URL starts by column 100.
SETUP_CELL = """\
import sys  # Setup, safe to skip: makes `import helpers` work (one folder up; on Colab, a clone)

if "google.colab" in sys.modules:  # this notebook came alone: clone its course ({tag}), once
    out = !test -d {name} || git clone -q --depth 1 -b {tag} {url}
    assert "fatal" not in str(out), f"{{out[-1]}}: rerun online, or open the course from its README"
sys.path.insert(0, "{name}" if "google.colab" in sys.modules else "..")"""

BINDER_BADGE = "[![Binder](https://mybinder.org/badge_logo.svg)]({})"
COLAB_BADGE = "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({})"
BADGE_LOGOS = ("mybinder.org/badge_logo.svg", "colab-badge.svg")
PREVIOUS, NEXT = "← ", "→ "  # how the stamped links begin: stamping finds them again by it
NEXT_CELL_ID = "next-notebook"
START = "[the course's start](../README.md)"

# The shapes of an address in the README, whatever owner, repository and ref they name now.
PART = r"[^/\s()\[\]<>\"'`@?]+"  # one path segment of a URL
README_ADDRESSES = [
    (rf"https://colab\.research\.google\.com/github/{PART}/{PART}/blob/{PART}/", "colab"),
    (rf"https://mybinder\.org/v2/gh/{PART}/{PART}/{PART}", "binder"),
    (rf"https://github\.com/{PART}/{PART}/actions/", "actions"),
    (rf"git\+https://github\.com/{PART}/{PART}(?:@{PART})?", "pip"),
    # the JupyterHub section: the image repo2docker builds at the tag, the chart's image,
    # and nbgitpuller's link (its repository address URL-encoded)
    (rf"REGISTRY/[^\s:/]+:\S+ --ref \S+ https://github\.com/{PART}/{PART}", "repo2docker"),
    (r"image: \{name: REGISTRY/[^\s,]+, tag: [^\s}]+\}", "chart"),
    (r"repo=https%3A%2F%2Fgithub\.com%2F[^%\s]+%2F[^&\s]+&", "nbgitpuller repo"),
    (r"urlpath=lab%2Ftree%2F[^%\s]+%2F", "nbgitpuller folder"),
]


@dataclass(frozen=True)
class Stamp:
    """The repository (https://github.com/OWNER/NAME) and the tag of this version."""

    url: str
    owner: str
    name: str
    tag: str

    def colab(self, notebook=""):
        """The address that opens `notebook` (a file name in notebooks/) on Colab."""
        repo = f"{self.owner}/{self.name}/blob/{self.tag}"
        return f"https://colab.research.google.com/github/{repo}/" + (
            f"notebooks/{notebook}" if notebook else ""
        )

    def binder(self, notebook=""):
        """The address that opens `notebook` in JupyterLab on Binder."""
        repo = f"{self.owner}/{self.name}/{self.tag}"
        return f"https://mybinder.org/v2/gh/{repo}" + (
            f"?urlpath=lab/tree/notebooks/{notebook}" if notebook else ""
        )

    def readme_prefix(self, kind):
        """What a README address of `kind` (see README_ADDRESSES) must start with."""
        return {
            "colab": self.colab(),
            "binder": self.binder(),
            "actions": f"{self.url}/actions/",
            "pip": f"git+{self.url}@{self.tag}",
            "repo2docker": f"REGISTRY/{self.name}:{self.tag} --ref {self.tag} {self.url}",
            "chart": f"image: {{name: REGISTRY/{self.name}, tag: {self.tag}}}",
            "nbgitpuller repo": f"repo={quote(self.url, safe='')}&",
            "nbgitpuller folder": f"urlpath=lab%2Ftree%2F{self.name}%2F",
        }[kind]


def read_stamp(root=ROOT):
    """The Stamp that pyproject.toml under `root` declares."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    url = project["urls"]["Repository"].rstrip("/")
    found = re.fullmatch(rf"https://github\.com/({PART})/({PART})", url)
    if not found:  # Colab and Binder open notebooks from GitHub only
        raise ValueError(
            f"pyproject.toml: Repository must be https://github.com/OWNER/NAME, not {url}"
        )
    return Stamp(url, found[1], found[2], f"v{project['version']}")


def source(cell):
    """A cell's source as one string (a notebook file may store it as a list of lines)."""
    return "".join(cell["source"])


def title(notebook):
    """A notebook's title (its JSON as a dict): the first line of its first markdown cell."""
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    first = source(markdown).split("\n")[0]
    return first.removeprefix("# ")


def link(name, titles):
    """A markdown link to the notebook file `name`, by its title."""
    return f"[{titles[name]}]({name})"


def with_badges(markdown, stamp, notebook, previous):
    """The first markdown cell with the badge line right under its title (`# ...`), and
    under it the link back (`previous`: the markdown of that line)."""
    title, *rest = markdown.split("\n")
    if not title.startswith("# "):
        raise ValueError(f"{notebook}: the first markdown cell must start with its title, '# ...'")
    while rest and (
        not rest[0].strip()
        or rest[0].startswith(PREVIOUS)
        or any(logo in rest[0] for logo in BADGE_LOGOS)
    ):
        rest.pop(0)  # the blank lines, the old badges and the old link under the title
    return "\n".join([title, "", badges(stamp, notebook), "", previous, "", *rest])


def neighbours(name, titles):
    """The markdown of the link back and of the link on, for the notebook file `name`."""
    names = list(titles)
    at = names.index(name)
    previous = (
        f"{PREVIOUS}Previous: {link(names[at - 1], titles)}"
        if at
        else f"{PREVIOUS}The first notebook: back to {START}"
    )
    after = (
        f"{NEXT}Next: {link(names[at + 1], titles)}"
        if at + 1 < len(names)
        else f"{NEXT}That was the last notebook: back to {START}"
    )
    return previous, after


def badges(stamp, notebook):
    """The Binder and Colab badges of `notebook`, on one line of markdown."""
    return (
        f"{BINDER_BADGE.format(stamp.binder(notebook))} {COLAB_BADGE.format(stamp.colab(notebook))}"
    )


def stamp_notebook(notebook, stamp, name, titles):
    """Stamp a notebook (its JSON as a dict) in place; returns what disagreed, in words.

    titles: {file name: title} of every notebook, in the course's order.
    """
    code = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    markdown = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    previous, after = neighbours(name, titles)
    last = notebook["cells"][-1]
    if last.get("id") != NEXT_CELL_ID:  # the first stamping adds the cell of the link on
        last = {"cell_type": "markdown", "id": NEXT_CELL_ID, "metadata": {}, "source": []}
        notebook["cells"].append(last)
    wanted = {
        "the setup cell (first code cell)": (code, SETUP_CELL.format(**vars(stamp))),
        "the badges and the link back under the title": (
            markdown,
            with_badges(source(markdown), stamp, name, previous),
        ),
        "the link to the next notebook (last cell)": (last, after),
    }
    changed = []
    for what, (cell, text) in wanted.items():
        if source(cell) != text:
            cell["source"] = text.splitlines(keepends=True)  # the form Jupyter writes
            changed.append(what)
    if code.get("outputs"):  # never cleared here: outputs come from running the notebook
        changed.append("the setup cell has outputs (in a checkout it prints nothing)")
    return changed


def stamp_readme(text, stamp, notebooks):
    """The README with every address stamped; also what disagreed, in words."""
    wrong = []  # (line, what): reported in the README's order
    for pattern, kind in README_ADDRESSES:
        new = stamp.readme_prefix(kind)
        for match in re.finditer(pattern, text):
            if match[0] != new:
                line = text.count("\n", 0, match.start()) + 1
                wrong.append((line, f"line {line}: {match[0]} should be {new}"))
        text = re.sub(pattern, lambda _, new=new: new, text)
    problems = [what for _, what in sorted(wrong)]
    for notebook in notebooks:  # a badge row each: this script keeps them, a person adds them
        for where, badge in [
            ("Binder", BINDER_BADGE.format(stamp.binder(notebook))),
            ("Colab", COLAB_BADGE.format(stamp.colab(notebook))),
        ]:
            if badge not in text:
                problems.append(f"no {where} badge for {notebook}; add {badge}")
    return text, problems


def stamp_all(root=ROOT, write=True):
    """Stamp every notebook and the README under `root`; returns {file: [what disagreed]}.

    With write=False nothing is written: that is the check. A file is written only where
    its text changes.
    """
    stamp = read_stamp(root)
    paths = sorted((root / "notebooks").glob("*.ipynb"))
    notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
    titles = {path.name: title(notebook) for path, notebook in notebooks.items()}
    report, texts = {}, {}
    for path, notebook in notebooks.items():
        report[path] = stamp_notebook(notebook, stamp, path.name, titles)
        texts[path] = nbformat.writes(notebook) + "\n"  # as Jupyter writes it: only stamps change
    readme = root / "README.md"
    texts[readme], report[readme] = stamp_readme(
        readme.read_text(encoding="utf-8"), stamp, [p.name for p in paths]
    )
    for path, text in texts.items():
        if write and text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8", newline="\n")  # LF on every system
    return {path: problems for path, problems in report.items() if problems}


def check(root=ROOT):
    """What disagrees with pyproject.toml, one line each ([] when everything agrees)."""
    return [
        f"{path.relative_to(root).as_posix()}: {problem}"  # the same line on every system
        for path, problems in stamp_all(root, write=False).items()
        for problem in problems
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing, list what disagrees")
    args = parser.parse_args()
    found = check()
    if args.check:
        print("\n".join(found) or "every notebook and the README agree with pyproject.toml")
        sys.exit(1 if found else 0)
    stamp_all()
    left = check()  # what stamping cannot fix: a missing badge row, outputs in the setup cell
    for problem in found:
        print(("to do by hand: " if problem in left else "stamped: ") + problem)
    if not found:
        print("nothing to stamp: every notebook and the README agree with pyproject.toml")
    sys.exit(1 if left else 0)


if __name__ == "__main__":
    main()
