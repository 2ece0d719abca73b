"""Wrong input to a layer or an optimizer gets a ValueError that says what was expected and
what was given, never an AttributeError from inside helpers or a NaN that flows on."""

import numpy as np
import pytest
from layer_table import LAYERS as TABLE
from layer_table import SIZES as SIZES_OF_THE_TABLE
from layer_table import build

import helpers
from helpers.autoencoder import linear_autoencoder, reconstruction_errors
from helpers.gradcheck import relative_error
from helpers.grammar import make_corpus, make_sentence
from helpers.grid import SLIDE_WEIGHTS, grey_grids, weighted_sums, weighted_terms
from helpers.language_model import RecurrentLanguageModel, sample
from helpers.losses import sequence_cross_entropy
from helpers.next_word import context_windows
from helpers.optim import SGD, Adam
from helpers.recall import recall_task
from helpers.training import train
from helpers.vocab import Vocabulary, WordVocabulary

# every layer of the table, with an input it accepts, and the language model, which takes ids
LAYERS = {
    **{name: (lambda n=name: build(n)[0], lambda n=name: build(n)[1]) for name in TABLE},
    "RecurrentLanguageModel": (lambda: RecurrentLanguageModel(5, 3), lambda: np.ones((2, 4), int)),
}


@pytest.mark.parametrize("name", LAYERS)
def test_backward_before_forward_says_so(name):
    make, _ = LAYERS[name]
    layer = make()
    with pytest.raises(ValueError, match=r"\.backward was called before forward: run forward"):
        layer.backward(np.ones((4, 2)))


