"""The self-checks of notebook 03."""

import numpy as np

from helpers.exercises import (
    check_conv_params,
    check_max_pool,
    check_output_size,
    check_vertical_edge_filter,
)


def printed(capsys):
    out = capsys.readouterr().out
    assert out.startswith(("✔ Right: ", "✘ Not yet: ")), out
    return out.startswith("✔"), out


def test_output_size(capsys):
    check_output_size(28, 5, 2, 1, 13)
    assert printed(capsys)[0]
    check_output_size(28, 5, 2, 1, 14)
    right, out = printed(capsys)
    assert not right and "too many" in out and "13" not in out


def test_vertical_edge_filter(capsys):
    check_vertical_edge_filter(np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]]))
    assert printed(capsys)[0]
    check_vertical_edge_filter(np.array([[-1, 0, 1]] * 3))
    assert printed(capsys)[0]
    check_vertical_edge_filter(np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]))
    right, out = printed(capsys)
    assert not right and "horizontal edge" in out
    check_vertical_edge_filter(np.ones((3, 3)))  # a blur answers on flat patches too
    right, out = printed(capsys)
    assert not right and "flat patch" in out


def test_conv_params_and_max_pool(capsys):
    check_conv_params(8, 16, 3, 1168)
    assert printed(capsys)[0]
    check_conv_params(8, 16, 3, 1152)
    assert "too few" in printed(capsys)[1]
    check_max_pool([[4, 2], [2, 7]])
    assert printed(capsys)[0]
    check_max_pool([[4, 2], [2, 6]])
    right, out = printed(capsys)
    assert not right and "1 of the 4" in out
    check_max_pool([[4, 2, 2], [2, 7, 7]])
    assert "shape" in printed(capsys)[1]
