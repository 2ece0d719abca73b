"""The 2x2 grid of pages 3-15: two colours, the diagonal pattern, one weight per cell.

A grid is an array (2, 2) whose cells a_ij are the colours c1 = -1 or c2 = 1, or grey levels
in between once grids are dimmed or brightened. Many grids stack into (n, 2, 2).
"""

import numpy as np

from .validation import (
    as_float_array,
    check_binary_labels,
    check_finite,
    check_generator,
    check_number,
    check_whole,
)

C1, C2 = -1, 1
DIAGONAL = np.array([[C1, C2], [C2, C1]])  # the pattern the neuron must find
# The lecture's example weights: -2 where the diagonal is dark, 2 where it is light.
SLIDE_WEIGHTS = np.array([[-2.0, 2.0], [2.0, -2.0]])
# Weights with the same signs that find the diagonal too, but sum to 4 rather than 0: a
# shift of every cell moves their scores (the page's weights do not notice one).
LOPSIDED_WEIGHTS = np.array([[-1.0, 3.0], [3.0, -1.0]])


def all_patterns():
    """The 16 colourings of the 2x2 grid -> int array (16, 2, 2) of c1 = -1 and c2 = 1.

    Pattern i reads i in binary over the cells a00 a01 a10 a11 (a00 the highest bit), a 1 bit
    meaning c2: pattern 0 is all c1, pattern 15 all c2, the diagonal is pattern 6 (0110).
    """
    bits = (np.arange(16)[:, None] >> np.arange(3, -1, -1)) & 1  # (16, 4), a00 first
    return np.where(bits == 1, C2, C1).reshape(16, 2, 2)


def check_grids(grids, name="grids"):
    """Return `grids` as a float array (n, 2, 2); a single grid (2, 2) becomes (1, 2, 2)."""
    grids = as_float_array(grids, name)
    if grids.shape[-2:] != (2, 2) or grids.ndim not in (2, 3):
        raise ValueError(f"{name} must be 2x2 grids, shape (2, 2) or (n, 2, 2), got {grids.shape}")
    return grids.reshape(-1, 2, 2)


def grid_features(grids):
    """Flatten grids (n, 2, 2) -> features (n, 4) in the order a00, a01, a10, a11 (w1..w4)."""
    return check_grids(grids).reshape(-1, 4)


def is_diagonal(grids):
    """Labels (n,) of 1 where a grid is exactly the diagonal pattern (the ✔ of f), else 0."""
    return np.all(check_grids(grids) == DIAGONAL, axis=(1, 2)).astype(int)


def check_one_grid(grid, name):
    """`grid` as a float array (2, 2): one grid (or one set of weights), not several."""
    grid = as_float_array(grid, name)
    if grid.shape != (2, 2):
        raise ValueError(f"{name} must be one 2x2 grid, shape (2, 2), got {grid.shape}")
    return grid


def weighted_terms(weights, grid):
    """The four terms w1*a00, w2*a01, w3*a10, w4*a11 of one grid -> (4,).

    weights: (2, 2), w1 w2 / w3 w4 laid out like the cells they weigh.
    grid: (2, 2).
    """
    return (check_one_grid(weights, "weights") * check_one_grid(grid, "grid")).reshape(4)


def weighted_sums(weights, grids):
    """w1*a00 + w2*a01 + w3*a10 + w4*a11 for every grid: weights (2, 2), grids (n, 2, 2) -> (n,)."""
    features, weights = grid_features(grids), check_one_grid(weights, "weights").reshape(4)
    with np.errstate(over="ignore", invalid="ignore"):  # named below
        sums = features @ weights
    check_finite(sums, "the weighted sums (weights or grids too large)")
    return sums


def neuron_score(weights, grids, bias=0.0):
    """z = w1*a00 + w2*a01 + w3*a10 + w4*a11 + b, the neuron's score of every grid (page 13).

    weights (2, 2), grids (2, 2) or (n, 2, 2), bias a number -> z (n,). sigma(z) > 1/2, the
    neuron says ✔, exactly where z > 0. The one place the pack computes it: the widgets,
    figures and exercises all call this.
    """
    sums, bias = weighted_sums(weights, grids), check_number(bias, "bias")
    with np.errstate(over="ignore"):  # named below
        scores = sums + bias
    check_finite(scores, "the scores z = sums + bias (the bias too large)")
    return scores


def bias_range(weights, grids, labels):
    """The biases b for which the neuron says ✔ exactly on the grids labelled 1: low < b <= high.

    weights (2, 2), grids (n, 2, 2), labels (n,) of 0/1, both present -> (low, high), floats.
    With s the weighted sums, ✔ needs s + b > 0 on every label-1 grid, so b > -min(s) = low,
    and ✘ needs s + b <= 0 on every other grid, so b <= -max(s) = high. If low >= high no
    bias works: some other grid scores at least as high as a labelled one.
    """
    scores = weighted_sums(weights, grids)
    labels = check_binary_labels(labels, "labels")
    if labels.shape != scores.shape or not 0 < labels.sum() < len(labels):
        raise ValueError(
            f"labels must be (n,) = {scores.shape} of 0/1 with both present, got "
            f"shape {labels.shape} and {int(labels.sum())} ones"
        )
    return float(-scores[labels == 1].min()), float(-scores[labels == 0].max())


def scale_light(grids, k):
    """Grids whose light is multiplied by k > 0: dimmed (k < 1) or brightened (k > 1), page 15.

    A cell's light runs from 0 (c1 = -1, dark) to 1 (c2 = 1, light): light = (a + 1) / 2.
    Multiplied by k it gives  a' = 2 k (a + 1) / 2 - 1 = k a + (k - 1):  a contrast k and a
    shift k - 1 of every cell at once. Dark cells stay at -1; light ones become 2k - 1.
    grids (2, 2) or (n, 2, 2); k a number, or (m,) one factor per grid (then grids is one
    grid or m of them) -> (n, 2, 2) or (m, 2, 2) float64.
    """
    grids, k = check_grids(grids), as_float_array(k, "k")
    if k.ndim > 1 or np.any(k <= 0) or (k.ndim == 1 and len(grids) not in (1, len(k))):
        raise ValueError(
            f"k must be a number > 0 or (m,) of them for 1 or m grids, got k of shape "
            f"{k.shape} (min {k.min():g}) for {len(grids)} grid(s)"
        )
    k = k[:, None, None] if k.ndim == 1 else k
    return k * grids + (k - 1)


def grey_grids(n, rng, light=1.0, noise=0.1):
    """A noisy data set whose light is scaled by `light`, half of its grids diagonal.

    Every other grid is the diagonal; the rest are drawn at random from the 15 other
    patterns. All get scale_light(., light), then noise of standard deviation `noise` in
    every cell, so cells are grey levels rather than exactly -1 or 1.

    n: number of grids; rng: a np.random.Generator.
    Returns grids (n, 2, 2) float64 and labels (n,) int, 1 for a diagonal grid.
    """
    n, rng = check_whole(n, "n"), check_generator(rng)
    patterns = all_patterns()
    others = patterns[is_diagonal(patterns) == 0]
    labels = (np.arange(n) % 2 == 0).astype(int)  # every other grid is diagonal
    base = np.where(labels[:, None, None] == 1, DIAGONAL, others[rng.integers(15, size=n)])
    return scale_light(base, light) + noise * rng.standard_normal((n, 2, 2)), labels
