"""Every widget of the pack, as a screen reader or a keyboard user meets it: each control
has a description, each button a tooltip, and each picture alt text in the <img> itself."""

import base64
import re

import ipywidgets as widgets
import numpy as np
import pytest

import helpers
from helpers.autoencoder import digit_autoencoder
from helpers.data import load_digits, load_names
from helpers.filters import LONG_DIAGONAL
from helpers.grid import grid_features, is_diagonal
from helpers.language_model import RecurrentLanguageModel
from helpers.layers import Dense, Sequential, Tanh
from helpers.plotting import LiveFigure
from helpers.vocab import BOUNDARY, Vocabulary
from helpers.widgets import (
    BottleneckChooser,
    ConvStepper,
    FilterEditor,
    GradientDebugger,
    LatentExplorer,
    NameStepper,
    NeuronExplorer,
    TemperatureSampler,
    TrainingProgress,
    TrainingReplay,
)
from helpers.widgets.common import Picture, describe_figure

# ipywidgets' own containers and outputs: not controls a user names or operates
NOT_CONTROLS = (widgets.Box, widgets.Output, widgets.HTML, widgets.Label)
BUTTONS = (widgets.Button, widgets.ToggleButton, widgets.Play)


def digits():
    images, labels = load_digits()
    return images, labels


def make_neuron_explorer():
    return NeuronExplorer()


def make_training_replay():
    patterns = helpers.all_patterns()
    X, y = grid_features(patterns), is_diagonal(patterns)
    model = helpers.LogisticRegression(learning_rate=1.0, epochs=20, seed=506).fit(X, y)
    return TrainingReplay(model, patterns, y)


def make_latent_explorer():
    images, labels = digits()
    ae = digit_autoencoder(k=2, seed=0)
    return LatentExplorer(ae, ae.encode(images.reshape(-1, 64)), labels)


def make_bottleneck_chooser():
    models = {k: digit_autoencoder(k=k, seed=k) for k in (2, 4)}
    errors = dict.fromkeys(models, 0.0)
    return BottleneckChooser(models, digits()[0][:4], errors, errors)


def make_gradient_debugger():
    return GradientDebugger(Sequential(Dense(2, 3, seed=0), Tanh(), Dense(3, 1, seed=1)), (2,))


def make_conv_stepper():
    return ConvStepper(LONG_DIAGONAL)


def make_filter_editor():
    images, labels = digits()
    return FilterEditor(images[:3], labels[:3])


def language_model():
    letters = Vocabulary(load_names() + [BOUNDARY])
    return RecurrentLanguageModel(len(letters), 8, "rnn", seed=0, dtype=np.float32), letters


def make_temperature_sampler():
    return TemperatureSampler(*language_model(), n=3)


def make_name_stepper():
    return NameStepper(*language_model())


def make_training_progress(monkeypatch):
    monkeypatch.setattr("helpers.widgets.common.display", lambda widget: None)
    return TrainingProgress(3)


MAKERS = [
    make_neuron_explorer,
    make_training_replay,
    make_latent_explorer,
    make_bottleneck_chooser,
    make_gradient_debugger,
    make_conv_stepper,
    make_filter_editor,
    make_temperature_sampler,
    make_name_stepper,
]


def walk(widget):
    """The widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def unnamed_controls(widget):
    """Controls without a description, and buttons without a tooltip, by class name."""
    problems = []
    for part in walk(widget):
        if isinstance(part, NOT_CONTROLS):
            continue
        if not getattr(part, "description", ""):
            problems.append(f"{type(part).__name__} without a description")
        if isinstance(part, BUTTONS) and not getattr(part, "tooltip", None):
            problems.append(f"{type(part).__name__} without a tooltip")
    return problems


def pictures_without_alt(widget):
    """PNG outputs of the widget's Outputs that carry no <img alt=...> beside them."""
    missing = []
    for part in walk(widget):
        for item in getattr(part, "outputs", ()) if isinstance(part, widgets.Output) else ():
            if "image/png" not in item.get("data", {}):
                continue
            alt = re.search(r'<img [^>]*alt="([^"]+)"', item["data"].get("text/html", ""))
            if alt is None or not alt.group(1).strip():
                missing.append(item["data"].get("text/plain", "a PNG"))
    return missing


@pytest.mark.parametrize("make", MAKERS, ids=lambda make: make.__name__[len("make_") :])
def test_every_control_is_named_and_every_picture_described(make):
    widget = make()
    assert unnamed_controls(widget) == []
    assert pictures_without_alt(widget) == []


def test_the_training_progress_bar_is_named(monkeypatch):
    assert unnamed_controls(make_training_progress(monkeypatch)) == []


def test_picture_holds_the_png_twice_and_escapes_its_alt_text():
    png = b"\x89PNG fake"
    data, metadata = Picture(png, 'a "quoted" <b>')._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]) == png
    assert data["text/html"] == (
        f'<img src="data:image/png;base64,{data["image/png"]}" '
        'alt="a &quot;quoted&quot; &lt;b&gt;">'
    )
    assert metadata == {"image/png": {"alt": 'a "quoted" <b>'}}
    assert repr(Picture(png, "the grid")) == "the grid"


def test_a_widget_without_its_own_alt_text_falls_back_to_its_panel_titles():
    figure = LiveFigure((4, 2), ncols=3)
    for ax, title in zip(figure.axes, ["image", "", "the map so far"], strict=True):
        ax.set_title(title)
    assert describe_figure(figure) == "a figure with 2 panels: image; the map so far"
    assert describe_figure(LiveFigure((2, 2))) == "a figure"
