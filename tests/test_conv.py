"""conv2d / Conv2D against conv2d_loops (the slide's loops), gradient checks over many
geometries, and the errors."""

import numpy as np
import pytest

from helpers.conv import Conv2D, conv2d, conv2d_loops
from helpers.gradcheck import layer_gradient_errors
from helpers.windows import output_size


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
def test_forward_equals_the_loops_of_the_slides(geometry):
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
    np.testing.assert_allclose(out, conv2d_loops(x, weights, b, stride, padding), atol=1e-12)


@pytest.mark.parametrize("geometry", random_geometries(25, seed=1))
def test_gradients_match_finite_differences(geometry):
    n, c, h, w, f, k, stride, padding = geometry
    rng = np.random.default_rng(sum(geometry) + 1)
    layer = Conv2D(c, f, k, stride=stride, padding=padding, seed=rng)
    layer.params["b"][:] = rng.standard_normal(f)
    errors = layer_gradient_errors(layer, rng.standard_normal((n, c, h, w)))
    assert max(errors.values()) < 1e-7, (geometry, errors)


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
    assert conv2d_loops(x, layer.params["W"]).item() == 8.0
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
