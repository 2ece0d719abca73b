"""Convolution (pages 21-35): one small filter slid over the image, the same weights everywhere.

conv2d is a cross-correlation on NCHW arrays, as in every deep-learning library:

    out[n, f, i, j] = b[f] + sum over c, di, dj of  x[n, c, s*i + di, s*j + dj] * w[f, c, di, dj]

with x zero-padded by `padding` on each side and s the stride. The output is
(N, F, H', W') with H' = (H + 2 padding - k) // stride + 1 (and W' alike).

How it is computed (no Python loop over images, channels or pixels):
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
from .layers import Layer, refuses_overflow
from .validation import as_float_array, check_float_dtype, check_whole
from .windows import check_geometry

# Above this, im2col works on chunks of the batch: a forward pass over a whole test set of
# 28x28 images (10,000 images, 8 filters of 3x3: 4.5 GB of columns) would not fit in memory.
MAX_COLUMN_BYTES = 256 * 2**20


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


def _dout_rows(dout):
    """dout (N, F, H', W') -> (H' W' N, F): one row per column of cols, in the same order."""
    return dout.transpose(2, 3, 0, 1).reshape(-1, dout.shape[1])


def _batch_chunks(n, column_bytes_per_image):
    """Slices of the batch whose columns fit in MAX_COLUMN_BYTES (at least one image each)."""
    per_chunk = max(1, MAX_COLUMN_BYTES // max(1, column_bytes_per_image))
    return [slice(start, min(n, start + per_chunk)) for start in range(0, n, per_chunk)]


def conv_forward(x, w, b, stride, padding):
    """Convolution forward. x (N, C, H, W), w (F, C, k, k), b (F,) or None.

    Returns (out (N, F, H', W'), cache for conv_backward).
    """
    f, c_w, k, k2 = w.shape
    if k != k2:
        raise ValueError(f"filters must be square, got w of shape {w.shape}")
    n, c, h, width, k, stride, padding, out_h, out_w = check_geometry(
        x, k, stride, padding, "conv2d"
    )
    if c != c_w:
        raise ValueError(
            f"x has {c} channels but the filters expect {c_w}: w is {w.shape}, x is {x.shape}"
        )
    xp = _pad(x, padding)
    w_mat = w.reshape(f, c * k * k)
    chunks = _batch_chunks(n, c * k * k * out_h * out_w * x.itemsize)
    out = np.empty((n, f, out_h, out_w), dtype=x.dtype)
    cols = None
    for chunk in chunks:
        cols = _im2col(xp[..., chunk], k, stride, out_h, out_w)
        out_mat = w_mat @ cols  # (F, H' W' n)
        if b is not None:
            out_mat += b[:, None]
        # a contiguous copy, not a transposed view: the view would save this copy but make
        # every later layer (pooling, the next convolution) read memory with long strides
        out[chunk] = out_mat.reshape(f, out_h, out_w, -1).transpose(3, 0, 1, 2)
    # keep the columns for backward when they came in one piece; else rebuild them there
    cache = (xp, w, b is not None, stride, padding, cols if len(chunks) == 1 else None)
    return out, cache


def conv_backward(dout, cache):
    """Convolution backward: dout (N, F, H', W') -> (dx (N, C, H, W), dw, db or None)."""
    xp, w, has_bias, stride, padding, cols = cache
    f, c, k, _ = w.shape
    n, _, out_h, out_w = dout.shape
    w_mat = w.reshape(f, c * k * k)
    # dw is computed transposed, (C k k, F) = cols @ dout_rows: OpenBLAS runs this order
    # faster than dout_rows.T @ cols.T, which would give (F, C k k) directly
    if cols is not None:
        dout_rows = _dout_rows(dout)
        dw_t = cols @ dout_rows  # one product for all windows
        dxp = _col2im(w_mat.T @ dout_rows.T, xp.shape, k, stride, out_h, out_w)
    else:
        dw_t = np.zeros((c * k * k, f), dtype=xp.dtype)
        dxp = np.empty_like(xp)
        for chunk in _batch_chunks(n, c * k * k * out_h * out_w * xp.itemsize):
            part = _dout_rows(dout[chunk])
            dw_t += _im2col(xp[..., chunk], k, stride, out_h, out_w) @ part
            dxp[..., chunk] = _col2im(
                w_mat.T @ part.T, dxp[..., chunk].shape, k, stride, out_h, out_w
            )
    # einsum sums over three axes in one pass; dout.sum(axis=(0, 2, 3)) makes several
    db = np.einsum("nfhw->f", dout) if has_bias else None
    h, width = xp.shape[1] - 2 * padding, xp.shape[2] - 2 * padding
    dx = dxp[:, padding : padding + h, padding : padding + width].transpose(3, 0, 1, 2)
    return np.ascontiguousarray(dx), np.ascontiguousarray(dw_t.T).reshape(w.shape), db


def conv2d(x, w, b=None, stride=1, padding=0):
    """Convolution as a function: x (N, C, H, W), w (F, C, k, k), b (F,) -> (N, F, H', W')."""
    x = as_float_array(x, "x")
    w = as_float_array(w, "w").astype(x.dtype, copy=False)
    if w.ndim != 4:
        raise ValueError(f"w must have shape (F, C, k, k), got {w.shape}")
    if b is not None:
        b = as_float_array(b, "b").astype(x.dtype, copy=False)
        if b.shape != (w.shape[0],):
            raise ValueError(f"b must have shape ({w.shape[0]},), one per filter, got {b.shape}")
    return conv_forward(x, w, b, stride, padding)[0]


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
        rng = np.random.default_rng(seed)
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

    @refuses_overflow
    def forward(self, x):
        out, self.cache = conv_forward(
            self._check_input(x), self.params["W"], self.params["b"], self.stride, self.padding
        )
        self.out_shape = out.shape
        return out

    @refuses_overflow
    def backward(self, dout):
        self._check_forward_done()
        dx, dw, db = conv_backward(self._check_dout(dout, self.out_shape), self.cache)
        self.grads = {"W": dw, "b": db}
        return dx
