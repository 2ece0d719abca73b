"""gradient_report: every gradient of a network against finite differences, and where a
planted bug is; then the widget on top of it, driven from Python."""

import time

import numpy as np
import pytest

import helpers
from helpers.gradcheck import gradient_report, layer_gradient_errors
from helpers.widgets import GradientDebugger


class ForgetfulSigmoid(helpers.Sigmoid):
    """Backward uses y instead of the derivative y (1 - y)."""

    def _backward(self, dout):
        return dout * self.y


class DoubledDense(helpers.Dense):
    """Backward doubles dL/dW; dx and db stay right."""

    def _backward(self, dout):
        dx = super()._backward(dout)
        self.grads["W"] = 2 * self.grads["W"]
        return dx


class UntransposedDense(helpers.Dense):
    """Backward forgets the transpose in dx = dout W^T (a square W hides it from the shapes)."""

    def _backward(self, dout):
        super()._backward(dout)
        return dout @ self.params["W"]


class TransposedGradientDense(helpers.Dense):
    """Backward hands back dL/dW transposed: the wrong shape."""

    def _backward(self, dout):
        dx = super()._backward(dout)
        self.grads["W"] = self.grads["W"].T
        return dx


def network(*middle):
    """Dense(3, 4), then the `middle` layers (4 features in and out), then Dense(4, 2)."""
    rng = np.random.default_rng(0)
    return helpers.Sequential(helpers.Dense(3, 4, seed=rng), *middle, helpers.Dense(4, 2, seed=rng))


X = np.random.default_rng(1).standard_normal((5, 3))


def test_a_correct_network_passes_every_row():
    report = gradient_report(network(helpers.Sigmoid()), X)
    assert [row.name for row in report.rows] == [
        "layer 2 Dense: W",
        "layer 2 Dense: b",
        "layer 2 Dense: dx",
        "layer 1 Sigmoid: dx",
        "layer 0 Dense: W",
        "layer 0 Dense: b",
        "layer 0 Dense: dx",
    ]
    assert [row.shape for row in report.rows] == [
        (4, 2),
        (2,),
        (5, 4),
        (5, 4),
        (3, 4),
        (4,),
        (5, 3),
    ]
    assert all(row.ok and row.worst is None for row in report.rows)
    assert max(max(row.in_model, row.alone) for row in report.rows) < 1e-7
    assert report.first_bad is None
    text = str(report)
    assert "✘" not in text and "→" not in text
    assert text.endswith("every gradient agrees with finite differences (within 1e-06)")
    assert repr(report) == "GradientReport(7 gradients, first_bad=None)"


@pytest.mark.parametrize(
    ("middle", "buggy", "key", "inherited"),
    [
        ((ForgetfulSigmoid(),), 1, "dx", True),
        ((helpers.Sigmoid(), DoubledDense(4, 4, seed=2)), 2, "W", False),
        ((helpers.Tanh(), UntransposedDense(4, 4, seed=2)), 2, "dx", True),
        ((UntransposedDense(4, 4, seed=2), helpers.Sigmoid()), 1, "dx", True),
    ],
)
def test_a_planted_bug_is_named_at_its_layer(middle, buggy, key, inherited):
    report = gradient_report(network(*middle), X)
    bad = report.first_bad
    assert (bad.layer, bad.layer_name, bad.key) == (buggy, type(middle[buggy - 1]).__name__, key)
    assert not bad.alone_ok and not bad.in_model_ok and bad.worst is not None
    # the layers after it are untouched, and alone only the buggy layer disagrees
    assert all(row.ok for row in report.rows if row.layer > buggy)
    assert {row.layer for row in report.rows if not row.alone_ok} == {buggy}
    # a wrong dx is inherited by every gradient before it; a wrong dW by none
    before = [row.in_model_ok for row in report.rows if row.layer < buggy]
    assert not any(before) if inherited else all(before)
    text = str(report)
    assert f"→ {bad.name}" in text and "✘" in text
    assert f"backward disagrees first at layer {buggy} ({bad.layer_name}): {key}, worst at" in (
        report.verdict
    )
    assert ("inherit the error" in report.verdict) == inherited


def test_the_worst_index_is_where_backward_and_finite_differences_differ_most():
    report = gradient_report(network(ForgetfulSigmoid()), X)
    row = report.first_bad
    layer = network(ForgetfulSigmoid()).layers[1]
    h = helpers.Sequential(*network().layers[:1]).forward(X)  # what layer 1 receives
    R = np.random.default_rng(0).standard_normal(h.shape)  # the report's dout, for seed 0
    layer.forward(h)
    wrong, right = layer.backward(R), R * layer.y * (1 - layer.y)
    assert row.worst == np.unravel_index(np.argmax(np.abs(wrong - right)), h.shape)
    assert f"worst at [{row.worst[0]}, {row.worst[1]}]" in str(report)


def test_two_bugs_name_the_one_nearer_the_output_and_mention_the_other():
    report = gradient_report(network(DoubledDense(4, 4, seed=2), ForgetfulSigmoid()), X)
    assert report.first_bad.name == "layer 2 ForgetfulSigmoid: dx"
    assert report.verdict.endswith("; alone, another bug shows in layer 1")


def test_a_layer_used_twice_is_right_alone_and_wrong_in_the_model():
    sigma = helpers.Sigmoid()
    model = helpers.Sequential(helpers.Dense(3, 4, seed=0), sigma, helpers.Dense(4, 4), sigma)
    report = gradient_report(model, X)
    assert all(row.alone_ok for row in report.rows)
    assert report.first_bad.name == "layer 1 Sigmoid: dx"
    assert "a layer object used twice keeps only its last forward" in report.verdict


