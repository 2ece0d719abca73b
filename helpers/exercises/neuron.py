"""Self-checks for notebook 01: a neuron on the 2x2 grid."""

import numpy as np

from ..activations import sigmoid
from ..grid import (
    C2,
    DIAGONAL,
    LOPSIDED_WEIGHTS,
    all_patterns,
    grid_features,
    is_diagonal,
    neuron_score,
    scale_light,
)
from ..logistic import LogisticRegression
from .common import verdict


def _neuron_answers(weights, bias, grids):
    """sigma(weighted sum + b) > 1/2 for each grid (n, 2, 2) -> bool (n,)."""
    return sigmoid(neuron_score(weights, grids, float(bias))) > 0.5


def _mistakes(said_yes, wanted, who):
    """What `who` gets wrong on the 16 patterns (bool (16,) each), or '' if nothing."""
    missed = np.flatnonzero(wanted & ~said_yes)
    false_alarms = np.flatnonzero(~wanted & said_yes)
    problems = []
    if len(missed):
        problems.append(f"{who} says ✘ on pattern(s) {missed.tolist()}, which it should accept")
    if len(false_alarms):
        problems.append(
            f"{who} says ✔ on pattern(s) {false_alarms.tolist()}, which it should reject"
        )
    return "; ".join(problems) + (" (numbers as in all_patterns())" if problems else "")


def _check_detector(weights, bias, wanted, what):
    """Compare the neuron's ✔ on the 16 patterns with `wanted` (16,) bool and explain."""
    problems = _mistakes(_neuron_answers(weights, bias, all_patterns()), wanted, "it")
    if not problems:
        return verdict(True, f"your neuron says ✔ exactly on {what}, and ✘ on the rest.")
    return verdict(
        False, problems + ". Look at the weighted sum of those grids: which side of 0 is it on?"
    )


def _top_row():
    """The labels of the top-row exercise: True (16,) where a00 = a01 = c2."""
    return np.all(all_patterns()[:, 0, :] == C2, axis=1)


def check_other_diagonal(weights, bias):
    """Exercise: weights (2, 2) and bias that accept only the other diagonal [[1, -1], [-1, 1]]."""
    wanted = np.all(all_patterns() == -DIAGONAL, axis=(1, 2))
    return _check_detector(weights, bias, wanted, "the other diagonal")


def check_top_row(weights, bias):
    """Exercise: weights (2, 2) and bias that accept the grids whose top row is all c2."""
    return _check_detector(weights, bias, _top_row(), "the 4 grids whose top row is c2")


def check_brightened_bias(bias, k=1.5):
    """Exercise: a bias for LOPSIDED_WEIGHTS that accepts the diagonal and rejects the 15
    other patterns, all brightened by k (scale_light: a contrast k and a shift k - 1)."""
    grids = scale_light(all_patterns(), k)
    said_yes = _neuron_answers(LOPSIDED_WEIGHTS, bias, grids)
    diagonal = is_diagonal(all_patterns()) == 1
    accepted, fooled = bool(said_yes[diagonal][0]), int(np.sum(said_yes[~diagonal]))
    if accepted and fooled == 0:
        return verdict(True, f"the diagonal brightened by {k:g} is accepted and no other grid is.")
    hint = (
        f"brightening by {k:g} scales every cell by {k:g} and shifts it by {k - 1:+g}, "
        "and these weights do not sum to 0"
    )
    if not accepted and fooled == 0:
        return verdict(
            False,
            f"the brightened diagonal is rejected: its weighted sum + b is not > 0, so b is too "
            f"low ({hint}).",
        )
    if accepted:
        return verdict(
            False, f"{fooled} other brightened grid(s) are accepted too, so b is too high ({hint})."
        )
    return verdict(
        False,
        f"the brightened diagonal is rejected and {fooled} other grid(s) are accepted: compare "
        "the brightened diagonal's weighted sum with theirs.",
    )


CHOICES = "1, 4, 16 or 'infinitely many'"
COUNTS = {  # what each finite choice counts instead
    1: "1 would make the trained neuron's weights yours, exactly",
    4: "4 counts the grids the neuron accepts, not the weights that do it",
    16: "16 counts the grids, not the answers",
}


def _is_infinite(how_many):
    if isinstance(how_many, str):
        return how_many.strip().lower() in ("infinitely many", "infinite", "inf")
    return isinstance(how_many, float | np.floating) and bool(np.isposinf(how_many))


def check_how_many_answers(trained, how_many):
    """Exercise: `trained`, a LogisticRegression fitted on the 16 grids with the top-row
    labels, and `how_many` (weights, bias) answers the top-row exercise has: 1, 4, 16 or
    'infinitely many'."""
    if not isinstance(trained, LogisticRegression) or trained.weights is None:
        return verdict(
            False,
            "`trained` must be a helpers.LogisticRegression fitted on the 16 grids: "
            "call .fit(X, labels) on one.",
        )
    if trained.weights.shape != (4,):
        return verdict(
            False,
            f"`trained` was fitted on {trained.weights.shape[0]} features per example, not "
            "on the 4 cells of a grid: fit it on grid_features(patterns).",
        )
    said_yes = trained.predict(grid_features(all_patterns())) == 1
    problems = _mistakes(said_yes, _top_row(), "the trained neuron")
    if problems:
        return verdict(
            False, problems + ": was it trained on the labels of exercise 3, for long enough?"
        )
    if _is_infinite(how_many):
        return verdict(
            True,
            "the trained neuron is an answer, and so is every positive multiple of an answer "
            "(z keeps its sign on every grid) and every small change of one: infinitely many. "
            "Gradient descent picks one, which depends on where it starts and how long it runs.",
        )
    number = isinstance(how_many, int | float | np.integer | np.floating)
    if isinstance(how_many, bool) or not number or how_many not in COUNTS:
        return verdict(False, f"how_many must be one of {CHOICES}, got {how_many!r}.")
    return verdict(
        False,
        f"the trained neuron is an answer, but {COUNTS[how_many]}. Multiply a right answer's "
        "weights and bias by 2, or by 0.5, and run check_top_row on it: is it still right?",
    )
