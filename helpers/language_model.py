"""A recurrent language model (page 39): after every token, a score for every next token.

What comes next in a sequence is easier to guess if you know what came before. The model
reads a text one token at a time (characters of a name, or words of a sentence) and, after
every token, scores every possible next token. Its loss is the cross-entropy of the token
that really came next, averaged over all positions (sequence_cross_entropy). It follows the
layer protocol, so helpers.training.train trains it like any other model.
"""

import numpy as np

from .activations import softmax
from .layers import Dense, gather
from .losses import PADDING, sequence_cross_entropy
from .optim import Adam
from .recurrent import LSTM, RNN
from .shell import Layer
from .training import train
from .validation import (
    all_finite,
    check_examples,
    check_positive,
    check_text,
    check_texts,
    check_whole,
    random_generator,
)
from .vocab import boundary_id, check_vocabulary, encode_batch, one_hot

CELLS = {"rnn": RNN, "lstm": LSTM}


class RecurrentLanguageModel(Layer):
    """Token ids -> one-hot -> RNN or LSTM -> Dense -> scores of the next token.

        x_t = one_hot(id_t)            (V,)
        h_t = cell(x_t, h_{t-1})       (H,)    cell: 'rnn' or 'lstm'
        logits_t = h_t @ W + b         (V,)    scores of the token after id_t

    The tokens can be characters (names) or words (the grammar corpus): only vocab_size
    changes. forward(ids (N, T), h0, c0) -> logits (N, T, V); backward(dlogits (N, T, V)) ->
    dL/d of the one-hot inputs (N, T, V), and sets grads. params and grads gather the layers' own
    under 'recurrent.Wx', ..., 'output.W', 'output.b' (the same arrays, so an optimizer
    updates the layers).
    """

    def __init__(self, vocab_size, hidden_size, cell="rnn", *, seed=None, dtype=np.float64):
        # no Layer.__init__: params and grads are views of the two layers' own
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        rng = random_generator(seed)
        self.vocab_size, self.hidden_size, self.cell = vocab_size, hidden_size, cell
        self.seed = seed  # what it was built with: two models of one seed start alike
        self.recurrent = CELLS[cell](vocab_size, hidden_size, seed=rng, dtype=dtype)
        self.output = Dense(hidden_size, vocab_size, seed=rng, dtype=dtype)
        self.dtype, self.state_names = self.recurrent.dtype, self.recurrent.state_names

    def __repr__(self):
        return f"RecurrentLanguageModel({self.vocab_size}, {self.hidden_size}, cell={self.cell!r})"

    @property
    def params(self):
        return gather([("recurrent", self.recurrent), ("output", self.output)], "params")

    @property
    def grads(self):
        return gather([("recurrent", self.recurrent), ("output", self.output)], "grads")

    def forward(self, ids, h0=None, c0=None):
        """ids (N, T) ints -> logits (N, T, V). h0 (and c0, for an LSTM) (N, H): the recurrent
        layer's final_state after an earlier call, to continue those sequences (sampling
        feeds one token at a time); zeros when not given."""
        state = (h0,) if self.cell == "rnn" and c0 is None else (h0, c0)
        return super().forward(ids, *state)

    def convert_input(self, ids):
        """ids as an array of token ids, not numbers, N >= 1 (one_hot checks each id)."""
        ids = np.asarray(ids)
        check_examples(ids, "ids")
        return ids

    def check_shape(self, ids, *state):
        if ids.ndim != 2:
            raise ValueError(f"ids must have shape (N, T), got {ids.shape}")
        if ids.shape[1] == 0:
            raise ValueError(f"ids must hold T >= 1 tokens per text, got shape {ids.shape}")

    # Like a Sequential's, the two layers run unchecked inside: the shell checks the ids,
    # the state and the logits, then dlogits and dx; the optimizer checks the grads.
    def _forward(self, ids, *state):
        x = one_hot(ids, self.vocab_size, self.dtype)
        self.hidden = self.recurrent.forward_unchecked(x, *state)  # hs (N, T, H)
        return self.output.forward_unchecked(self.hidden)

    def _backward(self, dlogits):
        """Backpropagation through the output layer, then through time."""
        self.dhidden = self.output._backward(dlogits)
        return self.recurrent._backward(self.dhidden)

    def checked_grads(self):
        """{}: the optimizer checks the two layers' grads, as for a Sequential."""
        return {}

    def where_not_finite(self, method):
        """' (first made by its output layer, Dense(8, 5))', or by its recurrent layer."""
        if method == "forward":
            layer = self.output if all_finite(self.hidden) else self.recurrent
        else:
            layer = self.recurrent if all_finite(self.dhidden) else self.output
        part = "output" if layer is self.output else "recurrent"
        return f" (first made by its {part} layer, {layer!r})"


def check_fits(model, vocab):
    """Raise a ValueError unless `model` scores exactly the tokens of `vocab`."""
    check_vocabulary(vocab)
    if getattr(model, "vocab_size", None) != len(vocab):
        raise ValueError(
            f"the model scores {getattr(model, 'vocab_size', '?')} tokens, the vocabulary "
            f"holds {len(vocab)}: sample with the vocabulary the model was built and trained on"
        )


