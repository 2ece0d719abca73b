"""The lesson helpers a student calls from a notebook cell answer bad arguments at the door:
a ValueError (a TypeError for a wrong kind of thing) that names the argument, what was
expected and what was given, never a warning, a NaN, a silent wrong number or an exception
from inside numpy. Each class of bad input below is a parametrised test over the helpers it
applies to; a case is (call, the words the message must hold)."""

import numpy as np
import pytest

import helpers
from helpers.autoencoder import pca_reconstruction, svd_reconstruction
from helpers.cnn import digit_cnn, summary
from helpers.data import load_digits, load_names, split_texts
from helpers.filters import edge_swing, filter_image, match_map, place_diagonal, step_edge
from helpers.gradcheck import gradient_report, numerical_gradient
from helpers.grid import SLIDE_WEIGHTS, all_patterns, neuron_score
from helpers.language_model import (
    RecurrentLanguageModel,
    bigram_loss,
    language_model_loss,
    next_probabilities,
    sample,
    text_batches,
    train_language_model,
)
from helpers.metrics import accuracy, count_params
from helpers.optim import SGD, Adam, clip_grad_norm
from helpers.recall import gradient_reach, recall_accuracy, recall_task, train_recall
from helpers.training import train
from helpers.vocab import Vocabulary, encode_batch, one_hot
from helpers.windows import output_size

LETTERS = Vocabulary(["ab", "ba", "."])
RECALL = (RecurrentLanguageModel(4, 2), *recall_task(8, 3))  # a model, inputs and targets
X, Y = np.ones((6, 3)), np.ones((6, 1))
SEED_RULE = "seed must be a whole number >= 0 or a np.random.Generator"


def dense():
    return helpers.Dense(3, 1, seed=0)


def fit(**change):
    """train() on a small Dense problem with one argument changed."""
    model = dense()
    arguments = {
        "model": model,
        "loss_fn": helpers.mse_loss,
        "data": (X, Y),
        "optimizer": SGD(model.params, 0.1),
        "epochs": 1,
    } | change
    return train(**arguments)


