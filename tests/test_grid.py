"""The 2x2 grid of pages 3-15 and the page's numbers."""

import numpy as np
import pytest

import helpers
from helpers.grid import (
    C1,
    C2,
    DIAGONAL,
    LOPSIDED_WEIGHTS,
    SLIDE_WEIGHTS,
    bias_range,
    grey_grids,
    grid_features,
    is_diagonal,
    neuron_score,
    scale_light,
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


def test_page_weights_give_8_on_the_diagonal_and_at_most_4_elsewhere():
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


def test_bias_range_is_where_the_neuron_is_right_on_every_grid():
    patterns = helpers.all_patterns()
    labels = is_diagonal(patterns)
    assert bias_range(SLIDE_WEIGHTS, patterns, labels) == (-8.0, -4.0)
    for weights in (SLIDE_WEIGHTS, LOPSIDED_WEIGHTS, np.array([[1.0, -2.0], [0.5, 3.0]])):
        low, high = bias_range(weights, patterns, labels)
        for bias in np.linspace(-12, 4, 65):  # every quarter, the ends included
            right = np.array_equal(neuron_score(weights, patterns, bias) > 0, labels == 1)
            assert right == (low < bias <= high), (weights.tolist(), bias)
    with pytest.raises(ValueError, match="both present"):
        bias_range(SLIDE_WEIGHTS, patterns, np.zeros(16))
    with pytest.raises(ValueError, match=r"labels must be \(n,\) = \(16,\)"):
        bias_range(SLIDE_WEIGHTS, patterns, labels[:4])


def test_contrast_scales_the_range_and_a_shift_moves_it_by_the_weights_sum():
    patterns = helpers.all_patterns()
    labels = is_diagonal(patterns)
    for c in (0.25, 0.5, 1.5, 2.0):
        assert bias_range(SLIDE_WEIGHTS, c * patterns, labels) == (-8 * c, -4 * c)
        assert bias_range(LOPSIDED_WEIGHTS, c * patterns, labels) == (-8 * c, -6 * c)
    for t in (-1.0, -0.5, 0.5, 1.0):  # the page's weights sum to 0, the lopsided ones to 4
        assert bias_range(SLIDE_WEIGHTS, patterns + t, labels) == (-8.0, -4.0)
        assert bias_range(LOPSIDED_WEIGHTS, patterns + t, labels) == (-8 - 4 * t, -6 - 4 * t)
    np.testing.assert_array_equal(weighted_sums(LOPSIDED_WEIGHTS, patterns).max(), 8)
    assert np.sort(weighted_sums(LOPSIDED_WEIGHTS, patterns))[-2] == 6  # the best rival


def test_scale_light_multiplies_the_light_of_every_cell():
    # light = (a + 1) / 2 runs from 0 (c1) to 1 (c2); k times the light is k a + (k - 1)
    for k in (0.5, 1.0, 1.5):
        scaled = scale_light(DIAGONAL, k)
        np.testing.assert_allclose((scaled + 1) / 2, k * (DIAGONAL[None] + 1) / 2)
        assert scaled.shape == (1, 2, 2) and scaled.min() == -1.0  # dark cells stay dark
    several = scale_light(DIAGONAL, np.array([0.5, 2.0]))
    np.testing.assert_array_equal(several, [[[-1, 0], [0, -1]], [[-1, 3], [3, -1]]])
    np.testing.assert_array_equal(scale_light(helpers.all_patterns(), 1.0), helpers.all_patterns())
    for bad in (0.0, -1.0, np.array([1.0, 2.0, 3.0])):
        with pytest.raises(ValueError, match="k must be a number > 0"):
            scale_light(helpers.all_patterns()[:2], bad)


def test_grey_grids_are_balanced_reproducible_and_scaled():
    grids, labels = grey_grids(400, np.random.default_rng(1), light=0.5, noise=0.1)
    again, labels_again = grey_grids(400, np.random.default_rng(1), light=0.5, noise=0.1)
    np.testing.assert_array_equal(grids, again)
    np.testing.assert_array_equal(labels, labels_again)
    assert grids.shape == (400, 2, 2) and labels.shape == (400,)
    assert labels.sum() == 200 and labels[0] == 1 and labels[1] == 0
    assert not np.any(np.isin(grids, (-1.0, 1.0)))  # grey levels, not the two colours
    # without noise the diagonal ones are exactly the diagonal with its light halved
    clean, clean_labels = grey_grids(50, np.random.default_rng(2), light=0.5, noise=0.0)
    np.testing.assert_array_equal(clean[clean_labels == 1], np.tile([[-1, 0], [0, -1]], (25, 1, 1)))
    others = grid_features(clean[clean_labels == 0])
    assert len({tuple(row) for row in others}) > 5  # drawn from the 15 other patterns
    assert not np.any(np.all(clean[clean_labels == 0] == [[-1, 0], [0, -1]], axis=(1, 2)))
