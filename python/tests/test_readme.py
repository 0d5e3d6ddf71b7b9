"""The README's Python snippets run as written and print what the README shows.

They build a local session with ``losseval.session_builder()``, so they run on the classic
session of this run (``getOrCreate`` returns it), not over Spark Connect.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

README = Path(__file__).resolve().parents[2] / "README.md"


def python_section_blocks() -> list[tuple[str, str]]:
    """The fenced blocks of the README's '## Python' section: (language, text)."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Python\n(.*?)(?=^## )", text, re.S | re.M)
    assert section, "README.md has no '## Python' section"
    return re.findall(r"^```(\w+)\n(.*?)^```", section[1], re.S | re.M)


@pytest.fixture
def classic_only(spark_mode: str) -> None:
    if spark_mode != "classic":
        pytest.skip("the README's snippets start a local session; this run is Spark Connect")


def examples_with_output() -> list[tuple[str, str]]:
    """Each Python block followed by a text block: (code, what it prints)."""
    blocks = python_section_blocks()
    return [(code, output) for (language, code), (next_language, output) in zip(blocks, blocks[1:])
            if (language, next_language) == ("python", "text")]


def test_the_readme_shows_the_losses_then_the_intervals() -> None:
    examples = examples_with_output()
    assert len(examples) == 2
    assert "L.cross_entropy(" in examples[0][0] and "L.mse_loss_compare(" in examples[1][0]


@pytest.mark.parametrize("index", [0, 1], ids=["losses", "intervals"])
def test_readme_example_prints_what_the_readme_shows(classic_only, spark: SparkSession,
                                                     capsys: pytest.CaptureFixture[str],
                                                     index: int) -> None:
    example, output = examples_with_output()[index]
    exec(compile(example, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == output.strip()


def test_readme_job_equivalent_runs(classic_only, spark: SparkSession) -> None:
    data = "target/sample-data/predictions.parquet"
    jobs = [code for language, code in python_section_blocks()
            if language == "python" and data in code]
    assert len(jobs) == 1
    job = jobs[0]
    # The JVM reads relative paths from its own working directory, this process's at start.
    sample = Path.cwd() / data
    made_here = not sample.exists()
    new_directories = [d for d in (sample.parent, sample.parent.parent) if not d.exists()]
    if made_here:
        sample_rows(spark).write.parquet(str(sample))
    try:
        exec(compile(job, "README.md", "exec"), {})
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
