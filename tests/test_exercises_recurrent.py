"""The self-checks of notebook 04: right answers pass, slips get why, nothing on the page passes."""

import itertools

import numpy as np
import pytest
from notebook_page import numbers_in, shown_before, verdict

from helpers.data import load_names
from helpers.exercises import (
    check_gradient_through_time,
    check_names_lstm,
    check_recurrent_params,
    check_reversed_order,
)
from helpers.exercises.recurrent import (
    PAGE_40,
    one_unit_gradient,
    one_unit_states,
    page_40_states,
)
from helpers.language_model import RecurrentLanguageModel, train_language_model
from helpers.vocab import BOUNDARY, Vocabulary

NOTEBOOK = "04_recurrent_networks.ipynb"


def numbers_before(check):
    """The distinct numbers notebook 04 shows before the cell that calls `check`."""
    return sorted(set(numbers_in(shown_before(NOTEBOOK, check))))


# the right answers, computed here as a student would, without the checks' helpers
REVERSED_H3 = np.tanh(
    np.array([1.0, 0.0]) + 0.5 * np.tanh(np.array([0.0, 1.0]) + 0.5 * np.tanh([1.0, 1.0]))
)
RNN_30_64 = 30 * 64 + 64 * 64 + 64
H1 = np.tanh(2.0)
H2 = np.tanh(0.5 * H1)
H3 = np.tanh(0.5 * H2)
DH3_DH1 = (1 - H2**2) * 0.5 * (1 - H3**2) * 0.5


def test_reversed_order(capsys):
    check_reversed_order(REVERSED_H3)
    assert verdict(capsys)[0]
    np.testing.assert_allclose(page_40_states(PAGE_40["inputs"][::-1])[-1], REVERSED_H3)
    check_reversed_order(np.zeros(3))
    right, out = verdict(capsys)
    assert not right and "2 numbers" in out


@pytest.mark.parametrize(
    "state, why",
    [
        (np.tanh([1.0, 0.0]), "as if W_h were 0"),
        ([1.0, 0.0] + 0.5 * ([0.0, 1.0] + 0.5 * np.array([1.0, 1.0])), "before the squashing"),
        (page_40_states(PAGE_40["inputs"][::-1], Wh=np.eye(2))[-1], "W_h = 0.5 I keeps half"),
        (page_40_states(PAGE_40["inputs"])[-1], "the page's order"),
        (np.tanh([1.0, 1.0]), "that is h_1"),
        ([0.1, 0.2], "not the state after the reversed inputs"),
    ],
)
def test_reversed_order_says_why(state, why, capsys):
    check_reversed_order(state)
    right, out = verdict(capsys)
    assert not right and why in out
    assert f"{REVERSED_H3[1]:.2f}" not in out  # never the answer


def test_reversed_order_rejects_every_state_on_the_page(capsys):
    # every two numbers printed or typed side by side before the exercise, and the states
    # of section 2's loop
    pairs = {
        pair
        for line in shown_before(NOTEBOOK, "check_reversed_order").splitlines()
        for pair in itertools.pairwise(numbers_in(line))
    }
    pairs |= {tuple(h) for h in page_40_states(PAGE_40["inputs"])}
    assert (0.7616, 0.0) in pairs and len(pairs) > 50  # the parsing found the page's states
    for pair in pairs:
        check_reversed_order(pair)
        assert not verdict(capsys)[0], pair


def test_recurrent_params(capsys):
    check_recurrent_params(30, 64, RNN_30_64, 4 * RNN_30_64)
    assert verdict(capsys)[0]


@pytest.mark.parametrize(
    "rnn, lstm, why",
    [
        (RNN_30_64 - 64, 4 * RNN_30_64, "leaves out the bias"),
        (30 * 64 + 64, 4 * RNN_30_64, "leaves out W_h"),
        (64 * 64 + 64, 4 * RNN_30_64, "leaves out W_x"),
        (RNN_30_64, RNN_30_64, "four gates"),
        (RNN_30_64, 3 * RNN_30_64, "three gates"),
        (RNN_30_64, 4 * (RNN_30_64 - 64), "biases"),
        (30 * 64 + 64, 4 * (30 * 64 + 64), "four times your RNN count"),
        (0, 0, "RNN count 0 is too low"),
        (10**6, 10**7, "LSTM count 10000000 is too high"),
    ],
)
def test_recurrent_params_says_why(rnn, lstm, why, capsys):
    check_recurrent_params(30, 64, rnn, lstm)
    right, out = verdict(capsys)
    assert not right and why in out
    # never the answer (unless the student typed it), nor the shapes that give it away
    for answer in {RNN_30_64, 4 * RNN_30_64} - {rnn, lstm}:
        assert str(answer) not in out
    assert "x H" not in out


