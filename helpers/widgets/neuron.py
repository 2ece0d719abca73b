"""Widgets of notebook 01: the neuron in your hands, and the training replay."""

import html

import ipywidgets as widgets
import numpy as np

from ..activations import sigmoid
from ..grid import (
    C1,
    C2,
    DIAGONAL,
    SLIDE_WEIGHTS,
    check_grids,
    is_diagonal,
    neuron_score,
    weighted_terms,
)
from ..plotting import CMAP, NO_COLOUR, YES_COLOUR, LiveFigure
from ..plotting.common import OTHER_COLOUR
from ..plotting.neuron import NO_MARKER, YES_MARKER, signed
from .common import LiveWidget, stepper_controls

CELL_NAMES = ["a00", "a01", "a10", "a11"]  # the order of NeuronExplorer.cells, row by row


def cell_words(name, a):
    """(description, tooltip) of a grid cell's button: which cell, which colour it holds,
    and what a press does; a screen reader reads both."""
    if a == C2:
        return f"{name}: +1", f"cell {name}: light (c2 = +1); press to make it dark (c1 = −1)"
    return f"{name}: −1", f"cell {name}: dark (c1 = −1); press to make it light (c2 = +1)"


def _signed_sum(values):
    """'2 + 2 − 6' for [2, 2, -6]: a sum written the way a student writes it."""
    text = f"{values[0]:g}"
    for v in values[1:]:
        text += f" − {-v:g}" if v < 0 else f" + {v:g}"
    return text


