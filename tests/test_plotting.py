"""Figures: the right panels, and the live (blitted) picture equal to a full redraw."""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from PIL import Image

import helpers
from helpers.grid import grid_features, is_diagonal
from helpers.plotting import (
    NO_COLOUR,
    PALETTE,
    YES_COLOUR,
    LiveFigure,
    plot_bias_ranges,
    plot_codes,
    plot_curves,
    plot_error_curves,
    plot_grids,
    plot_histograms,
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
    for artist in live.artists:  # the line and the frames LiveFigure redraws over it
        artist.set_animated(False)
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
    # two rows of panels; one colour bar for the kernels, and one under each map: a map of
    # small values (the blur's) keeps its shape on a scale of its own
    assert len(fig.axes) == 2 * (n + 1) + 1 + n
    for ax in fig.axes[1 : n + 1] + fig.axes[n + 2 : 2 * n + 2]:  # kernels, then maps
        low, high = ax.images[0].get_clim()
        assert -low == high > 0  # symmetric about 0: white means 0
    limits = [ax.images[0].get_clim()[1] for ax in fig.axes[n + 2 : 2 * n + 2]]
    assert limits == [np.abs(m).max() for m in maps.values()]  # each map's own scale
    kernels = np.random.default_rng(0).normal(size=(3, 3, 3))
    fig = plot_learned_filters(kernels, np.abs(kernels).repeat(2, 1).repeat(2, 2), digit)
    assert len(fig.axes) == 2 * 4 + 2
    assert fig.axes[5].images[0].get_clim()[0] == 0  # maps after a ReLU: 0 .. max


# The pack's colour-blind-safe style (issue 11 §5): a palette, never colour as the only cue,
# a colour bar on every signed map.


def _hex(colour):
    return to_hex(colour, keep_alpha=False).upper()


def _simulated_lab(colour, kind):
    """CIELAB of a colour as seen with protanopia, deuteranopia or tritanopia (Machado,
    Oliveira and Fernandes 2009, severity 1, applied in linear RGB)."""
    matrices = {
        "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
        "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                   [-0.011820, 0.042940, 0.968881]],
        "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    }  # fmt: skip
    srgb = np.array(to_rgb(colour))
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.array(matrices[kind]) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("kind", ["protan", "deutan", "tritan"])
def test_yes_and_no_colours_stay_apart_with_every_colour_vision_deficiency(kind):
    distance = np.linalg.norm(_simulated_lab(YES_COLOUR, kind) - _simulated_lab(NO_COLOUR, kind))
    assert distance > 30  # the old green #2a9d4b and red #b03a2e: 13 for a deutan
    assert _hex(YES_COLOUR) in PALETTE and _hex(NO_COLOUR) in PALETTE


def test_plotting_leaves_the_global_style_alone():
    before = matplotlib.rcParams["axes.prop_cycle"]
    plot_curves(None, {"a": [1.0, 2.0], "b": [2.0, 1.0]}, "x", "y")
    assert matplotlib.rcParams["axes.prop_cycle"] == before


def test_lines_bars_and_bands_take_the_palette_with_a_second_cue():
    curves = {f"c{k}": np.arange(3.0) + k for k in range(5)}
    lines = plot_curves([1, 2, 3], curves, "epoch", "loss").axes[0].lines
    assert [_hex(line.get_color()) for line in lines] == list(PALETTE[:5])
    assert len({line.get_marker() for line in lines}) == 5  # and a marker each
    rng = np.random.default_rng(0)
    groups = {"normal": rng.normal(size=50), "odd": rng.normal(3, 1, size=20)}
    ax = plot_histograms(groups, "error", bins=10).axes[0]
    faces = [_hex(p.get_facecolor()) for p in ax.patches]
    assert faces == [PALETTE[0]] * 10 + [PALETTE[1]] * 10
    assert {p.get_hatch() for p in ax.patches[:10]} != {p.get_hatch() for p in ax.patches[10:]}
    x = np.arange(3.0)
    bands = {"a": (x - 1, x + 1), "b": (x, x + 2)}
    ax = plot_bias_ranges([("knob", x, bands)]).axes[0]
    assert [_hex(c.get_facecolor()[0]) for c in ax.collections] == list(PALETTE[:2])
    assert ax.collections[0].get_hatch() != ax.collections[1].get_hatch()


def test_codes_have_a_colour_a_marker_and_a_bold_label_per_digit_at_its_centre():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), 20)
    codes = rng.normal(size=(10, 2))[labels] * 5 + rng.normal(size=(200, 2))
    fig = plot_codes(codes, labels)
    ax = fig.axes[0]  # every code; the second panel enlarges the middle
    texts = [t for t in ax.texts if t.get_text().isdigit()]
    assert sorted(int(t.get_text()) for t in texts) == list(range(10))
    spots = []
    for text in texts:
        digit = int(text.get_text())
        assert np.allclose(text.xy, codes[labels == digit].mean(axis=0))  # tied to its centre
        assert text.get_fontweight() == "bold" and text.get_bbox_patch() is not None
        spots.append(ax.transAxes.inverted().transform(ax.transData.transform(text.xyann)))
    gaps = [np.hypot(*(a - b)) for i, a in enumerate(spots) for b in spots[i + 1 :]]
    assert min(gaps) > 0.06  # no two labels on each other: at least 6% of the axes apart
    points = ax.collections
    colours = [_hex(c.get_facecolor()[0]) for c in points]
    assert set(colours[:8]) == set(PALETTE) and len(set(colours)) == 10
    shapes = [c.get_paths()[0].vertices.round(6).tobytes() for c in points]
    assert len(set(shapes)) == 10  # every class has its own marker too


