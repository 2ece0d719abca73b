"""Notebook 04's helpers: next-word models, the widgets, the self-checks, the diagrams."""

import base64

import numpy as np
import pytest

from helpers.data import load_names
from helpers.exercises import (
    check_first_state,
    check_gradient_through_time,
    check_recurrent_params,
)
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


def printed(capsys):
    out = capsys.readouterr().out
    assert out.startswith(("✔ Right: ", "✘ Not yet: ")), out
    return out.startswith("✔"), out


def test_exercises(capsys):
    check_first_state([np.tanh(1.0), 0.0])
    assert printed(capsys)[0]
    check_first_state([1.0, 0.0])
    assert "before the squashing" in printed(capsys)[1]
    check_recurrent_params(30, 64, 30 * 64 + 64 * 64 + 64, 4 * (30 * 64 + 64 * 64 + 64))
    assert printed(capsys)[0]
    check_recurrent_params(30, 64, 6080, 6080)
    right, out = printed(capsys)
    assert not right and "LSTM count 6080 is low" in out and "RNN count" not in out
    h0 = np.tanh(1.0)
    h1 = np.tanh(0.5 * h0)
    h2 = np.tanh(0.5 * h1)
    check_gradient_through_time((1 - h2**2) * 0.5 * (1 - h1**2) * 0.5)
    assert printed(capsys)[0]
    check_gradient_through_time(0.25)  # forgot the tanh factors
    assert not printed(capsys)[0]


def test_diagrams_draw_what_they_are_given():
    fig = plot_unrolled(["(a0, a1)", "(b0, b1)"], [[0.5, -0.25], [0.125, 1.0]])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "h = [+0.50, -0.25]" in texts and "(b0, b1)" in texts
    assert len(plot_wirings().axes) == 3
    lines = plot_gradient_reach(np.arange(5), {"RNN": np.ones(5), "LSTM": np.ones(5)}).axes[0]
    assert len(lines.lines) == 2 and lines.get_yscale() == "log"
    recall = plot_recall([5, 10], {"RNN": [1.0, 0.5]}, chance=0.5).axes[0]
    assert list(recall.lines[0].get_ydata()) == [1.0, 0.5]
