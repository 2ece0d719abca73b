"""Wrong input to a layer or an optimizer gets a ValueError that says what was expected and
what was given, never an AttributeError from inside helpers or a NaN that flows on."""

import numpy as np
import pytest

import helpers
from helpers.language_model import RecurrentLanguageModel
from helpers.optim import SGD, Adam

# every layer, with an input it accepts
LAYERS = {
    "Dense": (lambda: helpers.Dense(3, 2), lambda: np.ones((4, 3))),
    "Sigmoid": (helpers.Sigmoid, lambda: np.ones((4, 3))),
    "Tanh": (helpers.Tanh, lambda: np.ones((4, 3))),
    "ReLU": (helpers.ReLU, lambda: np.ones((4, 3))),
    "Flatten": (helpers.Flatten, lambda: np.ones((4, 3, 2))),
    "Conv2D": (lambda: helpers.Conv2D(1, 2, 3), lambda: np.ones((2, 1, 5, 5))),
    "MaxPool2D": (lambda: helpers.MaxPool2D(2), lambda: np.ones((2, 1, 4, 4))),
    "AvgPool2D": (lambda: helpers.AvgPool2D(2), lambda: np.ones((2, 1, 4, 4))),
    "RNN": (lambda: helpers.RNN(3, 2), lambda: np.ones((2, 4, 3))),
    "LSTM": (lambda: helpers.LSTM(3, 2), lambda: np.ones((2, 4, 3))),
    "Sequential": (
        lambda: helpers.Sequential(helpers.Dense(3, 2), helpers.ReLU()),
        lambda: np.ones((4, 3)),
    ),
    "RecurrentLanguageModel": (lambda: RecurrentLanguageModel(5, 3), lambda: np.ones((2, 4), int)),
}


@pytest.mark.parametrize("name", LAYERS)
def test_backward_before_forward_says_so(name):
    make, _ = LAYERS[name]
    layer = make()
    with pytest.raises(ValueError, match=r"\.backward was called before forward: run forward"):
        layer.backward(np.ones((4, 2)))


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


@pytest.mark.parametrize(
    "make",
    [
        lambda d: helpers.Dense(3, 2, dtype=d),
        lambda d: helpers.Conv2D(1, 2, 3, dtype=d),
        lambda d: helpers.RNN(3, 2, dtype=d),
        lambda d: helpers.LSTM(3, 2, dtype=d),
    ],
)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float16, np.complex128, "text"])
def test_weights_must_be_float32_or_float64(make, dtype):
    with pytest.raises(ValueError, match=r"dtype must be np.float32 or np.float64"):
        make(dtype)


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