def test_a_single_layer_gets_its_params_and_dx_and_agrees_with_layer_gradient_errors():
    layer = DoubledDense(3, 2, seed=0)
    report = gradient_report(layer, X, seed=3)
    assert [row.name for row in report.rows] == [
        "layer 0 DoubledDense: W",
        "layer 0 DoubledDense: b",
        "layer 0 DoubledDense: dx",
    ]
    errors = layer_gradient_errors(layer, X, seed=3)
    assert [row.alone for row in report.rows] == [errors["W"], errors["b"], errors["x"]]
    assert [row.in_model for row in report.rows] == [row.alone for row in report.rows]
    assert report.first_bad.key == "W" and report.verdict.startswith("backward disagrees first")


def test_the_caller_s_input_and_the_weights_are_left_as_they_were():
    model, x = network(helpers.Sigmoid()), X.copy()
    weights = {k: p.copy() for k, p in model.params.items()}
    gradient_report(model, x)
    np.testing.assert_array_equal(x, X)
    for k, p in model.params.items():
        np.testing.assert_array_equal(p, weights[k])


def test_a_small_network_reports_in_well_under_a_second():
    model = network(helpers.Sigmoid())
    start = time.perf_counter()
    gradient_report(model, X)
    assert time.perf_counter() - start < 0.5


def test_a_gradient_of_the_wrong_shape_is_named_with_its_layer():
    model = helpers.Sequential(helpers.Dense(3, 4), TransposedGradientDense(4, 2))
    with pytest.raises(ValueError, match=r"layer 1 TransposedGradientDense's backward gives W of "):
        gradient_report(model, X)


@pytest.mark.parametrize(
    ("model", "x", "message"),
    [
        (helpers.Dense(3, 2, dtype=np.float32), X, "gradient checks need float64.*float32"),
        (network(helpers.ReLU()).layers[0].params["W"], X, "must be a layer or a Sequential"),
        (helpers.Sequential(), X, "without layers"),
        (
            network(helpers.Sigmoid()),
            X[:, :2],
            r"expects input of shape \(\.\.\., 3\), got \(5, 2\)",
        ),
        (network(helpers.Sigmoid()), np.full((5, 3), np.nan), "x must be finite"),
        (network(helpers.Sigmoid()), X + 1j, "x must hold real numbers"),
        (network(helpers.Sigmoid()), X[:0], "no examples"),
    ],
)
def test_bad_input_says_what_was_expected(model, x, message):
    with pytest.raises(ValueError, match=message):
        gradient_report(model, x)


@pytest.mark.parametrize(("name", "value"), [("h", 0.0), ("h", -1e-6), ("tolerance", np.nan)])
def test_the_step_and_the_tolerance_must_be_positive(name, value):
    with pytest.raises(ValueError, match=f"{name} must be a number > 0, got"):
        gradient_report(network(helpers.Sigmoid()), X, **{name: value})


def shown_text(output):
    """The text an Output widget shows (it must show exactly one stream)."""
    (item,) = output.outputs
    assert item["output_type"] == "stream" and item["name"] == "stdout"
    return item["text"]


@pytest.fixture
def debugger():
    return GradientDebugger(network(ForgetfulSigmoid()), (3,), max_batch=6)


def test_the_debugger_starts_on_the_whole_model(debugger):
    assert debugger.layer.options == (
        "whole model",
        "layer 0: Dense(3, 4)",
        "layer 1: ForgetfulSigmoid()",
        "layer 2: Dense(4, 2)",
    )
    assert (debugger.batch.value, debugger.batch.max) == (4, 6)
    text = shown_text(debugger.output)
    assert text == debugger.text() + "\n" == str(debugger.report) + "\n"
    assert "on x (4, 3)" in text and "→ layer 1 ForgetfulSigmoid: dx" in text
    assert repr(debugger) == "GradientDebugger(show='whole model', N=4)"
    assert all(control.description for control in (debugger.layer, debugger.batch))


def shown_rows(text):
    """The names of the gradients a report's text lists, in order."""
    return [line[2:].split("  ")[0] for line in text.split("\n") if line[2:].startswith("layer ")]


def test_the_dropdown_shows_one_layer_s_rows_and_the_slider_the_batch(debugger):
    debugger.layer.value = "layer 0: Dense(3, 4)"
    text = shown_text(debugger.output)
    assert shown_rows(text) == ["layer 0 Dense: W", "layer 0 Dense: b", "layer 0 Dense: dx"]
    # the verdict on the whole model, wrapped at 100 characters
    assert " ".join(text.split()).endswith(debugger.report.verdict)
    debugger.batch.value = 2
    text = shown_text(debugger.output)
    assert "on x (2, 3)" in text and "layer 0 Dense: dx  (2, 3)" in text
    assert debugger.report.x_shape == (2, 3)
    assert repr(debugger) == "GradientDebugger(show='layer 0: Dense(3, 4)', N=2)"
    debugger.layer.value = "whole model"
    assert len(shown_rows(shown_text(debugger.output))) == 7


def test_the_debugger_refuses_a_shape_that_is_not_one():
    with pytest.raises(ValueError, match=r"example_shape must be a tuple of sizes, e.g. \(2,\)"):
        GradientDebugger(network(), 3)
    with pytest.raises(ValueError, match="example_shape's sizes must be a whole number"):
        GradientDebugger(network(), (2.5,))
