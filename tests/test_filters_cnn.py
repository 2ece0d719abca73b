"""Notebook 03's numbers: the slides' ✔/✘ map, filters found anywhere, the CNN on digits."""

import numpy as np
import pytest

from helpers.cnn import digit_cnn, digit_mlp, summary
from helpers.data import load_digits
from helpers.filters import (
    CLASSIC_FILTERS,
    LONG_DIAGONAL,
    edge_swing,
    edge_table,
    filter_image,
    match_map,
    place_diagonal,
    slide_steps,
    step_edge,
)
from helpers.losses import softmax_cross_entropy
from helpers.metrics import accuracy, count_params
from helpers.optim import Adam
from helpers.training import train


def test_the_slides_map_from_the_long_diagonal():
    assert match_map(LONG_DIAGONAL).tolist() == [["✔", "✘", "✘"], ["✘", "✔", "✘"], ["✘", "✘", "✔"]]
    steps = slide_steps(LONG_DIAGONAL)
    assert [s["position"] for s in steps] == [(i, j) for i in range(3) for j in range(3)]
    assert [s["sum"] for s in steps] == [8, -8, 4, -8, 8, -8, 4, -8, 8]
    np.testing.assert_array_equal(steps[4]["window"], [[-1, 1], [1, -1]])
    assert steps[0]["probability"] == pytest.approx(1 / (1 + np.exp(-2)))


@pytest.mark.parametrize("row, col", [(0, 0), (2, 1), (1, 3), (3, 3)])
def test_the_map_follows_the_diagonal(row, col):
    found = np.argwhere(match_map(place_diagonal(6, row, col)) == "✔").tolist()
    assert found == [[row, col], [row + 1, col + 1]]


@pytest.mark.parametrize("row, col", [(0, 0), (2, 1), (1, 3)])
def test_the_map_follows_the_diagonal_on_a_background_of_zeros(row, col):
    image = place_diagonal(6, row, col, background=0)
    assert sorted(np.unique(image).tolist()) == [-1, 0, 1]
    found = np.argwhere(match_map(image) == "✔").tolist()
    assert found == [[row, col], [row + 1, col + 1]]
    assert np.all(image[np.arange(3) + row, np.arange(3) + col] == -1)  # the diagonal itself


def test_step_edges_and_how_strongly_filters_answer_them():
    edges = {d: step_edge(d, 6) for d in ("vertical", "horizontal", "diagonal", "anti-diagonal")}
    assert edges["vertical"][:, :3].sum() == 0 and np.all(edges["vertical"][:, 3:] == 1)
    np.testing.assert_array_equal(edges["horizontal"], edges["vertical"].T)
    assert edges["diagonal"][0, 1] == 1 and edges["diagonal"][1, 0] == 0
    np.testing.assert_array_equal(edges["anti-diagonal"], np.flipud(edges["diagonal"]))
    sobel_x, sobel_y = CLASSIC_FILTERS["vertical edges"], CLASSIC_FILTERS["horizontal edges"]
    np.testing.assert_allclose(edge_table([sobel_x, sobel_y]), [[4, 0], [0, 4]], atol=1e-12)
    # a blur only sees brightness: without its mean it answers nothing
    assert edge_swing(CLASSIC_FILTERS["blur"], edges["vertical"]) == pytest.approx(0, abs=1e-12)
    # the swing ignores the mean: adding a constant to the weights changes nothing
    assert edge_swing(sobel_x + 3, edges["vertical"]) == pytest.approx(4)


def test_summary_lists_the_layers_their_output_shapes_and_weights():
    text = summary(digit_cnn(), (1, 1, 8, 8))
    lines = text.splitlines()
    assert len(lines) == 1 + 7 + 1
    assert "(1, 8, 8, 8)" in lines[1] and "80 weights" in lines[1]
    assert "MaxPool2D" in lines[5] and "(1, 16, 4, 4)" in lines[5] and "weights" not in lines[5]
    assert "(1, 256)" in lines[6] and lines[-1].split()[-1] == "3,818"
    dense = summary(digit_mlp(hidden=64), (2, 1, 8, 8)).splitlines()
    assert "(2, 64)" in dense[1] and "(2, 10)" in dense[-2] and dense[-1].endswith("4,810")


def test_classic_filters_on_simple_images():
    edge = np.zeros((6, 6))
    edge[:, 3:] = 1  # dark left, light right
    vertical = filter_image(edge, CLASSIC_FILTERS["vertical edges"])
    assert np.abs(vertical).max() == 4 and np.all(vertical[:, 0] == 0)
    assert np.all(filter_image(edge, CLASSIC_FILTERS["horizontal edges"]) == 0)
    np.testing.assert_allclose(filter_image(edge, CLASSIC_FILTERS["identity"]), edge[1:-1, 1:-1])
    flat = np.full((5, 5), 0.3)
    np.testing.assert_allclose(filter_image(flat, CLASSIC_FILTERS["blur"]), 0.3)
    np.testing.assert_allclose(filter_image(flat, CLASSIC_FILTERS["sharpen"]), 0.3)
    assert filter_image(edge, CLASSIC_FILTERS["blur"], stride=2, padding=1).shape == (3, 3)


def test_the_cnn_reads_digits_better_than_a_larger_dense_network():
    images, labels = load_digits()
    X = images[:, None]
    order = np.random.default_rng(506).permutation(len(X))
    tr, te = order[:1437], order[1437:]
    cnn, mlp = digit_cnn(seed=506), digit_mlp(hidden=64, seed=506)
    assert count_params(cnn) == 8 * 9 + 8 + 16 * 8 * 9 + 16 + 256 * 10 + 10 == 3818
    assert count_params(mlp) == 64 * 64 + 64 + 64 * 10 + 10 == 4810
    for model in (cnn, mlp):
        train(
            model,
            softmax_cross_entropy,
            (X[tr], labels[tr]),
            Adam(model.params, 3e-3),
            epochs=20,
            batch_size=32,
            seed=506,
        )
    assert cnn.forward(X[:3]).shape == (3, 10)
    assert accuracy(cnn, X[te], labels[te]) >= 0.95
    assert accuracy(cnn, X[te], labels[te]) > accuracy(mlp, X[te], labels[te])
