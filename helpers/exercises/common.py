"""What every self-check shares: how a verdict is printed, and how a student's answer is
read, so that whatever a student passes (None, a word, a list, an empty array) gets a
sentence, never a traceback."""

import functools
import math
import sys

import numpy as np

from ..validation import all_finite


def verdict(ok, why):
    """Print '✔ Right: why' or '✘ Not yet: why'. Returns None, so a check's cell shows only
    the printed line (checks end with `return verdict(...)`)."""
    print(("✔ Right: " if ok else "✘ Not yet: ") + why)


def yours_or_the_packs(check, yours, packs):
    """The function the cells after an exercise use: the student's own once its check has
    passed, the pack's until then; prints which, in one line.

    check: the CheckResult of the student's function `yours`; packs: the pack's function of
    the same signature."""
    name = getattr(yours, "__name__", packs.__name__)
    if getattr(check, "passed", False):
        print(f"The cells below use your {name}: it passed its check.")
        return yours
    print(f"The cells below use the pack's {name} until yours passes its check.")
    return packs


class NotAnAnswer(Exception):
    """What the student passed cannot be checked; the text says what was expected."""


def _given(value):
    """A student's value in words: 'None', 'the text '3'', 'a list', 'a dict'."""
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__ if value is not None else "None"


def number(value, name, whole=False):
    """A student's number (a Python or numpy number, or an array of one) as a float, or an
    int with whole=True (a count); else NotAnAnswer naming what was expected."""
    if value is None:
        raise NotAnAnswer(f"{name} is still None: put your answer in its place.")
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    real = isinstance(value, int | float | np.integer | np.floating)
    if isinstance(value, bool) or not real:
        raise NotAnAnswer(f"{name} must be a number, got {_given(value)}.")
    if not math.isfinite(value):
        raise NotAnAnswer(f"{name} must be a finite number, got {value}.")
    if whole and value != int(value):
        raise NotAnAnswer(f"{name} must be a whole number (a count), got {value}.")
    return int(value) if whole else float(value)


def array(value, name, shape=None):
    """A student's (or a cell's) array of numbers as float64, not empty and finite, of
    `shape` if given; else NotAnAnswer naming what was expected."""
    if value is None:
        raise NotAnAnswer(f"{name} is still None: put your answer in its place.")
    if isinstance(value, str | bytes | dict):
        raise NotAnAnswer(f"{name} must be an array of numbers, got {_given(value)}.")
    try:
        found = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise NotAnAnswer(f"{name} must be an array of numbers, got {_given(value)}.") from None
    if found.size == 0:
        raise NotAnAnswer(f"{name} is empty: it must hold numbers.")
    if shape is not None and found.shape != shape:
        raise NotAnAnswer(f"{name} must have shape {shape}, got {found.shape}.")
    if not all_finite(found):
        raise NotAnAnswer(f"{name} holds NaN or infinity: it must be finite.")
    return found


def class_labels(value, name="labels"):
    """Class labels as an integer array (n,), one per example; else NotAnAnswer."""
    labels = np.asarray(value) if value is not None else np.array([])
    if labels.ndim != 1 or labels.dtype.kind not in "iu" or not labels.size:
        raise NotAnAnswer(f"{name} must be integers, one per example, got {_given(value)}.")
    return labels


def calls_to_the_pack(fn, args, pack):
    """fn(*args), and the sentence of the first of the pack's functions it called (or None).

    A profile hook sees every Python call while fn runs, however the pack's function was
    imported or named, so a function that hands the work to helpers is recognised."""
    codes = {function.__code__: why for function, why in pack.items()}
    seen = []

    def watch(frame, event, _):
        if event == "call" and frame.f_code in codes and not seen:
            seen.append(codes[frame.f_code])

    before = sys.getprofile()
    sys.setprofile(watch)
    try:
        result = fn(*args)
    finally:
        sys.setprofile(before)
    return result, (seen[0] if seen else None)


def answers_everything(check):
    """Decorate a check: an answer it cannot read gets '✘ Not yet:' and the sentence why."""

    @functools.wraps(check)
    def checked(*args, **kwargs):
        try:
            return check(*args, **kwargs)
        except NotAnAnswer as problem:
            return verdict(False, str(problem))

    return checked
