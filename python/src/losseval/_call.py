"""Checks a loss call in Python and builds it as a Spark Column.

The call is built from ``call_function`` and literals only, never through py4j, so the same
Column works on a classic session and on a Spark Connect client. Options reach SQL typed as the
catalog declares them: numbers as DOUBLE, whole numbers as BIGINT, number lists as
array<double>.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, ParamSpec, Union

from pyspark.sql import Column
from pyspark.sql import functions as F

from losseval._catalog import OptionSpec, catalog
from losseval.errors import (ArgumentTypeError, OptionTypeError, OptionValueError,
                             ReductionError, UnknownOptionError)

ColumnOrName = Union[Column, str]
"""A tensor argument: a Column, or the name of a column."""

Reduction = Literal["mean", "sum", "batchmean", "none"]
REDUCTIONS: tuple[str, ...] = ("mean", "sum", "batchmean", "none")

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1

_TYPE_WORDS = {
    "double": "a number",
    "integer": "a whole number",
    "boolean": "True or False",
    "string": "a string",
    "double_array": "a list of numbers, or a single number",
}

P = ParamSpec("P")

_WRONG_TYPE = object()  # what _typed returns for a value of the wrong type (None is a value)


def checked(function: Callable[P, Column]) -> Callable[P, Column]:
    """Turns a wrong keyword or a wrong number of arguments into a LossevalError that names the
    function and what it takes; the signature, docstring and type hints stay the function's."""
    signature = inspect.signature(function)
    keywords = [p.name for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY]
    tensors = [p.name for p in signature.parameters.values()
               if p.kind is p.POSITIONAL_OR_KEYWORD]
    name = function.__name__

    @functools.wraps(function)
    def call(*args: P.args, **kwargs: P.kwargs) -> Column:
        for keyword in kwargs:
            if keyword not in signature.parameters:
                raise UnknownOptionError(_unknown_option(name, keyword, keywords))
        try:
            signature.bind(*args, **kwargs)
        except TypeError as e:
            raise ArgumentTypeError(
                f"{name}: {e}; it takes the tensor arguments {', '.join(tensors)} (Columns or "
                f"column names), then keyword arguments only: {', '.join(keywords)}") from None
        return function(*args, **kwargs)

    return call


def _unknown_option(function: str, keyword: str, keywords: list[str]) -> str:
    options = [k for k in keywords if k != "reduction"]
    message = (f"{function}: unknown option '{keyword}'; allowed: {', '.join(keywords)}"
               + ("" if options else " (this function takes no options)"))
    close = difflib.get_close_matches(keyword, keywords, n=1)
    return message + (f"; did you mean '{close[0]}'?" if close else "")


def loss_column(function: str, tensors: Sequence[ColumnOrName], reduction: str,
                options: Mapping[str, Any]) -> Column:
    """The SQL call ``function(tensors..., reduction, named_struct(options))``, or
    ``function_none(tensors..., named_struct(options))`` for reduction 'none'; options equal to
    their defaults are left out. Every argument is checked first."""
    spec = catalog()[function]
    if not isinstance(reduction, str) or reduction not in REDUCTIONS:
        raise ReductionError(
            f"{function}: reduction {_show(reduction)} is not supported; allowed: "
            + ", ".join(f"'{r}'" for r in REDUCTIONS))
    given = []
    for option in spec.options:
        value = _convert(function, option, options[option.name])
        if value is not None and value != option.default:
            given.append((option.name, _literal(option, value)))
    columns = [_tensor(function, argument.name, t)
               for argument, t in zip(spec.arguments, tensors, strict=True)]
    if reduction == "none":
        return F.call_function(f"{function}_none", *columns, *_options_struct(given))
    return F.call_function(function, *columns, F.lit(reduction), *_options_struct(given))


def _options_struct(given: list[tuple[str, Column]]) -> list[Column]:
    if not given:
        return []
    fields: list[Column] = []
    for name, literal in given:
        fields += [F.lit(name), literal]
    return [F.named_struct(*fields)]


def _tensor(function: str, argument: str, value: object) -> Column:
    if isinstance(value, Column):
        return value
    if isinstance(value, str):
        return F.col(value)
    raise ArgumentTypeError(f"{function}: argument '{argument}' must be a Column or a column "
                            f"name (str), got {_show(value)}")


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _convert(function: str, option: OptionSpec, value: Any) -> Any:
    """The option's value as the Python type of its SQL type, checked against the catalog."""
    converted = _typed(option, value)
    if converted is _WRONG_TYPE:
        raise OptionTypeError(f"{function}: option '{option.name}' must be "
                              f"{_TYPE_WORDS[option.type]}, got {_show(value)}")
    if option.type == "integer" and not _LONG_MIN <= converted <= _LONG_MAX:
        raise OptionValueError(f"{function}: option '{option.name}' = {converted} is not "
                               f"allowed; it must fit in 64 bits")
    if converted is not None and option.allowed is not None \
            and not option.allowed.admits(converted):
        raise OptionValueError(f"{function}: option '{option.name}' = {_show(converted)} is not "
                               f"allowed; allowed: {option.allowed.text}")
    return converted


def _typed(option: OptionSpec, value: Any) -> Any:
    kind = option.type
    if kind == "double" and _is_number(value):
        return float(value)
    if kind == "integer" and _is_number(value):
        if isinstance(value, numbers.Integral):
            return int(value)
        whole = float(value)
        return int(whole) if math.isfinite(whole) and whole.is_integer() else _WRONG_TYPE
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "double_array":
        if value is None:
            return None
        if _is_number(value):
            return (float(value),)
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
            items = list(value)
            if all(_is_number(x) for x in items):
                return tuple(float(x) for x in items)
    return _WRONG_TYPE


def _literal(option: OptionSpec, value: Any) -> Column:
    if option.type == "integer":
        return F.lit(value).cast("bigint")
    if option.type == "double_array":
        if not value:
            return F.array().cast("array<double>")
        return F.array(*(F.lit(x) for x in value))
    return F.lit(value)


def _show(value: object) -> str:
    """A value as messages print it: strings quoted, numbers and lists as Python writes them,
    anything else with its type."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(x) for x in value) + "]"
    if isinstance(value, (bool, float, int)) or value is None:
        return repr(value)
    return f"{value!r} ({type(value).__name__})"