def _colour_bars(fig):
    return [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]


def test_signed_maps_and_two_colour_images_have_a_colour_bar_naming_the_values():
    from helpers.filters import DIAGONAL_FILTER, LONG_DIAGONAL, match_map, slide_steps
    from helpers.plotting import plot_image_filter_map, plot_sliding_steps

    fig = plot_image_filter_map(LONG_DIAGONAL, DIAGONAL_FILTER, match_map(LONG_DIAGONAL))
    image_bar, filter_bar = _colour_bars(fig)
    assert [t.get_text() for t in image_bar.get_yticklabels()] == [
        "c1 = -1 (dark)",
        "c2 = +1 (light)",
    ]
    assert list(image_bar.get_yticks()) == [-1, 1]
    assert list(filter_bar.get_yticks()) == [-2, 0, 2]  # the filter's weights, and 0
    low, high = fig.axes[1].images[0].get_clim()
    assert -low == high > 0  # symmetric: white means 0
    steps = slide_steps(LONG_DIAGONAL)
    fig = plot_sliding_steps(LONG_DIAGONAL, steps, k=2)
    (bar,) = _colour_bars(fig)
    assert list(bar.get_yticks()) == [-1, 1]
    assert bar.get_yticklabels()[0].get_text().startswith("c1")
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == len(steps) == 9
    for ax, step in zip(panels, steps, strict=True):  # the verdict in words, and the frame
        assert ax.get_title().endswith(step["verdict"])
        assert (ax.patches[0].get_linestyle() == "-") == (step["verdict"] == "✔")


def test_probability_snapshots_mark_each_positive_bar_with_a_tick():
    patterns = helpers.all_patterns()
    labels, features = is_diagonal(patterns), grid_features(patterns)
    model = helpers.LogisticRegression(epochs=20).fit(features, labels)
    fig = plot_probability_snapshots(model, features, labels, [0, 10, 20])
    for ax in fig.axes:
        ticks = [t for t in ax.texts if t.get_text() == "✔"]
        assert [t.get_position()[0] for t in ticks] == list(np.flatnonzero(labels == 1))
        for tick in ticks:  # just above its bar, inside the axes
            bar = ax.patches[int(tick.get_position()[0])]
            assert bar.get_height() < tick.get_position()[1] < ax.get_ylim()[1]
            assert _hex(bar.get_facecolor()) == _hex(YES_COLOUR)
