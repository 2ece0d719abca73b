"""helpers: the numerical core of the Advanced Neural Networks course pack.

`import helpers` needs numpy alone; `helpers.plotting` (matplotlib) and `helpers.widgets`
(ipywidgets) are imported only by the notebooks that draw or interact.
"""

from .activations import relu, sigmoid, softmax, tanh
from .grid import all_patterns
from .logistic import LogisticRegression
from .losses import binary_cross_entropy

__all__ = [
    "LogisticRegression",
    "all_patterns",
    "binary_cross_entropy",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]
