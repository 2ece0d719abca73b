"""LogisticRegression: its gradient, its training, its replay history, its errors.

The reference for the fitted weights is Newton's method (iteratively reweighted least
squares), written out here independently of the helpers' gradient descent.
"""

import numpy as np
import pytest

import helpers
from helpers.gradcheck import numerical_gradient, relative_error
from helpers.grid import grid_features, is_diagonal


def noisy_data(n=200, d=3, seed=0):
    """Labels drawn from a logistic model: not separable, so the best weights are finite."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    true_w, true_b = np.array([1.5, -2.0, 0.5])[:d], 0.3
    y = (rng.random(n) < helpers.sigmoid(X @ true_w + true_b)).astype(int)
    return X, y


def newton_fit(X, y, iterations=50):
    """Maximum likelihood weights and bias by Newton's method, the reference."""
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.zeros(A.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-A @ theta))
        hessian = A.T @ (A * (p * (1 - p))[:, None])
        theta -= np.linalg.solve(hessian, A.T @ (p - y))
    return theta[:-1], theta[-1]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("fit_bias", [True, False])
def test_gradient_matches_centred_finite_differences(seed, fit_bias):
    rng = np.random.default_rng(seed)
    X, y = noisy_data(n=30, d=3, seed=seed)
    model = helpers.LogisticRegression(fit_bias=fit_bias).fit(X, y)  # to set shapes
    weights, bias = rng.standard_normal(3), np.array([rng.standard_normal()])
    loss, dweights, dbias = model.loss_and_gradients(X, y, weights=weights, bias=bias[0])

    def f():
        return model.loss_and_gradients(X, y, weights=weights, bias=bias[0])[0]

    assert relative_error(dweights, numerical_gradient(f, weights)) < 1e-6
    expected_dbias = numerical_gradient(f, bias)[0] if fit_bias else 0.0
    assert abs(dbias - expected_dbias) <= 1e-6 * max(1e-3, abs(expected_dbias))
    # the loss is the cross-entropy of sigma(z), as helpers.binary_cross_entropy computes it
    bce, _ = helpers.binary_cross_entropy(helpers.sigmoid(X @ weights + bias[0]), y)
    assert loss == pytest.approx(bce, rel=1e-12)


def test_gradient_descent_reaches_the_newton_reference():
    X, y = noisy_data()
    model = helpers.LogisticRegression(learning_rate=2.0, epochs=3000, seed=0).fit(X, y)
    weights, bias = newton_fit(X, y)
    np.testing.assert_allclose(model.weights, weights, rtol=1e-6)
    assert model.bias == pytest.approx(bias, rel=1e-6)
    _, dweights, dbias = model.loss_and_gradients(X, y)
    assert np.abs(dweights).max() < 1e-8 and abs(dbias) < 1e-8


def test_learns_the_diagonal_on_the_16_patterns():
    patterns = helpers.all_patterns()
    X, y = grid_features(patterns), is_diagonal(patterns)
    model = helpers.LogisticRegression(learning_rate=1.0, epochs=300, seed=506).fit(X, y)
    assert model.predict(X).tolist() == y.tolist()
    p = model.predict_proba(X)
    assert p[6] > 0.8 and np.delete(p, 6).max() < 0.1
    np.testing.assert_array_equal(np.sign(model.weights), [-1, 1, 1, -1])  # the page's signs
    assert model.loss_history[-1] < 0.05 < 0.69 < model.loss_history[0]


def test_history_replays_every_gradient_step():
    X, y = noisy_data(n=50)
    model = helpers.LogisticRegression(learning_rate=0.3, epochs=25, seed=3).fit(X, y)
    assert model.loss_history.shape == (26,)
    assert model.weight_history.shape == (26, 3) and model.bias_history.shape == (26,)
    for k in range(25):
        loss, dweights, dbias = model.loss_and_gradients(
            X, y, weights=model.weight_history[k], bias=model.bias_history[k]
        )
        assert loss == model.loss_history[k]
        np.testing.assert_allclose(
            model.weight_history[k + 1], model.weight_history[k] - 0.3 * dweights, rtol=1e-15
        )
        assert model.bias_history[k + 1] == pytest.approx(model.bias_history[k] - 0.3 * dbias)
    np.testing.assert_array_equal(model.weight_history[-1], model.weights)
    assert np.all(np.diff(model.loss_history) < 0)  # small steps on a convex loss: always down


def test_same_seed_same_model_and_no_bias_means_zero_bias():
    X, y = noisy_data()
    a = helpers.LogisticRegression(epochs=40, seed=7).fit(X, y)
    b = helpers.LogisticRegression(epochs=40, seed=7).fit(X, y)
    c = helpers.LogisticRegression(epochs=40, seed=8).fit(X, y)
    np.testing.assert_array_equal(a.weight_history, b.weight_history)
    assert not np.array_equal(a.weight_history[0], c.weight_history[0])
    no_bias = helpers.LogisticRegression(epochs=40, fit_bias=False).fit(X, y)
    assert no_bias.bias == 0.0 and np.all(no_bias.bias_history == 0.0)


def test_probabilities_stay_exact_for_huge_logits():
    model = helpers.LogisticRegression(epochs=0).fit(np.zeros((2, 1)), [0, 1])
    model.weights = np.array([1.0])
    np.testing.assert_array_equal(model.predict_proba([[-1000.0], [1000.0]]), [0.0, 1.0])
    loss, _, _ = model.loss_and_gradients(np.array([[-1000.0], [1000.0]]), [1, 0])
    assert loss == pytest.approx(1000.0)


def test_bad_input_says_what_was_expected_and_given():
    model = helpers.LogisticRegression()
    with pytest.raises(ValueError, match=r"shape \(n, d\), got shape \(4,\)"):
        model.fit(np.zeros(4), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="finite"):
        model.fit([[0.0], [np.nan]], [0, 1])
    with pytest.raises(ValueError, match=r"labels 0 or 1, got \[2.0\]"):
        model.fit(np.zeros((3, 2)), [0, 1, 2])
    with pytest.raises(ValueError, match=r"y must have shape \(3,\).*got \(2,\)"):
        model.fit(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="not fitted"):
        model.predict(np.zeros((3, 2)))
    model.fit(np.zeros((3, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match=r"shape \(n, 2\).*got \(3, 5\)"):
        model.predict_proba(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="learning_rate"):
        helpers.LogisticRegression(learning_rate=0)
    with pytest.raises(ValueError, match="epochs"):
        helpers.LogisticRegression(epochs=2.5)
