"""Every layer of the pack, listed once. The bad-input, property and PyTorch tests take their
layers from this table, so a new layer is one more row here, and every one of those tests
runs on it.

A row knows how to build the layer from a dtype and sizes (d_in, d_out, kernel, stride,
padding), the input shape it takes, the output shape it promises for an input shape (None
for one it must refuse), and, where PyTorch has the same layer, how to build that twin with
the same weights.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers import (
    LSTM,
    RNN,
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    ReLU,
    Sequential,
    Sigmoid,
    Tanh,
)


def window_count(n, kernel, stride, padding):
    """The output length of a sliding window over n entries (as every layer computes it)."""
    return (n + 2 * padding - kernel) // stride + 1


def dense_shape(shape, d, m):
    """Dense takes (..., d): every leading axis counts examples."""
    return (*shape[:-1], m) if len(shape) >= 1 and shape[-1] == d else None


def image_shape(shape, channels, out_channels, kernel, stride, padding):
    """(N, C, H, W) -> (N, F, H', W'); channels None: any C, kept (pooling)."""
    if len(shape) != 4 or (channels is not None and shape[1] != channels):
        return None
    h, w = (window_count(n, kernel, stride, padding) for n in shape[2:])
    if h < 1 or w < 1:
        return None
    return (shape[0], shape[1] if out_channels is None else out_channels, h, w)


def sequence_shape(shape, d, h):
    return (*shape[:2], h) if len(shape) == 3 and shape[2] == d else None


def linear_twin(layer, torch):
    """torch.nn.Linear with Dense's weights (torch keeps W as (out, in))."""
    module = torch.nn.Linear(layer.in_features, layer.out_features).double()
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(layer.params["W"].T))
        module.bias.copy_(torch.from_numpy(layer.params["b"]))
    return module, {"W": (module.weight, np.transpose), "b": (module.bias, None)}


def conv_twin(layer, torch):
    module = torch.nn.Conv2d(
        layer.in_channels,
        layer.out_channels,
        layer.kernel_size,
        stride=layer.stride,
        padding=layer.padding,
    ).double()
    with torch.no_grad():
        module.weight.copy_(torch.from_numpy(layer.params["W"]))
        module.bias.copy_(torch.from_numpy(layer.params["b"]))
    return module, {"W": (module.weight, None), "b": (module.bias, None)}


def torch_gate_order(a, h):
    """Our gate blocks i, f, o, g (last axis) -> torch's i, f, g, o, transposed to (4H, in)."""
    i, f, o, g = (a[..., k * h : (k + 1) * h] for k in range(4))
    return np.concatenate([i, f, g, o], axis=-1).T


def torch_recurrent(layer, torch):
    """torch.nn.RNN or LSTM with the layer's weights, and how each of our params maps onto
    its parameter; torch has two biases: b_ih = b, b_hh = 0."""
    h = layer.hidden_size
    kind = torch.nn.LSTM if isinstance(layer, LSTM) else torch.nn.RNN
    module = kind(layer.input_size, h, batch_first=True).double()
    order = (lambda a: torch_gate_order(a, h)) if kind is torch.nn.LSTM else np.transpose
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(order(layer.params["Wx"]))))
        module.weight_hh_l0.copy_(torch.from_numpy(np.ascontiguousarray(order(layer.params["Wh"]))))
        module.bias_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(order(layer.params["b"]))))
        module.bias_hh_l0.zero_()
    grads = {"Wx": module.weight_ih_l0, "Wh": module.weight_hh_l0, "b": module.bias_ih_l0}
    return module, {k: (p, order) for k, p in grads.items()}


def recurrent_twin(layer, torch):
    """The layer's torch twin as the table takes it: x -> the hidden states alone."""
    module, grads = torch_recurrent(layer, torch)
    return (lambda x: module(x)[0]), grads


def elementwise_twin(name):
    return lambda layer, torch: (getattr(torch.nn, name)(), {})


