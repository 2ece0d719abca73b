"""data/digits.npz and data/names.txt through helpers.data: what they hold, and a clear
error for every way a copy of them can be damaged."""

from pathlib import Path

import numpy as np
import pytest

from helpers.data import load_digits, load_names

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "digits.npz"


def test_digits_load_with_the_documented_shape_and_range():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0 and images.max() == 1
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert load_digits(np.float32)[0].dtype == np.float32


def test_missing_or_damaged_files_fail_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="make_digits.py"):
        load_digits(path=tmp_path / "nothing.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="damaged"):
        load_digits(path=broken)
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, images=np.zeros((10, 8, 8), np.uint8), labels=np.zeros(10, np.uint8))
    with pytest.raises(ValueError, match=r"uint8 \(1797, 8, 8\), got uint8 \(10, 8, 8\)"):
        load_digits(path=wrong)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, images=np.array([{"a": 1}], dtype=object), labels=np.zeros(1))
    with pytest.raises(ValueError, match="damaged"):
        load_digits(path=pickled)  # object arrays need pickle, which is never allowed


def damaged_copies(tmp_path):
    """The ways a copy of digits.npz gets damaged, each as a file."""
    good = DATA.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF  # one byte inside the images
    images, labels = load_raw()
    cases = {
        "empty": b"",
        "truncated": good[: len(good) // 3],
        "bit-flipped": bytes(flipped),
        "text": b"not an archive at all",
    }
    for name, content in cases.items():
        (tmp_path / f"{name}.npz").write_bytes(content)
    np.save(tmp_path / "plain.npy", images)
    (tmp_path / "plain.npy").rename(tmp_path / "plain-npy.npz")
    np.savez(tmp_path / "labels-out-of-range.npz", images=images, labels=labels + 10)
    np.savez(tmp_path / "negative-labels.npz", images=images, labels=labels.astype(int) - 1)
    return sorted(tmp_path.glob("*.npz"))


def load_raw():
    with np.load(DATA) as f:
        return f["images"], f["labels"]


def test_every_damaged_digits_file_ends_in_the_loaders_own_error(tmp_path):
    paths = damaged_copies(tmp_path)
    assert len(paths) == 7
    for path in paths:
        with pytest.raises(ValueError, match=r"remake it with: pip install scikit-learn") as info:
            load_digits(path=path)
        assert str(path) in str(info.value), path.name


def test_a_names_file_cut_short_or_changed_is_caught(tmp_path):
    names = (ROOT / "data" / "names.txt").read_text(encoding="utf-8")
    record = (ROOT / "data" / "names.txt.sha256").read_text(encoding="utf-8")
    for name, content in [("short", names[: len(names) // 2]), ("changed", names + "zed\n")]:
        path = tmp_path / name / "names.txt"
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8")
        path.with_name("names.txt.sha256").write_text(record, encoding="utf-8")
        with pytest.raises(ValueError, match=r"is cut short or changed: .* records 6824 names"):
            load_names(path)
    assert len(load_names()) == 6824  # the real file matches its record
