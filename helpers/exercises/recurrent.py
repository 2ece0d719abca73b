"""Self-checks for notebook 04: the order of inputs, counting weights, a gradient through
time, and the LSTM on names.

Time steps count from 1: h_0 is the state before the first input, h_t the state after x_t.
"""

import numpy as np

from ..language_model import RecurrentLanguageModel, language_model_loss
from ..recurrent import rnn_step_backward, rnn_step_forward
from ..vocab import Vocabulary
from .common import answers_everything, array, number, verdict

# The cell of notebook 04, section 2 (page 40): W_x copies the input, W_h halves the state.
PAGE_40 = {
    "Wx": np.eye(2),
    "Wh": 0.5 * np.eye(2),
    "b": np.zeros(2),
    "inputs": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),  # (a0, a1), (b0, b1), (c0, c1)
}


def page_40_states(inputs, Wh=PAGE_40["Wh"], step=rnn_step_forward):
    """h_1 .. h_T of the page-40 cell (one rnn_step_forward a step) reading inputs (T, 2)
    from h_0 = 0: a (T, 2) array.

    Wh and step can be changed, to recognise an answer computed with a wrong one."""
    h, states = np.zeros((1, 2)), []
    for x in inputs:
        h = step(x[None], h, PAGE_40["Wx"], Wh, PAGE_40["b"])
        states.append(h[0])
    return np.array(states)


def _without_tanh(x, h_prev, Wx, Wh, b):
    """The slip of a step that forgets its squashing: the sum rnn_step_forward squashes."""
    return x @ Wx + h_prev @ Wh + b


def _reversed_order_mistakes():
    """(state, why it is wrong) for the slips an answer to check_reversed_order can make."""
    flipped = PAGE_40["inputs"][::-1]
    right = page_40_states(flipped)
    page = page_40_states(PAGE_40["inputs"])
    return [
        (
            page_40_states(flipped, Wh=np.zeros((2, 2)))[-1],
            "that state holds the last input alone, as if W_h were 0: the cell also keeps "
            "half of its previous state h_2.",
        ),
        (
            page_40_states(flipped, step=_without_tanh)[-1],
            "close: that is the sum before the squashing. Which function does every step end with?",
        ),
        (
            page_40_states(flipped, Wh=np.eye(2))[-1],
            "that state keeps all of the previous state; W_h = 0.5 I keeps half of it.",
        ),
        (
            page[-1],
            "that is h_3 for the page's order (a, b, c), printed in section 2; the "
            "exercise reverses the order.",
        ),
        *((h, "that is a state printed in section 2, for the page's order.") for h in page[:2]),
        (right[0], "that is h_1, after the first of the reversed inputs; h_3 has read all three."),
        (right[1], "that is h_2, after two of the reversed inputs; h_3 has read all three."),
    ]


@answers_everything
def check_reversed_order(state):
    """Exercise: h_3 of the page-40 cell reading (c0, c1), (b0, b1), (a0, a1), from h_0 = 0."""
    state = array(state, "the state")
    if state.shape != (2,):
        return verdict(
            False, f"the state has 2 numbers, one per hidden unit; got shape {state.shape}."
        )
    if np.allclose(state, page_40_states(PAGE_40["inputs"][::-1])[-1], atol=1e-3):
        return verdict(
            True,
            "the same three inputs in another order leave another state: the state "
            "remembers the order, and each step halves what came before, so the last "
            "input weighs most.",
        )
    for mistake, why in _reversed_order_mistakes():
        if np.allclose(state, mistake, atol=1e-3):
            return verdict(False, why)
    return verdict(
        False,
        "not the state after the reversed inputs. Step t = 1, 2, 3 computes "
        "h_t = tanh(x_t W_x + h_{t-1} W_h + b) from h_0 = 0, with x_1 = (c0, c1).",
    )


def _count_problem(name, count, truth, slips, hint):
    """Why `count` is not the number of weights of `name`, or None when it is.

    slips: (count, why) for the mistakes it can be recognised as; hint: what to do else."""
    if count == truth:
        return None
    for slip, why in slips:
        if count == slip:
            return f"the {name} count {count} {why}"
    return f"the {name} count {count} is too {'high' if count > truth else 'low'}: {hint}"


