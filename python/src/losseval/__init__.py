"""PyTorch's torch.nn losses, with PyTorch's exact semantics, as Spark aggregate functions.

- ``losseval.functions``: one function per loss, with its confidence interval (``<loss>_ci``)
  and paired comparison (``<loss>_compare``) forms (``from losseval import functions as L``).
- ``jar_path()``: the project's jar shipped inside this package, for ``spark.jars`` or
  ``--jars``; the jar registers the SQL functions in every session by itself.
- ``session_builder()``: a ``SparkSession.builder`` with that jar, for local use.
- ``losseval.ml.LossEvaluator``: any loss as a Spark ML evaluator, for ``CrossValidator``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from losseval.errors import (ArgumentTypeError, JarNotFoundError, LossevalError,
                             OptionTypeError, OptionValueError, ReductionError,
                             UnknownLossError, UnknownOptionError)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__version__ = "0.1.0"

__all__ = [
    "ArgumentTypeError", "JarNotFoundError", "LossevalError", "OptionTypeError",
    "OptionValueError", "ReductionError", "UnknownLossError", "UnknownOptionError", "jar_path",
    "session_builder",
]

JAR_DIRECTORY = Path(__file__).with_name("jars")


def jar_path() -> str:
    """The absolute path of the jar inside this package.

    Raises JarNotFoundError when the package was built without its jar (see
    ``python/tools/bundle_jar.py``)."""
    jars = sorted(JAR_DIRECTORY.glob("*.jar"))
    if len(jars) != 1:
        found = ", ".join(j.name for j in jars) or "none"
        raise JarNotFoundError(
            f"losseval: expected exactly one jar in {JAR_DIRECTORY}, found {found}; build the "
            "jar with Maven, then the wheel with python/build-wheel (it copies the jar in)")
    return str(jars[0])


def session_builder() -> SparkSession.Builder:
    """``SparkSession.builder`` with ``spark.jars`` set to :func:`jar_path`: every session it
    makes has the loss functions. Chain ``.master(...)``, ``.config(...)``, ``.getOrCreate()``.

    The jar must be there when the JVM starts, so this has no effect on a session (a JVM) that
    already runs; to use other jars too, set ``spark.jars`` yourself to a comma-separated list
    that includes :func:`jar_path`.
    """
    from pyspark.sql import SparkSession

    return SparkSession.builder.config("spark.jars", jar_path())
