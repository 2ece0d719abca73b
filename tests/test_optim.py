"""SGD and Adam against steps computed by hand, and updates made in place."""

import numpy as np
import pytest

from helpers.optim import SGD, Adam


def test_sgd_plain_step():
    p = {"w": np.array([1.0, -2.0])}
    SGD(p, learning_rate=0.1).step({"w": np.array([0.5, -1.0])})
    np.testing.assert_allclose(p["w"], [0.95, -1.9])


def test_sgd_momentum_steps_by_hand():
    w = np.array([1.0])
    opt = SGD({"w": w}, learning_rate=0.1, momentum=0.9)
    opt.step({"w": np.array([1.0])})  # v = -0.1          w = 0.9
    opt.step({"w": np.array([1.0])})  # v = -0.09 - 0.1   w = 0.71
    opt.step({"w": np.array([-2.0])})  # v = -0.171 + 0.2  w = 0.739
    np.testing.assert_allclose(w, [0.739], rtol=1e-14)


def test_adam_steps_by_hand():
    w = np.array([1.0])
    opt = Adam({"w": w}, learning_rate=0.1)
    # step 1, g = 0.5: m = 0.05, v = 0.00025; m_hat = 0.5, v_hat = 0.25
    # w = 1 - 0.1 * 0.5 / (0.5 + 1e-8)
    opt.step({"w": np.array([0.5])})
    assert w[0] == pytest.approx(1 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-12)
    # step 2, g = -1: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975
    # m_hat = -0.055 / 0.19, v_hat = 0.00124975 / 0.001999
    opt.step({"w": np.array([-1.0])})
    m_hat, v_hat = -0.055 / 0.19, 0.00124975 / (1 - 0.999**2)
    expected = 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * m_hat / (np.sqrt(v_hat) + 1e-8)
    assert w[0] == pytest.approx(expected, rel=1e-12)
    assert w[0] == pytest.approx(0.93661, abs=1e-5)


def test_adam_matches_the_textbook_loop_over_many_steps():
    rng = np.random.default_rng(0)
    w = rng.standard_normal(5)
    w_ref, m, v = w.copy(), np.zeros(5), np.zeros(5)
    opt = Adam({"w": w}, learning_rate=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    for t in range(1, 51):
        g = rng.standard_normal(5)
        opt.step({"w": g})
        m = 0.8 * m + 0.2 * g
        v = 0.99 * v + 0.01 * g * g
        w_ref -= 0.01 * (m / (1 - 0.8**t)) / (np.sqrt(v / (1 - 0.99**t)) + 1e-6)
    np.testing.assert_allclose(w, w_ref, rtol=1e-12)


@pytest.mark.parametrize("make", [lambda p: SGD(p, 0.1, momentum=0.5), lambda p: Adam(p, 0.1)])
def test_updates_in_place_and_keep_float32(make):
    w = np.ones(3, dtype=np.float32)
    params = {"w": w}
    make(params).step({"w": np.full(3, 0.5, dtype=np.float32)})
    assert params["w"] is w and w.dtype == np.float32 and np.all(w < 1)


def test_bad_settings():
    with pytest.raises(ValueError, match="learning_rate"):
        SGD({}, learning_rate=-1)
    with pytest.raises(ValueError, match="momentum"):
        SGD({}, momentum=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        Adam({}, learning_rate=0)