@answers_everything
def check_recurrent_params(input_size, hidden_size, rnn_count, lstm_count):
    """Exercise: how many numbers RNN(D, H) and LSTM(D, H) learn.

    A wrong count gets the slip it matches (a missing array, a gate too few), never the
    shapes or the total."""
    names = ("input_size", "hidden_size", "the RNN count", "the LSTM count")
    given = (input_size, hidden_size, rnn_count, lstm_count)
    D, H, rnn_count, lstm_count = (
        number(value, name, whole=True) for value, name in zip(given, names, strict=True)
    )
    rnn = D * H + H * H + H
    rnn_slips = [
        (D * H + H * H, "leaves out the bias b, which the cell adds at every step"),
        (D * H + H, "leaves out W_h, the weights that read the previous state"),
        (H * H + H, "leaves out W_x, the weights that read the input"),
        (2 * D * H + H, "gives W_h the shape of W_x; W_h reads the previous state, not x"),
    ]
    lstm_slips = [
        (rnn, "is one RNN's worth: the LSTM computes four gates, each with its own weights"),
        (3 * rnn, "counts three gates: the candidate g has weights too"),
        (4 * (D * H + H * H), "leaves out the gates' biases"),
    ]
    if rnn_count not in (0, rnn):
        lstm_slips.append(
            (4 * rnn_count, "is four times your RNN count: the right idea, fix the RNN count")
        )
    found = (
        _count_problem(
            "RNN", rnn_count, rnn, rnn_slips, "count each of W_x, W_h and b by its shape"
        ),
        _count_problem(
            "LSTM", lstm_count, 4 * rnn, lstm_slips, "how many gates, and what does each learn?"
        ),
    )
    problems = [problem for problem in found if problem]
    if not problems:
        return verdict(True, "the LSTM learns four RNN-sized sets of weights, one per gate.")
    text = "; ".join(problems)
    return verdict(False, text if text.endswith("?") else text + ".")


def _one_unit(w_h):
    """The weights of a one-unit RNN, (Wx, Wh, b) = ([[1]], [[w_h]], [0])."""
    return np.ones((1, 1)), np.full((1, 1), float(w_h)), np.zeros(1)


def one_unit_states(w_h=0.5, inputs=(2.0, 0.0, 0.0)):
    """h_1 .. h_T of a one-unit RNN (w_x = 1, b = 0) reading `inputs` from h_0 = 0, as
    floats: one rnn_step_forward a step."""
    h, states = np.zeros((1, 1)), []
    for x in inputs:
        h = rnn_step_forward(np.full((1, 1), x), h, *_one_unit(w_h))
        states.append(float(h[0, 0]))
    return states


def one_unit_gradient(w_h=0.5, inputs=(2.0, 0.0, 0.0)):
    """dh_3/dh_1 of that RNN: dh = 1 at h_3, sent back by rnn_step_backward through the
    steps t = 3 and t = 2 (each hands dh_prev, its dL/dh_{t-1}, to the step before)."""
    h = [0.0, *one_unit_states(w_h, inputs)]  # h[t] = h_t
    dh = np.ones((1, 1))
    for t in (3, 2):
        x_t, h_prev = np.full((1, 1), inputs[t - 1]), np.full((1, 1), h[t - 1])
        _, dh, *_ = rnn_step_backward(x_t, h_prev, *_one_unit(w_h), dh)
    return float(dh[0, 0])


def _through_time_slips(slope, w_h, truth):
    """(value, why) of the usual wrong answers for dh_3/dh_1; slope[t] = 1 - h_t^2."""
    return [
        (
            w_h**2,
            "that is w_h times w_h alone: each step also multiplies by the slope of its "
            "tanh, 1 - h_t^2.",
        ),
        (
            truth * slope[1] * w_h,
            "one factor too many: from h_1 to h_3 the state passes two steps, t = 2 and t = 3.",
        ),
        (
            slope[1] * w_h * slope[2] * w_h,
            "the slope of step t is that of the tanh at its own output, 1 - h_t^2: the "
            "steps from h_1 to h_3 are t = 2 and t = 3.",
        ),
        (slope[2] * w_h, "that is one step; from h_1 to h_3 there are two."),
        (slope[3] * w_h, "that is one step; from h_1 to h_3 there are two."),
    ]


