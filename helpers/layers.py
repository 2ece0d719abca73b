"""Layers that learn: Dense, the activation layers, Flatten and Sequential.

Every layer has
- `params` and `grads`: dicts of arrays with the same keys (empty for layers without weights);
- `forward(x)`: computes the output and keeps what backward needs;
- `backward(dout)`: given dL/doutput, returns dL/dx and *sets* `grads` for the last forward.
The arrays in `params` are the ones forward uses, so an optimizer updates them in place.
A layer with weights computes in the dtype of its params (float64 by default, float32 for
fast training) and refuses an input of another float dtype rather than silently converting
it. A layer without weights takes no dtype: it computes in the dtype of its input, so
Sequential(Dense(4, 3, dtype=np.float32), ReLU()) runs in float32 throughout.
"""

import contextlib
import contextvars
import functools

import numpy as np

from .activations import sigmoid
from .init import init_weights
from .validation import (
    NonFiniteError,
    as_float_array,
    check_examples,
    check_float_dtype,
    check_whole,
)


class Layer:
    """What every layer shares: no params by default, and the input checks.

    dtype: that of the params for a layer with weights; None for a layer without, which
    computes in its input's dtype (`input_dtype`, set by forward).
    """

    dtype = None

    def __init__(self):
        self.params, self.grads = {}, {}

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _check_input(self, x, name="x"):
        """x as a float array: integers are converted (to the layer's dtype, or float64);
        a layer with weights refuses floats of another dtype."""
        x = np.asarray(x)
        if x.dtype.kind in "iub":  # integers and booleans: exact in a float dtype
            x = x.astype(self.dtype or np.float64)
        if not (_INSIDE.get() and x.dtype.kind == "f"):  # see Sequential: checked once there
            x = as_float_array(x, name)
            check_examples(x, name)
        if self.dtype is not None and x.dtype != self.dtype:
            raise ValueError(
                f"{type(self).__name__} computes in {np.dtype(self.dtype).name}, "
                f"got {name} of dtype {x.dtype}: build it with dtype=np.{x.dtype}"
            )
        self.input_dtype = x.dtype
        return x

    def _check_forward_done(self):
        """Raise a ValueError if backward comes before any forward: nothing to differentiate."""
        if "input_dtype" not in vars(self):
            raise ValueError(
                f"{type(self).__name__}.backward was called before forward: run forward(x) "
                "first, then backward(dout) with dout shaped like forward's output"
            )

    def _check_dout(self, dout, shape):
        """dout as a finite float array of `shape` (the output of the last forward)."""
        dout = np.asarray(dout) if _INSIDE.get() else as_float_array(dout, "dout")
        if dout.shape != shape:
            raise ValueError(
                f"{type(self).__name__}.backward expects dout of shape {shape} "
                f"(the output of forward), got {dout.shape}"
            )
        dtype = self.dtype or self.input_dtype
        if dout.dtype != dtype:
            with np.errstate(over="ignore"):  # beyond float32's range becomes inf: named next
                dout = dout.astype(dtype)
            as_float_array(dout, f"dout (in the layer's {np.dtype(dtype).name})")
        return dout


def _all_finite(array):
    """True when no entry is NaN or inf (max and min propagate both, and copy nothing)."""
    return array.size == 0 or bool(np.isfinite(array.max()) and np.isfinite(array.min()))


def refuses_overflow(method):
    """For forward and backward of a layer with weights: run it with numpy's overflow
    warnings silenced, then raise NonFiniteError if its result or a gradient is not finite.

    Finite inputs can still overflow in a product (1e300 * 1e300 is inf in float64): the
    student reads which layer and why, instead of a RuntimeWarning and a NaN three layers on.
    A NaN that arrived inside a Sequential (unchecked there) is no overflow: it passes on, and
    the loss or the optimizer names it.
    """

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore"):
            out = method(self, *args, **kwargs)
        arrays_in = [a for a in (*args, *kwargs.values()) if isinstance(a, np.ndarray)]
        finite_in = all(_all_finite(array) for array in arrays_in)
        if method.__name__ == "forward":
            self._finite_input = finite_in  # backward's gradients are made from it too
        elif not getattr(self, "_finite_input", True):
            finite_in = False
        if not finite_in:
            return out
        results = {"the result": out}
        if method.__name__ == "backward":
            results.update(self.grads)
        for name, array in results.items():
            if not _all_finite(array):
                raise NonFiniteError(
                    f"{type(self).__name__}.{method.__name__} overflowed: {name} is not "
                    f"finite in {array.dtype} (inputs or dout too large; scale them down)"
                )
        return out

    return checked


