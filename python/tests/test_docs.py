"""docs/python.md's Python snippets run as written and print what the page shows.

They build a local session with ``losseval.session_builder()``, so they run on the classic
session of this run (``getOrCreate`` returns it), not over Spark Connect.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

from doc_snippets import block

PAGE = "docs/python.md"


@pytest.fixture
def classic_only(spark_mode: str) -> None:
    if spark_mode != "classic":
        pytest.skip("the page's snippets start a local session; this run is Spark Connect")


@pytest.mark.parametrize(("name", "output"), [("python-losses", "python-losses-output"),
                                              ("python-intervals", "python-intervals-output")])
def test_example_prints_what_the_page_shows(classic_only, spark: SparkSession,
                                            capsys: pytest.CaptureFixture[str],
                                            name: str, output: str) -> None:
    exec(compile(block(PAGE, name), PAGE, "exec"), {})
    assert capsys.readouterr().out.strip() == block(PAGE, output).strip()


def test_install_and_submit_commands_name_this_package() -> None:
    # Each line installs the package with one of the extras pyproject.toml declares.
    project = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    lines = [line.split("#")[0].split() for line in block(PAGE, "python-install").splitlines()]
    assert [words[2].strip('"') for words in lines] == ["losseval[spark]", "losseval[connect]"]
    for words in lines:
        assert words[:2] == ["pip", "install"] and len(words) == 3
        extra = words[2].strip('"')[len("losseval["):-1]
        assert f'\n{extra} = ["pyspark' in project, f"no extra {extra!r} in pyproject.toml"
    submit = block(PAGE, "python-spark-submit")
    assert "import losseval; print(losseval.jar_path())" in submit


def test_job_equivalent_runs(classic_only, spark: SparkSession) -> None:
    job = block(PAGE, "python-job")
    data = "target/sample-data/predictions.parquet"
    assert data in job
    # The JVM reads relative paths from its own working directory, this process's at start.
    sample = Path.cwd() / data
    made_here = not sample.exists()
    new_directories = [d for d in (sample.parent, sample.parent.parent) if not d.exists()]
    if made_here:
        sample_rows(spark).write.parquet(str(sample))
    try:
        exec(compile(job, PAGE, "exec"), {})
    finally:
        if made_here:
            shutil.rmtree(sample)
            for directory in new_directories:  # innermost first; nothing else was put there
                directory.rmdir()


def sample_rows(spark: SparkSession) -> DataFrame:
    """A few rows with the columns and types of the job's sample data (SampleData)."""
    return spark.createDataFrame(
        [("v1", "DE", 10.5, 10.0, 0.8, 1.0, [2.0, 0.1, 0.0, -1.0], 0,
          [-0.2, -2.1, -2.2, -3.2], [0.8, 0.1, 0.05, 0.05], 0.3, 1),
         ("v1", "FR", 8.0, None, 0.3, 0.0, [0.1, 1.8, 0.2, 0.0], 1,
          [-2.0, -0.3, -1.9, -2.1], [0.1, 0.7, 0.1, 0.1], 1.6, -1),
         ("v2", "DE", 11.0, 12.0, 0.6, 1.0, [0.0, 0.2, 2.5, 0.1], 2,
          [-2.8, -2.6, -0.3, -2.7], [0.05, 0.05, 0.85, 0.05], 0.2, 1)],
        "model_version string, country string, prediction double, label double, "
        "click_prob double, clicked double, logits array<double>, target_class int, "
        "log_probs array<double>, teacher_probs array<double>, distance double, same int")
