"""Shared test settings."""

import os

import pytest


@pytest.fixture(scope="session")
def torch():
    """PyTorch, the reference framework, for tests marked `torch`.

    It is optional for students (a large download), so without it these tests skip, except
    where REQUIRE_TORCH=1 (CI installs torch and sets it): there a skip would hide a gap.
    """
    try:
        import torch
    except ImportError:
        if os.environ.get("REQUIRE_TORCH") == "1":
            pytest.fail("REQUIRE_TORCH=1 but PyTorch is not installed")
        pytest.skip("PyTorch is not installed (pip install torch to compare with it)")
    torch.set_default_dtype(torch.float64)
    return torch


def pytest_terminal_summary(terminalreporter):
    """After the run, each notebook's execution time under nbval, and their total.

    nbval runs a notebook as one test per cell, so a notebook's time is the sum over its
    cells of setup, call and teardown: its kernel's start and shutdown count too.
    """
    seconds = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            path = getattr(report, "nodeid", "").partition("::")[0]
            if path.endswith(".ipynb") and hasattr(report, "duration"):
                seconds[path] = seconds.get(path, 0.0) + report.duration
    if seconds:
        terminalreporter.write_sep("-", "notebook execution times (nbval)")
        for path, time in sorted(seconds.items()):
            terminalreporter.write_line(f"{time:6.1f} s  {path}")
        terminalreporter.write_line(f"{sum(seconds.values()):6.1f} s  all notebooks")