def test_a_forward_that_failed_leaves_backward_nothing_to_work_on():
    """A Sequential whose second forward stops midway (Flatten refuses a vector) must not
    backpropagate through the half-updated layers of the first."""
    model = helpers.Sequential(
        helpers.Dense(3, 4, seed=0), helpers.Flatten(), helpers.Dense(4, 2, seed=1)
    )
    model.forward(np.ones((4, 3)))
    with pytest.raises(ValueError, match="Flatten expects"):
        model.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"\.backward was called before forward"):
        model.backward(np.ones((4, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", LAYERS)
def test_a_non_finite_dout_is_refused(name, bad):
    make, x = LAYERS[name]
    layer = make()
    out = layer.forward(x())
    dout = np.ones_like(out)
    dout.flat[-1] = bad
    with pytest.raises(ValueError, match=r"dout must be finite, got 1 NaN or infinite value"):
        layer.backward(dout)


@pytest.mark.parametrize("name", TABLE)
def test_a_float64_dout_beyond_float32s_range_is_refused_without_a_warning(name):
    layer, x = build(name, np.float32)  # weights in float32, or a float32 input
    out = layer.forward(x)
    dout = np.full(out.shape, 1e300)  # finite in float64, infinite once made float32
    with pytest.raises(ValueError, match=r"dout \(in the layer's float32\) must be finite"):
        layer.backward(dout)


@pytest.mark.parametrize("name", [n for n in LAYERS if n != "RecurrentLanguageModel"])
def test_complex_input_is_refused_not_silently_made_real(name):
    make, x = LAYERS[name]
    with pytest.raises(ValueError, match=r"x must hold real numbers, got dtype complex128"):
        make().forward(x() + 1j)


@pytest.mark.parametrize("name", LAYERS)
def test_dout_of_the_wrong_shape_names_both_shapes(name):
    make, x = LAYERS[name]
    layer = make()
    out = layer.forward(x())
    with pytest.raises(ValueError, match=rf"expects dout of shape {re_shape(out.shape)}.*got"):
        layer.backward(np.ones(out.shape + (1,)))


def re_shape(shape):
    return str(shape).replace("(", r"\(").replace(")", r"\)")


SIZES = {
    "Dense in_features": lambda v: helpers.Dense(v, 3),
    "Dense out_features": lambda v: helpers.Dense(3, v),
    "Conv2D in_channels": lambda v: helpers.Conv2D(v, 2, 3),
    "Conv2D out_channels": lambda v: helpers.Conv2D(1, v, 3),
    "Conv2D kernel_size": lambda v: helpers.Conv2D(1, 2, v),
    "Conv2D stride": lambda v: helpers.Conv2D(1, 2, 3, stride=v),
    "RNN input_size": lambda v: helpers.RNN(v, 3),
    "RNN hidden_size": lambda v: helpers.RNN(3, v),
    "LSTM hidden_size": lambda v: helpers.LSTM(3, v),
}


@pytest.mark.parametrize("bad", [0, -1, 2.5, "3", None, True, np.nan])
@pytest.mark.parametrize("what", SIZES)
def test_sizes_must_be_whole_numbers_of_at_least_one(what, bad):
    name = what.split()[1]
    with pytest.raises(ValueError, match=rf"{name} must be a whole number >= 1, got"):
        SIZES[what](bad)


@pytest.mark.parametrize("what", SIZES)
def test_a_whole_float_size_is_taken_as_that_number(what):
    layer = SIZES[what](2.0)
    name = what.split()[1]
    assert getattr(layer, name) == 2 and isinstance(getattr(layer, name), int)


@pytest.mark.parametrize("name", [n for n, row in TABLE.items() if row.has_weights])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float16, np.complex128, "text"])
def test_weights_must_be_float32_or_float64(name, dtype):
    with pytest.raises(ValueError, match=r"dtype must be np.float32 or np.float64"):
        TABLE[name].make(dtype, SIZES_OF_THE_TABLE)


@pytest.mark.parametrize("optimizer", [SGD, Adam])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_an_optimizer_refuses_non_finite_gradients_and_leaves_the_weights(optimizer, bad):
    layer = helpers.Dense(3, 2)
    before = layer.params["W"].copy()
    grads = {"W": np.ones((3, 2)), "b": np.ones(2)}
    grads["W"][1, 1] = bad
    with pytest.raises(ValueError, match=r"grads\['W'\] must be finite"):
        optimizer(layer.params).step(grads)
    np.testing.assert_array_equal(layer.params["W"], before)


@pytest.mark.parametrize("optimizer", [SGD, Adam])
def test_an_optimizer_names_missing_or_misshapen_gradients(optimizer):
    layer = helpers.Dense(3, 2)
    with pytest.raises(ValueError, match=r"grads must have the keys of params, \['W', 'b'\]"):
        optimizer(layer.params).step({"W": np.ones((3, 2))})
    with pytest.raises(ValueError, match=r"grads\['b'\] must have the shape of its param, \(2,\)"):
        optimizer(layer.params).step({"W": np.ones((3, 2)), "b": np.ones(3)})


@pytest.mark.parametrize("bad", [0, -0.1, np.nan, np.inf, "0.1", None])
@pytest.mark.parametrize("optimizer", [SGD, Adam, helpers.LogisticRegression])
def test_learning_rates_must_be_positive_numbers(optimizer, bad):
    make = (lambda lr: optimizer(learning_rate=lr)) if optimizer is helpers.LogisticRegression \
        else (lambda lr: optimizer({}, lr))  # fmt: skip
    with pytest.raises(ValueError, match="learning_rate must be a number > 0, got"):
        make(bad)


@pytest.mark.parametrize(
    "call",
    [
        lambda v: helpers.conv2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), stride=v),
        lambda v: helpers.max_pool2d(np.ones((1, 1, 4, 4)), 2, stride=v),
        lambda v: helpers.avg_pool2d(np.ones((1, 1, 4, 4)), 2, stride=v),
    ],
)
def test_a_whole_float_stride_is_used_and_a_fraction_refused(call):
    np.testing.assert_array_equal(call(2.0), call(2))
    with pytest.raises(ValueError, match=r"stride must be a whole number >= 1, got 1.5"):
        call(1.5)


@pytest.mark.parametrize("name", LAYERS)
def test_an_empty_batch_is_named_by_every_layer(name):
    make, x = LAYERS[name]
    empty = x()[:0]
    with pytest.raises(ValueError, match=r"holds no examples: got shape \(0, .*N = 0"):
        make().forward(empty)


