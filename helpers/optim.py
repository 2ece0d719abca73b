"""Optimizers: they change the arrays in `params` in place, from the matching `grads`.

optimizer = Adam(model.params, learning_rate=1e-3)
...forward, loss, backward...
optimizer.step(model.grads)
"""

import math

import numpy as np

from .validation import check_grads, check_in_unit_interval, check_params, check_positive


class SGD:
    """Gradient descent with momentum: v <- momentum v - lr g;  p <- p + v.

    momentum = 0 is plain gradient descent, p <- p - lr g. With momentum the step keeps going
    in directions where gradients agree and cancels where they flip sign.
    """

    def __init__(self, params, learning_rate=0.1, momentum=0.0):
        learning_rate = check_positive(learning_rate, "learning_rate")
        momentum = check_in_unit_interval(momentum, "momentum")
        params = check_params(params)
        self.params, self.learning_rate, self.momentum = params, learning_rate, momentum
        self.velocity = {k: np.zeros_like(p) for k, p in params.items()}

    def step(self, grads):
        check_grads(grads, self.params)
        for k, p in self.params.items():
            v = self.velocity[k]
            v *= self.momentum
            v -= self.learning_rate * grads[k]
            p += v


class Adam:
    """Adam: momentum on the gradient (m) scaled by a running size of it (v), per weight.

    m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
    m_hat = m / (1 - b1^t)          v_hat = v / (1 - b2^t)     (early steps unbiased)
    p <- p - lr m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(self, params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.params = check_params(params)
        self.learning_rate = check_positive(learning_rate, "learning_rate")
        # beta1 = 1 would never move m from 0 (and divide by 1 - 1); beta2 = 1 likewise v
        self.beta1 = check_in_unit_interval(beta1, "beta1")
        self.beta2 = check_in_unit_interval(beta2, "beta2")
        self.eps = check_positive(eps, "eps")
        self.m = {k: np.zeros_like(p) for k, p in params.items()}
        self.v = {k: np.zeros_like(p) for k, p in params.items()}
        self.t = 0

    def step(self, grads):
        check_grads(grads, self.params, squares=True)  # v holds the squares of the gradients
        self.t += 1
        # fold both bias corrections into one step size: lr sqrt(1 - b2^t) / (1 - b1^t)
        # (Python floats, so that float32 params stay float32)
        correction = float(np.sqrt(1 - self.beta2**self.t))
        step_size = self.learning_rate * correction / (1 - self.beta1**self.t)
        eps_hat = self.eps * correction
        for k, p in self.params.items():
            g, m, v = grads[k], self.m[k], self.v[k]
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * (g * g)
            p -= step_size * m / (np.sqrt(v) + eps_hat)


def clip_grad_norm(grads, max_norm):
    """Scale all gradients by one factor so that their global L2 norm is at most max_norm.

    grads: dict name -> array (a model's grads), changed in place. Returns the global norm
    sqrt(sum of all squared entries) before clipping, as a float.
    Why: BPTT multiplies one Jacobian per step, so a gradient can grow geometrically with
    the length of the sequence; a single huge step would throw the weights far away.
    Scaling every array by the same factor keeps the direction and only shortens the step.
    """
    max_norm = check_positive(max_norm, "max_norm")
    check_params(grads, "grads")
    norm = global_norm(grads)
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


def global_norm(grads):
    """sqrt(sum of the squares of every entry of every array of grads), as a float.

    The squares are summed in float64 (float32 squares overflow for entries above ~1e19);
    where even those overflow, every entry is first divided by the largest |entry|.
    """
    with np.errstate(over="ignore"):  # measured the other way below
        total = sum(float(np.sum(np.square(g, dtype=np.float64))) for g in grads.values())
    if math.isfinite(total):
        return math.sqrt(total)
    largest = max(float(np.abs(g).max()) for g in grads.values() if g.size)
    scaled = sum(float(np.sum(np.square(g.astype(np.float64) / largest))) for g in grads.values())
    return largest * math.sqrt(scaled)
