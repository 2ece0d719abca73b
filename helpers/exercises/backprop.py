"""Checks for "write the math yourself": the backward passes of a neuron, a Dense layer and
one RNN step, each written by the student in numpy.

Every check runs the student's function on five cases (N = 1 among them, non-square
matrices, seeds 0 to 4), computes the right gradients with helpers' own code and hands both
to diagnose.check, which names the first wrong output and the usual slip behind it. The
slips recognised for one output are written below as what that output would then be.
"""

import numpy as np

from ..activations import sigmoid
from ..layers import Dense, dense_backward
from ..logistic import LogisticRegression, logistic_gradient
from ..recurrent import RNN, rnn_step_backward, rnn_step_forward
from .diagnose import Case, check

# the words of the slips several outputs share; diagnose puts "db is wrong: " before them
NOT_SUMMED = (
    "it is not summed over the batch: b is added to every example, so its gradient adds up "
    "those of all the examples"
)
WRONG_AXIS = "it is summed over the wrong axis: over each example's entries, not over the batch"
NOT_TRANSPOSED = "it uses {0} where the chain rule needs {0} transposed"

# The shapes of the five cases; case i draws its numbers with seed i. The first is square
# (D = M), where a matrix used untransposed still fits and gives wrong numbers.
LOGISTIC_SHAPES = [(5, 5), (1, 3), (7, 2), (4, 1), (6, 4)]  # (n, d)
DENSE_SHAPES = [(3, 4, 4), (1, 3, 2), (4, 2, 5), (5, 3, 5), (7, 6, 1)]  # (N, D, M)
RNN_SHAPES = [(3, 4, 4), (1, 3, 2), (4, 2, 5), (5, 3, 5), (6, 5, 3)]  # (N, D, H)


def _logistic_case(seed, n, d):
    """X (n, d), y (n,) of 0/1, w (d,), b a float; the right (dw, db) and the slips."""
    rng = np.random.default_rng(seed)
    X, w = rng.standard_normal((n, d)), rng.standard_normal(d)
    y = rng.integers(0, 2, n).astype(np.float64)
    b = float(rng.standard_normal())
    dw, db = logistic_gradient(X, y, w, b)
    z = X @ w + b

    def gradients(dz):  # (dw, db) from dL/dz (n,), as the slips below compute it
        return {"dw": X.T @ dz, "db": np.sum(dz)}

    p = sigmoid(z)
    mistakes = [
        (
            "sigma is left out: the gradient uses the logit z = X w + b where it needs sigma(z)",
            gradients((z - y) / n),
        ),
        (
            "it has an extra factor sigma'(z) = sigma(z) (1 - sigma(z)): that belongs to the "
            "squared error; with the cross-entropy it cancels",
            gradients((p - y) * p * (1 - p) / n),
        ),
        ("b is left out of the logit z = X w + b", gradients((sigmoid(X @ w) - y) / n)),
        (NOT_SUMMED, {"db": (p - y) / n}),
    ]
    if n == d:
        mistakes.append((NOT_TRANSPOSED.format("X"), {"dw": X @ ((p - y) / n)}))
    right = {"dw": dw, "db": np.float64(db)}
    return Case(f"n={n}, d={d}, seed {seed}", (X, y, w, b), n, right, mistakes)


def check_logistic_gradient(fn):
    """Check fn(X, y, w, b) -> (dw, db): the gradient of the logistic regression loss.

    The loss is the mean binary cross-entropy of sigma(X w + b) against y.
    X (n, d), y (n,) of 0/1, w (d,), b a float -> dw (d,), db a number.
    Returns a CheckResult (passed, message); a cell that ends with it shows the message.
    """
    cases = [_logistic_case(seed, *shape) for seed, shape in enumerate(LOGISTIC_SHAPES)]
    pack = {
        logistic_gradient: "this calls helpers' logistic_gradient: write its three lines yourself",
        LogisticRegression.loss_and_gradients: (
            "this calls helpers' LogisticRegression for the gradient: write it yourself"
        ),
    }
    return check(fn, ("dw", "db"), cases, pack)


def _dense_case(seed, n, d, m):
    """x (N, D), W (D, M), b (M,), dout (N, M); the right (dx, dW, db) and the slips."""
    rng = np.random.default_rng(seed)
    x, W = rng.standard_normal((n, d)), rng.standard_normal((d, m))
    b, dout = rng.standard_normal(m), rng.standard_normal((n, m))
    right = dict(zip(("dx", "dW", "db"), dense_backward(x, W, b, dout), strict=True))
    mistakes = [(NOT_SUMMED, {"db": dout}), (WRONG_AXIS, {"db": dout.sum(axis=1)})]
    if d == m:
        mistakes.append((NOT_TRANSPOSED.format("W"), {"dx": dout @ W}))
    return Case(f"N={n}, D={d}, M={m}, seed {seed}", (x, W, b, dout), n, right, mistakes)


