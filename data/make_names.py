"""Make data/names.txt, the first names the character-level language model learns from.

    pip install faker && python data/make_names.py

Source: the first-name lists of Faker (https://github.com/joke2k/faker), version 40.63.0,
module `faker.providers.person.en` (`Provider.first_names_female` and
`Provider.first_names_male`), MIT licence, Copyright (c) 2012 Daniele Faraglia.
(`faker.providers.person.en_US` holds only the top 200 names of each decade, 690 in all,
every one of which is also in `en`.)

The file is the union of the two lists: lowercase, ascii letters a-z only, deduplicated,
sorted, one name per line. Faker is needed only to remake the file; the notebooks read
names.txt with the standard library alone (helpers.data.load_names). Source and
licence: data/README.md.
"""

import hashlib
import re
from pathlib import Path

import faker
from faker.providers.person.en import Provider

OUT = Path(__file__).resolve().parent / "names.txt"
RECORD = OUT.with_name(OUT.name + ".sha256")


def main():
    names = {name.lower() for name in Provider.first_names_female + Provider.first_names_male}
    dropped = sorted(name for name in names if not re.fullmatch("[a-z]+", name))
    names = sorted(names.difference(dropped))
    # LF on every system: the same bytes, and the same record, on Windows too
    OUT.write_text("".join(name + "\n" for name in names), encoding="ascii", newline="\n")
    # the record helpers.data.load_names checks the file against (a file cut short fails)
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    RECORD.write_text(f"{digest}  {len(names)} names\n", encoding="ascii", newline="\n")
    print(
        f"wrote {OUT.name}: {len(names)} names from Faker {faker.VERSION} "
        f"(dropped {len(dropped)} not made of a-z alone: {dropped})"
    )


if __name__ == "__main__":
    main()