LOSSES = {
    "mse_loss": lambda n: helpers.mse_loss(np.zeros((n, 2)), np.zeros((n, 2))),
    "binary_cross_entropy": lambda n: helpers.binary_cross_entropy(
        np.full((n, 1), 0.5), np.zeros((n, 1))
    ),
    "binary_cross_entropy_with_logits": lambda n: helpers.binary_cross_entropy_with_logits(
        np.zeros((n, 1)), np.zeros((n, 1))
    ),
    "softmax_cross_entropy": lambda n: helpers.softmax_cross_entropy(
        np.zeros((n, 3)), np.zeros(n, int)
    ),
    "sequence_cross_entropy": lambda n: sequence_cross_entropy(
        np.zeros((n, 2, 3)), np.zeros((n, 2), int)
    ),
}


@pytest.mark.parametrize("name", LOSSES)
def test_every_loss_names_an_empty_batch_and_works_on_one_example(name):
    loss, grad = LOSSES[name](1)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    with pytest.raises(ValueError, match=r"holds no examples: got shape \(0,"):
        LOSSES[name](0)


BROADCASTING = {  # name: (call, what the message must say)
    "relative_error": (
        lambda: relative_error(np.ones(3), np.ones(1)),
        r"must have the same shape, got \(3,\) and \(1,\)",
    ),
    "reconstruction_errors": (
        lambda: reconstruction_errors(np.ones((4, 3)), np.ones((1, 3))),
        r"must have the same shape, got \(4, 3\) and \(1, 3\)",
    ),
    "weighted_terms, several grids": (
        lambda: weighted_terms(SLIDE_WEIGHTS, np.ones((3, 2, 2))),
        r"grid must be one 2x2 grid, shape \(2, 2\), got \(3, 2, 2\)",
    ),
    "weighted_terms, several weights": (
        lambda: weighted_terms(np.ones((3, 2, 2)), np.ones((2, 2))),
        r"weights must be one 2x2 grid, shape \(2, 2\), got \(3, 2, 2\)",
    ),
    "weighted_sums, several weights": (
        lambda: weighted_sums(np.ones((3, 2, 2)), np.ones((2, 2))),
        r"weights must be one 2x2 grid, shape \(2, 2\), got \(3, 2, 2\)",
    ),
}


@pytest.mark.parametrize("name", BROADCASTING)
def test_shapes_that_broadcast_but_mean_nothing_are_refused(name):
    call, message = BROADCASTING[name]
    with pytest.raises(ValueError, match=message):
        call()


LESSON_SIZES = {
    "make_corpus n_sentences": lambda v: make_corpus(v),
    "recall_task n": lambda v: recall_task(v, 3),
    "context_windows window": lambda v: context_windows(WordVocabulary(["a b", "."]), ["a b"], v),
    "sample n": lambda v: sample(RecurrentLanguageModel(3, 2), Vocabulary("ab."), v),
    "sample max_length": lambda v: sample(
        RecurrentLanguageModel(3, 2), Vocabulary("ab."), 2, max_length=v
    ),  # fmt: skip
    "train epochs": lambda v: train(
        helpers.Dense(1, 1), helpers.mse_loss, (np.ones((2, 1)), np.ones((2, 1))), SGD({}), v
    ),  # fmt: skip
    "train batch_size": lambda v: train(
        helpers.Dense(1, 1),
        helpers.mse_loss,
        (np.ones((2, 1)), np.ones((2, 1))),
        SGD({}),
        1,
        batch_size=v,
    ),  # fmt: skip
}


@pytest.mark.parametrize("bad", [-1, 2.5, "4", None])
@pytest.mark.parametrize("what", LESSON_SIZES)
def test_lesson_helpers_check_their_sizes_at_the_door(what, bad):
    name = what.split()[-1]
    with pytest.raises(ValueError, match=rf"{name} must be a whole number >= [01], got"):
        LESSON_SIZES[what](bad)


@pytest.mark.parametrize("bad", [0, -1.0, np.nan, np.inf, "1", None])
def test_sampling_temperature_must_be_a_positive_number(bad):
    with pytest.raises(ValueError, match=r"temperature must be > 0"):
        sample(RecurrentLanguageModel(3, 2), Vocabulary("ab."), 2, temperature=bad)


