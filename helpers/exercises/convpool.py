"""Checks for "write the math yourself": a convolution's forward pass and max pooling's
backward pass, each written by the student in numpy on NCHW arrays.

As in backprop.py: five cases (N = 1 among them, H != W, stride 1 and 2, padding 0 to 2,
seeds 0 to 4), the right answer from the slides' own functions (conv2d_loops,
max_pool_backward_loops), and the usual slips written out as what the output would then be,
so that diagnose.check can name them.
"""

import numpy as np

from ..conv import Conv2D, conv2d, conv2d_loops, im2col_forward
from ..pooling import max_pool2d_backward, max_pool_backward_loops
from ..windows import output_size
from .diagnose import Case, check

# (N, C, H, W, F, k, stride, padding) of the five convolution cases; in three of them
# (H + 2 padding - k) / stride is not whole, once 3.5: an output size rounded, not floored,
# takes one window too many there
CONV_SHAPES = [
    (1, 1, 5, 6, 2, 3, 1, 1),
    (2, 3, 7, 6, 4, 3, 2, 1),
    (3, 2, 9, 8, 3, 2, 2, 0),
    (1, 2, 8, 7, 2, 3, 2, 2),
    (2, 1, 6, 5, 1, 2, 1, 0),
]
# (N, C, H, W, k, stride) of the five pooling cases; stride < k in two: windows overlap;
# in two (H - k) / stride is not whole: the last rows or columns belong to no window
POOL_SHAPES = [
    (1, 1, 4, 4, 2, 2),
    (2, 3, 7, 5, 2, 2),
    (1, 2, 5, 7, 3, 2),
    (3, 1, 6, 6, 3, 3),
    (2, 2, 5, 5, 2, 1),
]


def _conv_case(seed, n, c, h, width, f, k, stride, padding):
    """x (N, C, H, W), w (F, C, k, k), b (F,); the right conv2d output and the slips."""
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((n, c, h, width)), rng.standard_normal((f, c, k, k))
    b = rng.standard_normal(f)

    def conv(**slip):  # {"out": the convolution with one of its arguments changed}
        arguments = {"w": w, "b": b, "stride": stride, "padding": padding} | slip
        return {"out": conv2d_loops(x, **arguments)}

    right = conv()
    out_h, out_w = right["out"].shape[2:]
    mistakes = [
        (
            "the kernel is flipped: that is a true convolution, but conv2d (like every "
            "deep-learning library) slides the kernel unflipped, a cross-correlation",
            conv(w=w[:, :, ::-1, ::-1]),
        ),
        ("the input is not padded: add `padding` zeros on each side first", conv(padding=0)),
        ("the padding is applied twice", conv(padding=2 * padding)),
        ("the stride is ignored: the window moves one pixel at a time", conv(stride=1)),
        (
            "the size is right but the windows are not: window (i, j) starts at row "
            "stride * i and column stride * j of the padded input",
            {"out": conv(stride=1)["out"][:, :, :out_h, :out_w]},
        ),
        ("the bias is missing: filter f adds b[f] to each of its outputs", conv(b=None)),
    ]
    if c > 1:  # a filter spans every channel of the window
        mistakes += _channel_slips(x, w, b, stride, padding)
    label = f"N={n}, C={c}, H={h}, W={width}, F={f}, k={k}, stride {stride}, padding {padding}"
    return Case(f"{label}, seed {seed}", (x, w, b, stride, padding), n, right, mistakes)


def _channel_slips(x, w, b, stride, padding):
    """The slips of a sum over the input channels, as (words, {"out": their output})."""
    sums = "each filter's output sums its products over all C channels of the window"
    return [
        (
            f"only the first input channel is used: {sums}",
            {"out": conv2d_loops(x[:, :1], w[:, :1], b, stride, padding)},
        ),
        (
            "only the last input channel counts, as if each channel overwrote the one before "
            f"(= where += belongs): {sums}",
            {"out": conv2d_loops(x[:, -1:], w[:, -1:], b, stride, padding)},
        ),
        (
            f"the channels are averaged, not added: {sums}",
            {"out": conv2d_loops(x, w / x.shape[1], b, stride, padding)},
        ),
    ]


def check_conv_forward(fn):
    """Check fn(x, w, b, stride, padding) -> out: a convolution, as helpers.conv2d computes it
    (a cross-correlation of the zero-padded input).

    x (N, C, H, W), w (F, C, k, k), b (F,), stride and padding ints -> out (N, F, H', W').
    Returns a CheckResult (passed, message); a cell that ends with it shows the message.
    """
    cases = [_conv_case(seed, *shape) for seed, shape in enumerate(CONV_SHAPES)]
    calls = "this calls helpers' {}: write the convolution yourself"
    pack = {
        conv2d: calls.format("conv2d"),
        conv2d_loops: calls.format("conv2d_loops"),
        im2col_forward: calls.format("im2col_forward"),
        Conv2D._forward: calls.format("Conv2D layer"),
    }
    return check(fn, ("out",), cases, pack)


