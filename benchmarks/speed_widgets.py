"""How long one widget update takes: the compute and the redraw of its picture.

    python benchmarks/speed_widgets.py

Sets a widget's controls from Python, the way a slider move or a click arrives from the
browser, and times from the new value to the Output holding the new PNG. Prints the median
and the 95th percentile over many updates. (The browser's own drawing is not included.)
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, for helpers
import helpers  # noqa: E402
from helpers.autoencoder import digit_autoencoder  # noqa: E402
from helpers.data import (
    load_digits,  # noqa: E402
    load_names,  # noqa: E402
)
from helpers.filters import LONG_DIAGONAL  # noqa: E402
from helpers.grid import DIAGONAL, SLIDE_WEIGHTS, grid_features, is_diagonal  # noqa: E402
from helpers.language_model import RecurrentLanguageModel  # noqa: E402
from helpers.vocab import BOUNDARY, Vocabulary  # noqa: E402
from helpers.widgets import (  # noqa: E402
    BottleneckChooser,
    ConvStepper,
    FilterEditor,
    LatentExplorer,
    NeuronExplorer,
    TrainingReplay,
)
from helpers.widgets.recurrent import NameStepper, TemperatureSampler  # noqa: E402


def time_updates(set_value, values):
    """Milliseconds taken by set_value(v) for each v."""
    times = []
    for v in values:
        start = time.perf_counter()
        set_value(v)
        times.append(1000 * (time.perf_counter() - start))
    return times


def report(name, times):
    p95 = np.percentile(times, 95)
    print(
        f"{name}: median {statistics.median(times):.1f} ms, 95th percentile {p95:.1f} ms "
        f"over {len(times)} updates"
    )


def slider(widget_slider, values, name):
    """Time moving a slider (or any control with a value) through values."""
    report(name, time_updates(lambda v: setattr(widget_slider, "value", v), values))


def main():
    explorer = NeuronExplorer(weights=SLIDE_WEIGHTS, bias=-6.0, grid=DIAGONAL)
    slider(
        explorer.sliders["w1"],
        np.tile(np.arange(-10, 10.5, 0.5), 5),
        "01 NeuronExplorer, slider w1",
    )
    slider(explorer.cells[0], [k % 2 == 0 for k in range(1, 201)], "01 NeuronExplorer, a cell")
    patterns = helpers.all_patterns()
    X, y = grid_features(patterns), is_diagonal(patterns)
    model = helpers.LogisticRegression(learning_rate=1.0, epochs=300, seed=506).fit(X, y)
    slider(
        TrainingReplay(model, patterns, y).step, list(range(1, 301)) * 2, "01 TrainingReplay, step"
    )

    images, labels = load_digits()
    flat = images.reshape(-1, 64)
    ae = digit_autoencoder(k=2, seed=0)  # untrained: the update's cost does not depend on it
    latent = LatentExplorer(ae, ae.encode(flat), labels)
    slider(
        latent.code1,
        np.tile(np.linspace(latent.code1.min, latent.code1.max, 50), 4),
        "02 LatentExplorer, code 1",
    )
    models = {k: digit_autoencoder(k=k, seed=k) for k in (1, 2, 4, 8, 16)}
    chooser = BottleneckChooser(
        models, images[:10], dict.fromkeys(models, 0.0), dict.fromkeys(models, 0.0)
    )
    slider(chooser.k, [1, 2, 4, 8, 16, 8, 4, 2] * 25, "02 BottleneckChooser, k")

    stepper = ConvStepper(LONG_DIAGONAL)
    slider(stepper.step, list(range(9)) * 20, "03 ConvStepper, position")
    picks = [np.flatnonzero(labels == d)[0] for d in range(10)]
    editor = FilterEditor(images[picks], labels[picks])
    slider(editor.weights[4], np.tile(np.arange(-5, 5.25, 0.25), 5), "03 FilterEditor, a weight")
    slider(editor.padding, [0, 1, 2, 1] * 50, "03 FilterEditor, padding")

    names = load_names()
    letters = Vocabulary(names + [BOUNDARY])
    lm = RecurrentLanguageModel(len(letters), 64, "rnn", seed=0, dtype=np.float32)
    sampler = TemperatureSampler(lm, letters, n=12)
    slider(
        sampler.temperature,
        np.tile(np.arange(0.1, 2.05, 0.1), 5),
        "04 TemperatureSampler, temperature",
    )
    reader = NameStepper(lm, letters, name="christopher")
    slider(reader.step, list(range(12)) * 10, "04 NameStepper, letters read")


if __name__ == "__main__":
    main()
