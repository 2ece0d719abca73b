"""Widget of notebook 02: checking a network's gradients, the whole model or one layer."""

import ipywidgets as widgets
import numpy as np

from ..gradcheck import gradient_report
from ..layers import Sequential
from ..validation import check_whole


class GradientDebugger(widgets.VBox):
    """A Dropdown picks the whole model or one of its layers, an IntSlider the batch size N;
    the Output shows gradient_report's table for a random input x (N, *example_shape).

    model: a layer or a Sequential in float64; example_shape: the shape of one example, e.g.
    (2,) for a model that starts with Dense(2, ...); max_batch: the slider's largest N; seed:
    of the random input and of the report. The report is always of the whole model (where a
    bug is depends on every layer after it); picking a layer shows only that layer's rows.
    `layer`, `batch`: the controls; `report`: the GradientReport on show; `output`: its text.
    """

    def __init__(self, model, example_shape, max_batch=8, seed=0):
        self.model, self.seed = model, seed
        if not isinstance(example_shape, tuple | list):
            raise ValueError(
                f"example_shape must be a tuple of sizes, e.g. (2,), got {example_shape!r}"
            )
        self.example_shape = tuple(check_whole(n, "example_shape's sizes") for n in example_shape)
        max_batch = check_whole(max_batch, "max_batch")
        layers = model.layers if isinstance(model, Sequential) else [model]
        # label -> the layer's index, None for all: Dropdown values stay plain strings
        self._choices = {"whole model": None}
        self._choices.update({f"layer {k}: {layer!r}": k for k, layer in enumerate(layers)})
        self.layer = widgets.Dropdown(options=list(self._choices), description="show")
        self.batch = widgets.IntSlider(
            value=min(4, max_batch), min=1, max=max_batch, description="batch N"
        )
        self.output = widgets.Output()
        super().__init__([widgets.HBox([self.layer, self.batch]), self.output])
        self.layer.observe(self._show, names="value")  # the same report, other rows
        self.batch.observe(self._check, names="value")  # a new batch: a new report
        self._check()

    def __repr__(self):
        return f"GradientDebugger(show={self.layer.value!r}, N={self.batch.value})"

    def text(self):
        """What the Output shows: the report's table for the chosen rows, and its verdict."""
        return self.report.table(layer=self._choices[self.layer.value])

    def _check(self, change=None):
        """Gradient-check the model on a fresh random batch of N examples, then show it."""
        rng = np.random.default_rng(self.seed)
        x = rng.standard_normal((self.batch.value, *self.example_shape))
        self.report = gradient_report(self.model, x, seed=self.seed)
        self._show()

    def _show(self, change=None):
        self.output.outputs = ()
        self.output.append_stdout(self.text() + "\n")
