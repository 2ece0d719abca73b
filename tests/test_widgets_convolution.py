"""The widgets of notebook 03, driven from Python."""

import base64

import numpy as np
import pytest

from helpers.data import load_digits
from helpers.filters import CLASSIC_FILTERS, LONG_DIAGONAL, filter_image
from helpers.widgets import ConvStepper, FilterEditor
from helpers.windows import output_size


def shown_png(output):
    (item,) = output.outputs
    data = item["data"]["image/png"]
    return base64.b64decode(data) if isinstance(data, str) else data


def test_conv_stepper_walks_the_positions_and_fills_the_map():
    widget = ConvStepper(LONG_DIAGONAL)
    assert widget.step.max == 8 and widget.verdicts == ["✔"]
    assert "position (0, 0), window [[-1, 1], [1, -1]]" in widget.readout.value
    assert "= 8" in widget.readout.value and "σ(z) = 0.881  →  ✔" in widget.readout.value
    pictures = {shown_png(widget.plot)}
    widget.step.value = 2
    assert widget.verdicts == ["✔", "✘", "✘"]
    assert "position (0, 2)" in widget.readout.value and "z = 4 + (-6) = -2" in widget.readout.value
    pictures.add(shown_png(widget.plot))
    widget.step.value = 8
    assert widget.verdicts == ["✔", "✘", "✘", "✘", "✔", "✘", "✘", "✘", "✔"]
    pictures.add(shown_png(widget.plot))
    assert len(pictures) == 3
    assert repr(widget) == "ConvStepper(positions=9, position=8)"


@pytest.fixture(scope="module")
def editor_digits():
    images, labels = load_digits(np.float64)
    picks = [np.flatnonzero(labels == d)[0] for d in range(10)]
    return images[picks], labels[picks]


def test_filter_editor_shows_the_feature_map_of_its_settings(editor_digits):
    digits, names = editor_digits
    editor = FilterEditor(digits, names)
    np.testing.assert_array_equal(editor.kernel, CLASSIC_FILTERS["vertical edges"])
    np.testing.assert_allclose(editor.map, filter_image(digits[0], editor.kernel, 1, 1))
    assert "(8 + 2·1 − 3) // 1 + 1 = 8" in editor.readout.value
    before = shown_png(editor.plot)
    editor.weights[4].value = 2.0
    editor.digit.value = 7
    editor.stride.value = 2
    editor.padding.value = 0
    assert editor.map.shape == (3, 3) == (output_size(8, 3, 2, 0),) * 2
    np.testing.assert_allclose(editor.map, filter_image(digits[7], editor.kernel, 2, 0))
    assert "digit: a 7" in editor.readout.value
    assert "(8 + 2·0 − 3) // 2 + 1 = 3" in editor.readout.value
    assert shown_png(editor.plot) != before


def test_filter_editor_presets_set_all_nine_weights_at_once(editor_digits):
    editor = FilterEditor(*editor_digits)
    redraws = []
    editor.plot.observe(lambda change: redraws.append(1), names="outputs")
    editor.preset.value = "sharpen"
    np.testing.assert_array_equal(editor.kernel, CLASSIC_FILTERS["sharpen"])
    assert len(redraws) == 2  # one redraw: the Output is emptied, then filled, once
    assert repr(editor) == (
        "FilterEditor(kernel=[[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], "
        "[0.0, -1.0, 0.0]], stride=1, padding=1)"
    )
