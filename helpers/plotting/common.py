"""What every figure shares: the colours and the live figure that widgets redraw."""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

CMAP = "cividis"  # c1 = -1 dark blue, c2 = 1 light yellow: readable with any colour vision
YES_COLOUR, NO_COLOUR = "#2a9d4b", "#b03a2e"  # ✔ and ✘


def plot_loss(loss_histories, labels, xlabel="gradient-descent step", baseline=None):
    """Loss curves, one per history (steps + 1,), on one axis -> Figure.

    baseline: optional (value, label), drawn as a dashed line to compare with.
    """
    fig, ax = plt.subplots(figsize=(6, 3))
    for history, label in zip(loss_histories, labels, strict=True):
        ax.plot(history, label=label)
    if baseline is not None:
        ax.axhline(baseline[0], color="grey", ls="--", label=baseline[1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("cross-entropy loss")
    values = np.concatenate([np.ravel(h) for h in loss_histories])
    if values.min() > 0 and values.max() / values.min() > 10:
        ax.set_yscale("log")  # losses that fall by decades read best on a log scale
    ax.legend()
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
            buffer, format="png", compress_level=1
        )  # fast compression: small images anyway
        return buffer.getvalue()