@pytest.mark.parametrize("call", [lambda r: grey_grids(4, r), lambda r: make_sentence(r)])
def test_an_int_where_a_generator_is_expected_is_named(call):
    with pytest.raises(ValueError, match=r"rng must be a np.random.Generator, .* got int"):
        call(506)


def test_absurd_but_finite_losses_are_reported_as_divergence():
    model = helpers.Sequential(helpers.Dense(2, 1, seed=0))
    X = np.random.default_rng(0).standard_normal((64, 2))
    message = r"diverged at epoch \d+, batch \d+: the loss grew to .* learning rate than 1e\+09"
    with pytest.raises(FloatingPointError, match=message):
        train(model, helpers.mse_loss, (X, X[:, :1]), SGD(model.params, 1e9), 5, batch_size=8)


@pytest.mark.parametrize(
    ("big", "dtype"),
    [(1e308, np.float64), (-1e308, np.float64), (3e38, np.float32), (-3e38, np.float32)],
)
@pytest.mark.parametrize(
    "call",
    [helpers.sigmoid, helpers.tanh, helpers.relu, helpers.softmax,
     lambda x: helpers.softmax_cross_entropy(x.reshape(1, -1), np.array([0]))],
)  # fmt: skip
def test_the_finiteness_check_itself_never_overflows(call, big, dtype):
    result = call(np.array([big, big, 1.0], dtype))  # pytest turns any warning into an error
    parts = result if isinstance(result, tuple) else (result,)
    assert all(np.all(np.isfinite(part)) for part in parts)


def test_a_nan_made_inside_a_sequential_is_named_with_the_layer_that_made_it():
    """Inside a Sequential the layers hand each other their results unchecked; a NaN that a
    broken layer makes midway is found when the Sequential's forward or backward returns,
    before the loss or an optimizer ever sees it, and the message names that layer."""

    class BrokenForward(helpers.ReLU):
        def _forward(self, x):
            return super()._forward(x) * np.nan

    class BrokenBackward(helpers.ReLU):
        def _backward(self, dout):
            return super()._backward(dout) * np.nan

    model = helpers.Sequential(helpers.Dense(3, 2), BrokenForward(), helpers.Dense(2, 1))
    with pytest.raises(
        ValueError,
        match=r"Sequential\.forward overflowed: the result is not finite in float64 "
        r"\(first made by layer 1, BrokenForward\(\)\)",
    ):
        model.forward(np.ones((4, 3)))
    model = helpers.Sequential(
        helpers.Dense(3, 2), BrokenBackward(), helpers.Dense(2, 2), helpers.Dense(2, 1)
    )
    model.forward(np.ones((4, 3)))
    with pytest.raises(
        ValueError,
        match=r"Sequential\.backward overflowed: the result is not finite in float64 "
        r"\(first made by layer 1, BrokenBackward\(\)\)",
    ):
        model.backward(np.ones((4, 1)))


def test_an_overflow_inside_a_sequential_is_named_with_the_layer_it_happened_in():
    """Finite numbers that overflow in the third layer's product: the first two layers'
    outputs are finite, so the message points at layer 2, not at the chain as a whole."""
    model = helpers.Sequential(helpers.Dense(3, 2), helpers.Tanh(), helpers.Dense(2, 1))
    model.layers[0].params["W"][:] = 1.0  # tanh(3) = 0.995 in both units
    model.layers[2].params["W"][:] = 1e308  # 2 * 0.995e308 is beyond float64's 1.8e308
    with pytest.raises(ValueError, match=r"first made by layer 2, Dense\(2, 1\)"):
        model.forward(np.ones((4, 3)))


def test_a_nan_made_inside_nested_layers_is_traced_to_the_innermost():
    """An autoencoder is a Sequential of Sequentials, a language model an RNN then a Dense:
    the message follows the NaN into the part that made it."""
    model = linear_autoencoder(4, 2)
    model.decoder.layers[0].params["W"][:] = 1e300
    with pytest.raises(
        ValueError,
        match=r"Autoencoder\.forward overflowed: .*\(first made by layer 1, "
        r"Sequential\(Dense\(2, 4\)\) \(first made by layer 0, Dense\(2, 4\)\)\)",
    ):
        model.forward(np.full((1, 4), 1e10))
    model = RecurrentLanguageModel(3, 2)
    model.output.params["W"][:] = 1.7e308
    model.output.params["b"][:] = 1.7e308
    with pytest.raises(ValueError, match=r"first made by its output layer, Dense\(2, 3\)"):
        model.forward([[0, 1]])


