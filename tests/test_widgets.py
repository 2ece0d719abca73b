"""The widgets of notebook 01, driven from Python: set values, read what they show."""

import base64

import numpy as np
import pytest

import helpers
from helpers.grid import DIAGONAL, SLIDE_WEIGHTS, grid_features, is_diagonal
from helpers.widgets import NeuronExplorer, TrainingReplay


def shown_png(output):
    """The PNG bytes an Output widget shows (it must show exactly one image)."""
    (item,) = output.outputs
    data = item["data"]["image/png"]
    return base64.b64decode(data) if isinstance(data, str) else data


@pytest.fixture
def explorer():
    return NeuronExplorer(weights=SLIDE_WEIGHTS, bias=-6.0, grid=DIAGONAL)


def test_explorer_starts_with_the_page_numbers(explorer):
    text = explorer.text()
    assert "= (-2)·(-1) + (2)·(1) + (2)·(1) + (-2)·(-1) + (-6)" in text
    assert "= 2 + 2 + 2 + 2 − 6" in text
    assert "σ(2) = 0.881 > 1/2  →  ✔" in text
    assert "is the diagonal: the neuron is right" in text
    assert (explorer.z, explorer.verdict) == (2.0, "✔")
    assert explorer.probability == pytest.approx(1 / (1 + np.exp(-2)))
    assert shown_png(explorer.plot).startswith(b"\x89PNG")


def test_clicking_a_cell_flips_its_colour_and_the_answer(explorer):
    before = shown_png(explorer.plot)
    explorer.cells[0].value = True  # a00: c1 -> c2, a click in the browser does the same
    assert explorer.grid.tolist() == [[1, 1], [1, -1]]
    assert explorer.cells[0].description == "a00: +1" and explorer.cells[1].description == "a01: +1"
    assert explorer.cells[3].description == "a11: −1"
    assert explorer.cells[0].tooltip.startswith("cell a00: light (c2 = +1)")
    assert explorer.cells[3].tooltip.startswith("cell a11: dark (c1 = −1)")
    text = explorer.text()
    assert "= -2 + 2 + 2 + 2 − 6" in text
    assert "σ(-2) = 0.119 ≤ 1/2  →  ✘" in text
    assert "is not the diagonal: the neuron is right" in text
    assert shown_png(explorer.plot) != before


def test_the_picture_says_what_it_shows(explorer):
    alt = explorer.plot.outputs[0]["metadata"]["image/png"]["alt"]
    assert alt.startswith("Left: the 2x2 grid, a00 dark, a01 light, a10 light, a11 dark.")
    assert "z = 2, σ(z) = 0.881, above the dashed line at 1/2" in alt
    assert f'alt="{alt}"' in explorer.plot.outputs[0]["data"]["text/html"]
    explorer.cells[0].value = True
    alt = explorer.plot.outputs[0]["metadata"]["image/png"]["alt"]
    assert "a00 light" in alt and "✘ not the diagonal" in alt


def test_sliders_set_the_weights_and_bias(explorer):
    explorer.sliders["b"].value = -8.0
    assert explorer.z == 0.0 and explorer.probability == 0.5 and explorer.verdict == "✘"
    assert "σ(0) = 0.500 ≤ 1/2  →  ✘" in explorer.text()
    assert "the neuron is wrong" in explorer.text()
    for name, value in zip(["w1", "w2", "w3", "w4", "b"], [1, 1, 1, 1, 0.5], strict=True):
        explorer.sliders[name].value = value
    assert "= -1 + 1 + 1 − 1 + 0.5" in explorer.text()
    assert explorer.z == 0.5 and explorer.verdict == "✔"
    assert repr(explorer) == (
        "NeuronExplorer(weights=[1.0, 1.0, 1.0, 1.0], b=0.5, grid=[[-1, 1], [1, -1]])"
    )


def test_explorer_agrees_with_the_neuron_on_all_16_patterns():
    weights, bias = np.array([[1.5, -0.5], [2.0, -3.0]]), 1.0
    for pattern in helpers.all_patterns():
        e = NeuronExplorer(weights=weights, bias=bias, grid=pattern)
        z = float(np.sum(weights * pattern) + bias)
        assert e.z == z
        assert e.verdict == ("✔" if helpers.sigmoid(z) > 0.5 else "✘")


