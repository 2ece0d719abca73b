"""Interactive widgets for the notebooks (ipywidgets), one module per notebook."""

from ..extras import missing_extra

try:  # the `notebooks` extra: say so if it is missing, before any module fails on it
    import ipywidgets  # noqa: F401
    import matplotlib  # noqa: F401
except ModuleNotFoundError as error:
    raise missing_extra(__name__, error) from error

from .autoencoder import BottleneckChooser, LatentExplorer
from .common import TrainingProgress, show_png
from .convolution import ConvStepper, FilterEditor
from .gradients import GradientDebugger
from .neuron import NeuronExplorer, TrainingReplay
from .recurrent import NameStepper, TemperatureSampler

__all__ = [
    "BottleneckChooser",
    "ConvStepper",
    "FilterEditor",
    "GradientDebugger",
    "LatentExplorer",
    "NameStepper",
    "NeuronExplorer",
    "TemperatureSampler",
    "TrainingProgress",
    "TrainingReplay",
    "show_png",
]
