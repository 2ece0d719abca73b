"""Make data/digits.npz from the copy of the 8x8 digits that scikit-learn ships.

    pip install scikit-learn && python data/make_digits.py

scikit-learn is needed only to remake the file; the notebooks read digits.npz with numpy
alone (helpers.data.load_digits). Source and licence: data/README.md.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

OUT = Path(__file__).resolve().parent / "digits.npz"


def main():
    digits = load_digits()
    images = digits.images.astype(np.uint8)  # integers 0..16: the counts of on pixels
    labels = digits.target.astype(np.uint8)
    assert images.shape == (1797, 8, 8) and np.array_equal(images, digits.images)
    np.savez_compressed(OUT, images=images, labels=labels)
    print(
        f"wrote {OUT.name}: images {images.shape} {images.dtype}, labels {labels.shape}, "
        f"{OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
