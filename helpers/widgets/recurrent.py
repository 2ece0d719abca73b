"""Widgets of notebook 04: sampling at a temperature, and stepping through a typed name."""

import html

import ipywidgets as widgets
import numpy as np

from ..activations import softmax
from ..language_model import sample
from ..plotting import PALETTE, LiveFigure
from ..vocab import BOUNDARY, one_hot
from .common import LiveWidget


class TemperatureSampler(LiveWidget, widgets.VBox):
    """A temperature slider; new names are sampled from the model at every move.

    model, vocab: a trained character model and its Vocabulary. The figure shows the
    probabilities of the first letter after dividing the scores by the temperature: low
    temperatures sharpen them, high ones flatten them. `names` holds the last sample.
    """

    def __init__(self, model, vocab, n=12, seed=0, temperature=1.0):
        self.model, self.vocab, self.n, self.seed = model, vocab, n, seed
        self.temperature = widgets.FloatSlider(
            value=temperature,
            min=0.1,
            max=2.0,
            step=0.1,
            description="temperature",
            continuous_update=False,
        )
        start = np.array([[vocab.encode(BOUNDARY)[0]]])
        self.first_logits = model.forward(start)[0, -1].astype(np.float64)
        self._assemble([self.temperature], [self.temperature])

    def __repr__(self):
        return f"TemperatureSampler(temperature={self.temperature.value:.1f}, n={self.n})"

    def _build_figure(self):
        self.figure = LiveFigure((7.5, 2.2))
        ax = self.figure.axes
        positions = np.arange(len(self.vocab))
        self._bars = ax.bar(positions, np.zeros(len(self.vocab)), color=PALETTE[0])
        ax.set_xticks(
            positions, [t if t != BOUNDARY else "end" for t in self.vocab.tokens], fontsize=7
        )
        self._top = None  # the y axis's top: set by update to fit the tallest bar
        ax.set_ylabel("P(first letter)", fontsize=8)
        # a placeholder title: tight_layout keeps room for the one update writes
        self._title = ax.set_title("the first letter's probabilities", fontsize=9)
        self.figure.freeze([*self._bars, self._title])

    def alt_text(self):
        """The picture in words: the temperature and the likeliest first letters."""
        t = self.temperature.value
        p = softmax(self.first_logits / t)
        top = np.argsort(-p, kind="stable")[:3]  # ties: the first token
        likeliest = ", ".join(f"{self._token(i)} {p[i]:.2f}" for i in top)
        return (
            f"Bar chart of the probability of each first letter (and of the end) at "
            f"temperature {t:.1f}; the likeliest: {likeliest}."
        )

    def _token(self, i):
        token = self.vocab.tokens[i]
        return "end" if token == BOUNDARY else token

    def update(self):
        t = self.temperature.value
        self.names = sample(self.model, self.vocab, self.n, seed=self.seed, temperature=t)
        self.readout.value = (
            f"<pre>temperature {t:.1f}: " + html.escape(", ".join(self.names)) + "</pre>"
        )
        probabilities = softmax(self.first_logits / t)
        for bar, p in zip(self._bars, probabilities, strict=True):
            bar.set_height(p)
        # the y axis fits the tallest bar in steps, with room above it: a change of step
        # redraws the axis (rare), every other move only the bars
        top = next((top for top in (0.1, 0.25, 0.5) if 1.1 * probabilities.max() <= top), 1.1)
        if top != self._top:
            self._top = top
            self.figure.axes.set_ylim(0, top)
            self.figure.freeze(self.figure.changing)
        self._title.set_text(f"the first letter's probabilities at temperature {t:.1f}")
        self.show()


