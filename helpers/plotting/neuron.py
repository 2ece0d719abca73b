"""Figures of notebook 01: grids, scores, the sigmoid, learned weights, the biases that work.

Colours: c1 = -1 is drawn dark blue and c2 = 1 light yellow (the 'cividis' colour map);
grey levels in between get the colours between, and values beyond -1 or 1 (a brightened
grid) stretch the scale, shown by a colour bar. ✔ is bluish green with a round marker or a
✔ written above its bar, ✘ vermillion with a cross: the mark tells them apart without colour.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..activations import sigmoid
from ..grid import C1, C2, check_grids
from .common import (
    C_NAMES,
    CMAP,
    NO_COLOUR,
    OTHER_COLOUR,
    YES_COLOUR,
    mark_flat_bars,
    palette_colour,
    write_values,
)

YES_MARKER, NO_MARKER = "o", "X"  # ✔ and ✘


def signed(value, digits=2):
    """'+1.50', '-0.25', and '+0.00' for anything that rounds to 0 (never '-0.00')."""
    text = f"{value:+.{digits}f}"
    return "+" + text[1:] if float(text) == 0 else text


def draw_grid(ax, grid, title=None, annotate=False, vmin=-1, vmax=1):
    """Draw one grid (2, 2) on `ax` in CMAP from vmin (dark) to vmax (light) -> AxesImage."""
    grid = check_grids(grid)[0]
    image = ax.imshow(grid, cmap=CMAP, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    if annotate:
        middle = 0.5 * (vmin + vmax)
        write_values(ax, grid, "{:+.2g}".format, lambda v: v < middle, fontsize=10)
    if title is not None:
        ax.set_title(title, fontsize=9)
    return image


def plot_grids(grids, titles=None, ncols=8, suptitle=None, annotate=False):
    """Small multiples of grids (n, 2, 2), each with an optional title, and a colour key.

    Grids of the two colours alone get a key of two swatches, c1 and c2; grids with grey
    levels get a colour bar, whose scale runs from min(-1, darkest cell) to max(1, lightest
    cell), so no cell is clipped. annotate=True writes each cell's value in it. -> Figure.
    """
    grids = check_grids(grids)
    vmin, vmax = min(-1.0, grids.min()), max(1.0, grids.max())
    nrows = -(-len(grids) // ncols)
    title_lines = 0 if titles is None else max(str(t).count("\n") + 1 for t in titles)
    row_height = 1.2 + 0.22 * title_lines + (0.3 if suptitle else 0) / nrows
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(1.2 * ncols + 0.9, row_height * nrows),
        squeeze=False,
        layout="constrained",  # leaves room for the colour bar, which tight_layout does not
    )
    for k, ax in enumerate(axes.flat):
        if k >= len(grids):
            ax.axis("off")
            continue
        title = None if titles is None else titles[k]
        image = draw_grid(ax, grids[k], title, annotate, vmin, vmax)
    if np.all(np.isin(grids, (C1, C2))):
        swatches = [Patch(color=image.cmap(image.norm(c))) for c in (C1, C2)]
        names = [C_NAMES[C1], C_NAMES[C2]]
        fig.legend(swatches, names, loc="outside right center", fontsize=8)
    else:
        bar = fig.colorbar(image, ax=axes, shrink=0.9 if nrows > 1 else 1.0, aspect=12 * nrows)
        bar.set_ticks(sorted({vmin, -1.0, 0.0, 1.0, vmax}))
        bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.3g}"))
        bar.set_label("cell value", fontsize=8)
        bar.ax.tick_params(labelsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def plot_scores(scores, labels, ylabel, threshold=None):
    """Bar chart of one number per pattern (16,): label-1 bars green and marked ✔ -> Figure."""
    scores = np.asarray(scores, dtype=float)
    yes = np.asarray(labels) == 1
    fig, ax = plt.subplots(figsize=(8, 2.8))
    colours = np.where(yes, YES_COLOUR, OTHER_COLOUR)
    ax.bar(np.arange(len(scores)), scores, color=colours)
    span = scores.max() - min(scores.min(), 0)
    mark_flat_bars(ax, scores, colours, span)
    for i in np.flatnonzero(yes):  # a mark as well as the colour
        ax.text(i, max(scores[i], 0) + 0.03 * span, "✔", ha="center", va="bottom", fontsize=11)
    ax.set_ylim(top=scores.max() + 0.18 * span)
    ax.axhline(0, color="black", lw=0.8)
    if threshold is not None:
        ax.axhline(threshold, color="black", lw=1, ls="--")
    ax.set_xticks(np.arange(len(scores)))
    ax.set_xlabel("pattern number (the order of all_patterns())")
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def plot_sigmoid(z, labels):
    """The sigmoid curve with the logits z (n,) of the patterns marked on it -> Figure.

    Grids with the same z share a dot; each dot says how many grids sit on it. Shows that
    sigma(z) > 1/2 exactly when z > 0: the two dashed lines cross on the curve.
    """
    z, yes = np.asarray(z, dtype=float), np.asarray(labels) == 1
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    grid_z = np.linspace(min(-10, z.min() - 1), max(10, z.max() + 1), 400)
    ax.plot(grid_z, sigmoid(grid_z), color="black", lw=1.5, label=r"$\sigma(z) = 1 / (1 + e^{-z})$")
    ax.axhline(0.5, color="grey", ls="--", lw=1)
    ax.axvline(0, color="grey", ls="--", lw=1)
    groups = [(~yes, NO_COLOUR, NO_MARKER, "other patterns"), (yes, YES_COLOUR, YES_MARKER, "")]
    for chosen, colour, marker, name in groups:
        values, counts = np.unique(z[chosen], return_counts=True)
        label = name or ("the diagonal" if counts.sum() == 1 else "diagonal patterns")
        ax.scatter(
            values, sigmoid(values), color=colour, marker=marker, s=70, zorder=3, label=label
        )
        for value, count in zip(values, counts, strict=True):
            text = f"{count} grid" + ("s" if count > 1 else "")
            ax.annotate(
                text,
                (value, sigmoid(value)),
                xytext=(6, -12),
                textcoords="offset points",
                fontsize=8,
            )
    ax.set_xlabel("z = w1·a00 + w2·a01 + w3·a10 + w4·a11 + b")
    ax.set_ylabel("σ(z)")
    ax.set_ylim(-0.12, 1.08)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_weights(weights, bias, title="weights"):
    """The weights (2, 2) as a picture laid out like the cells, values written in, and a
    colour bar (red positive, blue negative) -> Figure."""
    weights = np.asarray(weights, dtype=float)
    fig, ax = plt.subplots(figsize=(3.4, 2.6))
    limit = 1.5 * max(1e-9, np.abs(weights).max())  # 1.5: pale colours keep the text legible
    image = ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(weights):
        ax.text(j, i, f"w{2 * i + j + 1} = {signed(value)}", ha="center", va="center", fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"{title}, b = {signed(bias)}", fontsize=10)
    fig.colorbar(image, ax=ax, shrink=0.9).ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


def plot_bias_ranges(panels, fixed_bias=None):
    """The biases that make a neuron right, as bands against one knob per panel -> Figure.

    panels: a list of (xlabel, x (m,), {name: (low (m,), high (m,))}); each band is the
    range low < b <= high at every x. fixed_bias: optional b drawn dashed in every panel.
    Bands differ by hatching as well as colour; a legend names them where there are several.
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 3.3), squeeze=False)
    for ax, (xlabel, x, bands) in zip(axes.flat, panels, strict=True):
        for k, (name, (low, high)) in enumerate(bands.items()):
            band, hatch = palette_colour(k), ["//", "\\\\"][k % 2]
            ax.fill_between(
                x,
                low,
                high,
                facecolor=band,
                alpha=0.25,
                hatch=hatch,
                edgecolor=band,
                label=name,
            )
            ax.plot(x, low, color=band, lw=1)
            ax.plot(x, high, color=band, lw=1)
        if fixed_bias is not None:
            ax.axhline(fixed_bias, color="black", ls="--", lw=1, label=f"b = {fixed_bias:g}")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("bias b")
        if len(bands) + (fixed_bias is not None) > 1:
            ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def plot_probability_snapshots(model, features, labels, steps):
    """P(y = 1) of every example at a few steps of a fitted LogisticRegression -> Figure.

    features (n, d), labels (n,), steps: step numbers into model.weight_history.
    The label-1 examples' bars are green and marked ✔ (as in plot_scores).
    """
    fig, axes = plt.subplots(1, len(steps), figsize=(3 * len(steps), 2.4), sharey=True)
    yes = np.asarray(labels) == 1
    colours = np.where(yes, YES_COLOUR, OTHER_COLOUR)
    for ax, step in zip(np.atleast_1d(axes), steps, strict=True):
        z = features @ model.weight_history[step] + model.bias_history[step]
        probabilities = sigmoid(z)
        ax.bar(np.arange(len(z)), probabilities, color=colours)
        mark_flat_bars(ax, probabilities, colours, 1.15)
        for i in np.flatnonzero(yes):  # a mark as well as the colour
            ax.text(i, probabilities[i] + 0.02, "✔", ha="center", va="bottom", fontsize=9)
        ax.axhline(0.5, color="black", ls="--", lw=0.8)
        ax.set_ylim(0, 1.15)  # room for a ✔ above a bar of height 1
        ax.set_yticks([0, 0.5, 1])
        ax.set_title(f"step {step}: loss {model.loss_history[step]:.3f}", fontsize=9)
        ax.set_xlabel("pattern", fontsize=8)
    np.atleast_1d(axes)[0].set_ylabel("P(diagonal)")
    fig.tight_layout()
    return fig