class NeuronExplorer(LiveWidget, widgets.HBox):
    """A clickable 2x2 grid and sliders for w1..w4 and b, with the neuron's answer, live.

    weights (2, 2), bias and grid (2, 2) of -1/1 set where it starts.
    `cells` are 4 ToggleButtons (pressed = c2 = 1) in the order a00 a01 a10 a11, each named
    by its cell and its value ('a00: −1') with a tooltip that says its colour, `sliders`
    maps 'w1'..'w4' and 'b' to FloatSliders, `readout` is the HTML that shows the weighted sum
    term by term, sigma and the verdict; `z`, `probability` and `verdict` hold the numbers.
    """

    Z_LIMIT = 12  # the sigma plot's z axis; a z beyond it is drawn as an arrow at the edge

    def __init__(self, weights=SLIDE_WEIGHTS, bias=-6.0, grid=DIAGONAL):
        weights = check_grids(weights, "weights")[0]
        grid = check_grids(grid, "grid")[0]
        if not np.all(np.isin(grid, (C1, C2))):
            raise ValueError(f"grid cells must be c1 = -1 or c2 = 1, got {grid.tolist()}")
        # room for the whole name, "a00: −1": buttons clip their text, with an ellipsis
        cell_layout = widgets.Layout(width="72px", height="64px", padding="0px")
        self.cells = [
            widgets.ToggleButton(value=bool(a == C2), layout=cell_layout) for a in grid.reshape(4)
        ]
        names = ["w1", "w2", "w3", "w4", "b"]
        values = [*weights.reshape(4), bias]
        self.sliders = {
            name: widgets.FloatSlider(
                value=float(v),
                min=-10,
                max=10,
                step=0.5,
                description=name,
                continuous_update=True,
                readout_format="+.1f",
            )
            for name, v in zip(names, values, strict=True)
        }
        grid_box = widgets.GridBox(
            self.cells,
            layout=widgets.Layout(grid_template_columns="repeat(2, 76px)", width="166px"),
        )
        hint = widgets.HTML("<b>click a cell (or Tab to it, then Space) to flip it</b>")
        controls = widgets.VBox([hint, grid_box, *self.sliders.values()])
        self._assemble([controls], [*self.cells, *self.sliders.values()], side=True)

    def __repr__(self):
        # Shown as text where no widget renders: short, and stable from run to run.
        w = [self.sliders[f"w{i}"].value for i in range(1, 5)]
        return f"NeuronExplorer(weights={w}, b={self.bias}, grid={self.grid.astype(int).tolist()})"

    @property
    def grid(self):
        """The grid the cells show, (2, 2) of -1/1."""
        return np.array([C2 if cell.value else C1 for cell in self.cells], float).reshape(2, 2)

    @property
    def weights(self):
        return np.array([self.sliders[f"w{i}"].value for i in range(1, 5)]).reshape(2, 2)

    @property
    def bias(self):
        return self.sliders["b"].value

    def _build_figure(self):
        self.figure = LiveFigure((6, 2.4), ncols=2, gridspec_kw={"width_ratios": [1, 2.2]})
        ax_grid, ax_sigma = self.figure.axes
        self._grid_image = ax_grid.imshow(np.zeros((2, 2)), cmap=CMAP, vmin=-1, vmax=1)
        ax_grid.set_xticks([])
        ax_grid.set_yticks([])
        ax_grid.set_title("the grid", fontsize=9)
        bar = self.figure.figure.colorbar(self._grid_image, ax=ax_grid, ticks=[C1, 0, C2])
        bar.ax.tick_params(labelsize=7)
        z = np.linspace(-self.Z_LIMIT, self.Z_LIMIT, 200)
        ax_sigma.plot(z, sigmoid(z), color="black", lw=1.2)
        ax_sigma.axhline(0.5, color="grey", ls="--", lw=0.8)
        ax_sigma.axvline(0, color="grey", ls="--", lw=0.8)
        (self._point,) = ax_sigma.plot([0], [0.5], "o", ms=10)
        ax_sigma.set_xlim(-self.Z_LIMIT, self.Z_LIMIT)
        ax_sigma.set_xlabel("z = weighted sum + b", fontsize=9)
        ax_sigma.set_title("σ(z); an arrow at the edge: z beyond the axis", fontsize=9)
        self.figure.freeze([self._grid_image, self._point])

    def update(self):
        """Recompute the neuron on the current grid and redraw the readout and the figure."""
        grid, weights = self.grid, self.weights
        for cell, name, a in zip(self.cells, CELL_NAMES, grid.reshape(4), strict=True):
            cell.description, cell.tooltip = cell_words(name, a)
            cell.button_style = "warning" if a == C2 else "primary"
        terms = weighted_terms(weights, grid)
        self.z = float(neuron_score(weights, grid, self.bias)[0])
        self.probability = float(sigmoid(self.z))
        self.verdict = "✔" if self.probability > 0.5 else "✘"
        self.readout.value = self._readout_html(weights.reshape(4), grid.reshape(4), terms)
        self._grid_image.set_data(grid)
        shown_z = float(np.clip(self.z, -self.Z_LIMIT, self.Z_LIMIT))
        self._point.set_data([shown_z], [self.probability])
        self._point.set_color(YES_COLOUR if self.verdict == "✔" else NO_COLOUR)
        if shown_z != self.z:
            self._point.set_marker(">" if self.z > 0 else "<")
        else:
            self._point.set_marker(YES_MARKER if self.verdict == "✔" else NO_MARKER)
        self.show()

    def alt_text(self):
        """The picture in words: the grid's colours and where the point sits on σ(z)."""
        colours = ", ".join(
            f"{name} {'light' if a == C2 else 'dark'}"
            for name, a in zip(CELL_NAMES, self.grid.reshape(4), strict=True)
        )
        edge = " (beyond the axis: an arrow at its edge)" if abs(self.z) > self.Z_LIMIT else ""
        side = "above" if self.verdict == "✔" else "at or below"
        answer = "diagonal" if self.verdict == "✔" else "not the diagonal"
        return (
            f"Left: the 2x2 grid, {colours}. Right: the sigmoid curve σ(z) with a point at "
            f"z = {self.z:g}{edge}, σ(z) = {self.probability:.3f}, {side} the dashed line at "
            f"1/2: the neuron answers {self.verdict} {answer}."
        )

    def _readout_html(self, w, a, terms):
        products = " + ".join(f"({wi:g})·({ai:g})" for wi, ai in zip(w, a, strict=True))
        is_diag = bool(is_diagonal(self.grid)[0])
        right = (self.verdict == "✔") == is_diag
        lines = [
            "w1·a00 + w2·a01 + w3·a10 + w4·a11 + b",
            f"= {products} + ({self.bias:g})",
            f"= {_signed_sum([*terms, self.bias])}",
            f"= {self.z:g}",
            f"σ({self.z:g}) = {self.probability:.3f} {'>' if self.verdict == '✔' else '≤'} 1/2"
            f"  →  {self.verdict}",
            f"the grid {'is' if is_diag else 'is not'} the diagonal: the neuron is "
            f"{'right' if right else 'wrong'}",
        ]
        return (
            "<pre style='font-size: 13px; line-height: 1.5'>"
            + "\n".join(html.escape(line) for line in lines)
            + "</pre>"
        )

    def text(self):
        """The readout as plain text (what a reader without a kernel sees printed)."""
        inner = self.readout.value.split(">", 1)[1].rsplit("</pre>", 1)[0]
        return html.unescape(inner)


