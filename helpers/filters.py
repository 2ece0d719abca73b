"""Filters (pages 21-36): the diagonal filter of pages 21-34 slid over a larger image, and the
classic 3x3 filters of image processing.

A filter is a small grid of weights; sliding it over an image and taking the weighted sum
at every position (conv2d) gives a feature map: how strongly each place matches the filter.
"""

import numpy as np

from .activations import sigmoid
from .conv import conv2d
from .grid import SLIDE_WEIGHTS
from .validation import as_float_array, check_ndim, check_number, check_whole
from .windows import output_size

DIAGONAL_FILTER = SLIDE_WEIGHTS  # the 2x2 weights of notebook 01: [[-2, 2], [2, -2]]
DIAGONAL_BIAS = -6.0  # between -8 (the diagonal's score) and -4 (the next best)

# A 4x4 image holding a longer diagonal (c1 = -1 down the main diagonal, c2 = 1 beside it),
# the picture of pages 21-34.
LONG_DIAGONAL = np.array([[-1, 1, -1, -1], [1, -1, 1, -1], [-1, 1, -1, 1], [-1, -1, 1, -1]])

CLASSIC_FILTERS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], float),
    "blur": np.full((3, 3), 1 / 9),  # the mean of the window
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], float),  # 5 centre - 4 neighbours
    "vertical edges": np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], float),  # Sobel x
    "horizontal edges": np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]], float),  # Sobel y
}


def filter_image(image, kernel, stride=1, padding=0, bias=0.0):
    """One image (H, W) through one filter (k, k) -> the feature map (H', W')."""
    image, kernel = as_float_array(image, "image"), as_float_array(kernel, "kernel")
    check_ndim(image, 2, "image", "(H, W)")
    check_ndim(kernel, 2, "kernel", "(k, k)")
    bias = np.array([check_number(bias, "bias")])
    return conv2d(image[None, None], kernel[None, None], bias, stride=stride, padding=padding)[0, 0]


def slide_steps(image, kernel=DIAGONAL_FILTER, bias=DIAGONAL_BIAS):
    """The filter at each position in turn, row by row, as pages 21-34 step through it.

    Returns a list of dicts with the position (i, j), the window under the filter, the
    weighted sum, z = sum + bias, sigma(z) and the verdict '✔' (sigma > 1/2) or '✘'.
    """
    bias = check_number(bias, "bias")
    sums = filter_image(image, kernel)  # every position at once, as conv2d computes it
    image, kernel = np.asarray(image, float), np.asarray(kernel, float)
    k = kernel.shape[0]
    steps = []
    for (i, j), total in np.ndenumerate(sums):
        z = total + bias
        p = float(sigmoid(z))
        steps.append(
            {
                "position": (i, j),
                "window": image[i : i + k, j : j + k],
                "sum": total,
                "z": z,
                "probability": p,
                "verdict": "✔" if p > 0.5 else "✘",
            }
        )
    return steps


def match_map(image, kernel=DIAGONAL_FILTER, bias=DIAGONAL_BIAS):
    """The ✔/✘ map (H', W') of strings: where the filter finds its pattern."""
    steps = slide_steps(image, kernel, bias)
    image, k = np.asarray(image), len(kernel)
    shape = output_size(image.shape[0], k, 1, 0), output_size(image.shape[1], k, 1, 0)
    return np.array([s["verdict"] for s in steps]).reshape(shape)


def place_diagonal(size, row, col, length=3, background=-1):
    """A size x size image with a diagonal of `length` c1 cells from (row, col), c2 beside it.

    The diagonal filter then finds it at positions (row + t, col + t), t < length - 1:
    wherever the pattern is put, the map follows.
    """
    size, length = check_whole(size, "size"), check_whole(length, "length")
    row, col = check_whole(row, "row", 0), check_whole(col, "col", 0)
    background = check_whole(background, "background", -1)  # an int image: -1 (c1) or 0
    if max(row, col) + length > size:
        raise ValueError(
            f"a diagonal of {length} cells from row {row} does not fit a {size}x{size} image "
            f"with column {col}: row and column must be at most {size - length}"
        )
    image = np.full((size, size), background, dtype=int)
    for t in range(length):
        image[row + t, col + t] = -1
        if col + t + 1 < size and t < length - 1:
            image[row + t, col + t + 1] = 1
        if row + t + 1 < size and t < length - 1:
            image[row + t + 1, col + t] = 1
    return image


def step_edge(direction, size=8):
    """A size x size image of one straight edge: 0 on the dark side, 1 on the light side.

    direction: 'vertical' (dark left), 'horizontal' (dark top), 'diagonal' (along the main
    diagonal, top-left to bottom-right: light above it) or 'anti-diagonal' (along the other
    diagonal, bottom-left to top-right: light below it).
    """
    size = check_whole(size, "size")
    i, j = np.indices((size, size))
    light = {
        "vertical": j >= size // 2,
        "horizontal": i >= size // 2,
        "diagonal": j > i,
        "anti-diagonal": i + j > size - 1,
    }
    if not isinstance(direction, str):  # a list is no key of the dict below
        raise ValueError(f"direction must be one of {sorted(light)}, got {direction!r}")
    if direction not in light:
        raise ValueError(f"direction must be one of {sorted(light)}, got {direction!r}")
    return light[direction].astype(float)


def edge_swing(kernel, image):
    """How strongly a filter (k, k) answers the edges of an image (H, W): the range
    (max - min) of the feature map of the filter's zero-mean part.

    The mean of the weights only measures brightness (a blur's job), so it is taken out
    first: what is left answers where the image changes, and this says by how much.
    """
    kernel = as_float_array(kernel, "kernel")
    return float(np.ptp(filter_image(image, kernel - kernel.mean())))


def edge_table(kernels):
    """For each filter (F, k, k): its swing on a vertical and on a horizontal edge -> (F, 2)."""
    edges = [step_edge("vertical"), step_edge("horizontal")]
    return np.array([[edge_swing(kernel, edge) for edge in edges] for kernel in kernels])
