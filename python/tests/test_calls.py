"""The SQL call each Python function builds, as Spark names the result column: the function or
its ``_none``, ``_ci`` or ``_compare`` form, the reduction, and the options typed as the catalog
declares them."""

from __future__ import annotations

import pytest
from pyspark.sql import Column, DataFrame, SparkSession

from losseval import functions as L


@pytest.fixture(scope="module")
def scores(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame([([1.0, 2.0, 3.0], 2, 0.5, 1.0)],
                                 "logits array<double>, label bigint, p double, y double")


def call_sql(frame: DataFrame, column: Column) -> str:
    return frame.select(column).columns[0]


def test_options_reach_sql_as_double_bigint_and_array_of_double(scores: DataFrame) -> None:
    sql = call_sql(scores, L.cross_entropy("logits", "label", label_smoothing=0.1,
                                           weight=[1, 2.5, 0.5], ignore_index=-1))
    assert sql == ("cross_entropy(logits, label, 'mean', named_struct('weight', "
                   "array(1.0D, 2.5D, 0.5D), 'ignore_index', CAST(-1 AS BIGINT), "
                   "'label_smoothing', 0.1D))")
    assert call_sql(scores, L.binary_cross_entropy("p", "y", weight=2)) == \
        "binary_cross_entropy(p, y, 'mean', named_struct('weight', array(2.0D)))"


def test_defaults_are_left_out_and_none_is_the_per_row_function(scores: DataFrame) -> None:
    assert call_sql(scores, L.mse_loss("p", "y")) == "mse_loss(p, y, 'mean')"
    assert call_sql(scores, L.huber_loss("p", "y", reduction="sum", delta=1.0)) == \
        "huber_loss(p, y, 'sum')"
    assert call_sql(scores, L.kl_div("p", "y", reduction="none", log_target=True)) == \
        "kl_div_none(p, y, named_struct('log_target', true))"


def test_interval_and_comparison_calls_carry_the_interval_options(scores: DataFrame) -> None:
    assert call_sql(scores, L.mse_loss_ci("p", "y")) == "mse_loss_ci(p, y, 'mean')"
    assert call_sql(scores, L.cross_entropy_ci("logits", "label", reduction="sum",
                                               label_smoothing=0.1, confidence=0.9,
                                               buckets=50)) == \
        ("cross_entropy_ci(logits, label, 'sum', named_struct('label_smoothing', 0.1D, "
         "'confidence', 0.9D, 'buckets', CAST(50 AS BIGINT)))")
    assert call_sql(scores, L.mse_loss_compare(["p", "y"], ("y", "p"), confidence=0.95,
                                               buckets=20.0)) == \
        "mse_loss_compare(p, y, y, p, 'mean')"
