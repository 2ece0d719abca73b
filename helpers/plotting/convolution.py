"""Figures of notebook 03: a filter sliding over an image, feature maps, learned filters.

Signed numbers (weights, feature maps before a ReLU) are drawn with a diverging colour map
and limits symmetric about 0, so that white means 0; numbers >= 0 with the pack's CMAP. Each
such row of panels shares one colour scale and shows it in a colour bar. Images of the two
colours (c1 = -1, c2 = 1) get a colour bar naming them, and ✔ / ✘ are written as well as
coloured (bluish green and vermillion).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .common import CMAP, NO_COLOUR, YES_COLOUR, c1_c2_colour_bar, write_values

DIVERGING = "RdBu_r"  # blue below 0, white at 0, red above: for signed numbers
FRAME_COLOUR = "#d81b60"  # magenta: stands out on every colour of CMAP


def draw_cells(ax, image, cmap=CMAP, vmin=-1, vmax=1, values=False, dark=None):
    """An image (H, W) as cells, optionally with each value written in. Returns the image.

    dark(v): True where a value's cell is dark (white text); by default the lower half of
    the range, as in CMAP.
    """
    shown = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    if values:
        middle = 0.5 * (vmin + vmax)
        dark = dark or (lambda v: v < middle)
        write_values(ax, image, "{:.2g}".format, dark, fontsize=8)
    return shown


def draw_signed(ax, values, limit, written=False):
    """Signed values (H, W) in DIVERGING with limits -limit .. limit. Returns the image."""
    return draw_cells(
        ax, values, DIVERGING, -limit, limit, written, dark=lambda v: abs(v) > 0.6 * limit
    )


def window_box(ax, i, j, k, colour="red"):
    """A k x k frame around the window whose top-left cell is (i, j); returns the patch."""
    return ax.add_patch(Rectangle((j - 0.5, i - 0.5), k, k, fill=False, lw=3, ec=colour))


def draw_verdicts(ax, verdicts):
    """The ✔/✘ map (H', W') of strings, ✔ in YES_COLOUR and ✘ in NO_COLOUR. Returns the texts."""
    h, w = verdicts.shape
    ax.imshow(np.ones((h, w)), cmap="gray", vmin=0, vmax=1)
    texts = []
    for (i, j), v in np.ndenumerate(verdicts):
        texts.append(
            ax.text(
                j,
                i,
                v,
                ha="center",
                va="center",
                fontsize=16,
                color=YES_COLOUR if v == "✔" else NO_COLOUR,
            )
        )
    ax.set_xticks(np.arange(w) - 0.5, minor=True)
    ax.set_yticks(np.arange(h) - 0.5, minor=True)
    ax.grid(which="minor", color="lightgrey")
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    return texts


def plot_sliding_steps(image, steps, k):
    """Small multiples: the image (values -1, 1) with the filter's window at each step, and
    the verdict in the title; a ✔ window is framed solid, a ✘ one dashed; a colour bar
    names c1 and c2."""
    n = len(steps)
    fig, axes = plt.subplots(1, n, figsize=(1.2 * n + 1.3, 1.9), layout="constrained")
    for ax, step in zip(np.atleast_1d(axes), steps, strict=True):
        shown = draw_cells(ax, image)
        i, j = step["position"]
        yes = step["verdict"] == "✔"
        box = window_box(ax, i, j, k, YES_COLOUR if yes else NO_COLOUR)
        box.set_linestyle("-" if yes else (0, (2, 1)))
        ax.set_title(f"({i},{j}): {step['sum']:g} {step['verdict']}", fontsize=8)
    c1_c2_colour_bar(fig, shown, axes, shrink=0.8, aspect=10, pad=0.01)
    return fig


def plot_image_filter_map(image, kernel, verdicts):
    """The image (values -1, 1), the filter and the ✔/✘ map side by side; the image has a
    colour bar naming c1 and c2, the filter one of its signed weights."""
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(9, 2.6),
        gridspec_kw={"width_ratios": [len(image), len(kernel), len(verdicts)]},
        layout="constrained",
    )
    shown = draw_cells(axes[0], image, values=True)
    axes[0].set_title("image")
    c1_c2_colour_bar(fig, shown, axes[0], shrink=0.9)
    limit = np.abs(kernel).max()
    weights = draw_cells(
        axes[1], kernel, cmap=DIVERGING, vmin=-1.5 * limit, vmax=1.5 * limit, values=True
    )  # 1.5: pale colours keep the written values legible
    axes[1].set_title("filter")
    bar = fig.colorbar(weights, ax=axes[1], shrink=0.9, label="weight")
    values = np.unique(kernel)
    if len(values) <= 5:  # a filter of a few weights: tick each of them
        bar.set_ticks(sorted({0.0, *values.astype(float).tolist()}))
    bar.ax.tick_params(labelsize=7)
    draw_verdicts(axes[2], verdicts)
    axes[2].set_title("where it matches")
    return fig


def plot_found_anywhere(images, maps, titles):
    """The diagonal placed at several places: each image (H, W) above its ✔/✘ map, the
    windows where the filter matches framed. images and maps are lists, titles strings."""
    n = len(images)
    fig, axes = plt.subplots(
        2, n, figsize=(2.6 * n + 1, 5), height_ratios=[6, 5], layout="constrained"
    )
    for col, (image, verdicts, title) in enumerate(zip(images, maps, titles, strict=True)):
        shown = draw_cells(axes[0, col], image)
        for i, j in np.argwhere(verdicts == "✔"):
            window_box(axes[0, col], i, j, 2, FRAME_COLOUR)
        axes[0, col].set_title(title, fontsize=9)
        draw_verdicts(axes[1, col], verdicts)
    c1_c2_colour_bar(fig, shown, axes[0], ticks=(-1, 0, 1), shrink=0.8)
    axes[1, 0].set_ylabel("where it matches")
    return fig


def _image_kernels_maps(image, image_title, columns, written, map_label, size, own=False):
    """The figure of plot_filter_bank and plot_learned_filters: the image (values 0..1) top
    left, then a column per (title, kernel, feature map), the kernel above its map.

    Kernels share one symmetric colour scale; the maps share another, symmetric when some
    map is negative, 0 .. max in CMAP when none is; with own=True each map has a scale of
    its own (its colour bar under it), so that a map of small values still shows its
    shape. written: write the weights in. size: (width of a column, height) in inches.
    """
    n = len(columns)
    fig, axes = plt.subplots(
        2, n + 1, figsize=(size[0] * (n + 1) + 1.2, size[1]), layout="constrained"
    )
    axes[0, 0].imshow(image, cmap="gray_r", vmin=0, vmax=1)
    axes[0, 0].set_title(image_title, fontsize=9)
    axes[1, 0].axis("off")
    weight_limit = max(max(np.abs(kernel).max() for _, kernel, _ in columns), 1e-9)
    lowest = min(feature_map.min() for *_, feature_map in columns)
    map_limit = max(max(np.abs(feature_map).max() for *_, feature_map in columns), 1e-9)
    for col, (title, kernel, feature_map) in enumerate(columns, start=1):
        weights = draw_signed(axes[0, col], kernel, weight_limit, written)
        axes[0, col].set_title(title, fontsize=9)
        limit = max(np.abs(feature_map).max(), 1e-9) if own else map_limit
        if lowest < 0:
            shown = draw_signed(axes[1, col], feature_map, limit)
        else:
            shown = draw_cells(axes[1, col], feature_map, CMAP, 0, limit)
        if own:
            bar = fig.colorbar(shown, ax=axes[1, col], orientation="horizontal", shrink=0.85)
            bar.ax.tick_params(labelsize=7)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(weights, ax=axes[0, 1:], label="weight", shrink=0.9)
    if own:
        axes[1, 1].set_ylabel(f"{map_label}\n(own scale)", fontsize=9)
    else:
        fig.colorbar(shown, ax=axes[1, 1:], label=map_label, shrink=0.9)
    return fig


def plot_filter_bank(image, kernels, maps, image_title="digit"):
    """An image (H, W), then for each named filter {name: (k, k)} its kernel above its
    feature map {name: (H', W')}; the weights are written in, each map on its own scale."""
    columns = [(name, kernel, maps[name]) for name, kernel in kernels.items()]
    return _image_kernels_maps(image, image_title, columns, True, "feature map", (1.8, 4.6), True)


def plot_learned_filters(kernels, maps, image):
    """A CNN's learned filters (F, k, k) and the feature maps (F, H, W) they make of an image
    (H, W), numbered from 1."""
    columns = [(f"filter {c + 1}", kernels[c], maps[c]) for c in range(len(kernels))]
    return _image_kernels_maps(image, "input", columns, False, "after ReLU", (1.3, 3.2))
