"""Self-checks for notebook 04: a state by hand, counting weights, a gradient through time."""

import numpy as np

from .common import verdict

# The cell of notebook 04, section 2 (page 40): W_x copies the input, W_h halves the state.
PAGE_40 = {"Wx": np.eye(2), "Wh": 0.5 * np.eye(2), "b": np.zeros(2), "first_input": [1.0, 0.0]}


def check_first_state(state):
    """Exercise: the state after the first input of the page-40 cell, from h_{-1} = 0."""
    state = np.asarray(state, float)
    truth = np.tanh(np.array(PAGE_40["first_input"]) @ PAGE_40["Wx"] + PAGE_40["b"])
    if state.shape != truth.shape:
        return verdict(
            False,
            f"the state has {truth.size} numbers, one per hidden unit; got shape {state.shape}.",
        )
    if np.allclose(state, truth, atol=1e-3):
        return verdict(True, "h_0 = tanh(x_0 W_x + 0 W_h + b): the previous state is zero.")
    if np.allclose(state, np.array(PAGE_40["first_input"]) @ PAGE_40["Wx"], atol=1e-3):
        return verdict(
            False, "close: that is the sum before the squashing. Which function comes last?"
        )
    return verdict(False, "start from h_{-1} = 0, so only x_0 W_x + b counts.")


def check_recurrent_params(input_size, hidden_size, rnn_count, lstm_count):
    """Exercise: how many numbers RNN(D, H) and LSTM(D, H) learn."""
    rnn = input_size * hidden_size + hidden_size * hidden_size + hidden_size
    problems = []
    if rnn_count != rnn:
        problems.append(
            f"the RNN count {rnn_count} is {'high' if rnn_count > rnn else 'low'} "
            "(W_x is D x H, W_h is H x H, b has H)"
        )
    if lstm_count != 4 * rnn:
        problems.append(
            f"the LSTM count {lstm_count} is "
            f"{'high' if lstm_count > 4 * rnn else 'low'} (how many gates, each "
            "with its own W_x, W_h and b?)"
        )
    if not problems:
        return verdict(True, "the LSTM learns four RNN-sized sets of weights, one per gate.")
    return verdict(False, "; ".join(problems) + ".")


def check_gradient_through_time(derivative, w_h=0.5, inputs=(1.0, 0.0, 0.0)):
    """Exercise: dh_2/dh_0 for a one-unit RNN (w_x = 1, b = 0) reading `inputs`."""
    h, states = 0.0, []
    for x in inputs:
        h = np.tanh(x + w_h * h)
        states.append(h)
    truth = float(np.prod([(1 - s**2) * w_h for s in states[1:]]))
    if abs(float(derivative) - truth) <= 1e-3 * truth:
        return verdict(
            True,
            f"each step multiplies by less than {w_h}: over 20 steps the "
            f"gradient would be smaller than {w_h**20:.0e}, it vanishes.",
        )
    return verdict(
        False,
        "compute h_0, h_1, h_2 first; then multiply, for t = 1 "
        "and t = 2, the factors (1 - h_t^2) w_h.",
    )