def test_recurrent_params_reject_every_count_on_the_page(capsys):
    whole = [n for n in numbers_before("check_recurrent_params") if n == int(n) and n >= 0]
    assert 2000 in whole and 64 in whole
    for rnn, lstm in itertools.product(whole, repeat=2):
        check_recurrent_params(30, 64, int(rnn), int(lstm))
        assert not verdict(capsys)[0], (rnn, lstm)


def test_gradient_through_time(capsys):
    assert one_unit_states() == pytest.approx([H1, H2, H3])
    assert one_unit_gradient() == pytest.approx(DH3_DH1, rel=1e-12)
    # and against the difference quotient of h_3 in h_1, with the steps t = 2, 3 rerun
    eps = 1e-6
    h3 = [float(np.tanh(0.5 * np.tanh(0.5 * (H1 + s * eps)))) for s in (1, -1)]
    assert one_unit_gradient() == pytest.approx((h3[0] - h3[1]) / (2 * eps), rel=1e-8)
    check_gradient_through_time(DH3_DH1)
    assert verdict(capsys)[0]


@pytest.mark.parametrize(
    "derivative, why",
    [
        (0.25, "w_h times w_h alone"),
        (DH3_DH1 * (1 - H1**2) * 0.5, "one factor too many"),
        ((1 - H1**2) * (1 - H2**2) * 0.25, "its own output"),
        ((1 - H3**2) * 0.5, "that is one step"),
        (-0.1, "positive"),
        (0.3, "too large"),
        (0.1, "compute h_1, h_2, h_3 first"),
    ],
)
def test_gradient_through_time_says_why(derivative, why, capsys):
    check_gradient_through_time(derivative)
    right, out = verdict(capsys)
    assert not right and why in out and f"{DH3_DH1:.2f}" not in out


def test_gradient_through_time_rejects_every_number_on_the_page(capsys):
    numbers = numbers_before("check_gradient_through_time")
    assert 0.7616 in numbers and 0.25 in numbers  # the parsing found the printed numbers
    for n in numbers:
        check_gradient_through_time(n)
        assert not verdict(capsys)[0], n


@pytest.fixture(scope="module")
def names():
    texts = load_names()[::7]
    letters = Vocabulary(texts + [BOUNDARY])
    return letters, texts[::2], texts[1::2]


def trained(cell, letters, texts, test_texts, hidden=8, epochs=2, seed=0):
    """A names model and its history, trained with held-out texts for the test loss."""
    model = RecurrentLanguageModel(len(letters), hidden, cell, seed=seed)
    history = train_language_model(
        model, letters, texts, epochs=epochs, seed=seed, test_texts=test_texts
    )
    return model, history


def test_names_lstm(names, capsys):
    letters, train_names, test_names = names
    rnn, rnn_history = trained("rnn", letters, train_names, test_names)
    lstm, history = trained("lstm", letters, train_names, test_names)
    lower = "lstm" if history["test_loss"][-1] < rnn_history["test_loss"][-1] else "rnn"
    context = (rnn, rnn_history, letters, test_names)
    check_names_lstm(lstm, history, lower, *context)
    right, out = verdict(capsys)
    assert right and "held-out loss after 2 epochs: LSTM" in out
    check_names_lstm(lstm, history, {"lstm": "rnn", "rnn": "lstm"}[lower], *context)
    right, out = verdict(capsys)
    assert not right and "compare the last held-out loss" in out and "LSTM" not in out


def test_names_lstm_checks_it_was_trained_like_the_rnn(names, capsys):
    """The placeholder None, the RNN itself, a model of other sizes or another seed, other
    epochs, a history that is not the model's or holds no held-out loss: each gets its
    sentence, before any loss is compared."""
    letters, train_names, test_names = names
    rnn, rnn_history = trained("rnn", letters, train_names, test_names)
    lstm, history = trained("lstm", letters, train_names, test_names)
    other_seed, other_seed_history = trained("lstm", letters, train_names, test_names, seed=1)
    longer, longer_history = trained("lstm", letters, train_names, test_names, epochs=3)
    context = (rnn, rnn_history, letters, test_names)
    for model, model_history, words in [
        (None, history, "build a RecurrentLanguageModel"),
        (rnn, rnn_history, "cell is 'rnn'"),
        (RecurrentLanguageModel(29, 8, "lstm", seed=0), history, "compare like with like"),
        (other_seed, other_seed_history, "the same seed"),
        (longer, longer_history, "train it for the same 2 epochs as char_rnn, got 3"),
        (lstm, None, "pass the history train_language_model returned"),
        (lstm, {"loss": history["loss"], "test_loss": []}, "pass the history"),
        (lstm, other_seed_history, "that history is not this model's"),
    ]:
        check_names_lstm(model, model_history, "lstm", *context)
        right, out = verdict(capsys)
        assert not right and words in out, (words, out)
    # char_rnn's own history without its held-out losses: a sentence, not a KeyError
    check_names_lstm(lstm, history, "lstm", rnn, {"loss": rnn_history["loss"]}, *context[2:])
    right, out = verdict(capsys)
    assert not right and "char_rnn's history from training with test_texts" in out, out
