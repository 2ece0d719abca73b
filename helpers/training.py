"""A training loop: epochs of shuffled minibatches, forward, loss, backward, step.

history = train(model, mse_loss, X, X, Adam(model.params, 1e-3), epochs=50, seed=0)
"""

import contextlib
import functools
import sys

import numpy as np

from .validation import NonFiniteError


def _in_notebook():
    """True inside a Jupyter kernel (where a progress bar can be shown)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return shell is not None and hasattr(shell, "kernel")


def _diverged(epoch, batch, optimizer):
    """The error that stops training once a loss or a weight is no longer finite."""
    rate = getattr(optimizer, "learning_rate", None)
    return FloatingPointError(
        f"training diverged at epoch {epoch + 1}, batch {batch + 1}: the loss or the weights "
        "are no longer finite (NaN or inf). Try a smaller learning rate"
        + (f" than {rate:g}." if rate is not None else ".")
    )


def _step(model, loss_fn, optimizer, x, target):
    """One minibatch: forward, loss, backward, update. Returns the loss."""
    prediction = model.forward(x)
    loss, dprediction = loss_fn(prediction, target)
    model.backward(dprediction)
    optimizer.step(model.grads)
    return loss


@functools.cache
def _threadpool_controller():
    """threadpoolctl's view of the loaded BLAS libraries (built once: it costs ~0.2 ms)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def blas_threads(threads):
    """A context that runs numpy's BLAS on `threads` threads (None: leave it as it is).

    Small models make many small matrix products; with two threads each one waits for the
    second thread to wake up, and if the other core is busy (a browser, another kernel) that
    costs far more than the product. One thread is as fast on a quiet machine and stays fast
    on a busy one. Needs threadpoolctl; without it numpy's default is kept.
    """
    controller = _threadpool_controller()
    if threads is None or controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=threads, user_api="blas")


def train(
    model, loss_fn, X, targets, optimizer, epochs, batch_size=64, seed=0, progress="auto", threads=1
):
    """Train `model` in place and return the history.

    model: a layer (e.g. Sequential) with forward, backward, params, grads.
    loss_fn(prediction, target) -> (loss, dloss/dprediction), e.g. mse_loss.
    X (N, ...) inputs; targets (N, ...) what the output should be (X itself for an autoencoder).
    optimizer: SGD or Adam built on model.params.
    seed: int or np.random.Generator for the order of examples, reshuffled every epoch.
    progress: 'auto' shows a progress bar inside a notebook, True always tries, False never.
    threads: BLAS threads while training (see blas_threads); None keeps numpy's default.
    Returns {'loss': (epochs,) mean minibatch loss of each epoch,
             'batch_loss': (epochs * batches,) every minibatch's loss}.
    """
    X, targets = np.asarray(X), np.asarray(targets)
    if len(X) != len(targets):
        raise ValueError(
            f"X and targets must hold the same number of examples, got {len(X)} and {len(targets)}"
        )
    for name, data in (("X", X), ("targets", targets)):
        if data.dtype.kind == "f" and not np.all(np.isfinite(data)):
            raise ValueError(f"{name} must be finite, got NaN or infinite values")
    rng = np.random.default_rng(seed)
    bar = None
    if progress is True or (progress == "auto" and _in_notebook()):
        from .widgets import TrainingProgress  # ipywidgets only where a bar is shown

        bar = TrainingProgress(epochs)
    epoch_loss, batch_loss = [], []
    # divergence is reported below, so numpy's overflow warnings are silenced
    with np.errstate(over="ignore", invalid="ignore"), blas_threads(threads):
        for epoch in range(epochs):
            order = rng.permutation(len(X))
            losses = []
            for batch, start in enumerate(range(0, len(X), batch_size)):
                idx = order[start : start + batch_size]
                try:
                    loss = _step(model, loss_fn, optimizer, X[idx], targets[idx])
                except NonFiniteError:  # the data are finite, so the model made the NaN/inf
                    raise _diverged(epoch, batch, optimizer) from None
                if not np.isfinite(loss):
                    raise _diverged(epoch, batch, optimizer)
                losses.append(loss)
            batch_loss.extend(losses)
            epoch_loss.append(float(np.mean(losses)))
            if bar is not None:
                bar.update(epoch + 1, epoch_loss[-1])
    return {"loss": np.array(epoch_loss), "batch_loss": np.array(batch_loss)}
