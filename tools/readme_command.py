"""The README's commands, read from where students read them, for one shell.

    python tools/readme_command.py test bash         # what .ci/run runs
    python tools/readme_command.py test powershell   # what CI's Windows job runs
    python tools/readme_command.py open powershell   # how a Windows student opens the course

Each command follows its marker in README.md (<!-- open command -->, <!-- test command -->):
the single line of the first code block in that shell's language (```bash, ```powershell)
before the next heading. So CI runs exactly what a student on that system is told to type.
"""

import argparse
import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
KINDS = ("open", "test")
SHELLS = ("bash", "powershell")


def readme_command(kind, shell, text=None):
    """The one-line command of `kind` ("open" or "test") for `shell` ("bash" or
    "powershell"); raises ValueError, naming what is missing, if the README lacks it."""
    text = README.read_text(encoding="utf-8") if text is None else text
    marker = f"<!-- {kind} command -->"
    if marker not in text:
        raise ValueError(f"README.md has no {marker}")
    section = re.split(r"^#", text.split(marker, 1)[1], maxsplit=1, flags=re.MULTILINE)[0]
    block = re.search(rf"^```{shell}\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    if block is None:
        raise ValueError(f"README.md has no ```{shell} block after {marker}")
    lines = block.group(1).strip().splitlines()
    if len(lines) != 1:
        raise ValueError(f"README.md's {shell} {kind} command must be one line, not {len(lines)}")
    return lines[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("shell", choices=SHELLS)
    args = parser.parse_args()
    try:
        print(readme_command(args.kind, args.shell))
    except ValueError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
