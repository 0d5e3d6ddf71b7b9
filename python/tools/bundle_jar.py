#!/usr/bin/env python3
"""Copies the project's jar, built by Maven, into the Python package before a build, and LICENSE
and NOTICE from the repository root next to pyproject.toml.

The jar goes to ``python/src/losseval/jars/`` (git-ignored), replacing any jar there, and
``losseval.jar_path()`` finds it inside the installed package. Run ``mvn -B package
-DskipTests`` (or ``mvn -B verify``) first. The build hook (``python/hatch_build.py``) runs this
on every build from the source tree, so ``python -m build``, ``pip install ./python`` and
``python/build-wheel`` all take Maven's current jar, and fail without one. Run by hand it prints
the copied jar's path; with ``--find``, only the path of Maven's jar (exit 1 when there is none).

This is the one place that knows where Maven writes the jar and what it is called.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parent.parent
REPOSITORY = PYTHON_DIR.parent
MAVEN_TARGET = REPOSITORY / "target"
PACKAGE_JARS = Path("src") / "losseval" / "jars"
LEGAL_FILES = ("LICENSE", "NOTICE")
BUILD_THE_JAR = ("build the jar first: run `mvn -B package -DskipTests` in the repository root "
                 "(Java 17 and Maven), then build or install the Python package again")


class BuildError(Exception):
    """The package cannot be built complete; the message says what to do."""


def maven_jar(target: Path = MAVEN_TARGET) -> Path:
    """The bundle jar Maven builds on the default Spark line,
    ``target/spark-loss-evaluator-<line>_<scala>-<version>-bundle.jar``: the project's classes
    with Typesafe Config relocated, the one file Spark needs (the plain jar leaves Typesafe
    Config to a dependency resolver, which ``spark.jars`` does not have)."""
    candidates = sorted(target.glob("spark-loss-evaluator*-bundle.jar"))
    if not candidates:
        raise BuildError(f"losseval: no spark-loss-evaluator*-bundle.jar in {target}; "
                         f"{BUILD_THE_JAR}")
    if len(candidates) > 1:
        raise BuildError(f"losseval: several bundle jars in {target}: "
                         f"{[c.name for c in candidates]}; run mvn -B clean package -DskipTests")
    return candidates[0]


def bundle(jar: Path, python_dir: Path = PYTHON_DIR) -> Path:
    """Copies ``jar`` into the package, replacing any jar there."""
    jars = python_dir / PACKAGE_JARS
    jars.mkdir(parents=True, exist_ok=True)
    for old in jars.glob("*.jar"):
        old.unlink()
    copied = jars / jar.name
    shutil.copy2(jar, copied)
    return copied


def copy_legal_files(python_dir: Path = PYTHON_DIR) -> None:
    """Copies LICENSE and NOTICE from the repository root next to pyproject.toml."""
    for name in LEGAL_FILES:
        source = python_dir.parent / name
        if not source.is_file():
            raise BuildError(f"losseval: {source} is missing; the package is built from "
                             "python/ inside the repository, whose root holds LICENSE and NOTICE")
        shutil.copy2(source, python_dir / name)


def check_sdist(root: Path) -> None:
    """An unpacked sdist holds exactly one jar and both legal files, or the build stops."""
    jars = sorted((root / PACKAGE_JARS).glob("*.jar"))
    missing = [name for name in LEGAL_FILES if not (root / name).is_file()]
    if len(jars) != 1 or missing:
        raise BuildError(f"losseval: this source distribution is incomplete (jars: "
                         f"{[j.name for j in jars]}, missing: {missing}); {BUILD_THE_JAR}, "
                         "and make the sdist from the repository's python/ directory")


if __name__ == "__main__":
    try:
        # --find: print the jar Maven built (exit 1 without one), copy nothing.
        if sys.argv[1:] == ["--find"]:
            print(maven_jar())
        else:
            copy_legal_files()
            print(bundle(maven_jar()))
    except BuildError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
