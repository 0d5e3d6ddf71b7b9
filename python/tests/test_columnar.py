"""The columnar path as a user meets it, on the session of this run (classic or Spark Connect):
a GROUP BY of losses over a Parquet table runs as ``LossColumnarPartialAggregate`` over the
Parquet scan, with the same bits as Spark's row path and as one query per group, and the plain
loss equal to its exact value computed here.

It runs on every PySpark this package declares (``python/check-pyspark`` runs it on 4.3), so it
checks that the jar's columnar rule still plugs into that Spark's planner.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

ROWS = 3000
GROUPS = 3
COLUMNAR = "spark.losseval.columnarAggregate.enabled"
# The losses that run columnar (plain losses and count; an interval or a comparison keeps the
# whole aggregate on the row path), then all of them with an interval and a comparison.
COLUMNAR_LOSSES = ("mse_loss(p, y) AS mse, l1_loss(p, y, 'sum') AS l1, "
                   "huber_loss(p, y, 'mean', named_struct('delta', 0.5D)) AS huber, count(*) AS n")
LOSSES = f"{COLUMNAR_LOSSES}, mse_loss_ci(p, y) AS mse_ci, mse_loss_compare(q, y, p, y) AS mse_cmp"


def bits(value: object) -> object:
    if isinstance(value, float):
        return struct.unpack("<q", struct.pack("<d", value))[0]
    if isinstance(value, tuple):  # a Row: the struct of an interval or a comparison
        return tuple(bits(v) for v in value)
    return value


@pytest.fixture(scope="module")
def table(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A Parquet table of ``ROWS`` rows in ``GROUPS`` groups: p, y, q are multiples of 1/4."""
    path = tmp_path_factory.mktemp("columnar") / "scores.parquet"
    spark.sql(f"SELECT id % {GROUPS} AS g, CAST(id % 101 AS DOUBLE) / 4 AS p, "
              f"CAST(id % 89 AS DOUBLE) / 4 AS y, CAST(id % 97 AS DOUBLE) / 4 AS q "
              f"FROM range({ROWS})").repartition(4).write.parquet(str(path))
    return f"parquet.`{Path(path).as_uri()}`"


@contextmanager
def settings(spark: SparkSession, **conf: str) -> Iterator[None]:
    old = {key: spark.conf.get(key, None) for key in conf}
    for key, value in conf.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, value)


def grouped(table: str, losses: str = LOSSES) -> str:
    return f"SELECT g, {losses} FROM {table} GROUP BY g ORDER BY g"


def test_the_plan_runs_the_columnar_partial_aggregate_over_the_parquet_scan(
        spark: SparkSession, table: str) -> None:
    # Without adaptive execution the physical plan EXPLAIN shows is the plan that runs.
    with settings(spark, **{"spark.sql.adaptive.enabled": "false", COLUMNAR: "true"}):
        plan = spark.sql(f"EXPLAIN {grouped(table, COLUMNAR_LOSSES)}").first()[0]
    lines = plan.splitlines()
    columnar = [i for i, line in enumerate(lines) if "LossColumnarPartialAggregate" in line]
    assert len(columnar) == 1, plan
    below = "\n".join(lines[columnar[0]:])
    assert "Scan parquet" in below and "ColumnarToRow" not in below.split("Scan parquet")[0], plan


def test_columnar_and_row_paths_give_the_same_bits(spark: SparkSession, table: str) -> None:
    results = {}
    for columnar in ("true", "false"):
        with settings(spark, **{COLUMNAR: columnar}):
            query = spark.sql(grouped(table, COLUMNAR_LOSSES))
            results[columnar] = [bits(tuple(r)) for r in query.collect()]
    assert len(results["true"]) == GROUPS
    assert results["true"] == results["false"]


def test_each_group_equals_its_own_query_and_the_exact_loss(spark: SparkSession,
                                                            table: str) -> None:
    rows = spark.sql(grouped(table)).collect()
    for row in rows:
        alone = spark.sql(f"SELECT {LOSSES} FROM {table} WHERE g = {row.g}").first()
        assert bits(tuple(alone)) == bits(tuple(row)[1:])
        ids = range(row.g, ROWS, GROUPS)
        squares = sum((Fraction(i % 101, 4) - Fraction(i % 89, 4)) ** 2 for i in ids)
        assert row.mse == float(squares / len(ids))
        assert row.mse_ci.value == row.mse and row.mse_ci.lower < row.mse < row.mse_ci.upper
