"""Next-word prediction (page 39): a fixed window of words against a recurrent network.

A feed-forward network can only look at the last `window` words; the grammar of
helpers.grammar puts the animal 7 or 8 words before the sound it makes, so the window model
must guess the sound while the recurrent model, whose state carries the whole sentence so
far, can know it.
"""

import numpy as np

from .activations import softmax
from .layers import Dense, Flatten, ReLU, Sequential
from .losses import PADDING, softmax_cross_entropy
from .optim import Adam
from .training import train
from .validation import check_whole, random_generator
from .vocab import BOUNDARY, boundary_id, encode_batch, one_hot


def context_windows(vocab, texts, window):
    """What a fixed-window model sees: every position's last `window` tokens and the next one.

    Returns (contexts (M, window) int64, targets (M,) int64), one row per token to predict
    in '.' + text + '.', the window padded with '.' before the start. A feed-forward model on
    these windows cannot use anything further back.
    """
    window = check_whole(window, "window")
    inputs, targets = encode_batch(vocab, texts)
    padded = np.concatenate([np.full((len(texts), window - 1), boundary_id(vocab)), inputs], axis=1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=1)  # (N, T, window)
    keep = targets != PADDING
    return windows[keep], targets[keep]


def window_model(window, vocab_size, hidden=32, seed=0, dtype=np.float64):
    """The feed-forward model: one-hot words (N, window, V) -> flatten -> hidden -> V scores.

    float64 by default, so that the guesses the notebook prints come out the same on every
    machine.
    """
    rng = random_generator(seed)
    return Sequential(
        Flatten(),
        Dense(window * vocab_size, hidden, seed=rng, init="he", dtype=dtype),
        ReLU(),
        Dense(hidden, vocab_size, seed=rng, dtype=dtype),
    )


def train_window_model(model, vocab, sentences, window, epochs=10, seed=0):
    """Train on every (last `window` words -> next word) pair of the sentences."""
    contexts, targets = context_windows(vocab, sentences, window)
    x = one_hot(contexts, len(vocab), model.dtype)
    optimizer = Adam(model.params, 3e-3)
    return train(model, softmax_cross_entropy, (x, targets), optimizer, epochs, seed=seed)


def window_guesses(model, vocab, words, window):
    """P(next word) after each prefix of `words`, seen through the window: (len + 1, V)."""
    ids = vocab.encode(" ".join([BOUNDARY] * window + list(words)))
    windows = np.lib.stride_tricks.sliding_window_view(ids, window)  # (len + 1, window)
    return softmax(model.forward(one_hot(windows, len(vocab), model.dtype)).astype(np.float64))


def recurrent_guesses(model, vocab, words):
    """P(next word) after each prefix of `words`, from a recurrent model: (len + 1, V)."""
    ids = vocab.encode(" ".join([BOUNDARY, *words]))
    return softmax(model.forward(ids[None])[0].astype(np.float64))


def last_word_accuracy(guesses, vocab, sentences):
    """The fraction of sentences whose last word is the top guess of guesses(words) -> (T, V),
    given all the words before it."""
    right = 0
    for sentence in sentences:
        words = sentence.split()
        p = guesses(words[:-1])[-1]
        right += vocab.tokens[int(np.argmax(p))] == words[-1]
    return right / len(sentences)
