"""The self-checks of notebook 02."""

import re

import numpy as np
from notebook_page import verdict

from helpers.autoencoder import svd_reconstruction
from helpers.data import load_digits
from helpers.exercises import (
    check_anomaly_threshold,
    check_code_separation,
    check_svd_error,
    check_xor_network,
)
from helpers.losses import binary_cross_entropy_with_logits
from helpers.optim import Adam
from helpers.training import train
from helpers.xor import XOR_X, XOR_Y, xor_network


def test_xor_from_or_and_nand(capsys):
    W = np.array([[20.0, -20.0], [20.0, -20.0]])  # h1 = OR, h2 = NAND
    b = np.array([-10.0, 30.0])
    check_xor_network(W, b, np.array([20.0, 20.0]), -30.0)  # y = AND(h1, h2)
    assert verdict(capsys)[0]
    check_xor_network(W, b, np.array([20.0, 20.0]), -10.0)  # OR instead of AND
    right, out = verdict(capsys)
    assert not right and "output is wrong on input(s) [(0, 0), (1, 1)]" in out
    check_xor_network(W[:, ::-1], b[::-1], np.array([20.0, 20.0]), -30.0)  # neurons swapped
    right, out = verdict(capsys)
    assert not right and "hidden neuron 1 should compute OR" in out and "20" not in out
    check_xor_network(np.zeros(3), b, np.zeros(2), 0.0)
    right, out = verdict(capsys)
    assert not right and "W must have shape (2, 2), got (3,)" in out
    check_xor_network(np.full((2, 2), 1e308), b, np.array([20.0, 20.0]), -30.0)  # 2e308
    right, out = verdict(capsys)
    assert not right and "those weights are too large: the sums overflow float64" in out


def test_xor_the_pages_weights_and_the_trained_network_do_not_pass(capsys):
    # the notebook shows the page's OR(AND, AND) weights and trains a network before the
    # exercise: neither may pass it
    W_page, b_page = np.array([[-20.0, 20.0], [20.0, -20.0]]), np.array([-10.0, -10.0])
    check_xor_network(W_page, b_page, np.array([20.0, 20.0]), -10.0)
    right, out = verdict(capsys)
    assert not right and "hidden neuron 1 should compute OR" in out
    net = xor_network(hidden=2, seed=0)
    train(
        net,
        binary_cross_entropy_with_logits,
        (XOR_X, XOR_Y),
        Adam(net.params, 0.1),
        500,
        batch_size=4,
        seed=506,
    )
    W, b = net.layers[0].params["W"], net.layers[0].params["b"]
    check_xor_network(W, b, net.layers[2].params["W"], net.layers[2].params["b"][0])
    assert not verdict(capsys)[0]


def test_svd_error(capsys):
    A = np.random.default_rng(0).standard_normal((40, 8))
    S = np.linalg.svd(A, compute_uv=False)
    check_svd_error(A, 3, np.sum(S[3:] ** 2) / A.size)
    assert verdict(capsys)[0]
    check_svd_error(A, 3, np.sum(S[3:] ** 2) / len(A))  # forgot to average over the columns
    right, out = verdict(capsys)
    assert not right and "too large" in out


def test_anomaly_threshold(capsys):
    normal, anomalies = np.linspace(0, 1, 100), np.linspace(0.9, 3, 50)
    lowest = np.sort(normal)[98]  # 1% of 100 may lie above: the 99th value stays unflagged
    check_anomaly_threshold(lowest, np.mean(anomalies > lowest), normal, anomalies)
    right, out = verdict(capsys)
    assert right and "catches 94.0%" in out
    # a failure names no share of the student's own (from which the answer would follow by
    # a few guesses), only the rule's 1%
    check_anomaly_threshold(0.5, 0.0, normal, anomalies)
    right, out = verdict(capsys)
    assert not right and "flags more of the normal digits than the 1% allowed" in out
    assert re.findall(r"[\d.]+%", out) == ["1%"]
    check_anomaly_threshold(1.5, np.mean(anomalies > 1.5), normal, anomalies)
    right, out = verdict(capsys)
    assert not right and "higher than it needs to be" in out
    assert re.findall(r"[\d.]+%", out) == ["1%"]
    check_anomaly_threshold(lowest, 0.5, normal, anomalies)
    right, out = verdict(capsys)
    assert not right and "your share caught is too low" in out and "%" not in out


def test_anomaly_threshold_rejects_the_thresholds_on_the_page_and_a_plain_percentile(capsys):
    # the notebook's threshold is the 95th percentile of the known errors; the 99th, the
    # obvious try, interpolates and leaves more than 1% above it
    rng = np.random.default_rng(2)
    known, fours = rng.lognormal(-4.3, 0.5, 267), rng.lognormal(-3, 0.5, 180)
    for q in (95, 99):
        threshold = np.percentile(known, q)
        check_anomaly_threshold(threshold, np.mean(fours > threshold), known, fours)
        right, out = verdict(capsys)
        assert not right and "flags more of the normal digits than the 1% allowed" in out, q


def test_svd_error_rejects_the_errors_the_page_computes(capsys):
    """The page computes the rank-1 to rank-8 errors of A_train; the exercise asks for rank
    12, so none of them (nor the formula's slips) passes."""
    images, _ = load_digits()
    A = images.reshape(len(images), 64)[np.random.default_rng(506).permutation(len(images))[:1500]]
    for k in range(1, 9):
        check_svd_error(A, 12, float(np.mean((svd_reconstruction(A, k) - A) ** 2)))
        right, out = verdict(capsys)
        assert not right and "too large" in out, k
    S = np.linalg.svd(A, compute_uv=False)
    check_svd_error(A, 12, np.sum(S[12:] ** 2) / A.size)
    assert verdict(capsys)[0]


def clusters(spread, rng):
    """Ten classes of 30 two-number codes around the corners of a decagon."""
    labels = np.repeat(np.arange(10), 30)
    angle = 2 * np.pi * labels / 10
    centres = np.c_[np.cos(angle), np.sin(angle)]
    return centres + spread * rng.standard_normal((300, 2)), labels


def test_code_separation_follows_the_students_own_codes(capsys):
    rng = np.random.default_rng(0)
    tight, labels = clusters(0.05, rng)
    loose, _ = clusters(1.0, rng)
    check_code_separation(loose, tight, labels, "non-linear")
    right, out = verdict(capsys)
    assert right and "non-linear 100%" in out
    check_code_separation(loose, tight, labels, "linear")
    right, out = verdict(capsys)
    assert not right and "your own codes say otherwise" in out
    check_code_separation(tight, loose, labels, "linear")  # whichever is better wins
    assert verdict(capsys)[0]


def test_code_separation_names_what_is_missing_or_malformed(capsys):
    rng = np.random.default_rng(1)
    codes, labels = clusters(0.3, rng)
    check_code_separation(None, codes, labels, "")
    right, out = verdict(capsys)
    assert not right and "the linear codes are still None" in out
    check_code_separation(codes[:, :1], codes, labels, "linear")
    right, out = verdict(capsys)
    assert not right and "(300, 1)" in out and "(300, 2)" in out
    check_code_separation(codes, codes.copy(), labels, "linear")
    right, out = verdict(capsys)
    assert not right and "the same" in out
    check_code_separation(codes + 1, codes, labels, "both")
    right, out = verdict(capsys)
    assert not right and 'answer "linear" or "non-linear"' in out
