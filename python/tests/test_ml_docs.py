"""docs/model-selection.md's Python block runs as written, on the session of this run (classic or
Spark Connect), and prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession

PAGE = Path(__file__).resolve().parents[2] / "docs" / "model-selection.md"


def snippet(name: str) -> str:
    """The fenced block after ``<!-- snippet: name -->`` on the page."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    marker = lines.index(f"<!-- snippet: {name} -->")
    assert lines[marker + 1].startswith("```"), f"{name} is not followed by a fenced block"
    end = lines.index("```", marker + 2)
    return "\n".join(lines[marker + 2:end]) + "\n"


def test_the_python_cross_validator_example_runs_and_prints_what_the_page_says(
        spark: SparkSession, tmp_path: Path) -> None:
    raw = spark.range(0, 450, 1, 1).selectExpr(
        "CAST(id % 3 AS DOUBLE) AS label", "(id % 3) * 0.7D + randn(61) AS f1", "randn(62) AS f2")
    training = VectorAssembler(inputCols=["f1", "f2"], outputCol="features").transform(raw)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(snippet("python-cross-validator"),  # noqa: S102 - the page's own example
             {"training": training, "path": str(tmp_path / "cv")})
    assert printed.getvalue().splitlines() == ["cross_entropy", "False"]
    assert "It prints `cross_entropy` and `False`." in PAGE.read_text(encoding="utf-8")
