"""Recurrent layers (pages 39-40): one cell applied at every step, passing its state on.

Unrolled in time, a recurrent layer is a deep network whose layers all share one set of
weights. The plain RNN's cell is

    h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)        t = 1 .. T, from the initial state h_0

h_0 is the state before the first input (h0 in the code, zeros unless given) and h_t the
state after the t-th input x_t. In the arrays steps count from 0: hs[:, t - 1] holds h_t.

Backpropagation through time (BPTT) is ordinary backpropagation through that unrolled
network: walk the steps backwards, and at each step add the gradient that h_t gets from its
own output to the one that comes back from step t+1 through Wh.

One step of the cell, forward and backward, is written out on its own (rnn_step_forward,
rnn_step_backward): the five gradients of a step side by side. RNN.forward and RNN.backward
loop over these two functions, and backward adds up the weight gradients of every step
(the weights are shared, so their gradient is the sum over the steps).

Sequences are batch-first: x (N, T, D) holds N sequences of T steps of D features, and the
output hs (N, T, H) the hidden states h_1 .. h_T, one after every step. Inside, the layers
work time-major, (T, N, ...): the N rows of one step then lie side by side in memory, and
numpy runs the small per-step operations on such contiguous slices about twice as fast as
on strided ones.
"""

import numpy as np

from .init import init_weights
from .shell import Layer
from .validation import check_float_dtype, check_whole, random_generator


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One step of the plain RNN: h = tanh(x @ Wx + h_prev @ Wh + b).

    x (N, D) the step's input, h_prev (N, H) the state before it -> h (N, H).
    """
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_step_backward(x, h_prev, Wx, Wh, b, dh, h=None):
    """The backward pass of one step: the step's inputs and dh = dL/dh (N, H) ->
    (dx, dh_prev, dWx, dWh, db), each shaped like x, h_prev, Wx, Wh and b.

    Through tanh first, tanh'(a) = 1 - h^2; then a = x Wx + h_prev Wh + b is a dense layer
    with two inputs. h: the step's output, when forward kept it; else it is recomputed.
    """
    if h is None:
        h = rnn_step_forward(x, h_prev, Wx, Wh, b)
    da = dh * (1 - h * h)  # dL/da at the pre-activation a
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


def _time_major(a):
    """(N, T, ...) -> a contiguous (T, N, ...) copy: step t's rows are a[t]."""
    return a.swapaxes(0, 1).copy()


def _squash_gates(z, H):
    """In place on z (N, 4H) = [i f o g] pre-activations: sigmoid on i, f, o and tanh on g.

    sigmoid(a) = (1 + tanh(a / 2)) / 2, so a single tanh call squashes all four gates (and,
    unlike e^-a, tanh never overflows). The same values as helpers.sigmoid, in 4 numpy calls
    instead of a dozen: this runs once per step, inside the time loop.
    """
    ifo = z[:, : 3 * H]
    ifo *= 0.5
    np.tanh(z, out=z)
    ifo += 1
    ifo *= 0.5


class _Recurrent(Layer):
    """What RNN and LSTM share: the weights and the shape rule of sequences and states.

    `gates` is how many H-wide blocks the cell computes from x_t and h_{t-1}: 1 for the RNN,
    4 for the LSTM. Wx (D, gates H), Wh (H, gates H), b (gates H,); Xavier-initialised
    weights, zero biases.
    """

    def __init__(self, input_size, hidden_size, gates, seed, dtype):
        super().__init__()
        self.input_size = input_size = check_whole(input_size, "input_size")
        self.hidden_size = hidden_size = check_whole(hidden_size, "hidden_size")
        self.dtype = dtype = check_float_dtype(dtype)
        rng = random_generator(seed)
        width = gates * hidden_size
        self.params["Wx"] = init_weights(
            "xavier", input_size, hidden_size, (input_size, width), rng, dtype
        )
        self.params["Wh"] = init_weights(
            "xavier", hidden_size, hidden_size, (hidden_size, width), rng, dtype
        )
        self.params["b"] = np.zeros(width, dtype=dtype)

    def __repr__(self):
        return f"{type(self).__name__}({self.input_size}, {self.hidden_size})"

    def check_shape(self, x, *states):
        """x must be (N, T, D) with T >= 1, and every initial state given (N, H)."""
        if x.ndim != 3 or x.shape[1] < 1 or x.shape[2] != self.input_size:
            raise ValueError(
                f"{type(self).__name__} expects x of shape (N, T, D) with T >= 1 "
                f"and D = {self.input_size}, got {x.shape}"
            )
        shape = (len(x), self.hidden_size)
        for name, state in zip(self.state_names, states, strict=False):  # h0 alone: no c0
            if state is not None and state.shape != shape:
                raise ValueError(
                    f"{type(self).__name__} expects {name} of shape (N, H) = {shape}, got "
                    f"{state.shape}"
                )

    def _initial(self, state, n):
        """A given initial state, or zeros (N, H)."""
        return np.zeros((n, self.hidden_size), self.dtype) if state is None else state


