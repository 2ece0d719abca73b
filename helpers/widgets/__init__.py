"""Interactive widgets for the notebooks (ipywidgets), one module per notebook."""

from .autoencoder import BottleneckChooser, LatentExplorer
from .common import TrainingProgress, show_png
from .convolution import ConvStepper, FilterEditor
from .neuron import NeuronExplorer, TrainingReplay

__all__ = [
    "BottleneckChooser",
    "ConvStepper",
    "FilterEditor",
    "LatentExplorer",
    "NeuronExplorer",
    "TrainingProgress",
    "TrainingReplay",
    "show_png",
]