class TrainingReplay(LiveWidget, widgets.VBox):
    """Replay gradient descent: a slider (and play button) over the steps of a fitted model.

    model: a fitted LogisticRegression (its weight_history, bias_history and loss_history).
    grids (16, 2, 2) and labels (16,): the patterns whose probabilities are shown.
    start: the step shown first, by default the last (the trained neuron: a page read
    without a kernel shows where training ends, not the 16 probabilities of 1/2 it starts at).
    `step` is the IntSlider; `readout` an HTML line with the step's loss, weights and bias.
    """

    def __init__(self, model, grids, labels, start=None):
        self.model = model
        self.grids = check_grids(grids)
        self.labels = np.asarray(labels)
        last = len(model.loss_history) - 1
        self.play, self.step = stepper_controls(last, "step", interval=60)
        self.play.value = self.step.value = last if start is None else start
        self._assemble([widgets.HBox([self.play, self.step])], [self.step])

    def __repr__(self):
        return f"TrainingReplay(steps={self.step.max}, step={self.step.value})"

    def _build_figure(self):
        self.figure = LiveFigure((10, 2.8), ncols=3, gridspec_kw={"width_ratios": [1, 1.6, 2.4]})
        ax_w, ax_loss, ax_p = self.figure.axes
        limit = 1.5 * np.abs(self.model.weight_history).max()  # 1.5: pale colours, legible text
        self._weight_image = ax_w.imshow(np.zeros((2, 2)), cmap="RdBu_r", vmin=-limit, vmax=limit)
        self._weight_texts = [
            ax_w.text(j, i, "", ha="center", va="center", fontsize=9)
            for i in range(2)
            for j in range(2)
        ]
        ax_w.set_xticks([])
        ax_w.set_yticks([])
        self.figure.figure.colorbar(self._weight_image, ax=ax_w).ax.tick_params(labelsize=7)
        # a placeholder title: tight_layout keeps room for the one update writes
        self._weight_title = ax_w.set_title("weights, b", fontsize=9)
        losses = self.model.loss_history
        ax_loss.plot(losses, color="lightgrey", lw=1)
        (self._loss_line,) = ax_loss.plot([], [], color="black", lw=1.5)
        (self._loss_point,) = ax_loss.plot([], [], "o", color="black")
        ax_loss.set_xlabel("step", fontsize=9)
        ax_loss.set_title("cross-entropy loss", fontsize=9)
        colours = np.where(self.labels == 1, YES_COLOUR, OTHER_COLOUR)
        self._bars = ax_p.bar(
            np.arange(len(self.labels)), np.zeros(len(self.labels)), color=colours
        )
        ax_p.axhline(0.5, color="black", ls="--", lw=0.8)
        ax_p.set_ylim(0, 1)
        ax_p.set_xticks(np.arange(len(self.labels)))
        ax_p.tick_params(labelsize=7)
        ax_p.set_title("P(diagonal) for the 16 patterns (green: the diagonal)", fontsize=9)
        self.figure.freeze(
            [
                self._weight_image,
                *self._weight_texts,
                self._weight_title,
                self._loss_line,
                self._loss_point,
                *self._bars,
            ]
        )

    def state(self, step):
        """(loss, weights (2, 2), bias, probabilities (16,)) after `step` steps of training."""
        weights = self.model.weight_history[step].reshape(2, 2)
        bias = self.model.bias_history[step]
        probabilities = sigmoid(neuron_score(weights, self.grids, bias))
        return self.model.loss_history[step], weights, bias, probabilities

    def alt_text(self):
        """The picture in words: the weights, the loss so far, the 16 probabilities."""
        k = self.step.value
        loss, weights, bias, probabilities = self.state(k)
        correct = int(np.sum((probabilities > 0.5) == (self.labels == 1)))
        shown = ", ".join(signed(w) for w in weights.reshape(4))
        return (
            f"After step {k} of {self.step.max}. Left: the 2x2 weights as colours, "
            f"[{shown}], bias {signed(bias)}. Middle: the cross-entropy loss curve up to "
            f"step {k}, now {loss:.4f}. Right: bars of P(diagonal) for the 16 patterns, "
            f"{correct} of 16 on the right side of the dashed line at 1/2."
        )

    def update(self):
        """Show the model as it was after `step.value` steps."""
        k = self.step.value
        loss, weights, bias, probabilities = self.state(k)
        correct = int(np.sum((probabilities > 0.5) == (self.labels == 1)))
        shown = ", ".join(signed(w) for w in weights.reshape(4))
        self.readout.value = (
            f"<pre>step {k}: loss {loss:.4f}, weights [{shown}], b {signed(bias)}, "
            f"{correct}/16 patterns right</pre>"
        )
        self._weight_image.set_data(weights)
        for text, value in zip(self._weight_texts, weights.reshape(4), strict=True):
            text.set_text(signed(value))
        self._weight_title.set_text(f"weights, b = {signed(bias)}")
        self._loss_line.set_data(np.arange(k + 1), self.model.loss_history[: k + 1])
        self._loss_point.set_data([k], [loss])
        for bar, p in zip(self._bars, probabilities, strict=True):
            bar.set_height(p)
        self.show()
