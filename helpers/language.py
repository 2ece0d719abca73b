"""Language models with recurrent networks: next character, next word, and a memory test.

The recurring idea (page 39): what comes next in a sequence is easier to guess if you know
what came before. A language model reads a text one token at a time and, after every token,
scores every possible next token. Its loss is the cross-entropy of the token that really
came next, averaged over all positions.

Boundaries: every text (a name, a sentence) is read between two boundary marks '.', the
BOUNDARY token. The model reads '.emma' and must predict 'emma.': the first '.' says "a name
starts here", the last one "it ends here", so the model learns how names begin and when to
stop. Texts of different lengths are batched by padding them to the longest one; padded
positions get the target -1 and are left out of the loss (the recurrence only runs forward,
so the padding after a text cannot change what the model computed within it).
"""

from pathlib import Path

import numpy as np

from .activations import softmax
from .layers import Dense, gather
from .losses import softmax_cross_entropy
from .optim import Adam
from .recurrent import LSTM, RNN, clip_grad_norm
from .training import blas_threads

BOUNDARY = "."
PADDING = -1  # the target of a padded position: no token, no loss
NAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "names.txt"
CELLS = {"rnn": RNN, "lstm": LSTM}


# -- tokens and ids ------------------------------------------------------------------------


class Vocabulary:
    """Characters <-> integer ids: the sorted distinct characters of a text.

    Vocabulary(text_or_chars): a string, or a list of strings (e.g. names) whose characters
    are pooled. tokens: the sorted characters; id i stands for tokens[i].
    encode(text) -> int64 array (len(text),); decode(ids) -> str; decode(encode(s)) == s.
    """

    kind, separator = "character", ""  # what a token is, and how decode joins tokens

    def __init__(self, text_or_chars):
        if not isinstance(text_or_chars, str):
            text_or_chars = self.separator.join(text_or_chars)
        self.tokens = sorted(set(self.split(text_or_chars)))
        self.ids = {token: i for i, token in enumerate(self.tokens)}

    def __len__(self):
        return len(self.tokens)

    def __contains__(self, token):
        return token in self.ids

    def __repr__(self):
        return f"{type(self).__name__}({self.separator.join(self.tokens)!r})"

    def split(self, text):
        """A text as its list of tokens: here its characters."""
        return list(text)

    def encode(self, text):
        """text (str) -> ids, an int64 array with one id per token."""
        tokens = self.split(text)
        for position, token in enumerate(tokens):
            if token not in self.ids:
                raise ValueError(
                    f"{self.kind} {token!r} (at position {position} of {text!r}) "
                    f"is not in the vocabulary of {len(self)}: {self.tokens}"
                )
        return np.array([self.ids[token] for token in tokens], dtype=np.int64)

    def decode(self, ids):
        """ids (a sequence of ints) -> the text they spell."""
        ids = np.asarray(ids)
        if (
            ids.ndim != 1
            or ids.size
            and (
                not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0 or ids.max() >= len(self)
            )
        ):
            raise ValueError(
                f"ids must be a sequence of integers in 0..{len(self) - 1}, got {ids!r}"
            )
        return self.separator.join(self.tokens[i] for i in ids)


class WordVocabulary(Vocabulary):
    """Words <-> integer ids: the same as Vocabulary, with words split on spaces.

    WordVocabulary(sentences): a string or a list of sentences. decode joins with spaces.
    """

    kind, separator = "word", " "

    def split(self, text):
        return text.split()


def one_hot(ids, size, dtype=np.float64):
    """ids (...) ints in 0..size-1 -> (..., size): 1 at each id, 0 elsewhere.

    A one-hot vector times a weight matrix picks that id's row: x_t @ Wx is the embedding
    of token x_t.
    """
    ids = np.asarray(ids)
    if ids.size and (
        not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0 or ids.max() >= size
    ):
        raise ValueError(
            f"ids must be integers in 0..{size - 1}, got {ids.dtype} from "
            f"{ids.min()} to {ids.max()}"
        )
    return np.eye(size, dtype=dtype)[ids]


def encode_batch(vocab, texts):
    """Texts -> padded (inputs, targets), both int64 (N, T) with T = longest text + 1.

    inputs[n] = '.' + text, targets[n] = text + '.': at each position the model reads a
    token and must predict the next one. Shorter texts are padded with '.' in inputs and
    PADDING (-1) in targets.
    """
    boundary = _boundary_id(vocab)
    encoded = [vocab.encode(text) for text in texts]
    steps = 1 + max(map(len, encoded), default=0)
    inputs = np.full((len(texts), steps), boundary, dtype=np.int64)
    targets = np.full((len(texts), steps), PADDING, dtype=np.int64)
    for n, ids in enumerate(encoded):
        inputs[n, 1 : len(ids) + 1] = ids
        targets[n, : len(ids)] = ids
        targets[n, len(ids)] = boundary
    return inputs, targets


