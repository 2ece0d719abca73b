"""Autoencoders: the linear one against the SVD (the claim of notebook 02), the non-linear
one, the SVD helpers, and XOR with a hidden layer."""

import numpy as np
import pytest

import helpers
from helpers.autoencoder import (
    digit_autoencoder,
    linear_autoencoder,
    pca_reconstruction,
    reconstruction_errors,
    svd_basis,
    svd_reconstruction,
)
from helpers.data import load_digits
from helpers.losses import binary_cross_entropy_with_logits, mse_loss
from helpers.metrics import nearest_centre_rates
from helpers.optim import Adam
from helpers.training import train
from helpers.xor import XOR_X, XOR_Y, xor_network


@pytest.fixture(scope="module")
def digits():
    images, labels = load_digits()
    return images.reshape(-1, 64), labels


def test_linear_autoencoder_reaches_the_svd_error_for_k_1_to_8(digits):
    A = digits[0][:1000]
    for k in range(1, 9):
        ae = linear_autoencoder(64, k, seed=k)
        train(ae, mse_loss, (A, A), Adam(ae.params, 0.01), epochs=150, seed=k)
        train(ae, mse_loss, (A, A), Adam(ae.params, 0.001), epochs=50, batch_size=256, seed=k)
        ae_error = np.mean((ae.forward(A) - A) ** 2)
        svd_error = np.mean((svd_reconstruction(A, k) - A) ** 2)
        assert svd_error * (1 - 1e-5) <= ae_error <= 1.05 * svd_error, (k, ae_error, svd_error)


def test_svd_reconstruction_is_the_truncated_svd():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((30, 6))
    U, S, Vt = np.linalg.svd(A, full_matrices=False)
    for k in range(7):
        np.testing.assert_allclose(
            svd_reconstruction(A, k), (U[:, :k] * S[:k]) @ Vt[:k], atol=1e-12
        )
        # Eckart-Young: the squared error is what the dropped singular values hold
        assert np.sum((svd_reconstruction(A, k) - A) ** 2) == pytest.approx(np.sum(S[k:] ** 2))
    V = svd_basis(A, 3)
    np.testing.assert_allclose(V.T @ V, np.eye(3), atol=1e-12)
    B = rng.standard_normal((5, 6))
    np.testing.assert_allclose(svd_reconstruction(B, 3, basis_of=A), B @ V @ V.T, atol=1e-12)
    with pytest.raises(ValueError, match=r"k must be between 0 and 6 .* got 7"):
        svd_basis(A, 7)


def test_nonlinear_autoencoder_beats_the_svd_on_test_digits(digits):
    A = digits[0]
    A_train, A_test = A[:1500], A[1500:]
    ae = digit_autoencoder(k=2, seed=0)
    assert ae.encode(A_test).shape == (297, 2)
    assert ae.decode(np.zeros((3, 2), np.float64)).shape == (3, 64)
    train(ae, mse_loss, (A_train, A_train), Adam(ae.params, 3e-3), epochs=60, seed=0)
    ae_error = reconstruction_errors(A_test, ae.forward(A_test)).mean()
    svd_error = np.mean((svd_reconstruction(A_test, 2, basis_of=A_train) - A_test) ** 2)
    assert ae_error < 0.8 * svd_error
    out = ae.forward(A_test)
    assert out.dtype == np.float64 and out.min() >= 0 and out.max() <= 1


def test_pca_is_the_svd_of_the_centred_data_and_never_worse_than_it():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((30, 6)) + 5.0  # far from the origin: centring matters
    for k in range(0, 7):
        rebuilt = pca_reconstruction(A, k)
        mean = A.mean(axis=0)
        U, S, Vt = np.linalg.svd(A - mean, full_matrices=False)
        np.testing.assert_allclose(rebuilt, mean + U[:, :k] * S[:k] @ Vt[:k], atol=1e-12)
        # a rank-k map plus a shift can do at least as well as a rank-k map alone
        assert np.mean((rebuilt - A) ** 2) <= np.mean((svd_reconstruction(A, k) - A) ** 2)
    np.testing.assert_allclose(pca_reconstruction(A, 0), np.tile(A.mean(axis=0), (30, 1)))
    B = rng.standard_normal((5, 6))  # fitted on A, applied to B
    V = np.linalg.svd(A - A.mean(axis=0))[2][:2].T
    expected = A.mean(axis=0) + (B - A.mean(axis=0)) @ V @ V.T
    np.testing.assert_allclose(pca_reconstruction(B, 2, basis_of=A), expected, atol=1e-12)


def test_nearest_centre_rates_count_each_class_separately():
    codes = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0], [0.2, 0.0]])
    rates = nearest_centre_rates(codes, np.array([0, 0, 1, 1, 1]))
    np.testing.assert_allclose(rates, [1.0, 2 / 3])  # the third 1 sits among the 0s
    with pytest.raises(ValueError, match=r"every class present, got the classes \[0, 2\]"):
        nearest_centre_rates(codes, np.array([0, 0, 2, 2, 2]))
    with pytest.raises(ValueError, match=r"labels must be integers of shape \(5,\)"):
        nearest_centre_rates(codes, np.zeros(4, int))


def test_reconstruction_errors_per_example():
    a = np.zeros((2, 2, 2))
    b = np.stack([np.ones((2, 2)), 2 * np.ones((2, 2))])
    np.testing.assert_array_equal(reconstruction_errors(a, b), [1.0, 4.0])


def test_xor_needs_a_hidden_layer():
    one = helpers.LogisticRegression(learning_rate=1.0, epochs=2000).fit(XOR_X, XOR_Y[:, 0])
    np.testing.assert_allclose(one.predict_proba(XOR_X), 0.5, atol=1e-3)  # a coin toss
    net = xor_network(hidden=2, seed=0)
    train(
        net,
        binary_cross_entropy_with_logits,
        (XOR_X, XOR_Y),
        Adam(net.params, 0.1),
        epochs=500,
        batch_size=4,
        seed=506,
    )
    np.testing.assert_array_equal(net.forward(XOR_X) > 0, XOR_Y == 1)  # σ(z) > 1/2
    # the output layer's gradient is logistic regression's, on the hidden features
    H = net.layers[1].forward(net.layers[0].forward(XOR_X))
    p = helpers.sigmoid(net.forward(XOR_X))
    _, dz = binary_cross_entropy_with_logits(net.forward(XOR_X), XOR_Y)
    net.backward(dz)
    np.testing.assert_allclose(net.grads["2.W"], H.T @ (p - XOR_Y) / 4, rtol=1e-6, atol=1e-12)
