"""Figures of notebook 02: digits, codes, error curves, histograms, XOR."""

import itertools

import matplotlib.pyplot as plt
import numpy as np

from .common import NO_COLOUR, PALETTE, YES_COLOUR, palette_colour, plot_curves

# The ten digit classes: a colour (PALETTE, then black and wine) and a marker each, so that
# no two classes share both; plot_codes also writes each digit at its class centre.
CLASS_COLOURS = (*PALETTE, "#000000", "#882255")
CLASS_MARKERS = "os^vDPX*<>"
HATCHES = ("", "//", "\\\\", "xx")  # overlaid histograms differ by hatching as well


def plot_digit_rows(rows, titles=None):
    """Rows of 8x8 images: rows is a list of (row_name, images (m, 8, 8)) -> Figure."""
    ncols = max(len(images) for _, images in rows)
    fig, axes = plt.subplots(
        len(rows), ncols, figsize=(0.9 * ncols + 1.2, 1.0 * len(rows) + 0.3), squeeze=False
    )
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


def _spread_labels(centres, extent, gap=0.07, rounds=200):
    """Label positions near `centres` (C, 2) that keep at least `gap` of the axes' `extent`
    (2,) apart: each round pushes every too-close pair apart along the line between them."""
    spot = centres / extent  # in units of the axes' size: a gap means the same both ways
    for _ in range(rounds):
        moved = False
        for i, j in itertools.combinations(range(len(spot)), 2):
            apart = spot[i] - spot[j]
            distance = np.hypot(*apart)
            if distance < gap:
                push = (
                    (apart / distance if distance > 0 else np.array([1.0, 0.0]))
                    * (gap - distance)
                    / 2
                )
                spot[i] += push
                spot[j] -= push
                moved = True
        if not moved:
            break
    return spot * extent


def _draw_codes(ax, codes, labels, size):
    """The codes as points, a colour and a marker per class, and each digit's label near its
    class centre (marked +), on a white box, apart from the others' and tied to it by a line."""
    for digit in range(10):
        mine = labels == digit
        ax.scatter(
            *codes[mine].T,
            s=size,
            color=CLASS_COLOURS[digit],
            marker=CLASS_MARKERS[digit],
            linewidths=0,
            alpha=0.6,
            label=str(digit),
        )
    present = [digit for digit in range(10) if np.any(labels == digit)]
    centres = np.array([codes[labels == digit].mean(axis=0) for digit in present])
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    spots = _spread_labels(centres, np.array([x1 - x0, y1 - y0]))
    for digit, centre, spot in zip(present, centres, spots, strict=True):
        ax.plot(*centre, "+", color="black", markersize=7, zorder=5)
        ax.annotate(
            str(digit),
            xy=centre,
            xytext=spot,
            ha="center",
            va="center",
            fontsize=12,
            fontweight="bold",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": CLASS_COLOURS[digit]},
            arrowprops={"arrowstyle": "-", "lw": 0.8, "color": "black"},
        )


def plot_codes(codes, labels, ax=None):
    """The 2-D codes (N, 2) of the digits by class (N,): a colour and a marker per class, and
    each digit written in bold near the mean of its class's codes (the +) -> Figure.

    Alone, the figure has two panels: every code (left), and the crowded middle, where most
    class centres lie, enlarged (right; its frame is the dashed box on the left).
    ax: optional axes to draw on (a widget's): the whole picture on it, one panel.
    """
    codes, labels = np.asarray(codes), np.asarray(labels)
    if ax is not None:
        _draw_codes(ax, codes, labels, 8)
        ax.set_xlabel("code 1")
        ax.set_ylabel("code 2")
        return ax.figure
    fig, (whole, middle) = plt.subplots(1, 2, figsize=(10.5, 4.6))
    _draw_codes(whole, codes, labels, 6)
    centres = np.array([codes[labels == d].mean(axis=0) for d in np.unique(labels)])
    low, high = np.percentile(centres, [20, 80], axis=0)  # where most class centres crowd
    margin = 0.3 * (high - low) + 0.3
    middle.set_xlim(low[0] - margin[0], high[0] + margin[0])
    middle.set_ylim(low[1] - margin[1], high[1] + margin[1])
    _draw_codes(middle, codes, labels, 14)
    box = low - margin, *(high - low + 2 * margin)
    whole.add_patch(plt.Rectangle(*box, fill=False, linestyle="--", linewidth=1, color="k"))
    whole.set_title("every digit's code")
    middle.set_title("the crowded middle (dashed box), enlarged")
    for panel in (whole, middle):
        panel.set_xlabel("code 1")
        panel.set_ylabel("code 2")
    middle.legend(
        title="digit", fontsize=9, markerscale=2.5, loc="center left", bbox_to_anchor=(1.0, 0.5)
    )
    fig.tight_layout()
    return fig


