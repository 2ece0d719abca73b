"""Weight initialisation a student can read: Xavier (Glorot) and He, seeded.

Why not zeros: if every weight starts equal, every hidden unit computes the same thing and
gets the same gradient, so they stay equal forever (the symmetry of the lecture before).
Why these scales: they keep the variance of activations (and gradients) about the same from
layer to layer, so a deep stack neither fades to 0 nor blows up.
"""

import numpy as np


def xavier_uniform(fan_in, fan_out, shape, rng, dtype=np.float64):
    """U(-a, a) with a = sqrt(6 / (fan_in + fan_out)): variance 2 / (fan_in + fan_out).

    Suits sigmoid, tanh and linear layers. rng: a np.random.Generator.
    """
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(dtype)


def he_normal(fan_in, shape, rng, dtype=np.float64):
    """N(0, 2 / fan_in): ReLU zeroes half its inputs, so it needs twice Xavier's variance."""
    return (np.sqrt(2.0 / fan_in) * rng.standard_normal(size=shape)).astype(dtype)


def init_weights(kind, fan_in, fan_out, shape, rng, dtype):
    """Dispatch on kind: 'xavier' or 'he'."""
    if kind == "xavier":
        return xavier_uniform(fan_in, fan_out, shape, rng, dtype)
    if kind == "he":
        return he_normal(fan_in, shape, rng, dtype)
    raise ValueError(f"init must be 'xavier' or 'he', got {kind!r}")
