"""Mistakes fail clearly. Mistakes in the call fail in Python, before any DataFrame or job, with
a LossevalError naming the function, the keyword or option, the value and what is allowed;
mistakes only Spark can see (argument types, bad rows) come from the JVM with the project's
message intact, on classic sessions and on Spark Connect alike."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.errors import IllegalArgumentException as PySparkIllegalArgumentException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from losseval import (ArgumentTypeError, LossevalError, OptionTypeError, OptionValueError,
                      ReductionError, UnknownOptionError)
from losseval import functions as L


def raises(kind: type[Exception], call, *fragments: str) -> LossevalError:
    with pytest.raises(kind) as failure:
        call()
    assert isinstance(failure.value, LossevalError)
    for fragment in fragments:
        assert fragment in str(failure.value), f"'{fragment}' not in: {failure.value}"
    return failure.value


def test_unknown_keyword_names_the_function_and_the_allowed_keywords() -> None:
    error = raises(UnknownOptionError, lambda: L.cross_entropy("logits", "label", wieght=[1.0]),
                   "cross_entropy: unknown option 'wieght'",
                   "allowed: reduction, weight, ignore_index, label_smoothing",
                   "did you mean 'weight'?")
    assert isinstance(error, TypeError)
    raises(UnknownOptionError, lambda: L.mse_loss("p", "y", margin=1.0),
           "mse_loss: unknown option 'margin'", "this function takes no options")


def test_reduction_must_be_one_of_four() -> None:
    error = raises(ReductionError, lambda: L.mse_loss("p", "y", reduction="avg"),
                   "mse_loss: reduction 'avg' is not supported",
                   "allowed: 'mean', 'sum', 'batchmean', 'none'")
    assert isinstance(error, ValueError)
    raises(ReductionError, lambda: L.kl_div("p", "y", reduction="Mean"), "'Mean'")
    raises(ReductionError, lambda: L.kl_div("p", "y", reduction=None), "None")


@pytest.mark.parametrize("call, fragments", [
    (lambda: L.cross_entropy("x", "y", label_smoothing=1.5),
     ["cross_entropy: option 'label_smoothing' = 1.5 is not allowed", "allowed: [0, 1]"]),
    (lambda: L.cross_entropy("x", "y", label_smoothing=-0.1), ["-0.1", "[0, 1]"]),
    (lambda: L.huber_loss("x", "y", delta=0.0), ["huber_loss: option 'delta' = 0.0", "> 0"]),
    (lambda: L.smooth_l1_loss("x", "y", beta=-1), ["'beta' = -1.0", ">= 0"]),
    (lambda: L.hinge_embedding_loss("x", "y", margin=math.nan), ["'margin' = nan", "not NaN"]),
    (lambda: L.multi_margin_loss("x", "y", p=3),
     ["multi_margin_loss: option 'p' = 3 is not allowed", "allowed: {1, 2}"]),
    (lambda: L.triplet_margin_with_distance_loss("a", "p", "n", distance_function="euclid"),
     ["option 'distance_function' = 'euclid'", "{'pairwise', 'cosine'}"]),
    (lambda: L.ctc_loss("lp", "t", blank=-1), ["ctc_loss: option 'blank' = -1", ">= 0"]),
    (lambda: L.nll_loss("x", "y", ignore_index=2**63), ["'ignore_index'", "64 bits"]),
], ids=["above-range", "below-range", "exclusive-bound", "at-least", "nan", "one-of-numbers",
        "one-of-strings", "integer-range", "bigint"])
def test_values_outside_the_declared_range(call, fragments: list[str]) -> None:
    error = raises(OptionValueError, call, *fragments)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("call, fragments", [
    (lambda: L.cross_entropy("x", "y", ignore_index="x"),
     ["cross_entropy: option 'ignore_index' must be a whole number, got 'x'"]),
    (lambda: L.cross_entropy("x", "y", ignore_index=1.5), ["a whole number, got 1.5"]),
    (lambda: L.cross_entropy("x", "y", label_smoothing=True), ["a number, got True"]),
    (lambda: L.kl_div("x", "y", log_target=1), ["'log_target' must be True or False, got 1"]),
    (lambda: L.cross_entropy("x", "y", weight=["a"]), ["'weight' must be a list of numbers"]),
    (lambda: L.cross_entropy("x", "y", weight="1.0"), ["a list of numbers, or a single number"]),
    (lambda: L.triplet_margin_with_distance_loss("a", "p", "n", distance_function=1),
     ["'distance_function' must be a string, got 1"]),
], ids=["str-for-int", "fraction-for-int", "bool-for-float", "int-for-bool", "list-of-str",
        "str-for-list", "int-for-str"])
def test_values_of_the_wrong_type(call, fragments: list[str]) -> None:
    error = raises(OptionTypeError, call, *fragments)
    assert isinstance(error, TypeError)


def test_tensor_arguments_are_columns_or_names() -> None:
    raises(ArgumentTypeError, lambda: L.mse_loss(1.0, "y"),
           "mse_loss: argument 'input' must be a Column or a column name (str), got 1.0")
    raises(ArgumentTypeError, lambda: L.mse_loss("p"), "mse_loss: missing a required argument")
    raises(ArgumentTypeError, lambda: L.mse_loss("p", "y", "sum"),
           "keyword arguments only: reduction")


def test_numbers_are_converted_to_the_declared_types(spark: SparkSession) -> None:
    # As PyTorch takes them: an int where a float is declared, a whole float for an int, one
    # number or a tuple of ints for a weight; each gives what the declared type gives.
    frame = spark.createDataFrame(
        [(0.3, 1.0, [1.0, 2.0, 3.0], 1), (0.8, 0.0, [0.5, 0.1, -1.0], 2)],
        "prob double, y double, logits array<double>, label bigint")
    pairs = [
        (L.huber_loss("prob", "y", delta=2), L.huber_loss("prob", "y", delta=2.0)),
        (L.multi_margin_loss("logits", "label", p=2.0),
         L.multi_margin_loss("logits", "label", p=2)),
        (L.binary_cross_entropy("prob", "y", weight=2), L.binary_cross_entropy("prob", "y",
                                                                               weight=[2.0])),
        (L.cross_entropy("logits", "label", weight=(1, 2, 1)),
         L.cross_entropy("logits", "label", weight=[1.0, 2.0, 1.0])),
    ]
    row = frame.agg(*(c for pair in pairs for c in pair)).first()
    for i in range(0, len(row), 2):
        assert row[i] == row[i + 1] and isinstance(row[i], float), row


@pytest.fixture(scope="module")
def scores(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame(
        [([1.0, 2.0, 3.0], 2, 0.5, "a"), ([0.5, 0.1, -1.0], 6, 0.25, "b")],
        "logits array<double>, label bigint, p double, name string")


def analyse(frame: DataFrame) -> None:
    """Analyses the query without running it: eagerly on classic, by a schema request on
    Connect (which analyses on the server)."""
    frame.schema  # noqa: B018


def jvm_message(call) -> str:
    with pytest.raises(Exception) as failure:
        call()
    assert not isinstance(failure.value, LossevalError)
    return str(failure.value)


def test_analysis_errors_from_the_jvm_reach_python(scores: DataFrame) -> None:
    message = jvm_message(lambda: analyse(scores.agg(L.mse_loss("logits", "p"))))
    assert "mse_loss: input is an array, target is a number" in message
    message = jvm_message(lambda: analyse(scores.select(L.l1_loss("name", "p",
                                                                  reduction="none"))))
    assert "l1_loss_none: " in message and "name" in message


@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_a_label_out_of_range_names_the_column(scores: DataFrame, reduction: str) -> None:
    loss = L.cross_entropy("logits", "label", reduction=reduction)
    query = scores.agg(loss) if reduction == "mean" else scores.select(loss)
    message = jvm_message(query.collect)
    assert "cross_entropy" in message
    assert "target value 6 is out of range [0, 3)" in message
    assert "[column: label]" in message


def test_a_data_error_is_one_line_naming_the_function_the_column_and_the_value(
        scores: DataFrame, spark_mode: str) -> None:
    # Issue 21: it arrived inside "Job aborted due to stage failure" and ~70 Java frames.
    with pytest.raises(PySparkIllegalArgumentException) as failure:
        scores.agg(L.cross_entropy("logits", F.col("label") + 5)).collect()
    message = str(failure.value).strip()
    first = message.splitlines()[0]
    assert re.search(r"^cross_entropy: target value (7|11) is out of range \[0, 3\) .*"
                     r"\[column: \(label \+ [^]]*\)\]$", first), message
    assert "Job aborted" not in message and "\tat " not in message, message
    if spark_mode == "classic":
        assert message == first
    else:
        # Spark Connect adds the server's error type after every message (by default,
        # spark.sql.connect.serverStacktrace.enabled); this error brings no frames.
        assert message.splitlines()[1:] == ["", "JVM stacktrace:", "io.losseval.spark.LossDataError"], \
            message
    assert failure.value.getCondition() == "LOSSEVAL_DATA_ERROR"


DEFAULT_LOGGING_RUN = """
import losseval
from losseval import functions as L
from pyspark.sql import functions as F
spark = losseval.session_builder().master("local[2]").config("spark.ui.enabled", "false") \\
    .config("spark.ui.showConsoleProgress", "false").getOrCreate()
