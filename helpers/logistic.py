"""Logistic regression (pages 14-15): P(y = 1 | x) = sigma(x . w + b), learned by gradient descent.

The loss is the binary cross-entropy averaged over the n examples. Written with the logit
z = x . w + b it is  mean(log(1 + e^z) - y z),  and its gradient is short:

    dL/dz = (sigma(z) - y) / n,     dL/dw = x^T dL/dz,     dL/db = sum(dL/dz)
"""

import numpy as np

from .activations import sigmoid
from .validation import (
    as_float_array,
    check_binary_labels,
    check_ndim,
    check_positive,
    check_whole,
)


def logistic_gradient(X, y, w, b):
    """The gradient of the mean cross-entropy of sigma(X w + b) against y, at (w, b).

    X (n, d), y (n,) of 0/1, w (d,), b a number -> (dL/dw (d,), dL/db a float).
    """
    dz = (sigmoid(X @ w + b) - y) / len(y)  # dL/dz: the loss is a mean over the n examples
    return X.T @ dz, float(np.sum(dz))


class LogisticRegression:
    """One neuron with a sigmoid, trained by batch gradient descent on the cross-entropy.

    learning_rate: step size of gradient descent.
    epochs: number of steps; each step uses the whole training set.
    seed: int or np.random.Generator for the small random initial weights.
    fit_bias: False pins b at 0, a neuron without bias (its boundary passes through 0).

    After fit: `weights` (d,), `bias` (float), and the replay of training:
    `loss_history` (epochs + 1,) the loss before each step and after the last,
    `weight_history` (epochs + 1, d) and `bias_history` (epochs + 1,) likewise.
    """

    def __init__(self, learning_rate=0.5, epochs=200, seed=0, fit_bias=True):
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        self.epochs = check_whole(epochs, "epochs", 0)
        self.seed = seed
        self.fit_bias = fit_bias
        self.weights = None
        self.bias = 0.0

    def _check_X(self, X):
        X = as_float_array(X, "X")
        check_ndim(X, 2, "X", "(n, d)")
        if self.weights is not None and X.shape[1] != self.weights.shape[0]:
            raise ValueError(
                f"X must have shape (n, {self.weights.shape[0]}) like the training data, "
                f"got {X.shape}"
            )
        return X

    def _check_data(self, X, y):
        X = self._check_X(X)
        y = check_binary_labels(y)
        if y.shape != (X.shape[0],):
            raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {y.shape}")
        return X, y

    def decision_function(self, X):
        """The logit z = X @ w + b: X (n, d) -> (n,). sigma(z) > 1/2 exactly when z > 0."""
        if self.weights is None:
            raise ValueError("this LogisticRegression is not fitted yet: call fit(X, y) first")
        return self._check_X(X) @ self.weights + self.bias

    def predict_proba(self, X):
        """P(y = 1 | x) for every row: X (n, d) -> (n,)."""
        return sigmoid(self.decision_function(X))

    def predict(self, X):
        """Labels 0/1 (n,): 1 where P(y = 1 | x) > 1/2."""
        return (self.decision_function(X) > 0).astype(int)

    def loss_and_gradients(self, X, y, weights=None, bias=None):
        """Cross-entropy and its gradients at (weights, bias), by default the current ones.

        X (n, d), y (n,) of 0/1 -> (loss, dL/dweights (d,), dL/dbias).
        """
        X, y = self._check_data(X, y)
        weights = self.weights if weights is None else weights
        bias = self.bias if bias is None else bias
        z = X @ weights + bias
        # log(1 + e^z) written as logaddexp(0, z): no overflow for large |z|
        loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
        dweights, dbias = logistic_gradient(X, y, weights, bias)
        return loss, dweights, dbias if self.fit_bias else 0.0

    def fit(self, X, y):
        """Learn weights and bias by `epochs` steps of batch gradient descent; returns self."""
        self.weights = None  # refitting on data of another width is allowed
        X, y = self._check_data(X, y)
        rng = np.random.default_rng(self.seed)
        self.weights = 0.01 * rng.standard_normal(X.shape[1])  # small: start near sigma = 1/2
        self.bias = 0.0
        losses, weights, biases = [], [], []
        for _ in range(self.epochs + 1):
            loss, dweights, dbias = self.loss_and_gradients(X, y)
            losses.append(loss)
            weights.append(self.weights.copy())
            biases.append(self.bias)
            if len(losses) <= self.epochs:  # the last pass only records the final loss
                self.weights = self.weights - self.learning_rate * dweights
                self.bias = self.bias - self.learning_rate * dbias
        self.loss_history = np.array(losses)
        self.weight_history = np.array(weights)
        self.bias_history = np.array(biases)
        return self
