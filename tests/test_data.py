"""data/digits.npz through helpers.data.load_digits."""

import numpy as np
import pytest

from helpers.data import load_digits


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
