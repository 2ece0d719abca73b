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
from helpers.grid import DIAGONAL, SLIDE_WEIGHTS, grid_features, is_diagonal  # noqa: E402
from helpers.widgets import NeuronExplorer, TrainingReplay  # noqa: E402


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
    print(f"{name}: median {statistics.median(times):.1f} ms, 95th percentile {p95:.1f} ms "
          f"over {len(times)} updates")


def main():
    explorer = NeuronExplorer(weights=SLIDE_WEIGHTS, bias=-6.0, grid=DIAGONAL)
    slider = explorer.sliders["w1"]
    values = np.tile(np.arange(-10, 10.5, 0.5), 5)
    report("NeuronExplorer, slider w1", time_updates(lambda v: setattr(slider, "value", v), values))
    cell = explorer.cells[0]
    report("NeuronExplorer, click a cell",
           time_updates(lambda v: setattr(cell, "value", v), [k % 2 == 0 for k in range(1, 201)]))

    patterns = helpers.all_patterns()
    X, y = grid_features(patterns), is_diagonal(patterns)
    model = helpers.LogisticRegression(learning_rate=1.0, epochs=300, seed=506).fit(X, y)
    replay = TrainingReplay(model, patterns, y)
    report("TrainingReplay, step slider",
           time_updates(lambda v: setattr(replay.step, "value", v), list(range(1, 301)) * 2))


if __name__ == "__main__":
    main()
