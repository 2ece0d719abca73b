"""Notebook 04's helpers: next-word models, the widgets, the diagrams (the self-checks are
in test_exercises_recurrent.py)."""

import base64

import numpy as np
import pytest

from helpers.data import load_names
from helpers.grammar import make_corpus
from helpers.language_model import (
    RecurrentLanguageModel,
    next_probabilities,
    sample,
    train_language_model,
)
from helpers.next_word import (
    last_word_accuracy,
    recurrent_guesses,
    train_window_model,
    window_guesses,
    window_model,
)
from helpers.plotting.recurrent import plot_gradient_reach, plot_recall, plot_unrolled, plot_wirings
from helpers.vocab import BOUNDARY, Vocabulary, WordVocabulary
from helpers.widgets.recurrent import NameStepper, TemperatureSampler


def shown_png(output):
    (item,) = output.outputs
    data = item["data"]["image/png"]
    return base64.b64decode(data) if isinstance(data, str) else data


def test_a_window_guesses_the_sound_and_a_recurrent_network_knows_it():
    sentences, new = make_corpus(1500, seed=0), make_corpus(100, seed=1)
    words = WordVocabulary(sentences + [BOUNDARY])
    fixed = window_model(3, len(words), seed=0)
    train_window_model(fixed, words, sentences, 3, epochs=8, seed=0)
    window_accuracy = last_word_accuracy(lambda w: window_guesses(fixed, words, w, 3), words, new)
    rnn = RecurrentLanguageModel(len(words), 32, "rnn", seed=0, dtype=np.float32)
    train_language_model(rnn, words, sentences, epochs=8, seed=0)
    rnn_accuracy = last_word_accuracy(lambda w: recurrent_guesses(rnn, words, w), words, new)
    assert window_accuracy < 0.4 and rnn_accuracy > 0.95  # 4 animals: chance is 0.25
    guesses = recurrent_guesses(rnn, words, new[0].split())
    assert guesses.shape == (len(new[0].split()) + 1, len(words))
    np.testing.assert_allclose(guesses.sum(axis=1), 1, rtol=1e-6)


@pytest.fixture(scope="module")
def names_model():
    names = load_names()[::7]
    letters = Vocabulary(names + [BOUNDARY])
    model = RecurrentLanguageModel(len(letters), 16, "rnn", seed=0, dtype=np.float32)
    train_language_model(model, letters, names, epochs=2, seed=0)
    return model, letters


def test_temperature_sampler_resamples(names_model):
    model, letters = names_model
    widget = TemperatureSampler(model, letters, n=6, seed=3)
    assert widget.names == sample(model, letters, 6, seed=3, temperature=1.0)
    assert "temperature 1.0: " + ", ".join(widget.names) in widget.readout.value
    before = shown_png(widget.plot)
    widget.temperature.value = 0.2
    assert widget.names == sample(model, letters, 6, seed=3, temperature=0.2)
    assert shown_png(widget.plot) != before
    heights = [bar.get_height() for bar in widget._bars]
    assert max(heights) > 0.2 and sum(heights) == pytest.approx(1)
    assert repr(widget) == "TemperatureSampler(temperature=0.2, n=6)"


def test_name_stepper_shows_the_state_and_guesses_after_each_prefix(names_model):
    model, letters = names_model
    widget = NameStepper(model, letters, name="emma")
    assert widget.step.max == 4 and widget.states.shape == (5, 16)
    widget.step.value = 2
    p = next_probabilities(model, letters, "em")
    best = letters.tokens[int(np.argmax(p))]
    assert widget.guesses[0] == (best if best != BOUNDARY else "end", pytest.approx(p.max()))
    assert "after '.em': " in widget.readout.value
    before = shown_png(widget.plot)
    widget.text.value = "bob"
    assert widget.step.max == 3 and widget.step.value == 2
    assert "after '.bo': " in widget.readout.value and shown_png(widget.plot) != before
    widget.text.value = "b0b"
    assert "not in the vocabulary" in widget.readout.value
    assert repr(widget) == "NameStepper(name='b0b', letters_read=2)"


def test_diagrams_draw_what_they_are_given():
    fig = plot_unrolled(["(a0, a1)", "(b0, b1)"], [[0.5, -0.25], [0.125, -0.001]], [0.75, 0.126])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "$h_1$ = [0.50, -0.25]" in texts and "$h_2$ = [0.12, 0.00]" in texts  # no -0.00
    assert "$x_2$ = (b0, b1)" in texts and "$y_2$ = 0.13" in texts
    assert "$h_0$ = 0" in texts and "$h_2$" in texts  # the initial state, and the last passed on
    bare = [t.get_text() for t in plot_unrolled(["a"], [[0.0]]).axes[0].texts]
    assert not any(text.startswith("$y") for text in bare)  # no outputs: no empty boxes
    wirings = plot_wirings()
    assert len(wirings.axes) == 3
    speech, translation = ([t.get_text() for t in ax.texts] for ax in wirings.axes[1:])
    assert [t for t in speech if len(t) == 1] == list("hello")
    assert translation.count("encode") == 4 and translation.count("(end)") == 2
    assert len(translation) == 8 + 8 + 4  # 8 cells, an input at every step, 4 words written
    lines = plot_gradient_reach(np.arange(5), {"RNN": np.ones(5), "LSTM": np.ones(5)}).axes[0]
    assert len(lines.lines) == 2 and lines.get_yscale() == "log"
    recall = plot_recall([5, 10], {"RNN": [1.0, 0.5]}, chance=0.5).axes[0]
    assert list(recall.lines[0].get_ydata()) == [1.0, 0.5]


def test_name_stepper_starts_with_the_whole_name(names_model):
    model, letters = names_model
    widget = NameStepper(model, letters, name="emma")
    assert widget.step.value == 4 and "after '.emma': " in widget.readout.value
    assert NameStepper(model, letters, name="emma", letters_read=1).step.value == 1
