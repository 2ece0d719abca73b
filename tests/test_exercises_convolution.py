"""The self-checks of notebook 03: right answers pass, slips get why, nothing on the page passes."""

import itertools
import re

import numpy as np
import pytest
from notebook_page import numbers_in, shown_before, verdict

from helpers.cnn import digit_cnn
from helpers.data import load_digits
from helpers.exercises import (
    check_conv_params,
    check_diagonal_edge_filter,
    check_max_pool,
    check_output_size,
)
from helpers.filters import CLASSIC_FILTERS, DIAGONAL_FILTER, edge_table
from helpers.losses import softmax_cross_entropy
from helpers.optim import Adam
from helpers.training import train

NOTEBOOK = "03_convolution_and_pooling.ipynb"
# right answers to exercise 2, worked out by hand: weights that change across the main
# diagonal and cancel along every line parallel to the other one
DIAGONAL_ANSWERS = [
    [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],
    [[0, 0, 0], [0, 0, 1], [0, -1, 0]],
    [[0, -1, -1], [1, 0, -1], [1, 1, 0]],
]


def test_output_size(capsys):
    check_output_size(28, 5, 2, 1, 13)
    assert verdict(capsys)[0]
    check_output_size(28, 5, 2, 1, 14)
    right, out = verdict(capsys)
    assert not right and "too many" in out and "13" not in out


def test_conv_params_and_max_pool(capsys):
    check_conv_params(16, 32, 5, 12832)  # 32 filters of 16 x 5 x 5 weights, and 32 biases
    assert verdict(capsys)[0]
    check_conv_params(16, 32, 5, 12800)
    assert "too few" in verdict(capsys)[1]
    check_max_pool([[4, 2], [2, 7]])
    assert verdict(capsys)[0]
    check_max_pool([[4, 2], [2, 6]])
    right, out = verdict(capsys)
    assert not right and "1 of the 4" in out
    check_max_pool([[4, 2, 2], [2, 7, 7]])
    assert "shape" in verdict(capsys)[1]


def square_blocks(text):
    """Every 3x3 filter the text holds: each [[...]] group of 9 numbers, every 3x3 block of
    a group of 16, and each group of 4 (a 2x2 filter) at the four corners of a 3x3 one."""
    blocks = []
    for group in re.findall(r"\[\[.*?\]\]", text, flags=re.DOTALL):
        values = np.array(numbers_in(group))
        if values.size == 9:
            blocks.append(values.reshape(3, 3))
        elif values.size == 16:
            square = values.reshape(4, 4)
            blocks += [square[i : i + 3, j : j + 3] for i in range(2) for j in range(2)]
        elif values.size == 4:
            blocks += corners(values.reshape(2, 2))
    return blocks


def corners(small):
    """A 2x2 filter put into a 3x3 one of zeros at each of the four corners."""
    placed = []
    for i, j in itertools.product(range(2), repeat=2):
        big = np.zeros((3, 3))
        big[i : i + 2, j : j + 2] = small
        placed.append(big)
    return placed


def learned_filters():
    """The CNN's first-layer filters (8, 3, 3), trained as notebook 03 trains them."""
    images, labels = load_digits()
    X = images[:, None]
    order = np.random.default_rng(506).permutation(len(X))
    cnn = digit_cnn(seed=506)
    data = (X[order[:1437]], labels[order[:1437]])
    train(cnn, softmax_cross_entropy, data, Adam(cnn.params, 3e-3), 20, batch_size=32, seed=506)
    return cnn.params["0.W"][:, 0]


@pytest.mark.parametrize("answer", DIAGONAL_ANSWERS)
def test_diagonal_edge_filter_accepts_right_answers(answer, capsys):
    check_diagonal_edge_filter(np.array(answer))
    assert verdict(capsys)[0]
    check_diagonal_edge_filter(-2.5 * np.array(answer))  # either sign, any strength above 1
    assert verdict(capsys)[0]


