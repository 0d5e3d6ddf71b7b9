"""Intervals (``L_ci``) and comparisons (``L_compare``) through the Python API, on the session of
this run (classic or Spark Connect): every field bit-identical to the same SQL call written by
hand, ``value`` (a comparison's ``candidate`` and ``baseline``) bit-identical to the plain loss,
and the options reaching the JVM. One query per side keeps the suite fast."""

from __future__ import annotations

import random
import struct
from typing import Any

import pytest
from pyspark.sql import Column, DataFrame, Row, SparkSession
from pyspark.sql import functions as F

from losseval import functions as L

ROWS = 400  # enough for every one of 20 buckets to hold rows, so that every bound is given
WEIGHT = [1.0, 2.0, 0.5]
VIEW = "losseval_interval_scores"


@pytest.fixture(scope="module")
def scores(spark: SparkSession) -> DataFrame:
    """Two regression models and two 3-class classifiers on the same rows; the second of each
    pair has errors correlated with the first's."""
    rng = random.Random(20261202)
    rows = []
    for i in range(ROWS):
        y = rng.gauss(0.0, 1.0)
        noise = rng.gauss(0.0, 0.5)
        logits = [rng.gauss(0.0, 1.5) for _ in range(3)]
        rows.append((y + noise, y + 0.9 * noise + rng.gauss(0.0, 0.1), y, logits,
                     [x + rng.gauss(0.0, 0.3) for x in logits], rng.randrange(3), i,
                     f"user-{i % 97}"))
    frame = spark.createDataFrame(rows, "p double, p2 double, y double, logits array<double>, "
                                        "logits2 array<double>, label bigint, id bigint, "
                                        "user string")
    frame.createOrReplaceTempView(VIEW)
    return frame


def bits(value: Any) -> Any:
    """A result with every double as its IEEE 754 bytes, structs field by field."""
    if isinstance(value, float):
        return struct.pack("<d", value)
    if isinstance(value, Row):
        return tuple(bits(v) for v in value)
    return value


CE = {"weight": WEIGHT, "label_smoothing": 0.1}
CE_SQL = "'weight', array(1.0D, 2.0D, 0.5D), 'label_smoothing', 0.1D"  # in a named_struct


def calls() -> dict[str, tuple[Column, str]]:
    """alias: (the Python API's column, the same call in SQL); Columns need a session."""
    return {
        "mse": (L.mse_loss("p", "y"), "mse_loss(p, y)"),
        "mse_sum": (L.mse_loss("p", "y", reduction="sum"), "mse_loss(p, y, 'sum')"),
        "mse2": (L.mse_loss("p2", "y"), "mse_loss(p2, y)"),
        "ce": (L.cross_entropy("logits", "label", **CE),
               f"cross_entropy(logits, label, 'mean', named_struct({CE_SQL}))"),
        "ce2": (L.cross_entropy("logits2", "label", **CE),
                f"cross_entropy(logits2, label, 'mean', named_struct({CE_SQL}))"),
        "mse_ci": (L.mse_loss_ci("p", "y"), "mse_loss_ci(p, y)"),
        "mse_ci_90": (L.mse_loss_ci(F.col("p"), "y", confidence=0.9),
                      "mse_loss_ci(p, y, 'mean', named_struct('confidence', 0.9D))"),
        "mse_ci_sum": (
            L.mse_loss_ci("p", "y", reduction="sum", confidence=0.8, buckets=5),
            "mse_loss_ci(p, y, 'sum', named_struct('confidence', 0.8D, 'buckets', 5))"),
        "ce_ci": (L.cross_entropy_ci("logits", "label", **CE, buckets=10),
                  f"cross_entropy_ci(logits, label, 'mean', "
                  f"named_struct({CE_SQL}, 'buckets', 10))"),
        "mse_cmp": (L.mse_loss_compare(("p", "y"), ["p2", "y"]), "mse_loss_compare(p, y, p2, y)"),
        "mse_ci_key": (L.mse_loss_ci("p", "y", key="id"),
                       "mse_loss_ci(p, y, 'mean', named_struct('key', id))"),
        "mse_cmp_user": (L.mse_loss_compare(("p", "y"), ("p2", "y"), buckets=10, key=F.col("user")),
                         "mse_loss_compare(p, y, p2, y, 'mean', named_struct('buckets', 10, "
                         "'key', user))"),
        "ce_cmp": (L.cross_entropy_compare(["logits", "label"], [F.col("logits2"), "label"], **CE,
                                           confidence=0.9),
                   f"cross_entropy_compare(logits, label, logits2, label, 'mean', "
                   f"named_struct({CE_SQL}, 'confidence', 0.9D))"),
    }