CASES = {
    "train: data of another kind": [
        (lambda: fit(data=(X, Y, Y)), "data must be (X, targets), a pair, got a tuple of 3"),
        (lambda: fit(data=lambda rng: iter(())), "yielded no batches in epoch 1"),
        (lambda: fit(data=lambda: iter([(X, Y)])), "data must be a function rng -> batches"),
        (
            lambda: fit(data=lambda rng: iter([(np.full((6, 3), np.nan), Y)])),
            "batch 1 of epoch 1 holds NaN or infinity in its inputs",
        ),
        (
            lambda: fit(data=lambda rng: iter([(X, np.full((6, 1), np.inf))])),
            "batch 1 of epoch 1 holds NaN or infinity in its targets",
        ),
    ],
    "train: a thing of the wrong kind": [
        (lambda: fit(model="net"), "model must follow the layer protocol"),
        (lambda: fit(model=3), "model must follow the layer protocol"),
        (lambda: fit(loss_fn="mse"), "loss_fn must be a function"),
        (lambda: fit(optimizer=0.1), "optimizer must have a step(grads)"),
        (lambda: fit(optimizer=Adam), "optimizer must have a step(grads), e.g. Adam(model.params)"),
        (lambda: fit(on_epoch="bar"), "on_epoch must be a function"),
        (lambda: fit(evaluate=1.0), "evaluate must be a function"),
    ],
    "train: threads and seeds": [
        (lambda: fit(threads=0), "threads must be a whole number >= 1, got 0"),
        (lambda: fit(threads=-2), "threads must be a whole number >= 1, got -2"),
        (lambda: fit(seed=1.5), "seed must be a whole number >= 0 or a np.random.Generator"),
        (lambda: fit(seed="0"), "seed must be a whole number >= 0 or a np.random.Generator"),
        # every helper that takes a seed: a layer, a model, sampling, the splits, the tasks
        (lambda: helpers.Dense(3, 2, seed="x"), SEED_RULE),
        (lambda: RecurrentLanguageModel(3, 2, seed=1.5), SEED_RULE),
        (lambda: sample(RecurrentLanguageModel(3, 2), LETTERS, 2, seed="a"), SEED_RULE),
        (lambda: split_texts(["a", "b", "c"], seed="x"), SEED_RULE),
        (lambda: recall_task(4, 3, seed=-1), SEED_RULE),
        (lambda: train_recall("rnn", 3, seed=1.5), SEED_RULE),
    ],
    "optim: gradients": [
        (lambda: clip_grad_norm({"W": np.array([1.0, np.nan])}, 1.0), "grads['W'] must be finite"),
        (lambda: clip_grad_norm({"W": np.array([np.inf])}, 1.0), "grads['W'] must be finite"),
        (lambda: clip_grad_norm({"W": [1.0, 2.0]}, 1.0), "grads['W'] must be a float array"),
        (
            lambda: clip_grad_norm({"W": 3}, 1.0),
            "grads['W'] must be a float array (float32 or float64), got int",
        ),
        (lambda: clip_grad_norm({"W": np.ones(2) * 1j}, 1.0), "grads['W'] must be a float array"),
        (
            lambda: SGD({"W": np.ones(2)}).step([np.ones(2)]),
            "grads must have the keys of params, ['W'], got list",
        ),
        (
            lambda: SGD({"W": np.ones(2)}).step({"W": [1.0, 2.0]}),
            "grads['W'] must be a float array (float32 or float64), got list",
        ),
        (
            lambda: Adam({"W": np.ones(2)}).step({"W": np.ones(2, complex)}),
            "grads['W'] must be a float array (float32 or float64), got complex128",
        ),
    ],
    "optim: Adam's and SGD's numbers": [
        (lambda: Adam({}, beta1=1.0), "beta1 must be a number in [0, 1), got 1.0"),
        (lambda: Adam({}, beta1=-0.1), "beta1 must be a number in [0, 1), got -0.1"),
        (lambda: Adam({}, beta2=1.0), "beta2 must be a number in [0, 1), got 1.0"),
        (lambda: Adam({}, beta2=1.5), "beta2 must be a number in [0, 1), got 1.5"),
        (lambda: Adam({}, eps=0.0), "eps must be a number > 0, got 0.0"),
        (lambda: Adam({}, eps=-1e-8), "eps must be a number > 0, got -1e-08"),
        (lambda: SGD({}, momentum="0.9"), "momentum must be a number in [0, 1), got '0.9'"),
        (lambda: SGD({}, momentum=np.nan), "momentum must be a number in [0, 1), got nan"),
    ],
    "text: lists of texts": [
        (
            lambda: train_language_model(RecurrentLanguageModel(3, 2), LETTERS, []),
            "texts holds no texts",
        ),
        (lambda: text_batches(LETTERS, "abba"), "texts must be a list of texts, got one string"),
        (
            lambda: language_model_loss(RecurrentLanguageModel(3, 2), LETTERS, "ab"),
            "texts must be a list of texts, got one string",
        ),
        (lambda: encode_batch(LETTERS, "ab"), "texts must be a list of texts, got one string"),
        (lambda: encode_batch(LETTERS, ["ab", 3]), "texts[1] must be a string, got int"),
        (lambda: bigram_loss(["ab"], [], LETTERS), "test_texts holds no texts"),
        (  # refused before any training, not after the first epoch
            lambda: train_language_model(
                RecurrentLanguageModel(3, 2), LETTERS, ["ab"], test_texts=[]
            ),
            "test_texts holds no texts",
        ),  # fmt: skip
        (lambda: bigram_loss("ab", ["ab"], LETTERS), "train_texts must be a list of texts"),
        (lambda: split_texts("abc"), "texts must be a list of texts, got one string"),
    ],
    "text: a model and a vocabulary that do not fit": [
        (
            lambda: sample(RecurrentLanguageModel(5, 2), LETTERS, 2),
            "the model scores 5 tokens, the vocabulary holds 3",
        ),
        (
            lambda: next_probabilities(RecurrentLanguageModel(5, 2), LETTERS, "a"),
            "the model scores 5 tokens, the vocabulary holds 3",
        ),
        (
            lambda: language_model_loss(RecurrentLanguageModel(5, 2), LETTERS, ["ab"]),
            "the model scores 5 tokens, the vocabulary holds 3",
        ),
        (
            lambda: train_language_model(RecurrentLanguageModel(5, 2), LETTERS, ["ab"]),
            "the model scores 5 tokens, the vocabulary holds 3",
        ),
    ],
    "text: tokens, texts and vocabularies of the wrong kind": [
        (
            lambda: next_probabilities(RecurrentLanguageModel(3, 2), LETTERS, None),
            "prefix must be a string, got None",
        ),
        (lambda: LETTERS.encode(None), "text must be a string, got None"),
        (lambda: LETTERS.encode(12), "text must be a string, got int"),
        (lambda: Vocabulary(None), "Vocabulary needs a text or a list of texts, got None"),
        (lambda: Vocabulary(5), "Vocabulary needs a text or a list of texts, got int"),
        (lambda: Vocabulary(["ab", 3]), "texts[1] must be a string, got int"),
        (lambda: one_hot([0, 1], 2.5), "size must be a whole number >= 1, got 2.5"),
    ],
    "data: fractions, dtypes, paths and records": [
        (lambda: split_texts(["a", "b"], test_fraction=1.5), "test_fraction must be a number"),
        (lambda: split_texts(["a", "b"], test_fraction=0), "test_fraction must be a number"),
        (lambda: split_texts(["a", "b"], test_fraction=np.nan), "test_fraction must be a"),
        (
            lambda: split_texts(["a", "b", "c", "d"], test_fraction=0.01),
            "test_fraction 0.01 of 4 texts leaves no test texts",
        ),
        (
            lambda: split_texts(["a", "b", "c", "d"], test_fraction=0.99),
            "test_fraction 0.99 of 4 texts leaves no training texts",
        ),
        (lambda: load_digits(dtype=np.int32), "dtype must be np.float32 or np.float64"),
        (lambda: load_digits(dtype="foo"), "dtype must be np.float32 or np.float64"),
        (lambda: load_digits(path=3), "path must be a file path (a str or a Path), got int"),
        (lambda: load_names(path=3.0), "path must be a file path (a str or a Path), got float"),
    ],
    "metrics: labels and models": [
        (lambda: accuracy(dense(), X, np.zeros((6, 1), int)), "labels must be integers of shape"),
        (lambda: accuracy(dense(), X, np.array([0])), "labels must be integers of shape (6,)"),
        (lambda: accuracy(dense(), X, np.full(6, 3)), "labels must lie in 0..0 for 1 classes"),
        (lambda: accuracy(dense(), X, np.full(6, -1)), "labels must lie in 0..0"),
        (lambda: accuracy(dense(), X, None), "labels must be integers of shape (6,)"),
        (lambda: accuracy(dense(), X, "000000"), "labels must be integers of shape (6,)"),
        (lambda: count_params("net"), "count_params needs a model with params, got str"),
        (lambda: count_params(None), "count_params needs a model with params, got None"),
        (lambda: count_params({"W": np.ones(3)}), "count_params needs a model with params"),
        (lambda: count_params(helpers.Dense), "got the class Dense: build one first"),
    ],
    "windows: output_size": [
        (lambda: output_size(8, 3, 0, 0), "stride must be a whole number >= 1, got 0"),
        (lambda: output_size(8, 3, -1, 0), "stride must be a whole number >= 1, got -1"),
        (lambda: output_size(8, 3, 1.5, 0), "stride must be a whole number >= 1, got 1.5"),
        (lambda: output_size(4, 7, 1, 1), "kernel 7 is larger than the padded input 6"),
        (lambda: output_size(8, 3, 1, -1), "padding must be a whole number >= 0, got -1"),
    ],
    "autoencoder: pca_reconstruction": [
        (lambda: pca_reconstruction(np.ones((4, 3)), 2.5), "k must be a whole number >= 0"),
        (lambda: pca_reconstruction(np.ones((4, 3)), None), "k must be a whole number >= 0"),
        (lambda: pca_reconstruction(np.ones((4, 3)), "2"), "k must be a whole number >= 0"),
        (lambda: pca_reconstruction(np.ones((4, 3)), True), "k must be a whole number >= 0"),
        (
            lambda: pca_reconstruction(np.ones((4, 3)), 2, basis_of=np.ones((5, 4))),
            "basis_of must have the 3 features of A, got 4",
        ),
        (
            lambda: svd_reconstruction(np.ones((4, 3)), 2, basis_of=np.ones((5, 4))),
            "basis_of must have the 3 features of A, got 4",
        ),
    ],
    "gradcheck: models and steps": [
        (
            lambda: gradient_report(sequential_holding("relu"), X),
            "layer 1 of the Sequential is str, not a layer",
        ),
        (lambda: numerical_gradient(lambda: 0.0, np.ones(2), h=0), "h must be a number > 0"),
        (lambda: numerical_gradient(lambda: 0.0, np.ones(2), h=np.nan), "h must be a number > 0"),
        (lambda: numerical_gradient(3, np.ones(2)), "f must be a function of no argument"),
        (
            lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]),
            "gradient checks need float64 arrays, got list",
        ),
    ],
    "grid: neuron_score": [
        (lambda: neuron_score(SLIDE_WEIGHTS, all_patterns(), np.nan), "bias must be a finite"),
        (lambda: neuron_score(SLIDE_WEIGHTS, all_patterns(), np.inf), "bias must be a finite"),
        (lambda: neuron_score(SLIDE_WEIGHTS, np.ones((3, 4))), "grids must be 2x2 grids"),
        (lambda: neuron_score(SLIDE_WEIGHTS, np.ones((3, 3))), "(n, 2, 2), got (3, 3)"),  # as given
    ],
    "filters: places, directions and images": [
        (lambda: place_diagonal(6, 5, 0), "a diagonal of 3 cells from row 5 does not fit"),
        (lambda: place_diagonal(6, -1, 0), "row must be a whole number >= 0, got -1"),
        (lambda: step_edge("sideways"), "direction must be one of"),
        (lambda: step_edge(["vertical"]), "direction must be one of"),
        (lambda: place_diagonal(6, 0, 0, background=0.5), "background must be a whole number"),
        (lambda: match_map(np.ones((4, 4)) * 1j), "image must hold real numbers"),
        (lambda: edge_swing(np.ones((3, 3)) * 1j, np.ones((6, 6))), "kernel must hold real"),
        (lambda: edge_swing("blur", np.ones((6, 6))), "kernel must hold real numbers"),
        (lambda: match_map(np.ones((4, 4)), bias="1"), "bias must be a finite number, got '1'"),
        (lambda: filter_image(np.ones((4, 4)), np.ones((2, 2)), bias=np.nan), "bias must be a"),
    ],
    "cnn: summary": [
        (lambda: summary("cnn", (1, 1, 8, 8)), "summary needs a model (a layer or a Sequential)"),
        (lambda: summary(digit_cnn(), None), "input_shape must be a tuple of whole numbers"),
        (lambda: summary(digit_cnn(), (1, 1, 8, True)), "input_shape[3] must be a whole number"),
    ],
    "recall: layers, targets and steps": [
        (lambda: gradient_reach(dense(), np.ones((2, 4, 3))), "layer must be an RNN or an LSTM"),
        (lambda: recall_accuracy(*RECALL[:2], RECALL[2][:1]), "targets must be integers"),
        (
            lambda: recall_accuracy(*RECALL[:2], np.ones(8, int)),
            "targets must be integers of shape",
        ),
        (lambda: train_recall("rnn", 3, steps=0), "steps must be a whole number >= 1, got 0"),
        (lambda: train_recall("rnn", 3, batch_size=0), "batch_size must be a whole number >= 1"),
        (lambda: train_recall("rnn", 3, n_symbols=0), "n_symbols must be a whole number >= 1"),
        (
            lambda: gradient_reach(helpers.RNN(3, 4), np.ones((2, 4, 3)) * 1j),
            "x must hold real numbers, got dtype complex128",
        ),
        (
            lambda: recall_accuracy(*RECALL[:2], np.full_like(RECALL[2], 7)),
            "targets[:, -1] must lie in 0..3 for 4 classes, got values from 7 to 7",
        ),
        (lambda: recall_accuracy("m", *RECALL[1:]), "model must follow the layer protocol"),
    ],
    "layers, still": [
        (lambda: helpers.Sequential("x"), "Sequential takes layers: argument 0 is str"),
        (lambda: helpers.MaxPool2D(0), "kernel_size must be a whole number >= 1, got 0"),
        (
            lambda: float32_dense_with_float64_weights().forward(np.ones((2, 3), np.float32)),
            "Dense computes in float32, but its params['W'] is float64",
        ),  # fmt: skip
        (
            lambda: helpers.mse_loss(np.ones(3, np.float32), np.full(3, 1e300)),
            "target (in pred's float32) must be finite",
        ),
        (
            lambda: helpers.softmax_cross_entropy(np.array([[9e307, -9e307]]), np.array([1])),
            "softmax_cross_entropy overflowed: the loss is not finite",
        ),
        (  # the squared error of finite float32 numbers overflows
            lambda: helpers.mse_loss(np.ones(3, np.float32), np.full(3, 3e38, np.float32)),
            "mse_loss overflowed: the loss is not finite (pred or target too large",
        ),
        (
            lambda: helpers.binary_cross_entropy_with_logits(
                np.array([1.7e308, -1.7e308]), np.array([0.0, 1.0])
            ),
            "binary_cross_entropy_with_logits overflowed: the loss is not finite",
        ),
    ],
    "optimizers, clipping, the bigram baseline, finite differences, scores that overflow": [
        (lambda: SGD([np.ones(3)]), "params must be a dict {name: array}, e.g. model.params"),
        (lambda: Adam((np.ones(3),)), "e.g. model.params; got tuple"),
        (lambda: SGD({"W": [1.0, 2.0]}), "params['W'] must be a float array"),
        (lambda: Adam({"W": np.full(2, np.nan)}), "params['W'] must be finite, got 2 NaN"),
        (lambda: clip_grad_norm([np.ones(3)], 1.0), "grads must be a dict {name: array}"),
        (lambda: bigram_loss(["ab"], ["ab"], None), "vocab must be a Vocabulary, e.g. "),
        (
            lambda: numerical_gradient(lambda: float("nan"), np.ones(3)),
            "f gave nan and nan with entry 0 of x moved by +-h: the loss must be finite",
        ),
        (
            lambda: neuron_score(np.full((2, 2), 1e308), np.ones((2, 2))),
            "the weighted sums (weights or grids too large) must be finite, got 1 NaN",
        ),
        (
            lambda: neuron_score(np.full((2, 2), 1e307), np.ones((2, 2)), 1.7e308),
            "the scores z = sums + bias (the bias too large) must be finite",
        ),
    ],
}