@pytest.mark.parametrize(
    "kernel, why",
    [
        (np.zeros((3, 3)), "only 0.00"),
        (0.1 * np.array(DIAGONAL_ANSWERS[0]), "only 0.40"),
        (np.rot90(DIAGONAL_ANSWERS[0]), "finds the other direction"),
        (np.fliplr(DIAGONAL_ANSWERS[0]), "finds the other direction"),
        (CLASSIC_FILTERS["vertical edges"], "cannot tell the two directions apart"),
        (CLASSIC_FILTERS["horizontal edges"], "cannot tell the two directions apart"),
        (CLASSIC_FILTERS["blur"], "flat patch"),
        (np.array(DIAGONAL_ANSWERS[0]) + 1, "brightness"),
    ],
)
def test_diagonal_edge_filter_says_why(kernel, why, capsys):
    check_diagonal_edge_filter(kernel)
    right, out = verdict(capsys)
    assert not right and why in out
    assert "[[" not in out and "[" not in out  # never a filter, let alone the answer


def test_diagonal_edge_filter_refuses_a_misshapen_filter(capsys):
    check_diagonal_edge_filter(np.zeros((2, 2)))
    right, out = verdict(capsys)
    assert not right and "the filter must have shape (3, 3), got (2, 2)" in out


def test_diagonal_edge_filter_rejects_every_filter_on_the_page(capsys):
    text = shown_before(NOTEBOOK, "check_diagonal_edge_filter")
    page = square_blocks(text)
    # the parsing found the page 36 map, the z map, the editor's default and the zeros
    for expected in [
        [[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]],  # page 36's map
        [[2, -14, -2], [-14, 2, -14], [-2, -14, 2]],  # z, printed
        CLASSIC_FILTERS["vertical edges"],  # the filter editor's default, in its repr
        np.zeros((3, 3)),  # the exercise's own starting filter
    ]:
        assert any(np.array_equal(block, expected) for block in page), expected
    learned = learned_filters()
    swings = [f"swing {v:.1f} on a vertical edge, {h:.1f}" for v, h in edge_table(learned)]
    assert all(s in text for s in swings)  # the same filters the notebook measured
    defined = [*CLASSIC_FILTERS.values(), *corners(DIAGONAL_FILTER), *learned]
    numbers = {*numbers_in(text), 0.0}
    filled = [np.full((3, 3), n) for n in numbers]  # a number on the page, as every weight
    single = [np.where(np.eye(9)[c].reshape(3, 3) == 1, n, 0.0) for c in range(9) for n in numbers]
    for kernel in [*page, *defined, *filled, *single]:
        check_diagonal_edge_filter(kernel)
        assert not verdict(capsys)[0], kernel.tolist()


def whole_numbers(text):
    """Every whole number in text, "1,168" read as 1168."""
    return {int(n.replace(",", "")) for n in re.findall(r"(?<![\d.])\d[\d,]*(?![\d.])", text)}


def test_conv_params_rejects_every_count_on_the_page(capsys):
    """Section 6's summary prints each layer's count of weights; none answers exercise 3."""
    counts = whole_numbers(shown_before(NOTEBOOK, "check_conv_params"))
    assert {1168, 3818} <= counts  # the summary's Conv2D(8, 16, 3) and the CNN's total
    for count in counts:
        check_conv_params(16, 32, 5, count)
        right, _ = verdict(capsys)
        assert not right, count


def test_max_pool_rejects_every_pooled_map_on_the_page(capsys):
    """The 2x2 results the notebook prints before exercise 4 (its pooling of two 3x3 maps)
    are no answer to it."""
    text = shown_before(NOTEBOOK, "check_max_pool")
    pairs = re.findall(
        r"\[\[\s*([-\d.]+),?\s+([-\d.]+)\],?\s*\[\s*([-\d.]+),?\s+([-\d.]+)\]\]", text
    )
    assert len(pairs) >= 2
    for numbers in pairs:
        check_max_pool(np.array(numbers, float).reshape(2, 2))
        right, _ = verdict(capsys)
        assert not right, numbers
