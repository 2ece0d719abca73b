"""Gradient checking: compare an analytic gradient with centred finite differences.

    df/dx_i  ~  (f(x + h e_i) - f(x - h e_i)) / (2h)

The error of this estimate shrinks like h^2, so in float64 with h = 1e-6 a correct
gradient agrees to about 1e-9 relative error, and a wrong one is off by far more.

`gradient_report` does this for every gradient of a network and points to the layer whose
backward is wrong. Why that works: backward runs from the output back, each layer from the
dout the layers after it hand it, so a bug in layer k's backward shows in layer k's rows and,
if its dx is wrong, in every row before it, while the layers after it stay right. From the
output back, the first row that disagrees is the bug's layer (a Sigmoid too: it has its dx
row); each layer checked alone confirms it and shows a second bug that the first hides.
Cost: two forwards per entry checked, milliseconds for a few dozen params and a small batch.
"""

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from .layers import Sequential
from .shell import Layer
from .validation import (
    NonFiniteError,
    as_float_array,
    check_function,
    check_positive,
    check_same_shape,
    kind_of,
    random_generator,
)


def numerical_gradient(f, x, h=1e-6):
    """Centred-difference gradient of a scalar function.

    f: callable taking no argument and returning a float; it must read `x` (which this
       function perturbs in place, then restores).
    x: float64 array of any shape.
    Returns an array shaped like x.
    """
    if getattr(x, "dtype", None) != np.float64:  # an array that f reads, perturbed in place
        got = x.dtype if hasattr(x, "dtype") else kind_of(x)
        raise ValueError(f"gradient checks need float64 arrays, got {got}")
    f, h = check_function(f, "f", "of no argument returning the loss"), check_positive(h, "h")
    grad = np.zeros_like(x)
    flat, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: writing them writes x and grad
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        f_plus = f()
        flat[i] = saved - h
        f_minus = f()
        flat[i] = saved
        if not (math.isfinite(f_plus) and math.isfinite(f_minus)):
            raise NonFiniteError(f"f gave {f_plus} and {f_minus} with entry {i} of x moved by "
                                 "+-h: the loss must be finite near x")  # fmt: skip
        flat_grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """max |a - b| / max(|a| + |b|), a scale-free distance between two arrays (0 if equal)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    check_same_shape(a, b, "a", "b")  # broadcasting would compare every entry with one number
    scale = np.max(np.abs(a) + np.abs(b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def _gradient_pairs(run, layer, x, seed=0, h=1e-6):
    """Backward's and finite differences' gradients of L = sum(run.forward(x) * R).

    R is a fixed random array shaped like the output, so dL/doutput = R. run: a layer, or a
    Sequential whose first layer is `layer`, whose params are checked. x: float64 input of run
    (perturbed, then restored). Returns {'x': (backward, numeric), 'W': (...), ...}.
    """
    R = random_generator(seed).standard_normal(np.shape(run.forward(x)))

    def loss():
        return float(np.sum(run.forward(x) * R))

    dx = run.backward(R)  # right after the forward above, before any perturbed one
    analytic = {"x": dx, **{k: g.copy() for k, g in layer.grads.items()}}
    targets = {"x": x, **layer.params}
    return {k: (analytic[k], numerical_gradient(loss, t, h)) for k, t in targets.items()}


def layer_gradient_errors(layer, x, seed=0, h=1e-6):
    """Relative errors of a layer's backward against finite differences, for x and each
    param, -> {'x': error, 'W': error, ...}: the loss L = sum(forward(x) * R), R fixed."""
    pairs = _gradient_pairs(layer, layer, np.array(x, dtype=np.float64), seed, h)
    return {k: relative_error(*pair) for k, pair in pairs.items()}


@dataclass(frozen=True)
class GradientRow:
    """One gradient of a gradient_report: backward's against finite differences'.

    layer: the layer's index in the model, layer_name its class; key: a param's name ('W',
    'b') or 'dx', the gradient the layer's backward hands to the layer before it (for layer 0,
    dL/dx of the model's input); shape: the gradient's shape.
    in_model: relative error of the gradient as backward through the whole model computes it;
    alone: the same for the layer's own backward by itself, fed a random dout.
    in_model_ok, alone_ok: whether each error is within the tolerance.
    worst: where the gradient disagrees (alone, else in the model), the index of the entry
    with the largest |backward - finite difference| (the tolerance bounds the relative error
    of the whole array: this entry's difference over its scale); None where it agrees.
    """

    layer: int
    layer_name: str
    key: str
    shape: tuple
    in_model: float
    alone: float
    in_model_ok: bool
    alone_ok: bool
    worst: tuple | None

    @property
    def name(self):
        """'layer 2 Dense: W': which gradient this row checks."""
        return f"layer {self.layer} {self.layer_name}: {self.key}"

    @property
    def ok(self):
        return self.in_model_ok and self.alone_ok


@dataclass(frozen=True, repr=False)
class GradientReport:
    """What gradient_report found; print(report) shows it as a table and a verdict. model:
    the model's repr; x_shape: the input's; tolerance: on the relative error; rows: one
    GradientRow per gradient, from the output back (as backward runs)."""

    model: str
    x_shape: tuple
    tolerance: float
    rows: tuple

    @property
    def first_bad(self):
        """The row where backward goes wrong, or None if every gradient agrees: the first from
        the output back whose layer disagrees alone, else the first that disagrees in the model."""
        alone = [row for row in self.rows if not row.alone_ok]
        in_model = [row for row in self.rows if not row.in_model_ok]
        return (alone or in_model or [None])[0]

    @property
    def verdict(self):
        """One sentence: where backward goes wrong, and what that does to the other layers."""
        bad = self.first_bad
        if bad is None:
            return f"every gradient agrees with finite differences (within {self.tolerance:.2g})"
        where = f"layer {bad.layer} ({bad.layer_name}): {bad.key}, worst at {list(bad.worst)}"
        if bad.alone_ok:  # each layer is right by itself, so they are wrong together
            return (
                f"each layer's backward agrees alone, yet in the model backward disagrees first "
                f"at {where}: a layer object used twice keeps only its last forward"
            )
        before = [row for row in self.rows if row.layer < bad.layer]
        if any(not row.in_model_ok for row in before):
            effect = "; the layers before it inherit the error through its dx"
        elif before:
            effect = "; its dx agrees, so the layers before it are right"
        else:
            effect = ""
        others = sorted({row.layer for row in self.rows if not row.alone_ok} - {bad.layer})
        if others:  # hidden in the model behind the first bug, but seen alone
            effect += "; alone, another bug shows in " + " and ".join(f"layer {k}" for k in others)
        return f"backward disagrees first at {where}{effect}"

    def _cell(self, error, ok):
        # an error that passes is round-off, whose digits change from machine to machine:
        # the table says only that it is within the tolerance (the row keeps the number)
        return f"< {self.tolerance:.2g} ✔" if ok else f"{error:.1e} ✘"

    def __str__(self):
        return self.table()

    def table(self, layer=None):
        """The report as text: a line per gradient (or only layer `layer`'s, an index), with
        the first bad one marked →, then the verdict on the whole model."""
        rows = [row for row in self.rows if layer is None or row.layer == layer]
        table = [("gradient", "shape", "in the model", "alone")] + [
            (
                row.name,
                str(row.shape),
                self._cell(row.in_model, row.in_model_ok),
                self._cell(row.alone, row.alone_ok),
            )
            for row in rows
        ]
        widths = [max(map(len, column)) for column in zip(*table, strict=True)]
        header, *aligned = [
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            for line in table
        ]
        lines = [
            f"gradient check of {self.model} on x {self.x_shape}, from the output back",
            "(in the model: backward through the whole model; alone: the layer by itself)",
            "  " + header.rstrip(),
        ]
        first_bad = self.first_bad
        for row, text in zip(rows, aligned, strict=True):
            marker = "→ " if row is first_bad else "  "
            worst = f"  worst at {list(row.worst)}" if row.worst is not None else ""
            lines.append((marker + text).rstrip() + worst)
        return "\n".join([*lines, textwrap.fill(self.verdict, width=100)])

    def __repr__(self):
        bad = self.first_bad
        return f"GradientReport({len(self.rows)} gradients, first_bad={bad and bad.name!r})"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))  # IPython shows the table when a cell ends with a report


def _worst_entry(analytic, numeric):
    """The index (a tuple of ints) of the entry where the two arrays differ most; printed as
    a list, [2, 1], the way numpy indexing writes it."""
    flat = int(np.argmax(np.abs(analytic - numeric)))
    return tuple(int(i) for i in np.unravel_index(flat, np.shape(numeric)))


def _row(k, layer, key, in_model, alone, tolerance):
    """The GradientRow of layer k's gradient `key` from its (backward, numeric) pairs."""
    name = "dx" if key == "x" else key
    backward, numeric = alone
    if np.shape(backward) != np.shape(numeric):  # a forgotten transpose, say
        raise ValueError(
            f"layer {k} {type(layer).__name__}'s backward gives {name} of shape "
            f"{np.shape(backward)}, expected {np.shape(numeric)} (the shape of "
            f"{'its input' if key == 'x' else 'the param'})"
        )
    errors = relative_error(*in_model), relative_error(*alone)
    ok = errors[0] <= tolerance, errors[1] <= tolerance
    worst = None if all(ok) else _worst_entry(*(in_model if ok[1] else alone))
    return GradientRow(k, type(layer).__name__, name, np.shape(numeric), *errors, *ok, worst)


def _layers_to_check(model):
    """The layers of `model`, a Sequential's or the one layer, if it can be checked."""
    for k, layer in enumerate(model.layers if isinstance(model, Sequential) else []):
        if not isinstance(layer, Layer):
            raise TypeError(f"layer {k} of the Sequential is {kind_of(layer)}, not a layer")
    if not isinstance(model, Layer):  # the Layer shell: forward, backward, params, grads
        raise ValueError(f"model must be a layer or a Sequential, got {kind_of(model)}")
    if model.dtype is not None and np.dtype(model.dtype) != np.float64:
        raise ValueError(
            f"gradient checks need float64 (in float32 the finite differences drown in "
            f"rounding), got a model in {np.dtype(model.dtype)}: build its layers with "
            f"dtype=np.float64, the default"
        )
    layers = model.layers if isinstance(model, Sequential) else [model]
    if not layers:
        raise ValueError("model is a Sequential without layers: it has no gradient to check")
    return layers


def gradient_report(model, x, seed=0, h=1e-6, tolerance=1e-6):
    """Check every gradient of a layer or a Sequential against finite differences, and name
    the layer whose backward goes wrong.

    model: a layer or a Sequential computing in float64 (float32 is refused: its rounding
    swamps the finite differences). x: an input batch for it, (N, ...), taken as float64.
    h: the finite-difference step; tolerance: the largest relative error that agrees.
    Returns a GradientReport: `rows`, `first_bad`, `verdict`; print it for the table.

    The loss is L = sum(model.forward(x) * R) with a fixed random R, as in
    layer_gradient_errors. For each layer k, from the output back, come its params and dx,
    the gradient it hands to the layer before, each checked twice:
    - in the model: backward through the whole model against finite differences of L, with
      one entry of layer k's input (as the model feeds it) or of its params moved;
    - alone: layer k's own backward on that same input, fed a random dout.
    Why this finds the bug, and what it costs: see the module's docstring.
    """
    layers = _layers_to_check(model)
    h, tolerance = check_positive(h, "h"), check_positive(tolerance, "tolerance")
    x = as_float_array(x, "x").astype(np.float64)  # a copy: the caller's x is never moved
    inputs = [x]  # inputs[k]: what layer k receives in the model
    for layer in layers[:-1]:
        inputs.append(layer.forward(inputs[-1]))
    rows = []
    for k in reversed(range(len(layers))):  # from the output back, as backward runs
        layer = layers[k]
        # the layers from k on: all that layer k's gradients in the model depend on
        rest = Sequential(*layers[k:]) if k + 1 < len(layers) else layer
        # copies: a layer may keep (Sigmoid) or view (Flatten) the array it was given, and
        # the finite differences move the entries of theirs
        in_model = _gradient_pairs(rest, layer, inputs[k].copy(), seed, h)
        alone = _gradient_pairs(layer, layer, inputs[k].copy(), seed, h)
        for key in [*layer.params, "x"]:
            rows.append(_row(k, layer, key, in_model[key], alone[key], tolerance))
    return GradientReport(repr(model), x.shape, tolerance, tuple(rows))
