"""Exceptions raised in Python, before any Spark job runs.

Every class is a :class:`LossevalError` and also the built-in exception Python code expects for
the mistake (``TypeError`` for a wrong keyword or type, ``ValueError`` for a wrong value), so
``except ValueError`` keeps working. Errors found by Spark (a row with a class index out of
range, an array argument where a number is expected) come from the JVM as PySpark's own
exceptions, with the project's message unchanged.
"""

from __future__ import annotations


class LossevalError(Exception):
    """A loss was called wrongly; the message names the function, the value and what is allowed."""


class UnknownOptionError(LossevalError, TypeError):
    """A keyword argument that the loss does not take."""


class ArgumentTypeError(LossevalError, TypeError):
    """A tensor argument that is neither a Column nor a column name, or a missing argument."""


class OptionTypeError(LossevalError, TypeError):
    """An option value of the wrong type (a string for a number, a float for a whole number)."""


class OptionValueError(LossevalError, ValueError):
    """An option value outside the range or set the catalog allows."""


class UnknownLossError(LossevalError, ValueError):
    """A loss name the catalog does not have (``losseval.ml.LossEvaluator(loss=...)``)."""


class ReductionError(LossevalError, ValueError):
    """A reduction other than 'mean', 'sum', 'batchmean' or 'none'."""


class JarNotFoundError(LossevalError, FileNotFoundError):
    """The package holds no jar: it was built without the bundling step."""