def _boundary_id(vocab):
    if BOUNDARY not in vocab:
        raise ValueError(
            f"the vocabulary needs the boundary token {BOUNDARY!r}: build it as "
            f"{type(vocab).__name__}(texts + [{BOUNDARY!r}])"
        )
    return vocab.ids[BOUNDARY]


# -- the names ---------------------------------------------------------------------------


def load_names(path=None):
    """The first names of data/names.txt, in the file's (sorted) order: a list of strings.

    Raises FileNotFoundError or ValueError, saying what is wrong and how to remake the
    file, if it is missing or damaged (every line must be a name of letters a-z).
    """
    path = Path(path) if path is not None else NAMES_FILE
    remake = "remake it with: pip install faker && python data/make_names.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; {remake}")
    try:
        names = path.read_text(encoding="ascii").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{path} is damaged (not ascii: {error}); {remake}") from error
    for number, name in enumerate(names, start=1):
        if not (name.isalpha() and name.islower()):
            raise ValueError(
                f"{path}, line {number}: expected a name of letters a-z, got {name!r}; {remake}"
            )
    if not names:
        raise ValueError(f"{path} holds no names; {remake}")
    return names


def split_texts(texts, test_fraction=0.1, seed=0):
    """Shuffle texts and split them: (train, test) lists, test holding test_fraction."""
    order = np.random.default_rng(seed).permutation(len(texts))
    n_test = round(test_fraction * len(texts))
    return [texts[i] for i in order[n_test:]], [texts[i] for i in order[:n_test]]


def bigram_loss(train_texts, test_texts, vocab):
    """The baseline: held-out cross-entropy (nats per token) of a bigram count model.

    P(next | previous) = (count(previous, next) + 1) / (count(previous) + V), counted on
    train_texts (add-one, or Laplace, smoothing: a pair never seen still gets a little
    probability, else one unseen pair in the test texts would cost infinity). Texts are read
    between boundaries like the language model reads them, so both are scored on the same
    predictions, the final '.' included.
    """

    def pairs(texts):
        inputs, targets = encode_batch(vocab, texts)
        keep = targets != PADDING
        return inputs[keep], targets[keep]

    counts = np.ones((len(vocab), len(vocab)))
    np.add.at(counts, pairs(train_texts), 1)
    log_p = np.log(counts / counts.sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[pairs(test_texts)]))


# -- the model ---------------------------------------------------------------------------


