"""What a trained model is worth: how many numbers it learns, how often it is right."""

import numpy as np

from .validation import (
    as_float_array,
    check_examples,
    check_labels,
    check_model,
    check_ndim,
    kind_of,
)


def count_params(model):
    """The number of weights and biases a model (a layer, a Sequential) learns."""
    params = getattr(model, "params", None) if not isinstance(model, type) else None
    if not isinstance(params, dict):
        built = f": build one first, {model.__name__}(...)" if isinstance(model, type) else ""
        raise TypeError(f"count_params needs a model with params, got {kind_of(model)}{built}")
    return int(sum(np.size(p) for p in params.values()))


def accuracy(model, X, labels):
    """The fraction of examples whose highest score is their label: X (N, ...) -> scores
    (N, K) by model.forward, labels (N,) ints in 0..K-1."""
    scores = check_model(model).forward(X)
    check_ndim(scores, 2, "the model's scores", "(N, K)")
    labels = check_labels(labels, (len(scores),), scores.shape[1])
    return float(np.mean(scores.argmax(axis=1) == labels))


def nearest_centre_rates(codes, labels):
    """How well classes separate in a code space: for each class, the fraction of its
    examples whose nearest class centre (the mean code of a class) is their own.

    codes (N, k), labels (N,) ints 0..C-1 -> (C,) fractions in [0, 1]. A class whose codes
    form their own cluster scores near 1; classes that overlap pull each other below.
    Ties in distance go to the lower class (argmin's first), a stable rule.
    """
    codes = as_float_array(codes, "codes").astype(np.float64, copy=False)
    check_ndim(codes, 2, "codes", "(N, k)")
    labels = check_labels(labels, (len(codes),), None)
    check_examples(codes, "codes")
    if labels.min() < 0 or np.any(np.bincount(labels) == 0):
        raise ValueError(
            f"labels must be 0..C-1 with every class present, got the classes "
            f"{np.unique(labels).tolist()}"
        )
    classes = np.arange(labels.max() + 1)
    centres = np.stack([codes[labels == c].mean(axis=0) for c in classes])  # (C, k)
    distances = np.linalg.norm(codes[:, None, :] - centres[None], axis=2)  # (N, C)
    nearest = distances.argmin(axis=1)
    return np.array([np.mean(nearest[labels == c] == c) for c in classes])
