"""Figures of notebook 03: a filter sliding over an image, feature maps, learned filters."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .common import CMAP, NO_COLOUR, YES_COLOUR, write_values


def draw_cells(ax, image, cmap=CMAP, vmin=-1, vmax=1, values=False):
    """An image (H, W) as cells, optionally with each value written in. Returns the image."""
    shown = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    if values:
        middle = 0.5 * (vmin + vmax)
        write_values(ax, image, "{:.2g}".format, lambda v: v < middle, fontsize=8)
    return shown


def window_box(ax, i, j, k, colour="red"):
    """A k x k frame around the window whose top-left cell is (i, j); returns the patch."""
    return ax.add_patch(Rectangle((j - 0.5, i - 0.5), k, k, fill=False, lw=3, ec=colour))


def draw_verdicts(ax, verdicts):
    """The ✔/✘ map (H', W') of strings, ✔ in green and ✘ in red. Returns the texts."""
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
    """Small multiples: the image with the filter's window at each step, and the verdict."""
    n = len(steps)
    fig, axes = plt.subplots(1, n, figsize=(1.35 * n, 1.9))
    for ax, step in zip(np.atleast_1d(axes), steps, strict=True):
        draw_cells(ax, image)
        i, j = step["position"]
        window_box(ax, i, j, k, YES_COLOUR if step["verdict"] == "✔" else NO_COLOUR)
        ax.set_title(f"({i},{j}): {step['sum']:g} {step['verdict']}", fontsize=8)
    fig.tight_layout()
    return fig


def plot_image_filter_map(image, kernel, verdicts):
    """The image, the filter and the ✔/✘ map side by side."""
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(7.5, 2.6),
        gridspec_kw={"width_ratios": [len(image), len(kernel), len(verdicts)]},
    )
    draw_cells(axes[0], image, values=True)
    axes[0].set_title("image")
    limit = np.abs(kernel).max()
    draw_cells(axes[1], kernel, cmap="RdBu_r", vmin=-1.5 * limit, vmax=1.5 * limit, values=True)
    axes[1].set_title("filter")
    draw_verdicts(axes[2], verdicts)
    axes[2].set_title("where it matches")
    fig.tight_layout()
    return fig


def _image_kernels_maps(image, image_title, columns, draw_kernel, map_label, size, fontsize):
    """The figure of plot_filter_bank and plot_learned_filters: the image top left, then a
    column per (title, kernel, feature map), the kernel (drawn by draw_kernel(ax, kernel))
    above its map. size: (width of a column, height) in inches."""
    n = len(columns)
    fig, axes = plt.subplots(2, n + 1, figsize=(size[0] * (n + 1), size[1]))
    axes[0, 0].imshow(image, cmap="gray_r")
    axes[0, 0].set_title(image_title, fontsize=9)
    axes[1, 0].axis("off")
    for col, (title, kernel, feature_map) in enumerate(columns, start=1):
        draw_kernel(axes[0, col], kernel)
        axes[0, col].set_title(title, fontsize=fontsize)
        axes[1, col].imshow(feature_map, cmap="gray_r")
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    axes[1, 1].set_ylabel(map_label, fontsize=fontsize)
    fig.tight_layout()
    return fig


def plot_filter_bank(image, kernels, maps, image_title="digit"):
    """An image, then for each named filter its kernel above its feature map."""

    def draw_kernel(ax, kernel):
        limit = max(np.abs(kernel).max(), 1e-9)
        draw_cells(ax, kernel, cmap="RdBu_r", vmin=-1.5 * limit, vmax=1.5 * limit, values=True)

    columns = [(name, kernel, maps[name]) for name, kernel in kernels.items()]
    return _image_kernels_maps(
        image, image_title, columns, draw_kernel, "feature map", (1.7, 3.6), fontsize=9
    )


def plot_learned_filters(kernels, maps, image):
    """A CNN's learned filters (F, k, k) and the feature maps (F, H, W) they make of an image."""

    def draw_kernel(ax, kernel):
        limit = np.abs(kernel).max()
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)

    columns = [(f"filter {c + 1}", kernels[c], maps[c]) for c in range(len(kernels))]
    return _image_kernels_maps(
        image, "input", columns, draw_kernel, "after ReLU", (1.4, 3.0), fontsize=8
    )
