"""What the layer protocol's checks cost: forward + backward through helpers' layers against
the same math written in bare numpy, side by side in one process.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/speed_protocol.py

Three cases, each in float32 and float64, on one BLAS thread:
- Dense(64, 32) on a batch of 64;
- the 64-32-2-32-64 autoencoder of Dense and Tanh layers in a Sequential, batch 64;
- the XOR layer, Dense(2, 2) on the 4 examples: all overhead, almost no arithmetic.
Each line is the best of `repeat` interleaved rounds of `calls` forward + backward passes
(a busy moment hurts both alike), and the ratio helpers / bare numpy. The goal: at most
1.5x for the batch-64 cases, at most 3x for the XOR layer.
"""

import argparse

import common  # noqa: I001  (first: it sets up the path)
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import helpers


def dense_case(dtype, n, d, m):
    """(helpers' Dense, the same forward + backward in bare numpy), both of no argument."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, d)).astype(dtype)
    dout = rng.standard_normal((n, m)).astype(dtype)
    layer = helpers.Dense(d, m, seed=0, dtype=dtype)
    W, b = layer.params["W"], layer.params["b"]

    def through_helpers():
        layer.forward(x)
        return layer.backward(dout)

    def bare():
        x @ W + b
        dW, db = x.T @ dout, dout.sum(axis=0)
        return dout @ W.T, dW, db

    return through_helpers, bare


def autoencoder_case(dtype, n=64):
    """The 64-32-2-32-64 autoencoder: Dense, Tanh, Dense (the code), Dense, Tanh, Dense."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 64)).astype(dtype)
    dout = rng.standard_normal((n, 64)).astype(dtype)
    sizes = [(64, 32), (32, 2), (2, 32), (32, 64)]
    dense = [helpers.Dense(a, b, seed=i, dtype=dtype) for i, (a, b) in enumerate(sizes)]
    model = helpers.Sequential(
        dense[0], helpers.Tanh(), dense[1], dense[2], helpers.Tanh(), dense[3]
    )
    (W1, b1), (W2, b2), (W3, b3), (W4, b4) = [(d.params["W"], d.params["b"]) for d in dense]

    def through_helpers():
        model.forward(x)
        return model.backward(dout)

    def bare():
        h1 = np.tanh(x @ W1 + b1)
        code = h1 @ W2 + b2
        h3 = np.tanh(code @ W3 + b3)
        h3 @ W4 + b4
        dW4, db4 = h3.T @ dout, dout.sum(axis=0)
        da3 = (dout @ W4.T) * (1 - h3 * h3)
        dW3, db3 = code.T @ da3, da3.sum(axis=0)
        dcode = da3 @ W3.T
        dW2, db2 = h1.T @ dcode, dcode.sum(axis=0)
        da1 = (dcode @ W2.T) * (1 - h1 * h1)
        dW1, db1 = x.T @ da1, da1.sum(axis=0)
        return da1 @ W1.T, (dW1, db1, dW2, db2, dW3, db3, dW4, db4)

    return through_helpers, bare


def ratio(through_helpers, bare, calls, repeat):
    """Best seconds per call of each, interleaved, and their ratio."""

    def batch(run):
        return lambda: [run() for _ in range(calls)]

    best = common.best_of({"helpers": batch(through_helpers), "bare": batch(bare)}, repeat)
    ours, theirs = best["helpers"] / calls, best["bare"] / calls
    return ours, theirs, ours / theirs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    threadpool_limits(1)
    kernels = sorted({info.get("architecture", "?") for info in threadpool_info()})
    print(f"numpy {np.__version__}, BLAS kernel {', '.join(kernels)}, 1 thread")
    print(f"{'case':<34}{'helpers':>10}{'bare numpy':>12}{'ratio':>8}   goal")
    cases = [
        ("Dense(64, 32), batch 64", lambda dt: dense_case(dt, 64, 64, 32), 1.5),
        ("autoencoder 64-32-2-32-64, batch 64", autoencoder_case, 1.5),
        ("XOR layer Dense(2, 2), 4 examples", lambda dt: dense_case(dt, 4, 2, 2), 3.0),
    ]
    for name, make, goal in cases:
        for dtype in (np.float32, np.float64):
            ours, theirs, times = ratio(*make(dtype), args.calls, args.repeat)
            label = f"{name}, {np.dtype(dtype).name}"
            print(
                f"{label:<34}{1e6 * ours:>8.1f} µs{1e6 * theirs:>9.1f} µs{times:>7.2f}x"
                f"   <= {goal:g}x {'✔' if times <= goal else '✘'}"
            )


if __name__ == "__main__":
    main()
