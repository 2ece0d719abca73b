"""conv2d / Conv2D against a direct loop, gradient checks over many geometries, chunking,
and the errors."""

import numpy as np
import pytest

from helpers import conv as conv_module
from helpers.conv import Conv2D, conv2d
from helpers.gradcheck import layer_gradient_errors
from helpers.windows import output_size


def loop_conv2d(x, w, b, stride, padding):
    """The definition, one output number at a time (slow, obviously right)."""
    n, c, h, width = x.shape
    f, _, k, _ = w.shape
    xp = np.zeros((n, c, h + 2 * padding, width + 2 * padding))
    xp[:, :, padding : padding + h, padding : padding + width] = x
    out_h, out_w = (h + 2 * padding - k) // stride + 1, (width + 2 * padding - k) // stride + 1
    out = np.zeros((n, f, out_h, out_w))
    for i_n in range(n):
        for i_f in range(f):
            for i in range(out_h):
                for j in range(out_w):
                    window = xp[i_n, :, i * stride : i * stride + k, j * stride : j * stride + k]
                    out[i_n, i_f, i, j] = np.sum(window * w[i_f]) + b[i_f]
    return out


def random_geometries(count, seed):
    """(N, C, H, W, F, k, stride, padding) with the kernel fitting the padded input."""
    rng = np.random.default_rng(seed)
    cases = []
    while len(cases) < count:
        n, c, f = rng.integers(1, 4), rng.integers(1, 4), rng.integers(1, 4)
        h, w, k = rng.integers(1, 9), rng.integers(1, 9), rng.integers(1, 5)
        stride, padding = rng.integers(1, 4), rng.integers(0, 3)
        if k <= min(h, w) + 2 * padding:
            cases.append(tuple(int(v) for v in (n, c, h, w, f, k, stride, padding)))
    return cases


@pytest.mark.parametrize("geometry", random_geometries(40, seed=0))
def test_forward_equals_the_loop_definition(geometry):
    n, c, h, w, f, k, stride, padding = geometry
    rng = np.random.default_rng(sum(geometry))
    x, weights, b = (
        rng.standard_normal((n, c, h, w)),
        rng.standard_normal((f, c, k, k)),
        rng.standard_normal(f),
    )
    out = conv2d(x, weights, b, stride=stride, padding=padding)
    expected_shape = (n, f, output_size(h, k, stride, padding), output_size(w, k, stride, padding))
    assert out.shape == expected_shape
    np.testing.assert_allclose(out, loop_conv2d(x, weights, b, stride, padding), atol=1e-12)


@pytest.mark.parametrize("geometry", random_geometries(25, seed=1))
def test_gradients_match_finite_differences(geometry):
    n, c, h, w, f, k, stride, padding = geometry
    rng = np.random.default_rng(sum(geometry) + 1)
    layer = Conv2D(c, f, k, stride=stride, padding=padding, seed=rng)
    layer.params["b"][:] = rng.standard_normal(f)
    errors = layer_gradient_errors(layer, rng.standard_normal((n, c, h, w)))
    assert max(errors.values()) < 1e-7, (geometry, errors)


def test_chunked_im2col_gives_the_same_numbers(monkeypatch):
    rng = np.random.default_rng(2)
    x, dout_shape = rng.standard_normal((5, 2, 6, 6)), (5, 3, 6, 6)
    layer = Conv2D(2, 3, 3, padding=1, seed=0)
    out = layer.forward(x)
    dout = rng.standard_normal(dout_shape)
    dx = layer.backward(dout)
    grads = {k: g.copy() for k, g in layer.grads.items()}
    monkeypatch.setattr(conv_module, "MAX_COLUMN_BYTES", 2 * 18 * 36 * 8)  # two images a chunk
    assert len(conv_module._batch_chunks(5, 18 * 36 * 8)) == 3
    np.testing.assert_allclose(layer.forward(x), out, atol=1e-13)
    assert layer.cache[-1] is None  # columns were not kept: backward rebuilds them per chunk
    np.testing.assert_allclose(layer.backward(dout), dx, atol=1e-13)
    for k, g in layer.grads.items():
        np.testing.assert_allclose(g, grads[k], atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    layer = Conv2D(2, 4, 3, padding=1, seed=0, dtype=dtype)
    x = np.ones((3, 2, 5, 5), dtype=dtype)
    out = layer.forward(x)
    assert out.dtype == dtype and out.shape == (3, 4, 5, 5)
    assert layer.backward(np.ones_like(out)).dtype == dtype
    assert layer.grads["W"].dtype == dtype and layer.grads["b"].dtype == dtype


def test_params_are_used_in_place_and_he_scaled():
    layer = Conv2D(1, 1, 2, seed=0)
    layer.params["W"][:] = [[[[-2, 2], [2, -2]]]]  # the slides' diagonal filter
    x = np.array([[[[-1.0, 1.0], [1.0, -1.0]]]])
    assert layer.forward(x).item() == 8.0
    big = Conv2D(16, 32, 3, seed=0)
    assert big.params["W"].std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.05)


def test_bad_geometry_says_so():
    x = np.zeros((1, 2, 4, 4))
    with pytest.raises(ValueError, match="kernel 5x5 is larger than the padded input 4x4"):
        conv2d(x, np.zeros((1, 2, 5, 5)))
    with pytest.raises(ValueError, match="stride must be a whole number >= 1, got 0"):
        conv2d(x, np.zeros((1, 2, 3, 3)), stride=0)
    with pytest.raises(ValueError, match="x has 2 channels but the filters expect 3"):
        conv2d(x, np.zeros((1, 3, 3, 3)))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\), got \(4, 4\)"):
        conv2d(np.zeros((4, 4)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="padding must be"):
        conv2d(x, np.zeros((1, 2, 3, 3)), padding=-1)
    with pytest.raises(ValueError, match="square"):
        conv2d(x, np.zeros((1, 2, 3, 2)))
    with pytest.raises(ValueError, match=r"b must have shape \(1,\)"):
        conv2d(x, np.zeros((1, 2, 3, 3)), b=np.zeros(2))
    with pytest.raises(ValueError, match="computes in float32"):
        Conv2D(2, 1, 3, dtype=np.float32).forward(x)
