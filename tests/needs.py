"""One rule for a test whose tool may be missing (a browser, node, a package index): skip,
with a message saying what to install; but where a run must be complete, fail instead,
since a skip there would hide a gap.

A run must be complete under CI (CI=true: GitHub sets it, .ci/run sets it). A run may leave
whole kinds of test out on purpose, by naming them in COURSE_SKIP (space-separated, e.g.
"browser hub"): those skip, saying so, whether or not their tools are there. CI's laptops
job sets it (.github/workflows/ci.yml: students are not told to install Chromium or run a
hub); the Debian job, .ci/run, leaves nothing out.
"""

import os

import pytest


def skip_if_left_out(kind):
    """Skip the test if COURSE_SKIP leaves its kind out of this run; called before any tool
    is looked for, so a left-out kind never runs, wherever its tools are installed."""
    if kind in os.environ.get("COURSE_SKIP", "").split():
        pytest.skip(f"COURSE_SKIP={os.environ['COURSE_SKIP']!r} leaves the {kind} tests out")


def skip_or_fail(kind, message):
    """Skip the test with `message`, or fail with it under CI, where a skip would hide a gap."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so the {kind} tests may not skip: {message}")
    pytest.skip(message)
