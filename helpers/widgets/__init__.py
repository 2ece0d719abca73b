"""Interactive widgets for the notebooks (ipywidgets), one module per notebook."""

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
