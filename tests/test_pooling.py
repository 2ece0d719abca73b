"""Max and average pooling: the slide's numbers, loop references, gradients, ties, errors."""

import numpy as np
import pytest

from helpers.conv import Conv2D
from helpers.data import load_digits
from helpers.gradcheck import layer_gradient_errors, numerical_gradient, relative_error
from helpers.layers import ReLU, Sequential
from helpers.pooling import (
    AvgPool2D,
    MaxPool2D,
    avg_pool2d,
    max_pool2d,
    max_pool_backward_loops,
)

MATCHES = np.array([[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]])  # page 36


def test_page_36_numbers():
    x = MATCHES[None, None]
    np.testing.assert_array_equal(max_pool2d(x, 2, stride=1)[0, 0], [[1, 1], [1, 1]])
    np.testing.assert_array_equal(avg_pool2d(x, 2, stride=1)[0, 0], [[0.75, 0.5], [0.5, 0.75]])


def loop_pool(x, k, stride, reduce):
    n, c, h, w = x.shape
    out_h, out_w = (h - k) // stride + 1, (w - k) // stride + 1
    out = np.zeros((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[:, :, i, j] = reduce(
                x[:, :, i * stride : i * stride + k, j * stride : j * stride + k], axis=(2, 3)
            )
    return out


GEOMETRIES = [(2, 1), (2, 2), (3, 1), (3, 2), (3, 3), (2, 3), (1, 1), (4, 2)]


@pytest.mark.parametrize("k, stride", GEOMETRIES)
def test_forward_equals_loops(k, stride):
    x = np.random.default_rng(k * 10 + stride).standard_normal((2, 3, 7, 8))
    np.testing.assert_array_equal(max_pool2d(x, k, stride), loop_pool(x, k, stride, np.max))
    np.testing.assert_allclose(
        avg_pool2d(x, k, stride), loop_pool(x, k, stride, np.mean), atol=1e-15
    )


def test_stride_defaults_to_the_kernel():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    np.testing.assert_array_equal(max_pool2d(x, 2), [[[[5, 7], [13, 15]]]])
    assert MaxPool2D(2).forward(x).shape == (1, 1, 2, 2)


@pytest.mark.parametrize("k, stride", GEOMETRIES)
@pytest.mark.parametrize("layer_type", [MaxPool2D, AvgPool2D])
def test_gradients_without_ties(layer_type, k, stride):
    x = np.random.default_rng(k + stride).permutation(2 * 2 * 7 * 6).reshape(2, 2, 7, 6) / 10.0
    errors = layer_gradient_errors(layer_type(k, stride), x)  # distinct values: no ties
    assert errors["x"] < 1e-7, errors


@pytest.mark.parametrize("k, stride", GEOMETRIES)
def test_ties_send_the_gradient_to_the_first_maximum(k, stride):
    rng = np.random.default_rng(7)
    x = rng.integers(0, 3, (2, 2, 7, 7)).astype(float)  # few values: ties everywhere
    layer = MaxPool2D(k, stride)
    out = layer.forward(x)
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, max_pool_backward_loops(x, dout, k, stride), atol=1e-14)
    assert dx.sum() == pytest.approx(dout.sum())  # each window passes on exactly its gradient


def test_gradient_checks_hold_through_ties_on_digits():
    """Digits are full of equal pixels, so a conv layer's outputs tie inside pooling windows.
    Moving a weight moves tied outputs together, so the loss is smooth in the weights, and the
    check holds only if each window sends its gradient to exactly one position."""
    x = load_digits(np.float64)[0][:6, None]
    model = Sequential(Conv2D(1, 3, 3, padding=1, seed=0), ReLU(), MaxPool2D(2))
    model.layers[0].params["b"][:] = [0.1, 0.05, 0.2]
    pooled_input = model.layers[1].forward(model.layers[0].forward(x))
    windows = pooled_input.reshape(6, 3, 4, 2, 4, 2).transpose(0, 1, 2, 4, 3, 5).reshape(-1, 4)
    tied = np.sum(np.sum(windows == windows.max(axis=1, keepdims=True), axis=1) > 1)
    assert tied > 50  # many windows really hold tied maxima (89 of 288 here)
    R = np.random.default_rng(1).standard_normal(model.forward(x).shape)
    for name in ("0.W", "0.b"):
        model.forward(x)
        model.backward(R)
        analytic = model.grads[name].copy()
        numeric = numerical_gradient(
            lambda: float(np.sum(model.forward(x) * R)), model.params[name]
        )
        assert relative_error(analytic, numeric) < 1e-7, name


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    for layer in (MaxPool2D(2), AvgPool2D(2)):
        out = layer.forward(np.ones((1, 2, 4, 4), dtype=dtype))
        assert out.dtype == dtype and layer.backward(np.ones_like(out)).dtype == dtype


def test_bad_input():
    with pytest.raises(ValueError, match="kernel 5x5 is larger than the padded input 4x4"):
        max_pool2d(np.zeros((1, 1, 4, 4)), 5)
    with pytest.raises(ValueError, match="stride must be a whole number >= 1, got 0"):
        avg_pool2d(np.zeros((1, 1, 4, 4)), 2, stride=0)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\), got \(4, 4\)"):
        MaxPool2D(2).forward(np.zeros((4, 4)))
    layer = AvgPool2D(2)
    layer.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"dout of shape \(1, 1, 2, 2\)"):
        layer.backward(np.zeros((1, 1, 3, 3)))
