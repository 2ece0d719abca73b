"""Recurrent layers (pages 39-40): one cell applied at every step, passing its state on.

Unrolled in time, a recurrent layer is a deep network whose layers all share one set of
weights. The plain RNN's cell is

    h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)        t = 1 .. T, from the initial state h_0

h_0 is the state before the first input (h0 in the code, zeros unless given) and h_t the
state after the t-th input x_t. In the arrays steps count from 0: hs[:, t - 1] holds h_t.

Backpropagation through time (BPTT) is ordinary backpropagation through that unrolled
network: walk the steps backwards, and at each step add the gradient that h_t gets from its
own output to the one that comes back from step t+1 through Wh.

How it is computed: only h_{t-1} @ Wh has to wait for the step before, so it is the only
matrix product inside the time loop. The input term x_t @ Wx of all N T steps is one product
before the loop, and the gradients of the shared weights (sums over all steps) are single
products over all N T steps after it.

Sequences are batch-first: x (N, T, D) holds N sequences of T steps of D features, and the
output hs (N, T, H) the hidden states h_1 .. h_T, one after every step. Inside, the layers
work time-major, (T, N, ...): the N rows of one step then lie side by side in memory, and
numpy runs the small per-step operations on such contiguous slices about twice as fast as
on strided ones.
"""

import numpy as np

from .init import init_weights
from .layers import Layer, refuses_overflow
from .validation import check_float_dtype, check_whole


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
    """What RNN and LSTM share: the weights, the input checks, the weight gradients.

    `gates` is how many H-wide blocks the cell computes from x_t and h_{t-1}: 1 for the RNN,
    4 for the LSTM. Wx (D, gates H), Wh (H, gates H), b (gates H,); Xavier-initialised
    weights, zero biases.
    """

    def __init__(self, input_size, hidden_size, gates, seed, dtype):
        super().__init__()
        self.input_size = input_size = check_whole(input_size, "input_size")
        self.hidden_size = hidden_size = check_whole(hidden_size, "hidden_size")
        self.dtype = dtype = check_float_dtype(dtype)
        rng = np.random.default_rng(seed)
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

    def _check_sequence(self, x):
        """x as (N, T, D) in the layer's dtype, or a ValueError naming both shapes."""
        x = self._check_input(x)
        if x.ndim != 3 or x.shape[1] < 1 or x.shape[2] != self.input_size:
            raise ValueError(
                f"{type(self).__name__} expects x of shape (N, T, D) with T >= 1 "
                f"and D = {self.input_size}, got {x.shape}"
            )
        return x

    def _check_state(self, state, n, name):
        """An initial state of shape (N, H); zeros when not given."""
        shape = (n, self.hidden_size)
        if state is None:
            return np.zeros(shape, dtype=self.dtype)
        state = self._check_input(state, name)
        if state.shape != shape:
            raise ValueError(
                f"{type(self).__name__} expects {name} of shape (N, H) = {shape}, got {state.shape}"
            )
        return state

    def _input_terms(self, x):
        """x (N, T, D) -> x_t @ Wx + b of every step, (T, N, gates H): one product."""
        n, steps, _ = x.shape
        self.x_steps = _time_major(x).reshape(steps * n, self.input_size)
        return (self.x_steps @ self.params["Wx"] + self.params["b"]).reshape(steps, n, -1)

    def _weight_gradients(self, h_prev, da):
        """Gradients of the shared weights, each one product over all N T steps.

        h_prev (T, N, H): the state each step started from; da (T, N, gates H): dL/d of each
        step's pre-activation. Sets grads; returns dL/dx (N, T, D).
        """
        steps, n, width = da.shape
        da = da.reshape(steps * n, width)
        self.grads = {
            "Wx": self.x_steps.T @ da,  # sum_t x_t^T da_t
            "Wh": h_prev.reshape(steps * n, self.hidden_size).T @ da,  # sum_t h_{t-1}^T da_t
            "b": da.sum(axis=0),  # b is added every step
        }
        return (da @ self.params["Wx"].T).reshape(steps, n, self.input_size).swapaxes(0, 1)


