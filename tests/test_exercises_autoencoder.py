"""The self-checks of notebook 02."""

import numpy as np
import pytest

from helpers.exercises import check_anomaly_threshold, check_svd_error, check_xor_network


def printed(capsys):
    out = capsys.readouterr().out
    assert out.startswith(("✔ Right: ", "✘ Not yet: ")), out
    return out.startswith("✔"), out


def test_xor_by_hand(capsys):
    # h1 = AND(x1=0, x2=1), h2 = AND(x1=1, x2=0), y = OR(h1, h2)
    W = np.array([[-20.0, 20.0], [20.0, -20.0]])
    b = np.array([-10.0, -10.0])
    check_xor_network(W, b, np.array([20.0, 20.0]), -10.0)
    assert printed(capsys)[0]
    check_xor_network(W, b, np.array([20.0, 20.0]), -30.0)  # AND instead of OR
    right, out = printed(capsys)
    assert not right and "(0, 1)" in out and "(1, 0)" in out and "20" not in out
    with pytest.raises(ValueError, match=r"W must be \(2, 2\)"):
        check_xor_network(np.zeros(3), b, np.zeros(2), 0.0)


def test_svd_error(capsys):
    A = np.random.default_rng(0).standard_normal((40, 8))
    S = np.linalg.svd(A, compute_uv=False)
    check_svd_error(A, 3, np.sum(S[3:] ** 2) / A.size)
    assert printed(capsys)[0]
    check_svd_error(A, 3, np.sum(S[3:] ** 2) / len(A))  # forgot to average over the columns
    right, out = printed(capsys)
    assert not right and "too large" in out


def test_anomaly_threshold(capsys):
    normal, anomalies = np.linspace(0, 1, 100), np.linspace(2, 3, 50)
    check_anomaly_threshold(1.5, normal, anomalies)
    assert printed(capsys)[0]
    check_anomaly_threshold(0.5, normal, anomalies)
    right, out = printed(capsys)
    assert not right and "flags 50.0% of normal digits" in out