class RNN(_Recurrent):
    """The plain recurrent layer: h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b).

    forward(x (N, T, D), h0 (N, H) or None) -> hs (N, T, H) = h_1 .. h_T; h0 = 0 when not
    given. backward(dhs (N, T, H)) -> dx (N, T, D); sets grads and dh0 (N, H) = dL/dh_0.
    params Wx (D, H), Wh (H, H), b (H,).
    final_state = (h_T,) after forward: pass it as h0 to continue the same sequences
    (sampling does, one step at a time).
    """

    state_names = ("h0",)

    def __init__(self, input_size, hidden_size, *, seed=None, dtype=np.float64):
        super().__init__(input_size, hidden_size, 1, seed, dtype)

    def forward(self, x, h0=None):
        return super().forward(x, h0)

    def _forward(self, x, h0=None):
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        h = self._initial(h0, len(x))
        self.xs, self.hs = _time_major(x), [h]  # hs[t] = h_t: the states h_0 .. h_T
        for x_t in self.xs:
            h = rnn_step_forward(x_t, h, Wx, Wh, b)
            self.hs.append(h)
        self.final_state = (h,)
        return np.stack(self.hs[1:], axis=1)

    def _backward(self, dhs):
        """Backpropagation through time: from the last step back, each step's state gets
        the gradient of its own output plus what the next step sends back through Wh."""
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        grads = {key: np.zeros_like(p) for key, p in self.params.items()}
        dhs, dxs = _time_major(dhs), np.empty_like(self.xs)
        dh_next = np.zeros_like(self.hs[0])
        for t in reversed(range(len(self.xs))):
            dh = dhs[t] + dh_next  # from its output, and from step t + 1
            dxs[t], dh_next, dWx, dWh, db = rnn_step_backward(
                self.xs[t], self.hs[t], Wx, Wh, b, dh, h=self.hs[t + 1]
            )
            grads["Wx"] += dWx  # the same weights at every step: their gradients add up
            grads["Wh"] += dWh
            grads["b"] += db
        self.grads, self.dh0 = grads, dh_next  # h_0 feeds the first step like any state
        return dxs.swapaxes(0, 1)


