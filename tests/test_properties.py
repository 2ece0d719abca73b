"""Property tests: random shapes, dtypes and values through every layer's forward and backward.

Whatever a student feeds a layer, the answer is one of two things: an output of the right
shape and dtype, or a ValueError (the pack's clear error). Never another exception (an
IndexError or a numpy broadcasting message from deep inside), never a warning (pytest turns
warnings into errors here, so an overflow or invalid-value warning fails too).
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from layer_table import LAYERS

from helpers import Dense, Sequential, mse_loss
from helpers.optim import SGD, Adam, clip_grad_norm
from helpers.training import train
from helpers.vocab import Vocabulary, encode_batch

WEIGHT_DTYPES = [np.float32, np.float64]
# the two float dtypes twice as often: most inputs a student tries are floats
INPUT_DTYPES = [np.float64, np.float32] * 2 + [np.float16, np.int64, np.bool_, np.complex128]


@st.composite
def arrays(draw, shape=None):
    """An array of a random shape (or the given one) and dtype, with now and then a NaN, an
    infinity or a number near the top of the float range."""
    if shape is None:
        shape = tuple(draw(st.lists(st.integers(0, 5), min_size=0, max_size=5)))
    dtype = draw(st.sampled_from(INPUT_DTYPES))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = rng.standard_normal(shape) * draw(st.sampled_from([1.0, 1e3, 1e300]))
    if values.size and draw(st.integers(0, 3)) == 0:  # one in four: a bad number
        values.flat[draw(st.integers(0, values.size - 1))] = draw(
            st.sampled_from([np.nan, np.inf, -np.inf, 1e308])
        )
    with np.errstate(over="ignore", invalid="ignore"):  # the cast itself may overflow
        return values.astype(dtype)


def shapes_near(sizes, name):
    """Input shapes a student would try for this layer: mostly the right rank and sizes,
    some with a size wrong or zero."""
    right = LAYERS[name].input_shape(sizes)
    return st.one_of(
        st.just(right),
        st.lists(st.integers(0, 6), min_size=len(right), max_size=len(right)).map(tuple),
        st.lists(st.integers(0, 4), min_size=0, max_size=5).map(tuple),
    )


SIZES = st.tuples(
    st.integers(1, 3),  # in features / channels / input size
    st.integers(1, 3),  # out features / channels / hidden size
    st.integers(1, 3),  # kernel size
    st.integers(1, 2),  # stride
    st.integers(0, 1),  # padding
)


def expected_dtype(name, weight_dtype, x):
    """What the pack promises: a layer with weights computes in their dtype; one without in
    its input's float dtype (float32 or float64; anything else becomes float64)."""
    if LAYERS[name].has_weights:
        return weight_dtype
    return x.dtype if x.dtype in (np.float32, np.float64) else np.float64


@pytest.mark.parametrize("name", LAYERS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), sizes=SIZES, weight_dtype=st.sampled_from(WEIGHT_DTYPES))
def test_forward_and_backward_give_the_right_shape_and_dtype_or_a_value_error(
    name, data, sizes, weight_dtype
):
    make, out_shape = LAYERS[name].make, LAYERS[name].output_shape
    layer = make(weight_dtype, sizes)
    x = data.draw(arrays(data.draw(shapes_near(sizes, name))), label="x")
    try:
        out = layer.forward(x)
    except ValueError as error:
        assert str(error)  # a message to read, whatever the input
        event("forward refused")
        return
    # accepted: the input must be one the layer can take, and the output what it promises
    assert out_shape(x.shape, sizes) == out.shape, f"{x.shape} gave {out.shape}"
    assert out.dtype == expected_dtype(name, weight_dtype, x)
    assert np.all(np.isfinite(out))
    dout = data.draw(
        st.one_of(arrays(out.shape), arrays()), label="dout"
    )  # mostly the right shape, sometimes not
    try:
        dx = layer.backward(dout)
    except ValueError as error:
        assert str(error)
        event("backward refused")
        return
    event("both accepted")
    assert dout.shape == out.shape
    assert dx.shape == x.shape
    assert dx.dtype == out.dtype
    assert np.all(np.isfinite(dx))
    for key, grad in layer.grads.items():
        assert grad.shape == layer.params[key].shape and grad.dtype == weight_dtype


