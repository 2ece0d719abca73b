"""The machinery of the "write the math yourself" checks: run the student's function safely,
compare each of its outputs with the right one and, when they differ, name the mistake.

A mistake is recognised by trying it. For each case the check also computes what the output
would be after each usual slip (the sign flipped, a matrix transposed, a mean for a sum, a
kernel flipped, ...) on the same inputs; if the student's output matches one of those, the
message names the slip in words. Messages hold shapes, an index, sizes relative to the right
answer and words, never the numbers of the right answer.
"""

import copy
import os
import traceback
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..validation import all_finite
from .common import calls_to_the_pack

RIGHT, NOT_YET, NOT_DONE = "✔ Right: ", "✘ Not yet: ", "✘ Not done yet: "

# Two arrays agree when they differ by less than this fraction of the right one's largest
# entry: the same math written another way differs by ~1e-15 in float64 (~1e-7 if the student
# slipped into float32), while a real mistake is off by far more.
TOLERANCE = 1e-6


@dataclass(frozen=True, repr=False)
class CheckResult:
    """What a check found: `passed`, and `message`, the line that says why.

    It shows as its message, so a notebook cell that ends with a check reads like one that
    prints it.
    """

    passed: bool
    message: str

    def __repr__(self):
        return self.message

    __str__ = __repr__


class Case(NamedTuple):
    """One test of the student's function: what it is given and what it must return.

    label: the case in words ('N=4, D=2, M=5, seed 1'); args: the arguments, in order;
    n: the batch size N (an output N times too large is a sum where a mean belongs);
    right: {output name: the right array}; mistakes: (words, {output name: what that
    slip gives}) pairs, the slips recognised beyond those of every output (see _any_slips).
    """

    label: str
    args: tuple
    n: int
    right: dict
    mistakes: list


class NotYet(Exception):
    """Stops a check at its first problem; the text, after `prefix`, is the message."""

    def __init__(self, why, prefix=NOT_YET):
        super().__init__(why)
        self.prefix = prefix


