"""Gradient checking: compare an analytic gradient with centred finite differences.

    df/dx_i  ~  (f(x + h e_i) - f(x - h e_i)) / (2h)

The error of this estimate shrinks like h^2, so in float64 with h = 1e-6 a correct
gradient agrees to about 1e-9 relative error, and a wrong one is off by far more.
"""

import numpy as np


def numerical_gradient(f, x, h=1e-6):
    """Centred-difference gradient of a scalar function.

    f: callable taking no argument and returning a float; it must read `x` (which this
       function perturbs in place, then restores).
    x: float64 array of any shape.
    Returns an array shaped like x.
    """
    if x.dtype != np.float64:
        raise ValueError(f"gradient checks need float64, got {x.dtype}")
    grad = np.zeros_like(x)
    flat, flat_grad = x.reshape(-1), grad.reshape(-1)  # views: writing them writes x and grad
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        f_plus = f()
        flat[i] = saved - h
        f_minus = f()
        flat[i] = saved
        flat_grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """max |a - b| / max(|a| + |b|), a scale-free distance between two arrays (0 if equal)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:  # broadcasting would compare, say, every entry with one number
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def layer_gradient_errors(layer, x, seed=0, h=1e-6):
    """Relative errors of a layer's backward against finite differences, for x and each param.

    Uses the loss L = sum(forward(x) * R) with a fixed random R, whose dL/doutput is R.
    x: float64 input. Returns {'x': error, 'W': error, ...}.
    """
    x = np.array(x, dtype=np.float64)
    rng = np.random.default_rng(seed)
    R = rng.standard_normal(np.shape(layer.forward(x)))

    def loss():
        return float(np.sum(layer.forward(x) * R))

    layer.forward(x)
    dx = layer.backward(R)
    analytic = {"x": dx, **{k: g.copy() for k, g in layer.grads.items()}}
    numeric = {"x": numerical_gradient(loss, x, h)}
    for k, p in layer.params.items():
        numeric[k] = numerical_gradient(loss, p, h)
    return {k: relative_error(analytic[k], numeric[k]) for k in numeric}
