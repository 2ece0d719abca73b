"""RNN, LSTM and the language model's masked loss against PyTorch, with copied weights."""

import os

import numpy as np
import pytest
from layer_table import torch_gate_order

from helpers.language_model import RecurrentLanguageModel
from helpers.losses import PADDING, sequence_cross_entropy
from helpers.recurrent import LSTM, RNN

if os.environ.get("REQUIRE_TORCH") == "1":
    import torch  # CI installs it: there a missing torch must fail, not skip
else:
    torch = pytest.importorskip("torch")  # optional for students: a large download
pytestmark = pytest.mark.torch

SHAPES = [(1, 1, 1, 1), (3, 7, 4, 5), (4, 12, 6, 8)]  # N, T, D, H


def tensor(a):
    return torch.tensor(a, dtype=torch.float64, requires_grad=True)


def torch_gradients(module, x, states, dhs):
    """Forward + backward of a torch recurrent module: hs, then dx and the states' gradients."""
    xt, state_ts = tensor(x), [tensor(s[None]) for s in states]  # torch wants (layers, N, H)
    hs, _ = module(xt, state_ts[0] if len(state_ts) == 1 else tuple(state_ts))
    hs.backward(torch.from_numpy(dhs))
    return hs.detach().numpy(), xt.grad.numpy(), [s.grad.numpy()[0] for s in state_ts]


def check(ours, theirs):
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_rnn_equals_torch_rnn(shape):
    n, steps, d, h = shape
    rng = np.random.default_rng(steps)
    layer = RNN(d, h, seed=0)
    layer.params["b"][:] = rng.standard_normal(h)
    module = torch.nn.RNN(d, h, batch_first=True).double()
    with torch.no_grad():  # torch keeps W (out, in) and two biases: b_ih = b, b_hh = 0
        module.weight_ih_l0.copy_(torch.from_numpy(layer.params["Wx"].T))
        module.weight_hh_l0.copy_(torch.from_numpy(layer.params["Wh"].T))
        module.bias_ih_l0.copy_(torch.from_numpy(layer.params["b"]))
        module.bias_hh_l0.zero_()
    x, h0, dhs = (rng.standard_normal(s) for s in [(n, steps, d), (n, h), (n, steps, h)])
    hs, dx, (dh0,) = torch_gradients(module, x, [h0], dhs)
    check(layer.forward(x, h0), hs)
    check(layer.backward(dhs), dx)
    check(layer.dh0, dh0)
    check(layer.grads["Wx"], module.weight_ih_l0.grad.numpy().T)
    check(layer.grads["Wh"], module.weight_hh_l0.grad.numpy().T)
    check(layer.grads["b"], module.bias_ih_l0.grad.numpy())


@pytest.mark.parametrize("shape", SHAPES)
def test_lstm_equals_torch_lstm(shape):
    n, steps, d, h = shape
    rng = np.random.default_rng(steps)
    layer = LSTM(d, h, seed=0)
    layer.params["b"][:] += rng.standard_normal(4 * h)
    module = torch.nn.LSTM(d, h, batch_first=True).double()
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(torch_gate_order(layer.params["Wx"], h)))
        module.weight_hh_l0.copy_(torch.from_numpy(torch_gate_order(layer.params["Wh"], h)))
        module.bias_ih_l0.copy_(torch.from_numpy(torch_gate_order(layer.params["b"], h)))
        module.bias_hh_l0.zero_()
    x, h0, c0, dhs = (
        rng.standard_normal(s) for s in [(n, steps, d), (n, h), (n, h), (n, steps, h)]
    )
    hs, dx, (dh0, dc0) = torch_gradients(module, x, [h0, c0], dhs)
    check(layer.forward(x, h0, c0), hs)
    check(layer.backward(dhs), dx)
    check(layer.dh0, dh0)
    check(layer.dc0, dc0)
    check(torch_gate_order(layer.grads["Wx"], h), module.weight_ih_l0.grad.numpy())
    check(torch_gate_order(layer.grads["Wh"], h), module.weight_hh_l0.grad.numpy())
    check(torch_gate_order(layer.grads["b"], h), module.bias_ih_l0.grad.numpy())


def test_masked_loss_equals_torch_cross_entropy_with_ignore_index():
    rng = np.random.default_rng(0)
    model = RecurrentLanguageModel(6, 4, "lstm", seed=0)
    inputs = rng.integers(0, 6, (3, 5))
    targets = rng.integers(0, 6, (3, 5))
    targets[0, 3:] = targets[2, 1:] = PADDING
    loss, dlogits = sequence_cross_entropy(model.forward(inputs), targets)
    logits = tensor(model.forward(inputs))
    expected = torch.nn.functional.cross_entropy(
        logits.reshape(-1, 6), torch.from_numpy(targets.reshape(-1)), ignore_index=PADDING
    )
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    check(dlogits, logits.grad.numpy())
