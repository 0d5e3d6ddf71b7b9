"""One version for the Maven project and the Python package, and a PySpark requirement that
matches the jar the wheel carries.

The version rule: ``pyproject.toml``'s ``version`` equals ``pom.xml``'s project ``<version>``
with a trailing ``-SNAPSHOT`` removed (Maven's ``0.1.0-SNAPSHOT`` is the work towards ``0.1.0``,
and a release POM says ``0.1.0``); ``losseval.__version__`` and the installed distribution's
version equal it too.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ElementTree
from importlib.metadata import version as installed_version
from pathlib import Path

import pyspark
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import losseval

PYTHON_DIR = Path(__file__).resolve().parents[1]
POM = PYTHON_DIR.parent / "pom.xml"
MAVEN = "{http://maven.apache.org/POM/4.0.0}"


def pyproject() -> dict:
    return tomllib.loads((PYTHON_DIR / "pyproject.toml").read_text(encoding="utf-8"))


def maven_version() -> str:
    return ElementTree.parse(POM).getroot().findtext(f"{MAVEN}version")


def python_version_of(maven: str) -> str:
    return maven.removesuffix("-SNAPSHOT")


def test_the_rule_maps_a_snapshot_to_its_release() -> None:
    assert python_version_of("0.1.0-SNAPSHOT") == "0.1.0"
    assert python_version_of("0.1.0") == "0.1.0"


@pytest.mark.skipif(not POM.is_file(), reason="needs the repository's pom.xml")
def test_pyproject_and_pom_name_one_version() -> None:
    assert pyproject()["project"]["version"] == python_version_of(maven_version())


def test_the_package_reports_its_distribution_version() -> None:
    assert losseval.__version__ == installed_version("losseval")
    if (PYTHON_DIR / "pyproject.toml").is_file():
        assert losseval.__version__ == pyproject()["project"]["version"]


def test_the_pyspark_range_starts_at_the_spark_line_of_the_jar_and_holds_this_pyspark() -> None:
    extras = pyproject()["project"]["optional-dependencies"]
    spark, connect = Requirement(extras["spark"][0]), Requirement(extras["connect"][0])
    assert (spark.name, connect.name, connect.extras) == ("pyspark", "pyspark", {"connect"})
    assert spark.specifier == connect.specifier
    line = Version(re.match(r"spark-loss-evaluator-(\d+\.\d+)_",
                            Path(losseval.jar_path()).name)[1])
    # The jar is compiled against its Spark line, and older lines are binary-incompatible.
    assert line in spark.specifier
    assert Version(f"{line.major}.{line.minor - 1}.99") not in spark.specifier
    assert Version(pyspark.__version__) in spark.specifier