class CharLanguageModel:
    """A recurrent language model: token ids -> one-hot -> RNN or LSTM -> Dense -> scores.

        x_t = one_hot(id_t)            (V,)
        h_t = cell(x_t, h_{t-1})       (H,)    cell: 'rnn' or 'lstm'
        logits_t = h_t @ W + b         (V,)    scores of the token after id_t

    The ids can be characters (names) or words (the grammar corpus): only vocab_size
    changes. forward(ids (N, T)) -> logits (N, T, V). params and grads gather the layers'
    own under 'recurrent.Wx', ..., 'output.W', 'output.b' (the same arrays, so an optimizer
    updates the layers).
    """

    def __init__(self, vocab_size, hidden_size, cell="rnn", *, seed=None, dtype=np.float64):
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        rng = np.random.default_rng(seed)
        self.vocab_size, self.hidden_size, self.cell, self.dtype = (
            vocab_size,
            hidden_size,
            cell,
            dtype,
        )
        self.recurrent = CELLS[cell](vocab_size, hidden_size, seed=rng, dtype=dtype)
        self.output = Dense(hidden_size, vocab_size, seed=rng, dtype=dtype)

    def __repr__(self):
        return f"CharLanguageModel({self.vocab_size}, {self.hidden_size}, cell={self.cell!r})"

    @property
    def params(self):
        return gather([("recurrent", self.recurrent), ("output", self.output)], "params")

    @property
    def grads(self):
        return gather([("recurrent", self.recurrent), ("output", self.output)], "grads")

    def forward(self, ids, state=()):
        """ids (N, T) ints -> logits (N, T, V).

        state: the recurrent layer's final_state after an earlier call, to continue those
        sequences (sampling feeds one token at a time); () starts from zeros.
        """
        ids = np.asarray(ids)
        if ids.ndim != 2:
            raise ValueError(f"ids must have shape (N, T), got {ids.shape}")
        x = one_hot(ids, self.vocab_size, self.dtype)
        return self.output.forward(self.recurrent.forward(x, *state))

    def loss(self, inputs, targets):
        """Mean cross-entropy of the targets over all non-padded positions.

        inputs, targets (N, T) ints; targets PADDING (-1) where there is nothing to predict.
        Returns (loss, dL/dlogits (N, T, V)). All N T positions go through one loss:
        logits (N, T, V) -> (N T, V), the padded rows dropped.
        """
        logits = self.forward(inputs)
        targets = np.asarray(targets)
        if targets.shape != logits.shape[:2] or not np.issubdtype(targets.dtype, np.integer):
            raise ValueError(
                f"targets must be integers of shape {logits.shape[:2]} (that of "
                f"inputs), got {targets.dtype} of shape {targets.shape}"
            )
        flat_logits, flat_targets = logits.reshape(-1, self.vocab_size), targets.reshape(-1)
        keep = flat_targets != PADDING
        if not keep.any():
            raise ValueError(f"targets hold only padding ({PADDING}): nothing to predict")
        loss, dkept = softmax_cross_entropy(flat_logits[keep], flat_targets[keep])
        dlogits = np.zeros_like(flat_logits)
        dlogits[keep] = dkept  # a padded position contributes nothing to the gradient
        return loss, dlogits.reshape(logits.shape)

    def loss_and_gradients(self, inputs, targets):
        """loss(inputs, targets), then backpropagation through time: sets grads."""
        loss, dlogits = self.loss(inputs, targets)
        self.recurrent.backward(self.output.backward(dlogits))
        return loss


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
    threads=1,
):
    """Train `model` in place on texts (names or sentences) and return the history.

    Each epoch shuffles the texts into minibatches (padded by encode_batch), and each
    minibatch is a forward pass, BPTT, gradient clipping to max_norm (clip_grad_norm) and
    an Adam step. seed: int or np.random.Generator for the order of texts.
    threads: BLAS threads while training (one is fastest for such small products).
    Returns {'loss': (epochs,) mean minibatch loss of each epoch, 'batch_loss': every
    minibatch's loss, and with test_texts 'test_loss': (epochs,) the held-out loss after
    each epoch}.
    """
    rng = np.random.default_rng(seed)
    optimizer = Adam(model.params, learning_rate)
    history = {"loss": [], "batch_loss": []}
    if test_texts is not None:
        history["test_loss"] = []
    with blas_threads(threads):
        for epoch in range(epochs):
            order = rng.permutation(len(texts))
            losses = []
            for start in range(0, len(texts), batch_size):
                batch = [texts[i] for i in order[start : start + batch_size]]
                loss = model.loss_and_gradients(*encode_batch(vocab, batch))
                if not np.isfinite(loss):
                    raise FloatingPointError(
                        f"training diverged in epoch {epoch + 1}: try a "
                        f"smaller learning rate than {learning_rate:g}"
                    )
                clip_grad_norm(model.grads, max_norm)
                optimizer.step(model.grads)
                losses.append(loss)
            history["batch_loss"].extend(losses)
            history["loss"].append(float(np.mean(losses)))
            if test_texts is not None:
                history["test_loss"].append(language_model_loss(model, vocab, test_texts))
    return {k: np.array(v) for k, v in history.items()}


def language_model_loss(model, vocab, texts):
    """Mean cross-entropy (nats per token) of the model on texts: forward only."""
    return model.loss(*encode_batch(vocab, texts))[0]


def next_probabilities(model, vocab, prefix=""):
    """P(next token | '.' + prefix): a float64 (V,) array, in the order of vocab.tokens."""
    ids = np.concatenate([[_boundary_id(vocab)], vocab.encode(prefix)])
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
    if not temperature > 0:
        raise ValueError(
            f"temperature must be > 0 (the logits are divided by it; use a small "
            f"value such as 0.1 for nearly greedy sampling), got {temperature}"
        )
    rng = np.random.default_rng(seed)
    boundary = _boundary_id(vocab)
    prefix = np.concatenate([[boundary], vocab.encode(start)]).astype(np.int64)
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
        logits = model.forward(drawn[:, t : t + 1], model.recurrent.final_state)[:, -1]
    # each text stops at its first boundary (texts that never ended stop at max_length)
    lengths = np.argmax(np.append(drawn, np.full((n, 1), boundary), axis=1) == boundary, axis=1)
    return [
        vocab.decode(np.concatenate([prefix[1:], row[:length]]))
        for row, length in zip(drawn, lengths, strict=True)
    ]


