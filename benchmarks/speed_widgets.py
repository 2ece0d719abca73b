"""How long one widget update takes: the compute and the redraw of its picture.

    python benchmarks/speed_widgets.py            # compute only
    python benchmarks/speed_widgets.py --browser  # and from a key press to the new picture

Sets a widget's controls from Python, the way a slider move or a click arrives from the
browser, and times from the new value to the Output holding the new PNG. Prints the median
and the 95th percentile over many updates. (The browser's own drawing is not included.)

With --browser it also runs every notebook in JupyterLab in headless Chromium (the setup of
tests/test_browser.py, from tests/browser_lab.py) and times, in the page, from the key press
on a slider's handle to the cell showing the new picture (or, in a cell without a picture,
anything new): a few presses on every slider of the pack. That adds the round trip to the
kernel, the widget messages and the browser's drawing to the compute.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the repo root, for helpers
sys.path.insert(0, str(REPO / "tests"))  # browser_lab, shared with the browser test
PRESSES = 3  # per slider, in the browser
# Arm a timer on a slider's cell: the key press on its handle starts it, the first change of
# the cell's pictures (or of all it shows, in a cell without one) stops it.
ARM_JS = """([control, snapshot]) => {
  const area = control.closest('.jp-Cell').querySelector('.jp-Cell-outputArea');
  const images = area.querySelectorAll('img').length > 0;
  const look = () => images ? [...area.querySelectorAll('img')].map(i => i.src).join()
                            : eval(snapshot)(control);
  const before = look();
  window.__keyAt = window.__changedAt = null;
  control.querySelector('.noUi-handle').addEventListener(
    'keydown', () => { window.__keyAt = performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (window.__keyAt !== null && look() !== before) {
      window.__changedAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(area, {subtree: true, childList: true, attributes: true,
                          characterData: true});
}"""
import helpers  # noqa: E402
from helpers.autoencoder import digit_autoencoder  # noqa: E402
from helpers.data import load_digits, load_names  # noqa: E402
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


ALL_TIMES = []  # every compute-only update of this run, for the summary


def report(name, times, unit="updates"):
    p95 = np.percentile(times, 95)
    print(
        f"{name}: median {statistics.median(times):.1f} ms, 95th percentile {p95:.1f} ms "
        f"over {len(times)} {unit}"
    )


def slider(widget_slider, values, name):
    """Time moving a slider (or any control with a value) through values."""
    times = time_updates(lambda v: setattr(widget_slider, "value", v), values)
    ALL_TIMES.extend(times)
    report(name, times)


def key_to_picture_ms(page, control):
    """Milliseconds from one arrow key on the slider's handle to its cell's new picture."""
    from browser_lab import SNAPSHOT_JS, nudge_slider, shown, wait_for_change

    before = shown(control)
    page.evaluate(ARM_JS, [control.element_handle(), SNAPSHOT_JS])
    nudge_slider(control)
    page.wait_for_function("() => window.__changedAt !== null", timeout=10_000, polling="raf")
    latency = page.evaluate("() => window.__changedAt - window.__keyAt")
    wait_for_change(control, before)  # let it settle before the next press
    return latency


def browser_latencies():
    """{notebook: [ms]}: PRESSES key presses on every visible slider of every notebook."""
    from browser_lab import (
        NOTEBOOKS,
        SLIDER,
        chromium,
        close_sessions,
        jupyterlab,
        run_all_cells,
        wait_for_widget_views,
    )

    latencies = {}
    with tempfile.TemporaryDirectory() as work, jupyterlab(Path(work)) as lab, chromium() as b:
        for notebook in NOTEBOOKS:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            run_all_cells(page, lab, notebook.name)
            wait_for_widget_views(page)
            times = []
            for index in range(page.locator(SLIDER).count()):
                control = page.locator(SLIDER).nth(index)
                if control.is_visible():
                    control.scroll_into_view_if_needed()
                    times += [key_to_picture_ms(page, control) for _ in range(PRESSES)]
            latencies[notebook.stem] = times
            page.close()
            close_sessions(lab)
    return latencies


def compute_only():
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--browser", action="store_true", help="also time key press to picture in JupyterLab"
    )
    browser = parser.parse_args().browser
    compute_only()
    print()
    report("compute only, all widgets", ALL_TIMES)
    if browser:
        latencies = browser_latencies()
        for stem, times in latencies.items():
            if times:
                report(f"{stem}, key press to picture", times, "presses")
        every = [t for times in latencies.values() for t in times]
        sliders = len(every) // PRESSES
        report(f"in the browser, key press to picture ({sliders} sliders)", every, "presses")


if __name__ == "__main__":
    main()
