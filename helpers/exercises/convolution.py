"""Self-checks for notebook 03: output sizes, an edge filter, counting weights, pooling."""

import numpy as np

from ..filters import filter_image
from ..pooling import max_pool2d
from ..windows import output_size
from .common import verdict

POOL_EXERCISE = np.array([[1, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 6], [2, 2, 7, 3]])


def check_output_size(H, kernel_size, stride, padding, answer):
    """Exercise: the side of the feature map of an H x H image (H' of the formula)."""
    truth = output_size(H, kernel_size, stride, padding)
    if answer == truth:
        return verdict(
            True,
            f"a {kernel_size}x{kernel_size} filter with stride {stride} and "
            f"padding {padding} takes that many positions along each side.",
        )
    hint = "too many" if answer > truth else "too few"
    return verdict(
        False,
        f"{answer} is {hint}. Count where the filter's first column can "
        "start: from the padded left edge, in steps of the stride, while the "
        "whole filter still fits.",
    )


def _edge_images(size=8):
    """Test images: a vertical edge, a horizontal edge and a flat grey patch."""
    vertical = np.zeros((size, size))
    vertical[:, size // 2 :] = 1
    return {
        "vertical edge": vertical,
        "horizontal edge": vertical.T.copy(),
        "flat patch": np.full((size, size), 0.5),
    }


def check_vertical_edge_filter(kernel):
    """Exercise: a 3x3 filter that answers strongly on a vertical edge, and with 0 on a
    horizontal edge and on a flat patch."""
    kernel = np.asarray(kernel, float)
    if kernel.shape != (3, 3):
        raise ValueError(f"the filter must be 3x3, got shape {kernel.shape}")
    response = {
        name: np.abs(filter_image(image, kernel)).max() for name, image in _edge_images().items()
    }
    strong = response["vertical edge"]
    problems = []
    if strong < 1:
        problems.append(
            f"its strongest answer on the vertical edge is only {strong:.2f} (at least 1 wanted)"
        )
    for other in ("horizontal edge", "flat patch"):
        if response[other] > 1e-9 + 0.1 * strong:
            problems.append(f"it also answers {response[other]:.2f} on a {other}")
    if not problems:
        return verdict(
            True,
            "it lights up on the vertical edge and stays silent on the "
            "horizontal edge and the flat patch.",
        )
    return verdict(
        False,
        "; ".join(problems) + ". Think of the filter as comparing the "
        "left column of the window with the right one.",
    )


def check_conv_params(in_channels, out_channels, kernel_size, answer):
    """Exercise: how many numbers a Conv2D(in, out, k) layer learns (weights and biases)."""
    truth = out_channels * in_channels * kernel_size**2 + out_channels
    if answer == truth:
        return verdict(True, "every filter has in_channels x k x k weights, plus one bias.")
    return verdict(
        False,
        f"{answer} is {'too many' if answer > truth else 'too few'}. A filter "
        "spans every input channel; how many filters are there, and how many "
        "biases?",
    )


def check_max_pool(answer):
    """Exercise: POOL_EXERCISE (4x4) max-pooled by hand with 2x2 windows, stride 2."""
    answer = np.asarray(answer, float)
    truth = max_pool2d(POOL_EXERCISE[None, None].astype(float), 2)[0, 0]
    if answer.shape != truth.shape:
        return verdict(
            False,
            f"the result has shape {answer.shape}, but 2x2 windows with "
            f"stride 2 on a 4x4 map give {truth.shape[0]}x{truth.shape[1]}.",
        )
    wrong = int(np.sum(answer != truth))
    if wrong == 0:
        return verdict(True, "each number is the largest of its window.")
    return verdict(
        False,
        f"{wrong} of the 4 numbers are off. Each window is a 2x2 block, "
        "side by side, not overlapping.",
    )
