"""mse_loss and softmax_cross_entropy: values, gradients, stability, errors."""

import numpy as np
import pytest

from helpers.gradcheck import numerical_gradient, relative_error
from helpers.losses import mse_loss, softmax_cross_entropy


@pytest.mark.parametrize("shape", [(3,), (4, 5), (2, 3, 4)])
def test_mse_value_and_gradient(shape):
    rng = np.random.default_rng(len(shape))
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    loss, dpred = mse_loss(pred, target)
    assert loss == pytest.approx(np.sum((pred - target) ** 2) / pred.size, rel=1e-14)
    numeric = numerical_gradient(lambda: mse_loss(pred, target)[0], pred)
    assert relative_error(dpred, numeric) < 1e-7


@pytest.mark.parametrize("n, k", [(1, 2), (5, 3), (8, 10)])
def test_softmax_cross_entropy_value_and_gradient(n, k):
    rng = np.random.default_rng(n * k)
    logits, labels = 3 * rng.standard_normal((n, k)), rng.integers(0, k, n)
    loss, dlogits = softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(n), labels])), rel=1e-12)
    numeric = numerical_gradient(lambda: softmax_cross_entropy(logits, labels)[0], logits)
    assert relative_error(dlogits, numeric) < 1e-7
    np.testing.assert_allclose(dlogits.sum(axis=1), 0, atol=1e-15)  # softmax sums to one


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    loss, dlogits = softmax_cross_entropy(np.array([[1000.0, -1000.0], [0.0, 2000.0]]), [0, 0])
    assert loss == pytest.approx(1000.0) and np.all(np.isfinite(dlogits))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_losses_keep_the_dtype(dtype):
    x = np.ones((2, 3), dtype=dtype)
    assert mse_loss(x, np.zeros((2, 3)))[1].dtype == dtype
    assert softmax_cross_entropy(x, np.array([0, 2]))[1].dtype == dtype


def test_bad_input():
    with pytest.raises(ValueError, match=r"labels must lie in 0..2 for 3 classes, got .* 0 to 3"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"integers of shape \(2,\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"shape \(N, K\)"):
        softmax_cross_entropy(np.zeros(3), np.array([0]))
    with pytest.raises(ValueError, match="same shape"):
        mse_loss(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="finite"):
        mse_loss(np.array([np.nan]), np.array([0.0]))
