"""Every layer and loss against PyTorch, the reference framework: same weights and inputs,
so the same outputs and the same gradients (float64)."""

import numpy as np
import pytest
from layer_table import LAYERS as TABLE

from helpers import (
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    ReLU,
    Sequential,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    mse_loss,
    softmax_cross_entropy,
)
from helpers.optim import SGD, Adam

pytestmark = pytest.mark.torch


def compare(layer, module, x, torch, grads=None):
    """Forward and backward of a helpers layer and a torch module on the same x.

    grads: {helpers key: (torch parameter, how ours maps onto it, or None)}, the gradients
    that must agree; torch keeps a dense layer's weights as (out, in), the helpers as
    (in, out), so those map by a transpose.
    """
    rng = np.random.default_rng(0)
    out = layer.forward(x)
    xt = torch.tensor(x, requires_grad=True)
    out_t = module(xt)
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    out_t.backward(torch.tensor(dout))
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    for key, (parameter, to_torch) in (grads or {}).items():
        ours = layer.grads[key] if to_torch is None else to_torch(layer.grads[key])
        np.testing.assert_allclose(ours, parameter.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", [name for name, row in TABLE.items() if row.twin])
def test_every_layer_of_the_table_equals_its_pytorch_twin(torch, name):
    """Each layer of tests/layer_table.py against the same layer in PyTorch, same weights."""
    layer = TABLE[name].make(np.float64, (4, 3, 2, 1, 1))
    rng = np.random.default_rng(1)
    for value in layer.params.values():  # not zeros: a wrong bias would show
        value[...] = rng.standard_normal(value.shape)
    module, grads = TABLE[name].twin(layer, torch)
    x = 3 * np.random.default_rng(2).standard_normal(TABLE[name].input_shape((4, 3, 2, 1, 1)))
    compare(layer, module, x, torch, grads)


@pytest.mark.parametrize(
    "c_in, c_out, k, stride, padding",
    [(1, 8, 3, 1, 1), (3, 4, 3, 2, 0), (2, 5, 2, 1, 2), (4, 2, 5, 3, 1)],
)
def test_conv2d(torch, c_in, c_out, k, stride, padding):
    layer = Conv2D(c_in, c_out, k, stride=stride, padding=padding, seed=3)
    layer.params["b"][:] = np.random.default_rng(4).standard_normal(c_out)
    module = torch.nn.Conv2d(c_in, c_out, k, stride=stride, padding=padding)
    with torch.no_grad():
        module.weight.copy_(torch.tensor(layer.params["W"]))
        module.bias.copy_(torch.tensor(layer.params["b"]))
    x = np.random.default_rng(5).standard_normal((3, c_in, 9, 8))
    compare(layer, module, x, torch, {"W": (module.weight, None), "b": (module.bias, None)})


@pytest.mark.parametrize("k, stride", [(2, None), (3, 1), (3, 2), (2, 1)])
@pytest.mark.parametrize("ties", [False, True])
def test_pooling(torch, k, stride, ties):
    rng = np.random.default_rng(6)
    shape = (2, 3, 8, 7)
    x = rng.integers(0, 3, shape).astype(float) if ties else rng.standard_normal(shape)
    compare(MaxPool2D(k, stride), torch.nn.MaxPool2d(k, stride), x, torch)
    compare(AvgPool2D(k, stride), torch.nn.AvgPool2d(k, stride), x, torch)


def test_losses(torch):
    rng = np.random.default_rng(7)
    F = torch.nn.functional
    pred, target = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    loss, grad = mse_loss(pred, target)
    pt = torch.tensor(pred, requires_grad=True)
    expected = F.mse_loss(pt, torch.tensor(target))
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(grad, pt.grad.numpy(), rtol=1e-12)

    prob, labels = rng.uniform(0.05, 0.95, (6,)), rng.integers(0, 2, 6).astype(float)
    loss, grad = binary_cross_entropy(prob, labels)
    pt = torch.tensor(prob, requires_grad=True)
    expected = F.binary_cross_entropy(pt, torch.tensor(labels))
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(grad, pt.grad.numpy(), rtol=1e-12)

    logits, labels = 10 * rng.standard_normal((3, 4)), rng.integers(0, 2, (3, 4)).astype(float)
    loss, grad = binary_cross_entropy_with_logits(logits, labels)
    pt = torch.tensor(logits, requires_grad=True)
    expected = F.binary_cross_entropy_with_logits(pt, torch.tensor(labels))
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(grad, pt.grad.numpy(), rtol=1e-12)

    logits, classes = 5 * rng.standard_normal((5, 4)), rng.integers(0, 4, 5)
    loss, grad = softmax_cross_entropy(logits, classes)
    pt = torch.tensor(logits, requires_grad=True)
    expected = F.cross_entropy(pt, torch.tensor(classes))
    expected.backward()
    assert loss == pytest.approx(expected.item(), rel=1e-12)
    np.testing.assert_allclose(grad, pt.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_a_small_cnn_end_to_end(torch):
    rng = np.random.default_rng(8)
    model = Sequential(
        Conv2D(1, 4, 3, padding=1, seed=9),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dense(4 * 3 * 3, 5, seed=10),
    )
    reference = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(36, 5),
    )
    with torch.no_grad():
        reference[0].weight.copy_(torch.tensor(model.params["0.W"]))
        reference[0].bias.copy_(torch.tensor(model.params["0.b"]))
        reference[4].weight.copy_(torch.tensor(model.params["4.W"].T))
        reference[4].bias.copy_(torch.tensor(model.params["4.b"]))
    compare(
        model,
        reference,
        rng.standard_normal((3, 1, 6, 6)),
        torch,
        {"0.W": (reference[0].weight, None), "4.b": (reference[4].bias, None)},
    )


@pytest.mark.parametrize("kind", ["sgd", "adam"])
def test_optimizers_take_torchs_steps(torch, kind):
    rng = np.random.default_rng(11)
    w = rng.standard_normal(4)
    wt = torch.tensor(w.copy(), requires_grad=True)
    if kind == "sgd":
        ours, theirs = SGD({"w": w}, 0.1, momentum=0.9), torch.optim.SGD([wt], lr=0.1, momentum=0.9)
    else:
        ours, theirs = Adam({"w": w}, 0.01), torch.optim.Adam([wt], lr=0.01)
    for _ in range(20):
        g = rng.standard_normal(4)
        ours.step({"w": g})
        wt.grad = torch.tensor(g)
        theirs.step()
    np.testing.assert_allclose(w, wt.detach().numpy(), rtol=1e-12)
