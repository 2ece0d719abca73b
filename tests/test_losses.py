"""binary_cross_entropy (value, gradient, finite at 0 and 1, errors), its fused form on
logits, and the masked loss of sequences, sequence_cross_entropy."""

import numpy as np
import pytest

import helpers
from helpers.gradcheck import numerical_gradient, relative_error
from helpers.losses import PADDING, sequence_cross_entropy, softmax_cross_entropy


def test_value_is_the_mean_cross_entropy():
    p, t = np.array([0.9, 0.2, 0.6]), np.array([1, 0, 0])
    expected = -np.mean([np.log(0.9), np.log(0.8), np.log(0.4)])
    loss, _ = helpers.binary_cross_entropy(p, t)
    assert loss == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2)])
def test_gradient_matches_finite_differences(shape):
    rng = np.random.default_rng(len(shape))
    p = rng.uniform(0.05, 0.95, shape)
    t = (rng.random(shape) < 0.5).astype(float)
    _, dp = helpers.binary_cross_entropy(p, t)
    numeric = numerical_gradient(lambda: helpers.binary_cross_entropy(p, t)[0], p)
    assert dp.shape == shape
    assert relative_error(dp, numeric) < 1e-7


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finite_at_probabilities_0_and_1(dtype):
    p = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype)
    t = np.array([0, 1, 1, 0])
    loss, dp = helpers.binary_cross_entropy(p, t)
    assert np.isfinite(loss) and np.all(np.isfinite(dp))
    assert dp.dtype == dtype
    # confident and right costs ~0, confident and wrong costs a lot
    right, _ = helpers.binary_cross_entropy(p[:2], t[:2])
    wrong, _ = helpers.binary_cross_entropy(p[2:], t[2:])
    assert right < 1e-6 and wrong > 15


def test_bad_input():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        helpers.binary_cross_entropy([0.5, 0.5], [0, 1, 1])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        helpers.binary_cross_entropy([1.5], [1])
    with pytest.raises(ValueError, match="labels 0 or 1"):
        helpers.binary_cross_entropy([0.5], [0.5])
    with pytest.raises(ValueError, match="finite"):
        helpers.binary_cross_entropy([np.nan], [1])


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2)])
def test_on_logits_it_is_the_two_step_loss_with_the_right_gradient(shape):
    rng = np.random.default_rng(len(shape))
    z = 3 * rng.standard_normal(shape)
    t = (rng.random(shape) < 0.5).astype(float)
    loss, dz = helpers.binary_cross_entropy_with_logits(z, t)
    two_step, _ = helpers.binary_cross_entropy(helpers.sigmoid(z), t)
    assert loss == pytest.approx(two_step, rel=1e-12)
    numeric = numerical_gradient(lambda: helpers.binary_cross_entropy_with_logits(z, t)[0], z)
    assert dz.shape == shape
    assert relative_error(dz, numeric) < 1e-7


@pytest.mark.parametrize(("dtype", "z"), [(np.float64, 40.0), (np.float32, 20.0)])
def test_a_confidently_wrong_logit_still_gets_the_full_gradient(dtype, z):
    # sigma(z) rounds to 1 for a target of 0: in two steps the gradient at z is exactly 0,
    # fused it is sigma(z) - t = 1 (the mean over one example)
    logits, target = np.array([z], dtype=dtype), np.array([0.0])
    layer = helpers.Sigmoid()
    _, dp = helpers.binary_cross_entropy(layer.forward(logits), target)
    np.testing.assert_array_equal(layer.backward(dp), [0.0])
    loss, dz = helpers.binary_cross_entropy_with_logits(logits, target)
    np.testing.assert_allclose(dz, [1.0], rtol=1e-6)
    assert dz.dtype == dtype
    assert loss == pytest.approx(z, rel=1e-6)  # log(1 + e^z) - 0 = z, with no overflow


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_on_logits_is_finite_near_the_top_of_the_float_range(dtype):
    big = np.finfo(dtype).max / 2
    loss, dz = helpers.binary_cross_entropy_with_logits(np.array([big, -big], dtype), [1, 0])
    assert loss == 0.0 and np.all(dz == 0)


def test_on_logits_refuses_bad_input():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        helpers.binary_cross_entropy_with_logits([0.5, 0.5], [0, 1, 1])
    with pytest.raises(ValueError, match="labels 0 or 1"):
        helpers.binary_cross_entropy_with_logits([0.5], [0.5])
    with pytest.raises(ValueError, match="finite"):
        helpers.binary_cross_entropy_with_logits([np.inf], [1])


def test_sequence_cross_entropy_leaves_padding_out_and_has_the_right_gradient():
    rng = np.random.default_rng(3)
    logits = rng.standard_normal((3, 4, 5))
    targets = rng.integers(0, 5, (3, 4))
    targets[0, 2:] = targets[2, 1:] = PADDING
    loss, dlogits = sequence_cross_entropy(logits, targets)
    keep = targets != PADDING
    expected, _ = softmax_cross_entropy(logits[keep], targets[keep])  # the real positions only
    assert loss == pytest.approx(expected, rel=1e-14)
    np.testing.assert_array_equal(dlogits[~keep], 0)
    numeric = numerical_gradient(lambda: sequence_cross_entropy(logits, targets)[0], logits)
    assert relative_error(dlogits, numeric) < 1e-8


def test_sequence_cross_entropy_refuses_what_means_nothing():
    logits = np.zeros((2, 3, 4))
    with pytest.raises(ValueError, match=r"targets must be integers of shape \(2, 3\)"):
        sequence_cross_entropy(logits, np.zeros((2, 4), dtype=int))
    with pytest.raises(ValueError, match="only padding"):
        sequence_cross_entropy(logits, np.full((2, 3), PADDING))
    with pytest.raises(ValueError, match=r"logits must have shape \(N, T, V\)"):
        sequence_cross_entropy(np.zeros((2, 3)), np.zeros(2, dtype=int))
