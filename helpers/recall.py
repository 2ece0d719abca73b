"""A memory test (pages 39-40): recall the first symbol of a sequence after a delay.

The first token is one of a few symbols, random distractors follow, and at the last step
the model must say which symbol came first. A plain RNN's gradient from that last step
fades geometrically on its way back (gradient_reach measures it), so it fails at long
delays; the LSTM's gated memory keeps the gradient, and learns.
"""

import numpy as np

from .language_model import RecurrentLanguageModel
from .losses import PADDING, sequence_cross_entropy
from .optim import Adam
from .recurrent import LSTM, RNN
from .training import train
from .validation import (
    as_float_array,
    check_labels,
    check_model,
    check_whole,
    kind_of,
    random_generator,
)


def recall_task(n, delay, n_symbols=2, seed=None):
    """n sequences that test memory: a symbol, then `delay` distractors; recall the symbol.

    Token ids 0..n_symbols-1 are the symbols to remember, n_symbols..2 n_symbols-1 the
    distractors, drawn at random for every later step. Returns inputs (n, 1 + delay) and
    targets (n, 1 + delay), int64: targets are PADDING except at the last step, which holds
    the first symbol, so sequence_cross_entropy scores that one answer alone.
    """
    n, delay = check_whole(n, "n"), check_whole(delay, "delay", 0)
    n_symbols = check_whole(n_symbols, "n_symbols")
    rng = random_generator(seed)
    symbols = rng.integers(0, n_symbols, n)
    distractors = rng.integers(n_symbols, 2 * n_symbols, (n, delay))
    inputs = np.concatenate([symbols[:, None], distractors], axis=1)
    targets = np.full(inputs.shape, PADDING, dtype=np.int64)
    targets[:, -1] = symbols
    return inputs, targets


def recall_accuracy(model, inputs, targets):
    """Fraction of sequences whose last-step prediction is the symbol to recall: inputs and
    targets (N, T) as recall_task makes them."""
    scores = check_model(model).forward(inputs)
    targets = check_labels(targets, scores.shape[:2], None, "targets")
    # the symbol to recall, at the last step: one of the model's outputs, never padding
    last = check_labels(targets[:, -1], targets.shape[:1], scores.shape[2], "targets[:, -1]")
    return float(np.mean(scores[:, -1].argmax(axis=1) == last))


def recall_batches(batch_size, delay, n_symbols, steps):
    """A source of batches for train: `steps` fresh batches of recall_task in every epoch."""

    def batches(rng):
        for _ in range(steps):
            yield recall_task(batch_size, delay, n_symbols, rng)

    return batches


def train_recall(
    cell,
    delay,
    *,
    steps=300,
    hidden_size=32,
    batch_size=32,
    learning_rate=3e-3,
    n_symbols=2,
    seed=0,
    threads=1,
    dtype=np.float64,
):
    """Train a fresh model ('rnn' or 'lstm') on the recall task; fresh data each step.

    Each step draws a new minibatch (the model never sees a sequence twice), then BPTT,
    clipping to norm 1 and an Adam step: one epoch of helpers.training.train. Returns
    {'model', 'loss': (steps,) minibatch losses, 'accuracy': on 1,000 new sequences};
    chance is 1 / n_symbols. float64 by default, so that the count of runs that learn comes
    out the same on every machine.
    """
    steps = check_whole(steps, "steps")
    batch_size = check_whole(batch_size, "batch_size")
    n_symbols = check_whole(n_symbols, "n_symbols")
    rng = random_generator(seed)
    model = RecurrentLanguageModel(2 * n_symbols, hidden_size, cell, seed=rng, dtype=dtype)
    data = recall_batches(batch_size, delay, n_symbols, steps)
    history = train(
        model,
        sequence_cross_entropy,
        data,
        Adam(model.params, learning_rate),
        1,
        seed=rng,
        max_norm=1.0,
        threads=threads,
    )
    accuracy = recall_accuracy(model, *recall_task(1000, delay, n_symbols, rng))
    return {"model": model, "loss": history["batch_loss"], "accuracy": accuracy}


def recall_accuracies(cell, delays, seeds=range(4), **options):
    """train_recall's accuracy for every delay and seed: a (len(delays), len(seeds)) array.

    Whether one run finds a way to remember is partly luck (its initial weights and data),
    so the fair comparison of two cells counts how many of several runs succeed at each
    delay. options: passed on to train_recall (steps, hidden_size, ...).
    """
    return np.array(
        [
            [train_recall(cell, delay, seed=seed, **options)["accuracy"] for seed in seeds]
            for delay in delays
        ]
    )


def gradient_reach(layer, x, seed=0):
    """How far back a gradient reaches: ||dL/dx_t|| for a loss L read at the last step only.

    layer: an RNN or LSTM; x (N, T, D) = x_1 .. x_T, cast to the layer's dtype.
    L = sum_n r_n . h_{T,n} with fixed random unit vectors r_n (seed), so dL/dh_T = r and
    every earlier step hears of the loss only through the recurrence. Returns a float64 (T,)
    array whose entry k is the mean over the N sequences of ||dL/dx_{T-k}||, k steps back
    from the last input. For a
    plain RNN it falls geometrically with k (the vanishing gradient); an LSTM's falls slowly.
    """
    if not isinstance(layer, RNN | LSTM):
        raise TypeError(f"layer must be an RNN or an LSTM, got {kind_of(layer)}")
    hs = layer.forward(as_float_array(x, "x").astype(layer.dtype, copy=False))
    r = random_generator(seed).standard_normal(hs[:, -1].shape)
    dhs = np.zeros_like(hs)
    dhs[:, -1] = r / np.linalg.norm(r, axis=1, keepdims=True)
    dx = layer.backward(dhs)
    return np.linalg.norm(dx.astype(np.float64), axis=2).mean(axis=0)[::-1]
