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