def test_the_property_test_reaches_both_outcomes():
    """The strategies are not all refused: each layer's right input passes forward and
    backward, and a wrong one is refused (so the property above checks both branches)."""
    for row in LAYERS.values():
        sizes = (2, 3, 2, 1, 0)
        layer = row.make(np.float64, sizes)
        x = np.ones(row.input_shape(sizes))
        out = layer.forward(x)
        assert out.shape == row.output_shape(x.shape, sizes)
        assert layer.backward(np.ones_like(out)).shape == x.shape
        with pytest.raises(ValueError):
            layer.forward(np.ones((0,) + x.shape[1:]))  # an empty batch


# --- the lesson helpers: optimizers, the training loop, text -----------------------------


@st.composite
def gradients(draw, params):
    """grads for `params`: mostly right, sometimes of another shape, dtype or kind, with now
    and then a bad number, a missing key or a list."""
    grads = {}
    for key, p in params.items():
        kind = draw(st.sampled_from(["right"] * 4 + ["shape", "list", "missing"]))
        if kind == "missing":
            continue
        shape = p.shape if kind != "shape" else tuple(s + 1 for s in p.shape)
        g = draw(arrays(shape))
        grads[key] = g.tolist() if kind == "list" else g
    return grads


@pytest.mark.parametrize("optimizer", [SGD, Adam])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_an_optimizer_steps_finitely_or_refuses_and_leaves_the_weights(optimizer, data):
    params = {"W": np.ones((2, 3)), "b": np.zeros(3)}
    before = {k: v.copy() for k, v in params.items()}
    step = optimizer(params, 0.01)
    grads = data.draw(gradients(params), label="grads")
    try:
        step.step(grads)
    except (ValueError, TypeError) as error:
        assert str(error)
        for key, value in params.items():
            np.testing.assert_array_equal(value, before[key])
        event("refused")
        return
    event("stepped")
    assert all(np.all(np.isfinite(v)) and v.dtype == np.float64 for v in params.values())


@settings(max_examples=150, deadline=None)
@given(data=st.data(), max_norm=st.one_of(st.floats(-1, 10), st.sampled_from([np.nan, "1"])))
def test_clipping_gives_a_norm_at_most_max_norm_or_refuses(data, max_norm):
    grads = data.draw(gradients({"W": np.ones((2, 2)), "b": np.ones(2)}), label="grads")
    try:
        norm = clip_grad_norm(grads, max_norm)
    except (ValueError, TypeError) as error:
        assert str(error)
        event("refused")
        return
    event("clipped")
    after = np.sqrt(sum(np.sum(np.square(g, dtype=np.float64)) for g in grads.values()))
    assert np.isfinite(norm) and after <= max_norm * (1 + 1e-6) + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(),
    targets=arrays(),
    epochs=st.sampled_from([0, 1, 2, 1.0, -1, 2.5]),
    batch_size=st.sampled_from([1, 2, 64, 0, 1.5]),
)
def test_train_gives_a_history_or_a_clear_error(x, targets, epochs, batch_size):
    model = Sequential(Dense(3, 1, seed=0))
    try:
        history = train(model, mse_loss, (x, targets), SGD(model.params, 0.01), epochs,
                        batch_size=batch_size)  # fmt: skip
    except (ValueError, TypeError, FloatingPointError) as error:
        assert str(error)
        event("refused")
        return
    event("trained")
    assert len(history["loss"]) == int(epochs) and np.all(np.isfinite(history["loss"]))


TOKENS = st.text(alphabet="ab. Z", max_size=6)  # 'Z' and ' ' are not in the vocabulary


@settings(max_examples=150, deadline=None)
@given(texts=st.one_of(st.lists(TOKENS, max_size=4), TOKENS, st.none(), st.integers()))
def test_text_helpers_encode_what_they_know_or_say_what_they_do_not(texts):
    letters = Vocabulary(["ab", "."])
    try:
        inputs, targets = encode_batch(letters, texts)
    except (ValueError, TypeError) as error:
        assert str(error)
        event("refused")
        return
    event("encoded")
    assert inputs.shape == targets.shape == (len(texts), 1 + max(map(len, texts)))
    for row, text in zip(inputs, texts, strict=True):
        assert letters.decode(row[1 : len(text) + 1]) == text  # the text itself, after '.'