def check_dense_backward(fn):
    """Check fn(x, W, b, dout) -> (dx, dW, db): the backward pass of y = x @ W + b.

    x (N, D), W (D, M), b (M,), dout = dL/dy (N, M) -> dx, dW, db shaped like x, W, b.
    Returns a CheckResult (passed, message); a cell that ends with it shows the message.
    """
    cases = [_dense_case(seed, *shape) for seed, shape in enumerate(DENSE_SHAPES)]
    pack = {
        dense_backward: "this calls helpers' dense_backward: write the three lines yourself",
        Dense._backward: "this calls helpers' Dense layer's backward: write it yourself",
    }
    return check(fn, ("dx", "dW", "db"), cases, pack)


RNN_GRADIENTS = ("dx", "dh_prev", "dWx", "dWh", "db")


def _rnn_slips(x, h_prev, h, a, Wx, Wh, dh):
    """(why, {output: what it would be}) for the usual slips of rnn_step_backward; a is the
    pre-activation x Wx + h_prev Wh + b, h = tanh(a)."""

    def gradients(da, h_prev=h_prev):
        """All five from dL/da: a step whose tanh has slope 1 (h = 0) passes da on as it is."""
        found = rnn_step_backward(x, h_prev, Wx, Wh, None, da, h=np.zeros_like(h))
        return dict(zip(RNN_GRADIENTS, found, strict=True))

    da = dh * (1 - h**2)
    mistakes = [
        ("the tanh derivative is missing: the gradient must pass back through tanh", gradients(dh)),
        (
            "the tanh derivative is computed from the pre-activation a, as 1 - a^2: "
            "tanh'(a) is 1 - tanh(a)^2, so it is written with h = tanh(a)",
            gradients(dh * (1 - a**2)),
        ),
        ("the tanh derivative is taken as 1 - h: h must be squared", gradients(dh * (1 - h))),
        (
            "tanh is applied twice (1 - tanh(h)^2): h is already tanh(a)",
            gradients(dh * (1 - np.tanh(h) ** 2)),
        ),
        (NOT_TRANSPOSED.format("Wh"), {"dh_prev": da @ Wh}),
        (
            "it is computed from the new state h; Wh multiplies the state before the step, h_prev",
            {"dWh": gradients(da, h_prev=h)["dWh"]},
        ),
        (NOT_SUMMED, {"db": da}),
        (WRONG_AXIS, {"db": da.sum(axis=1)}),
    ]
    if Wx.shape[0] == Wx.shape[1]:
        mistakes.append((NOT_TRANSPOSED.format("Wx"), {"dx": da @ Wx}))
    return mistakes


def _rnn_case(seed, n, d, hidden):
    """x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,), dh (N, H); the right
    (dx, dh_prev, dWx, dWh, db) from rnn_step_backward, and the slips."""
    rng = np.random.default_rng(seed)
    x, h_prev = rng.standard_normal((n, d)), np.tanh(rng.standard_normal((n, hidden)))
    # small weights keep tanh away from saturation, where every derivative looks alike
    Wx, Wh = 0.5 * rng.standard_normal((d, hidden)), 0.5 * rng.standard_normal((hidden, hidden))
    b, dh = 0.1 * rng.standard_normal(hidden), rng.standard_normal((n, hidden))
    h = rnn_step_forward(x, h_prev, Wx, Wh, b)
    right = dict(zip(RNN_GRADIENTS, rnn_step_backward(x, h_prev, Wx, Wh, b, dh), strict=True))
    mistakes = _rnn_slips(x, h_prev, h, x @ Wx + h_prev @ Wh + b, Wx, Wh, dh)
    label = f"N={n}, D={d}, H={hidden}, seed {seed}"
    return Case(label, (x, h_prev, Wx, Wh, b, dh), n, right, mistakes)


def check_rnn_step_backward(fn):
    """Check fn(x, h_prev, Wx, Wh, b, dh) -> (dx, dh_prev, dWx, dWh, db): the backward pass
    of one RNN step h = tanh(x @ Wx + h_prev @ Wh + b).

    x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,), dh = dL/dh (N, H); each gradient
    is shaped like its input. Returns a CheckResult (passed, message).
    """
    cases = [_rnn_case(seed, *shape) for seed, shape in enumerate(RNN_SHAPES)]
    pack = {
        rnn_step_backward: "this calls helpers' rnn_step_backward: write the step yourself",
        RNN._backward: "this calls helpers' RNN layer's backward: write the step yourself",
    }
    return check(fn, RNN_GRADIENTS, cases, pack)
