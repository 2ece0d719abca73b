"""The public contract of `helpers` (DESIGN.md): what imports, and what it pulls in."""

import subprocess
import sys
from pathlib import Path

import helpers


def test_import_helpers_needs_numpy_alone():
    code = ("import sys, helpers; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def test_contract_names_are_top_level():
    for name in ["all_patterns", "sigmoid", "tanh", "relu", "softmax", "LogisticRegression",
                 "binary_cross_entropy", "mse_loss", "softmax_cross_entropy", "Dense", "Sigmoid",
                 "Tanh", "ReLU", "Flatten", "Sequential", "Conv2D", "MaxPool2D", "AvgPool2D",
                 "conv2d", "max_pool2d", "avg_pool2d", "RNN"]:
        assert callable(getattr(helpers, name)), name
        assert name in helpers.__all__
