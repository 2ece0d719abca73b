"""Pooling (page 36): shrink a feature map by summarising each k x k window in one number.

Max pooling keeps the strongest match in each window, average pooling the mean. On NCHW
arrays, window (i, j) covers rows s*i .. s*i + k - 1 and columns s*j .. s*j + k - 1, with the
stride s defaulting to k (windows side by side); H' = (H - k) // s + 1.

max_pool_backward_loops is max pooling's backward as the slide reads it, window by window.
The fast versions compute the same numbers with one strided slice per window offset
(di, dj): the slice x[:, :, di::s, dj::s] holds the (di, dj) entry of every window at once,
so k*k slices cover all windows.
"""

import numpy as np

from .shell import Layer
from .validation import as_float_array, check_whole
from .windows import check_geometry, output_size


def max_pool_backward_loops(x, dout, kernel_size, stride=None):
    """Max pooling's backward window by window, the naive twin of max_pool2d_backward.

    x (N, C, H, W), dout (N, C, H', W') -> dx (N, C, H, W). Each window's gradient goes to
    one entry, its first maximum in row-major order (np.argmax's, and PyTorch's choice):
    with tied maxima, moving that one input moves the output by the same amount.
    """
    k, s = kernel_size, stride or kernel_size
    dx = np.zeros_like(x)
    for n, c, i, j in np.ndindex(dout.shape):
        window = x[n, c, s * i : s * i + k, s * j : s * j + k]
        di, dj = np.unravel_index(np.argmax(window), window.shape)
        dx[n, c, s * i + di, s * j + dj] += dout[n, c, i, j]  # += : windows may overlap
    return dx


def _offsets(k, stride, out_h, out_w):
    """The slices (rows, cols) that pick entry (di, dj) of every window, row-major order."""
    for di in range(k):
        for dj in range(k):
            yield (
                slice(di, di + stride * (out_h - 1) + 1, stride),
                slice(dj, dj + stride * (out_w - 1) + 1, stride),
            )


def _out_size(x, k, stride):
    """(H', W') of k x k windows moved by `stride` over x (N, C, H, W)."""
    return output_size(x.shape[2], k, stride, 0), output_size(x.shape[3], k, stride, 0)


def max_pool2d_forward(x, k, stride):
    """x (N, C, H, W) -> (out (N, C, H', W'), cache): the maximum of each window."""
    out = None
    for rows, cols in _offsets(k, stride, *_out_size(x, k, stride)):
        out = x[:, :, rows, cols].copy() if out is None else np.maximum(out, x[:, :, rows, cols])
    return out, (x, k, stride, out)


def max_pool2d_backward(dout, cache):
    """dout (N, C, H', W') -> dx (N, C, H, W): each window's gradient to its first maximum
    (row-major), all windows at once. Its naive twin: max_pool_backward_loops."""
    x, k, stride, out = cache
    dx = np.zeros_like(x)
    unclaimed = np.ones(out.shape, dtype=bool)  # windows whose maximum is not found yet
    for rows, cols in _offsets(k, stride, *out.shape[2:]):
        first = unclaimed & (x[:, :, rows, cols] == out)
        dx[:, :, rows, cols] += dout * first  # += : overlapping windows (stride < k) share inputs
        unclaimed ^= first  # first lies inside unclaimed: this removes it
    return dx


def avg_pool2d_forward(x, k, stride):
    """x (N, C, H, W) -> (out (N, C, H', W'), cache): the mean of each window."""
    out_h, out_w = _out_size(x, k, stride)
    total = np.zeros(x.shape[:2] + (out_h, out_w), dtype=x.dtype)
    for rows, cols in _offsets(k, stride, out_h, out_w):
        total += x[:, :, rows, cols]
    return total / k**2, (x.shape, k, stride)


def avg_pool2d_backward(dout, cache):
    """dout (N, C, H', W') -> dx (N, C, H, W): each input gets 1/k^2 of every window it is in."""
    shape, k, stride = cache
    dx = np.zeros(shape, dtype=dout.dtype)
    share = dout / k**2
    for rows, cols in _offsets(k, stride, *dout.shape[2:]):
        dx[:, :, rows, cols] += share
    return dx


def _pool(pool_forward, x, kernel_size, stride, what):
    """A pooling function's checks, then its forward: stride defaults to kernel_size."""
    x = as_float_array(x, "x")
    g = check_geometry(x, kernel_size, kernel_size if stride is None else stride, 0, what)
    return pool_forward(x, g.kernel_size, g.stride)[0]


def max_pool2d(x, kernel_size, stride=None):
    """Max pooling as a function: x (N, C, H, W) -> (N, C, H', W')."""
    return _pool(max_pool2d_forward, x, kernel_size, stride, "max pooling")


def avg_pool2d(x, kernel_size, stride=None):
    """Average pooling as a function: x (N, C, H, W) -> (N, C, H', W')."""
    return _pool(avg_pool2d_forward, x, kernel_size, stride, "average pooling")


class _Pool2D(Layer):
    """What both pooling layers share: no params; stride defaults to kernel_size.

    forward(x (N, C, H, W)) -> (N, C, H', W') in x's dtype; backward(dout) -> dx.
    """

    pool_forward = pool_backward = None  # the functions above, set by each layer
    what = None  # the layer's name in messages

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = check_whole(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else check_whole(stride, "stride")

    def __repr__(self):
        return f"{type(self).__name__}({self.kernel_size}, stride={self.stride})"

    def check_shape(self, x):
        check_geometry(x, self.kernel_size, self.stride, 0, self.what)

    def _forward(self, x):
        out, self.cache = self.pool_forward(x, self.kernel_size, self.stride)
        return out

    def _backward(self, dout):
        return self.pool_backward(dout, self.cache)


class MaxPool2D(_Pool2D):
    """Max pooling layer: each window's maximum; the gradient goes to its first maximum."""

    pool_forward = staticmethod(max_pool2d_forward)
    pool_backward = staticmethod(max_pool2d_backward)
    what = "max pooling"


class AvgPool2D(_Pool2D):
    """Average pooling layer: each window's mean; the gradient is shared out equally."""

    pool_forward = staticmethod(avg_pool2d_forward)
    pool_backward = staticmethod(avg_pool2d_backward)
    what = "average pooling"
