"""The "write the math yourself" checks: the right answer passes, every usual slip fails
with the words that name it, and a broken function gets a sentence, never a traceback."""

import re

import numpy as np
import pytest
from exercise_solutions import PACK, RIGHT, WRONG

import helpers.exercises as ex

CHECKS = sorted(RIGHT)
SLIPS = [(check, slip) for check in CHECKS for slip in WRONG[check]]
ARGUMENTS = {  # how many arguments each exercise's function takes, and how many it returns
    "check_logistic_gradient": (4, 2),
    "check_dense_backward": (4, 3),
    "check_conv_forward": (5, 1),
    "check_max_pool_backward": (4, 1),
    "check_rnn_step_backward": (6, 5),
}


def run(check, fn):
    result = getattr(ex, check)(fn)
    assert isinstance(result, ex.CheckResult)
    assert isinstance(result.passed, bool) and repr(result) == str(result) == result.message
    return result


@pytest.mark.parametrize("check", CHECKS)
def test_the_reference_solution_passes_every_case(check):
    result = run(check, RIGHT[check])
    assert result.passed, result.message
    assert result.message.startswith("✔ Right: ")
    assert "in all 5 cases" in result.message


@pytest.mark.parametrize(("check", "slip"), SLIPS)
def test_each_usual_slip_fails_with_the_words_that_name_it(check, slip):
    wrong, words = WRONG[check][slip]
    result = run(check, wrong)
    assert not result.passed
    assert result.message.startswith("✘ Not yet: ")
    assert words in result.message, result.message


@pytest.mark.parametrize("check", CHECKS)
def test_a_function_that_only_calls_the_packs_own_is_refused(check):
    """Handing the work to helpers' implementation passes every case, and gets ✘ all the
    same, with the sentence that says so."""
    calls_the_pack, words = PACK[check]
    result = run(check, calls_the_pack)
    assert not result.passed and words in result.message, result.message


def test_the_conv_and_pooling_cases_include_sizes_no_window_fits_exactly():
    """(H + 2 padding - k) / stride is not whole in some case of each: a function that
    rounds the output size up, or loops one window too far, is caught."""
    from helpers.exercises.convpool import CONV_SHAPES, POOL_SHAPES

    conv = [(h, w, k, s, p) for _, _, h, w, _, k, s, p in CONV_SHAPES]
    pool = [(h, w, k, s, 0) for _, _, h, w, k, s in POOL_SHAPES]
    for cases in (conv, pool):
        assert any((size + 2 * p - k) % s for h, w, k, s, p in cases for size in (h, w))


def spy_on(check):
    """The shapes of the arrays each case hands to the student's function."""
    seen = []

    def fn(*args):
        seen.append([np.shape(a) for a in args])
        return RIGHT[check](*args)

    assert run(check, fn).passed
    return seen


@pytest.mark.parametrize("check", CHECKS)
def test_the_cases_include_a_batch_of_one_and_shapes_that_are_not_square(check):
    seen = spy_on(check)
    assert len(seen) == 5
    assert any(shapes[0][0] == 1 for shapes in seen)  # N = 1
    assert any(  # a matrix or image that is not square: D != M, H != W
        any(len(shape) >= 2 and shape[-1] != shape[-2] for shape in shapes) for shapes in seen
    )
    assert len({tuple(shapes) for shapes in seen}) == 5  # five different cases


@pytest.mark.parametrize(("check", "slip"), SLIPS)
def test_a_message_never_shows_the_right_numbers(check, slip):
    """Not one entry of the right answer, to 3 significant digits, appears in the message."""
    captured = []

    def fn(*args):
        right = RIGHT[check](*args)
        captured.extend(np.ravel(part) for part in (right if isinstance(right, tuple) else [right]))
        return WRONG[check][slip][0](*args)

    message = run(check, fn).message
    numbers = set(re.findall(r"-?\d+\.\d+", message))
    shown = {f"{v:.3g}" for part in captured for v in part if 0.01 < abs(v) and v != round(v)}
    assert not numbers & shown, message


def one_entry_off(check):
    def fn(*args):
        out = RIGHT[check](*args)
        first = out[-1] if isinstance(out, tuple) else out
        np.asarray(first).flat[-1] += 10.0
        return out

    return fn


