"""RNN forward + backpropagation through time against PyTorch; the names model, timed.

    python benchmarks/speed_rnn.py [--repeat 200] [--epochs 5]

1. helpers.recurrent.RNN against torch.nn.RNN: T = 25 steps, batch 32, one-hot inputs over a
   vocabulary of 30, hidden size 64, float32; forward, then backward from a fixed dL/dhs,
   the input's gradient included in both. Calls are interleaved and the best of `repeat`
   kept, on 1 then 2 threads for both (numpy's BLAS threads through threadpoolctl,
   torch.set_num_threads for PyTorch). PyTorch is optional.
2. The character-level names model (RNN, then LSTM; hidden 64, float32, one BLAS thread)
   trained on 90% of data/names.txt for `epochs` epochs, timed; its loss on the other 10%
   (the held-out names) against the bigram baseline's.
3. The memory demo: how many runs of train_recall (its defaults: 300 steps, hidden 32,
   float32; one per seed) learn to recall at each delay, plain RNN and LSTM, timed; and
   how far back the gradient reaches in each (gradient_reach).
"""

import argparse
import time

import common  # noqa: I001  (first: it sets up the path and the threads)
import numpy as np
from threadpoolctl import threadpool_limits

from helpers.data import load_names, split_texts
from helpers.language_model import RecurrentLanguageModel, bigram_loss, train_language_model
from helpers.recall import gradient_reach, recall_accuracies, recall_task, train_recall
from helpers.recurrent import RNN
from helpers.vocab import BOUNDARY, Vocabulary, one_hot

N, T, V, H = 32, 25, 30, 64


def helpers_case(x, dhs):
    """forward + BPTT of the helpers' RNN."""
    layer = RNN(V, H, seed=0, dtype=np.float32)

    def run():
        layer.forward(x)
        layer.backward(dhs)

    return run


def torch_case(x, dhs, torch):
    """forward + backward of torch.nn.RNN (the input's gradient included)."""
    module = torch.nn.RNN(V, H, batch_first=True)
    xt = torch.from_numpy(x).requires_grad_(True)
    dout = torch.from_numpy(dhs)

    def run():
        xt.grad = None
        module.zero_grad(set_to_none=True)
        module(xt)[0].backward(dout)

    return run


def time_rnn(repeat):
    rng = np.random.default_rng(0)
    x = np.eye(V, dtype=np.float32)[rng.integers(0, V, (N, T))]
    dhs = rng.standard_normal((N, T, H)).astype(np.float32)
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing the helpers alone.")
    else:
        print(f"PyTorch {torch.__version__}")
    print(f"RNN forward + BPTT, T={T}, batch {N}, one-hot {V}, hidden {H}, float32:")
    for threads in (1, 2):
        runners = {"helpers": helpers_case(x, dhs)}
        if torch is not None:
            torch.set_num_threads(threads)
            runners["torch"] = torch_case(x, dhs, torch)
        with threadpool_limits(threads, user_api="blas"):
            best = common.best_of(runners, repeat)
        line = (
            f"  {threads} thread{'s' if threads > 1 else ''}: "
            f"helpers {1e3 * best['helpers']:.3f} ms"
        )
        if torch is not None:
            line += (
                f", PyTorch {1e3 * best['torch']:.3f} ms, "
                f"ratio {best['helpers'] / best['torch']:.2f}x"
            )
        print(line)


def time_names_model(epochs):
    names = load_names()
    train, test = split_texts(names, test_fraction=0.1, seed=0)
    vocab = Vocabulary(names + [BOUNDARY])
    baseline = bigram_loss(train, test, vocab)
    print(
        f"names model, hidden 64, float32, {len(train)} training names, {epochs} epochs; "
        f"bigram baseline {baseline:.3f} nats/char on {len(test)} held-out names:"
    )
    for cell in ("rnn", "lstm"):
        model = RecurrentLanguageModel(len(vocab), 64, cell, seed=0, dtype=np.float32)
        start = time.perf_counter()
        history = train_language_model(model, vocab, train, epochs=epochs, seed=0, test_texts=test)
        seconds = time.perf_counter() - start
        print(
            f"  {cell.upper()}: {seconds:.2f} s; held-out loss per epoch "
            f"{', '.join(f'{v:.3f}' for v in history['test_loss'])}; "
            f"{'below' if history['test_loss'][-1] < baseline else 'NOT below'} the bigram"
        )


def time_recall_demo(seeds, delays=(5, 10, 20, 30)):
    print(f"recall demo: runs of train_recall (of {len(seeds)}) that reach 95% accuracy, by delay:")
    start = time.perf_counter()
    for cell in ("rnn", "lstm"):
        accuracies = recall_accuracies(cell, delays, seeds)
        print(
            f"  {cell.upper():4s} "
            + "  ".join(
                f"{delay}: {np.sum(row > 0.95)}/{len(seeds)}"
                for delay, row in zip(delays, accuracies, strict=True)
            )
        )
    print(f"  total {time.perf_counter() - start:.2f} s")
    print("  ||dL/dx|| 59 steps back / at the last step (gradient_reach over 60 steps):")
    x = one_hot(recall_task(64, 59, seed=0)[0], 4, np.float32)
    for cell in ("rnn", "lstm"):
        untrained = RecurrentLanguageModel(4, 32, cell, seed=0, dtype=np.float32).recurrent
        trained = train_recall(cell, 30, seed=0, dtype=np.float32)["model"].recurrent
        print(
            f"  {cell.upper():4s} "
            + ", ".join(
                f"{name} {reach[59] / reach[0]:.1e}"
                for name, reach in [
                    ("untrained", gradient_reach(untrained, x)),
                    ("trained at delay 30", gradient_reach(trained, x)),
                ]
            )
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=4, help="runs per delay in the recall demo")
    args = parser.parse_args()
    time_rnn(args.repeat)
    time_names_model(args.epochs)
    time_recall_demo(range(args.seeds))


if __name__ == "__main__":
    main()