def test_a_forward_that_overflows_leaves_backward_nothing_to_work_on():
    layer = helpers.Dense(2, 2)
    layer.params["W"][:] = 1e200
    with pytest.raises(ValueError, match=r"Dense\.forward overflowed"):
        layer.forward(np.full((1, 2), 1e200))
    with pytest.raises(ValueError, match=r"Dense\.backward was called before forward"):
        layer.backward(np.ones((1, 2)))


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        ([], r"ids holds no examples: got shape \(0,\), with N = 0"),
        ([[]], r"ids must hold T >= 1 tokens per text, got shape \(1, 0\)"),
        ([[0.5]], r"ids must be integers in 0\.\.2"),
        ([[3]], r"ids must be integers in 0\.\.2, got int64 from 3 to 3"),
    ],
)
def test_a_language_model_names_bad_ids(ids, words):
    with pytest.raises(ValueError, match=words):
        RecurrentLanguageModel(3, 2).forward(ids)


def test_a_language_model_continues_from_named_states():
    model = RecurrentLanguageModel(3, 2, "lstm", seed=0)
    whole = model.forward([[0, 1, 2]])
    model.forward([[0]])
    h, c = model.recurrent.final_state
    np.testing.assert_allclose(model.forward([[1, 2]], h0=h, c0=c), whole[:, 1:], rtol=1e-12)
    with pytest.raises(TypeError, match=r"forward takes \('x', 'h0'\), got more inputs"):
        RecurrentLanguageModel(3, 2).forward([[0]], np.zeros((1, 2)), np.zeros((1, 2)))


# the layers with weights, whose products can overflow; a Sequential leaves its layers'
# gradients to the optimizer (Sequential.checked_grads), so it is tested apart
OVERFLOWING = [n for n, row in TABLE.items() if row.has_weights and n != "Sequential"]


@pytest.mark.parametrize("name", OVERFLOWING)
def test_finite_numbers_that_overflow_in_a_product_are_named_not_warned(name):
    """1e300 is finite and passes every input check, but dL/dW = x^T dout at 1e300 * 1e300
    is not: the layer names itself and the overflow (found by the property test)."""
    layer, x = build(name)
    for value in layer.params.values():
        value[:] = 0.0  # the forward stays finite, and no tanh saturates to a zero slope
    out = layer.forward(np.full(x.shape, 1e300))
    with pytest.raises(ValueError, match=rf"{name}\.backward overflowed: .* is not finite"):
        layer.backward(np.full(out.shape, 1e300))


def test_an_overflow_in_a_sequentials_gradients_is_named_by_the_optimizer():
    """Sequential.backward checks the dx it hands back; each layer's grads are checked once,
    by the optimizer that takes them, which names the layer and leaves every weight alone."""
    model, x = build("Sequential")
    for value in model.params.values():
        value[:] = 0.0
    out = model.forward(np.full(x.shape, 1e300))
    model.backward(np.full(out.shape, 1e300))  # dx = dout W^T = 0: finite
    before = {key: value.copy() for key, value in model.params.items()}
    with pytest.raises(ValueError, match=r"grads\['0.W'\] must be finite, got 6 NaN or inf"):
        SGD(model.params).step(model.grads)
    for key, value in model.params.items():
        np.testing.assert_array_equal(value, before[key])


@pytest.mark.parametrize("name", ["Dense", "Conv2D"])
def test_a_forward_sum_that_overflows_is_named(name):
    layer, x = build(name)
    layer.params["W"][:] = 1.0  # every output sums several inputs of 1e308
    with pytest.raises(ValueError, match=rf"{name}\.forward overflowed: the result"):
        layer.forward(np.full(x.shape, 1e308))
