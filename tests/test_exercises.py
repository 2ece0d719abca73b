"""The self-checks of notebook 01: right answers pass, wrong ones fail with a reason, no answer
is printed, and nothing the notebook shows before an exercise passes it."""

import re

import numpy as np
import pytest
from notebook_page import numbers_in, shown_before, verdict

import helpers
from helpers.exercises import (
    check_brightened_bias,
    check_how_many_answers,
    check_other_diagonal,
    check_top_row,
)
from helpers.grid import DIAGONAL, LOPSIDED_WEIGHTS, SLIDE_WEIGHTS, grid_features, is_diagonal

NOTEBOOK = "01_neuron_on_a_grid.ipynb"
PATTERNS = helpers.all_patterns()
X = grid_features(PATTERNS)
TOP_ROW = np.all(PATTERNS[:, 0, :] == 1, axis=1).astype(int)


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
        (-13.0, True, "accepted and no other"),
        (-11.0, True, "accepted and no other"),
        (-10.9, False, "b is too high"),
        (-14.0, False, "b is too low"),
        (-20.0, False, "b is too low"),
    ],
)
def test_brightened_bias(bias, right, reason, capsys):
    # brightened by 1.5, a cell a becomes 1.5 a + 0.5; the lopsided weights sum to 4, so
    # z = 1.5 s + 2 + b: the diagonal (s = 8) scores 14 + b, its best rival (s = 6) 11 + b
    check_brightened_bias(bias)
    is_right, out = verdict(capsys)
    assert is_right is right and reason in out
    assert "-14" not in out and "-11" not in out  # never the range itself


def test_brightened_bias_agrees_with_bias_range():
    low, high = helpers.grid.bias_range(
        LOPSIDED_WEIGHTS, helpers.grid.scale_light(PATTERNS, 1.5), is_diagonal(PATTERNS)
    )
    assert (low, high) == (-14.0, -11.0)


def fitted(labels, **kwargs):
    return helpers.LogisticRegression(learning_rate=1.0, epochs=300, seed=506, **kwargs).fit(
        X, labels
    )


def top_row_range(model):
    """The biases that make `model`'s weights right on the top-row labels: (low, high)."""
    return helpers.grid.bias_range(model.weights.reshape(2, 2), PATTERNS, TOP_ROW)


def test_how_many_answers_right(capsys):
    model = fitted(TOP_ROW)
    low, high = top_row_range(model)
    assert low < model.bias <= high and high - low > 1  # a whole interval of right biases
    check_how_many_answers(model, low, high)
    right, out = verdict(capsys)
    assert right and "infinitely many answers" in out


@pytest.mark.parametrize(
    "trained, answer, reason",  # answer: (low, high) of the right range -> the student's
    [
        (None, lambda lo, hi: (lo, hi), "must be a helpers.LogisticRegression fitted"),
        ("unfitted", lambda lo, hi: (lo, hi), "must be a helpers.LogisticRegression"),
        ("diagonal", lambda lo, hi: (lo, hi), "says ✘ on pattern(s) [12, 13, 14, 15]"),
        ("top row", lambda lo, hi: (lo - 1, hi), "low is too low: a bias just above it still"),
        ("top row", lambda lo, hi: (lo + 1, hi), "low is too high: biases a little below it"),
        ("top row", lambda lo, hi: (lo, hi + 1), "high is too high: a bias just below it"),
        ("top row", lambda lo, hi: (lo, hi - 1), "high is too low: biases a little above it"),
        ("top row", lambda lo, hi: (hi, lo), "low must not be above high"),
        ("top row", lambda lo, hi: (None, hi), "low is still None"),
        ("top row", lambda lo, hi: ("-8", hi), "low must be a number, got the text '-8'"),
        ("top row", lambda lo, hi: (lo, [hi]), "high must be a number, got list"),
    ],
)
def test_how_many_answers_wrong(trained, answer, reason, capsys):
    models = {
        "unfitted": helpers.LogisticRegression(),
        "diagonal": fitted(is_diagonal(PATTERNS)),
        "top row": fitted(TOP_ROW),
    }
    model = models.get(trained)
    right_range = top_row_range(models["top row"])
    check_how_many_answers(model, *answer(*right_range))
    right, out = verdict(capsys)
    assert not right and reason in out, out


def test_how_many_answers_refuses_a_model_of_other_data(capsys):
    model = helpers.LogisticRegression(epochs=5).fit(np.zeros((4, 3)), [0, 1, 0, 1])
    check_how_many_answers(model, -1.0, 0.0)
    right, out = verdict(capsys)
    assert not right and "3 features per example" in out


# --- nothing on the page before an exercise passes it -------------------------------------


def numbers(text):
    """Every number in `text` (a '−' read as a minus) -> sorted list of floats, 0.0 included."""
    return sorted({*numbers_in(text), 0.0})


def weight_sets(text):
    """Every group of 4 numbers printed as a list or a 2x2 array, and the weights the notebook
    defines (the page's, the lopsided ones, the diagonal itself, the exercise's zeros)."""
    groups = [numbers_in(g) for g in re.findall(r"\[\[[^\]]*\][^\]]*\]\]|\[[^\[\]]*\]", text)]
    found = [np.array(g).reshape(2, 2) for g in groups if len(g) == 4]
    return [*found, SLIDE_WEIGHTS, LOPSIDED_WEIGHTS, DIAGONAL.astype(float), np.zeros((2, 2))]


def rejected(capsys, check, *answer):
    check(*answer)
    return not verdict(capsys)[0]


@pytest.mark.parametrize("check", [check_other_diagonal, check_top_row])
def test_no_weights_and_bias_on_the_page_pass_exercises_1_and_3(check, capsys):
    text = shown_before(NOTEBOOK, check.__name__)
    candidates = weight_sets(text)
    assert len(candidates) > 6  # the learned weights and the gradient were found in the text
    for weights in candidates:
        for bias in numbers(text):
            assert rejected(capsys, check, weights, bias), (weights.tolist(), bias)


def test_no_bias_on_the_page_passes_exercise_2(capsys):
    biases = numbers(shown_before(NOTEBOOK, "check_brightened_bias"))
    assert {-6.0, -8.0, -10.0, -16.0, 0.92}.issubset(biases)  # the ranges and page 15 are read
    for bias in biases:
        assert rejected(capsys, check_brightened_bias, bias), bias


def test_nothing_on_the_page_passes_exercise_4(capsys):
    """No pair of numbers shown before exercise 4 is the trained weights' range of biases."""
    shown = numbers(shown_before(NOTEBOOK, "check_how_many_answers"))
    assert {4.0, 16.0, -8.0}.issubset(shown)
    model = fitted(TOP_ROW)
    for low in shown:
        for high in shown:
            if low <= high:
                assert rejected(capsys, check_how_many_answers, model, low, high), (low, high)


def test_checks_answer_misshapen_weights_with_a_sentence(capsys):
    check_other_diagonal(np.zeros(4), 0.0)
    right, out = verdict(capsys)
    assert not right and "weights must have shape (2, 2), got (4,)" in out
