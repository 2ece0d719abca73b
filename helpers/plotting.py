"""Figures for the notebooks (matplotlib). Functions take numbers and return a Figure.

Colours: c1 = -1 is drawn dark blue and c2 = 1 light yellow (the ends of the 'cividis'
colour map, readable with any colour vision); grey levels in between get the colours between.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .activations import sigmoid
from .grid import check_grids

CMAP = "cividis"
C1_COLOUR, C2_COLOUR = plt.get_cmap(CMAP)(0.0), plt.get_cmap(CMAP)(1.0)
YES_COLOUR, NO_COLOUR = "#2a9d4b", "#b03a2e"  # ✔ and ✘


def draw_grid(ax, grid, title=None, annotate=False):
    """Draw one grid (2, 2) on `ax`: -1 dark, 1 light. Returns the AxesImage."""
    grid = check_grids(grid)[0]
    image = ax.imshow(grid, cmap=CMAP, vmin=-1, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    if annotate:
        for (i, j), value in np.ndenumerate(grid):
            ax.text(j, i, f"{value:+.2g}", ha="center", va="center",
                    color="black" if value > 0 else "white", fontsize=10)
    if title is not None:
        ax.set_title(title, fontsize=9)
    return image


def plot_grids(grids, titles=None, ncols=8, title_colours=None, suptitle=None):
    """Small multiples of grids (n, 2, 2), each with an optional title -> Figure."""
    grids = check_grids(grids)
    nrows = -(-len(grids) // ncols)
    title_lines = 0 if titles is None else max(str(t).count("\n") + 1 for t in titles)
    row_height = 1.2 + 0.22 * title_lines + (0.3 if suptitle else 0) / nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.2 * ncols, row_height * nrows),
                             squeeze=False)
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


def plot_loss(loss_histories, labels):
    """Loss curves, one per history (steps + 1,), on one axis -> Figure."""
    fig, ax = plt.subplots(figsize=(6, 3))
    for history, label in zip(loss_histories, labels, strict=True):
        ax.plot(history, label=label)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.legend()
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


class LiveFigure:
    """A figure for a widget: drawn in full once, then only its changing artists are redrawn.

    Redrawing axes, ticks and labels on every slider move costs ~40 ms; drawing the few
    artists that change over a saved background (blitting) costs a few ms.

    figsize: (width, height) in inches; subplots_kw: passed to Figure.subplots.
    Build the plot on `axes`, then call `freeze(changing_artists)` once; after each change
    of those artists, `png()` returns the picture as PNG bytes.
    """

    def __init__(self, figsize, dpi=90, **subplots_kw):
        self.figure = Figure(figsize=figsize, dpi=dpi)  # not pyplot: never shown inline
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(**subplots_kw)
        self.artists = []

    def freeze(self, artists):
        """Draw everything but `artists` and keep that picture as the background."""
        self.artists = list(artists)
        for artist in self.artists:
            artist.set_animated(True)  # animated artists are left out of a full draw
        self.figure.tight_layout()
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self):
        """The background with the changing artists drawn on top, as PNG bytes."""
        self.canvas.restore_region(self.background)
        for artist in self.artists:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(
            buffer, format="png", compress_level=1)  # fast compression: small images anyway
        return buffer.getvalue()


def plot_digit_rows(rows, titles=None):
    """Rows of 8x8 images: rows is a list of (row_name, images (m, 8, 8)) -> Figure."""
    ncols = max(len(images) for _, images in rows)
    fig, axes = plt.subplots(len(rows), ncols, figsize=(0.9 * ncols + 1.2, 1.0 * len(rows) + 0.3),
                             squeeze=False)
    for r, (name, images) in enumerate(rows):
        for c, ax in enumerate(axes[r]):
            ax.set_xticks([])
            ax.set_yticks([])
            if c < len(images):
                ax.imshow(images[c], cmap="gray_r", vmin=0, vmax=1)
                if r == 0 and titles is not None:
                    ax.set_title(titles[c], fontsize=8)
            else:
                ax.axis("off")
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=9)
    fig.tight_layout()
    return fig


def plot_codes(codes, labels, ax=None):
    """The 2-D codes (N, 2) of the digits, coloured by class (N,) -> Figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.5, 4.5))
    else:
        fig = ax.figure
    cmap = plt.get_cmap("tab10")
    for digit in range(10):
        mine = labels == digit
        ax.scatter(codes[mine, 0], codes[mine, 1], s=6, color=cmap(digit), label=str(digit))
    ax.set_xlabel("code 1")
    ax.set_ylabel("code 2")
    ax.legend(title="digit", fontsize=7, markerscale=2, loc="center left",
              bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    return fig


def plot_error_curves(ks, curves, ylabel="mean squared error"):
    """One line per named curve of errors over the bottleneck sizes ks -> Figure."""
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for (name, errors), marker in zip(curves.items(), "os^v", strict=False):
        ax.plot(ks, errors, marker=marker, label=name)
    ax.set_xlabel("k, the number of neurons in the bottleneck")
    ax.set_ylabel(ylabel)
    ax.set_xticks(ks)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_histograms(groups, xlabel, bins=40, threshold=None, log=False):
    """Overlaid histograms of named groups of values -> Figure.

    log=True spaces the bins evenly on a log scale (for values spanning decades).
    """
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    values = np.concatenate(list(groups.values()))
    if log:
        edges = np.geomspace(values.min(), values.max(), bins + 1)
        ax.set_xscale("log")
    else:
        edges = np.histogram_bin_edges(values, bins=bins)
    for name, values in groups.items():
        ax.hist(values, bins=edges, alpha=0.55, label=name)
    if threshold is not None:
        ax.axvline(threshold, color="black", ls="--", lw=1, label="threshold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("number of examples")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_xor(X, H, y, v, c):
    """XOR's 4 inputs (4, 2) beside their hidden features H (4, 2), coloured by y (4,).

    The right panel also draws the output neuron's boundary v . h + c = 0: a straight line
    separates the classes in the hidden features, none does in the inputs.
    """
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    colours = np.where(np.asarray(y).ravel() == 1, YES_COLOUR, NO_COLOUR)
    for ax, points, names, title in [
            (axes[0], X, ("x1", "x2"), "inputs: no line separates the colours"),
            (axes[1], H, ("h1", "h2"), "hidden features: one line does")]:
        ax.scatter(points[:, 0], points[:, 1], c=colours, s=120, zorder=3)
        for i, ((px, py), (x1, x2)) in enumerate(zip(points, X, strict=True)):
            # alternate above and below: two inputs may share one hidden point
            ax.annotate(f"({x1:g}, {x2:g})", (px, py), textcoords="offset points",
                        xytext=(8, 6 if i % 3 == 0 else -12), fontsize=8)
        ax.set_xlim(-0.2, 1.35)
        ax.set_ylim(-0.2, 1.25)
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.set_title(title, fontsize=9)
    h1 = np.linspace(-0.2, 1.35, 50)
    v = np.ravel(v)
    axes[1].plot(h1, -(v[0] * h1 + float(np.ravel(c)[0])) / v[1], color="black", lw=1)
    fig.tight_layout()
    return fig
