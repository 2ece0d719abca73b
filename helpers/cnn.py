"""The networks of pages 37-38, sized for the 8x8 digits: a small CNN and a dense network.

CNN: convolution (8 filters 3x3) -> ReLU -> convolution (16 filters 3x3 over the 8 maps)
-> ReLU -> max pooling 2x2 -> flatten -> dense to the 10 digits. Padding 1 keeps the maps
8x8 until the pooling. The same filters slide over the whole image, so the convolutions have
8 x 9 + 16 x 8 x 9 weights however large the image; a dense layer needs one per pixel.
"""

import numpy as np

from .conv import Conv2D
from .layers import Dense, Flatten, ReLU, Sequential
from .metrics import count_params
from .pooling import MaxPool2D
from .shell import Layer
from .validation import check_whole, kind_of, random_generator


def digit_cnn(filters=(8, 16), seed=0, dtype=np.float64):
    """(N, 1, 8, 8) images -> (N, 10) class scores (logits).

    float64 by default, so that trained accuracies come out the same on every machine;
    dtype=np.float32 trains faster.
    """
    rng = random_generator(seed)
    first, second = filters
    return Sequential(
        Conv2D(1, first, 3, padding=1, seed=rng, dtype=dtype),
        ReLU(),
        Conv2D(first, second, 3, padding=1, seed=rng, dtype=dtype),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dense(second * 4 * 4, 10, seed=rng, dtype=dtype),
    )


def digit_mlp(hidden=32, seed=0, dtype=np.float64):
    """The dense network to compare: (N, 1, 8, 8) -> flatten 64 -> hidden (ReLU) -> 10."""
    rng = random_generator(seed)
    return Sequential(
        Flatten(),
        Dense(64, hidden, seed=rng, init="he", dtype=dtype),
        ReLU(),
        Dense(hidden, 10, seed=rng, dtype=dtype),
    )


def summary(model, input_shape):
    """The layers of a Sequential model (or one layer), one line each, with the shape
    (N, C, H, W) or (N, D) each hands on for an input of `input_shape`, and the weights it
    learns -> str.

    The shapes are found by running zeros through the layers (what they cache is replaced
    by the next real forward pass).
    """
    if not isinstance(model, Layer):
        raise TypeError(f"summary needs a model (a layer or a Sequential), got {kind_of(model)}")
    if not (isinstance(input_shape, tuple) and input_shape):
        raise ValueError(
            f"input_shape must be a tuple of whole numbers >= 1, e.g. (1, 1, 8, 8), got "
            f"{input_shape!r}"
        )
    shape = tuple(check_whole(n, f"input_shape[{i}]") for i, n in enumerate(input_shape))
    x = np.zeros(shape, dtype=model.dtype or np.float64)
    lines = [f"{'input':<38} {str(x.shape):>15}"]
    for layer in model.layers if isinstance(model, Sequential) else [model]:
        x = layer.forward(x)
        count = count_params(layer)
        learns = f"{count:>6,} weights and biases" if count else ""
        lines.append(f"{layer!r:<38} {str(x.shape):>15} {learns}".rstrip())
    lines.append(f"{'total':<38} {'':>15} {count_params(model):>6,}")
    return "\n".join(lines)
