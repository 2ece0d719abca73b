"""Loss functions. Each returns (loss, dloss/dprediction) so backward can start from it."""

import numpy as np

from .activations import sigmoid, softmax
from .validation import (
    as_float_array,
    cast_finite,
    check_binary_labels,
    check_examples,
    check_labels,
    check_loss,
    check_ndim,
    check_same_shape,
)


def mse_loss(pred, target):
    """L = mean((pred - target)^2) over all elements; pred and target of the same shape.

    Returns (loss, dL/dpred) with dL/dpred = 2 (pred - target) / size, in pred's dtype.
    """
    pred = as_float_array(pred, "pred")
    target = as_float_array(target, "target")
    if target.dtype != pred.dtype:
        target = cast_finite(target, pred.dtype, f"target (in pred's {pred.dtype})")
    check_same_shape(pred, target, "pred", "target")
    check_examples(pred, "pred")
    with np.errstate(over="ignore", invalid="ignore"):  # a runaway loss is named below
        diff = pred - target
        loss = np.mean(diff * diff)
    check_loss(loss, "mse_loss", "pred or target")
    return float(loss), (2 / diff.size) * diff


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
    check_examples(prob, "prob")
    if np.any((prob < 0) | (prob > 1)):
        raise ValueError(f"prob must lie in [0, 1], got values from {prob.min()} to {prob.max()}")
    eps = np.finfo(prob.dtype).eps
    p = np.clip(prob, eps, 1 - eps)
    loss = -np.mean(target * np.log(p) + (1 - target) * np.log(1 - p))
    dprob = (p - target) / (p * (1 - p)) / prob.size
    return float(loss), dprob


def binary_cross_entropy_with_logits(logits, target):
    """The same loss as binary_cross_entropy(sigmoid(logits), target), with σ inside the loss.

    logits z: any shape, the scores before σ; target t: 0/1 labels of the same shape.
    L = mean(log(1 + e^z) - t z), computed as max(z, 0) - t z + log(1 + e^-|z|), which
    neither overflows nor rounds a confident answer to p = 1.
    Returns (loss, dL/dz) with dL/dz = (σ(z) - t) / size.

    Why frameworks fuse σ and the loss: in two steps the chain rule multiplies
    dL/dp = (p - t) / (p (1 - p)) by dp/dz = p (1 - p), and once σ(z) rounds to exactly 0 or
    1 (z beyond about 37 in float64, 17 in float32) dp/dz is 0: a confidently wrong
    prediction gets no gradient at all, just where training should push hardest. Fused, the
    two factors cancel on paper and dL/dz = σ(z) - t stays -1 or 1 there.
    """
    logits = as_float_array(logits, "logits")
    target = check_binary_labels(target, "target").astype(logits.dtype)
    check_same_shape(logits, target, "logits", "target")
    check_examples(logits, "logits")
    softplus = np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))  # log(1 + e^z)
    with np.errstate(over="ignore", invalid="ignore"):  # a runaway loss is named below
        loss = np.mean(softplus - target * logits)
    check_loss(loss, "binary_cross_entropy_with_logits")
    return float(loss), (sigmoid(logits) - target) / logits.size


def softmax_cross_entropy(logits, labels):
    """L = -mean_n log softmax(logits_n)[labels_n]: the loss of a K-way classifier.

    logits (N, K) floats; labels (N,) ints in 0..K-1.
    Returns (loss, dL/dlogits) with dL/dlogits = (softmax(logits) - onehot(labels)) / N.
    log softmax is computed as z - max - log(sum e^(z - max)): no overflow, no log(0).
    """
    logits = as_float_array(logits, "logits")
    check_ndim(logits, 2, "logits", "(N, K)")
    check_examples(logits, "logits")
    n, k = logits.shape
    labels = check_labels(labels, (n,), k)
    with np.errstate(over="ignore", invalid="ignore"):  # a runaway loss is named below
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        loss = -np.mean(log_probs[np.arange(n), labels])
    check_loss(loss, "softmax_cross_entropy")
    with np.errstate(over="ignore"):  # logits - max below -1.8e308 overflow to -inf: e^ = 0
        dlogits = softmax(logits)
    dlogits[np.arange(n), labels] -= 1
    return float(loss), dlogits / n


PADDING = -1  # the target of a padded position in a batch of sequences: no token, no loss


def sequence_cross_entropy(logits, targets):
    """The loss of a language model: softmax cross-entropy at every position that has a target.

    logits (N, T, V) scores of the next token after each of T steps; targets (N, T) ints in
    0..V-1, or PADDING (-1) where a shorter sequence has ended and there is nothing to predict.
    All N T positions go through one softmax_cross_entropy, the padded ones left out, so
    the loss is the mean over the real positions only. Returns (loss, dL/dlogits (N, T, V)),
    zero at the padded positions.
    """
    logits = as_float_array(logits, "logits")
    check_ndim(logits, 3, "logits", "(N, T, V)")
    check_examples(logits, "logits")
    targets = check_labels(targets, logits.shape[:2], None, "targets")
    flat_logits, flat_targets = logits.reshape(-1, logits.shape[2]), targets.reshape(-1)
    keep = flat_targets != PADDING
    if not keep.any():
        raise ValueError(f"targets hold only padding ({PADDING}): nothing to predict")
    loss, dkept = softmax_cross_entropy(flat_logits[keep], flat_targets[keep])
    dlogits = np.zeros_like(flat_logits)
    dlogits[keep] = dkept  # a padded position contributes nothing to the gradient
    return loss, dlogits.reshape(logits.shape)
