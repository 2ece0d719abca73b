"""RNN, LSTM, clip_grad_norm, gradient_reach: gradients, a step-by-step reference, dtypes,
errors."""

import numpy as np
import pytest

from helpers.gradcheck import layer_gradient_errors, numerical_gradient, relative_error
from helpers.optim import clip_grad_norm
from helpers.recall import gradient_reach
from helpers.recurrent import LSTM, RNN, rnn_step_backward, rnn_step_forward


def random_layer(layer_type, seed):
    """A layer of random sizes (N, T, D, H in 1..4) with nonzero biases, an input and states."""
    rng = np.random.default_rng(seed)
    n, steps, d, h = rng.integers(1, 5, size=4)
    layer = layer_type(d, h, seed=seed)
    layer.params["b"] += 0.5 * rng.standard_normal(layer.params["b"].shape)
    states = [rng.standard_normal((n, h)) for _ in range(1 if layer_type is RNN else 2)]
    return layer, rng.standard_normal((n, steps, d)), states


def gradient_errors(layer, x, states):
    """Relative errors of backward against finite differences for x, every param and h0 (c0).

    The loss is L = sum(forward(x, *states) * R) with a fixed random R, so dL/dhs = R.
    """
    R = np.random.default_rng(0).standard_normal(layer.forward(x, *states).shape)

    def loss():
        return float(np.sum(layer.forward(x, *states) * R))

    dx = layer.backward(R)
    names = ["h0", "c0"][: len(states)]
    analytic = {
        "x": dx,
        **{k: g.copy() for k, g in layer.grads.items()},
        **{name: getattr(layer, "d" + name) for name in names},
    }
    numeric = {
        "x": numerical_gradient(loss, x),
        **{k: numerical_gradient(loss, p) for k, p in layer.params.items()},
        **{name: numerical_gradient(loss, s) for name, s in zip(names, states, strict=True)},
    }
    return {k: relative_error(analytic[k], numeric[k]) for k in numeric}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("layer_type", [RNN, LSTM])
def test_gradients_including_the_initial_states(layer_type, seed):
    layer, x, states = random_layer(layer_type, seed)
    errors = gradient_errors(layer, x, states)
    expected = {"x", "Wx", "Wh", "b", "h0"} | ({"c0"} if layer_type is LSTM else set())
    assert set(errors) == expected
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
def test_gradients_from_zero_states_with_the_common_checker(layer_type):
    rng = np.random.default_rng(7)
    errors = layer_gradient_errors(layer_type(3, 5, seed=1), rng.standard_normal((4, 6, 3)))
    assert max(errors.values()) < 1e-7, errors


def reference_rnn(x, h0, Wx, Wh, b, dhs):
    """The RNN written the slow, obvious way: every product inside the time loop.

    Returns hs, then dx, dWx, dWh, db, dh0 for the loss sum(hs * dhs).
    """
    n, steps, _ = x.shape
    hs, h = [], h0
    for t in range(steps):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        hs.append(h)
    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(steps)):
        h_prev = hs[t - 1] if t > 0 else h0
        da = (dhs[:, t] + dh_next) * (1 - hs[t] ** 2)
        dWx += x[:, t].T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dx[:, t] = da @ Wx.T
        dh_next = da @ Wh.T
    return np.stack(hs, axis=1), dx, dWx, dWh, db, dh_next


