"""Figures of notebook 01: grids, scores, the sigmoid, learned weights.

Colours: c1 = -1 is drawn dark blue and c2 = 1 light yellow (the ends of the 'cividis'
colour map); grey levels in between get the colours between.
"""

import matplotlib.pyplot as plt
import numpy as np

from ..activations import sigmoid
from ..grid import check_grids
from .common import CMAP, NO_COLOUR, YES_COLOUR, write_values


def draw_grid(ax, grid, title=None, annotate=False):
    """Draw one grid (2, 2) on `ax`: -1 dark, 1 light. Returns the AxesImage."""
    grid = check_grids(grid)[0]
    image = ax.imshow(grid, cmap=CMAP, vmin=-1, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if annotate:
        write_values(ax, grid, "{:+.2g}".format, lambda v: v <= 0, fontsize=10)
    if title is not None:
        ax.set_title(title, fontsize=9)
    return image


def plot_grids(grids, titles=None, ncols=8, title_colours=None, suptitle=None):
    """Small multiples of grids (n, 2, 2), each with an optional title -> Figure."""
    grids = check_grids(grids)
    nrows = -(-len(grids) // ncols)
    title_lines = 0 if titles is None else max(str(t).count("\n") + 1 for t in titles)
    row_height = 1.2 + 0.22 * title_lines + (0.3 if suptitle else 0) / nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.2 * ncols, row_height * nrows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(grids):
            ax.axis("off")
            continue
        draw_grid(ax, grids[k], None if titles is None else titles[k])
        if title_colours is not None:
            ax.title.set_color(title_colours[k])
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_scores(scores, labels, ylabel, threshold=None):
    """Bar chart of one number per pattern (16,), bars of label-1 patterns in green -> Figure."""
    fig, ax = plt.subplots(figsize=(8, 2.8))
    colours = np.where(np.asarray(labels) == 1, YES_COLOUR, "#7f7f7f")
    ax.bar(np.arange(len(scores)), scores, color=colours)
    if threshold is not None:
        ax.axhline(threshold, color="black", lw=1, ls="--")
    ax.set_xticks(np.arange(len(scores)))
    ax.set_xlabel("pattern number (the order of all_patterns())")
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def plot_sigmoid(z, labels):
    """The sigmoid curve with the logits z (n,) of the patterns marked on it -> Figure.

    Shows that sigma(z) > 1/2 exactly when z > 0: the two dashed lines cross on the curve.
    """
    z = np.asarray(z, dtype=float)
    fig, ax = plt.subplots(figsize=(6, 3))
    grid_z = np.linspace(min(-10, z.min() - 1), max(10, z.max() + 1), 400)
    ax.plot(grid_z, sigmoid(grid_z), color="black", lw=1.5, label="σ(z) = 1 / (1 + e^-z)")
    ax.axhline(0.5, color="grey", ls="--", lw=1)
    ax.axvline(0, color="grey", ls="--", lw=1)
    yes = np.asarray(labels) == 1
    ax.scatter(z[~yes], sigmoid(z[~yes]), color=NO_COLOUR, zorder=3, label="other patterns")
    ax.scatter(z[yes], sigmoid(z[yes]), color=YES_COLOUR, s=60, zorder=4, label="diagonal")
    ax.set_xlabel("z = w1·a00 + w2·a01 + w3·a10 + w4·a11 + b")
    ax.set_ylabel("σ(z)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_weights(weights, bias, title="weights"):
    """The learned weights (2, 2) as a picture laid out like the cells, values written in."""
    fig, ax = plt.subplots(figsize=(2.6, 2.6))
    limit = 1.5 * max(1e-9, np.abs(weights).max())  # 1.5: pale colours keep the text legible
    ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(weights):
        ax.text(j, i, f"w{2 * i + j + 1} = {value:+.2f}", ha="center", va="center", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{title}, b = {bias:+.2f}", fontsize=10)
    fig.tight_layout()
    return fig


def plot_probability_snapshots(model, features, labels, steps):
    """P(y = 1) of every example at a few steps of a fitted LogisticRegression -> Figure.

    features (n, d), labels (n,), steps: step numbers into model.weight_history.
    """
    fig, axes = plt.subplots(1, len(steps), figsize=(3 * len(steps), 2.4), sharey=True)
    colours = np.where(np.asarray(labels) == 1, YES_COLOUR, "#7f7f7f")
    for ax, step in zip(np.atleast_1d(axes), steps, strict=True):
        z = features @ model.weight_history[step] + model.bias_history[step]
        ax.bar(np.arange(len(z)), sigmoid(z), color=colours)
        ax.axhline(0.5, color="black", ls="--", lw=0.8)
        ax.set_ylim(0, 1)
        ax.set_title(f"step {step}: loss {model.loss_history[step]:.3f}", fontsize=9)
        ax.set_xlabel("pattern", fontsize=8)
    np.atleast_1d(axes)[0].set_ylabel("P(diagonal)")
    fig.tight_layout()
    return fig
