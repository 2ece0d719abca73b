"""Pooling (page 36): shrink a feature map by summarising each k x k window in one number.

Max pooling keeps the strongest match in each window, average pooling the mean. On NCHW
arrays, window (i, j) covers rows s*i .. s*i + k - 1 and columns s*j .. s*j + k - 1, with the
stride s defaulting to k (windows side by side); H' = (H - k) // s + 1.

Computed with one strided slice per window offset (di, dj): the slice x[:, :, di::s, dj::s]
holds the (di, dj) entry of every window at once, so k*k slices cover all windows.
"""

import numpy as np

from .layers import Layer
from .validation import as_float_array
from .windows import check_geometry


def _offsets(k, stride, out_h, out_w):
    """The slices (rows, cols) that pick entry (di, dj) of every window, row-major order."""
    for di in range(k):
        for dj in range(k):
            yield (
                slice(di, di + stride * (out_h - 1) + 1, stride),
                slice(dj, dj + stride * (out_w - 1) + 1, stride),
            )


def _pool_geometry(x, kernel_size, stride, what):
    """(kernel_size, stride, H', W') as whole numbers; stride defaults to kernel_size."""
    g = check_geometry(x, kernel_size, kernel_size if stride is None else stride, 0, what)
    return g.kernel_size, g.stride, g.out_h, g.out_w


def max_pool_forward(x, kernel_size, stride=None):
    """x (N, C, H, W) -> (out (N, C, H', W'), cache): the maximum of each window."""
    kernel_size, stride, out_h, out_w = _pool_geometry(x, kernel_size, stride, "max pooling")
    out = None
    for rows, cols in _offsets(kernel_size, stride, out_h, out_w):
        out = x[:, :, rows, cols].copy() if out is None else np.maximum(out, x[:, :, rows, cols])
    return out, (x, kernel_size, stride, out)


def max_pool_backward(dout, cache):
    """dout (N, C, H', W') -> dx (N, C, H, W).

    Each window's gradient goes to one position: the first maximum in row-major order, as
    PyTorch does. With ties (common in images) this keeps the gradient exact: moving the one
    chosen input moves the output by the same amount.
    """
    x, k, stride, out = cache
    out_h, out_w = out.shape[2:]
    dx = np.zeros_like(x)
    unclaimed = np.ones(out.shape, dtype=bool)  # windows whose maximum is not found yet
    for rows, cols in _offsets(k, stride, out_h, out_w):
        first = unclaimed & (x[:, :, rows, cols] == out)
        dx[:, :, rows, cols] += dout * first  # += : overlapping windows (stride < k) share inputs
        unclaimed ^= first  # first lies inside unclaimed: this removes it
    return dx


def avg_pool_forward(x, kernel_size, stride=None):
    """x (N, C, H, W) -> (out (N, C, H', W'), cache): the mean of each window."""
    kernel_size, stride, out_h, out_w = _pool_geometry(x, kernel_size, stride, "average pooling")
    total = np.zeros(x.shape[:2] + (out_h, out_w), dtype=x.dtype)
    for rows, cols in _offsets(kernel_size, stride, out_h, out_w):
        total += x[:, :, rows, cols]
    return total / kernel_size**2, (x.shape, kernel_size, stride)


def avg_pool_backward(dout, cache):
    """dout (N, C, H', W') -> dx (N, C, H, W): each input gets 1/k^2 of every window it is in."""
    shape, k, stride = cache
    out_h, out_w = dout.shape[2:]
    dx = np.zeros(shape, dtype=dout.dtype)
    share = dout / k**2
    for rows, cols in _offsets(k, stride, out_h, out_w):
        dx[:, :, rows, cols] += share
    return dx


def max_pool2d(x, kernel_size, stride=None):
    """Max pooling as a function: x (N, C, H, W) -> (N, C, H', W')."""
    return max_pool_forward(as_float_array(x, "x"), kernel_size, stride)[0]


def avg_pool2d(x, kernel_size, stride=None):
    """Average pooling as a function: x (N, C, H, W) -> (N, C, H', W')."""
    return avg_pool_forward(as_float_array(x, "x"), kernel_size, stride)[0]


class _Pool2D(Layer):
    """What both pooling layers share: no params; stride defaults to kernel_size.

    forward(x (N, C, H, W)) -> (N, C, H', W') in x's dtype; backward(dout) -> dx.
    """

    pool_forward = pool_backward = None  # the functions above, set by each layer

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride

    def __repr__(self):
        return (
            f"{type(self).__name__}({self.kernel_size}, stride={self.stride or self.kernel_size})"
        )

    def forward(self, x):
        x = self._check_input(x)
        out, self.cache = self.pool_forward(x, self.kernel_size, self.stride)
        self.out_shape = out.shape
        return out

    def backward(self, dout):
        self._check_forward_done()
        return self.pool_backward(self._check_dout(dout, self.out_shape), self.cache)


class MaxPool2D(_Pool2D):
    """Max pooling layer: each window's maximum; the gradient goes to its first maximum."""

    pool_forward, pool_backward = staticmethod(max_pool_forward), staticmethod(max_pool_backward)


class AvgPool2D(_Pool2D):
    """Average pooling layer: each window's mean; the gradient is shared out equally."""

    pool_forward, pool_backward = staticmethod(avg_pool_forward), staticmethod(avg_pool_backward)
