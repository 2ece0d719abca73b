"""Self-checks for notebook 01: a neuron on the 2x2 grid."""

import numpy as np

from ..activations import sigmoid
from ..grid import (
    C2,
    DIAGONAL,
    LOPSIDED_WEIGHTS,
    all_patterns,
    bias_range,
    grid_features,
    is_diagonal,
    neuron_score,
    scale_light,
)
from ..logistic import LogisticRegression
from .common import NotAnAnswer, answers_everything, array, number, verdict


def _neuron_answers(weights, bias, grids):
    """sigma(weighted sum + b) > 1/2 for each grid (n, 2, 2) -> bool (n,): the rule of
    section 3, so a grid scoring exactly 0 (sigma = 1/2, not above it) is rejected."""
    weights = array(weights, "weights", (2, 2))
    return sigmoid(neuron_score(weights, grids, number(bias, "bias"))) > 0.5


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


@answers_everything
def check_other_diagonal(weights, bias):
    """Exercise: weights (2, 2) and bias that accept only the other diagonal [[1, -1], [-1, 1]]."""
    wanted = np.all(all_patterns() == -DIAGONAL, axis=(1, 2))
    return _check_detector(weights, bias, wanted, "the other diagonal")


@answers_everything
def check_top_row(weights, bias):
    """Exercise: weights (2, 2) and bias that accept the grids whose top row is all c2."""
    return _check_detector(weights, bias, _top_row(), "the 4 grids whose top row is c2")


@answers_everything
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


def _trained_on_the_top_row(trained):
    """The weights (2, 2) of `trained`, a LogisticRegression fitted on the 16 grids with the
    top-row labels and right on all of them; else NotAnAnswer saying what is missing."""
    if not isinstance(trained, LogisticRegression) or trained.weights is None:
        raise NotAnAnswer(
            "`trained` must be a helpers.LogisticRegression fitted on the 16 grids: "
            "call .fit(X, top_row) on one."
        )
    if trained.weights.shape != (4,):
        raise NotAnAnswer(
            f"`trained` was fitted on {trained.weights.shape[0]} features per example, not "
            "on the 4 cells of a grid: fit it on X = grid_features(patterns)."
        )
    said_yes = trained.predict(grid_features(all_patterns())) == 1
    problems = _mistakes(said_yes, _top_row(), "the trained neuron")
    if problems:
        raise NotAnAnswer(problems + ": was it trained on the labels of exercise 3?")
    return trained.weights.reshape(2, 2)


@answers_everything
def check_how_many_answers(trained, low, high):
    """Exercise: keep the weights of `trained` (a LogisticRegression fitted on the top-row
    labels) and find every bias that makes them right: the interval low < b <= high.

    A whole interval of biases works, and every positive multiple of an answer too: the
    top-row exercise has infinitely many answers. Compared within 1e-6 (absolute)."""
    weights = _trained_on_the_top_row(trained)
    truth = bias_range(weights, all_patterns(), _top_row().astype(int))
    given = number(low, "low"), number(high, "high")
    if given[0] > given[1]:
        return verdict(False, "low must not be above high: the interval is low < b <= high.")
    why = {  # (end, off which way): what a bias near the student's end does
        ("low", "too low"): "a bias just above it still rejects a grid whose top row is light",
        ("low", "too high"): "biases a little below it work too",
        ("high", "too high"): "a bias just below it accepts a grid whose top row is not light",
        ("high", "too low"): "biases a little above it work too",
    }
    for name, mine, right in zip(("low", "high"), given, truth, strict=True):
        if abs(mine - right) > 1e-6:
            side = "too low" if mine < right else "too high"
            return verdict(False, f"{name} is {side}: {why[name, side]}.")
    return verdict(
        True,
        "every bias in that interval makes the trained weights right, and so does every "
        "positive multiple of a right (weights, bias): exercise 3 has infinitely many answers. "
        "Gradient descent picks one, which depends on where it starts and how long it runs.",
    )
