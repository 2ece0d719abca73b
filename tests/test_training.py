"""The training loop: it learns, it is reproducible, and it stops clearly when it diverges."""

import numpy as np
import pytest

from helpers.layers import Dense, ReLU, Sequential, Sigmoid, Tanh
from helpers.losses import binary_cross_entropy, mse_loss, softmax_cross_entropy
from helpers.optim import SGD, Adam
from helpers.training import array_batches, train

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def test_a_hidden_layer_learns_xor():
    model = Sequential(Dense(2, 4, seed=0), Tanh(), Dense(4, 1, seed=1), Sigmoid())
    history = train(
        model,
        binary_cross_entropy,
        (XOR_X, XOR_Y),
        Adam(model.params, 0.05),
        epochs=300,
        batch_size=4,
        seed=0,
    )
    assert history["loss"].shape == (300,)
    assert history["loss"][-1] < 0.05 < history["loss"][0]
    np.testing.assert_array_equal(model.forward(XOR_X) > 0.5, XOR_Y == 1)


def test_classifier_with_minibatches_and_reproducible_shuffling():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)  # the quadrants: not linearly separable

    def fit():
        model = Sequential(Dense(2, 16, seed=1, init="he"), ReLU(), Dense(16, 2, seed=2))
        history = train(
            model,
            softmax_cross_entropy,
            (X, y),
            Adam(model.params, 0.02),
            epochs=60,
            batch_size=32,
            seed=5,
        )
        return model, history

    model, history = fit()
    _, again = fit()
    np.testing.assert_array_equal(history["batch_loss"], again["batch_loss"])
    assert history["batch_loss"].shape == (60 * 10,)  # 300 examples in batches of 32: 10
    assert np.mean(model.forward(X).argmax(1) == y) > 0.95


def test_float32_training_stays_float32():
    X = np.random.default_rng(0).random((50, 4)).astype(np.float32)
    model = Sequential(Dense(4, 2, seed=0, dtype=np.float32), Dense(2, 4, seed=1, dtype=np.float32))
    history = train(model, mse_loss, (X, X), SGD(model.params, 0.1), epochs=5)
    assert all(p.dtype == np.float32 for p in model.params.values())
    assert history["loss"][-1] < history["loss"][0]


def test_divergence_stops_with_advice():
    X = np.random.default_rng(0).standard_normal((20, 3)) * 100
    model = Sequential(Dense(3, 8, seed=0), ReLU(), Dense(8, 3, seed=1))
    with pytest.raises(
        FloatingPointError,
        match=r"diverged at epoch \d+, batch \d+.*smaller "
        r"learning rate than 10",
    ):
        train(model, mse_loss, (X, X), SGD(model.params, 10.0), epochs=50)


def test_bad_data():
    model = Sequential(Dense(2, 1))
    with pytest.raises(ValueError, match="same number of examples, got 4 and 3"):
        train(model, mse_loss, (XOR_X, XOR_Y[:3]), SGD(model.params), epochs=1)
    with pytest.raises(ValueError, match="finite"):
        train(model, mse_loss, (np.full((4, 2), np.nan), XOR_Y), SGD(model.params), epochs=1)
    with pytest.raises(ValueError, match=r"labels must lie in 0..1"):
        m = Sequential(Dense(2, 2))
        train(m, softmax_cross_entropy, (XOR_X, np.array([0, 1, 2, 0])), SGD(m.params), epochs=1)


def test_training_runs_blas_on_the_requested_threads():
    from threadpoolctl import threadpool_info

    seen = []

    def recording_loss(prediction, target):
        seen.append(
            max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")
        )
        return mse_loss(prediction, target)

    X = np.random.default_rng(0).random((8, 2))
    model = Sequential(Dense(2, 2, seed=0))
    train(model, recording_loss, (X, X), SGD(model.params), epochs=1, batch_size=8)
    assert seen == [1]
    outside = max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")
    train(model, recording_loss, (X, X), SGD(model.params), epochs=1, batch_size=8, threads=None)
    assert seen == [1, outside]


def test_a_source_of_batches_trains_like_the_arrays_it_yields():
    """train(data=(X, y)) is train(data=array_batches(X, y)): the same steps, the same loss."""
    X = np.random.default_rng(1).standard_normal((50, 3))
    models = [Sequential(Dense(3, 2, seed=0)) for _ in range(2)]
    a = train(models[0], mse_loss, (X, X[:, :2]), SGD(models[0].params, 0.1), 3, batch_size=8)
    b = train(models[1], mse_loss, array_batches(X, X[:, :2], 8), SGD(models[1].params, 0.1), 3)
    np.testing.assert_array_equal(a["batch_loss"], b["batch_loss"])
    np.testing.assert_array_equal(models[0].params["0.W"], models[1].params["0.W"])


def test_every_history_has_the_same_keys_and_evaluate_and_on_epoch_run_each_epoch():
    model = Sequential(Dense(2, 1, seed=0), Sigmoid())
    seen = []

    def on_epoch(epoch, loss):
        seen.append((epoch, loss))

    data = (XOR_X, XOR_Y)
    history = train(
        model,
        binary_cross_entropy,
        data,
        SGD(model.params),
        4,
        evaluate=lambda m: 0.5,
        on_epoch=on_epoch,
    )
    assert set(history) == {"loss", "batch_loss", "test_loss"}
    np.testing.assert_array_equal(history["test_loss"], [0.5] * 4)
    assert [e for e, _ in seen] == [1, 2, 3, 4]
    assert [loss for _, loss in seen] == history["loss"].tolist()
    assert train(model, mse_loss, (XOR_X, XOR_Y), SGD(model.params), 2)["test_loss"].size == 0


def test_max_norm_clips_the_gradients_before_the_step():
    class Recorder(SGD):
        def step(self, grads):
            self.norms.append(np.sqrt(sum(np.sum(g * g) for g in grads.values())))

    model = Sequential(Dense(2, 1, seed=0))
    big = (XOR_X, 1000 * XOR_Y)
    unclipped, clipped = Recorder(model.params), Recorder(model.params)
    unclipped.norms, clipped.norms = [], []
    train(model, mse_loss, big, unclipped, 1, batch_size=4)
    train(model, mse_loss, big, clipped, 1, batch_size=4, max_norm=0.5)
    assert unclipped.norms[0] > 100 and clipped.norms[0] == pytest.approx(0.5)