@answers_everything
def check_gradient_through_time(derivative, w_h=0.5, inputs=(2.0, 0.0, 0.0)):
    """Exercise: dh_3/dh_1 for a one-unit RNN (w_x = 1, b = 0) reading three inputs x_1, x_2,
    x_3 from h_0 = 0.

    Each step t multiplies by dh_t/dh_{t-1} = (1 - h_t^2) w_h; from h_1 to h_3 that is the
    steps t = 2 and t = 3."""
    h1, h2, h3 = one_unit_states(w_h, inputs)
    slope = {1: 1 - h1**2, 2: 1 - h2**2, 3: 1 - h3**2}  # for the slips, not the truth
    truth = one_unit_gradient(w_h, inputs)
    derivative = number(derivative, "your derivative")
    if abs(derivative - truth) <= 1e-3 * truth + 1e-12:
        return verdict(
            True,
            f"each step multiplies by less than w_h = {w_h}: over 20 steps the gradient "
            f"would be smaller than {w_h**20:.0e}, it vanishes.",
        )
    mistakes = _through_time_slips(slope, w_h, truth)
    for value, why in mistakes:
        if abs(derivative - value) <= 1e-3 * value:
            return verdict(False, why)
    if derivative <= 0:
        return verdict(False, "every factor (1 - h_t^2) w_h is positive here, so is their product.")
    if derivative > w_h**2:
        return verdict(False, f"too large: no factor (1 - h_t^2) w_h can exceed w_h = {w_h}.")
    return verdict(
        False,
        "compute h_1, h_2, h_3 first; then multiply the factors (1 - h_t^2) w_h of the "
        "steps t = 2 and t = 3.",
    )


def _texts(texts):
    """Whether `texts` is a non-empty list of strings (names, sentences)."""
    return (
        isinstance(texts, list | tuple) and bool(texts) and all(isinstance(t, str) for t in texts)
    )


def _names_lstm_problem(model, history, rnn, rnn_history):
    """Why `model` and its `history` are not the names LSTM trained like `rnn`, or None."""
    if not isinstance(model, RecurrentLanguageModel):
        return "build a RecurrentLanguageModel with cell='lstm', train it, and pass it."
    if model.cell != "lstm":
        return f"that model's cell is {model.cell!r}; the exercise asks for 'lstm'."
    if (model.hidden_size, model.vocab_size, model.seed) != (
        rnn.hidden_size,
        rnn.vocab_size,
        rnn.seed,
    ):
        return (
            f"compare like with like: build it as char_rnn was built, {rnn.vocab_size} "
            f"tokens, {rnn.hidden_size} hidden units and the same seed."
        )
    if not isinstance(history, dict) or len(history.get("test_loss", ())) == 0:
        return (
            "pass the history train_language_model returned, trained with "
            "test_texts=test_names so that it holds the held-out loss of every epoch."
        )
    if len(history["test_loss"]) != len(rnn_history["test_loss"]):
        return (
            f"train it for the same {len(rnn_history['test_loss'])} epochs as char_rnn, got "
            f"{len(history['test_loss'])}."
        )
    return None


@answers_everything
def check_names_lstm(model, history, answer, rnn, rnn_history, vocab, test_texts):
    """Exercise: a names LSTM built and trained like the RNN `rnn` (the same sizes, seed and
    epochs), its training `history`, and `answer`: which has the lower held-out loss after
    those epochs, 'lstm' or 'rnn'. rnn_history: the RNN's; vocab, test_texts: the letters
    and the held-out names the losses are measured on."""
    if not isinstance(rnn, RecurrentLanguageModel) or not isinstance(rnn_history, dict):
        return verdict(False, "pass char_rnn and the history of its training to compare with.")
    if len(rnn_history.get("test_loss", ())) == 0:
        return verdict(False, "pass char_rnn's history from training with test_texts, which "
                       "holds its held-out loss of every epoch.")  # fmt: skip
    if not isinstance(vocab, Vocabulary) or not _texts(test_texts):
        return verdict(False, "pass the letters (a Vocabulary) and the held-out names.")
    problem = _names_lstm_problem(model, history, rnn, rnn_history)
    if problem:
        return verdict(False, problem)
    loss = language_model_loss(model, vocab, test_texts)
    if abs(loss - history["test_loss"][-1]) > 1e-9 * loss:
        return verdict(False, "that history is not this model's: pass the two together.")
    if not isinstance(answer, str) or answer not in ("lstm", "rnn"):
        return verdict(False, f"answer 'lstm' or 'rnn', got {answer!r}.")
    rnn_loss = float(rnn_history["test_loss"][-1])
    if answer != ("lstm" if loss < rnn_loss else "rnn"):
        return verdict(False, "compare the last held-out loss of the two histories.")
    return verdict(
        True,
        f"held-out loss after {len(history['test_loss'])} epochs: LSTM {loss:.2f}, RNN "
        f"{rnn_loss:.2f} nats per letter. Names are short: where would its memory matter more?",
    )
