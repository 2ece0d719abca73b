"""Widgets of notebook 02: walking through the code space, choosing the bottleneck."""

import ipywidgets as widgets
import numpy as np

from ..plotting import LiveFigure, plot_codes
from .common import LiveWidget


class LatentExplorer(LiveWidget, widgets.VBox):
    """Two sliders over a 2-D code; the decoder turns the code into a digit, redrawn live.

    autoencoder: an Autoencoder with k = 2; codes (N, 2) and labels (N,): the codes of the
    digits, drawn as a map so the student sees where the chosen code sits.
    `code1`, `code2` are the FloatSliders; `readout` names the nearest digit's class.
    """

    def __init__(self, autoencoder, codes, labels):
        self.autoencoder, self.codes, self.labels = autoencoder, codes, np.asarray(labels)
        low, high = np.percentile(codes, 1, axis=0), np.percentile(codes, 99, axis=0)
        start = np.median(codes, axis=0)
        self.code1, self.code2 = (
            widgets.FloatSlider(
                value=round(float(start[i]), 2),
                min=round(float(low[i]), 2),
                max=round(float(high[i]), 2),
                step=0.01,
                description=f"code {i + 1}",
                continuous_update=True,
            )
            for i in range(2)
        )
        self._assemble([widgets.HBox([self.code1, self.code2])], [self.code1, self.code2])

    def __repr__(self):
        return f"LatentExplorer(code=({self.code1.value:.2f}, {self.code2.value:.2f}))"

    def _build_figure(self):
        self.figure = LiveFigure((8.5, 3.4), ncols=2, gridspec_kw={"width_ratios": [1.6, 1]})
        ax_map, ax_digit = self.figure.axes
        plot_codes(self.codes, self.labels, ax=ax_map)
        (self._cross,) = ax_map.plot([], [], "x", color="black", ms=14, mew=3)
        self._digit = ax_digit.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1)
        ax_digit.set_xticks([])
        ax_digit.set_yticks([])
        ax_digit.set_title("decoded", fontsize=9)
        self.figure.freeze([self._cross, self._digit])

    def decoded(self):
        """The digit (8, 8) the decoder makes from the current code."""
        code = np.array([[self.code1.value, self.code2.value]], dtype=self.autoencoder.dtype)
        return self.autoencoder.decode(code).reshape(8, 8)

    def alt_text(self):
        """The picture in words: where the cross sits and what the decoder draws there."""
        return (
            f"Left: the map of the digits' 2-D codes, coloured by digit, with a cross at code "
            f"({self.code1.value:.2f}, {self.code2.value:.2f}), where the nearest digit's code "
            f"is a {self.nearest}. Right: the 8x8 digit the decoder makes from that code."
        )

    def update(self):
        code = np.array([self.code1.value, self.code2.value])
        nearest = int(np.argmin(np.sum((self.codes - code) ** 2, axis=1)))
        self.nearest = self.labels[nearest]
        self.image = self.decoded()
        self.readout.value = (
            f"<pre>code ({code[0]:.2f}, {code[1]:.2f}): the nearest digit's "
            f"code is a {self.nearest}</pre>"
        )
        self._cross.set_data([code[0]], [code[1]])
        self._digit.set_data(self.image)
        self.show()


class BottleneckChooser(LiveWidget, widgets.VBox):
    """A slider over bottleneck sizes k; shows the digits rebuilt through k neurons.

    models: {k: trained Autoencoder}; images (m, 8, 8) to rebuild; errors: {k: test error}
    and pca_errors: {k: error of PCA with k components, the best linear rival}, printed
    beside them. No training happens here: every model was trained once, before.
    """

    def __init__(self, models, images, errors, pca_errors):
        self.models, self.images = models, np.asarray(images)
        self.errors, self.pca_errors = errors, pca_errors
        ks = sorted(models)
        self.k = widgets.SelectionSlider(
            options=ks, value=ks[len(ks) // 2], description="k", continuous_update=True
        )
        self._assemble([self.k], [self.k])

    def __repr__(self):
        return f"BottleneckChooser(k={self.k.value}, options={list(self.k.options)})"

    def _build_figure(self):
        m = len(self.images)
        self.figure = LiveFigure((0.9 * m + 0.8, 2.2), nrows=2, ncols=m)
        self._rebuilt = []
        for c in range(m):
            top, bottom = self.figure.axes[0, c], self.figure.axes[1, c]
            top.imshow(self.images[c], cmap="gray_r", vmin=0, vmax=1)
            self._rebuilt.append(bottom.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=1))
            for ax in (top, bottom):
                ax.set_xticks([])
                ax.set_yticks([])
        self.figure.axes[0, 0].set_ylabel("original", fontsize=8)
        self._row_label = self.figure.axes[1, 0].set_ylabel("", fontsize=8)
        self.figure.freeze([*self._rebuilt, self._row_label])

    def alt_text(self):
        """The picture in words: which digits, rebuilt through how many neurons."""
        return (
            f"Top row: {len(self.images)} handwritten digits, 8x8 pixels. Bottom row: the same "
            f"digits rebuilt by the autoencoder through a bottleneck of k = {self.k.value} "
            f"neurons (test error {self.errors[self.k.value]:.4f})."
        )

    def update(self):
        k = self.k.value
        model = self.models[k]
        flat = self.images.reshape(len(self.images), -1).astype(model.dtype)
        self.reconstructions = model.forward(flat).reshape(self.images.shape)
        self.readout.value = (
            f"<pre>k = {k}: test error {self.errors[k]:.4f} "
            f"(PCA with {k} components, the best linear map with a shift: "
            f"{self.pca_errors[k]:.4f})</pre>"
        )
        for image, rebuilt in zip(self._rebuilt, self.reconstructions, strict=True):
            image.set_data(rebuilt)
        self._row_label.set_text(f"k = {k}")
        self.show()
