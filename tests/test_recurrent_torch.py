"""RNN, LSTM and the language model's masked loss against PyTorch, with copied weights."""

import os

import numpy as np
import pytest
from layer_table import torch_recurrent

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


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_recurrent_layer_equals_torch_from_given_states(layer_type, shape):
    """With h0 (and c0) given: the states, dh0 and dc0 too, beside the table's test."""
    n, steps, d, h = shape
    rng = np.random.default_rng(steps)
    layer = layer_type(d, h, seed=0)
    layer.params["b"][:] += rng.standard_normal(layer.params["b"].shape)
    module, grads = torch_recurrent(layer, torch)
    states = [rng.standard_normal((n, h)) for _ in layer.state_names]
    x, dhs = rng.standard_normal((n, steps, d)), rng.standard_normal((n, steps, h))
    hs, dx, dstates = torch_gradients(module, x, states, dhs)
    check(layer.forward(x, *states), hs)
    check(layer.backward(dhs), dx)
    for ours, theirs in zip([layer.dh0, getattr(layer, "dc0", None)], dstates, strict=False):
        check(ours, theirs)
    for key, (parameter, order) in grads.items():
        check(order(layer.grads[key]), parameter.grad.numpy())


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
