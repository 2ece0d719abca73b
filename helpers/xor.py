"""XOR, the function one neuron cannot draw (the lecture before this one).

XOR(x1, x2) is 1 when exactly one input is 1. No line separates its two 1s from its two 0s,
but XOR = OR(AND(x1 = 0, x2 = 1), AND(x1 = 1, x2 = 0)) = h1 OR h2, and each of h1, h2 and OR
is one neuron: a hidden layer of two neurons and an output neuron compute it.

The network ends at the output neuron's logit z = h v + c; its probability is σ(z), and it
trains with binary_cross_entropy_with_logits, which applies σ inside the loss (see there why).
"""

import numpy as np

from .layers import Dense, Sequential, Sigmoid
from .validation import random_generator

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # the 4 inputs (4, 2)
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])  # XOR of each (4, 1)


def xor_network(hidden=2, seed=0):
    """Sequential(Dense(2, hidden), Sigmoid(), Dense(hidden, 1)): x (N, 2) -> logits z (N, 1).

    h = σ(x W + b), z = h v + c, and the network's answer is ŷ = σ(z)."""
    rng = random_generator(seed)
    return Sequential(Dense(2, hidden, seed=rng), Sigmoid(), Dense(hidden, 1, seed=rng))