def test_explorer_marks_the_verdict_by_marker_and_a_z_off_the_axis_by_an_arrow(explorer):
    assert explorer._point.get_marker() == "o"  # ✔ on the diagonal
    explorer.cells[0].value = True
    assert explorer.verdict == "✘" and explorer._point.get_marker() == "X"
    explorer.sliders["b"].value = -10.0
    explorer.sliders["w1"].value = -10.0  # z = -10 + 2 + 2 + 2 - 10 = -14, off the axis
    assert explorer.z == -14.0 and explorer._point.get_marker() == "<"
    assert explorer._point.get_xdata()[0] == -explorer.Z_LIMIT
    # the frames are drawn last, over the grid's image and the point (LiveFigure.freeze)
    frames = [a for a in explorer.figure.artists if a.__class__.__name__ == "Spine"]
    assert len(frames) == 8 and explorer.figure.artists[-8:] == frames


def test_explorer_refuses_grey_or_misshapen_grids():
    with pytest.raises(ValueError, match="c1 = -1 or c2 = 1"):
        NeuronExplorer(grid=0.5 * DIAGONAL)
    with pytest.raises(ValueError, match="2x2"):
        NeuronExplorer(weights=np.zeros(3))


@pytest.fixture(scope="module")
def replay():
    patterns = helpers.all_patterns()
    X, y = grid_features(patterns), is_diagonal(patterns)
    model = helpers.LogisticRegression(learning_rate=1.0, epochs=300, seed=506).fit(X, y)
    return TrainingReplay(model, patterns, y), model


def test_replay_starts_at_the_trained_neuron(replay):
    widget, model = replay
    assert repr(widget) == "TrainingReplay(steps=300, step=300)"
    assert widget.play.value == 300 and "step 300:" in widget.readout.value
    assert "16/16 patterns right" in widget.readout.value
    start = TrainingReplay(model, helpers.all_patterns(), is_diagonal(helpers.all_patterns()), 7)
    assert start.step.value == 7 and "step 7:" in start.readout.value


def test_replay_shows_the_step_it_is_set_to(replay):
    widget, model = replay
    assert widget.step.max == 300 and widget.play.max == 300
    for k in (0, 1, 37, 300):
        widget.step.value = k
        weights = ", ".join(f"{w:+.2f}" for w in model.weight_history[k]).replace("-0.00", "+0.00")
        assert f"step {k}: loss {model.loss_history[k]:.4f}" in widget.readout.value
        assert f"weights [{weights}]" in widget.readout.value
        assert f"b {model.bias_history[k]:+.2f}" in widget.readout.value
        assert "-0.00" not in widget.readout.value
        texts = [t.get_text() for t in widget._weight_texts] + [widget._weight_title.get_text()]
        assert not any("-0.00" in t for t in texts)
    assert "16/16 patterns right" in widget.readout.value
    widget.step.value = 0
    loss, _, _, probabilities = widget.state(0)
    assert loss == pytest.approx(np.log(2), abs=0.01)
    np.testing.assert_allclose(probabilities, 0.5, atol=0.05)  # small initial weights


def test_replay_picture_says_which_step(replay):
    widget, model = replay
    widget.step.value = 37
    alt = widget.plot.outputs[0]["metadata"]["image/png"]["alt"]
    assert alt.startswith("After step 37 of 300.")
    assert f"now {model.loss_history[37]:.4f}" in alt
    widget.step.value = 300
    assert "16 of 16 on the right side" in widget.plot.outputs[0]["metadata"]["image/png"]["alt"]


def test_replay_redraws_on_every_step(replay):
    widget, _ = replay
    pictures = set()
    for k in (0, 5, 50, 300):
        widget.step.value = k
        pictures.add(shown_png(widget.plot))
    assert len(pictures) == 4
    assert repr(widget) == "TrainingReplay(steps=300, step=300)"