# -- next-word prediction: a corpus from a small grammar ----------------------------------

# Every sentence names an animal, says where it was, and ends with the sound *that* animal
# makes, 7 or 8 words later:   the brown cat slept under a red tree and it purred
# The words just before the sound ("... tree and it") are the same for every animal, so a
# model that sees only the last few words can only guess; one that remembers the animal knows.
SOUNDS = {"cat": "purred", "dog": "barked", "cow": "mooed", "duck": "quacked"}
DETERMINERS = ["the", "a"]
ADJECTIVES = ["big", "small", "red", "brown"]  # each adjective slot is filled half the time
VERBS = ["sat", "slept", "waited", "played"]
PREPOSITIONS = ["on", "under", "near", "behind"]
PLACES = ["mat", "tree", "house", "car"]


def make_sentence(rng):
    """One sentence: det [adj] animal verb prep det [adj] place and it <the animal's sound>."""

    def noun_phrase(nouns):
        adjective = [rng.choice(ADJECTIVES)] if rng.random() < 0.5 else []
        return [rng.choice(DETERMINERS), *adjective, rng.choice(nouns)]

    subject = noun_phrase(list(SOUNDS))
    words = [
        *subject,
        rng.choice(VERBS),
        rng.choice(PREPOSITIONS),
        *noun_phrase(PLACES),
        "and",
        "it",
        SOUNDS[subject[-1]],
    ]
    return " ".join(words)


def make_corpus(n_sentences, seed=None):
    """n_sentences sentences of the grammar above (strings); the same seed, the same corpus."""
    rng = np.random.default_rng(seed)
    return [make_sentence(rng) for _ in range(n_sentences)]


def context_windows(vocab, texts, window):
    """What a fixed-window model sees: every position's last `window` tokens and the next one.

    Returns (contexts (M, window) int64, targets (M,) int64), one row per token to predict
    in '.' + text + '.', the window padded with '.' before the start. A feed-forward model on
    these windows cannot use anything further back.
    """
    inputs, targets = encode_batch(vocab, texts)
    padded = np.concatenate(
        [np.full((len(texts), window - 1), _boundary_id(vocab)), inputs], axis=1
    )
    windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=1)  # (N, T, window)
    keep = targets != PADDING
    return windows[keep], targets[keep]


# -- a memory test: recall the first symbol after a delay ---------------------------------


def recall_task(n, delay, n_symbols=2, seed=None):
    """n sequences that test memory: a symbol, then `delay` distractors; recall the symbol.

    Token ids 0..n_symbols-1 are the symbols to remember, n_symbols..2 n_symbols-1 the
    distractors, drawn at random for every later step. Returns inputs (n, 1 + delay) and
    targets (n, 1 + delay), int64: targets are PADDING except at the last step, which holds
    the first symbol, so CharLanguageModel.loss scores that one answer alone.
    """
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, n_symbols, n)
    distractors = rng.integers(n_symbols, 2 * n_symbols, (n, delay))
    inputs = np.concatenate([symbols[:, None], distractors], axis=1)
    targets = np.full(inputs.shape, PADDING, dtype=np.int64)
    targets[:, -1] = symbols
    return inputs, targets


def recall_accuracy(model, inputs, targets):
    """Fraction of sequences whose last-step prediction is the symbol to recall."""
    return float(np.mean(model.forward(inputs)[:, -1].argmax(axis=1) == targets[:, -1]))


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
    clipping to norm 1 and an Adam step. Returns {'model', 'loss': (steps,) minibatch
    losses, 'accuracy': on 1,000 new sequences}; chance is 1 / n_symbols. float64 by
    default, so that the count of runs that learn comes out the same on every machine.
    """
    rng = np.random.default_rng(seed)
    model = CharLanguageModel(2 * n_symbols, hidden_size, cell, seed=rng, dtype=dtype)
    optimizer = Adam(model.params, learning_rate)
    losses = np.empty(steps)
    with blas_threads(threads):
        for step in range(steps):
            losses[step] = model.loss_and_gradients(*recall_task(batch_size, delay, n_symbols, rng))
            clip_grad_norm(model.grads, 1.0)
            optimizer.step(model.grads)
        accuracy = recall_accuracy(model, *recall_task(1000, delay, n_symbols, rng))
    return {"model": model, "loss": losses, "accuracy": accuracy}


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
