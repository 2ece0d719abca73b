"""What every self-check shares: how a verdict is printed."""


def verdict(ok, why):
    """Print '✔ Right: why' or '✘ Not yet: why'. Returns None, so a check's cell shows only
    the printed line (checks end with `return verdict(...)`)."""
    print(("✔ Right: " if ok else "✘ Not yet: ") + why)