@pytest.mark.parametrize("shape", [(1, 1, 1, 1), (3, 7, 4, 5), (8, 25, 30, 16), (2, 1, 3, 4)])
def test_hoisted_rnn_equals_the_step_by_step_reference(shape):
    n, steps, d, h = shape
    rng = np.random.default_rng(steps)
    layer = RNN(d, h, seed=1)
    layer.params["b"][:] = rng.standard_normal(h)
    x, h0 = rng.standard_normal((n, steps, d)), rng.standard_normal((n, h))
    dhs = rng.standard_normal((n, steps, h))
    hs, dx, dWx, dWh, db, dh0 = reference_rnn(x, h0, *layer.params.values(), dhs)
    np.testing.assert_allclose(layer.forward(x, h0), hs, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(layer.backward(dhs), dx, rtol=1e-12, atol=1e-14)
    for name, expected in {"Wx": dWx, "Wh": dWh, "b": db}.items():
        np.testing.assert_allclose(layer.grads[name], expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(layer.dh0, dh0, rtol=1e-12, atol=1e-14)


def test_lstm_forward_equals_its_equations_step_by_step():
    rng = np.random.default_rng(3)
    n, steps, d, h = 3, 5, 4, 2
    layer = LSTM(d, h, seed=2)
    x, h_t, c_t = (rng.standard_normal(shape) for shape in [(n, steps, d), (n, h), (n, h)])
    out = layer.forward(x, h_t, c_t)
    Wx, Wh, b = layer.params.values()
    for t in range(steps):
        z = x[:, t] @ Wx + h_t @ Wh + b
        i, f, o = (1 / (1 + np.exp(-z[:, k * h : (k + 1) * h])) for k in range(3))
        c_t = f * c_t + i * np.tanh(z[:, 3 * h :])
        h_t = o * np.tanh(c_t)
        np.testing.assert_allclose(out[:, t], h_t, rtol=1e-12)
    np.testing.assert_allclose(layer.final_state[1], c_t, rtol=1e-12)


def test_lstm_forget_gate_starts_open():
    layer = LSTM(3, 4, seed=0)
    assert {k: p.shape for k, p in layer.params.items()} == {
        "Wx": (3, 16),
        "Wh": (4, 16),
        "b": (16,),
    }
    np.testing.assert_array_equal(layer.params["b"], [0] * 4 + [1] * 4 + [0] * 8)
    assert {k: p.shape for k, p in RNN(3, 4).params.items()} == {
        "Wx": (3, 4),
        "Wh": (4, 4),
        "b": (4,),
    }


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
def test_final_state_continues_the_sequences(layer_type):
    rng = np.random.default_rng(0)
    layer, x = layer_type(3, 4, seed=0), rng.standard_normal((2, 9, 3))
    whole = layer.forward(x)
    first = layer.forward(x[:, :4])
    rest = layer.forward(x[:, 4:], *layer.final_state)
    np.testing.assert_allclose(np.concatenate([first, rest], axis=1), whole, rtol=1e-13)


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept_and_inputs_are_not_changed(layer_type, dtype):
    layer = layer_type(5, 3, seed=0, dtype=dtype)
    assert all(p.dtype == dtype for p in layer.params.values())
    for shape in [(4, 6, 5), (1, 1, 5)]:  # one sequence of one step: views would be easy
        x = np.random.default_rng(0).standard_normal(shape).astype(dtype)
        hs = layer.forward(x)
        dhs = np.ones_like(hs)
        dx = layer.backward(dhs)
        assert hs.dtype == dx.dtype == layer.dh0.dtype == dtype
        assert all(g.dtype == dtype for g in layer.grads.values())
        np.testing.assert_array_equal(dhs, 1)  # backward must not work in the caller's array
        hs[:] = 0  # nor may the output be the array backward reads
        np.testing.assert_array_equal(layer.backward(dhs), dx)
    assert layer.forward(np.ones((2, 3, 5), dtype=int)).dtype == dtype


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
def test_grads_are_set_not_added(layer_type):
    layer = layer_type(2, 3, seed=0)
    x = np.random.default_rng(1).standard_normal((2, 4, 2))
    dhs = np.ones_like(layer.forward(x))
    layer.backward(dhs)
    first = {k: g.copy() for k, g in layer.grads.items()}
    layer.backward(dhs)
    for k, g in layer.grads.items():
        np.testing.assert_array_equal(g, first[k])


@pytest.mark.parametrize("layer_type", [RNN, LSTM])
def test_bad_input_names_expected_and_given(layer_type):
    layer = layer_type(4, 3)
    name = layer_type.__name__
    with pytest.raises(
        ValueError,
        match=rf"{name} expects x of shape \(N, T, D\) with T >= 1 "
        r"and D = 4, got \(2, 4\)",
    ):
        layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"D = 4, got \(2, 5, 3\)"):
        layer.forward(np.zeros((2, 5, 3)))
    with pytest.raises(ValueError, match=r"T >= 1 and D = 4, got \(2, 0, 4\)"):
        layer.forward(np.zeros((2, 0, 4)))
    with pytest.raises(ValueError, match=r"h0 of shape \(N, H\) = \(2, 3\), got \(3, 3\)"):
        layer.forward(np.zeros((2, 5, 4)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="computes in float64, got x of dtype float32"):
        layer.forward(np.zeros((2, 5, 4), dtype=np.float32))
    with pytest.raises(ValueError, match="finite"):
        layer.forward(np.full((2, 5, 4), np.nan))
    layer.forward(np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match=r"dout of shape \(2, 5, 3\).*got \(5, 2, 3\)"):
        layer.backward(np.zeros((5, 2, 3)))
    assert repr(layer) == f"{name}(4, 3)"


def test_lstm_checks_c0_too():
    with pytest.raises(ValueError, match=r"c0 of shape \(N, H\) = \(2, 3\), got \(2, 4\)"):
        LSTM(4, 3).forward(np.zeros((2, 5, 4)), None, np.zeros((2, 4)))


def test_clip_grad_norm_scales_all_gradients_together():
    grads = {"W": np.array([[3.0, 0.0], [0.0, 0.0]]), "b": np.array([4.0], dtype=np.float32)}
    assert clip_grad_norm(grads, 1.0) == pytest.approx(5.0, rel=1e-15)  # sqrt(3^2 + 4^2)
    np.testing.assert_allclose(grads["W"], [[0.6, 0], [0, 0]], rtol=1e-15)
    np.testing.assert_allclose(grads["b"], [0.8], rtol=1e-7)
    assert grads["b"].dtype == np.float32
    assert clip_grad_norm(grads, 1.0) == pytest.approx(1.0, rel=1e-7)
    small = {"W": np.array([0.3, -0.4])}
    assert clip_grad_norm(small, 1.0) == pytest.approx(0.5)
    np.testing.assert_array_equal(small["W"], [0.3, -0.4])  # under the limit: untouched
    huge = {"W": np.full(4, 1e30, dtype=np.float32)}  # squares overflow float32, not float64
    assert clip_grad_norm(huge, 2.0) == pytest.approx(2e30, rel=1e-6)
    np.testing.assert_allclose(huge["W"], 1.0, rtol=1e-6)
    with pytest.raises(ValueError, match="max_norm must be a number > 0, got 0"):
        clip_grad_norm(grads, 0)


def test_clip_grad_norm_clips_a_layers_own_grads_in_place():
    layer = RNN(2, 3, seed=0)
    layer.backward(100 * np.ones_like(layer.forward(np.ones((4, 5, 2)))))
    norm = clip_grad_norm(layer.grads, 1.0)
    assert norm > 1
    total = np.sqrt(sum(np.sum(g**2) for g in layer.grads.values()))
    assert total == pytest.approx(1.0, rel=1e-12)


def test_gradient_reach_fades_faster_in_the_rnn_than_in_the_lstm():
    x = np.random.default_rng(0).standard_normal((32, 60, 4))
    rnn = gradient_reach(RNN(4, 32, seed=0), x)
    lstm = gradient_reach(LSTM(4, 32, seed=0), x)
    assert rnn.shape == lstm.shape == (60,) and rnn.dtype == np.float64
    # k steps back, relative to the last step
    rnn_kept, lstm_kept = rnn[40] / rnn[0], lstm[40] / lstm[0]
    assert rnn_kept < 0.01 and lstm_kept > 10 * rnn_kept, (rnn_kept, lstm_kept)
    assert rnn[0] > rnn[10] > rnn[20] > rnn[40]
    same = gradient_reach(RNN(4, 32, seed=0, dtype=np.float32), x)
    np.testing.assert_allclose(same, rnn, rtol=1e-4)  # x is cast to the layer's dtype


def test_one_step_forward_and_backward_are_the_slides_formula():
    """rnn_step_forward is h = tanh(x Wx + h_prev Wh + b), RNN runs it once per step, and
    rnn_step_backward's five gradients agree with finite differences."""
    rng = np.random.default_rng(3)
    x, h_prev = rng.standard_normal((3, 4)), np.tanh(rng.standard_normal((3, 5)))
    Wx, Wh, b = rng.standard_normal((4, 5)), rng.standard_normal((5, 5)), rng.standard_normal(5)
    h = rnn_step_forward(x, h_prev, Wx, Wh, b)
    np.testing.assert_allclose(h, np.tanh(x @ Wx + h_prev @ Wh + b), rtol=1e-15)
    layer = RNN(4, 5)
    layer.params["Wx"][...], layer.params["Wh"][...], layer.params["b"][...] = Wx, Wh, b
    np.testing.assert_allclose(layer.forward(x[:, None], h_prev)[:, 0], h, rtol=1e-15)
    dh = rng.standard_normal(h.shape)
    analytic = rnn_step_backward(x, h_prev, Wx, Wh, b, dh)  # h recomputed
    kept = rnn_step_backward(x, h_prev, Wx, Wh, b, dh, h=h)  # h from forward
    for a, k in zip(analytic, kept, strict=True):
        np.testing.assert_array_equal(a, k)
    inputs = (x, h_prev, Wx, Wh, b)
    for array, gradient in zip(inputs, analytic, strict=True):

        def loss():
            return float(np.sum(rnn_step_forward(*inputs) * dh))

        assert relative_error(gradient, numerical_gradient(loss, array)) < 1e-8
