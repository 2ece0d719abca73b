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


def draw_chain(
    ax, inputs, outputs, cell_labels=None, title=None, cell_colours=None, width=0.8, spacing=1.3
):
    """One recurrent cell unrolled over len(inputs) steps, on ax.

    inputs: a label per step ('' for none); outputs: a label per step ('' for none);
    cell_labels: the text in each cell (default 'cell'); cell_colours: a colour per cell;
    width of a box and spacing between steps, in data units.
    The state flows left to right between the cells (red arrows).
    """
    steps = len(inputs)
    cell_labels = cell_labels or ["cell"] * steps
    cell_colours = cell_colours or ["#cfe2f3"] * steps
    for t in range(steps):
        x = spacing * t
        _box(ax, x, 1.0, cell_labels[t], cell_colours[t], width=width)
        if inputs[t]:
            _box(ax, x, 0.0, inputs[t], "#fff2cc", width=width, height=0.4)
            _arrow(ax, (x, 0.2), (x, 0.75))
        if outputs[t]:
            _box(ax, x, 2.0, outputs[t], "#d9ead3", width=width, height=0.4)
            _arrow(ax, (x, 1.25), (x, 1.8))
        if t:
            _arrow(ax, (x - spacing + width / 2, 1.0), (x - width / 2, 1.0), colour="#a61c00")
    ax.set_xlim(-spacing / 2, spacing * (steps - 0.5))
    ax.set_ylim(-0.4, 2.4)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)


def plot_unrolled(inputs, states, outputs=None):
    """Page 40: inputs (T labels) fed step by step, the state (T, H) written in each cell."""
    states = np.asarray(states)
    labels = ["h = [" + ", ".join(f"{v:+.2f}" for v in h) + "]" for h in states]
    fig, ax = plt.subplots(figsize=(2.6 * len(inputs), 2.6))
    draw_chain(
        ax,
        inputs,
        outputs or [f"y{t}" for t in range(len(inputs))],
        labels,
        title="one cell, unrolled in time: its state (red) is passed on to the next step",
        width=1.3,
        spacing=1.9,
    )
    fig.tight_layout()
    return fig


def plot_wirings():
    """The same cell wired three ways (page 39's applications), as diagrams."""
    fig, axes = plt.subplots(3, 1, figsize=(8.5, 7.5))
    frames = ["frame 1", "frame 2", "frame 3", "frame 4"]
    draw_chain(
        axes[0],
        frames,
        ["", "", "", "'cooking'"],
        title="many to one: video tagging (read every frame, then name the video)",
    )
    draw_chain(
        axes[1],
        ["sound 1", "sound 2", "sound 3", "sound 4"],
        ["h", "e", "l", "o"],
        title="many to many: speech recognition (a letter for every slice of sound)",
    )
    encoder, decoder = ["le", "chat", "dort", ""], ["", "", "", ""]
    draw_chain(
        axes[2],
        encoder + ["", "", ""],
        decoder + ["the", "cat", "sleeps"],
        cell_labels=["encode"] * 4 + ["decode"] * 3,
        cell_colours=["#cfe2f3"] * 4 + ["#f4cccc"] * 3,
        title="encoder-decoder: translation (read the whole sentence, then write another)",
    )
    fig.tight_layout()
    return fig


def plot_gradient_reach(steps_back, norms, ylabel="gradient norm reaching back"):
    """How much gradient reaches k steps back, one line per named cell (log scale)."""
    return plot_curves(steps_back, norms, "k, steps back from the loss", ylabel, log=True)


def plot_recall(delays, accuracies, chance):
    """Accuracy on the recall task against the delay, one line per named cell."""
    xlabel = "delay: steps between the symbol and the question"
    return plot_curves(
        delays, accuracies, xlabel, "recall accuracy", baseline=(chance, "chance"), ylim=(0, 1.05)
    )
