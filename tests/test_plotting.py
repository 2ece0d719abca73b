"""Figures: the right panels, and the live (blitted) picture equal to a full redraw."""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import helpers
from helpers.grid import grid_features, is_diagonal
from helpers.plotting import (
    LiveFigure,
    plot_curves,
    plot_error_curves,
    plot_grids,
    plot_loss,
    plot_probability_snapshots,
    plot_scores,
    plot_sigmoid,
    plot_weights,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_figures_have_one_panel_per_thing_shown():
    patterns = helpers.all_patterns()
    labels = is_diagonal(patterns)
    assert len(plot_grids(patterns).axes) == 16
    assert len([ax for ax in plot_grids(patterns[:5], ncols=4).axes if ax.axison]) == 5
    bars = plot_scores(np.arange(16.0), labels, "score").axes[0].patches
    assert [b.get_height() for b in bars] == list(range(16))
    assert plot_sigmoid(np.linspace(-5, 5, 16), labels).axes[0].collections  # the points
    assert len(plot_loss([np.ones(5), np.ones(5)], ["a", "b"]).axes[0].lines) == 2
    texts = [t.get_text() for t in plot_weights(np.eye(2), -1.0).axes[0].texts]
    assert texts == ["w1 = +1.00", "w2 = +0.00", "w3 = +0.00", "w4 = +1.00"]
    model = helpers.LogisticRegression(epochs=20).fit(grid_features(patterns), labels)
    fig = plot_probability_snapshots(model, grid_features(patterns), labels, [0, 10, 20])
    assert [ax.get_title() for ax in fig.axes][1].startswith("step 10: loss")


def test_curves_share_one_plot_a_legend_only_for_several_and_whole_number_ticks():
    one = plot_curves([1, 2, 3], {"a": [3.0, 2.0, 1.0]}, "epoch", "loss").axes[0]
    assert one.get_legend() is None and one.get_yscale() == "linear"
    assert all(float(t).is_integer() for t in one.get_xticks())  # not 1.25, 1.5, ...: integer=True
    two = plot_curves(None, {"a": [1.0, 0.01], "b": [1.0, 0.5]}, "step", "loss", log="auto")
    assert [t.get_text() for t in two.axes[0].get_legend().get_texts()] == ["a", "b"]
    assert two.axes[0].get_yscale() == "log"  # the values span two decades
    assert list(two.axes[0].lines[1].get_xdata()) == [0, 1]
    single = plot_loss([np.ones(5)], ["only"]).axes[0]
    assert single.get_legend() is None and single.lines[0].get_marker() == "None"
    with_baseline = plot_loss([np.ones(5)], ["only"], baseline=(0.5, "chance")).axes[0]
    assert with_baseline.get_legend() is not None  # two lines to tell apart
    errors = plot_error_curves([2, 4, 8], {"a": [3, 2, 1], "b": [4, 3, 2]}).axes[0]
    assert list(errors.get_xticks()) == [2, 4, 8] and errors.get_legend() is not None


def test_live_figure_draws_what_a_full_redraw_draws():
    live = LiveFigure((4, 3), ncols=2)
    left, right = live.axes
    left.plot([0, 1, 2], [3, 1, 2], color="grey")
    (line,) = right.plot([], [], "o-")
    right.set_xlim(0, 10)
    right.set_ylim(0, 10)
    live.freeze([line])
    line.set_data([1, 5, 9], [2, 8, 3])
    blitted = np.asarray(Image.open(io.BytesIO(live.png())))
    line.set_animated(False)
    live.canvas.draw()
    full = np.asarray(live.canvas.buffer_rgba())
    assert blitted.shape == full.shape
    assert np.mean(blitted != full) < 0.001  # identical up to anti-aliasing at a few pixels


def test_notebook_03_figures_put_signed_maps_on_symmetric_scales_with_colour_bars():
    from helpers.filters import CLASSIC_FILTERS, filter_image, match_map, place_diagonal
    from helpers.plotting import plot_filter_bank, plot_found_anywhere, plot_learned_filters

    images = [place_diagonal(6, r, c, background=0) for r, c in [(0, 0), (2, 1)]]
    fig = plot_found_anywhere(images, [match_map(i) for i in images], ["a", "b"])
    assert len(fig.axes) == 2 * 2 + 1  # the images, their maps, one colour bar
    assert len(fig.axes[0].patches) == 2  # a frame on each window marked ✔
    digit = np.linspace(0, 1, 64).reshape(8, 8)
    maps = {name: filter_image(digit, k, padding=1) for name, k in CLASSIC_FILTERS.items()}
    fig = plot_filter_bank(digit, CLASSIC_FILTERS, maps)
    n = len(CLASSIC_FILTERS)
    assert len(fig.axes) == 2 * (n + 1) + 2  # two rows of panels, a colour bar for each row
    for ax in fig.axes[1 : n + 1] + fig.axes[n + 2 : 2 * n + 2]:  # kernels, then maps
        low, high = ax.images[0].get_clim()
        assert -low == high > 0  # symmetric about 0: white means 0
    kernels = np.random.default_rng(0).normal(size=(3, 3, 3))
    fig = plot_learned_filters(kernels, np.abs(kernels).repeat(2, 1).repeat(2, 2), digit)
    assert len(fig.axes) == 2 * 4 + 2
    assert fig.axes[5].images[0].get_clim()[0] == 0  # maps after a ReLU: 0 .. max