def plot_error_curves(ks, curves, ylabel="mean squared error", baseline=None):
    """One line per named curve of errors over the bottleneck sizes ks -> Figure.

    baseline: optional (value, label), a dashed line to compare with (as in plot_curves).
    """
    xlabel = "k, the number of neurons in the bottleneck"
    return plot_curves(ks, curves, xlabel, ylabel, baseline=baseline, xticks=ks)


def plot_histograms(groups, xlabel, bins=40, threshold=None, log=False):
    """Overlaid histograms of named groups of values, in PALETTE's colours and hatched
    differently -> Figure.

    log=True spaces the bins evenly on a log scale (for values spanning decades).
    """
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    values = np.concatenate(list(groups.values()))
    if log:
        edges = np.geomspace(values.min(), values.max(), bins + 1)
        ax.set_xscale("log")
    else:
        edges = np.histogram_bin_edges(values, bins=bins)
    for k, (name, values) in enumerate(groups.items()):
        ax.hist(
            values,
            bins=edges,
            alpha=0.55,
            color=palette_colour(k),
            hatch=HATCHES[k % len(HATCHES)],
            edgecolor=palette_colour(k),
            label=name,
        )
    if threshold is not None:
        ax.axvline(threshold, color="black", ls="--", lw=1, label="threshold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("number of examples")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_xor(X, H, y, v, c):
    """XOR's 4 inputs (4, 2) beside their hidden features H (4, 2), marked by y (4,).

    XOR = 1 is a bluish green circle, XOR = 0 a vermillion cross (told apart by shape, not
    only colour). Inputs whose hidden points coincide share one label. The right panel also
    draws the output neuron's boundary v . h + c = 0: a straight line separates the classes
    in the hidden features, none does in the inputs.
    """
    fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.6))
    y = np.asarray(y).ravel()
    for ax, points, names, title in [
        (axes[0], X, ("x1", "x2"), "inputs: no line separates ✔ from ✘"),
        (axes[1], H, ("h1", "h2"), "hidden features: one line does"),
    ]:
        for value, marker, colour, label in [
            (1, "o", YES_COLOUR, "XOR = 1 ✔"),
            (0, "X", NO_COLOUR, "XOR = 0 ✘"),
        ]:
            mine = y == value
            ax.scatter(*points[mine].T, marker=marker, color=colour, s=130, zorder=3, label=label)
        for point, inputs in _coinciding(points, X):
            ax.annotate(
                " and ".join(f"({x1:g}, {x2:g})" for x1, x2 in inputs),
                point,
                textcoords="offset points",
                xytext=(10, -4),
                fontsize=8,
            )
        ax.set_xlim(-0.2, 1.6)
        ax.set_ylim(-0.2, 1.25)
        ax.set_xlabel(names[0])
        ax.set_ylabel(names[1])
        ax.set_title(title, fontsize=9)
    h1 = np.linspace(-0.2, 1.6, 50)
    v = np.ravel(v)
    axes[1].plot(
        h1,
        -(v[0] * h1 + float(np.ravel(c)[0])) / v[1],
        color="black",
        lw=1,
        label="output boundary",
    )
    axes[1].legend(fontsize=8, loc="center right")
    fig.tight_layout()
    return fig


def _coinciding(points, X, within=0.05):
    """Group the rows of X whose points (n, 2) lie within `within` of each other:
    [(point, [inputs...]), ...], so that one label names every input at one place."""
    groups = []
    for point, x in zip(points, X, strict=True):
        for place, inputs in groups:
            if np.max(np.abs(place - point)) < within:
                inputs.append(x)
                break
        else:
            groups.append((point, [x]))
    return groups