def and_list(words):
    """['dx', 'dW', 'db'] -> 'dx, dW and db'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def check(fn, names, cases, pack=None):
    """Run fn on every case and compare each output with the right one, in order.

    names: the output names in the order fn returns them (one name: fn returns one array).
    pack: {function of helpers: the sentence for a student's function that calls it}, the
    pack's own implementations of what the exercise asks the student to write.
    Returns a CheckResult: the first problem found, or a pass naming the cases checked.
    Under nbgrader (autograde, or a student's Validate) a failed check raises AssertionError
    with the same message instead: that is how nbgrader sees a graded cell fail.
    """
    result = _check(fn, names, cases, pack or {})
    if not result.passed and os.environ.get("NBGRADER_EXECUTION") in ("autograde", "validate"):
        raise AssertionError(result.message)
    return result


def _check(fn, names, cases, pack):
    """check() without nbgrader's convention: always a CheckResult."""
    try:
        if not callable(fn):
            raise NotYet(f"pass the function itself, not what it returns: got {type(fn).__name__}")
        for number, case in enumerate(cases, 1):
            where = f"case {number} of {len(cases)}: {case.label}"
            given = call_student(fn, case.args, names, where, pack)
            for name in names:
                why = diagnose(name, given[name], case.right[name], case.mistakes, case.n)
                if why:
                    raise NotYet(f"{why} ({where})")
    except NotYet as problem:
        return CheckResult(False, problem.prefix + str(problem))
    agree = "agrees" if len(names) == 1 else "agree"
    return CheckResult(
        True,
        f"{RIGHT}{and_list(names)} {agree} with helpers in all {len(cases)} cases "
        f"({'; '.join(case.label for case in cases)}).",
    )


def call_student(fn, args, names, where, pack=None):
    """fn(*copies of args) as {name: float64 array}, one per name.

    Raises NotYet with a sentence when fn raises, is not written yet (returns None or raises
    NotImplementedError), calls one of the pack's functions of `pack` to do the work, or
    returns something other than len(names) arrays of numbers.
    """
    wanted = and_list(names)
    try:
        # copies: a function that changes its inputs cannot change what it is compared with
        result, packs = calls_to_the_pack(fn, copy.deepcopy(args), pack or {})
    except NotImplementedError:
        raise NotYet(
            f"your function raises NotImplementedError: write the math that computes {wanted}",
            NOT_DONE,
        ) from None
    except Exception as error:  # the student's code: every error is reported, none escapes
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise NotYet(f"your function raised {text}{_line_in(fn, error)} ({where})") from None
    if packs is not None:
        raise NotYet(packs)
    if result is None:
        them = "it" if len(names) == 1 else "them"
        raise NotYet(f"your function returns None: compute {wanted} and return {them}", NOT_DONE)
    values = _outputs(result, names)
    missing = [name for name, value in zip(names, values, strict=True) if value is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise NotYet(f"{and_list(missing)} {verb} still None", NOT_DONE)
    return {name: _as_array(name, value) for name, value in zip(names, values, strict=True)}


def _outputs(result, names):
    """What fn returned as one value per name, or NotYet saying how many it returned."""
    if len(names) == 1:
        return (result,)
    if isinstance(result, tuple | list) and len(result) == len(names):
        return result
    got = f"{len(result)} values" if isinstance(result, tuple | list) else "one value"
    raise NotYet(f"your function returned {got}; it must return {len(names)}: {and_list(names)}")


def _line_in(fn, error):
    """' at line k of name's code': the deepest line of the traceback in fn's file, or ''."""
    code = getattr(fn, "__code__", None)
    if code is None:  # a functools.partial, a class: no file to point into
        return ""
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == code.co_filename
    ]
    return f" at line {lines[-1]} of the cell or file of {fn.__name__}" if lines else ""


def _as_array(name, value):
    """value (an array, a list, a number) as a float64 array, or NotYet saying what it is."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # e.g. a ragged list
        raise NotYet(f"{name} is not an array of numbers ({error})") from None
    if array.dtype.kind not in "biuf":
        raise NotYet(
            f"{name} must hold real numbers, got a {type(value).__name__} of dtype {array.dtype}"
        )
    return array.astype(np.float64)


def _shape(shape):
    return "a single number" if shape == () else str(shape)


def _close(a, b):
    """True if a and b (the same shape) agree within TOLERANCE of b's largest entry."""
    return bool(np.max(np.abs(a - b), initial=0) <= TOLERANCE * np.max(np.abs(b), initial=0))


def diagnose(name, given, right, mistakes, n):
    """None if `given` is the right output `name`; else a sentence on what is wrong with it.

    given, right: float64 arrays; mistakes and n as in Case.
    """
    if right.ndim == 0 and given.size == 1:
        given = given.reshape(())  # a number returned as [x] is still that number
    slips = [(words, wrong[name]) for words, wrong in mistakes if name in wrong]
    if given.shape != right.shape:
        words = _recognise(given, right, slips, n, name)
        return f"{name} has shape {_shape(given.shape)}, expected {_shape(right.shape)}" + (
            f": {words}" if words else ""
        )
    if not all_finite(given):
        bad = ~np.isfinite(given)  # where: the first one is named
        return (
            f"{name} holds NaN or infinity ({np.count_nonzero(bad)} of {given.size} entries, "
            f"the first at {_entry(name, bad)}): look for a division by zero, a log of 0 "
            "or an overflowing exp"
        )
    if _close(given, right):
        return None
    if not np.any(given):
        return f"{name} is all zeros"
    words = _recognise(given, right, slips, n, name)
    return f"{name} is wrong: {words}" if words else _where_off(name, given, right)


def _recognise(given, right, slips, n, name):
    """The words of the first slip whose output `given` matches, or None."""
    for words, wrong in slips + _any_slips(given, right, n, name):
        if wrong.shape == given.shape and _close(given, wrong):
            return words
    return None


def _any_slips(given, right, n, name):
    """The slips any output can have, as (words, what that output would be) pairs."""
    slips = [("its sign is flipped", -right)]
    if given.shape == right.shape and np.any(right):
        factor = float(np.sum(given * right) / np.sum(right * right))  # best c in given ~ c right
        slips.append((_factor_words(factor, n, name), factor * right))
    if right.ndim == 2:
        slips.append(("it is transposed (rows and columns swapped)", right.T))
    if right.ndim == 4:
        slips.append(("its rows and columns are swapped (the last two axes)", right.swapaxes(2, 3)))
    if given.shape != right.shape and given.size == right.size:
        slips.append(("it holds the right numbers in the wrong shape", right.reshape(given.shape)))
    return slips


def _factor_words(factor, n, name):
    """What an output that is `factor` times the right one says about the code."""
    if n > 1 and abs(factor - n) < TOLERANCE * n:
        return (
            f"it is N = {n} times the right {name}: a sum over the batch where a mean "
            "belongs (a 1/N is missing)"
        )
    if n > 1 and abs(factor * n - 1) < TOLERANCE:
        return (
            f"it is the right {name} divided by N = {n}: a mean over the batch where a sum "
            "belongs (a 1/N too many)"
        )
    return f"it is off by a constant factor: {factor:.3g} times the right {name}"


def _entry(name, mask):
    """'dW[2, 0]': the first True entry of mask, by name (just the name for a number)."""
    first = np.argwhere(mask)[0]
    return f"{name}[{', '.join(str(int(i)) for i in first)}]" if first.size else name


def _where_off(name, given, right):
    """Where given first differs from right, how many entries do, and by how much."""
    scale = np.max(np.abs(right))
    error = np.abs(given - right)
    wrong = error > TOLERANCE * scale
    where = f"{_entry(name, wrong)} is the first wrong entry"
    if right.ndim:
        where += f" ({np.count_nonzero(wrong)} of {right.size} are wrong)"
    if scale == 0:
        return f"{where}; the right {name} is all zeros in this case"
    share = error.max() / scale
    size = (
        "less than 1% of"
        if share < 0.01
        else f"{share:.0%} of"
        if share < 10
        else f"{share:.0f} times"
    )
    return f"{where}; the largest error is {size} the largest entry of the right {name}"
