"""The 2x2 grid of pages 3-15 and the slide's numbers."""

import numpy as np
import pytest

import helpers
from helpers.grid import (
    C1,
    C2,
    DIAGONAL,
    SLIDE_WEIGHTS,
    grey_grids,
    grid_features,
    is_diagonal,
    weighted_sums,
    weighted_terms,
)


def test_all_patterns_are_the_16_colourings_in_binary_order():
    patterns = helpers.all_patterns()
    assert patterns.shape == (16, 2, 2)
    assert np.issubdtype(patterns.dtype, np.integer)
    assert set(np.unique(patterns)) == {C1, C2} == {-1, 1}
    assert len({p.tobytes() for p in patterns}) == 16
    np.testing.assert_array_equal(patterns[0], [[-1, -1], [-1, -1]])
    np.testing.assert_array_equal(patterns[1], [[-1, -1], [-1, 1]])  # a11 is the lowest bit
    np.testing.assert_array_equal(patterns[8], [[1, -1], [-1, -1]])  # a00 the highest
    np.testing.assert_array_equal(patterns[15], [[1, 1], [1, 1]])
    np.testing.assert_array_equal(patterns, helpers.all_patterns())  # a fixed order


def test_only_pattern_6_is_the_diagonal():
    np.testing.assert_array_equal(DIAGONAL, [[-1, 1], [1, -1]])
    labels = is_diagonal(helpers.all_patterns())
    assert labels.tolist() == [0] * 6 + [1] + [0] * 9


def test_slide_weights_give_8_on_the_diagonal_and_at_most_4_elsewhere():
    terms = weighted_terms(SLIDE_WEIGHTS, DIAGONAL)
    np.testing.assert_array_equal(terms, [2, 2, 2, 2])  # w1*a00, w2*a01, w3*a10, w4*a11
    scores = weighted_sums(SLIDE_WEIGHTS, helpers.all_patterns())
    assert scores[6] == 8
    assert np.max(np.delete(scores, 6)) == 4
    # every score is 8 minus 4 per cell that differs from the diagonal
    flips = np.sum(helpers.all_patterns() != DIAGONAL, axis=(1, 2))
    np.testing.assert_array_equal(scores, 8 - 4 * flips)


@pytest.mark.parametrize("bias", [-7.5, -6.0, -4.5])
def test_a_bias_between_minus_8_and_minus_4_separates_the_diagonal(bias):
    z = weighted_sums(SLIDE_WEIGHTS, helpers.all_patterns()) + bias
    p = helpers.sigmoid(z)
    np.testing.assert_array_equal(p > 0.5, z > 0)
    np.testing.assert_array_equal(p > 0.5, is_diagonal(helpers.all_patterns()) == 1)


def test_grid_features_flatten_in_cell_order():
    np.testing.assert_array_equal(grid_features(DIAGONAL), [[-1, 1, 1, -1]])
    assert grid_features(helpers.all_patterns()).shape == (16, 4)


@pytest.mark.parametrize(
    "bad", [np.zeros((3, 3)), np.zeros(4), np.zeros((5, 2, 3)), np.zeros((2, 2, 2, 2))]
)
def test_a_grid_that_is_not_2x2_is_refused(bad):
    with pytest.raises(ValueError, match=r"2x2 grids.*got \("):
        grid_features(bad)
    with pytest.raises(ValueError, match="2x2"):
        is_diagonal(bad)


def test_grey_grids_are_balanced_reproducible_and_shifted():
    grids, labels = grey_grids(400, np.random.default_rng(1))
    again, labels_again = grey_grids(400, np.random.default_rng(1))
    np.testing.assert_array_equal(grids, again)
    np.testing.assert_array_equal(labels, labels_again)
    assert grids.shape == (400, 2, 2) and labels.shape == (400,)
    assert labels.sum() == 200
    # no grid is exactly -1/1 any more, and the mean brightness of grids varies
    assert not np.any(np.isin(grids, (-1.0, 1.0)))
    assert grids.mean(axis=(1, 2)).std() > 0.2
    # the diagonal ones still correlate with the diagonal pattern, the others less
    corr = np.sum((grids - grids.mean(axis=(1, 2), keepdims=True)) * DIAGONAL, axis=(1, 2))
    assert corr[labels == 1].min() > 0.5 * 4 * 0.6 - 0.5
