"""Self-checks for notebook 01: a neuron on the 2x2 grid."""

import numpy as np

from ..activations import sigmoid
from ..grid import C2, DIAGONAL, SLIDE_WEIGHTS, all_patterns, check_grids, neuron_score
from .common import verdict


def _neuron_answers(weights, bias, grids):
    """sigma(weighted sum + b) > 1/2 for each grid (n, 2, 2) -> bool (n,)."""
    weights = check_grids(weights, "weights")[0]
    bias = float(bias)
    return sigmoid(neuron_score(weights, grids, bias)) > 0.5


def _check_detector(weights, bias, wanted, what):
    """Compare the neuron's ✔ on the 16 patterns with `wanted` (16,) bool and explain."""
    said_yes = _neuron_answers(weights, bias, all_patterns())
    missed = np.flatnonzero(wanted & ~said_yes)
    false_alarms = np.flatnonzero(~wanted & said_yes)
    if len(missed) == 0 and len(false_alarms) == 0:
        return verdict(True, f"your neuron says ✔ exactly on {what}, and ✘ on the rest.")
    problems = []
    if len(missed):
        problems.append(f"it says ✘ on pattern(s) {missed.tolist()}, which it should accept")
    if len(false_alarms):
        problems.append(f"it says ✔ on pattern(s) {false_alarms.tolist()}, which it should reject")
    return verdict(
        False,
        "; ".join(problems) + " (numbers as in all_patterns()). "
        "Look at the weighted sum of those grids: which side of 0 is it on?",
    )


def check_other_diagonal(weights, bias):
    """Exercise: weights (2, 2) and bias that accept only the other diagonal [[1, -1], [-1, 1]]."""
    wanted = np.all(all_patterns() == -DIAGONAL, axis=(1, 2))
    return _check_detector(weights, bias, wanted, "the other diagonal")


def check_top_row(weights, bias):
    """Exercise: weights (2, 2) and bias that accept the grids whose top row is all c2."""
    wanted = np.all(all_patterns()[:, 0, :] == C2, axis=1)
    return _check_detector(weights, bias, wanted, "the 4 grids whose top row is c2")


def check_dimmed_bias(bias, contrast=0.6):
    """Exercise: a bias for the slide's weights that accepts the diagonal dimmed to `contrast`
    (every cell multiplied by it) and still rejects all 15 other patterns at full colour."""
    patterns = all_patterns()
    others = patterns[~np.all(patterns == DIAGONAL, axis=(1, 2))]
    dimmed_ok = _neuron_answers(SLIDE_WEIGHTS, bias, contrast * DIAGONAL)[0]
    fooled = int(np.sum(_neuron_answers(SLIDE_WEIGHTS, bias, others)))
    if dimmed_ok and fooled == 0:
        return verdict(
            True, f"the diagonal dimmed to {contrast} is accepted and no other pattern is."
        )
    if not dimmed_ok and fooled == 0:
        return verdict(
            False,
            "the dimmed diagonal is rejected: its weighted sum + b is not > 0, so b is too low.",
        )
    if dimmed_ok:
        return verdict(False, f"{fooled} other pattern(s) are accepted too, so b is too high.")
    return verdict(
        False,
        f"the dimmed diagonal is rejected and {fooled} other pattern(s) "
        "are accepted: compare the dimmed diagonal's weighted sum with theirs.",
    )
