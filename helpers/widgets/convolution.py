"""Widgets of notebook 03: stepping a filter across an image, and a filter editor."""

import html

import ipywidgets as widgets
import numpy as np

from ..filters import CLASSIC_FILTERS, DIAGONAL_BIAS, DIAGONAL_FILTER, filter_image, slide_steps
from ..plotting import LiveFigure, draw_cells, window_box
from ..plotting.common import NO_COLOUR, YES_COLOUR
from ..windows import output_size
from .common import LiveWidget, stepper_controls


class ConvStepper(LiveWidget, widgets.VBox):
    """Step the filter across the image, one position at a time, filling the ✔/✘ map.

    image (H, W) and kernel (k, k) of the slides, bias as in notebook 01.
    `step` (IntSlider, with a play button) is how many positions have been visited minus one;
    `readout` shows the window, the weighted sum, sigma and the verdict at that position.
    """

    def __init__(self, image, kernel=DIAGONAL_FILTER, bias=DIAGONAL_BIAS):
        self.image, self.kernel, self.bias = np.asarray(image), np.asarray(kernel), bias
        self.steps = slide_steps(image, kernel, bias)
        self.play, self.step = stepper_controls(len(self.steps) - 1, "position", interval=700)
        self._assemble([widgets.HBox([self.play, self.step])], [self.step])

    def __repr__(self):
        return f"ConvStepper(positions={len(self.steps)}, position={self.step.value})"

    def _build_figure(self):
        k = len(self.kernel)
        out = output_size(len(self.image), k, 1, 0)
        self.figure = LiveFigure(
            (7.5, 2.6), ncols=3, gridspec_kw={"width_ratios": [len(self.image), k, out]}
        )
        ax_image, ax_filter, ax_map = self.figure.axes
        draw_cells(ax_image, self.image, values=True)
        ax_image.set_title("image", fontsize=9)
        limit = np.abs(self.kernel).max()
        draw_cells(
            ax_filter, self.kernel, cmap="RdBu_r", vmin=-1.5 * limit, vmax=1.5 * limit, values=True
        )
        ax_filter.set_title("filter", fontsize=9)
        self._box = window_box(ax_image, 0, 0, k)
        ax_map.imshow(np.ones((out, out)), cmap="gray", vmin=0, vmax=1)
        ax_map.set_xticks(np.arange(out) - 0.5, minor=True)
        ax_map.set_yticks(np.arange(out) - 0.5, minor=True)
        ax_map.grid(which="minor", color="lightgrey")
        ax_map.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
        ax_map.set_title("the map so far", fontsize=9)
        self._marks = [
            ax_map.text(
                s["position"][1], s["position"][0], "", ha="center", va="center", fontsize=16
            )
            for s in self.steps
        ]
        self.figure.freeze([self._box, *self._marks])

    def update(self):
        n = self.step.value
        step = self.steps[n]
        i, j = step["position"]
        self._box.set_xy((j - 0.5, i - 0.5))
        self._box.set_edgecolor(YES_COLOUR if step["verdict"] == "✔" else NO_COLOUR)
        for m, (mark, s) in enumerate(zip(self._marks, self.steps, strict=True)):
            mark.set_text(s["verdict"] if m <= n else "")
            mark.set_color(YES_COLOUR if s["verdict"] == "✔" else NO_COLOUR)
        self.verdicts = [s["verdict"] for s in self.steps[: n + 1]]
        window = step["window"]
        products = " + ".join(
            f"({w:g})·({a:g})" for w, a in zip(self.kernel.ravel(), window.ravel(), strict=True)
        )
        lines = [
            f"position ({i}, {j}), window {window.astype(int).tolist()}",
            f"sum = {products} = {step['sum']:g}",
            f"z = {step['sum']:g} + ({self.bias:g}) = {step['z']:g},  "
            f"σ(z) = {step['probability']:.3f}  →  {step['verdict']}",
        ]
        self.readout.value = "<pre>" + "\n".join(html.escape(x) for x in lines) + "</pre>"
        self.show()


