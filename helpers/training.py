"""The training loop: epochs of minibatches, each forward, loss, backward, step.

    history = train(model, mse_loss, (X, X), Adam(model.params, 1e-3), epochs=50, seed=0)

Every model of the pack trains here: dense networks and autoencoders on arrays, CNNs on
images, language models on padded batches of texts. Progress is reported through a callback
(on_epoch), so this numpy core never imports the widgets that draw it.
"""

import contextlib
import functools
import inspect

import numpy as np

from .optim import clip_grad_norm
from .validation import (
    NonFiniteError,
    all_finite,
    check_finite,
    check_function,
    check_model,
    check_whole,
    kind_of,
    random_generator,
)

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
    threads = None if threads is None else check_whole(threads, "threads")  # 2.0 -> 2
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
        if len(data) != 2:
            raise ValueError(f"data must be (X, targets), a pair, got a tuple of {len(data)}")
        return array_batches(*data, batch_size)
    if callable(data):
        try:
            inspect.signature(data).bind(None)  # it is called with the epoch's generator
        except TypeError:
            raise ValueError(
                "data must be a function rng -> batches: it is called with a "
                "np.random.Generator each epoch, and this one takes no such argument"
            ) from None
        except ValueError:  # a builtin without a signature: it will tell when called
            pass
        return data
    raise ValueError(
        f"data must be (X, targets) or a function rng -> batches, got {type(data).__name__}"
    )


def _check_arguments(model, loss_fn, optimizer, on_epoch, evaluate):
    """The checks of train's arguments other than the data, each naming what it expected."""
    check_model(model)
    check_function(loss_fn, "loss_fn", "(prediction, target) -> (loss, dloss/dprediction)")
    if isinstance(optimizer, type) or not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"optimizer must have a step(grads), e.g. Adam(model.params), got {kind_of(optimizer)}"
        )
    for name, fn, what in [("on_epoch", on_epoch, "(epoch, loss)"), ("evaluate", evaluate,
                           "(model) -> float")]:  # fmt: skip
        if fn is not None:
            check_function(fn, name, what)


def _bad_batch(epoch, batch, x, target):
    """The error for a batch that holds NaN or infinity, or None when it is finite."""
    for what, part in (("inputs", x), ("targets", target)):
        part = np.asarray(part)
        if part.dtype.kind == "f" and not all_finite(part):
            return ValueError(
                f"batch {batch + 1} of epoch {epoch + 1} holds NaN or infinity in its "
                f"{what}: the data are at fault, not the training"
            )
    return None


def _epoch(model, loss_fn, optimizer, batches, max_norm, epoch, first_loss):
    """One pass over `batches`, a step each: their losses, or the error once training
    diverges (first_loss: the loss of training's first batch, None before it)."""
    losses = []
    for batch, (x, target) in enumerate(batches):
        try:
            loss = _step(model, loss_fn, optimizer, x, target, max_norm)
        except NonFiniteError:  # from the data, or made by the model: training diverged
            raise _bad_batch(epoch, batch, x, target) or _diverged(
                epoch, batch, optimizer, np.nan
            ) from None
        first_loss = loss if first_loss is None else first_loss
        if not np.isfinite(loss) or loss > DIVERGED * (1 + first_loss):
            raise _diverged(epoch, batch, optimizer, loss)
        losses.append(loss)
    if not losses:
        raise ValueError(
            f"the batch source yielded no batches in epoch {epoch + 1}: each epoch needs at "
            "least one (inputs, targets) pair"
        )
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
    optimizer: SGD or Adam on model.params. seed: int or Generator, the examples' order.
    max_norm: clip the gradients to this global norm before each step.
    on_epoch(epoch, loss): called after every epoch with its number (from 1) and mean loss
      (helpers.widgets.TrainingProgress(epochs) is a progress bar that takes them).
    evaluate(model) -> float: called after every epoch, e.g. the loss on held-out data.
    threads: BLAS threads while training (see blas_threads); None keeps numpy's default.
    Returns {'loss': (epochs,) mean minibatch loss of each epoch, 'batch_loss': every
    minibatch's loss, 'test_loss': (epochs,) what evaluate returned, empty without it};
    raises FloatingPointError, saying where and what to try, if training diverges."""
    epochs = check_whole(epochs, "epochs", 0)
    _check_arguments(model, loss_fn, optimizer, on_epoch, evaluate)
    batches, rng = _batch_source(data, batch_size), random_generator(seed)
    history = {"loss": [], "batch_loss": [], "test_loss": []}
    # divergence is reported by _epoch, so numpy's overflow warnings are silenced
    with np.errstate(over="ignore", invalid="ignore"), blas_threads(threads):
        for epoch in range(epochs):
            first_loss = history["batch_loss"][0] if history["batch_loss"] else None
            losses = _epoch(model, loss_fn, optimizer, batches(rng), max_norm, epoch, first_loss)
            _record(history, losses, epoch, model, evaluate, on_epoch)
    return {key: np.array(values) for key, values in history.items()}