class LSTM(_Recurrent):
    """Long short-term memory: a cell state c_t that is carried on, not squashed, each step.

        i, f, o = sigmoid(...)   input, forget and output gates, each in (0, 1)
        g       = tanh(...)      the candidate to write         (all four from x_t @ Wx +
        c_t = f * c_{t-1} + i * g                                h_{t-1} @ Wh + b, H each)
        h_t = o * tanh(c_t)

    Why it keeps gradients alive: dc_t/dc_{t-1} = f, elementwise. No weight matrix and no
    squashing lies on the path from c_t back to c_{t-1}, so while the forget gate stays near 1
    the gradient reaches far back; the plain RNN multiplies it by Wh^T diag(1 - h^2) at every
    step, and it fades (or explodes) geometrically.

    The forget gate's bias starts at 1 (so f = sigmoid(1) = 0.73 rather than 0.5): a new LSTM
    then remembers by default, and gradients through c fade like 0.73^k rather than 0.5^k
    while it learns what to forget (Gers et al. 2000; Jozefowicz et al. 2015).

    forward(x (N, T, D), h0, c0 (N, H) or None) -> hs (N, T, H) = h_1 .. h_T; h_0 and c_0
    are zeros when not given. backward(dhs (N, T, H)) -> dx (N, T, D); sets grads, dh0 and
    dc0 (N, H).
    params Wx (D, 4H), Wh (H, 4H), b (4H,): the gates side by side in the order i, f, o, g
    (the three sigmoid gates first, in one slice; PyTorch orders them i, f, g, o).
    final_state = (h_T, c_T) after forward, to continue the same sequences.
    """

    def __init__(self, input_size, hidden_size, *, seed=None, dtype=np.float64):
        super().__init__(input_size, hidden_size, 4, seed, dtype)
        H = self.hidden_size
        self.params["b"][H : 2 * H] = 1  # the forget gate: remember at first

    state_names = ("h0", "c0")

    def forward(self, x, h0=None, c0=None):
        return super().forward(x, h0, c0)

    def _forward(self, x, h0=None, c0=None):
        n, steps, _ = x.shape
        h = self.h0 = self._initial(h0, n)
        c = self.c0 = self._initial(c0, n)
        H, Wh = self.hidden_size, self.params["Wh"]
        # only h_{t-1} @ Wh waits for the step before: the input terms x_t @ Wx + b of all
        # N T steps are one product before the loop, (T, N, 4H), then the gates in place
        self.x_steps = _time_major(x).reshape(steps * n, self.input_size)
        gates = (self.x_steps @ self.params["Wx"] + self.params["b"]).reshape(steps, n, -1)
        self.cs, self.tanh_cs, self.hs = (np.empty((steps, n, H), self.dtype) for _ in range(3))
        for t in range(steps):
            z = gates[t]
            z += h @ Wh
            _squash_gates(z, H)
            i, f, o, g = z[:, :H], z[:, H : 2 * H], z[:, 2 * H : 3 * H], z[:, 3 * H :]
            c = self.cs[t] = f * c + i * g
            h = self.hs[t] = o * np.tanh(c, out=self.tanh_cs[t])
        self.gates, self.final_state = gates, (h, c)
        return self.hs.swapaxes(0, 1).copy()

    def _backward(self, dhs):
        H, Wh = self.hidden_size, self.params["Wh"]
        dhs = _time_major(dhs)
        gates, tanh_cs = self.gates, self.tanh_cs
        i, f, o, g = (gates[..., k * H : (k + 1) * H] for k in range(4))
        c_prev = np.concatenate([self.c0[None], self.cs[:-1]])
        # what does not depend on the incoming gradient, for every step at once:
        dh_dc = o * (1 - tanh_cs * tanh_cs)  # dh_t/dc_t through tanh
        squash = gates * (1 - gates)  # sigmoid' = s (1 - s) for i, f, o
        squash[..., 3 * H :] = 1 - g * g  # tanh' = 1 - g^2 for g
        da = np.empty_like(gates)  # dL/d of the 4H pre-activations
        dh_next = dc_next = np.zeros_like(self.h0)
        for t in reversed(range(len(gates))):
            dh = dhs[t] + dh_next  # from this state's output and from the next step
            dc = dc_next + dh * dh_dc[t]  # from the next cell state and through h
            dgates = np.concatenate(
                [dc * g[t], dc * c_prev[t], dh * tanh_cs[t], dc * i[t]], axis=1
            )  # dL/di, dL/df, dL/do, dL/dg
            np.multiply(dgates, squash[t], out=da[t])
            dc_next = dc * f[t]  # the previous cell state reaches this one times f alone
            dh_next = da[t] @ Wh.T
        self.dh0, self.dc0 = dh_next, dc_next
        # the shared weights' gradients, each one product over all N T steps
        steps, n, width = da.shape
        da = da.reshape(steps * n, width)
        h_prev = np.concatenate([self.h0[None], self.hs[:-1]]).reshape(steps * n, H)
        self.grads = {
            "Wx": self.x_steps.T @ da,  # sum_t x_t^T da_t
            "Wh": h_prev.T @ da,  # sum_t h_{t-1}^T da_t
            "b": da.sum(axis=0),  # b is added every step
        }
        return (da @ self.params["Wx"].T).reshape(steps, n, self.input_size).swapaxes(0, 1)
