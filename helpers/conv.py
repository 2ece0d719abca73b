"""Convolution (pages 21-35): one small filter slid over the image, the same weights everywhere.

conv2d is a cross-correlation on NCHW arrays, as in every deep-learning library:

    out[n, f, i, j] = b[f] + sum over c, di, dj of  x[n, c, s*i + di, s*j + dj] * w[f, c, di, dj]

with x zero-padded by `padding` on each side and s the stride. The output is
(N, F, H', W') with H' = (H + 2 padding - k) // stride + 1 (and W' alike).

conv2d_loops computes exactly that, one output position at a time, as the slides slide the
filter: read it first. conv2d and Conv2D compute the same numbers (a test holds them to it)
without a Python loop over images, channels or pixels:
- the input is zero-padded into a (C, Hp, Wp, N) array: batch last (see below);
- im2col: every k x k window of it becomes a column of a matrix `cols` (C k k, H' W' N), one
  copy of a strided view;
- the convolution is then one matrix product, w as (F, C k k) times cols, and the result
  (F, H' W' N) is put back in (N, F, H', W') order;
- backward: with dout as rows (H' W' N, F), dL/dw = cols @ dout_rows (one product) and
  dL/dcols = w^T @ dout_rows^T, folded back onto the image by col2im: 2 k slice-adds, one
  pass over the row offsets then one over the column offsets.

Why batch last: numpy copies and adds fast along long contiguous runs and slowly along short
ones. With the batch as the last axis, one window row (W' positions of all N images) is one
run of W' N numbers; in NCHW order it would be W' numbers. The copies into and out of this
layout cost less than what the long runs save in im2col and col2im (benchmarks/speed_conv.py
measures both).
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .init import init_weights
from .shell import Layer
from .validation import as_float_array, check_float_dtype, check_whole, random_generator
from .windows import check_geometry, output_size


def conv2d_loops(x, w, b=None, stride=1, padding=0):
    """The convolution of the slides, one output position at a time: the naive twin of
    conv2d, which computes the same numbers (a test holds them to it).

    x (N, C, H, W), w (F, C, k, k), b (F,) or None -> out (N, F, H', W'). At each position
    (i, j) the window of the padded input, (N, C, k, k), is multiplied entry by entry with
    each filter and summed over C, k and k: one number per image and filter.
    """
    n, _, h, width = x.shape
    f, _, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out_h, out_w = output_size(h, k, stride, padding), output_size(width, k, stride, padding)
    out = np.zeros((n, f, out_h, out_w), dtype=x.dtype)
    for i in range(out_h):
        for j in range(out_w):
            window = xp[:, :, stride * i : stride * i + k, stride * j : stride * j + k]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3]))
    return out if b is None else out + b[:, None, None]


def _pad(x, padding):
    """x (N, C, H, W) -> xp (C, Hp, Wp, N): zero-padded, batch last.

    zeros + one slice assignment: faster than np.pad, and it does the transpose on the way.
    """
    n, c, h, w = x.shape
    xp = np.zeros((c, h + 2 * padding, w + 2 * padding, n), dtype=x.dtype)
    xp[:, padding : padding + h, padding : padding + w] = x.transpose(1, 2, 3, 0)
    return xp


def _im2col(xp, k, stride, out_h, out_w):
    """Windows of xp (C, Hp, Wp, N) as columns (C k k, H' W' N): one copy of a strided view."""
    c = xp.shape[0]
    windows = sliding_window_view(xp, (k, k), axis=(1, 2))[:, ::stride, ::stride]
    windows = windows[:, :out_h, :out_w]  # (C, H', W', N, k, k), a view
    return windows.transpose(0, 4, 5, 1, 2, 3).reshape(c * k * k, -1)


def _col2im(dcols, shape, k, stride, out_h, out_w):
    """The inverse gathering: add each column entry back where it was read from.

    dcols (C k k, H' W' N) -> dxp of `shape` (C, Hp, Wp, N). Windows overlap when stride < k,
    so entries add up. Two passes of k slice-adds: the row offsets di first, into `rows`
    (C, k, Hp, W', N), then the column offsets dj. With stride 1 each add of the first pass,
    which moves all k k C H' W' N numbers, is one contiguous run of H' W' N numbers per
    (channel, dj); only the second, smaller pass adds short runs of W' N, which is faster
    than k k slice-adds of short runs (benchmarks/speed_conv.py). (With stride > 1 the first
    pass has short runs too; the course's layers all use stride 1.)
    """
    c, hp, _, n = shape
    dcols = dcols.reshape(c, k, k, out_h, out_w, n)
    rows = np.zeros((c, k, hp, out_w, n), dtype=dcols.dtype)  # summed over di, per dj
    for di in range(k):
        rows[:, :, di : di + stride * out_h : stride] += dcols[:, di]
    dxp = np.zeros(shape, dtype=dcols.dtype)
    for dj in range(k):
        dxp[:, :, dj : dj + stride * out_w : stride] += rows[:, dj]
    return dxp


def im2col_forward(x, w, b, stride, padding):
    """Convolution forward as one matrix product. x (N, C, H, W), w (F, C, k, k), b (F,) or
    None -> (out (N, F, H', W'), cache for im2col_backward). Its naive twin: conv2d_loops.
    """
    n, c, h, width = x.shape
    f, _, k, _ = w.shape
    out_h, out_w = output_size(h, k, stride, padding), output_size(width, k, stride, padding)
    xp = _pad(x, padding)
    cols = _im2col(xp, k, stride, out_h, out_w)
    out = w.reshape(f, c * k * k) @ cols  # (F, H' W' N)
    if b is not None:
        out += b[:, None]
    # a contiguous copy, not a transposed view: the view would save this copy but make
    # every later layer (pooling, the next convolution) read memory with long strides
    out = np.ascontiguousarray(out.reshape(f, out_h, out_w, n).transpose(3, 0, 1, 2))
    return out, (xp, w, b is not None, stride, padding, cols)


def im2col_backward(dout, cache):
    """Convolution backward: dout (N, F, H', W') -> (dx (N, C, H, W), dw, db or None)."""
    xp, w, has_bias, stride, padding, cols = cache
    f, c, k, _ = w.shape
    out_h, out_w = dout.shape[2:]
    dout_rows = dout.transpose(2, 3, 0, 1).reshape(-1, f)  # (H' W' N, F), cols' order
    # dw is computed transposed, (C k k, F) = cols @ dout_rows: OpenBLAS runs this order
    # faster than dout_rows.T @ cols.T, which would give (F, C k k) directly
    dw_t = cols @ dout_rows  # one product for all windows
    dxp = _col2im(w.reshape(f, c * k * k).T @ dout_rows.T, xp.shape, k, stride, out_h, out_w)
    # einsum sums over three axes in one pass; dout.sum(axis=(0, 2, 3)) makes several
    db = np.einsum("nfhw->f", dout) if has_bias else None
    h, width = xp.shape[1] - 2 * padding, xp.shape[2] - 2 * padding
    dx = dxp[:, padding : padding + h, padding : padding + width].transpose(3, 0, 1, 2)
    return np.ascontiguousarray(dx), np.ascontiguousarray(dw_t.T).reshape(w.shape), db


def check_conv_shapes(x, w_shape, stride, padding, what):
    """Raise a ValueError unless filters of w_shape (F, C, k, k) can slide over x (N, C, H, W)
    with this stride and padding (whole numbers): square filters, the same C, a fit."""
    if len(w_shape) != 4 or w_shape[2] != w_shape[3]:
        raise ValueError(f"filters must be square, of shape (F, C, k, k), got w of shape {w_shape}")
    geometry = check_geometry(x, w_shape[2], stride, padding, what)
    if geometry.c != w_shape[1]:
        raise ValueError(
            f"x has {geometry.c} channels but the filters expect {w_shape[1]}: w is "
            f"{w_shape}, x is {x.shape}"
        )
    return geometry


def conv2d(x, w, b=None, stride=1, padding=0):
    """Convolution as a function: x (N, C, H, W), w (F, C, k, k), b (F,) -> (N, F, H', W').
    Computed by im2col_forward; its naive twin, window by window, is conv2d_loops."""
    x = as_float_array(x, "x")
    w = as_float_array(w, "w").astype(x.dtype, copy=False)
    g = check_conv_shapes(x, w.shape, stride, padding, "conv2d")
    if b is not None:
        b = as_float_array(b, "b").astype(x.dtype, copy=False)
        if b.shape != (w.shape[0],):
            raise ValueError(f"b must have shape ({w.shape[0]},), one per filter, got {b.shape}")
    return im2col_forward(x, w, b, g.stride, g.padding)[0]


class Conv2D(Layer):
    """Convolution layer: `out_channels` filters of in_channels x k x k, slid over the input.

    params W (out, in, k, k) and b (out,); x (N, in, H, W) -> (N, out, H', W').
    init 'he' (for ReLU, the default) or 'xavier', with fan_in = in k k; seed as in Dense.
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        *,
        seed=None,
        init="he",
        dtype=np.float64,
    ):
        super().__init__()
        self.in_channels = in_channels = check_whole(in_channels, "in_channels")
        self.out_channels = out_channels = check_whole(out_channels, "out_channels")
        self.kernel_size = kernel_size = check_whole(kernel_size, "kernel_size")
        self.stride, self.padding = (
            check_whole(stride, "stride"),
            check_whole(padding, "padding", 0),
        )
        self.dtype = dtype = check_float_dtype(dtype)
        rng = random_generator(seed)
        fan_in = in_channels * kernel_size**2
        self.params["W"] = init_weights(
            init,
            fan_in,
            out_channels * kernel_size**2,
            (out_channels, in_channels, kernel_size, kernel_size),
            rng,
            dtype,
        )
        self.params["b"] = np.zeros(out_channels, dtype=dtype)

    def __repr__(self):
        return (
            f"Conv2D({self.in_channels}, {self.out_channels}, {self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding})"
        )

    def check_shape(self, x):
        check_conv_shapes(x, self.params["W"].shape, self.stride, self.padding, "Conv2D")

    def _forward(self, x):
        out, self.cache = im2col_forward(
            x, self.params["W"], self.params["b"], self.stride, self.padding
        )
        return out

    def _backward(self, dout):
        dx, dw, db = im2col_backward(dout, self.cache)
        self.grads = {"W": dw, "b": db}
        return dx
