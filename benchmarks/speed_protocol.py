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

For the Dense cases a third runner is timed beside them, the checks' floor: the bare math
inside the two errstates with the six finiteness passes the shell makes (x and the result;
dout, dx, dW and db), and no Python between. No shell that makes those checks can be faster;
the gap from the floor to helpers is the shell's own Python.
"""

import argparse

import common  # noqa: I001  (first: it sets up the path)
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import helpers
from helpers.validation import all_finite


def dense_case(dtype, n, d, m):
    """{'helpers': helpers' Dense, 'bare': the same forward + backward in bare numpy,
    'floor': the bare math with the shell's checks and nothing else}, of no argument."""
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

    @np.errstate(over="ignore", invalid="ignore")
    def forward_checked():
        return all_finite(x) and all_finite(x @ W + b)

    @np.errstate(over="ignore", invalid="ignore")
    def backward_checked():
        dW, db = x.T @ dout, dout.sum(axis=0)
        return all_finite(dout) and all_finite(dout @ W.T) and all_finite(dW) and all_finite(db)

    def floor():
        return forward_checked() and backward_checked()

    return {"helpers": through_helpers, "bare": bare, "floor": floor}


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

    return {"helpers": through_helpers, "bare": bare}


def seconds_per_call(runners, calls, repeat):
    """{name: best seconds per call}, the runners interleaved in batches of `calls`."""

    def batch(run):
        def run_calls():
            for _ in range(calls):  # each result dropped at once, as a training loop drops it
                run()

        return run_calls

    best = common.best_of({name: batch(run) for name, run in runners.items()}, repeat)
    return {name: seconds / calls for name, seconds in best.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    threadpool_limits(1)
    kernels = sorted({info.get("architecture", "?") for info in threadpool_info()})
    print(f"numpy {np.__version__}, BLAS kernel {', '.join(kernels)}, 1 thread")
    print(f"{'case':<46}{'helpers':>10}{'bare numpy':>12}{'ratio':>8}{'floor':>8}   goal")
    cases = [
        ("Dense(64, 32), batch 64", lambda dt: dense_case(dt, 64, 64, 32), 1.5),
        ("autoencoder 64-32-2-32-64, batch 64", autoencoder_case, 1.5),
        ("XOR layer Dense(2, 2), 4 examples", lambda dt: dense_case(dt, 4, 2, 2), 3.0),
    ]
    for name, make, goal in cases:
        for dtype in (np.float32, np.float64):
            best = seconds_per_call(make(dtype), args.calls, args.repeat)
            times = best["helpers"] / best["bare"]
            floor = f"{best['floor'] / best['bare']:.2f}x" if "floor" in best else ""
            print(
                f"{name + ', ' + np.dtype(dtype).name:<46}{1e6 * best['helpers']:>8.1f} µs"
                f"{1e6 * best['bare']:>9.1f} µs{times:>7.2f}x{floor:>8}"
                f"   <= {goal:g}x {'✔' if times <= goal else '✘'}"
            )


if __name__ == "__main__":
    main()
