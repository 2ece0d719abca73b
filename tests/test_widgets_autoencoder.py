"""The widgets of notebook 02 and the training progress bar, driven from Python."""

import base64

import numpy as np
import pytest

from helpers.autoencoder import digit_autoencoder
from helpers.data import load_digits
from helpers.losses import mse_loss
from helpers.optim import Adam
from helpers.training import train
from helpers.widgets import BottleneckChooser, LatentExplorer, TrainingProgress


def shown_png(output):
    (item,) = output.outputs
    data = item["data"]["image/png"]
    return base64.b64decode(data) if isinstance(data, str) else data


@pytest.fixture(scope="module")
def digits():
    images, labels = load_digits()
    return images, labels


@pytest.fixture(scope="module")
def ae2(digits):
    A = digits[0].reshape(-1, 64)
    ae = digit_autoencoder(k=2, seed=0)
    train(ae, mse_loss, (A, A), Adam(ae.params, 3e-3), epochs=5, seed=0)
    return ae


def test_latent_explorer_decodes_the_slider_code(ae2, digits):
    images, labels = digits
    codes = ae2.encode(images.reshape(-1, 64))
    widget = LatentExplorer(ae2, codes, labels)
    before = shown_png(widget.plot)
    widget.code1.value = widget.code1.min
    widget.code2.value = widget.code2.max
    code = np.array([[widget.code1.value, widget.code2.value]], dtype=np.float64)
    np.testing.assert_array_equal(widget.image, ae2.decode(code).reshape(8, 8))
    nearest = labels[np.argmin(np.sum((codes - code) ** 2, axis=1))]
    assert (
        f"code ({code[0, 0]:.2f}, {code[0, 1]:.2f}): the nearest digit's code is a {nearest}"
        in widget.readout.value
    )
    assert shown_png(widget.plot) != before
    assert repr(widget).startswith("LatentExplorer(code=(")


def test_bottleneck_chooser_switches_models(ae2, digits):
    images = digits[0][:6]
    other = digit_autoencoder(k=4, seed=1)
    models = {2: ae2, 4: other}
    widget = BottleneckChooser(models, images, {2: 0.04, 4: 0.025}, {2: 0.06, 4: 0.042})
    assert widget.k.value == 4
    np.testing.assert_array_equal(
        widget.reconstructions.reshape(6, 64), other.forward(images.reshape(6, 64))
    )
    assert "k = 4: test error 0.0250" in widget.readout.value and "0.0420" in widget.readout.value
    before = shown_png(widget.plot)
    widget.k.value = 2
    np.testing.assert_array_equal(
        widget.reconstructions.reshape(6, 64), ae2.forward(images.reshape(6, 64))
    )
    assert "k = 2: test error 0.0400" in widget.readout.value
    assert shown_png(widget.plot) != before
    assert repr(widget) == "BottleneckChooser(k=2, options=[2, 4])"


def test_training_progress_counts_epochs():
    bar = TrainingProgress(10)
    assert repr(bar) == "TrainingProgress(epochs=10)"
    bar.update(3, 0.123456)
    assert bar.bar.value == 3 and bar.label.value == "3/10 epochs, loss 0.1235"
    X = np.random.default_rng(0).random((20, 4))
    ae = digit_autoencoder(k=2, n_features=4, hidden=3, dtype=np.float64)
    bar = TrainingProgress(3)
    history = train(ae, mse_loss, (X, X), Adam(ae.params), epochs=3, on_epoch=bar)
    assert len(history["loss"]) == 3
    assert bar.bar.value == 3 and bar.label.value == f"3/3 epochs, loss {history['loss'][-1]:.4g}"
