"""Self-checks for notebook 02: XOR with a hidden layer, the SVD bound, anomaly thresholds."""

import numpy as np

from ..activations import sigmoid
from ..autoencoder import svd_reconstruction
from ..validation import as_float_array
from ..xor import XOR_X, XOR_Y
from .common import verdict

OR_X = (XOR_X.sum(axis=1) >= 1).astype(float)  # the truth tables of the two hidden neurons
NAND_X = (XOR_X.sum(axis=1) <= 1).astype(float)


def check_xor_network(W, b, v, c):
    """Exercise: XOR = AND(OR(x1, x2), NAND(x1, x2)), another decomposition than the page's.

    W (2, 2), b (2,): hidden neuron 1 must compute OR, hidden neuron 2 NAND (each fires,
    σ > 1/2, exactly where its gate is 1); v (2,) or (2, 1), c a number: the output neuron
    must compute AND of the two, which is XOR.
    """
    W, b = as_float_array(W, "W"), as_float_array(b, "b")
    v = as_float_array(v, "v").reshape(-1)
    if W.shape != (2, 2) or b.shape != (2,) or v.shape != (2,):
        raise ValueError(
            f"W must be (2, 2), b (2,) and v (2,), got {W.shape}, {b.shape} and {v.shape}"
        )
    H = sigmoid(XOR_X @ W + b)
    for j, (gate, truth) in enumerate([("OR", OR_X), ("NAND", NAND_X)]):
        wrong = _inputs_where(H[:, j] > 0.5, truth == 1)
        if wrong:
            return verdict(
                False,
                f"hidden neuron {j + 1} should compute {gate} but is wrong on input(s) "
                f"{wrong}. Its weights are column {j + 1} of W: which inputs must push "
                "its sum above 0?",
            )
    wrong = _inputs_where(sigmoid(H @ v + float(c)) > 0.5, XOR_Y[:, 0] == 1)
    if wrong:
        return verdict(
            False,
            f"the hidden neurons are right (OR and NAND), but the output is wrong on "
            f"input(s) {wrong}. AND fires only when both h1 and h2 are near 1: how large "
            "must -c be against v1 + v2?",
        )
    return verdict(True, "XOR = AND(OR, NAND): both hidden neurons and the output are right.")


def _inputs_where(says, truth):
    """The inputs (as (x1, x2) tuples) on which the boolean answers `says` differ from `truth`."""
    return [tuple(int(t) for t in x) for x, s, y in zip(XOR_X, says, truth, strict=True) if s != y]


def check_svd_error(A, k, value):
    """Exercise: the mean squared error of the rank-k SVD reconstruction of A, from the
    singular values alone (Eckart-Young: the error is what the dropped ones hold)."""
    A = as_float_array(A, "A")
    truth = float(np.mean((svd_reconstruction(A, k) - A) ** 2))
    value = float(value)
    if abs(value - truth) <= 1e-6 * truth:
        return verdict(True, f"that is the error of the best rank-{k} reconstruction.")
    hint = "too large" if value > truth else "too small"
    return verdict(
        False,
        f"your value is {hint} (off by {abs(value / truth - 1):.0%}). Which "
        "singular values does a rank-k reconstruction drop, and over how many "
        "numbers is the mean taken?",
    )


def check_anomaly_threshold(threshold, normal_errors, anomaly_errors):
    """Exercise: a reconstruction-error threshold that flags at most 5% of the normal
    digits and at least 90% of the anomalies."""
    false_alarms = float(np.mean(np.asarray(normal_errors) > threshold))
    caught = float(np.mean(np.asarray(anomaly_errors) > threshold))
    if false_alarms <= 0.05 and caught >= 0.90:
        return verdict(
            True,
            f"it flags {false_alarms:.1%} of normal digits and catches "
            f"{caught:.1%} of the anomalies.",
        )
    return verdict(
        False,
        f"it flags {false_alarms:.1%} of normal digits (at most 5% allowed) "
        f"and catches {caught:.1%} of the anomalies (at least 90% needed).",
    )
