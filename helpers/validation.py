"""Input checks shared by every helper: one home for each. A student who passes the wrong
thing reads *what was expected and what was given*, not a numpy error three calls deep:
a ValueError, or a TypeError for a wrong kind of thing."""

import math
import os
from pathlib import Path

import numpy as np


class NonFiniteError(ValueError):
    """A NaN or infinity where numbers must be finite (training catches it as divergence)."""


def all_finite(x):
    """True if no entry of the float array `x` is NaN or infinite: the pack's one test. One
    silent BLAS call (np.vdot never warns): x . x is finite exactly when every entry is, unless
    squares of huge numbers overflow (|x| > 1e154 in float64, 1e19 in float32); then the
    exact test decides."""
    return math.isfinite(np.vdot(x, x)) or bool(np.isfinite(x).all())


def check_finite(x, name):
    """Raise NonFiniteError, counting the bad entries, unless `x` is all finite."""
    if not all_finite(x):
        bad = int(x.size - np.count_nonzero(np.isfinite(x)))
        raise NonFiniteError(f"{name} must be finite, got {bad} NaN or infinite value(s)")


def as_float_array(x, name):
    """`x` as a finite float array: float32/float64 as they are, other reals as float64;
    complex is refused (its imaginary part would be lost), and so are NaN and infinity."""
    x = np.asarray(x)
    if x.dtype.char not in "fd":  # float32 and float64 stay as they are
        if x.dtype.kind not in "biuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
        x = x.astype(np.float64)
    check_finite(x, name)
    return x


def check_ndim(x, ndim, name, meaning):
    """Raise ValueError unless `x.ndim == ndim`; `meaning` spells the shape, e.g. '(n, d)'."""
    if np.ndim(x) != ndim:
        raise ValueError(f"{name} must have shape {meaning}, got shape {np.shape(x)}")


def check_same_shape(a, b, name_a, name_b):
    """Raise ValueError unless `a` and `b` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_binary_labels(y, name="y"):
    """Return `y` as a float64 array after checking every entry is 0 or 1."""
    y = as_float_array(y, name)
    bad = ~np.isin(y, (0.0, 1.0))
    if np.any(bad):
        shown = np.unique(y[bad])[:5]
        raise ValueError(f"{name} must hold labels 0 or 1, got {shown.tolist()}")
    return y


def _real(value):
    """Whether `value` is one real number (a bool is not a number here)."""
    number = isinstance(value, int | float | np.integer | np.floating)
    return number and not isinstance(value, bool) and bool(np.isfinite(value))


def check_whole(value, name, minimum=1):
    """`value` as an int, if it is a whole number >= minimum (2 and 2.0 both give 2): sizes,
    counts, strides, paddings. 2.5, a bool, a string or NaN is refused."""
    if not (_real(value) and value == int(value) and value >= minimum):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def check_positive(value, name, rule="a number > 0"):
    """`value` as a float, if it is a finite number > 0 (a learning rate, a norm); rule: how
    the message states what is expected, e.g. with the reason for it."""
    if not (_real(value) and value > 0):
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return float(value)


def check_number(value, name):
    """`value` as a float, if it is a finite real number (a bias, a threshold)."""
    if not _real(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_in_unit_interval(value, name, closed_at_0=True):
    """`value` as a float in [0, 1), or (0, 1) with closed_at_0=False (a momentum, a fraction)."""
    if not (_real(value) and (value >= 0 if closed_at_0 else value > 0) and value < 1):
        interval = "[0, 1)" if closed_at_0 else "(0, 1)"
        raise ValueError(f"{name} must be a number in {interval}, got {value!r}")
    return float(value)


def check_labels(labels, shape, classes, name="labels"):
    """`labels` as an integer array of `shape` whose entries lie in 0..classes-1 (class
    labels, next tokens); classes None checks the shape and the dtype alone."""
    labels = np.asarray(labels)
    if labels.shape != shape or not np.issubdtype(labels.dtype, np.integer):
        got = f"{labels.dtype} of shape {labels.shape}"
        raise ValueError(f"{name} must be integers of shape {shape}, got {got}")
    if classes is not None and labels.size and (labels.min() < 0 or labels.max() >= classes):
        got = f"values from {labels.min()} to {labels.max()}"
        raise ValueError(f"{name} must lie in 0..{classes - 1} for {classes} classes, got {got}")
    return labels


def check_ids(ids, size, name="ids"):
    """`ids` as an integer array whose entries all lie in 0..size-1 (token ids, class labels)."""
    ids = np.asarray(ids)
    if ids.size and (ids.dtype.kind not in "iu" or ids.min() < 0 or ids.max() >= size):
        found = f"from {ids.min()} to {ids.max()}" if ids.dtype.kind in "iuf" else repr(ids)
        raise ValueError(f"{name} must be integers in 0..{size - 1}, got {ids.dtype} {found}")
    if not ids.size and ids.dtype.kind not in "iu":
        ids = ids.astype(np.int64)  # an empty list is an empty array of ids
    return ids


def check_float_dtype(dtype):
    """`dtype` as np.float32 or np.float64, the dtypes weights can be trained in (integer
    weights would round every small step to 0)."""
    try:
        found = np.dtype(dtype)
    except TypeError:
        found = None
    if found not in (np.float32, np.float64):
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}")
    return found.type


def check_float_array(g, name, squares=False):
    """`g` if it is a finite float32/float64 array (a weight or a gradient, which an optimizer
    changes or scales in place); squares=True (Adam squares a gradient): its squares too."""
    if not isinstance(g, np.ndarray) or g.dtype.char not in "fd":
        kind = g.dtype if isinstance(g, np.ndarray) else kind_of(g)
        raise ValueError(f"{name} must be a float array (float32 or float64), got {kind}")
    if not squares:
        check_finite(g, name)
    elif not math.isfinite(np.vdot(g, g)):  # the squares Adam makes: one pass tests both
        check_finite(g, name)
        raise NonFiniteError(f"{name} is too large: its squares overflow; clip it first")
    return g


def check_params(params, name="params"):
    """`params` if it is a dict of float arrays, {name: array} (a model's params or grads):
    the arrays an optimizer changes in place."""
    if not isinstance(params, dict):
        raise TypeError(f"{name} must be a dict {{name: array}}, e.g. model.{name}; got "
                        f"{kind_of(params)}")  # fmt: skip
    for key, value in params.items():
        check_float_array(value, f"{name}[{key!r}]")
    return params


def check_grads(grads, params, squares=False):
    """Raise a ValueError unless `grads` holds a finite float array shaped like each of
    `params`: an optimizer calls it before it steps, so a NaN never reaches a weight."""
    if not isinstance(grads, dict) or grads.keys() != params.keys():
        got = sorted(grads) if isinstance(grads, dict) else kind_of(grads)
        raise ValueError(f"grads must have the keys of params, {sorted(params)}, got {got}")
    for key, p in params.items():
        g = check_float_array(grads[key], f"grads[{key!r}]", squares)
        if g.shape != p.shape:
            raise ValueError(
                f"grads[{key!r}] must have the shape of its param, {p.shape}, got {g.shape}"
            )


def check_examples(x, name):
    """Raise a ValueError if `x` holds no examples (N = 0), for every layer and loss: a mean
    over none is undefined, and an empty batch is a mistake upstream (an empty slice)."""
    if x.ndim >= 1 and x.shape[0] == 0:
        raise ValueError(f"{name} holds no examples: got shape {x.shape}, with N = 0")


def check_generator(rng, name="rng"):
    """`rng` if it is a np.random.Generator (a function that draws from a stream it is given)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name} must be a np.random.Generator, e.g. np.random.default_rng(seed), "
                         f"got {type(rng).__name__}")  # fmt: skip
    return rng