class NameStepper(LiveWidget, widgets.VBox):
    """Type a name; step through it letter by letter to see the hidden state and the model's
    top guesses for the next letter after each prefix.

    model, vocab: a trained character model and its Vocabulary (hidden state of any size).
    `text` (Text) is the name, `step` (IntSlider) how many of its letters have been read:
    letters_read at first (default: all of them, so the first picture shows the whole name).
    """

    TOP = 5

    def __init__(self, model, vocab, name="emma", letters_read=None):
        self.model, self.vocab = model, vocab
        self.text = widgets.Text(value=name, description="name", continuous_update=False)
        read = len(name) if letters_read is None else letters_read
        self.step = widgets.IntSlider(value=read, min=0, max=len(name), description="letters read")
        self._assemble([widgets.HBox([self.text, self.step])], [self.step], first_update=False)
        self.text.observe(self._on_text, names="value")
        self._on_text(None)

    def __repr__(self):
        return f"NameStepper(name={self.text.value!r}, letters_read={self.step.value})"

    def _build_figure(self):
        hidden = self.model.hidden_size
        self.figure = LiveFigure((8.5, 2.6), ncols=2, gridspec_kw={"width_ratios": [1.6, 1]})
        ax_state, ax_guess = self.figure.axes
        self._state = ax_state.bar(np.arange(hidden), np.zeros(hidden), color=PALETTE[5])
        ax_state.set_ylim(-1.05, 1.05)  # tanh's range, with room to keep the frame visible
        ax_state.set_xlabel("hidden unit", fontsize=8)
        # a placeholder title: tight_layout keeps room for the one update writes
        self._state_title = ax_state.set_title("hidden state after reading", fontsize=9)
        self._guesses = ax_guess.barh(
            np.arange(self.TOP)[::-1], np.zeros(self.TOP), color=PALETTE[2]
        )
        ax_guess.set_xlim(0, 1.05)
        ax_guess.set_yticks([])
        self._guess_labels = [
            ax_guess.text(0.02, y, "", va="center", fontsize=9) for y in np.arange(self.TOP)[::-1]
        ]
        ax_guess.set_title("top guesses for the next letter", fontsize=9)
        self.figure.freeze([*self._state, self._state_title, *self._guesses, *self._guess_labels])

    def _on_text(self, change):
        name = self.text.value.lower()
        unknown = sorted({c for c in name if c not in self.vocab})
        if unknown:
            self.readout.value = (
                f"<pre>{html.escape(''.join(unknown))!s} is not in the "
                "vocabulary: use the letters a-z</pre>"
            )
            return
        ids = self.vocab.encode(BOUNDARY + name)
        x = one_hot(ids[None], len(self.vocab), self.model.dtype)
        self.states = self.model.recurrent.forward(x)[0]  # (T, H): after each letter
        self.probabilities = softmax(self.model.output.forward(self.states).astype(np.float64))
        self.name = name
        self.step.max = len(name)
        self.step.value = min(self.step.value, len(name))
        self.update()

    def alt_text(self):
        """The picture in words: whose hidden state, and the top guesses as listed."""
        prefix = self.name[: self.step.value]
        guesses = ", ".join(f"{t} {q:.2f}" for t, q in self.guesses)
        return (
            f"Left: bars of the {self.model.hidden_size} hidden units' values (from −1 to 1) "
            f"after reading '.{prefix}'. Right: bars of the top {self.TOP} guesses for the "
            f"next letter: {guesses}."
        )

    def update(self):
        k = self.step.value
        prefix = self.name[:k]
        p = self.probabilities[k]
        top = np.argsort(-p, kind="stable")[: self.TOP]  # ties: the first token
        tokens = [self.vocab.tokens[i] if self.vocab.tokens[i] != BOUNDARY else "end" for i in top]
        self.guesses = list(zip(tokens, p[top], strict=True))
        for bar, h in zip(self._state, self.states[k], strict=True):
            bar.set_height(h)
        self._state_title.set_text(f"hidden state after reading '.{prefix}'")
        for bar, label, (token, q) in zip(
            self._guesses, self._guess_labels, self.guesses, strict=True
        ):
            bar.set_width(q)
            label.set_text(f"{token}  {q:.2f}")
        guesses = ", ".join(f"{t} {q:.2f}" for t, q in self.guesses)
        self.readout.value = f"<pre>after '.{html.escape(prefix)}': {html.escape(guesses)}</pre>"
        self.show()