def text_batches(vocab, texts, batch_size=32):
    """A source of batches for train: each epoch, texts shuffled into padded minibatches.

    Returns a function rng -> iterable of (inputs, targets), both int64 (n, T) as made by
    encode_batch (targets PADDING where a shorter text has ended).
    """
    batch_size = check_whole(batch_size, "batch_size")
    texts = check_texts(texts)
    for text in texts:
        vocab.encode(text)  # an unknown token fails here, before any training

    def batches(rng):
        order = rng.permutation(len(texts))
        for start in range(0, len(texts), batch_size):
            yield encode_batch(vocab, [texts[i] for i in order[start : start + batch_size]])

    return batches


def language_model_loss(model, vocab, texts):
    """Mean cross-entropy (nats per token) of the model on texts: forward only."""
    check_fits(model, vocab)
    inputs, targets = encode_batch(vocab, texts)
    return sequence_cross_entropy(model.forward(inputs), targets)[0]


def train_language_model(
    model,
    vocab,
    texts,
    *,
    epochs=5,
    batch_size=32,
    learning_rate=1e-2,
    max_norm=5.0,
    seed=0,
    test_texts=None,
):
    """helpers.training.train on texts: Adam, gradients clipped to max_norm, shuffled batches.

    seed: int or np.random.Generator for the order of texts. With test_texts the history's
    'test_loss' holds the held-out loss after each epoch. Returns train's history.
    """

    def held_out_loss(model):
        return language_model_loss(model, vocab, test_texts)

    check_fits(model, vocab)
    if test_texts is not None:  # refused now, not after an epoch of training
        test_texts = check_texts(test_texts, "test_texts")
    data = text_batches(vocab, texts, batch_size)
    optimizer = Adam(model.params, learning_rate)
    evaluate = None if test_texts is None else held_out_loss
    return train(
        model,
        sequence_cross_entropy,
        data,
        optimizer,
        epochs,
        seed=seed,
        max_norm=max_norm,
        evaluate=evaluate,
    )


def bigram_loss(train_texts, test_texts, vocab):
    """The baseline: held-out cross-entropy (nats per token) of a bigram count model.

    P(next | previous) = (count(previous, next) + 1) / (count(previous) + V), counted on
    train_texts (add-one, or Laplace, smoothing: a pair never seen still gets a little
    probability, else one unseen pair in the test texts would cost infinity). Texts are read
    between boundaries like the language model reads them, so both are scored on the same
    predictions, the final '.' included.
    """

    train_texts, test_texts = (
        check_texts(train_texts, "train_texts"),
        check_texts(test_texts, "test_texts"),
    )
    check_vocabulary(vocab)

    def pairs(texts):
        inputs, targets = encode_batch(vocab, texts)
        keep = targets != PADDING
        return inputs[keep], targets[keep]

    counts = np.ones((len(vocab), len(vocab)))
    np.add.at(counts, pairs(train_texts), 1)
    log_p = np.log(counts / counts.sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[pairs(test_texts)]))


def next_probabilities(model, vocab, prefix=""):
    """P(next token | '.' + prefix): a float64 (V,) array, in the order of vocab.tokens."""
    check_fits(model, vocab)
    ids = np.concatenate([[boundary_id(vocab)], vocab.encode(check_text(prefix, "prefix"))])
    return softmax(model.forward(ids[None])[0, -1].astype(np.float64))


def sample(model, vocab, n=10, *, seed=None, temperature=1.0, max_length=20, start=""):
    """n texts drawn from the model, one token at a time: a list of n strings.

    Each text begins with '.' + start and continues with tokens drawn from
    softmax(logits / temperature) until the model writes '.' or max_length tokens are
    drawn; the strings returned are start + the drawn tokens, without the boundaries.
    temperature 1 samples the model's own probabilities; below 1 sharpens them towards the
    most likely token (tamer, more repetitive texts); above 1 flattens them (wilder ones).
    seed: int or np.random.Generator; the same seed gives the same texts.
    """
    n, max_length = check_whole(n, "n"), check_whole(max_length, "max_length")
    temperature = check_positive(
        temperature,
        "temperature",
        "> 0 (the logits are divided by it; use a small value such as 0.1 for nearly greedy "
        "sampling)",
    )
    check_fits(model, vocab)
    rng = random_generator(seed)
    boundary = boundary_id(vocab)
    prefix = np.concatenate([[boundary], vocab.encode(check_text(start, "start"))])
    logits = model.forward(np.tile(prefix, (n, 1)))[:, -1]
    drawn = np.full((n, max_length), boundary, dtype=np.int64)
    ended = np.zeros(n, dtype=bool)
    for t in range(max_length):
        p = softmax(logits.astype(np.float64) / temperature)
        # inverse CDF: the first token whose cumulative probability passes a uniform draw
        cdf = np.cumsum(p, axis=1)
        drawn[:, t] = np.sum(cdf < rng.random((n, 1)) * cdf[:, -1:], axis=1)
        ended |= drawn[:, t] == boundary
        if ended.all():
            break
        # one more step of the same sequences: the state carries everything read so far
        logits = model.forward(drawn[:, t : t + 1], *model.recurrent.final_state)[:, -1]
    # each text stops at its first boundary (texts that never ended stop at max_length)
    lengths = np.argmax(np.append(drawn, np.full((n, 1), boundary), axis=1) == boundary, axis=1)
    return [
        vocab.decode(np.concatenate([prefix[1:], row[:length]]))
        for row, length in zip(drawn, lengths, strict=True)
    ]