def sequential_holding(thing):
    """A Sequential with something that is no layer put into its list after it was built."""
    model = helpers.Sequential(dense())
    model.layers.append(thing)
    return model


def float32_dense_with_float64_weights():
    layer = helpers.Dense(3, 2, dtype=np.float32)
    layer.params["W"] = np.ones((3, 2))  # a student replaces W by a float64 array
    return layer


@pytest.mark.parametrize(
    ("call", "words"),
    [case for cases in CASES.values() for case in cases],
    ids=[f"{name} {i}" for name, cases in CASES.items() for i in range(len(cases))],
)
def test_bad_input_is_named_at_the_door(call, words):
    with pytest.raises((ValueError, TypeError)) as caught:
        call()  # pytest turns any warning into an error: a warning fails the test too
    assert words in str(caught.value), str(caught.value)


VALID = {  # what keeps working: non-square images, whole floats for sizes, a lone layer
    "match_map on a non-square image": lambda: match_map(np.ones((4, 6))).shape == (3, 5),
    "a whole float size": lambda: output_size(8.0, 3.0, 1.0, 0.0) == 6,
    "one_hot of a whole float size": lambda: one_hot([0, 1], 2.0).shape == (2, 2),
    "summary of a lone layer": lambda: "Dense(3, 1)" in summary(dense(), (2, 3)),
    "summary of a whole-float shape": lambda: "(2, 3)" in summary(dense(), (2.0, 3)),
    "a seed as a Generator": lambda: len(fit(seed=np.random.default_rng(0))["loss"]) == 1,
    "Vocabulary of one string": lambda: len(Vocabulary("abc.")) == 4,
    "threads as a whole float": lambda: len(fit(threads=2.0)["loss"]) == 1,
    # a loss of 9e307 is finite, and so is its gradient: logits - max beyond -1.8e308 give
    # e^-inf = 0, silently (pytest turns a warning into an error)
    "softmax at logits far apart": lambda: np.isfinite(
        helpers.softmax_cross_entropy(np.array([[9e307, 0, -9e307]]), np.array([1]))[1]
    ).all(),
}


@pytest.mark.parametrize("name", VALID)
def test_valid_input_keeps_working(name):
    assert VALID[name]()
