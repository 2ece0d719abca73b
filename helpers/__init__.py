"""helpers: the numerical core of the Advanced Neural Networks course pack.

`import helpers` needs numpy alone; `helpers.plotting` (matplotlib) and `helpers.widgets`
(ipywidgets) are imported only by the notebooks that draw or interact.
"""

from .activations import relu, sigmoid, softmax, tanh
from .conv import Conv2D, conv2d
from .grid import all_patterns
from .layers import Dense, Flatten, ReLU, Sequential, Sigmoid, Tanh
from .logistic import LogisticRegression
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    mse_loss,
    softmax_cross_entropy,
)
from .pooling import AvgPool2D, MaxPool2D, avg_pool2d, max_pool2d
from .recurrent import LSTM, RNN

__all__ = [
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Flatten",
    "LSTM",
    "LogisticRegression",
    "MaxPool2D",
    "RNN",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "all_patterns",
    "avg_pool2d",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv2d",
    "max_pool2d",
    "mse_loss",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
    "tanh",
]
