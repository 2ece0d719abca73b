"""Figures for the notebooks (matplotlib): functions take numbers and return a Figure.

One module per notebook, plus what they share (common: the colour-blind-safe colours,
LiveFigure for widgets).
"""

from ..extras import missing_extra

try:  # the `notebooks` extra: say so if it is missing, before any module fails on it
    import matplotlib  # noqa: F401
except ModuleNotFoundError as error:
    raise missing_extra(__name__, error) from error

from .autoencoder import (
    plot_codes,
    plot_digit_rows,
    plot_error_curves,
    plot_histograms,
    plot_xor,
)
from .common import CMAP, NO_COLOUR, PALETTE, YES_COLOUR, LiveFigure, plot_curves, plot_loss
from .convolution import (
    draw_cells,
    draw_verdicts,
    plot_filter_bank,
    plot_found_anywhere,
    plot_image_filter_map,
    plot_learned_filters,
    plot_sliding_steps,
    window_box,
)
from .neuron import (
    draw_grid,
    plot_bias_ranges,
    plot_grids,
    plot_probability_snapshots,
    plot_scores,
    plot_sigmoid,
    plot_weights,
)
from .recurrent import (
    draw_chain,
    plot_gradient_reach,
    plot_recall,
    plot_unrolled,
    plot_wirings,
)

__all__ = [
    "CMAP",
    "NO_COLOUR",
    "PALETTE",
    "YES_COLOUR",
    "LiveFigure",
    "draw_cells",
    "draw_chain",
    "draw_grid",
    "draw_verdicts",
    "plot_bias_ranges",
    "plot_codes",
    "plot_curves",
    "plot_digit_rows",
    "plot_error_curves",
    "plot_filter_bank",
    "plot_found_anywhere",
    "plot_gradient_reach",
    "plot_grids",
    "plot_histograms",
    "plot_image_filter_map",
    "plot_learned_filters",
    "plot_loss",
    "plot_probability_snapshots",
    "plot_recall",
    "plot_scores",
    "plot_sigmoid",
    "plot_sliding_steps",
    "plot_unrolled",
    "plot_weights",
    "plot_wirings",
    "plot_xor",
    "window_box",
]