class FilterEditor(LiveWidget, widgets.VBox):
    """Edit a 3x3 filter, choose a digit, a stride and a padding: the feature map, live.

    digits (m, 8, 8) to choose from (the `digit` slider picks one), names (m,) their labels.
    `weights` are the 9 FloatSliders, row by row; `preset` a Dropdown of classic filters;
    `stride` and `padding` IntSliders; `readout` shows the output-size formula at work.
    """

    MAX_PADDING, MAX_STRIDE, LIMIT = 2, 3, 5.0

    def __init__(self, digits, names, kernel=CLASSIC_FILTERS["vertical edges"]):
        self.digits, self.names = np.asarray(digits, float), list(names)
        self.digit = widgets.IntSlider(value=0, min=0, max=len(digits) - 1, description="digit")
        self.weights = [
            widgets.FloatSlider(
                value=float(v),
                min=-self.LIMIT,
                max=self.LIMIT,
                step=0.25,
                readout_format=".2f",
                description=f"w{n // 3}{n % 3}",  # row, column: what a screen reader reads
                style={"description_width": "30px"},
                layout=widgets.Layout(width="230px"),
            )
            for n, v in enumerate(np.asarray(kernel).ravel())
        ]
        self.preset = widgets.Dropdown(
            options=["(edit below)", *CLASSIC_FILTERS], value="(edit below)", description="preset"
        )
        self.stride = widgets.IntSlider(value=1, min=1, max=self.MAX_STRIDE, description="stride")
        self.padding = widgets.IntSlider(
            value=1, min=0, max=self.MAX_PADDING, description="padding"
        )
        self._loading = False
        grid = widgets.GridBox(
            self.weights, layout=widgets.Layout(grid_template_columns="repeat(3, 235px)")
        )
        rows = [
            widgets.HBox([self.digit, self.preset]),
            grid,
            widgets.HBox([self.stride, self.padding]),
        ]
        self._assemble(rows, [self.digit, *self.weights, self.stride, self.padding])
        self.preset.observe(self._on_preset, names="value")

    def __repr__(self):
        return (
            f"FilterEditor(kernel={np.round(self.kernel, 2).tolist()}, "
            f"stride={self.stride.value}, padding={self.padding.value})"
        )

    @property
    def kernel(self):
        return np.array([s.value for s in self.weights]).reshape(3, 3)

    def _build_figure(self):
        size = 8 + 2 * self.MAX_PADDING
        self.figure = LiveFigure((8.4, 3.0), ncols=3, gridspec_kw={"width_ratios": [1, 0.7, 1]})
        ax_digit, ax_kernel, ax_map = self.figure.axes
        self._digit = ax_digit.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
        self._box = window_box(ax_digit, 0, 0, 3)
        self._kernel = ax_kernel.imshow(
            np.zeros((3, 3)), cmap="RdBu_r", vmin=-1.5 * self.LIMIT, vmax=1.5 * self.LIMIT
        )
        self._kernel_texts = [
            ax_kernel.text(j, i, "", ha="center", va="center", fontsize=9)
            for i in range(3)
            for j in range(3)
        ]
        self._map = ax_map.imshow(np.zeros((8, 8)), cmap="gray_r")
        for ax, title in [
            (ax_digit, "digit, padded (frame: the first window)"),
            (ax_kernel, "filter"),
            (ax_map, "feature map"),
        ]:
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(title, fontsize=8)
        for ax in (ax_digit, ax_map):  # fixed limits: the largest padded input fits
            ax.set_xlim(-0.5, size - 0.5)
            ax.set_ylim(size - 0.5, -0.5)
        # a placeholder title: tight_layout keeps room for the one update writes
        self._title = ax_map.set_title("feature map", fontsize=8)
        self.figure.freeze(
            [self._digit, self._box, self._kernel, *self._kernel_texts, self._map, self._title]
        )

    def _on_preset(self, change):
        if change["new"] not in CLASSIC_FILTERS:
            return
        self._loading = True  # one redraw for the 9 values, not nine
        for slider, v in zip(self.weights, CLASSIC_FILTERS[change["new"]].ravel(), strict=True):
            slider.value = float(np.clip(v, -self.LIMIT, self.LIMIT))
        self._loading = False
        self.update()

    def _on_change(self, change):
        if not self._loading:
            self.update()

    def feature_map(self):
        """The current digit through the current filter, stride and padding."""
        return filter_image(
            self.digits[self.digit.value], self.kernel, self.stride.value, self.padding.value
        )

    def _centred(self, image, shape):
        """Draw `image` of `shape` in the middle of its axes, whose limits fit the largest."""
        size = 8 + 2 * self.MAX_PADDING
        top, left = (size - shape[0]) / 2, (size - shape[1]) / 2
        image.set_extent((left - 0.5, left + shape[1] - 0.5, top + shape[0] - 0.5, top - 0.5))
        return top, left

    def update(self):
        p, s = self.padding.value, self.stride.value
        padded = np.pad(self.digits[self.digit.value], p)
        self.map = self.feature_map()
        h_out = output_size(8, 3, s, p)
        self._digit.set_data(padded)
        top, left = self._centred(self._digit, padded.shape)
        self._box.set_xy((left - 0.5, top - 0.5))  # the first window, at the padded corner
        self._kernel.set_data(self.kernel)
        for text, v in zip(self._kernel_texts, self.kernel.ravel(), strict=True):
            text.set_text(f"{v:.2g}")
        limit = max(np.abs(self.map).max(), 1e-9)
        self._map.set_data(self.map)
        self._map.set_clim(-limit, limit)
        self._map.set_cmap("RdBu_r")
        self._centred(self._map, self.map.shape)
        self._title.set_text(f"feature map {h_out} x {h_out}")
        self.readout.value = (
            f"<pre>digit: a {html.escape(str(self.names[self.digit.value]))};  output size "
            f"H' = (H + 2p − k) // s + 1 = (8 + 2·{p} − 3) // {s} + 1 = {h_out}\n"
            f"feature map from {self.map.min():.2f} to {self.map.max():.2f}</pre>"
        )
        self.show()
