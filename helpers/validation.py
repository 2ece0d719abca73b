"""Input checks shared by every helper.

A student who passes the wrong thing should read *what was expected and what was given*,
not a numpy broadcasting error three calls deep. Every check raises ValueError.
"""

import math

import numpy as np


class NonFiniteError(ValueError):
    """A NaN or infinity where numbers must be finite (training catches it as divergence)."""


def all_finite(x):
    """True if no entry of the float array `x` is NaN or infinite (True for an empty one).

    The one finiteness test of the pack, in one BLAS call: the sum of squares x . x is
    finite exactly when every entry is, unless the squares of huge finite numbers overflow
    (|x| above about 1e154 in float64, 1e19 in float32), and then the exact test decides.
    np.vdot runs without numpy's floating-point warnings, so that overflow stays silent.
    """
    return math.isfinite(np.vdot(x, x)) or bool(np.isfinite(x).all())


def check_finite(x, name):
    """Raise NonFiniteError, counting the bad entries, unless `x` is all finite."""
    if not all_finite(x):
        bad = int(x.size - np.count_nonzero(np.isfinite(x)))
        raise NonFiniteError(f"{name} must be finite, got {bad} NaN or infinite value(s)")


def as_float_array(x, name):
    """Return `x` as a finite float array: float32/float64 stay as they are, anything else
    real becomes float64; complex is refused (its imaginary part would be lost).

    Raises ValueError if `x` holds NaN or infinity (a NaN in a batch poisons every gradient).
    """
    x = np.asarray(x)
    if x.dtype.char not in "fd":  # float32 and float64 stay as they are
        if x.dtype.kind not in "biuf":
            raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
        x = x.astype(np.float64)
    check_finite(x, name)
    return x


def check_ndim(x, ndim, name, meaning):
    """Raise ValueError unless `x.ndim == ndim`; `meaning` spells the shape, e.g. '(n, d)'."""
    if x.ndim != ndim:
        raise ValueError(f"{name} must have shape {meaning}, got shape {x.shape}")


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


def check_whole(value, name, minimum=1):
    """`value` as an int, if it is a whole number >= minimum (2 and 2.0 both give 2).

    Sizes, counts, strides and paddings go through here: a float such as 2.5, a bool, a
    string or NaN is refused with a ValueError naming what was expected and what was given.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if not (np.isfinite(value) and value == int(value) and value >= minimum):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def check_positive(value, name, rule="a number > 0"):
    """`value` as a float, if it is a finite number > 0 (a learning rate, a norm, a temperature).

    rule: how the message states what is expected, e.g. with the reason for it."""
    number = isinstance(value, int | float | np.integer | np.floating)
    if isinstance(value, bool) or not number or not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return float(value)


def check_labels(labels, shape, classes, name="labels"):
    """`labels` as an integer array of `shape` whose entries lie in 0..classes-1 (class
    labels, next tokens); classes None checks the shape and the dtype alone."""
    labels = np.asarray(labels)
    if labels.shape != shape or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{name} must be integers of shape {shape}, got {labels.dtype} of shape {labels.shape}"
        )
    if classes is not None and labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"{name} must lie in 0..{classes - 1} for {classes} classes, got values from "
            f"{labels.min()} to {labels.max()}"
        )
    return labels


def check_ids(ids, size, name="ids"):
    """`ids` as an integer array whose entries all lie in 0..size-1 (token ids, class labels)."""
    ids = np.asarray(ids)
    if ids.size and (
        not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0 or ids.max() >= size
    ):
        found = f"from {ids.min()} to {ids.max()}" if ids.dtype.kind in "iuf" else repr(ids)
        raise ValueError(f"{name} must be integers in 0..{size - 1}, got {ids.dtype} {found}")
    if not ids.size and ids.dtype.kind not in "iu":
        ids = ids.astype(np.int64)  # an empty list is an empty array of ids
    return ids


def check_float_dtype(dtype):
    """`dtype` as np.float32 or np.float64: the dtypes weights can be trained in."""
    try:
        dtype = np.dtype(dtype)
    except TypeError as error:
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype!r}") from error
    if dtype not in (np.float32, np.float64):
        raise ValueError(
            f"dtype must be np.float32 or np.float64 (weights of another dtype cannot learn: "
            f"integer weights round every small step to 0), got {dtype}"
        )
    return dtype.type


def check_grads(grads, params):
    """Raise a ValueError unless `grads` holds a finite array shaped like each of `params`.

    An optimizer calls this before it steps, so a NaN from a broken backward stops here
    instead of flowing silently into every weight.
    """
    if grads.keys() != params.keys():
        raise ValueError(
            f"grads must have the keys of params, {sorted(params)}, got {sorted(grads)}"
        )
    for key, p in params.items():
        g = as_float_array(grads[key], f"grads[{key!r}]")
        if g.shape != p.shape:
            raise ValueError(
                f"grads[{key!r}] must have the shape of its param, {p.shape}, got {g.shape}"
            )


def check_examples(x, name):
    """Raise a ValueError if `x` holds no examples (N = 0): the rule for every layer and loss.

    A mean over no examples is undefined, and a batch of none is always a mistake upstream
    (an empty slice, a filter that kept nothing), so it is named here rather than passed on.
    """
    if x.ndim >= 1 and x.shape[0] == 0:
        raise ValueError(f"{name} holds no examples: got shape {x.shape}, with N = 0")


def check_generator(rng, name="rng"):
    """`rng` if it is a np.random.Generator (a function that draws from a stream it is given)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a np.random.Generator, e.g. np.random.default_rng(seed), "
            f"got {type(rng).__name__}"
        )
    return rng


