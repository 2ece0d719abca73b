"""Autoencoders (page 2): inputs squeezed through a bottleneck of k neurons and back out.

The encoder maps x (n features) to a code of k numbers, the decoder maps the code back to
n numbers, and training asks the output to equal the input. With no activations the whole
network is a rank-k linear map, so the best it can do is the truncated SVD: A -> A(k).
"""

import numpy as np

from .layers import Dense, ReLU, Sequential, Sigmoid
from .validation import (
    as_float_array,
    check_examples,
    check_ndim,
    check_same_shape,
    check_whole,
    random_generator,
)


class Autoencoder(Sequential):
    """Sequential(encoder, decoder), with both halves at hand for codes and decoding.

    encode(x) (N, n) -> codes (N, k); decode(codes) (N, k) -> (N, n); forward = decode(encode).
    """

    def __init__(self, encoder, decoder):
        super().__init__(encoder, decoder)
        self.encoder, self.decoder = encoder, decoder

    def encode(self, x):
        return self.encoder.forward(x)

    def decode(self, codes):
        return self.decoder.forward(codes)


def linear_autoencoder(n_features, k, seed=0, dtype=np.float64):
    """Two Dense layers without bias or activation: x -> x W1 -> x W1 W2, rank at most k."""
    rng = random_generator(seed)
    return Autoencoder(
        Sequential(Dense(n_features, k, seed=rng, bias=False, dtype=dtype)),
        Sequential(Dense(k, n_features, seed=rng, bias=False, dtype=dtype)),
    )


def digit_autoencoder(k, hidden=32, n_features=64, seed=0, dtype=np.float64):
    """The non-linear autoencoder n-hidden-k-hidden-n for images with pixels in [0, 1].

    float64 by default, so that what the notebooks print after many epochs comes out the
    same on every machine; dtype=np.float32 trains faster.

    ReLU hidden layers, a linear code (so codes can take any value), and a sigmoid output
    (pixels lie in [0, 1]).
    """
    rng = random_generator(seed)
    encoder = Sequential(
        Dense(n_features, hidden, seed=rng, init="he", dtype=dtype),
        ReLU(),
        Dense(hidden, k, seed=rng, dtype=dtype),
    )
    decoder = Sequential(
        Dense(k, hidden, seed=rng, init="he", dtype=dtype),
        ReLU(),
        Dense(hidden, n_features, seed=rng, dtype=dtype),
        Sigmoid(),
    )
    return Autoencoder(encoder, decoder)


def svd_basis(A, k):
    """V_k (n, k): the top k right singular vectors of A (N, n), the best k directions.

    Projecting onto them, x -> x V_k V_k^T, is the best rank-k linear map for the rows of A
    (Eckart-Young): no linear autoencoder with k units can rebuild A with a smaller error.
    """
    A = as_float_array(A, "A")
    check_ndim(A, 2, "A", "(N, n)")
    k = check_whole(k, "k", 0)
    if k > min(A.shape):
        raise ValueError(
            f"k must be between 0 and {min(A.shape)} for A of shape {A.shape}, got {k}"
        )
    _, _, Vt = np.linalg.svd(A.astype(np.float64), full_matrices=False)
    return Vt[:k].T


def svd_reconstruction(A, k, basis_of=None):
    """A(k) = A V_k V_k^T (= U_k S_k V_k^T): A (N, n) through the rank-k SVD map.

    basis_of: the data whose SVD gives V_k (default A itself); pass the training data to
    rebuild test data with the map learned on the training set.
    """
    A, basis = _data_and_basis(A, basis_of)
    V = svd_basis(basis, k)
    return A @ V @ V.T


def _data_and_basis(A, basis_of):
    """A (N, n) and the data its map is learned from (default A), both float64 with the
    same n features."""
    A = as_float_array(A, "A").astype(np.float64)
    check_ndim(A, 2, "A", "(N, n)")
    basis = A if basis_of is None else as_float_array(basis_of, "basis_of").astype(np.float64)
    if basis.ndim != 2 or basis.shape[1] != A.shape[1]:
        raise ValueError(
            f"basis_of must have the {A.shape[1]} features of A, got "
            f"{basis.shape[1] if basis.ndim == 2 else basis.shape}"
        )
    return A, basis


def pca_reconstruction(A, k, basis_of=None):
    """mean + (A - mean) V_k V_k^T: the SVD map of the centred data, i.e. PCA with k components.

    A (N, n) -> (N, n). The mean and V_k come from `basis_of` (default A). A network with
    biases can shift its output by a constant, so PCA (the best rank-k map plus a shift), not
    the plain SVD, is what it must beat.
    """
    k = check_whole(k, "k", 0)  # 0: the mean alone
    A, basis = _data_and_basis(A, basis_of)
    mean = basis.mean(axis=0)
    V = svd_basis(basis - mean, k)
    return mean + (A - mean) @ V @ V.T


def reconstruction_errors(originals, reconstructions):
    """Mean squared error of each example: (N, ...) and (N, ...) -> (N,)."""
    originals = as_float_array(originals, "originals").astype(np.float64, copy=False)
    reconstructions = as_float_array(reconstructions, "reconstructions").astype(np.float64)
    check_same_shape(originals, reconstructions, "originals", "reconstructions")
    check_examples(originals, "originals")
    diff = reconstructions - originals
    return np.mean(diff.reshape(len(diff), -1) ** 2, axis=1)
