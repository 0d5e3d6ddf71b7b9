"""A smoke test of an installed losseval: run by python/check-dist (the built wheel in a fresh
venv) and python/check-pyspark (another PySpark), never from the source tree.

    python smoke.py classic     # a local[2] session from losseval.session_builder()
    python smoke.py connect     # a local Spark Connect server, started as a pip user starts it

One SQL query per form: a loss, its interval (_ci), a paired comparison (_compare), and a
rejected option whose message must name the function, the option, the value and the range; plus
one call through the Python API. Expected values are computed here from the same data (every
value is a multiple of 1/2, so the exact sums are exact in floating point too). Prints one line
per check and exits non-zero on the first failure.
"""

from __future__ import annotations

import os
import sys
import time
from fractions import Fraction
from pathlib import Path

ROWS = 400


def session(mode: str):
    import losseval
    from pyspark.sql import SparkSession

    if mode == "classic":
        return losseval.session_builder().master("local[2]").getOrCreate()
    # The documented form for pip users: pyspark starts a local Connect server in this process's
    # JVM, with the jar on its class path, and connects to it.
    return (SparkSession.builder.remote("local[2]")
            .config("spark.jars", losseval.jar_path())
            .getOrCreate())


def check(name: str, condition: bool, detail: object) -> None:
    print(f"{'ok  ' if condition else 'FAIL'} {name}: {detail}")
    if not condition:
        raise SystemExit(1)


def main(mode: str) -> None:
    import losseval
    import pyspark
    from losseval import functions as L

    started = time.monotonic()
    check("installed package, not the source tree", "site-packages" in losseval.__file__,
          losseval.__file__)
    spark = session(mode)
    check(f"session ({mode})", type(spark).__module__.startswith(
        "pyspark.sql.connect" if mode == "connect" else "pyspark.sql.session"),
          f"{type(spark).__module__}, pyspark {pyspark.__version__}, Spark {spark.version}")

    # p = (id % 97) / 2, y = (id % 89) / 2 (400 distinct rows for the hash buckets), q = p closer to y by a half where they differ
    data = (f"SELECT CAST(id % 97 AS DOUBLE) / 2 AS p, CAST(id % 89 AS DOUBLE) / 2 AS y "
            f"FROM range({ROWS})")
    spark.sql(f"SELECT p, y, p + CASE WHEN p > y THEN -0.5 WHEN p < y THEN 0.5 ELSE 0 END AS q "
              f"FROM ({data})").createOrReplaceTempView("smoke")
    p = [Fraction(i % 97, 2) for i in range(ROWS)]
    y = [Fraction(i % 89, 2) for i in range(ROWS)]
    q = [a - Fraction(1, 2) if a > b else a + Fraction(1, 2) if a < b else a for a, b in zip(p, y)]
    mse_p = float(sum((a - b) ** 2 for a, b in zip(p, y)) / ROWS)
    mse_q = float(sum((a - b) ** 2 for a, b in zip(q, y)) / ROWS)

    loss = spark.sql("SELECT mse_loss(p, y) AS v FROM smoke").first().v
    check("mse_loss in SQL", loss == mse_p, f"{loss} (expected {mse_p})")

    ci = spark.sql("SELECT mse_loss_ci(p, y, 'mean', named_struct('confidence', 0.9D)) AS r "
                   "FROM smoke").first().r
    check("mse_loss_ci in SQL", ci.value == mse_p and ci.rows == ROWS
          and ci.lower < ci.value < ci.upper, ci)

    cmp = spark.sql("SELECT mse_loss_compare(q, y, p, y) AS r FROM smoke").first().r
    check("mse_loss_compare in SQL", cmp.candidate == mse_q and cmp.baseline == mse_p
          and cmp.difference == mse_q - mse_p and cmp.lower < cmp.difference < cmp.upper, cmp)

    try:
        spark.sql("SELECT huber_loss(p, y, 'mean', named_struct('delta', -1.5D)) FROM smoke") \
            .collect()
        message = "no error"
    except Exception as error:  # the JVM's error, through py4j or over gRPC
        message = str(error)
    check("an option out of range is refused with a message",
          all(s in message for s in ("huber_loss", "delta", "-1.5")), message.splitlines()[0])

    api = spark.table("smoke").agg(L.mse_loss("q", "y", reduction="sum").alias("v")).first().v
    check("mse_loss through the Python API", api == mse_q * ROWS, api)
    spark.stop()
    print(f"smoke {mode}: passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if sys.argv[1:] not in (["classic"], ["connect"]):
        raise SystemExit(f"usage: {Path(__file__).name} classic|connect")
    main(sys.argv[1])