class RNN(_Recurrent):
    """The plain recurrent layer: h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b).

    forward(x (N, T, D), h0 (N, H) or None) -> hs (N, T, H) = h_1 .. h_T; h0 = 0 when not
    given. backward(dhs (N, T, H)) -> dx (N, T, D); sets grads and dh0 (N, H) = dL/dh_0.
    params Wx (D, H), Wh (H, H), b (H,).
    final_state = (h_T,) after forward: pass it as h0 to continue the same sequences
    (sampling does, one step at a time).
    """

    def __init__(self, input_size, hidden_size, *, seed=None, dtype=np.float64):
        super().__init__(input_size, hidden_size, 1, seed, dtype)

    @refuses_overflow
    def forward(self, x, h0=None):
        x = self._check_sequence(x)
        h = self.h0 = self._check_state(h0, len(x), "h0")
        Wh = self.params["Wh"]
        # hs[t] starts as the input term of step t + 1; adding the previous state @ Wh and
        # squashing, in place, turns it into h_{t+1}
        hs = self._input_terms(x)
        for t in range(len(hs)):
            hs[t] += h @ Wh
            h = np.tanh(hs[t], out=hs[t])
        self.hs, self.final_state = hs, (h,)
        return hs.swapaxes(0, 1).copy()  # a copy: changing the output must not change hs

    @refuses_overflow
    def backward(self, dhs):
        self._check_forward_done()
        hs, Wh = self.hs, self.params["Wh"]
        dhs = self._check_dout(dhs, hs.swapaxes(0, 1).shape)
        dtanh = 1 - hs * hs  # tanh'(a_t) = 1 - h_t^2, every step at once
        # da[t] = dL/da at the pre-activation a that made hs[t]. It starts with what hs[t]
        # gets from its own output; walking back, the next step adds what it gets through Wh.
        da = _time_major(dhs)
        da *= dtanh
        for t in range(len(hs) - 1, 0, -1):
            da[t - 1] += (da[t] @ Wh.T) * dtanh[t - 1]
        self.dh0 = da[0] @ Wh.T  # h_0 feeds the first step through Wh like any other state
        h_prev = np.concatenate([self.h0[None], hs[:-1]])
        return self._weight_gradients(h_prev, da)


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

    @refuses_overflow
    def forward(self, x, h0=None, c0=None):
        x = self._check_sequence(x)
        h = self.h0 = self._check_state(h0, len(x), "h0")
        c = self.c0 = self._check_state(c0, len(x), "c0")
        H, Wh = self.hidden_size, self.params["Wh"]
        gates = self._input_terms(x)  # (T, N, 4H): the input terms, then the gates in place
        steps = len(gates)
        self.cs, self.tanh_cs, self.hs = (
            np.empty((steps, len(x), H), self.dtype) for _ in range(3)
        )
        for t in range(steps):
            z = gates[t]
            z += h @ Wh
            _squash_gates(z, H)
            i, f, o, g = z[:, :H], z[:, H : 2 * H], z[:, 2 * H : 3 * H], z[:, 3 * H :]
            c = self.cs[t] = f * c + i * g
            h = self.hs[t] = o * np.tanh(c, out=self.tanh_cs[t])
        self.gates, self.final_state = gates, (h, c)
        return self.hs.swapaxes(0, 1).copy()

    @refuses_overflow
    def backward(self, dhs):
        self._check_forward_done()
        H, Wh = self.hidden_size, self.params["Wh"]
        dhs = _time_major(self._check_dout(dhs, self.hs.swapaxes(0, 1).shape))
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
        h_prev = np.concatenate([self.h0[None], self.hs[:-1]])
        return self._weight_gradients(h_prev, da)