@pytest.mark.parametrize("check", ["check_dense_backward", "check_conv_forward"])
def test_an_unrecognised_error_says_where_and_how_large_relative_to_the_answer(check):
    message = run(check, one_entry_off(check)).message
    assert re.search(r"\[[\d, ]+\] is the first wrong entry \(1 of \d+ are wrong\)", message)
    assert re.search(r"the largest error is (\d+% of|\d+ times) the largest entry", message)
    assert "(case 1 of 5: " in message


@pytest.mark.parametrize("check", CHECKS)
def test_a_function_that_raises_gets_a_sentence_with_its_own_line(check):
    def fn(*args):
        return np.ones(3) @ np.ones(4)

    message = run(check, fn).message
    assert message.startswith("✘ Not yet: your function raised ValueError: matmul")
    assert re.search(r"at line \d+ of the cell or file of fn", message)
    assert "Traceback" not in message and "helpers/" not in message


@pytest.mark.parametrize("check", CHECKS)
def test_a_skeleton_is_not_done_yet(check):
    def skeleton(*args):
        return None

    def raising(*args):
        raise NotImplementedError

    assert run(check, skeleton).message.startswith("✘ Not done yet: your function returns None")
    assert run(check, raising).message.startswith("✘ Not done yet: your function raises")


@pytest.mark.parametrize("check", [c for c in CHECKS if ARGUMENTS[c][1] > 1])
def test_the_wrong_number_of_outputs_is_named(check):
    wanted = ARGUMENTS[check][1]

    def fn(*args):
        return RIGHT[check](*args)[:-1]

    message = run(check, fn).message
    assert f"returned {wanted - 1} values; it must return {wanted}:" in message

    def half(*args):
        first, *rest = RIGHT[check](*args)
        return (None, *rest)

    assert "is still None" in run(check, half).message


@pytest.mark.parametrize("check", CHECKS)
def test_nan_in_an_output_is_named_with_where(check):
    def fn(*args):
        out = RIGHT[check](*args)
        first = np.array(out[0] if isinstance(out, tuple) else out, dtype=float)
        first.flat[0] = np.nan
        return (first, *out[1:]) if isinstance(out, tuple) else first

    message = run(check, fn).message
    assert re.search(r"holds NaN or infinity \(1 of \d+ entries, the first at \w+\[0", message)


def test_a_wrong_shape_says_expected_and_given():
    def fn(x, W, b, dout):
        return dout @ W.T, (x.T @ dout)[:, :1], dout.sum(axis=0)

    message = run("check_dense_backward", fn).message
    assert "dW has shape (4, 1), expected (4, 4)" in message


def test_something_that_is_not_a_function_is_named():
    message = run("check_dense_backward", np.zeros(3)).message
    assert message == "✘ Not yet: pass the function itself, not what it returns: got ndarray"


def test_a_function_that_changes_its_inputs_cannot_change_the_answer():
    def fn(x, W, b, dout):
        out = (dout @ W.T, x.T @ dout, dout.sum(axis=0))
        W *= 0  # a student's in-place slip after the math
        dout[...] = 0
        return out

    assert run("check_dense_backward", fn).passed


def test_float32_work_still_counts_as_right():
    def fn(x, W, b, dout):
        x, W, dout = (a.astype(np.float32) for a in (x, W, dout))
        return dout @ W.T, x.T @ dout, dout.sum(axis=0)

    assert run("check_dense_backward", fn).passed


@pytest.mark.parametrize("check", CHECKS)
def test_each_check_takes_the_arguments_of_its_exercise(check):
    taken, _ = ARGUMENTS[check]
    assert all(len(shapes) == taken for shapes in spy_on(check))


@pytest.mark.parametrize("execution", ["autograde", "validate"])
def test_under_nbgrader_a_failed_check_raises_so_the_graded_cell_scores_nothing(
    execution, monkeypatch
):
    monkeypatch.setenv("NBGRADER_EXECUTION", execution)
    wrong, words = WRONG["check_dense_backward"]["sign"]
    with pytest.raises(AssertionError, match=words):
        ex.check_dense_backward(wrong)
    assert ex.check_dense_backward(RIGHT["check_dense_backward"]).passed