def layer_input(x, dtype, name, layer):
    """`x` as the float array a layer computes with, checked: the layer's first door.

    Integers and booleans become floats (exactly); a layer with weights (dtype float32 or
    float64) refuses floats of another dtype rather than silently converting them; a layer
    without weights (dtype None) takes float32 or float64 as it comes. Then: finite, and at
    least one example. `layer` names the layer in the messages.
    """
    x = np.asarray(x)
    if x.dtype.type is not dtype:  # all but the usual case: x already in the layer's dtype
        if x.dtype.kind in "iub":  # integers and booleans: exact in a float dtype
            x = x.astype(dtype or np.float64)
        x = as_float_array(x, name)
        if dtype is not None and x.dtype.type is not dtype:
            raise ValueError(
                f"{layer} computes in {np.dtype(dtype).name}, got {name} of dtype {x.dtype}: "
                f"build it with dtype=np.{x.dtype}"
            )
    else:
        check_finite(x, name)
    check_examples(x, name)
    return x


def layer_dout(dout, shape, dtype, layer):
    """`dout` for a layer's backward: finite, of `shape` (forward's output), in `dtype`.

    A float64 dout for a float32 layer is cast; a value beyond float32's range becomes inf
    in the cast, and is refused as non-finite naming the dtype (not warned about).
    """
    dout = as_float_array(dout, "dout")
    if dout.shape != shape:
        raise ValueError(
            f"{layer}.backward expects dout of shape {shape} (the output of forward), "
            f"got {dout.shape}"
        )
    if dout.dtype != dtype:
        with np.errstate(over="ignore"):  # beyond float32's range becomes inf: named next
            dout = dout.astype(dtype)
        check_finite(dout, f"dout (in the layer's {np.dtype(dtype).name})")
    return dout


def check_results(layer, method, result, grads=None):
    """Raise NonFiniteError unless `result` and every array of `grads` ({name: array}) is
    finite: what a layer's forward or backward made from finite numbers.

    A product of finite numbers can still overflow (1e300 * 1e300 is inf in float64), and the
    student reads which layer and which result, not a warning and a NaN three layers on.
    """
    grads = grads or {}
    if all_finite(result) and all(map(all_finite, grads.values())):
        return
    for name, array in {"the result": result, **grads}.items():
        if not all_finite(array):
            raise NonFiniteError(
                f"{layer}.{method} overflowed: {name} is not finite in {array.dtype} "
                "(inputs or dout too large; scale them down)"
            )
