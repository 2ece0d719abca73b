"""Every exercise check answers every input with ✘ and a sentence: None (the skeleton's
value), a word, a list, an empty array, in place of any answer a student gives. Never a
traceback, never ✔."""

import numpy as np
import pytest

import helpers
import helpers.exercises as ex
from helpers.data import load_digits
from helpers.grid import all_patterns, grid_features
from helpers.language_model import RecurrentLanguageModel, train_language_model
from helpers.vocab import Vocabulary

BAD = {"None": None, "a word": "three", "a list": [1, 2], "an empty array": np.array([])}


def context():
    """What the notebooks hand the checks beside the student's answers."""
    digits = load_digits(np.float64)[0].reshape(-1, 64)[:200]
    letters = Vocabulary(["ab", "ba", "."])
    rnn, lstm = (RecurrentLanguageModel(len(letters), 4, cell, seed=0) for cell in ("rnn", "lstm"))
    histories = [
        train_language_model(model, letters, ["ab", "ba"], epochs=2, test_texts=["ab"])
        for model in (rnn, lstm)
    ]
    patterns = grid_features(all_patterns())
    top = np.all(all_patterns()[:, 0, :] == 1, axis=1).astype(int)
    trained = helpers.LogisticRegression(learning_rate=1.0, epochs=50, seed=0).fit(patterns, top)
    return digits, letters, (lstm, histories[1], "lstm", rnn, histories[0]), trained


DIGITS, LETTERS, NAMES, TRAINED = context()
LABELS = np.arange(200) % 10
# check: a call of it with every argument right in kind; each argument in turn gets a bad one
CALLS = {
    "check_other_diagonal": (np.eye(2), 0.0),
    "check_top_row": (np.eye(2), 0.0),
    "check_brightened_bias": (0.0,),
    "check_how_many_answers": (TRAINED, -1.0, 0.0),
    "check_xor_network": (np.eye(2), np.zeros(2), np.ones(2), 0.0),
    "check_svd_error": (DIGITS, 4, 0.1),
    "check_anomaly_threshold": (0.1, 0.5, np.ones(20), np.ones(5)),
    "check_code_separation": (np.ones((200, 2)), np.zeros((200, 2)), LABELS, "linear"),
    "check_output_size": (8, 3, 1, 1, 8),
    "check_diagonal_edge_filter": (np.eye(3),),
    "check_conv_params": (16, 32, 5, 100),
    "check_max_pool": (np.zeros((2, 2)),),
    "check_reversed_order": (np.zeros(2),),
    "check_recurrent_params": (30, 64, 10, 40),
    "check_gradient_through_time": (0.1,),
    "check_names_lstm": (*NAMES, LETTERS, ["ab"]),
}
WRITE_IT = [
    "check_logistic_gradient",
    "check_dense_backward",
    "check_conv_forward",
    "check_max_pool_backward",
    "check_rnn_step_backward",
]


def test_every_check_is_listed():
    checks = {name for name in ex.__all__ if name.startswith("check_")}
    assert checks == set(CALLS) | set(WRITE_IT)


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize(
    ("check", "position"), [(name, p) for name, call in CALLS.items() for p in range(len(call))]
)
def test_a_value_check_answers_a_bad_answer_with_a_sentence(check, position, bad, capsys):
    arguments = list(CALLS[check])
    arguments[position] = BAD[bad]
    getattr(ex, check)(*arguments)
    out = capsys.readouterr().out.strip()
    assert out.startswith("✘ Not yet: ") and out.count("\n") == 0, out
    assert len(out) > len("✘ Not yet: ") + 10  # a sentence, not a bare mark


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("check", WRITE_IT)
def test_a_write_it_yourself_check_answers_a_bad_function_with_a_sentence(check, bad):
    result = getattr(ex, check)(BAD[bad])
    assert not result.passed and result.message.startswith("✘ Not yet: ")
    assert "pass the function itself" in result.message
