"""What every widget shares: showing a live figure, and the training progress bar.

Widgets use the ipywidgets API that 7.7 and 8 share. Each is a Box subclass holding its
controls, an HTML readout and an Output. The Output is filled from the kernel side
(`outputs = ()`, then `append_display_data`), never with `with out:`, so the notebook
validator sees no stray output. The figure inside is built once; an update moves its
artists and renders one PNG. Each widget's repr is short and stable: it is what a saved
notebook shows as text, and what nbval compares.
"""

import ipywidgets as widgets
from IPython.display import Image, display


def stepper_controls(last, description, interval):
    """An IntSlider over 0..last and a Play button that moves it (linked in the browser, so
    playing costs no round trip to the kernel). Returns (play, slider)."""
    slider = widgets.IntSlider(value=0, min=0, max=last, description=description)
    play = widgets.Play(value=0, min=0, max=last, interval=interval, description="play")
    widgets.jslink((play, "value"), (slider, "value"))
    return play, slider


def show_png(output, live_figure):
    """Replace what `output` shows with the live figure's current picture."""
    output.outputs = ()
    output.append_display_data(Image(data=live_figure.png(), format="png"))


class LiveWidget:
    """The skeleton every widget of the pack shares, written once: a mixin for a Box.

    A widget builds its controls, then calls `_assemble(rows, watched)`. That makes the
    `readout` (HTML) and the `plot` (an Output), builds the figure once (the widget's own
    `_build_figure`), lays out `rows` above the readout and the plot (or, with side=True,
    beside them), wires every control in `watched` to the widget's `update`, and, unless
    told not to, draws the first state. `update` ends with `self.show()`, which puts the
    figure's current picture in the plot.
    """

    def _assemble(self, rows, watched, side=False, first_update=True):
        self.readout, self.plot = widgets.HTML(), widgets.Output()
        self._build_figure()
        if side:
            super().__init__([*rows, widgets.VBox([self.readout, self.plot])])
        else:
            super().__init__([*rows, self.readout, self.plot])
        for control in watched:
            control.observe(self._on_change, names="value")
        if first_update:
            self.update()

    def _build_figure(self):
        """Build `self.figure`, a LiveFigure, and freeze it (each widget its own)."""
        raise NotImplementedError

    def update(self):
        """Read the controls, move the figure's artists, fill the readout, then show()."""
        raise NotImplementedError

    def _on_change(self, change):
        self.update()

    def show(self):
        """Put the live figure's current picture in the plot (the Output)."""
        show_png(self.plot, self.figure)


class TrainingProgress(widgets.HBox):
    """A progress bar for helpers.training.train(..., on_epoch=bar): epochs done, last loss.

    Displayed once; its updates travel as widget messages, not as cell output, so a notebook's
    saved output (and nbval's comparison) holds only the stable repr below.
    """

    def __init__(self, epochs):
        self.bar = widgets.IntProgress(value=0, min=0, max=epochs, description="training")
        self.label = widgets.Label(value=f"0/{epochs} epochs")
        super().__init__([self.bar, self.label])
        display(self)

    def __repr__(self):
        return f"TrainingProgress(epochs={self.bar.max})"

    def __call__(self, epoch, loss):
        """train(..., on_epoch=bar) calls this after every epoch."""
        self.update(epoch, loss)

    def update(self, epoch, loss):
        self.bar.value = epoch
        self.label.value = f"{epoch}/{self.bar.max} epochs, loss {loss:.4g}"
