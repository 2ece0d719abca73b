"""The self-checks: right answers pass, wrong ones fail with a reason, no answer is printed."""

import numpy as np
import pytest

from helpers.exercises import check_dimmed_bias, check_other_diagonal, check_top_row


def verdict(capsys):
    """What the check printed, split into (right?, the message)."""
    out = capsys.readouterr().out
    assert out.startswith(("✔ Right: ", "✘ Not yet: ")) and out.count("\n") == 1, out
    return out.startswith("✔"), out


@pytest.mark.parametrize("weights, bias", [([[2, -2], [-2, 2]], -6), ([[1, -1], [-1, 1]], -3.5)])
def test_other_diagonal_right(weights, bias, capsys):
    assert check_other_diagonal(np.array(weights, float), bias) is None  # prints only
    right, out = verdict(capsys)
    assert right and "exactly on the other diagonal" in out


@pytest.mark.parametrize(
    "weights, bias",
    [
        (np.zeros((2, 2)), 0.0),
        ([[-2, 2], [2, -2]], -6),
        ([[2, -2], [-2, 2]], -8),
        ([[2, -2], [-2, 2]], 0),
    ],
)
def test_other_diagonal_wrong(weights, bias, capsys):
    check_other_diagonal(np.array(weights, float), bias)
    right, out = verdict(capsys)
    assert not right and "pattern(s)" in out
    assert "-6" not in out and "[[" not in out  # says what goes wrong, never the weights


def test_other_diagonal_names_the_misjudged_patterns(capsys):
    check_other_diagonal(np.array([[2.0, -2.0], [-2.0, 2.0]]), 0.0)  # also accepts 1-flips
    _, out = verdict(capsys)
    assert "it says ✔ on pattern(s) [1, 8, 11, 13], which it should reject" in out


def test_top_row(capsys):
    check_top_row(np.array([[1.0, 1.0], [0.0, 0.0]]), -1.5)
    assert verdict(capsys)[0]
    check_top_row(np.array([[1.0, 1.0], [0.0, 0.0]]), 0.5)
    right, out = verdict(capsys)
    assert not right and "which it should reject" in out
    check_top_row(np.array([[1.0, 1.0], [1.0, 0.0]]), -1.5)
    assert not verdict(capsys)[0]


@pytest.mark.parametrize(
    "bias, right, reason",
    [
        (-4.7, True, "accepted and no other"),
        (-4.0, True, "accepted and no other"),
        (-3.9, False, "b is too high"),
        (-4.8, False, "b is too low"),
        (-6.0, False, "b is too low"),
    ],
)
def test_dimmed_bias(bias, right, reason, capsys):
    # the dimmed diagonal scores 8 * 0.6 = 4.8, the best other pattern 4: b in (-4.8, -4]
    check_dimmed_bias(bias)
    is_right, out = verdict(capsys)
    assert is_right is right and reason in out


def test_checks_refuse_misshapen_weights():
    with pytest.raises(ValueError, match="2x2"):
        check_other_diagonal(np.zeros(4), 0.0)
