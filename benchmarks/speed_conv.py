"""Conv2D and MaxPool2D forward + backward against PyTorch, float32, same thread count.

    python benchmarks/speed_conv.py [--repeat 50]

The shapes of notebook 03's CNN: (64, 1, 28, 28) -> 8 filters 3x3 padding 1, and
(32, 8, 14, 14) -> 16 filters 3x3 padding 1; max pooling 2x2 on (64, 8, 28, 28). Calls of
the two libraries are interleaved and the best of `repeat` is kept. Also times one
filter-editor update of notebook 03: a 1x1x8x8 convolution alone. PyTorch is optional.
Both run on 1 thread, then on 2 (numpy's BLAS threads via threadpoolctl, and
torch.set_num_threads).
"""

import argparse

import common  # noqa: I001  (first: it sets up the path and the threads)
import numpy as np
from threadpoolctl import threadpool_limits

from helpers.conv import Conv2D, conv2d
from helpers.pooling import MaxPool2D


def helpers_case(layer, x):
    """forward + backward of a helpers layer on x."""
    dout = np.ones_like(layer.forward(x))

    def run():
        layer.forward(x)
        layer.backward(dout)

    return run


def torch_case(module, x, torch):
    """forward + backward of a torch module on x (the input's gradient included)."""
    xt = torch.from_numpy(x).requires_grad_(True)
    dout = torch.ones_like(module(xt))

    def run():
        xt.grad = None
        module.zero_grad(set_to_none=True)
        module(xt).backward(dout)

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    f32 = {"dtype": np.float32}
    cases = {
        "Conv2D (64, 1, 28, 28) -> 8 filters 3x3 pad 1": (
            Conv2D(1, 8, 3, padding=1, seed=0, **f32),
            (64, 1, 28, 28),
            lambda nn: nn.Conv2d(1, 8, 3, padding=1),
        ),
        "Conv2D (32, 8, 14, 14) -> 16 filters 3x3 pad 1": (
            Conv2D(8, 16, 3, padding=1, seed=0, **f32),
            (32, 8, 14, 14),
            lambda nn: nn.Conv2d(8, 16, 3, padding=1),
        ),
        "MaxPool2D 2x2 on (64, 8, 28, 28)": (
            MaxPool2D(2),
            (64, 8, 28, 28),
            lambda nn: nn.MaxPool2d(2),
        ),
    }
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing the helpers alone.")
    else:
        print(f"PyTorch {torch.__version__}")
    for threads in (1, 2):
        print(f"{threads} thread{'s' if threads > 1 else ''} for both:")
        if torch is not None:
            torch.set_num_threads(threads)
        with threadpool_limits(limits=threads, user_api="blas"):
            for name, (layer, shape, make_torch) in cases.items():
                x = rng.standard_normal(shape).astype(np.float32)
                runners = {"helpers": helpers_case(layer, x)}
                if torch is not None:
                    runners["torch"] = torch_case(make_torch(torch.nn), x, torch)
                best = common.best_of(runners, args.repeat)
                line = f"  {name}, forward+backward: helpers {1e3 * best['helpers']:.3f} ms"
                if torch is not None:
                    line += (
                        f", PyTorch {1e3 * best['torch']:.3f} ms, "
                        f"ratio {best['helpers'] / best['torch']:.2f}x"
                    )
                print(line)
    digit = rng.random((1, 1, 8, 8)).astype(np.float32)
    kernel = rng.standard_normal((1, 1, 3, 3)).astype(np.float32)
    best = common.best_of({"conv": lambda: conv2d(digit, kernel, padding=1)}, 10 * args.repeat)
    print(f"filter editor: conv2d of a 1x1x8x8 digit with a 3x3 filter {1e6 * best['conv']:.1f} µs")


if __name__ == "__main__":
    main()