def cast_finite(x, dtype, name):
    """The finite float array `x` cast to `dtype`: a float64 value beyond float32's range
    becomes inf in the cast, and is refused so (named `name`)."""
    with np.errstate(over="ignore"):  # the inf is named below
        x = x.astype(dtype)
    check_finite(x, name)
    return x


def check_loss(loss, name, inputs="logits"):
    """Raise NonFiniteError unless the loss is finite: inputs near the float's largest value
    make a loss that overflows (a confidently wrong 1e308 costs about 1e308, summed: inf)."""
    if not math.isfinite(loss):
        raise NonFiniteError(
            f"{name} overflowed: the loss is not finite ({inputs} too large; scale them down)"
        )


def kind_of(value):
    """A value's kind in words, for a message: 'None', 'str', 'the class Dense'."""
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    return type(value).__name__


def random_generator(seed, name="seed"):
    """np.random.default_rng(seed), once `seed` is what it takes: None, a whole number >= 0,
    or a Generator (returned as it is, so a caller can share one stream)."""
    whole = isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0
    if not (seed is None or whole or isinstance(seed, np.random.Generator)):
        raise ValueError(
            f"{name} must be a whole number >= 0 or a np.random.Generator, got {seed!r}"
        )
    return np.random.default_rng(seed)


def check_function(fn, name, what):
    """`fn` if it can be called; `what` says what it is for ('(prediction, target) -> ...')."""
    if not callable(fn) or isinstance(fn, type):
        raise TypeError(f"{name} must be a function {what}, got {kind_of(fn)}")
    return fn


def check_model(model, name="model"):
    """`model` if it follows the layer protocol: forward, backward, params and grads."""
    protocol = ("forward", "backward", "params", "grads")
    if isinstance(model, type) or not all(hasattr(model, part) for part in protocol):
        raise TypeError(f"{name} must follow the layer protocol ({', '.join(protocol)}), e.g. "
                        f"a Sequential; got {kind_of(model)}")  # fmt: skip
    return model


def check_text(text, name="text"):
    """`text` if it is a string."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {kind_of(text)}")
    return text


def check_texts(texts, name="texts"):
    """`texts` as a list of strings (names, sentences), at least one.

    A single string is refused: read as a list it would be its letters, one text each."""
    if isinstance(texts, str):
        got = f"one string {texts[:20]!r}: put it in a list, [{texts[:20]!r}]"
        raise ValueError(f"{name} must be a list of texts, got {got}")
    if not isinstance(texts, list | tuple):
        raise TypeError(f"{name} must be a list of texts (strings), got {kind_of(texts)}")
    if not texts:
        raise ValueError(f"{name} holds no texts: give it at least one")
    for i, text in enumerate(texts):
        check_text(text, f"{name}[{i}]")
    return list(texts)


def check_path(path, name="path"):
    """`path` (a str or a Path) as a Path."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"{name} must be a file path (a str or a Path), got {kind_of(path)}")
    return Path(path)
