"""sigmoid, tanh, relu, softmax: values, stability at extreme inputs, dtypes, bad input."""

import numpy as np
import pytest

import helpers

X = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])


def test_values_match_their_definitions():
    np.testing.assert_allclose(helpers.sigmoid(X), 1 / (1 + np.exp(-X)), rtol=1e-15)
    np.testing.assert_allclose(
        helpers.tanh(X), (np.exp(X) - np.exp(-X)) / (np.exp(X) + np.exp(-X)), rtol=1e-14
    )
    np.testing.assert_array_equal(helpers.relu(X), [0, 0, 0, 0.25, 2.0])
    e = np.exp(X)
    np.testing.assert_allclose(helpers.softmax(X), e / e.sum(), rtol=1e-14)


def test_sigmoid_half_at_zero_and_symmetric():
    assert helpers.sigmoid(0.0) == 0.5
    z = np.linspace(-40, 40, 801)
    np.testing.assert_allclose(helpers.sigmoid(z) + helpers.sigmoid(-z), 1.0, rtol=1e-15)


def test_extreme_inputs_give_exact_limits_without_warnings():
    # pytest turns every warning into an error (pyproject), so an overflow would fail here
    np.testing.assert_array_equal(helpers.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
    big = np.finfo(np.float64).max
    np.testing.assert_array_equal(helpers.sigmoid([-big, big]), [0.0, 1.0])
    np.testing.assert_array_equal(helpers.tanh([-1000.0, 1000.0]), [-1.0, 1.0])
    np.testing.assert_array_equal(helpers.softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])
    np.testing.assert_allclose(helpers.softmax([1e300, 1e300]), [0.5, 0.5])
    s32 = helpers.sigmoid(np.array([-1000, 1000], dtype=np.float32))
    assert s32.dtype == np.float32 and s32.tolist() == [0.0, 1.0]


def test_softmax_rows_sum_to_one_along_the_axis():
    rng = np.random.default_rng(0)
    logits = 50 * rng.standard_normal((4, 7, 3))
    for axis in (0, 1, -1):
        s = helpers.softmax(logits, axis=axis)
        assert s.shape == logits.shape
        np.testing.assert_allclose(s.sum(axis=axis), 1.0, rtol=1e-12)
        assert np.all(s >= 0)
    # adding a constant along the axis changes nothing
    np.testing.assert_allclose(helpers.softmax(logits + 123.0), helpers.softmax(logits), atol=1e-15)


@pytest.mark.parametrize("f", [helpers.sigmoid, helpers.tanh, helpers.relu, helpers.softmax])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(f, dtype):
    assert f(X.astype(dtype)).dtype == dtype


@pytest.mark.parametrize("f", [helpers.sigmoid, helpers.tanh, helpers.relu, helpers.softmax])
def test_integers_become_float64_and_nan_is_refused(f):
    assert f(np.array([1, 2, 3])).dtype == np.float64
    with pytest.raises(ValueError, match="finite"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="numbers"):
        f(np.array(["a", "b"]))
