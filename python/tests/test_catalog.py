"""Python and the catalog agree: the generated files are fresh, the installed functions have the
catalog's names, keywords, defaults and documentation, the jar inside the package carries the
same catalog, and the session has every function."""

from __future__ import annotations

import inspect
import subprocess
import sys
import zipfile
from pathlib import Path

from pyspark.sql import SparkSession

import losseval
from losseval import functions as L
from losseval._catalog import CATALOG_PATH, catalog, interval_options

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPOSITORY = PYTHON_DIR.parent
CATALOG_SOURCE = REPOSITORY / "src" / "main" / "resources" / "io" / "losseval" / "catalog.json"


def test_generated_files_are_fresh() -> None:
    check = subprocess.run(
        [sys.executable, str(PYTHON_DIR / "tools" / "generate_functions.py"), "--check"],
        capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_installed_catalog_is_the_java_catalog() -> None:
    assert CATALOG_PATH.read_bytes() == CATALOG_SOURCE.read_bytes()


def test_the_jar_in_the_package_carries_the_same_catalog() -> None:
    with zipfile.ZipFile(losseval.jar_path()) as jar:
        assert jar.read("io/losseval/catalog.json") == CATALOG_PATH.read_bytes()


def test_three_functions_per_loss_with_the_catalogs_keywords_and_defaults() -> None:
    assert L.__all__ == [f"{name}{suffix}" for name in catalog()
                         for suffix in ("", "_ci", "_compare")]
    for name, spec in catalog().items():
        arguments = [a.name for a in spec.arguments]
        for function, positional, options, key in [
            (name, arguments, spec.options, []),
            (f"{name}_ci", arguments, spec.options + interval_options(), ["key"]),
            (f"{name}_compare", ["candidate", "baseline"], spec.options + interval_options(),
             ["key"]),
        ]:
            parameters = inspect.signature(getattr(L, function)).parameters
            assert list(parameters) == (positional + ["reduction"] + [o.name for o in options]
                                        + key), function
            for k in key:  # the bucketing key: a column, last, None by default
                assert parameters[k].kind is inspect.Parameter.KEYWORD_ONLY
                assert parameters[k].default is None
            for argument in positional:
                assert parameters[argument].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            assert parameters["reduction"].default == "mean"
            for option in options:
                assert parameters[option.name].kind is inspect.Parameter.KEYWORD_ONLY
                assert parameters[option.name].default == option.default, \
                    f"{function}.{option.name}"


def test_the_interval_options_are_confidence_and_buckets() -> None:
    # The values IntervalOptions declares; CatalogJsonTest checks the file against them.
    confidence, buckets = interval_options()
    assert (confidence.name, confidence.type, confidence.default) == ("confidence", "double", 0.95)
    assert (buckets.name, buckets.type, buckets.default) == ("buckets", "integer", 20)
    assert confidence.allowed.text == "(0, 1)" and buckets.allowed.text == "[2, 1000]"


def words(text: str) -> str:
    return " ".join(text.split())


def test_docstrings_carry_the_catalogs_documentation() -> None:
    for name, spec in catalog().items():
        loss_texts = [spec.summary[1:], spec.formula, spec.torch_class,
                      *(words(a.description[1:]) for a in spec.arguments),
                      *(words(o.description[1:]) for o in spec.options),
                      *(o.allowed.text for o in spec.options if o.allowed)]
        interval_texts = [*(words(o.description[1:]) for o in interval_options()),
                          *(o.allowed.text for o in interval_options())]
        for function, texts in [(name, loss_texts),
                                (f"{name}_ci", loss_texts + interval_texts),
                                (f"{name}_compare", loss_texts + interval_texts)]:
            doc = words(inspect.getdoc(getattr(L, function)) or "")
            for text in texts:
                assert words(text) in doc, f"{function}: docstring lacks '{text}'"
            assert f"L.{function}(" in doc


def test_the_session_has_every_function(spark: SparkSession) -> None:
    # One listing rather than a request per function: over Connect each is a round trip.
    registered = {row[0] for row in spark.sql("SHOW FUNCTIONS").collect()}
    missing = [f"{name}{suffix}" for name in catalog()
               for suffix in ("", "_none", "_ci", "_compare")
               if f"{name}{suffix}" not in registered]
    assert missing == []