frame = spark.createDataFrame([([1.0, 2.0, 3.0], 2), ([0.5, 0.1, -1.0], 1)],
                              "logits array<double>, label bigint")
try:
    frame.agg(L.cross_entropy("logits", F.col("label") + 5)).collect()
except Exception as e:
    print(type(e).__name__ + ": " + str(e))
spark.stop()
"""


def test_a_data_error_leaves_no_stack_trace_in_the_log_at_the_default_level(
        spark_mode: str, tmp_path: Path) -> None:
    if spark_mode != "classic":
        pytest.skip("a classic session of its own, with Spark's default logging")
    script = tmp_path / "run.py"
    script.write_text(DEFAULT_LOGGING_RUN)
    env = {k: v for k, v in os.environ.items() if k != "PYSPARK_SUBMIT_ARGS"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=300, check=True)
    assert done.stdout.strip().startswith("IllegalArgumentException: cross_entropy: target value"), \
        done.stdout
    assert len(done.stdout.strip().splitlines()) == 1, done.stdout
    assert "Setting default log level to \"WARN\"" in done.stderr, "Spark's default logging"
    frames = [line for line in done.stderr.splitlines() if line.startswith("\tat ")]
    assert not frames, done.stderr
    assert "LossDataError" not in done.stderr and "LossDataException" not in done.stderr, \
        done.stderr


@pytest.mark.parametrize("call, kind, fragments", [
    (lambda: L.mse_loss_ci("p", "y", confidence=1.0), OptionValueError,
     ["mse_loss_ci: option 'confidence' = 1.0 is not allowed", "allowed: (0, 1)"]),
    (lambda: L.mse_loss_ci("p", "y", confidence=0), OptionValueError, ["'confidence' = 0.0"]),
    (lambda: L.mse_loss_ci("p", "y", confidence=math.nan), OptionValueError,
     ["'confidence' = nan", "(0, 1)"]),
    (lambda: L.mse_loss_ci("p", "y", confidence="95%"), OptionTypeError,
     ["mse_loss_ci: option 'confidence' must be a number, got '95%'"]),
    (lambda: L.mse_loss_ci("p", "y", buckets=1), OptionValueError,
     ["mse_loss_ci: option 'buckets' = 1 is not allowed", "allowed: [2, 1000]"]),
    (lambda: L.cross_entropy_compare(["x", "y"], ["z", "y"], buckets=1001), OptionValueError,
     ["cross_entropy_compare: option 'buckets' = 1001", "[2, 1000]"]),
    (lambda: L.mse_loss_ci("p", "y", buckets=2.5), OptionTypeError,
     ["option 'buckets' must be a whole number, got 2.5"]),
    (lambda: L.cross_entropy_compare(["x", "y"], ["z", "y"], label_smoothing=2.0),
     OptionValueError, ["cross_entropy_compare: option 'label_smoothing' = 2.0", "[0, 1]"]),
], ids=["confidence-1", "confidence-0", "confidence-nan", "confidence-str", "buckets-1",
        "buckets-1001", "buckets-fraction", "loss-option-in-compare"])
def test_interval_options_are_checked(call, kind: type[Exception], fragments: list[str]) -> None:
    raises(kind, call, *fragments)


def test_interval_keywords_belong_to_the_interval_forms_only() -> None:
    raises(UnknownOptionError, lambda: L.mse_loss_ci("p", "y", confidance=0.9),
           "mse_loss_ci: unknown option 'confidance'",
           "allowed: reduction, confidence, buckets", "did you mean 'confidence'?")
    raises(UnknownOptionError, lambda: L.cross_entropy_compare(["x", "y"], ["z", "y"],
                                                               bucket=10),
           "cross_entropy_compare: unknown option 'bucket'",
           "allowed: reduction, weight, ignore_index, label_smoothing, confidence, buckets",
           "did you mean 'buckets'?")
    raises(UnknownOptionError, lambda: L.mse_loss("p", "y", confidence=0.9),
           "mse_loss: unknown option 'confidence'")


def test_an_interval_has_no_reduction_none() -> None:
    for call in (lambda: L.mse_loss_ci("p", "y", reduction="none"),
                 lambda: L.mse_loss_compare(["p", "y"], ["q", "y"], reduction="none")):
        raises(ReductionError, call, "reduction 'none' is not supported",
               "allowed: 'mean', 'sum', 'batchmean'")


def test_each_side_of_a_comparison_lists_the_losses_tensor_arguments() -> None:
    raises(ArgumentTypeError, lambda: L.mse_loss_compare("p", ["q", "y"]),
           "mse_loss_compare: candidate must be a list or tuple of 2 tensor arguments "
           "(input, target), each a Column or a column name; got 'p'")
    raises(ArgumentTypeError, lambda: L.mse_loss_compare(["p", "y"], ["q"]),
           "mse_loss_compare: baseline must be a list or tuple of 2", "got ['q'] (list)")
    raises(ArgumentTypeError, lambda: L.mse_loss_compare(["p", "y"], ["q", 1]),
           "mse_loss_compare: argument 'baseline target' must be a Column or a column name "
           "(str), got 1")
    raises(ArgumentTypeError, lambda: L.mse_loss_compare(["p", "y"]),
           "mse_loss_compare: missing a required argument: 'baseline'",
           "it takes candidate and baseline, each a list or tuple of the tensor arguments "
           "input, target (Columns or column names)")
