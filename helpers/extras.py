"""What the drawing layers need beyond numpy: the `notebooks` extra.

`import helpers` needs numpy alone; helpers.plotting needs matplotlib and helpers.widgets
needs ipywidgets too. Installed as a package without them (`pip install .`), importing
either says which extra brings them, instead of a bare ModuleNotFoundError.
"""

EXTRA = "notebooks"
# double quotes: the one quoting that bash, zsh, PowerShell and cmd.exe all read alike
INSTALL = (
    f'pip install "ann-course-helpers[{EXTRA}]" (from a checkout: pip install ".[{EXTRA}]", '
    "or pip install -r requirements.txt)"
)


def missing_extra(layer, error):
    """The error to raise when importing `layer` (e.g. "helpers.plotting") failed with
    `error` (a ModuleNotFoundError for a package of the extra): it names what is missing
    and the one command that installs it."""
    return ModuleNotFoundError(
        f"{layer} needs {error.name}, which is not installed: {INSTALL}", name=error.name
    )
