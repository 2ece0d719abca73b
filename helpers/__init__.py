"""helpers: the numerical core of the Advanced Neural Networks course pack.

`import helpers` needs numpy alone; `helpers.plotting` (matplotlib) and `helpers.widgets`
(ipywidgets) are imported only by the notebooks that draw or interact.
"""

from .activations import relu, sigmoid, softmax, tanh
from .grid import all_patterns
from .layers import Dense, Flatten, ReLU, Sequential, Sigmoid, Tanh
from .logistic import LogisticRegression
from .losses import binary_cross_entropy, mse_loss, softmax_cross_entropy

__all__ = [
    "Dense",
    "Flatten",
    "LogisticRegression",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "all_patterns",
    "binary_cross_entropy",
    "mse_loss",
    "relu",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
    "tanh",
]
