"""What every figure shares: the colours and the live figure that widgets redraw.

Colours follow one colour-blind-safe style (Okabe & Ito's palette): lines, bars and point
sets take PALETTE's colours in turn, passed explicitly (the global rcParams are never
touched). Colour is never the only cue: curves have markers, bands hatching, classes a
marker and a written label, ✔ and ✘ a glyph or marker, and every signed map a colour bar.
"""

import io
import itertools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PIL import Image

from ..grid import C1, C2

CMAP = "cividis"  # c1 = -1 dark blue, c2 = 1 light yellow: readable with any colour vision
# Okabe & Ito's colour-blind-safe palette without its black (kept for text and axes), in the
# order lines take it: blue, orange, bluish green, reddish purple, sky blue, vermillion,
# yellow, grey.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)
# ✔ bluish green and ✘ vermillion (from PALETTE): told apart with any colour vision, and
# always drawn with a glyph or marker as well.
YES_COLOUR, NO_COLOUR = PALETTE[2], PALETTE[5]
OTHER_COLOUR = "#7f7f7f"  # bars that are neither: the grey beside YES_COLOUR's ✔ bars
MARKERS = "os^vDP"  # a marker per line, in turn, so that lines differ without colour
C_NAMES = {C1: "c1 = -1 (dark)", 0: "0", C2: "c2 = +1 (light)"}  # keys and colour bars
OUTLINE = [patheffects.withStroke(linewidth=3, foreground="white")]  # text legible on points


def palette_colour(k):
    """The k-th colour of PALETTE (k = 0, 1, ...; it wraps around)."""
    return PALETTE[k % len(PALETTE)]


def c1_c2_colour_bar(fig, image, ax, ticks=(C1, C2), **kwargs):
    """A colour bar for an image of the two colours (c1 = -1 dark, c2 = 1 light) -> Colorbar.

    image: the AxesImage (drawn in CMAP from -1 to 1); ax: the axes (or array of axes) it
    takes its room from; ticks: the values named on it (0 may be added, for a background);
    kwargs go to fig.colorbar.
    """
    bar = fig.colorbar(image, ax=ax, ticks=list(ticks), **kwargs)
    bar.ax.set_yticklabels([C_NAMES[t] for t in ticks])
    bar.ax.tick_params(labelsize=7)
    return bar


def plot_curves(
    x,
    curves,
    xlabel,
    ylabel,
    *,
    baseline=None,
    markers=True,
    log=False,
    ylim=None,
    xticks=None,
    figsize=(6, 3.2),
):
    """The one line plot of the pack: a line per named curve, in PALETTE's colours -> Figure.

    x: the x values the curves share (epochs, steps, sizes: whole numbers), or None for
    0, 1, 2, ... along each curve; curves: {name: values}.
    baseline: optional (value, label), drawn as a dashed grey line to compare with.
    markers: a marker on every point (MARKERS in turn), to tell lines apart without colour.
    log: True for a log y axis, 'auto' for one where the values span more than a decade.
    ylim, xticks: optional limits of the y axis and ticks of the x axis.
    The x axis is ticked at whole numbers only; a legend is drawn only when there are
    several lines (the baseline counts) to tell apart.
    """
    fig, ax = plt.subplots(figsize=figsize)
    for k, ((name, values), marker) in enumerate(zip(curves.items(), itertools.cycle(MARKERS))):
        xs = np.arange(len(values)) if x is None else x
        ax.plot(xs, values, color=palette_colour(k), marker=marker if markers else None, label=name)
    if baseline is not None:
        ax.axhline(baseline[0], color="grey", ls="--", lw=1, label=baseline[1])
    values = np.concatenate([np.ravel(v) for v in curves.values()])
    if log is True or (log == "auto" and values.min() > 0 and values.max() / values.min() > 10):
        ax.set_yscale("log")  # values that fall by decades read best on a log scale
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if xticks is not None:
        ax.set_xticks(xticks)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if len(curves) + (baseline is not None) > 1:
        ax.legend()
    fig.tight_layout()
    return fig


def plot_loss(loss_histories, labels, xlabel="gradient-descent step", baseline=None):
    """Loss curves, one per history (steps + 1,), on one axis -> Figure.

    baseline: optional (value, label), drawn as a dashed line to compare with.
    """
    curves = dict(zip(labels, loss_histories, strict=True))
    return plot_curves(
        None,
        curves,
        xlabel,
        "cross-entropy loss",
        baseline=baseline,
        markers=False,
        log="auto",
        figsize=(6, 3),
    )


def mark_flat_bars(ax, heights, colours, span):
    """Mark the bars too short to see (under 1% of the y span): a bar of height 0 and a
    missing bar look alike, so each such bar gets a flat dash of its colour at its height."""
    for i, (height, colour) in enumerate(zip(heights, colours, strict=True)):
        if abs(height) < 0.01 * span:
            ax.plot(i, height, marker="_", markersize=14, mew=3, color=colour, zorder=3)


def write_values(ax, values, text, dark, fontsize):
    """Write each cell's value in the middle of its cell: text(v) a string, white where
    dark(v) (on a dark cell), black elsewhere. values (H, W)."""
    for (i, j), v in np.ndenumerate(values):
        colour = "white" if dark(v) else "black"
        ax.text(j, i, text(v), ha="center", va="center", color=colour, fontsize=fontsize)


class LiveFigure:
    """A figure for a widget: drawn in full once, then only its changing artists are redrawn.

    Redrawing axes, ticks and labels on every slider move is slow; drawing only the few
    artists that change over a saved background (blitting) keeps a widget's answer
    immediate (benchmarks/speed_widgets.py times a widget update).

    figsize: (width, height) in inches; subplots_kw: passed to Figure.subplots.
    Build the plot on `axes`, then call `freeze(changing_artists)` once; after each change
    of those artists, `png()` returns the picture as PNG bytes. After a change of what is
    not among them (an axis's limits), `freeze(live.changing)` draws the background again.
    """

    def __init__(self, figsize, dpi=90, **subplots_kw):
        self.figure = Figure(figsize=figsize, dpi=dpi)  # not pyplot: never shown inline
        self.canvas = FigureCanvasAgg(self.figure)
        self.axes = self.figure.subplots(**subplots_kw)
        self.artists = []

    def freeze(self, artists):
        """Draw everything but `artists` and keep that picture as the background.

        The frames of the axes the artists live in are redrawn over them: an image that
        fills its axes would otherwise paint over the frame's top and left edges."""
        self.changing = list(artists)
        axes = {artist.axes for artist in self.changing if artist.axes is not None}
        frames = [spine for ax in axes for spine in ax.spines.values()]
        self.artists = [*self.changing, *frames]
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
