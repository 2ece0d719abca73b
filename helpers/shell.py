"""The checked shell every layer shares: the checks live here, the math in the layers.

A layer (layers.py, conv.py, pooling.py, recurrent.py, language_model.py) subclasses Layer
and writes its shape rule and its math; Layer's public forward and backward make every check
around them, once: layer_input, layer_dout and check_results, built on validation.py's.
"""

import numpy as np

from .validation import (
    NonFiniteError,
    all_finite,
    as_float_array,
    cast_finite,
    check_examples,
    check_finite,
)

# forward and backward run with numpy's overflow warnings silenced: finite numbers can still
# overflow in a product (1e300 * 1e300 is inf), and the shell names that itself
QUIETLY = np.errstate(over="ignore", invalid="ignore")


def layer_input(x, dtype, name, layer):
    """`x` as the float array `layer` (a Layer, named in a message) computes with: integers
    become floats (exactly); a layer with weights (dtype float32 or float64) refuses floats
    of another dtype, one without (dtype None) takes float32 or float64 as it comes; finite,
    N >= 1."""
    x = np.asarray(x)
    if x.dtype.type is not dtype:  # all but the usual case: x already in the layer's dtype
        if x.dtype.kind in "iub":  # integers and booleans: exact in a float dtype
            x = x.astype(dtype or np.float64)
        x = as_float_array(x, name)
        if dtype is not None and x.dtype.type is not dtype:
            raise ValueError(
                f"{type(layer).__name__} computes in {np.dtype(dtype).name}, got {name} of "
                f"dtype {x.dtype}: build it with dtype=np.{x.dtype}"
            )
    else:
        check_finite(x, name)
    check_examples(x, name)
    return x


def layer_dout(dout, shape, dtype, layer):
    """`dout` for `layer`'s backward: finite, of `shape` (forward's output), in `dtype`."""
    dout = as_float_array(dout, "dout")
    if dout.shape != shape:
        raise ValueError(
            f"{type(layer).__name__}.backward expects dout of shape {shape} (the output of "
            f"forward), got {dout.shape}"
        )
    if dout.dtype != dtype:
        dout = cast_finite(dout, dtype, f"dout (in the layer's {np.dtype(dtype).name})")
    return dout


def check_results(layer, method, result, grads=None):
    """Raise NonFiniteError unless `result` and the arrays of `grads` ({name: array}) are
    finite: finite numbers can overflow in a product (1e300 * 1e300), and the student reads
    which layer and which result, not a warning and a NaN three layers on. `layer`'s
    where_not_finite(method) says where inside it the first one was made."""
    if all_finite(result) and (not grads or all(map(all_finite, grads.values()))):
        return
    for name, array in {"the result": result, **(grads or {})}.items():
        if not all_finite(array):
            raise NonFiniteError(
                f"{type(layer).__name__}.{method} overflowed: {name} is not finite in "
                f"{array.dtype}{layer.where_not_finite(method)} (inputs or dout too large; "
                "scale them down)"
            )


class Layer:
    """The checked shell every layer shares: the checks live here, the math in the layer.

    A layer writes three things: its shape rule `check_shape(x)` (raise a ValueError naming
    the expected and the given shape; any shape by default) and its math, `_forward(x)`,
    which keeps what backward needs, and `_backward(dout)`, which sets `grads` and returns
    dL/dx. The public forward and backward make every check once, in this order, around them:

        forward(x):      x converted and checked (convert_input) -> check_shape -> _forward
                         -> result finite
        backward(dout):  forward has run -> dout checked (layer_dout: finite,
                         forward's output shape and dtype) -> _backward -> dx, grads finite

    The math runs with numpy's overflow warnings silenced: finite numbers can still overflow
    in a product, and check_results names the layer and the result instead.

    A layer made of layers (Sequential, RecurrentLanguageModel) also writes the hooks it
    needs: convert_input (token ids, not numbers), checked_grads ({} when the optimizer
    checks its layers' grads) and where_not_finite (which inner layer made a NaN).

    dtype: the params' dtype for a layer with weights; None for a layer without, which
    computes in its input's dtype. output_shape: forward's output shape, None before any
    forward. state_names: extra inputs forward takes after x (the RNN's h0), checked like x.
    """

    dtype = None
    output_shape = None
    state_names = ()

    def __init__(self):
        self.params, self.grads = {}, {}

    def __repr__(self):
        return f"{type(self).__name__}()"

    def convert_input(self, x):
        """x as the array the math takes: layer_input (real, the layer's dtype,
        finite, N >= 1). A layer that reads token ids, not numbers, checks ids instead."""
        return layer_input(x, self.dtype, "x", self)

    def check_shape(self, x):
        """Raise a ValueError if the layer cannot take x's shape (elementwise: any shape)."""

    def checked_grads(self):
        """The gradients backward checks for overflow: all of the layer's own."""
        return self.grads

    def where_not_finite(self, method):
        """Where inside the layer a result of `method` that is not finite began: '' for a
        layer of one step; a chain of layers names the first whose output was not finite."""
        return ""

    @QUIETLY
    def forward(self, x, *state):
        """x -> the layer's output, every check made (see the class). state: the inputs
        named in state_names (RNN.forward(x, h0) names them in its own signature)."""
        self.output_shape = None  # a forward that fails leaves backward nothing to work on
        if len(state) > len(self.state_names):
            takes = ("x", *self.state_names)
            raise TypeError(f"{type(self).__name__}.forward takes {takes}, got more inputs")
        x = self.convert_input(x)
        if state:  # an RNN's h0, say: checked like x
            state = [
                s if s is None else layer_input(s, self.dtype, state_name, self)
                for s, state_name in zip(state, self.state_names, strict=False)  # h0 alone: no c0
            ]
        out = self.forward_unchecked(x, *state)
        try:
            check_results(self, "forward", out)
        except NonFiniteError:
            self.output_shape = None  # nothing for backward to work on
            raise
        return out

    def forward_unchecked(self, x, *state):
        """forward without the passes over the numbers: the shape rule, then the math.

        For a layer made of layers (Sequential), which checks the numbers once, at the ends.
        """
        self.check_shape(x, *state)
        out = self._forward(x, *state)
        if self.dtype is not None and out.dtype.type is not self.dtype:  # a param replaced
            self._refuse_params_of_another_dtype()
        self.output_shape, self.output_dtype = out.shape, out.dtype
        return out

    def _refuse_params_of_another_dtype(self):
        """A ValueError naming the param whose dtype is no longer the layer's."""
        for key, value in self.params.items():
            if np.asarray(value).dtype.type is not self.dtype:
                raise ValueError(
                    f"{type(self).__name__} computes in {np.dtype(self.dtype).name}, but its "
                    f"params[{key!r}] is {np.asarray(value).dtype}: assign into it "
                    f"(params[{key!r}][...] = new) to keep its dtype"
                )

    @QUIETLY
    def backward(self, dout):
        """dout = dL/doutput -> dL/dx, and sets grads for the last forward; every check made."""
        if self.output_shape is None:
            raise ValueError(
                f"{type(self).__name__}.backward was called before forward: run forward(x) "
                "first, then backward(dout) with dout shaped like forward's output"
            )
        dout = layer_dout(dout, self.output_shape, self.output_dtype, self)
        dx = self._backward(dout)
        check_results(self, "backward", dx, self.checked_grads())
        return dx
