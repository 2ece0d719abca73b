"""Layers that learn: Dense, the activation layers, Flatten and Sequential.

Each subclasses shell.Layer, the checked shell, and holds only its math. Every layer has
- `params` and `grads`: dicts of arrays with the same keys (empty for layers without weights);
- `forward(x)`: computes the output and keeps what backward needs;
- `backward(dout)`: given dL/doutput, returns dL/dx and *sets* `grads` for the last forward.
The arrays in `params` are the ones forward uses, so an optimizer updates them in place.
A layer with weights computes in the dtype of its params (float64 by default, float32 for
fast training) and refuses an input of another float dtype rather than silently converting
it. A layer without weights takes no dtype: it computes in the dtype of its input, so
Sequential(Dense(4, 3, dtype=np.float32), ReLU()) runs in float32 throughout.
"""

import numpy as np

from .activations import sigmoid
from .init import init_weights
from .shell import Layer
from .validation import all_finite, check_float_dtype, check_whole, kind_of, random_generator


def dense_backward(x, W, b, dout):
    """The backward pass of y = x @ W + b, from dout = dL/dy (N, M), x (N, D), W (D, M) and
    b (M,) or None -> (dL/dx (N, D), dL/dW (D, M), dL/db (M,) or None)."""
    dx = dout @ W.T  # each input reaches every output through its row of W
    dW = x.T @ dout  # W[i, j] multiplies x[:, i] in output j, for every example
    db = None if b is None else dout.sum(axis=0)  # b is added to every example
    return dx, dW, db


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
        rng = random_generator(seed)
        self.params["W"] = init_weights(
            init, in_features, out_features, (in_features, out_features), rng, dtype
        )
        if bias:
            self.params["b"] = np.zeros(out_features, dtype=dtype)

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features})"

    def check_shape(self, x):
        if x.ndim < 1 or x.shape[-1] != self.in_features:
            raise ValueError(
                f"Dense expects input of shape (..., {self.in_features}), got {x.shape}"
            )

    def _forward(self, x):
        self.x = x
        y = x @ self.params["W"]
        return y + self.params["b"] if "b" in self.params else y

    def _backward(self, dout):
        x = self.x
        if x.ndim != 2:  # all leading axes are examples: rows of one matrix
            x, dout = x.reshape(-1, self.in_features), dout.reshape(-1, self.out_features)
        dx, dW, db = dense_backward(x, self.params["W"], self.params.get("b"), dout)
        self.grads = {"W": dW} if db is None else {"W": dW, "b": db}
        return dx.reshape(self.x.shape)


class Sigmoid(Layer):
    """y = sigma(x), elementwise; dy/dx = y (1 - y)."""

    def _forward(self, x):
        self.y = sigmoid(x)
        return self.y

    def _backward(self, dout):
        return dout * self.y * (1 - self.y)


class Tanh(Layer):
    """y = tanh(x), elementwise; dy/dx = 1 - y^2."""

    def _forward(self, x):
        self.y = np.tanh(x)
        return self.y

    def _backward(self, dout):
        return dout * (1 - self.y * self.y)


class ReLU(Layer):
    """y = max(x, 0), elementwise; the gradient passes where x > 0 and stops elsewhere."""

    def _forward(self, x):
        self.mask = x > 0
        return np.maximum(x, 0)  # a Python 0 keeps x.dtype

    def _backward(self, dout):
        return dout * self.mask


class Flatten(Layer):
    """(N, ...) -> (N, product of the rest): images to vectors for a Dense layer."""

    def check_shape(self, x):
        if x.ndim < 2:
            raise ValueError(f"Flatten expects (N, ...) with at least 2 axes, got {x.shape}")

    def _forward(self, x):
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def _backward(self, dout):
        return dout.reshape(self.shape)


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
        for k, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Sequential takes layers: argument {k} is {kind_of(layer)} {layer!r:.40}"
                )
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
        self.dtype = dtypes.pop().type if dtypes else None

    def __repr__(self):
        return "Sequential(" + ", ".join(map(repr, self.layers)) + ")"

    @property
    def params(self):
        return gather(enumerate(self.layers), "params")

    @property
    def grads(self):
        return gather(enumerate(self.layers), "grads")

    # Where checks are skipped (as in RecurrentLanguageModel, the other layer made of layers):
    # inside the chain each layer runs its shape rule and its math (forward_unchecked,
    # _backward), not the passes over the numbers. What a layer hands the next it computed from
    # checked numbers; the Sequential's own shell checks x and the result, dout and dx, and the
    # optimizer checks every layer's grads before it steps (check_grads names the one that is
    # not finite, '0.W'). A NaN made midway (an overflow, a broken layer) is found there, and
    # where_not_finite names the layer that made it, from the outputs the chain keeps. (An inf
    # that a later tanh or sigmoid squashes to 1 leaves no trace: the result is finite, and
    # tanh(inf) = 1 is its limit.)
    def _forward(self, x):
        self.outputs = []  # layer k's output: outputs[k]
        for layer in self.layers:
            x = layer.forward_unchecked(x)
            self.outputs.append(x)
        return x

    def checked_grads(self):
        """{}: the optimizer checks every layer's grads (see above)."""
        return {}

    def _backward(self, dout):
        self.dxs = []  # what each layer hands back, from the last layer to the first
        for layer in reversed(self.layers):
            dout = layer._backward(dout)
            self.dxs.append(dout)
        return dout

    def where_not_finite(self, method):
        """' (first made by layer k, ReLU())': the first layer whose output was not finite,
        in the order `method` ('forward' or 'backward') ran them."""
        order = range(len(self.layers))
        if method == "forward":
            made = zip(order, self.outputs, strict=True)
        else:
            made = zip(reversed(order), self.dxs, strict=True)
        k = next(k for k, out in made if not all_finite(out))
        inside = self.layers[k].where_not_finite(method)  # a Sequential in a Sequential
        return f" (first made by layer {k}, {self.layers[k]!r}{inside})"
