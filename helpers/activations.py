"""Activation functions: sigmoid, tanh, relu, softmax.

Each works elementwise (softmax along an axis), keeps float32/float64 as given, and is
stable for any finite input: no overflow warning, sigmoid(+-1000) is exactly 1 or 0.
"""

import numpy as np

from .validation import as_float_array


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), any shape -> same shape, values in [0, 1].

    e^-x overflows for x < -709, so for negative x we use the equal form e^x / (1 + e^x),
    where the exponent is never positive.
    """
    x = as_float_array(x, "x")
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def tanh(x):
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x) = 2 sigma(2x) - 1, any shape -> same shape."""
    return np.tanh(as_float_array(x, "x"))


def relu(x):
    """relu(x) = max(x, 0), any shape -> same shape."""
    x = as_float_array(x, "x")
    return np.maximum(x, 0)  # a Python 0 keeps x.dtype


def softmax(x, axis=-1):
    """softmax(x)_i = e^{x_i} / sum_j e^{x_j} along `axis`; same shape, sums to 1 on `axis`.

    Subtracting the largest entry first changes nothing mathematically (it cancels in the
    ratio) but keeps every exponent <= 0, so nothing overflows.
    """
    x = as_float_array(x, "x")
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
