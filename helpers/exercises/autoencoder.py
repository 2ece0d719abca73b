"""Self-checks for notebook 02: XOR with a hidden layer, the SVD bound, anomaly thresholds."""

import numpy as np

from ..activations import sigmoid
from ..autoencoder import svd_reconstruction
from ..metrics import nearest_centre_rates
from ..validation import NonFiniteError
from ..xor import XOR_X, XOR_Y, xor_network
from .common import NotAnAnswer, answers_everything, array, class_labels, number, verdict

OR_X = (XOR_X.sum(axis=1) >= 1).astype(float)  # the truth tables of the two hidden neurons
NAND_X = (XOR_X.sum(axis=1) <= 1).astype(float)


@answers_everything
def check_xor_network(W, b, v, c):
    """Exercise: XOR = AND(OR(x1, x2), NAND(x1, x2)), another decomposition than the page's.

    W (2, 2), b (2,): hidden neuron 1 must compute OR, hidden neuron 2 NAND (each fires,
    σ > 1/2, exactly where its gate is 1); v (2,) or (2, 1), c a number: the output neuron
    must compute AND of the two, which is XOR.
    """
    W, b = array(W, "W", (2, 2)), array(b, "b", (2,))
    v, c = array(v, "v").reshape(-1), number(c, "c")
    if v.shape != (2,):
        return verdict(False, f"v must hold 2 weights, one per hidden neuron, got {v.size}.")
    H, z = _network_outputs(W, b, v, c)
    for j, (gate, truth) in enumerate([("OR", OR_X), ("NAND", NAND_X)]):
        wrong = _inputs_where(H[:, j] > 0.5, truth == 1)
        if wrong:
            return verdict(
                False,
                f"hidden neuron {j + 1} should compute {gate} but is wrong on input(s) "
                f"{wrong}. Its weights are column {j + 1} of W: which inputs must push "
                "its sum above 0?",
            )
    wrong = _inputs_where(sigmoid(z) > 0.5, XOR_Y[:, 0] == 1)
    if wrong:
        return verdict(
            False,
            f"the hidden neurons are right (OR and NAND), but the output is wrong on "
            f"input(s) {wrong}. AND fires only when both h1 and h2 are near 1: how large "
            "must -c be against v1 + v2?",
        )
    return verdict(True, "XOR = AND(OR, NAND): both hidden neurons and the output are right.")


def _network_outputs(W, b, v, c):
    """The hidden neurons H = σ(x W + b) (4, 2) and the output's logit z = H v + c (4,) on
    the four inputs, through helpers' xor_network with the student's weights."""
    network = xor_network()
    for key, value in zip(("0.W", "0.b", "2.W", "2.b"), (W, b, v[:, None], c), strict=True):
        network.params[key][...] = value
    try:
        z = network.forward(XOR_X)[:, 0]
    except NonFiniteError:
        raise NotAnAnswer("those weights are too large: the sums overflow float64.") from None
    return network.outputs[1], z  # outputs[1]: what the Sigmoid layer made


def _inputs_where(says, truth):
    """The inputs (as (x1, x2) tuples) on which the boolean answers `says` differ from `truth`."""
    return [tuple(int(t) for t in x) for x, s, y in zip(XOR_X, says, truth, strict=True) if s != y]


@answers_everything
def check_svd_error(A, k, value):
    """Exercise: the mean squared error of the rank-k SVD reconstruction of A, from the
    singular values alone (Eckart-Young: the error is what the dropped ones hold).

    Right within 1e-6 of the error, relative, or 1e-12 absolute: at full rank the error is 0
    up to rounding. A wrong value hears only 'too small' or 'too large', and the usual slip
    in words where it is one: nothing from which the error follows."""
    A, k, value = array(A, "A"), number(k, "k", whole=True), number(value, "your error")
    if A.ndim != 2 or not 1 <= k <= min(A.shape):
        raise NotAnAnswer(f"A must be a matrix and 1 <= k <= {min(A.shape)}, got {A.shape}, {k}.")
    truth = float(np.mean((svd_reconstruction(A, k) - A) ** 2))
    if abs(value - truth) <= 1e-6 * truth + 1e-12:
        return verdict(True, f"that is the error of the best rank-{k} reconstruction.")
    dropped = np.linalg.svd(A, compute_uv=False)[k:]
    slips = [
        (np.sum(dropped**2), "that is the total squared error: the mean divides it by A.size"),
        (np.sum(dropped) / A.size, "the error adds up the squares of the dropped values"),
        (np.mean(dropped**2), "the mean is over all A.size entries, not over the values"),
    ]
    for slip, why in slips:
        if abs(value - slip) <= 1e-6 * abs(slip) + 1e-12:
            return verdict(False, f"{why}.")
    return verdict(
        False,
        f"your value is {'too large' if value > truth else 'too small'}. Which singular "
        "values does a rank-k reconstruction drop, and over how many numbers is the mean taken?",
    )