@pytest.fixture(scope="module")
def results(spark: SparkSession, scores: DataFrame) -> tuple[Row, Row]:
    """(the Python API's row, SQL's row)."""
    both = calls()
    python = scores.agg(*(column.alias(alias) for alias, (column, _) in both.items())).first()
    select = ", ".join(f"{call} AS {alias}" for alias, (_, call) in both.items())
    sql = spark.sql(f"SELECT {select} FROM {VIEW}").first()
    return python, sql


def test_every_field_equals_the_sql_call_bit_for_bit(results: tuple[Row, Row]) -> None:
    python, sql = results
    assert len(python) == len(sql) == 13
    for alias in python.asDict():
        assert bits(python[alias]) == bits(sql[alias]), \
            f"{alias}: Python API {python[alias]} but SQL {sql[alias]}"


@pytest.mark.parametrize("interval, loss", [("mse_ci", "mse"), ("mse_ci_90", "mse"),
                                            ("mse_ci_sum", "mse_sum"), ("ce_ci", "ce"),
                                            ("mse_ci_key", "mse")])
def test_an_interval_holds_the_loss_and_bounds_around_it(results: tuple[Row, Row],
                                                         interval: str, loss: str) -> None:
    row = results[0]
    ci = row[interval]
    assert bits(ci.value) == bits(row[loss])
    assert ci.rows == ROWS
    assert ci.stderr > 0 and ci.lower < ci.value < ci.upper, ci
    assert ci.no_bounds is None


def test_the_confidence_reaches_the_interval(results: tuple[Row, Row]) -> None:
    wide, narrow = results[0]["mse_ci"], results[0]["mse_ci_90"]
    assert bits(wide.stderr) == bits(narrow.stderr)  # the same buckets
    assert wide.lower < narrow.lower < narrow.upper < wide.upper


@pytest.mark.parametrize("comparison, candidate, baseline", [("mse_cmp", "mse", "mse2"),
                                                             ("ce_cmp", "ce", "ce2"),
                                                             ("mse_cmp_user", "mse", "mse2")])
def test_a_comparison_holds_both_losses_and_bounds_their_difference(
        results: tuple[Row, Row], comparison: str, candidate: str, baseline: str) -> None:
    row = results[0]
    compared = row[comparison]
    assert bits(compared.candidate) == bits(row[candidate])
    assert bits(compared.baseline) == bits(row[baseline])
    assert bits(compared.difference) == bits(row[candidate] - row[baseline])
    assert compared.rows == ROWS
    assert compared.stderr > 0 and compared.lower < compared.difference < compared.upper, \
        compared


def test_a_key_spreads_identical_rows_that_alone_get_no_bounds(spark: SparkSession) -> None:
    """1,000 rows of 3 distinct values: without a key no bounds and the reason; keyed by the row
    id, bounds around the same value."""
    tied = spark.range(1000).selectExpr("id", "CAST(id % 3 AS DOUBLE) AS p", "0.0D AS y")
    row = tied.agg(L.mse_loss_ci("p", "y").alias("plain"),
                   L.mse_loss_ci("p", "y", key="id").alias("keyed")).first()
    assert row.plain.lower is None and row.plain.no_bounds == "few distinct rows; pass a key"
    assert bits(row.keyed.value) == bits(row.plain.value)
    assert row.keyed.lower < row.keyed.value < row.keyed.upper and row.keyed.no_bounds is None


def test_a_key_must_be_a_column_or_a_column_name() -> None:
    from losseval.errors import LossevalError
    with pytest.raises(LossevalError, match="mse_loss_ci: argument 'key' must be a Column or a "
                                            "column name"):
        L.mse_loss_ci("p", "y", key=5)
