"""Input checks shared by every helper.

A student who passes the wrong thing should read *what was expected and what was given*,
not a numpy broadcasting error three calls deep. Every check raises ValueError.
"""

import numpy as np


class NonFiniteError(ValueError):
    """A NaN or infinity where numbers must be finite (training catches it as divergence)."""


def _all_finite(x):
    """True if every entry of a non-empty float array is finite, in one pass: the largest
    |x| is finite only if all are (a NaN anywhere makes it NaN), and unlike a sum it never
    overflows near the top of the float range."""
    return bool(np.isfinite(np.abs(x).max()))


def as_float_array(x, name):
    """Return `x` as a float array: float32/float64 stay as they are, anything else -> float64.

    Raises ValueError if `x` holds NaN or infinity (a NaN in a batch poisons every gradient).
    """
    x = np.asarray(x)
    if x.dtype in (np.float32, np.float64) and (x.size == 0 or _all_finite(x)):
        return x
    if x.dtype not in (np.float32, np.float64):
        if x.dtype.kind not in "biuf":  # complex would lose its imaginary part: refused too
            raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
        x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        bad = int(np.size(x) - np.count_nonzero(np.isfinite(x)))
        raise NonFiniteError(f"{name} must be finite, got {bad} NaN or infinite value(s)")
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


def check_positive(value, name):
    """`value` as a float, if it is a finite number > 0 (a learning rate, a norm, a temperature)."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a number > 0, got {value!r}")
    return float(value)


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