def _lowest_threshold(normal, max_alarms):
    """The lowest threshold flagging at most max_alarms of the sorted normal errors: the
    largest normal error that must stay unflagged."""
    return normal[len(normal) - int(np.floor(max_alarms * len(normal))) - 1]


@answers_everything
def check_anomaly_threshold(threshold, caught, normal_errors, anomaly_errors, max_alarms=0.01):
    """Exercise: the lowest threshold on the reconstruction error that flags at most
    `max_alarms` of the normal digits, and the share of the anomalies it still catches.

    threshold: a number; caught: the student's share in [0, 1] of anomaly_errors above it.
    normal_errors (n,), anomaly_errors (m,): the scores; a digit is flagged when its error is
    above the threshold, and no lower threshold flagging few enough catches more.
    """
    normal = np.sort(array(normal_errors, "normal_errors").ravel())
    anomalies = array(anomaly_errors, "anomaly_errors").ravel()
    threshold, caught = number(threshold, "your threshold"), number(caught, "your share caught")
    alarms = float(np.mean(normal > threshold))
    if alarms > max_alarms:
        return verdict(
            False,
            f"it flags more of the normal digits than the {max_alarms:.0%} allowed: a "
            "threshold flags what lies above it, so raise it.",
        )
    best = float(np.mean(anomalies > _lowest_threshold(normal, max_alarms)))
    really = float(np.mean(anomalies > threshold))
    if really < best:
        return verdict(
            False,
            f"it flags few enough normal digits (at most {max_alarms:.0%}), but it is "
            "higher than it needs to be: a lower threshold would still flag few enough and "
            "catch more anomalies. Sort the normal errors: how many may lie above it?",
        )
    if abs(caught - really) > 1e-9:
        return verdict(
            False,
            f"the threshold is right, but your share caught is "
            f"{'too high' if caught > really else 'too low'}: count the anomalies whose error "
            "lies above it, out of all the anomalies.",
        )
    return verdict(
        True,
        f"the lowest threshold that flags at most {max_alarms:.0%} of normal digits; it "
        f"catches {really:.1%} of the anomalies.",
    )


@answers_everything
def check_code_separation(linear_codes, nonlinear_codes, labels, answer):
    """Exercise: whose 2-D codes, linear_codes or nonlinear_codes (n, 2) of the same n digits
    with labels (n,), keep the classes apart better (nearest_centre_rates averaged over the
    classes): answer "linear" or "non-linear". The verdict comes from the student's codes."""
    given = {"linear": linear_codes, "non-linear": nonlinear_codes}
    missing = [name for name, value in given.items() if value is None]
    if missing:
        return verdict(
            False,
            f"the {missing[0]} codes are still None: train that autoencoder and encode all "
            "the digits with it (.encode(A)).",
        )
    if not isinstance(answer, str) or answer not in given:
        return verdict(False, f'answer "linear" or "non-linear", got {answer!r}.')
    labels = class_labels(labels)
    codes = {name: array(value, f"the {name} codes") for name, value in given.items()}
    for name, value in codes.items():
        if value.shape != (len(labels), 2):
            return verdict(
                False,
                f"the {name} codes have shape {value.shape}: one code of 2 numbers per "
                f"digit is ({len(labels)}, 2).",
            )
    if np.allclose(codes["linear"], codes["non-linear"]):
        return verdict(False, "the two sets of codes are the same: pass each model's own.")
    rates = {name: float(np.mean(nearest_centre_rates(c, labels))) for name, c in codes.items()}
    better = max(rates, key=rates.get)
    measured = ", ".join(f"{name} {rate:.0%}" for name, rate in rates.items())
    if answer != better:
        return verdict(
            False,
            "your own codes say otherwise: compute nearest_centre_rates for each set of codes "
            "and compare their means.",
        )
    return verdict(
        True,
        f"{measured} of the digits lie nearest their own class centre. A linear map can only "
        "project the 64 pixels onto a plane; the ReLU layers can bend the space first.",
    )
