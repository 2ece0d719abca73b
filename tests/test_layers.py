"""Dense, Sigmoid, Tanh, ReLU, Flatten, Sequential: gradients, references, protocol, errors."""

import numpy as np
import pytest

from helpers.gradcheck import layer_gradient_errors
from helpers.layers import Dense, Flatten, ReLU, Sequential, Sigmoid, Tanh

SHAPES = [(1, 1), (4, 5), (7, 3), (2, 3, 4)]


def away_from_zero(x, margin=1e-3):
    """Nudge entries away from 0, where ReLU has a kink that finite differences straddle."""
    return np.where(np.abs(x) < margin, margin, x)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", SHAPES)
def test_dense_gradients(seed, shape):
    rng = np.random.default_rng(seed)
    layer = Dense(shape[-1], 3, seed=seed)
    layer.params["b"][:] = rng.standard_normal(3)
    errors = layer_gradient_errors(layer, rng.standard_normal(shape), seed=seed)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("layer_type", [Sigmoid, Tanh, ReLU, Flatten])
@pytest.mark.parametrize("shape", SHAPES)
def test_parameter_free_layer_gradients(layer_type, shape):
    x = away_from_zero(3 * np.random.default_rng(len(shape)).standard_normal(shape))
    errors = layer_gradient_errors(layer_type(), x)
    assert errors["x"] < 1e-7, errors


def test_forward_matches_loop_references():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    dense = Dense(4, 2, seed=1)
    dense.params["b"][:] = [0.5, -1.0]
    W, b = dense.params["W"], dense.params["b"]
    expected = [
        [sum(x[n, i] * W[i, j] for i in range(4)) + b[j] for j in range(2)] for n in range(3)
    ]
    np.testing.assert_allclose(dense.forward(x), expected, rtol=1e-14)
    np.testing.assert_allclose(
        Sigmoid().forward(x), [[1 / (1 + np.exp(-v)) for v in row] for row in x], rtol=1e-14
    )
    np.testing.assert_allclose(Tanh().forward(x), np.tanh(x))
    np.testing.assert_array_equal(ReLU().forward(x), [[max(v, 0) for v in row] for row in x])
    np.testing.assert_array_equal(Flatten().forward(x.reshape(3, 2, 2)), x)


def test_sequential_backward_is_the_chain_of_its_layers():
    rng = np.random.default_rng(1)
    layers = [Dense(5, 8, seed=2), Tanh(), Dense(8, 3, seed=3), Sigmoid()]
    model = Sequential(*layers)
    x, dout = rng.standard_normal((6, 5)), rng.standard_normal((6, 3))
    y = model.forward(x)
    dx = model.backward(dout)
    # the same by hand, one link of the chain rule at a time
    h1 = x @ layers[0].params["W"] + layers[0].params["b"]
    h2 = np.tanh(h1)
    h3 = h2 @ layers[2].params["W"] + layers[2].params["b"]
    out = 1 / (1 + np.exp(-h3))
    np.testing.assert_allclose(y, out, rtol=1e-14)
    d3 = dout * out * (1 - out)
    d2 = d3 @ layers[2].params["W"].T
    d1 = d2 * (1 - h2**2)
    np.testing.assert_allclose(model.grads["2.W"], h2.T @ d3, rtol=1e-12)
    np.testing.assert_allclose(model.grads["2.b"], d3.sum(0), rtol=1e-12)
    np.testing.assert_allclose(model.grads["0.W"], x.T @ d1, rtol=1e-12)
    np.testing.assert_allclose(dx, d1 @ layers[0].params["W"].T, rtol=1e-12)
    errors = layer_gradient_errors(model, x)
    assert max(errors.values()) < 1e-7, errors


