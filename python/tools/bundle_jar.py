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

# Maven's other jars beside the application jar: sources, tests, javadoc, and the shade
# plugin's unshaded original.
NOT_THE_APPLICATION = ("-sources.jar", "-tests.jar", "-test-sources.jar", "-javadoc.jar")


def maven_jar(target: Path = MAVEN_TARGET) -> Path:
    """The application jar in Maven's ``target/``: ``spark-loss-evaluator*.jar`` but not a
    sources, tests or javadoc jar (``original-*`` does not match). With several left (a
    classifier for a shaded variant), the shortest name: the main artifact."""
    candidates = [j for j in target.glob("spark-loss-evaluator*.jar")
                  if not j.name.endswith(NOT_THE_APPLICATION)]
    if not candidates:
        raise SystemExit(f"no spark-loss-evaluator*.jar in {target}: build it first with "
                         "mvn -B package -DskipTests")
    return min(candidates, key=lambda j: (len(j.name), j.name))


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
