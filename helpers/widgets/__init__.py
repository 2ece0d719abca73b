"""Interactive widgets for the notebooks (ipywidgets), one module per notebook."""

from .autoencoder import BottleneckChooser, LatentExplorer
from .common import TrainingProgress, show_png
from .neuron import NeuronExplorer, TrainingReplay

__all__ = [
    "BottleneckChooser",
    "LatentExplorer",
    "NeuronExplorer",
    "TrainingProgress",
    "TrainingReplay",
    "show_png",
]
