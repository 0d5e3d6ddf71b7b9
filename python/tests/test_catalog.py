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
from losseval._catalog import CATALOG_PATH, catalog

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


def test_one_function_per_loss_with_the_catalogs_keywords_and_defaults() -> None:
    assert L.__all__ == list(catalog())
    for name, spec in catalog().items():
        parameters = inspect.signature(getattr(L, name)).parameters
        assert [p for p in parameters] == ([a.name for a in spec.arguments] + ["reduction"]
                                           + [o.name for o in spec.options]), name
        for argument in spec.arguments:
            assert parameters[argument.name].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert parameters["reduction"].default == "mean"
        for option in spec.options:
            assert parameters[option.name].kind is inspect.Parameter.KEYWORD_ONLY
            assert parameters[option.name].default == option.default, f"{name}.{option.name}"


def test_docstrings_carry_the_catalogs_documentation() -> None:
    def words(text: str) -> str:
        return " ".join(text.split())

    for name, spec in catalog().items():
        doc = words(inspect.getdoc(getattr(L, name)) or "")
        for text in [spec.summary[1:], spec.formula, spec.torch_class,
                     *(words(a.description[1:]) for a in spec.arguments),
                     *(words(o.description[1:]) for o in spec.options),
                     *(o.allowed.text for o in spec.options if o.allowed)]:
            assert words(text) in doc, f"{name}: docstring lacks '{text}'"
        assert f"L.{name}(" in doc


def test_the_session_has_every_function(spark: SparkSession) -> None:
    missing = [f for name in catalog() for f in (name, f"{name}_none")
               if not spark.catalog.functionExists(f)]
    assert missing == []