class Dense(Layer):
    """y = x @ W + b: every output is a weighted sum of all inputs plus a bias (page 16).

    x (..., in_features) -> y (..., out_features); params W (in, out), b (out,).
    init: 'xavier' (sigmoid, tanh, linear) or 'he' (ReLU); seed: int or np.random.Generator.
    bias=False leaves b out (the linear autoencoder of the slides has none).
    """

    def __init__(
        self, in_features, out_features, *, seed=None, init="xavier", bias=True, dtype=np.float64
    ):
        super().__init__()
        self.in_features = in_features = check_whole(in_features, "in_features")
        self.out_features = out_features = check_whole(out_features, "out_features")
        self.dtype = dtype = check_float_dtype(dtype)
        rng = np.random.default_rng(seed)
        self.params["W"] = init_weights(
            init, in_features, out_features, (in_features, out_features), rng, dtype
        )
        if bias:
            self.params["b"] = np.zeros(out_features, dtype=dtype)

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features})"

    @refuses_overflow
    def forward(self, x):
        x = self._check_input(x)
        if x.ndim < 1 or x.shape[-1] != self.in_features:
            raise ValueError(
                f"Dense expects input of shape (..., {self.in_features}), got {x.shape}"
            )
        self.x = x
        y = x @ self.params["W"]
        return y + self.params["b"] if "b" in self.params else y

    @refuses_overflow
    def backward(self, dout):
        self._check_forward_done()
        dout = self._check_dout(dout, self.x.shape[:-1] + (self.out_features,))
        x2 = self.x.reshape(-1, self.in_features)  # all leading axes are examples
        d2 = dout.reshape(-1, self.out_features)
        self.grads = {"W": x2.T @ d2}  # dL/dW = x^T dL/dy
        if "b" in self.params:
            self.grads["b"] = d2.sum(axis=0)  # b is added to every example
        return dout @ self.params["W"].T  # dL/dx = dL/dy W^T


class Sigmoid(Layer):
    """y = sigma(x), elementwise; dy/dx = y (1 - y)."""

    def forward(self, x):
        self.y = sigmoid(self._check_input(x))
        return self.y

    def backward(self, dout):
        self._check_forward_done()
        return self._check_dout(dout, self.y.shape) * self.y * (1 - self.y)


class Tanh(Layer):
    """y = tanh(x), elementwise; dy/dx = 1 - y^2."""

    def forward(self, x):
        self.y = np.tanh(self._check_input(x))
        return self.y

    def backward(self, dout):
        self._check_forward_done()
        return self._check_dout(dout, self.y.shape) * (1 - self.y * self.y)


class ReLU(Layer):
    """y = max(x, 0), elementwise; the gradient passes where x > 0 and stops elsewhere."""

    def forward(self, x):
        x = self._check_input(x)
        self.mask = x > 0
        return np.maximum(x, 0)  # a Python 0 keeps x.dtype

    def backward(self, dout):
        self._check_forward_done()
        return self._check_dout(dout, self.mask.shape) * self.mask


class Flatten(Layer):
    """(N, ...) -> (N, product of the rest): images to vectors for a Dense layer."""

    def forward(self, x):
        x = self._check_input(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten expects (N, ...) with at least 2 axes, got {x.shape}")
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        self._check_forward_done()
        dout = self._check_dout(dout, (self.shape[0], int(np.prod(self.shape[1:]))))
        return dout.reshape(self.shape)


_INSIDE = contextvars.ContextVar("inside_a_sequential", default=False)


@contextlib.contextmanager
def _inside_the_chain():
    """While a Sequential passes arrays from one of its layers to the next: they were made
    from checked input by the layers themselves, so the finiteness checks are skipped."""
    token = _INSIDE.set(True)
    try:
        yield
    finally:
        _INSIDE.reset(token)


def gather(named_layers, attribute):
    """The params (or grads) of several layers in one dict, keys 'name.key' (e.g. '0.W').

    named_layers: (name, layer) pairs; attribute: 'params' or 'grads'. The values are the
    layers' own arrays, not copies, so an optimizer that updates them updates the layers.
    """
    return {
        f"{name}.{k}": v
        for name, layer in named_layers
        for k, v in getattr(layer, attribute).items()
    }


class Sequential(Layer):
    """Layers run in order; backward runs them in reverse (the chain rule, one link each).

    params and grads gather the layers' own under keys 'i.name' (e.g. '0.W'): the same arrays,
    so updating `params` updates the layers.
    """

    def __init__(self, *layers):
        # no Layer.__init__: params and grads are views of the layers' own, built on demand
        self.layers = list(layers)
        # only the layers with weights have a dtype; the others follow their input
        dtypes = {np.dtype(layer.dtype) for layer in self.layers if layer.dtype is not None}
        if len(dtypes) > 1:
            raise ValueError(
                "all layers with weights must share one dtype, got "
                + ", ".join(
                    f"{layer!r}: {np.dtype(layer.dtype)}"
                    for layer in self.layers
                    if layer.dtype is not None
                )
            )
        self.dtype = dtypes.pop() if dtypes else None

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"

    @property
    def params(self):
        return gather(enumerate(self.layers), "params")

    @property
    def grads(self):
        return gather(enumerate(self.layers), "grads")

    def forward(self, x):
        # x is checked (finite, not empty) once, by the first layer; what a layer hands the
        # next one it computed itself from checked numbers, so the later layers skip that
        # check (it would cost more than the small products of a course's networks)
        if not self.layers:
            return x
        x = self.layers[0].forward(x)
        with _inside_the_chain():
            for layer in self.layers[1:]:
                x = layer.forward(x)
        return x

    def backward(self, dout):
        if not self.layers:
            return dout
        dout = self.layers[-1].backward(dout)  # the caller's dout, checked by the last layer
        with _inside_the_chain():
            for layer in reversed(self.layers[:-1]):
                dout = layer.backward(dout)
        return dout
