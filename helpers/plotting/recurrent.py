"""Figures of notebook 04: the network unrolled in time, its wirings, and its memory."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .common import plot_curves


def _box(ax, x, y, text, colour, width=0.8, height=0.5, fontsize=9):
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.03",
            fc=colour,
            ec="black",
            lw=1,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, start, end, colour="black"):
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, lw=1.2, color=colour)
    )


STATE_COLOUR = "#a61c00"  # the arrows that carry the state from step to step
CELL_COLOUR, INPUT_COLOUR, OUTPUT_COLOUR = "#cfe2f3", "#fff2cc", "#d9ead3"


def _fixed(value, digits=2):
    """'0.76', '-0.05', and '0.00' for anything that rounds to 0 (never '-0.00')."""
    text = f"{value:.{digits}f}"
    return text.lstrip("-") if float(text) == 0 else text


def draw_chain(
    ax,
    inputs,
    outputs,
    cell_labels=None,
    title=None,
    cell_colours=None,
    width=0.8,
    spacing=1.3,
    states=None,
    start=0,
):
    """One recurrent cell unrolled over len(inputs) steps, on ax; steps run left to right.

    inputs: a label per step ('' for none), in a box under the cell; outputs: a label per
    step ('' for none), in a box above it; cell_labels: the text in each cell (default
    'cell'); cell_colours: a colour per cell; width of a box and spacing between steps, in
    data units; start: the x position of the first step.
    The state flows from cell to cell along the red arrows. states: None, or len(inputs) + 1
    labels for those arrows: states[0] is the initial state, drawn entering the first cell
    from the left, and states[t] leaves the t-th cell (the last one to the right).
    The x limits are left to the caller; the y range is -0.4 .. 2.4.
    """
    steps = len(inputs)
    cell_labels = cell_labels or ["cell"] * steps
    cell_colours = cell_colours or [CELL_COLOUR] * steps
    for t in range(steps):
        x = start + spacing * t
        _box(ax, x, 1.0, cell_labels[t], cell_colours[t], width=width)
        if inputs[t]:
            _box(ax, x, 0.0, inputs[t], INPUT_COLOUR, width=width, height=0.4)
            _arrow(ax, (x, 0.2), (x, 0.75))
        if outputs[t]:
            _box(ax, x, 2.0, outputs[t], OUTPUT_COLOUR, width=width, height=0.4)
            _arrow(ax, (x, 1.25), (x, 1.8))
        if t:
            _arrow(ax, (x - spacing + width / 2, 1.0), (x - width / 2, 1.0), STATE_COLOUR)
    if states is not None:
        gap = spacing - width  # the length of an arrow between two cells
        ends = [start - width / 2 - gap] + [start + spacing * t + width / 2 for t in range(steps)]
        _arrow(ax, (ends[0], 1.0), (start - width / 2, 1.0), STATE_COLOUR)
        _arrow(ax, (ends[-1], 1.0), (ends[-1] + gap, 1.0), STATE_COLOUR)
        for left, label in zip(ends, states, strict=True):
            ax.text(left + gap / 2, 1.08, label, ha="center", va="bottom", fontsize=10)
    ax.set_ylim(-0.4, 2.4)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)


def plot_unrolled(inputs, states, outputs=None):
    """Page 40: one cell reading inputs (T labels) step by step from h_0 = 0 -> Figure.

    states (T, H): h_1 .. h_T, written in the cells and named on the arrows that pass them
    on; outputs: None, or y_1 .. y_T (T numbers), written in the boxes above the cells.
    """
    states = np.asarray(states)
    steps = len(inputs)
    cells = [
        f"$h_{t}$ = [" + ", ".join(_fixed(v) for v in h) + "]" for t, h in enumerate(states, 1)
    ]
    tops = (
        [""] * steps
        if outputs is None
        else [f"$y_{t}$ = {_fixed(y)}" for t, y in enumerate(outputs, 1)]
    )
    fig, ax = plt.subplots(figsize=(2.3 * steps + 1.2, 2.6))
    spacing, width = 1.9, 1.3
    draw_chain(
        ax,
        [f"$x_{t}$ = {label}" for t, label in enumerate(inputs, 1)],
        tops,
        cells,
        title="page 40, one cell unrolled in time: step t reads $x_t$, passes its state $h_t$ "
        "on (red arrows) and writes $y_t$",
        width=width,
        spacing=spacing,
        states=["$h_0$ = 0"] + [f"$h_{t}$" for t in range(1, steps + 1)],
    )
    margin = width / 2 + spacing - width
    ax.set_xlim(-margin - 0.05, spacing * (steps - 1) + margin + 0.05)
    fig.tight_layout()
    return fig


def plot_wirings():
    """The same cell wired three ways (page 39's applications), as diagrams -> Figure.

    Every row is drawn to one scale (the longest, translation, sets it), so the boxes have
    the same size in each.
    """
    fig, axes = plt.subplots(3, 1, figsize=(9, 7.5))
    spacing, longest = 1.15, 8
    rows = [
        (
            ["frame 1", "frame 2", "frame 3", "frame 4"],
            ["", "", "", "'cooking'"],
            None,
            "many to one: video tagging (read every frame, then name the video)",
        ),
        (
            [f"sound {k}" for k in range(1, 6)],
            list("hello"),
            None,
            "many to many: speech recognition (a letter for every slice of sound)",
        ),
        (
            ["le", "chat", "dort", "(end)", "(start)", "the", "cat", "sleeps"],
            ["", "", "", "", "the", "cat", "sleeps", "(end)"],
            ["encode"] * 4 + ["decode"] * 4,
            "encoder-decoder: translation (read the whole sentence to its end, then write "
            "another;\neach decode step reads the word written before it, (start) at first)",
        ),
    ]
    for ax, (inputs, outputs, cells, title) in zip(axes, rows, strict=True):
        start = spacing * (longest - len(inputs)) / 2  # shorter chains sit in the middle
        colours = None if cells is None else [CELL_COLOUR] * 4 + ["#f4cccc"] * 4
        draw_chain(ax, inputs, outputs, cells, title, colours, spacing=spacing, start=start)
        ax.set_xlim(-spacing / 2, spacing * (longest - 0.5))
    decoder = axes[2]
    for t in range(4, 7):  # the word written at step t is read at step t + 1
        x = spacing * t
        decoder.add_patch(
            FancyArrowPatch(
                (x + 0.2, 1.8),
                (x + spacing - 0.2, 0.2),
                arrowstyle="-|>",
                mutation_scale=10,
                lw=1,
                ls="--",
                color="grey",
            )
        )
    fig.tight_layout()
    return fig


def plot_gradient_reach(steps_back, norms, ylabel="gradient norm reaching back"):
    """How much gradient reaches k steps back, one line per named cell (log scale)."""
    return plot_curves(steps_back, norms, "k, steps back from the loss", ylabel, log=True)


def plot_recall(delays, accuracies, chance):
    """Accuracy on the recall task at each delay measured, one set of points per named cell.

    Ticked at the delays measured and joined by dotted lines only (nothing was measured in
    between); each cell's markers are smaller than the one's before it, and hollow, so points
    that coincide (both cells at 1.0) stay visible."""
    xlabel = "delay: steps between the symbol and the question"
    fig = plot_curves(
        delays,
        accuracies,
        xlabel,
        "recall accuracy",
        baseline=(chance, "chance"),
        ylim=(0, 1.05),
        xticks=delays,
    )
    cells = fig.axes[0].lines[: len(accuracies)]
    for k, line in enumerate(cells):
        line.set(linestyle=":", markersize=11 - 4 * k, markerfacecolor="none", markeredgewidth=2)
    fig.axes[0].legend()
    return fig
