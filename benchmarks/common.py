"""What the benchmarks against PyTorch share: their setup, and interleaved timing.

Import it first (`import common`), before helpers and before torch:
- it puts the repo root on sys.path, so `import helpers` works from a checkout;
- it sets OMP_WAIT_POLICY=PASSIVE. PyTorch's worker threads otherwise spin on the other
  core after each call, which slows the interleaved numpy run (and numpy's BLAS threads
  slow PyTorch's): both libraries' 2-thread times then swing several-fold. The variable
  must be set before torch is imported.
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def interleaved_times(runners, repeat):
    """Time each runner `repeat` times, taking turns, after one warm-up call each.

    runners: {name: function of no argument}. Taking turns means a busy moment of the
    machine hurts all of them alike; the warm-up leaves out first-call costs.
    Returns {name: list of seconds}.
    """
    for run in runners.values():
        run()
    times = {name: [] for name in runners}
    for _ in range(repeat):
        for name, run in runners.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return times


def best_of(runners, repeat):
    """interleaved_times, keeping the best: {name: seconds}."""
    return {name: min(t) for name, t in interleaved_times(runners, repeat).items()}