def _first_maximum(window):
    """1 at the first maximum of a window (row-major order, as np.argmax), 0 elsewhere."""
    share = np.zeros(window.size)
    share[np.argmax(window)] = 1
    return share.reshape(window.shape)


def _last_maximum(window):
    """1 at the last maximum of a window in row-major order, 0 elsewhere."""
    return _first_maximum(window[::-1, ::-1])[::-1, ::-1]


def _every_maximum(window):
    """1 at every entry that ties for the maximum of a window."""
    return (window == window.max()).astype(np.float64)


def _pool_window_by_window(x, dout, k, stride, share, add=True, step=None):
    """{"dx": max pooling's backward written window by window}, for the slips.

    share(window (k, k)) -> the fraction of the window's gradient each entry gets;
    add=False writes it instead of adding it, so overlapping windows overwrite each other;
    step: where window i starts, step * i (the stride; 1 for a forgotten offset).
    """
    dx, step = np.zeros_like(x), stride if step is None else step
    for n, c, i, j in np.ndindex(dout.shape):
        rows, cols = slice(step * i, step * i + k), slice(step * j, step * j + k)
        part = share(x[n, c, rows, cols])
        target = dx[n, c, rows, cols]  # a view: writing it writes dx
        if add:
            target += dout[n, c, i, j] * part
        else:
            np.copyto(target, dout[n, c, i, j], where=part != 0)
    return {"dx": dx}


FIRST = "it goes whole to one of them, the first in row-major order"
POOL_SLIPS = [  # (words, share(window) -> each entry's part of its gradient, keywords)
    (f"the gradient goes to every tied maximum of a window; {FIRST}", _every_maximum, {}),
    (f"the gradient goes to the last of a window's tied maxima; {FIRST}", _last_maximum, {}),
    (
        f"the gradient is split equally among a window's tied maxima; {FIRST}",
        lambda window: _every_maximum(window) / _every_maximum(window).sum(),
        {},
    ),
    ("every entry of a window gets its gradient; only the maximum does", np.ones_like, {}),
    (
        "that is average pooling's gradient, shared out over the window; max pooling sends "
        "it to the maximum alone",
        lambda window: np.full_like(window, 1 / window.size),
        {},
    ),
    (
        "where windows overlap, an input that is the maximum of two windows gets both "
        "gradients added; yours keeps only the last one",
        _first_maximum,
        {"add": False},
    ),
    (
        "the windows are read at the wrong place: window (i, j) starts at row stride * i "
        "and column stride * j, not at i and j",
        _first_maximum,
        {"step": 1},
    ),
]


def _pool_slips(x, dout, k, stride):
    """(why, {"dx": what it would be}) for the usual slips of max pooling's backward."""
    return [
        (words, _pool_window_by_window(x, dout, k, stride, share, **keywords))
        for words, share, keywords in POOL_SLIPS
        if keywords.get("step") != stride  # a forgotten offset shows only for stride > 1
    ]


def _pool_case(seed, n, c, h, width, k, stride):
    """x (N, C, H, W) with tied maxima, dout (N, C, H', W'); the right dx and the slips."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 3, (n, c, h, width)).astype(np.float64)  # small integers: many ties
    x[:, :, 0, :2] = 3  # and a sure tie for the maximum of the first window of every map
    out_h, out_w = output_size(h, k, stride, 0), output_size(width, k, stride, 0)
    dout = rng.standard_normal((n, c, out_h, out_w))
    right = {"dx": max_pool_backward_loops(x, dout, k, stride)}

    mistakes = _pool_slips(x, dout, k, stride)
    label = f"N={n}, C={c}, H={h}, W={width}, k={k}, stride {stride}, seed {seed}"
    return Case(label, (x, dout, k, stride), n, right, mistakes)


def check_max_pool_backward(fn):
    """Check fn(x, dout, kernel_size, stride) -> dx: max pooling's backward pass, in which
    each window's gradient goes to its first maximum (row-major order), as in helpers.

    x (N, C, H, W), dout = dL/dout (N, C, H', W'), kernel_size and stride ints -> dx like x.
    The inputs hold tied maxima. Returns a CheckResult (passed, message).
    """
    cases = [_pool_case(seed, *shape) for seed, shape in enumerate(POOL_SHAPES)]
    calls = "this calls helpers' {}: write the loop over the windows yourself"
    pack = {
        max_pool2d_backward: calls.format("max pooling backward"),
        max_pool_backward_loops: calls.format("max_pool_backward_loops"),
    }
    return check(fn, ("dx",), cases, pack)
