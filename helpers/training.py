"""The training loop: epochs of minibatches, each forward, loss, backward, step.

    history = train(model, mse_loss, (X, X), Adam(model.params, 1e-3), epochs=50, seed=0)

Every model of the pack trains here: dense networks and autoencoders on arrays, CNNs on
images, language models on padded batches of texts. Progress is reported through a callback
(on_epoch), so this numpy core never imports the widgets that draw it.
"""

import contextlib
import functools

import numpy as np

from .optim import clip_grad_norm
from .validation import NonFiniteError, check_finite, check_whole

# A loss this many times the first one (plus 1) is no longer learning but running away: a
# learning rate of 1e9 gives finite losses of 1e9 long before it gives NaN.
DIVERGED = 1e6


def _diverged(epoch, batch, optimizer, loss):
    """The error that stops training once the loss runs away or stops being finite."""
    rate = getattr(optimizer, "learning_rate", None)
    what = (
        f"the loss grew to {loss:.3g}, over {DIVERGED:g} times where it started"
        if np.isfinite(loss)
        else "the loss or the weights are no longer finite (NaN or inf)"
    )
    return FloatingPointError(
        f"training diverged at epoch {epoch + 1}, batch {batch + 1}: {what}. Try a smaller "
        "learning rate" + (f" than {rate:g}." if rate is not None else ".")
    )


def _step(model, loss_fn, optimizer, x, target, max_norm):
    """One minibatch: forward, loss, backward, (clip), update. Returns the loss."""
    prediction = model.forward(x)
    loss, dprediction = loss_fn(prediction, target)
    model.backward(dprediction)
    grads = model.grads
    if max_norm is not None:
        clip_grad_norm(grads, max_norm)
    optimizer.step(grads)
    return loss


@functools.cache
def _threadpool_controller():
    """threadpoolctl's view of the loaded BLAS libraries (built once: finding them is slow)."""
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


def array_batches(X, targets, batch_size=64):
    """A source of batches from arrays: each epoch, the examples in a new shuffled order.

    X (N, ...) inputs; targets (N, ...) what the output should be (X itself for an
    autoencoder). Returns a function rng -> iterable of (x, target) minibatches of
    batch_size examples (the last one may be smaller).
    """
    batch_size = check_whole(batch_size, "batch_size")
    X, targets = np.asarray(X), np.asarray(targets)
    if X.ndim == 0 or targets.ndim == 0 or len(X) == 0:
        raise ValueError(f"X and targets must hold examples (N >= 1), got shapes {X.shape} and "
                         f"{targets.shape}")  # fmt: skip
    if len(X) != len(targets):
        raise ValueError(
            f"X and targets must hold the same number of examples, got {len(X)} and {len(targets)}"
        )
    for name, data in (("X", X), ("targets", targets)):
        if data.dtype.kind == "f":
            check_finite(data, name)

    def batches(rng):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start : start + batch_size]
            yield X[idx], targets[idx]

    return batches


def _batch_source(data, batch_size):
    """data as a function rng -> the batches of one epoch (see train)."""
    if isinstance(data, tuple):
        return array_batches(*data, batch_size)
    if callable(data):
        return data
    raise ValueError(
        f"data must be (X, targets) or a function rng -> batches, got {type(data).__name__}"
    )


def _epoch(model, loss_fn, optimizer, batches, max_norm, epoch, first_loss):
    """One pass over `batches`, a step each: their losses, or the error once training
    diverges (first_loss: the loss of training's first batch, None before it)."""
    losses = []
    for batch, (x, target) in enumerate(batches):
        try:
            loss = _step(model, loss_fn, optimizer, x, target, max_norm)
        except NonFiniteError:  # the data are finite, so the model made the NaN/inf
            raise _diverged(epoch, batch, optimizer, np.nan) from None
        first_loss = loss if first_loss is None else first_loss
        if not np.isfinite(loss) or loss > DIVERGED * (1 + first_loss):
            raise _diverged(epoch, batch, optimizer, loss)
        losses.append(loss)
    return losses


def _record(history, losses, epoch, model, evaluate, on_epoch):
    """After an epoch: its losses into the history, then evaluate and on_epoch if given."""
    history["batch_loss"].extend(losses)
    history["loss"].append(float(np.mean(losses)))
    if evaluate is not None:
        history["test_loss"].append(float(evaluate(model)))
    if on_epoch is not None:
        on_epoch(epoch + 1, history["loss"][-1])


def train(
    model,
    loss_fn,
    data,
    optimizer,
    epochs,
    *,
    batch_size=64,
    seed=0,
    max_norm=None,
    on_epoch=None,
    evaluate=None,
    threads=1,
):
    """Train `model` in place and return the history: the one training loop of the pack.

    model: follows the layer protocol (forward, backward, params, grads), e.g. Sequential.
    loss_fn(prediction, target) -> (loss, dloss/dprediction), e.g. mse_loss.
    data: (X, targets) arrays, shuffled into minibatches of batch_size every epoch; or a
      function rng -> iterable of (inputs, targets) batches for one epoch (text_batches).
    optimizer: SGD or Adam built on model.params. seed: int or np.random.Generator for the
    order of the examples. max_norm: clip the gradients to this global norm before each step.
    on_epoch(epoch, loss): called after every epoch with its number (from 1) and mean loss
      (a notebook passes helpers.widgets.TrainingProgress(epochs), a progress bar).
    evaluate(model) -> float: called after every epoch, e.g. the loss on held-out data.
    threads: BLAS threads while training (see blas_threads); None keeps numpy's default.
    Returns {'loss': (epochs,) mean minibatch loss of each epoch, 'batch_loss': every
    minibatch's loss, 'test_loss': (epochs,) what evaluate returned, empty without it}.
    Raises FloatingPointError, saying where and what to try, if training diverges.
    """
    epochs = check_whole(epochs, "epochs", 0)
    batches, rng = _batch_source(data, batch_size), np.random.default_rng(seed)
    history = {"loss": [], "batch_loss": [], "test_loss": []}
    # divergence is reported by _epoch, so numpy's overflow warnings are silenced
    with np.errstate(over="ignore", invalid="ignore"), blas_threads(threads):
        for epoch in range(epochs):
            first_loss = history["batch_loss"][0] if history["batch_loss"] else None
            losses = _epoch(model, loss_fn, optimizer, batches(rng), max_norm, epoch, first_loss)
            _record(history, losses, epoch, model, evaluate, on_epoch)
    return {key: np.array(values) for key, values in history.items()}