@dataclass(frozen=True)
class Row:
    """make(dtype, sizes) -> layer; input_shape(sizes) -> a shape it takes;
    output_shape(x_shape, sizes) -> its output's shape or None; twin(layer, torch) ->
    (module, {param key: (torch parameter, how ours maps onto it)}), or None."""

    make: Callable
    input_shape: Callable
    output_shape: Callable
    has_weights: bool
    twin: Callable | None = None


def pooling_row(layer_type, torch_name):
    """A pooling layer's row: kernel and stride from the sizes; any channels, kept."""
    return Row(
        lambda dt, s: layer_type(s[2], s[3]),
        lambda s: (2, s[0], 5, 4),
        lambda x, s: image_shape(x, None, None, s[2], s[3], 0),
        False,
        lambda layer, torch: (getattr(torch.nn, torch_name)(layer.kernel_size, layer.stride), {}),
    )


def recurrent_row(layer_type):
    """A recurrent layer's row: (N, T, D) sequences of d_in features, d_out hidden units."""
    return Row(
        lambda dt, s: layer_type(s[0], s[1], seed=0, dtype=dt),
        lambda s: (2, 4, s[0]),
        lambda x, s: sequence_shape(x, *s[:2]),
        True,
        recurrent_twin,
    )


def _sequential(dt, s):
    return Sequential(Dense(s[0], s[1], seed=0, dtype=dt), Tanh())


def sequential_twin(layer, torch):
    """Dense then Tanh in PyTorch, with the Dense layer's weights."""
    linear, grads = linear_twin(layer.layers[0], torch)
    module = torch.nn.Sequential(linear, torch.nn.Tanh())
    return module, {f"0.{key}": value for key, value in grads.items()}


LAYERS = {
    "Dense": Row(
        lambda dt, s: Dense(s[0], s[1], seed=0, dtype=dt),
        lambda s: (4, s[0]),
        lambda x, s: dense_shape(x, *s[:2]),
        True,
        linear_twin,
    ),
    "Sigmoid": Row(
        lambda dt, s: Sigmoid(),
        lambda s: (4, 3),
        lambda x, s: x,
        False,
        elementwise_twin("Sigmoid"),
    ),  # fmt: skip
    "Tanh": Row(
        lambda dt, s: Tanh(), lambda s: (4, 3), lambda x, s: x, False, elementwise_twin("Tanh")
    ),  # fmt: skip
    "ReLU": Row(
        lambda dt, s: ReLU(), lambda s: (4, 3), lambda x, s: x, False, elementwise_twin("ReLU")
    ),  # fmt: skip
    "Flatten": Row(
        lambda dt, s: Flatten(),
        lambda s: (4, 3, 2),
        lambda x, s: (x[0], int(np.prod(x[1:]))) if len(x) >= 2 else None,
        False,
        elementwise_twin("Flatten"),
    ),
    "Conv2D": Row(
        lambda dt, s: Conv2D(s[0], s[1], s[2], s[3], s[4], seed=0, dtype=dt),
        lambda s: (2, s[0], 5, 4),
        lambda x, s: image_shape(x, *s),
        True,
        conv_twin,
    ),
    "MaxPool2D": pooling_row(MaxPool2D, "MaxPool2d"),
    "AvgPool2D": pooling_row(AvgPool2D, "AvgPool2d"),
    "RNN": recurrent_row(RNN),
    "LSTM": recurrent_row(LSTM),
    "Sequential": Row(
        _sequential,
        lambda s: (4, s[0]),
        lambda x, s: dense_shape(x, s[0], s[1]),
        True,
        sequential_twin,
    ),
}

SIZES = (3, 2, 2, 1, 0)  # d_in, d_out, kernel, stride, padding: the sizes a test uses by default


def build(name, dtype=np.float64, sizes=SIZES):
    """The layer of row `name` and an input of ones it takes."""
    row = LAYERS[name]
    return row.make(dtype, sizes), np.ones(row.input_shape(sizes), dtype=dtype)
