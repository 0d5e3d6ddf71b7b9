"""The jar comes with the package, and the build step picks Maven's application jar."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import losseval

PYTHON_DIR = Path(__file__).resolve().parents[1]


def load_bundle_jar():
    spec = importlib.util.spec_from_file_location("bundle_jar",
                                                  PYTHON_DIR / "tools" / "bundle_jar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_installed_package_holds_the_jar_that_registers_the_functions() -> None:
    jar = Path(losseval.jar_path())
    assert jar.parent == Path(losseval.__file__).parent / "jars"
    with zipfile.ZipFile(jar) as archive:
        provider = archive.read(
            "META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider")
    assert b"io.losseval.spark" in provider


def test_a_package_without_its_jar_says_how_to_build_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(losseval, "JAR_DIRECTORY", tmp_path)
    with pytest.raises(losseval.JarNotFoundError, match="found none; build the jar with Maven"):
        losseval.jar_path()


def test_session_builder_puts_the_jar_on_the_session(spark_mode: str,
                                                     spark: SparkSession) -> None:
    if spark_mode != "classic":
        pytest.skip("a Connect client's configuration is the server's")
    assert losseval.jar_path() in spark.conf.get("spark.jars").split(",")


def test_the_build_step_picks_the_bundle_jar(tmp_path: Path) -> None:
    names = ["spark-loss-evaluator-4.2_2.13-0.1.0.jar",
             "spark-loss-evaluator-4.2_2.13-0.1.0-bundle.jar",
             "spark-loss-evaluator-4.2_2.13-0.1.0-tests.jar",
             "spark-loss-evaluator-4.2_2.13-0.1.0-sources.jar",
             "spark-loss-evaluator-4.2_2.13-0.1.0-javadoc.jar",
             "original-spark-loss-evaluator-4.2_2.13-0.1.0.jar"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert (load_bundle_jar().maven_jar(tmp_path).name
            == "spark-loss-evaluator-4.2_2.13-0.1.0-bundle.jar")


def test_the_build_step_refuses_two_bundle_jars(tmp_path: Path) -> None:
    for line in ("4.1_2.13", "4.2_2.13"):
        (tmp_path / f"spark-loss-evaluator-{line}-0.1.0-bundle.jar").write_bytes(b"")
    bundle_jar = load_bundle_jar()
    with pytest.raises(bundle_jar.BuildError, match="several bundle jars"):
        bundle_jar.maven_jar(tmp_path)


def test_the_build_step_fails_without_a_jar(tmp_path: Path) -> None:
    bundle_jar = load_bundle_jar()
    with pytest.raises(bundle_jar.BuildError,
                       match="build the jar first: run `mvn -B package -DskipTests`"):
        bundle_jar.maven_jar(tmp_path)
