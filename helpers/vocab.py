"""Tokens and ids: vocabularies of characters or words, one-hot vectors, padded batches.

Every text (a name, a sentence) is read between two boundary marks '.', the BOUNDARY token.
A model reads '.emma' and must predict 'emma.': the first '.' says "a text starts here", the
last one "it ends here", so a model learns how texts begin and when to stop. Texts of
different lengths are batched by padding them to the longest one; padded positions get the
target PADDING (-1), which sequence_cross_entropy leaves out of the loss (the recurrence only
runs forward, so the padding after a text cannot change what a model computed within it).
"""

import numpy as np

from .losses import PADDING
from .validation import check_ids, check_text, check_texts, check_whole, kind_of

BOUNDARY = "."


class Vocabulary:
    """Characters <-> integer ids: the sorted distinct characters of a text.

    Vocabulary(text_or_chars): a string, or a list of strings (e.g. names) whose characters
    are pooled. tokens: the sorted characters; id i stands for tokens[i].
    encode(text) -> int64 array (len(text),); decode(ids) -> str; decode(encode(s)) == s.
    """

    kind, separator = "character", ""  # what a token is, and how decode joins tokens

    def __init__(self, text_or_chars):
        if not isinstance(text_or_chars, str):
            if not isinstance(text_or_chars, list | tuple):
                raise TypeError(
                    f"{type(self).__name__} needs a text or a list of texts, got "
                    f"{kind_of(text_or_chars)}"
                )
            text_or_chars = self.separator.join(check_texts(text_or_chars))
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
        tokens = self.split(check_text(text))
        for position, token in enumerate(tokens):
            if token not in self.ids:
                raise ValueError(
                    f"{self.kind} {token!r} (at position {position} of {text!r}) "
                    f"is not in the vocabulary of {len(self)}: {self.tokens}"
                )
        return np.array([self.ids[token] for token in tokens], dtype=np.int64)

    def decode(self, ids):
        """ids (a sequence of ints) -> the text they spell."""
        ids = check_ids(ids, len(self))
        if ids.ndim != 1:
            raise ValueError(
                f"ids must be a sequence of integers in 0..{len(self) - 1}, got shape {ids.shape}"
            )
        return self.separator.join(self.tokens[i] for i in ids)


def check_vocabulary(vocab, name="vocab"):
    """`vocab` if it is a Vocabulary (or a WordVocabulary)."""
    if not isinstance(vocab, Vocabulary):
        raise TypeError(
            f"{name} must be a Vocabulary, e.g. Vocabulary(names), got {kind_of(vocab)}"
        )
    return vocab


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
    size = check_whole(size, "size")
    return np.eye(size, dtype=dtype)[check_ids(ids, size)]


def encode_batch(vocab, texts):
    """Texts -> padded (inputs, targets), both int64 (N, T) with T = longest text + 1.

    inputs[n] = '.' + text, targets[n] = text + '.': at each position the model reads a
    token and must predict the next one. Shorter texts are padded with '.' in inputs and
    PADDING (-1) in targets.
    """
    boundary = boundary_id(vocab)
    encoded = [vocab.encode(text) for text in check_texts(texts)]
    steps = 1 + max(map(len, encoded), default=0)
    inputs = np.full((len(texts), steps), boundary, dtype=np.int64)
    targets = np.full((len(texts), steps), PADDING, dtype=np.int64)
    for n, ids in enumerate(encoded):
        inputs[n, 1 : len(ids) + 1] = ids
        targets[n, : len(ids)] = ids
        targets[n, len(ids)] = boundary
    return inputs, targets


def boundary_id(vocab):
    """The id of the boundary token '.', which a vocabulary for texts must hold."""
    if BOUNDARY not in vocab:
        raise ValueError(
            f"the vocabulary needs the boundary token {BOUNDARY!r}: build it as "
            f"{type(vocab).__name__}(texts + [{BOUNDARY!r}])"
        )
    return vocab.ids[BOUNDARY]
