"""The geometry of sliding windows, shared by convolution and pooling (pages 21-36).

A k x k window slides over an (H, W) map, zero-padded by `padding` on each side, in steps of
`stride`. Window (i, j) covers rows s i .. s i + k - 1 and columns s j .. s j + k - 1 of the
padded map, and there are H' x W' of them:

    H' = (H + 2 padding - k) // stride + 1
"""

from typing import NamedTuple

from .validation import check_whole


def output_size(size, kernel_size, stride, padding):
    """H' = (H + 2 padding - k) // stride + 1: how many positions the window takes.

    All four are whole numbers (size, kernel_size, stride >= 1, padding >= 0), and the
    window must fit the padded input."""
    size, kernel_size = check_whole(size, "size"), check_whole(kernel_size, "kernel_size")
    stride, padding = check_whole(stride, "stride"), check_whole(padding, "padding", 0)
    if kernel_size > size + 2 * padding:
        raise ValueError(
            f"kernel {kernel_size} is larger than the padded input {size + 2 * padding}"
        )
    return (size + 2 * padding - kernel_size) // stride + 1


class Geometry(NamedTuple):
    """What check_geometry finds: the input's shape, the window, the output's height, width."""

    n: int
    c: int
    h: int
    w: int
    kernel_size: int
    stride: int
    padding: int
    out_h: int
    out_w: int


def check_geometry(x, kernel_size, stride, padding, what):
    """Check that x is (N, C, H, W) and that the window fits; returns its Geometry.

    kernel_size, stride and padding must be whole numbers (2.0 is taken as 2), at least 1,
    1 and 0; a ValueError names what was expected and what was given.
    """
    if x.ndim != 4:
        raise ValueError(f"{what} expects x of shape (N, C, H, W), got {x.shape}")
    k = check_whole(kernel_size, "kernel_size", 1)
    stride = check_whole(stride, "stride", 1)
    padding = check_whole(padding, "padding", 0)
    n, c, h, w = x.shape
    if k > min(h, w) + 2 * padding:
        raise ValueError(
            f"{what}: kernel {k}x{k} is larger than the padded input "
            f"{h + 2 * padding}x{w + 2 * padding}"
        )
    out_h, out_w = output_size(h, k, stride, padding), output_size(w, k, stride, padding)
    return Geometry(n, c, h, w, k, stride, padding, out_h, out_w)
