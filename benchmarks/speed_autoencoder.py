"""One training epoch of the 64-32-2-32-64 autoencoder on the 1,797 digits, against PyTorch.

    python benchmarks/speed_autoencoder.py [--repeat 30]

Batch 64, float32, Adam, MSE, the same layers in both (ReLU hidden layers, a linear code,
a sigmoid output). Epochs of the two are interleaved and the best of `repeat` is kept, so a
busy moment of the machine hurts both alike. PyTorch is optional: without it the helpers'
time is printed alone. Both run on the same number of threads: 1, then 2 (numpy's BLAS
threads for the helpers, torch.set_num_threads for PyTorch).
"""

import argparse

import common  # noqa: I001  (first: it sets up the path and the threads)
import numpy as np

from helpers.autoencoder import digit_autoencoder
from helpers.data import load_digits
from helpers.losses import mse_loss
from helpers.optim import Adam
from helpers.training import train


def helpers_epoch(A, threads):
    """A function that runs one epoch of the helpers' autoencoder on `threads` BLAS threads."""
    model = digit_autoencoder(k=2, seed=0, dtype=np.float32)
    optimizer = Adam(model.params, 1e-3)
    seeds = iter(range(10**6))
    return lambda: train(
        model,
        mse_loss,
        (A, A),
        optimizer,
        epochs=1,
        batch_size=64,
        seed=next(seeds),
        threads=threads,
    )


def torch_epoch(A, torch):
    """The same epoch in PyTorch: shuffled minibatches, forward, loss, backward, step."""
    nn = torch.nn
    model = nn.Sequential(
        nn.Linear(64, 32),
        nn.ReLU(),
        nn.Linear(32, 2),
        nn.Linear(2, 32),
        nn.ReLU(),
        nn.Linear(32, 64),
        nn.Sigmoid(),
    )
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    data = torch.from_numpy(A)

    def epoch():
        order = torch.randperm(len(data))
        for start in range(0, len(data), 64):
            batch = data[order[start : start + 64]]
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(batch), batch)
            loss.backward()
            optimizer.step()

    return epoch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    images, _ = load_digits(np.float32)
    A = images.reshape(-1, 64)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing the helpers alone.")
    for threads in (1, 2):
        runners = {"helpers (numpy)": helpers_epoch(A, threads)}
        if torch is not None:
            torch.set_num_threads(threads)
            runners[f"PyTorch {torch.__version__}"] = torch_epoch(A, torch)
        times = common.interleaved_times(runners, args.repeat)
        print(f"{threads} thread{'s' if threads > 1 else ''}:")
        for name, t in times.items():
            print(
                f"  {name}: best {1000 * min(t):.2f} ms per epoch "
                f"(median {1000 * np.median(t):.2f} ms) over {args.repeat} epochs"
            )
        if len(times) == 2:
            ours, theirs = (min(t) for t in times.values())
            print(f"  helpers / PyTorch: {ours / theirs:.2f}x")


if __name__ == "__main__":
    main()
