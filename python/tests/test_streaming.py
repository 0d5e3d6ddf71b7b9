"""docs/streaming.md's Python example runs as written, on the session of this run (classic or
Spark Connect): windowed losses over Parquet files arriving in a folder, in append mode into a
Parquet sink, and every value it writes has the bits of the same batch query over the same
files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pyspark.sql import Row, SparkSession

from test_intervals import bits  # every double as its IEEE 754 bytes, structs field by field

PAGE = Path(__file__).resolve().parents[2] / "docs" / "streaming.md"


def snippet(name: str) -> str:
    """The fenced block right after ``<!-- snippet: name -->`` in docs/streaming.md."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.findall(r"<!-- snippet: " + re.escape(name) + r" -->\n```[a-z]*\n(.*?)\n```\n",
                       text, re.S)
    assert len(found) == 1, f"docs/streaming.md has {len(found)} snippets named {name}"
    return found[0] + "\n"


def by_key(rows: list[Row]) -> dict[Any, Any]:
    return {(r["window"]["start"], r["model_version"]): bits(r) for r in rows}


def test_python_example_writes_the_batch_querys_values(spark: SparkSession,
                                                       tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    # Two files over minutes 0-100 and 80-180 of event time, then a row at 10:00 that moves the
    # watermark of 2 hours past every window of the first three hours.
    for f in range(2):
        spark.range(f * 500, (f + 1) * 500).selectExpr(
            "timestamp'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, "
            f"{f * 80 * 60} + (id * 7919) % 6000) AS ts",
            "IF(id % 2 = 0, 'v1', 'v2') AS model_version",
            "randn(1) + rand(2) * 10 AS prediction", "rand(2) * 10 AS target",
        ).coalesce(1).write.parquet(str(tmp_path / f"file-{f}"))
    spark.sql("SELECT timestamp'2026-01-01 10:00:00' AS ts, 'v1' AS model_version, "
              "CAST(NULL AS DOUBLE) AS prediction, CAST(NULL AS DOUBLE) AS target") \
        .coalesce(1).write.parquet(str(tmp_path / "file-2"))
    incoming.mkdir()
    for f in range(3):
        for part in (tmp_path / f"file-{f}").glob("*.parquet"):
            part.rename(incoming / f"part-{f}.parquet")
    results = str(tmp_path / "results")
    checkpoint = str(tmp_path / "checkpoint")

    exec(compile(snippet("windowed-python"), "docs/streaming.md", "exec"),
         {"spark": spark, "incoming": str(incoming), "results": results,
          "checkpoint": checkpoint})

    spark.read.schema("ts TIMESTAMP, model_version STRING, prediction DOUBLE, target DOUBLE") \
        .parquet(str(incoming)).createOrReplaceTempView("streaming_example_batch")
    expected = by_key(spark.sql(
        "SELECT window, model_version, count(*) AS rows, mse_loss(prediction, target) AS mse, "
        "mse_loss_ci(prediction, target) AS mse_ci FROM streaming_example_batch "
        "WHERE ts < timestamp'2026-01-01 03:00:00' "
        "GROUP BY window(ts, '1 hour'), model_version").collect())
    assert len(expected) == 3 * 2
    written = spark.read.parquet(results).collect()
    assert len(written) == len(expected)
    assert by_key(written) == expected
