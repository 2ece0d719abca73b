"""Answers to the "write the math yourself" exercises, as a student would write them in numpy:
the right one of each, and wrong ones, each with one of the slips the checks recognise.

WRONG maps each check's name to {slip: (wrong function, words its message must contain)}.
"""

import numpy as np

import helpers
import helpers.layers
import helpers.logistic
import helpers.pooling
import helpers.recurrent


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---- logistic regression: fn(X, y, w, b) -> (dw, db) ------------------------------------


def logistic_gradient(X, y, w, b):
    p = sigmoid(X @ w + b)
    dz = (p - y) / len(y)  # the loss is a mean over the n examples
    return X.T @ dz, dz.sum()


def logistic_sign_flipped(X, y, w, b):
    dz = (y - sigmoid(X @ w + b)) / len(y)
    return X.T @ dz, dz.sum()


def logistic_sum_not_mean(X, y, w, b):
    dz = sigmoid(X @ w + b) - y
    return X.T @ dz, dz.sum()


def logistic_db_not_summed(X, y, w, b):
    dz = (sigmoid(X @ w + b) - y) / len(y)
    return X.T @ dz, dz


def logistic_no_sigmoid(X, y, w, b):
    dz = (X @ w + b - y) / len(y)
    return X.T @ dz, dz.sum()


def logistic_extra_sigmoid_derivative(X, y, w, b):
    p = sigmoid(X @ w + b)
    dz = (p - y) * p * (1 - p) / len(y)
    return X.T @ dz, dz.sum()


def logistic_no_bias(X, y, w, b):
    dz = (sigmoid(X @ w) - y) / len(y)
    return X.T @ dz, dz.sum()


def logistic_X_not_transposed(X, y, w, b):
    dz = (sigmoid(X @ w + b) - y) / len(y)
    return X @ dz, dz.sum()


# ---- Dense: fn(x, W, b, dout) -> (dx, dW, db) --------------------------------------------


def dense_backward(x, W, b, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def dense_dW_transposed(x, W, b, dout):
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)


def dense_dx_uses_W(x, W, b, dout):
    return dout @ W, x.T @ dout, dout.sum(axis=0)


def dense_dW_sign_flipped(x, W, b, dout):
    return dout @ W.T, -x.T @ dout, dout.sum(axis=0)


def dense_dW_mean(x, W, b, dout):
    return dout @ W.T, x.T @ dout / len(x), dout.sum(axis=0)


def dense_dW_doubled(x, W, b, dout):
    return dout @ W.T, 2 * x.T @ dout, dout.sum(axis=0)


def dense_db_not_summed(x, W, b, dout):
    return dout @ W.T, x.T @ dout, dout


def dense_db_mean(x, W, b, dout):
    return dout @ W.T, x.T @ dout, dout.mean(axis=0)


def dense_db_wrong_axis(x, W, b, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=1)


def dense_db_keepdims(x, W, b, dout):
    return dout @ W.T, x.T @ dout, dout.sum(axis=0, keepdims=True)


def dense_squeezed(x, W, b, dout):
    """Right for N > 1, but squeeze() drops the batch axis of dx when N = 1."""
    return (dout @ W.T).squeeze(), x.T @ dout, dout.sum(axis=0)


# ---- convolution forward: fn(x, w, b, stride, padding) -> out ----------------------------


