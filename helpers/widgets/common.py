"""What every widget shares: showing a live figure, and the training progress bar.

Widgets use the ipywidgets API that 7.7 and 8 share. Each is a Box subclass holding its
controls, an HTML readout and an Output. The Output is filled from the kernel side
(`outputs = ()`, then `append_display_data`), never with `with out:`, so the notebook
validator sees no stray output. The figure inside is built once; an update moves its
artists and renders one PNG, shown with alt text that says what it shows. Each widget's
repr is short and stable: it is what a saved notebook shows as text, and what nbval compares.

Accessibility: every control has a description (what a screen reader names it by), every
button a tooltip, and every picture alt text.
"""

import base64
import html

import ipywidgets as widgets
from IPython.display import display


def stepper_controls(last, description, interval):
    """An IntSlider over 0..last and a Play button that moves it (linked in the browser, so
    playing costs no round trip to the kernel). Returns (play, slider)."""
    slider = widgets.IntSlider(value=0, min=0, max=last, description=description)
    play = widgets.Play(value=0, min=0, max=last, interval=interval, description="play")
    # every button of the pack has a tooltip; ipywidgets' Play view (8) does not draw it yet,
    # and 7.7's Play has no such trait: kept for the frontends and versions that do
    play.tooltip = f"play: advance the {description!r} slider one step at a time"
    widgets.jslink((play, "value"), (slider, "value"))
    return play, slider


class Picture:
    """A PNG with alt text, for Output.append_display_data.

    JupyterLab draws an image/png output as an <img> without alt text (its image renderer
    reads no alt from the metadata), so the bundle also holds text/html: the same PNG in an
    <img alt=...>, which JupyterLab, Colab and VS Code prefer to the bare PNG. The PNG stays
    for the frontends that render no HTML, and the alt text is the plain-text fallback.
    """

    def __init__(self, png, alt):
        self.png, self.alt = png, alt

    def __repr__(self):
        return self.alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png).decode("ascii")
        tag = f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}">'
        return {"text/html": tag, "image/png": data}, {"image/png": {"alt": self.alt}}


def describe_figure(live_figure):
    """Alt text from a live figure's panel titles: a fallback for a widget that says nothing
    more precise (LiveWidget.alt_text)."""
    titles = [ax.get_title() for ax in live_figure.figure.axes if ax.get_title()]
    if not titles:
        return "a figure"
    panels = "panel" if len(titles) == 1 else f"{len(titles)} panels"
    return f"a figure with {panels}: " + "; ".join(titles)


def show_png(output, live_figure, alt=None):
    """Replace what `output` shows with the live figure's current picture, with alt text
    (by default, describe_figure's)."""
    output.outputs = ()
    alt = describe_figure(live_figure) if alt is None else alt
    output.append_display_data(Picture(live_figure.png(), alt))


class LiveWidget:
    """The skeleton every widget of the pack shares, written once: a mixin for a Box.

    A widget builds its controls, then calls `_assemble(rows, watched)`. That makes the
    `readout` (HTML) and the `plot` (an Output), builds the figure once (the widget's own
    `_build_figure`), lays out `rows` above the readout and the plot (or, with side=True,
    beside them), wires every control in `watched` to the widget's `update`, and, unless
    told not to, draws the first state. `update` ends with `self.show()`, which puts the
    figure's current picture in the plot, with `alt_text()` as its alt text.
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

    def alt_text(self):
        """What the picture shows, in words, for a screen reader: by default its panels'
        titles; a widget overrides it to describe the state it draws."""
        return describe_figure(self.figure)

    def show(self):
        """Put the live figure's current picture in the plot (the Output), with alt text."""
        show_png(self.plot, self.figure, self.alt_text())


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
