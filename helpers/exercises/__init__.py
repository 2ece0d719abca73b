"""Self-checks for the notebooks' exercises.

Each check runs the student's answer through the same code the notebook uses and prints
whether it is right and why; it returns nothing, so a notebook cell shows only that line.
A check never prints the answer: when something is wrong it says what goes wrong, not what
to type. The checks of the "write the math yourself" exercises (backprop, convpool) return
a CheckResult instead, which a cell shows as the same kind of line.
"""

from .autoencoder import (
    check_anomaly_threshold,
    check_code_separation,
    check_svd_error,
    check_xor_network,
)
from .backprop import check_dense_backward, check_logistic_gradient, check_rnn_step_backward
from .common import yours_or_the_packs
from .convolution import (
    check_conv_params,
    check_diagonal_edge_filter,
    check_max_pool,
    check_output_size,
)
from .convpool import check_conv_forward, check_max_pool_backward
from .diagnose import CheckResult
from .neuron import (
    check_brightened_bias,
    check_how_many_answers,
    check_other_diagonal,
    check_top_row,
)
from .recurrent import (
    check_gradient_through_time,
    check_names_lstm,
    check_recurrent_params,
    check_reversed_order,
)

__all__ = [
    "CheckResult",
    "check_anomaly_threshold",
    "check_brightened_bias",
    "check_code_separation",
    "check_conv_forward",
    "check_conv_params",
    "check_dense_backward",
    "check_diagonal_edge_filter",
    "check_gradient_through_time",
    "check_how_many_answers",
    "check_logistic_gradient",
    "check_max_pool",
    "check_max_pool_backward",
    "check_names_lstm",
    "check_other_diagonal",
    "check_output_size",
    "check_recurrent_params",
    "check_reversed_order",
    "check_rnn_step_backward",
    "check_svd_error",
    "check_top_row",
    "check_xor_network",
    "yours_or_the_packs",
]