def test_params_are_the_arrays_forward_uses_and_grads_are_set_not_added():
    layer = Dense(2, 2, seed=0)
    model = Sequential(layer, ReLU())
    assert model.params["0.W"] is layer.params["W"]
    model.params["0.W"][:] = np.eye(2)
    model.params["0.b"][:] = [1.0, -5.0]
    np.testing.assert_array_equal(model.forward(np.array([[1.0, 2.0]])), [[2.0, 0.0]])
    dout = np.ones((1, 2))
    model.backward(dout)
    first = {k: g.copy() for k, g in model.grads.items()}
    model.backward(dout)
    for k, g in model.grads.items():
        np.testing.assert_array_equal(g, first[k])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_through_forward_and_backward(dtype):
    model = Sequential(
        Dense(4, 3, seed=0, dtype=dtype),
        ReLU(),
        Dense(3, 2, seed=1, dtype=dtype),
        Sigmoid(),
        Flatten(),
    )
    x = np.random.default_rng(0).standard_normal((5, 4)).astype(dtype)
    y = model.forward(x)
    assert y.dtype == dtype
    assert model.backward(np.ones_like(y)).dtype == dtype
    assert all(g.dtype == dtype for g in model.grads.values())
    assert all(p.dtype == dtype for p in model.params.values())
    assert Dense(4, 3, dtype=dtype).forward(np.ones((2, 4), dtype=int)).dtype == dtype


def test_init_is_seeded_and_scaled():
    a, b = Dense(100, 50, seed=3), Dense(100, 50, seed=3)
    np.testing.assert_array_equal(a.params["W"], b.params["W"])
    assert not np.array_equal(a.params["W"], Dense(100, 50, seed=4).params["W"])
    xavier = Dense(400, 400, seed=0).params["W"]
    assert xavier.std() == pytest.approx(np.sqrt(2 / 800), rel=0.02)
    he = Dense(400, 400, seed=0, init="he").params["W"]
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert "b" not in Dense(3, 2, bias=False).params
    rng = np.random.default_rng(9)
    assert Dense(3, 2, seed=rng).params["W"].shape == (3, 2)


def test_bad_input_names_expected_and_given():
    with pytest.raises(ValueError, match=r"expects input of shape \(\.\.\., 4\), got \(2, 5\)"):
        Dense(4, 3).forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="computes in float64, got x of dtype float32"):
        Dense(4, 3).forward(np.zeros((2, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="finite"):
        ReLU().forward(np.array([[1.0, np.nan]]))
    layer = Dense(4, 3)
    layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"dout of shape \(2, 3\).*got \(2, 4\)"):
        layer.backward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="Flatten expects"):
        Flatten().forward(np.zeros(3))
    with pytest.raises(
        ValueError,
        match=r"share one dtype, got Dense\(2, 2\): float64, "
        r"Dense\(2, 3\): float32",
    ):
        Sequential(Dense(2, 2), ReLU(), Dense(2, 3, dtype=np.float32))
    with pytest.raises(ValueError, match="init must be"):
        Dense(2, 2, init="zeros")


def test_layers_without_weights_follow_their_input_dtype():
    """The network a student writes first: only the Dense layers are given a dtype."""
    model = Sequential(Dense(64, 32, dtype=np.float32), Tanh(), Dense(32, 2, dtype=np.float32))
    x = np.random.default_rng(0).standard_normal((5, 64)).astype(np.float32)
    y = model.forward(x)
    assert y.dtype == np.float32 and model.dtype == np.float32
    assert model.backward(np.ones_like(y)).dtype == np.float32
    for layer in (Sigmoid(), Tanh(), ReLU(), Flatten()):
        for dtype in (np.float32, np.float64):
            out = layer.forward(np.ones((2, 3), dtype))
            assert out.dtype == dtype and layer.backward(np.ones_like(out)).dtype == dtype
    assert ReLU().forward(np.array([[1, -2]])).dtype == np.float64  # integers: float64
    with pytest.raises(ValueError, match="computes in float32, got x of dtype float64"):
        model.forward(x.astype(np.float64))  # a layer with weights still refuses
