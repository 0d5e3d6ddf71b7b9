#!/usr/bin/env python3
"""Copies the project's jar, built by Maven, into the Python package before a wheel is built.

The jar goes to ``python/src/losseval/jars/`` (git-ignored), replacing any jar there, and
``losseval.jar_path()`` finds it inside the installed package. Run ``mvn -B package
-DskipTests`` (or ``mvn -B verify``) first. Prints the copied jar's path; with ``--find``, only
prints the path of Maven's jar (exit 1 when there is none).

This is the one place that knows where Maven writes the jar and what it is called.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parent.parent
REPOSITORY = PYTHON_DIR.parent
MAVEN_TARGET = REPOSITORY / "target"
PACKAGE_JARS = PYTHON_DIR / "src" / "losseval" / "jars"

def maven_jar(target: Path = MAVEN_TARGET) -> Path:
    """The bundle jar Maven builds on the default Spark line,
    ``target/spark-loss-evaluator-<line>_<scala>-<version>-bundle.jar``: the project's classes
    with Typesafe Config relocated, the one file Spark needs (the plain jar leaves Typesafe
    Config to a dependency resolver, which ``spark.jars`` does not have)."""
    candidates = sorted(target.glob("spark-loss-evaluator*-bundle.jar"))
    if not candidates:
        raise SystemExit(f"no spark-loss-evaluator*-bundle.jar in {target}: build it first with "
                         "mvn -B package -DskipTests")
    if len(candidates) > 1:
        raise SystemExit(f"several bundle jars in {target}: {[c.name for c in candidates]}; "
                         "run mvn -B clean package -DskipTests")
    return candidates[0]


def bundle(jar: Path) -> Path:
    PACKAGE_JARS.mkdir(parents=True, exist_ok=True)
    for old in PACKAGE_JARS.glob("*.jar"):
        old.unlink()
    copied = PACKAGE_JARS / jar.name
    shutil.copy2(jar, copied)
    return copied


if __name__ == "__main__":
    # --find: print the jar Maven built (exit 1 without one), copy nothing.
    if sys.argv[1:] == ["--find"]:
        print(maven_jar())
    else:
        print(bundle(maven_jar()))