def _conv(x, w, b, stride, padding, flip=False, pad_by=None, step=None, bias=True, size=None):
    """A loop over output positions; the keywords make the slips (the defaults are right)."""
    pad_by = padding if pad_by is None else pad_by
    step = stride if step is None else step
    kernel = w[:, :, ::-1, ::-1] if flip else w
    f, _, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad_by, pad_by), (pad_by, pad_by)))
    size = size or (lambda n: (n - k) // stride + 1)
    out_h, out_w = size(xp.shape[2]), size(xp.shape[3])
    out = np.zeros((len(x), f, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = xp[:, :, step * i : step * i + k, step * j : step * j + k]  # (N, C, k, k)
            out[:, :, i, j] = np.tensordot(window, kernel, axes=([1, 2, 3], [1, 2, 3]))
    return out + b[:, None, None] if bias else out


def conv_forward(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding)


def conv_flipped(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding, flip=True)


def conv_no_padding(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding, pad_by=0)


def conv_padding_twice(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding, pad_by=2 * padding)


def conv_stride_ignored(x, w, b, stride, padding):
    return _conv(x, w, b, 1, padding)


def conv_windows_not_strided(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding, step=1)


def conv_first_channel_only(x, w, b, stride, padding):
    return _conv(x[:, :1], w[:, :1], b, stride, padding)


def conv_channels_overwritten(x, w, b, stride, padding):
    """A loop over the channels that assigns (=) where it should add (+=): the last wins."""
    return _conv(x[:, -1:], w[:, -1:], b, stride, padding)


def conv_channels_averaged(x, w, b, stride, padding):
    return _conv(x, w / x.shape[1], b, stride, padding)


def conv_size_rounded(x, w, b, stride, padding):
    """The output size rounded instead of floored: one window too many where it is x.5."""
    k = w.shape[2]
    return _conv(x, w, b, stride, padding, size=lambda n: round((n - k) / stride) + 1)


def conv_no_bias(x, w, b, stride, padding):
    return _conv(x, w, b, stride, padding, bias=False)


# ---- max pooling backward: fn(x, dout, kernel_size, stride) -> dx ------------------------


def _pool_backward(x, dout, k, stride, pick="first", add=True, step=None):
    """A loop over windows; `pick` chooses which entries get the gradient, add=False writes
    it instead of adding, step moves window i to step * i (the slips; the defaults are right)."""
    dx, step = np.zeros_like(x), stride if step is None else step
    for n, c, i, j in np.ndindex(dout.shape):
        window = x[n, c, step * i : step * i + k, step * j : step * j + k]
        target = dx[n, c, step * i : step * i + k, step * j : step * j + k]
        if pick == "first":
            mask = np.zeros(window.shape, bool)
            mask[np.unravel_index(np.argmax(window), window.shape)] = True
        elif pick == "last":
            flat = np.flatnonzero(window == window.max())[-1]
            mask = np.zeros(window.shape, bool)
            mask[np.unravel_index(flat, window.shape)] = True
        elif pick in ("all ties", "split ties"):
            mask = window == window.max()
        else:  # "whole window"
            mask = np.ones(window.shape, bool)
        share = 1 / mask.sum() if pick == "split ties" else 1
        if add:
            target[mask] += dout[n, c, i, j] * share
        else:
            target[mask] = dout[n, c, i, j]
    return dx


def max_pool_backward(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride)


def pool_every_tie(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, pick="all ties")


def pool_last_tie(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, pick="last")


def pool_whole_window(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, pick="whole window")


def pool_average(x, dout, kernel_size, stride):
    return _pool_backward(x, dout / kernel_size**2, kernel_size, stride, pick="whole window")


def pool_split_ties(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, pick="split ties")


def pool_window_at_i(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, step=1)


def pool_overwrites(x, dout, kernel_size, stride):
    return _pool_backward(x, dout, kernel_size, stride, add=False)


def pool_sign_flipped(x, dout, kernel_size, stride):
    return -_pool_backward(x, dout, kernel_size, stride)


# ---- one RNN step backward: fn(x, h_prev, Wx, Wh, b, dh) -> (dx, dh_prev, dWx, dWh, db) ---


def _rnn_step(
    x, h_prev, Wx, Wh, b, dh, dtanh="1 - h^2", dh_prev_W=None, dWh_T=False, db=None, dWh_of="h_prev"
):
    """The step's backward pass; the keywords make the slips (the defaults are right)."""
    a = x @ Wx + h_prev @ Wh + b
    h = np.tanh(a)
    derivative = {
        "1 - h^2": 1 - h**2,
        "none": 1,
        "1 - a^2": 1 - a**2,
        "1 - h": 1 - h,
        "1 - tanh(h)^2": 1 - np.tanh(h) ** 2,
    }[dtanh]
    da = dh * derivative
    dWh = (h_prev if dWh_of == "h_prev" else h).T @ da
    return (
        da @ Wx.T,
        da @ (Wh.T if dh_prev_W is None else dh_prev_W),
        x.T @ da,
        dWh.T if dWh_T else dWh,
        da.sum(axis=0) if db is None else db(da),
    )


def rnn_step_backward(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh)


def rnn_no_tanh_derivative(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dtanh="none")


def rnn_derivative_of_preactivation(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dtanh="1 - a^2")


def rnn_one_minus_h(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dtanh="1 - h")


def rnn_tanh_twice(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dtanh="1 - tanh(h)^2")


def rnn_dh_prev_uses_Wh(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dh_prev_W=Wh)


def rnn_dWh_of_the_new_state(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dWh_of="h")


def rnn_dWh_transposed(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, dWh_T=True)


def rnn_db_not_summed(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, db=lambda da: da)


def rnn_db_wrong_axis(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, db=lambda da: da.sum(axis=1))


def rnn_db_mean(x, h_prev, Wx, Wh, b, dh):
    return _rnn_step(x, h_prev, Wx, Wh, b, dh, db=lambda da: da.mean(axis=0))


def rnn_dx_sign_flipped(x, h_prev, Wx, Wh, b, dh):
    dx, *rest = _rnn_step(x, h_prev, Wx, Wh, b, dh)
    return -dx, *rest


RIGHT = {
    "check_logistic_gradient": logistic_gradient,
    "check_dense_backward": dense_backward,
    "check_conv_forward": conv_forward,
    "check_max_pool_backward": max_pool_backward,
    "check_rnn_step_backward": rnn_step_backward,
}

WRONG = {
    "check_logistic_gradient": {
        "sign": (logistic_sign_flipped, "dw is wrong: its sign is flipped"),
        "sum": (logistic_sum_not_mean, "it is N = 5 times the right dw: a sum over the batch"),
        "db not summed": (logistic_db_not_summed, "expected a single number: it is not summed"),
        "no sigmoid": (logistic_no_sigmoid, "sigma is left out"),
        "sigmoid derivative": (logistic_extra_sigmoid_derivative, "an extra factor sigma'(z)"),
        "no bias": (logistic_no_bias, "b is left out of the logit"),
        "X untransposed": (logistic_X_not_transposed, "dw is wrong: it uses X where"),
    },
    "check_dense_backward": {
        "dW transposed": (dense_dW_transposed, "dW is wrong: it is transposed"),
        "dx uses W": (dense_dx_uses_W, "dx is wrong: it uses W where the chain rule needs W"),
        "sign": (dense_dW_sign_flipped, "dW is wrong: its sign is flipped"),
        "mean": (dense_dW_mean, "it is the right dW divided by N = 3: a mean over the batch"),
        "factor 2": (dense_dW_doubled, "off by a constant factor: 2 times the right dW"),
        "db not summed": (dense_db_not_summed, "db has shape (3, 4), expected (4,): it is not"),
        "db mean": (dense_db_mean, "the right db divided by N = 3: a mean over the batch"),
        "db wrong axis": (dense_db_wrong_axis, "(3,), expected (4,): it is summed over the wrong"),
        "db keepdims": (dense_db_keepdims, "the right numbers in the wrong shape"),
        "N = 1": (dense_squeezed, "dx has shape (3,), expected (1, 3): it holds the right"),
    },
    "check_conv_forward": {
        "flipped": (conv_flipped, "the kernel is flipped: that is a true convolution"),
        "no padding": (conv_no_padding, "the input is not padded"),
        "padding twice": (conv_padding_twice, "the padding is applied twice"),
        "stride ignored": (conv_stride_ignored, "the stride is ignored"),
        "windows not strided": (conv_windows_not_strided, "window (i, j) starts at row"),
        "no bias": (conv_no_bias, "the bias is missing"),
        "first channel": (conv_first_channel_only, "only the first input channel is used"),
        "channels overwritten": (conv_channels_overwritten, "only the last input channel counts"),
        "channels averaged": (conv_channels_averaged, "the channels are averaged, not added"),
        # its last window runs off the input: the sentence gives the line and the case where
        # (H - k) / stride = 3.5, which round() takes up and the output size floors
        "size rounded": (conv_size_rounded, "(case 3 of 5: N=3, C=2, H=9, W=8, F=3, k=2, stride 2"),
    },
    "check_max_pool_backward": {
        "every tie": (pool_every_tie, "the gradient goes to every tied maximum"),
        "last tie": (pool_last_tie, "the gradient goes to the last of a window's tied maxima"),
        "whole window": (pool_whole_window, "every entry of a window gets its gradient"),
        "average": (pool_average, "that is average pooling's gradient"),
        "split ties": (pool_split_ties, "the gradient is split equally among a window's tied"),
        "window at i": (pool_window_at_i, "window (i, j) starts at row stride * i"),
        "overwrites": (pool_overwrites, "where windows overlap"),
        "sign": (pool_sign_flipped, "its sign is flipped"),
    },
    "check_rnn_step_backward": {
        "no tanh'": (rnn_no_tanh_derivative, "the tanh derivative is missing"),
        "1 - a^2": (rnn_derivative_of_preactivation, "computed from the pre-activation a"),
        "1 - h": (rnn_one_minus_h, "the tanh derivative is taken as 1 - h"),
        "tanh twice": (rnn_tanh_twice, "tanh is applied twice"),
        "dh_prev uses Wh": (rnn_dh_prev_uses_Wh, "dh_prev is wrong: it uses Wh where"),
        "dWh transposed": (rnn_dWh_transposed, "dWh is wrong: it is transposed"),
        "dWh of h": (rnn_dWh_of_the_new_state, "dWh is wrong: it is computed from the new state"),
        "db not summed": (rnn_db_not_summed, "expected (4,): it is not summed over the batch"),
        "db wrong axis": (rnn_db_wrong_axis, "(3,), expected (4,): it is summed over the wrong"),
        "db mean": (rnn_db_mean, "the right db divided by N = 3"),
        "dx sign": (rnn_dx_sign_flipped, "dx is wrong: its sign is flipped"),
    },
}


# ---- functions that hand the work to the pack's own implementation ----------------------

PACK = {  # check: (a function that only calls helpers, words its message must contain)
    "check_logistic_gradient": (
        lambda X, y, w, b: helpers.logistic.logistic_gradient(X, y, w, b),
        "this calls helpers' logistic_gradient",
    ),
    "check_dense_backward": (
        lambda x, W, b, dout: helpers.layers.dense_backward(x, W, b, dout),
        "this calls helpers' dense_backward",
    ),
    "check_conv_forward": (
        lambda x, w, b, stride, padding: helpers.conv2d(x, w, b, stride, padding),
        "this calls helpers' conv2d: write the convolution yourself",
    ),
    "check_max_pool_backward": (
        lambda x, dout, k, stride: helpers.pooling.max_pool_backward_loops(x, dout, k, stride),
        "this calls helpers' max_pool_backward_loops",
    ),
    "check_rnn_step_backward": (
        lambda x, h_prev, Wx, Wh, b, dh: helpers.recurrent.rnn_step_backward(
            x, h_prev, Wx, Wh, b, dh
        ),
        "this calls helpers' rnn_step_backward",
    ),
}
