"""Loading the data files in data/, with checks that fail clearly, and splitting them."""

import hashlib
from importlib import resources
from pathlib import Path

import numpy as np

from .validation import (
    check_float_dtype,
    check_in_unit_interval,
    check_path,
    check_texts,
    random_generator,
)


def _data_dir():
    """The folder of the data files: inside the package once pip installed it (the wheel
    carries data/ as helpers/_data), else data/ beside the package (a checkout, a clone)."""
    packaged = resources.files(__package__) / "_data"
    if packaged.is_dir():
        return Path(str(packaged))  # pip installs unpacked: a folder on disk
    return Path(__file__).resolve().parents[1] / "data"


DATA_DIR = _data_dir()


def load_digits(dtype=np.float64, path=None):
    """The 8x8 handwritten digits of data/digits.npz.

    Returns images (1797, 8, 8) of `dtype` scaled to [0, 1] (the file holds 0..16) and
    labels (1797,) int64 in 0..9. Raises FileNotFoundError or ValueError, saying what is
    wrong and how to remake the file, if it is missing or damaged.
    """
    dtype = check_float_dtype(dtype)
    path = check_path(path) if path is not None else DATA_DIR / "digits.npz"
    remake = "remake it with: pip install scikit-learn && python data/make_digits.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {remake}")
    try:
        # our own handle, closed even when numpy fails halfway through a damaged archive
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as f:
            images, labels = f["images"], f["labels"]  # never unpickle: data runs no code
    # whatever reading a damaged file raises (EOFError, BadZipFile, zlib.error, KeyError, a
    # .npy that is no archive: TypeError) ends in this one error
    except Exception as error:
        raise ValueError(
            f"{path} is damaged ({type(error).__name__}: {error}); {remake}"
        ) from error
    if images.shape != (1797, 8, 8) or images.dtype != np.uint8:
        raise ValueError(
            f"{path}: images must be uint8 (1797, 8, 8), got {images.dtype} "
            f"{images.shape}; {remake}"
        )
    if labels.shape != (1797,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{path}: labels must be integers (1797,), got {labels.dtype} {labels.shape}; {remake}"
        )
    if images.max() > 16 or labels.min() < 0 or labels.max() > 9:
        raise ValueError(
            f"{path}: pixels must be 0..16 and labels 0..9, got pixels up to {images.max()} "
            f"and labels from {labels.min()} to {labels.max()}; {remake}"
        )
    return (images / 16).astype(dtype), labels.astype(np.int64)


def load_names(path=None):
    """The first names of data/names.txt, in the file's (sorted) order: a list of strings.

    Raises FileNotFoundError or ValueError, saying what is wrong and how to remake the
    file, if it is missing or damaged: every line must be a name of letters a-z, and where
    the file has a record beside it (names.txt.sha256, written by make_names.py: its SHA-256
    and its count of names), the file must match it, so a file cut short is caught too.
    """
    path = check_path(path) if path is not None else DATA_DIR / "names.txt"
    remake = "remake it with: pip install faker && python data/make_names.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {remake}")
    try:
        names = path.read_text(encoding="ascii").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{path} is damaged (not ascii: {error}); {remake}") from error
    for number, name in enumerate(names, start=1):
        if not (name.isalpha() and name.islower()):
            raise ValueError(
                f"{path}, line {number}: expected a name of letters a-z, got {name!r}; {remake}"
            )
    if not names:
        raise ValueError(f"{path} holds no names; {remake}")
    record = path.with_name(path.name + ".sha256")
    if record.is_file():
        digest, count = _record(record, remake)
        found = hashlib.sha256(path.read_bytes()).hexdigest()
        if found != digest or len(names) != count:
            raise ValueError(
                f"{path} is cut short or changed: {record.name} records {count} names "
                f"(SHA-256 {digest[:12]}...), the file holds {len(names)} (SHA-256 "
                f"{found[:12]}...); {remake}"
            )
    return names


def _record(record, remake):
    """(SHA-256, count of names) from a record file, or a ValueError saying it is malformed."""
    fields = record.read_text(encoding="ascii", errors="replace").split()
    if len(fields) < 2 or len(fields[0]) != 64 or not fields[1].isdigit():
        raise ValueError(
            f"{record} is malformed: expected '<SHA-256 in hex> <count of names>', got "
            f"{' '.join(fields)[:80]!r}; {remake}"
        )
    return fields[0], int(fields[1])


def split_texts(texts, test_fraction=0.1, seed=0):
    """Shuffle texts and split them: (train, test) lists, test holding test_fraction."""
    texts = check_texts(texts)
    test_fraction = check_in_unit_interval(test_fraction, "test_fraction", closed_at_0=False)
    order = random_generator(seed).permutation(len(texts))
    n_test = round(test_fraction * len(texts))
    if not 0 < n_test < len(texts):
        raise ValueError(
            f"test_fraction {test_fraction} of {len(texts)} texts leaves "
            f"{'no test' if n_test == 0 else 'no training'} texts: take a fraction nearer 0.5"
        )
    return [texts[i] for i in order[n_test:]], [texts[i] for i in order[:n_test]]
