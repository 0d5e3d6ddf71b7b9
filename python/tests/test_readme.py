"""README.md's Python examples run as written: the classic one prints what the README shows, the
Spark Connect one runs on this run's Connect server (its ``getOrCreate`` returns the session of
this run, so the placeholder address is not dialled)."""

from __future__ import annotations

import math

import pytest
from pyspark.sql import SparkSession

from doc_snippets import block


def test_readme_python_prints_what_the_readme_shows(spark_mode: str, spark: SparkSession,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    if spark_mode != "classic":
        pytest.skip("the example starts a local session; this run is Spark Connect")
    exec(compile(block("README.md", "readme-python"), "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == block("README.md", "readme-python-output").strip()


def test_readme_connect_example_runs_on_a_connect_server(spark_mode: str, spark: SparkSession,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    if spark_mode != "connect":
        pytest.skip("the example is a Spark Connect client; this run is classic")
    names: dict[str, object] = {}
    exec(compile(block("README.md", "readme-connect"), "README.md", "exec"), names)
    assert names["spark"] is spark
    shown = capsys.readouterr().out.splitlines()
    assert [v.strip() for v in shown[1].split("|")[1:3]] == ["mse", "l1"], shown
    mse, l1 = (float(v) for v in shown[3].split("|")[1:3])
    errors = [0.9 - 1.0, 0.2 - 0.0, 0.4 - 1.0]
    assert mse == pytest.approx(math.fsum(e * e for e in errors) / 3, rel=1e-15)
    assert l1 == pytest.approx(math.fsum(abs(e) for e in errors) / 3, rel=1e-15)
