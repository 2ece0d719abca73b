"""Self-checks for notebook 03: output sizes, edge filters, counting weights, pooling."""

import numpy as np

from ..filters import filter_image, step_edge
from ..pooling import max_pool2d
from ..windows import output_size
from .common import answers_everything, array, number, verdict

POOL_EXERCISE = np.array([[1, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 6], [2, 2, 7, 3]])


@answers_everything
def check_output_size(H, kernel_size, stride, padding, answer):
    """Exercise: the side of the feature map of an H x H image (H' of the formula)."""
    H, kernel_size, stride, padding = (
        number(value, name, whole=True)
        for value, name in zip(
            (H, kernel_size, stride, padding),
            ("H", "kernel_size", "stride", "padding"),
            strict=True,
        )
    )
    truth = output_size(H, kernel_size, stride, padding)
    answer = number(answer, "your answer", whole=True)
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


def _edge_filter_problems(answer):
    """What is wrong with a filter, from its answers {'wanted', 'other', 'flat'}: sentences."""
    strong, quiet = answer["wanted"], 1e-9 + 0.1 * answer["wanted"]
    problems = []
    if strong < 1:
        problems.append(
            f"its strongest answer on the main-diagonal edge is only {strong:.2f} "
            "(at least 1 wanted)"
        )
    if answer["flat"] > quiet:
        problems.append(
            f"it answers {answer['flat']:.2f} on a flat patch, where nothing changes: "
            "it also measures brightness"
        )
    if answer["other"] > quiet:
        problems.append(
            f"it answers {answer['other']:.2f} on the other diagonal's edge instead: it "
            "finds the other direction"
            if strong < 1
            else f"it answers {answer['other']:.2f} on the other diagonal's edge (and "
            f"{strong:.2f} on the wanted one), so it cannot tell the two directions apart"
        )
    return problems


@answers_everything
def check_diagonal_edge_filter(kernel):
    """Exercise: a 3x3 filter that answers strongly (at least 1) on an edge along the main
    diagonal, and with (nearly) 0 on an edge along the other diagonal and on a flat patch.

    kernel (3, 3). Answers are max |feature map| over 8x8 test images (no padding, no
    bias); "nearly 0" is at most a tenth of the answer on the wanted edge.
    """
    kernel = array(kernel, "the filter", (3, 3))
    images = {
        "wanted": step_edge("diagonal"),
        "other": step_edge("anti-diagonal"),
        "flat": np.full((8, 8), 0.5),
    }
    answer = {name: np.abs(filter_image(image, kernel)).max() for name, image in images.items()}
    problems = _edge_filter_problems(answer)
    if not problems:
        return verdict(
            True,
            "it lights up on the main-diagonal edge and stays silent on the other "
            "diagonal's edge and on the flat patch.",
        )
    return verdict(
        False,
        "; ".join(problems) + ". Look at the cells of the window that lie on one line "
        "parallel to the edge you want to ignore: that edge treats them all alike.",
    )


@answers_everything
def check_conv_params(in_channels, out_channels, kernel_size, answer):
    """Exercise: how many numbers a Conv2D(in, out, k) layer learns (weights and biases)."""
    in_channels, out_channels, kernel_size = (
        number(value, name, whole=True)
        for value, name in zip(
            (in_channels, out_channels, kernel_size),
            ("in_channels", "out_channels", "kernel_size"),
            strict=True,
        )
    )
    truth = out_channels * in_channels * kernel_size**2 + out_channels
    answer = number(answer, "your count", whole=True)
    if answer == truth:
        return verdict(True, "every filter has in_channels x k x k weights, plus one bias.")
    return verdict(
        False,
        f"{answer} is {'too many' if answer > truth else 'too few'}. A filter "
        "spans every input channel; how many filters are there, and how many "
        "biases?",
    )


@answers_everything
def check_max_pool(answer):
    """Exercise: POOL_EXERCISE (4x4) max-pooled by hand with 2x2 windows, stride 2."""
    answer = array(answer, "your pooled map")
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
