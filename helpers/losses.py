"""Loss functions. Each returns (loss, dloss/dprediction) so backward can start from it."""

import numpy as np

from .validation import as_float_array, check_binary_labels, check_same_shape


def binary_cross_entropy(prob, target):
    """L = -mean(t log p + (1 - t) log(1 - p)) over all elements.

    prob: probabilities in [0, 1], any shape; target: 0/1 labels of the same shape.
    Returns (loss, dL/dprob) with dL/dprob = (p - t) / (p (1 - p)) / size.
    p is clipped one float step inside (0, 1) so that log and the gradient stay finite
    at p = 0 or 1 (a confident wrong answer costs a lot, but not infinity).
    """
    prob = as_float_array(prob, "prob")
    target = check_binary_labels(target, "target").astype(prob.dtype)
    check_same_shape(prob, target, "prob", "target")
    if np.any((prob < 0) | (prob > 1)):
        raise ValueError(f"prob must lie in [0, 1], got values from {prob.min()} to {prob.max()}")
    eps = np.finfo(prob.dtype).eps
    p = np.clip(prob, eps, 1 - eps)
    loss = -np.mean(target * np.log(p) + (1 - target) * np.log(1 - p))
    dprob = (p - target) / (p * (1 - p)) / prob.size
    return float(loss), dprob
