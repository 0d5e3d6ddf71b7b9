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

from losseval._catalog import ArgumentSpec, OptionSpec, catalog, interval_options
from losseval.errors import (ArgumentTypeError, OptionTypeError, OptionValueError,
                             ReductionError, UnknownOptionError)

ColumnOrName = Union[Column, str]
"""A tensor argument: a Column, or the name of a column."""

Reduction = Literal["mean", "sum", "batchmean", "none"]
REDUCTIONS: tuple[str, ...] = ("mean", "sum", "batchmean", "none")

AggregateReduction = Literal["mean", "sum", "batchmean"]
"""The reductions of an interval or a comparison: 'none' has no interval."""
AGGREGATE_REDUCTIONS: tuple[str, ...] = ("mean", "sum", "batchmean")

INTERVAL_SUFFIX = "_ci"
COMPARISON_SUFFIX = "_compare"
KEY = "key"
"""The keyword (and SQL option) of an interval's bucketing key: a column, not a constant."""

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
            raise ArgumentTypeError(f"{name}: {e}; it takes {_positional(name, tensors)}, then "
                                    f"keyword arguments only: {', '.join(keywords)}") from None
        return function(*args, **kwargs)

    return call


def _positional(function: str, parameters: list[str]) -> str:
    """What a function takes before its keywords, for messages."""
    loss = function.removesuffix(COMPARISON_SUFFIX)
    if loss != function and loss in catalog():
        names = ", ".join(a.name for a in catalog()[loss].arguments)
        return (f"{' and '.join(parameters)}, each a list or tuple of the tensor arguments "
                f"{names} (Columns or column names)")
    return f"the tensor arguments {', '.join(parameters)} (Columns or column names)"


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
    _check_reduction(function, reduction, REDUCTIONS)
    given = _given_options(function, spec.options, options)
    _check_tensors(function, spec.arguments, tensors)
    columns = [_column(t) for t in tensors]
    if reduction == "none":
        return F.call_function(f"{function}_none", *columns, *_options_struct(given))
    return F.call_function(function, *columns, F.lit(reduction), *_options_struct(given))


def interval_column(loss: str, tensors: Sequence[ColumnOrName], reduction: str,
                    options: Mapping[str, Any]) -> Column:
    """The SQL call ``<loss>_ci(tensors..., reduction, named_struct(options))``: the loss's
    options and the interval's, those equal to their defaults left out, all checked first."""
    function = f"{loss}{INTERVAL_SUFFIX}"
    _check_tensors(function, catalog()[loss].arguments, tensors)
    return _bucketed_column(function, loss, tensors, reduction, options)


def comparison_column(loss: str, candidate: Sequence[ColumnOrName],
                      baseline: Sequence[ColumnOrName], reduction: str,
                      options: Mapping[str, Any]) -> Column:
    """The SQL call ``<loss>_compare(candidate tensors..., baseline tensors..., reduction,
    named_struct(options))``, checked as :func:`interval_column` checks its call."""
    function = f"{loss}{COMPARISON_SUFFIX}"
    arguments = catalog()[loss].arguments
    _check_side(function, "candidate", arguments, candidate)
    _check_side(function, "baseline", arguments, baseline)
    return _bucketed_column(function, loss, [*candidate, *baseline], reduction, options)


def _bucketed_column(function: str, loss: str, tensors: Sequence[ColumnOrName], reduction: str,
                     options: Mapping[str, Any]) -> Column:
    """An interval's or a comparison's call over checked tensors, after checking the rest; a
    ``key`` goes into the options' named_struct as the column itself."""
    _check_reduction(function, reduction, AGGREGATE_REDUCTIONS)
    given = _given_options(function, catalog()[loss].options + interval_options(), options)
    fields = _option_fields(given)
    key = options.get(KEY)
    if key is not None:
        _check_tensor(function, KEY, key)
        fields += [F.lit(KEY), _column(key)]
    return F.call_function(function, *(_column(t) for t in tensors), F.lit(reduction),
                           *([F.named_struct(*fields)] if fields else []))


def _check_reduction(function: str, reduction: object, allowed: tuple[str, ...]) -> None:
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ReductionError(f"{function}: reduction {_show(reduction)} is not supported; "
                             "allowed: " + ", ".join(f"'{r}'" for r in allowed))


def _given_options(function: str, specs: Sequence[OptionSpec], options: Mapping[str, Any]
                   ) -> list[tuple[OptionSpec, Any]]:
    """The options not at their defaults, each checked against its spec and converted."""
    given = []
    for option in specs:
        value = _convert(function, option, options[option.name])
        if value is not None and value != option.default:
            given.append((option, value))
    return given


def _options_struct(given: list[tuple[OptionSpec, Any]]) -> list[Column]:
    """``[named_struct(name, literal, ...)]``, or ``[]`` when every option is at its default."""
    fields = _option_fields(given)
    return [F.named_struct(*fields)] if fields else []


def _option_fields(given: list[tuple[OptionSpec, Any]]) -> list[Column]:
    """``name, literal, ...``: a named_struct's arguments for the options given."""
    fields: list[Column] = []
    for option, value in given:
        fields += [F.lit(option.name), _literal(option, value)]
    return fields


def _check_tensors(function: str, arguments: Sequence[ArgumentSpec],
                   tensors: Sequence[object]) -> None:
    for argument, value in zip(arguments, tensors, strict=True):
        _check_tensor(function, argument.name, value)


def _check_side(function: str, side: str, arguments: Sequence[ArgumentSpec], tensors: object
                ) -> None:
    """One model's tensor arguments in a comparison: a list or tuple of Columns or column names,
    one per loss argument."""
    if not isinstance(tensors, (list, tuple)) or len(tensors) != len(arguments):
        names = ", ".join(a.name for a in arguments)
        raise ArgumentTypeError(
            f"{function}: {side} must be a list or tuple of {len(arguments)} tensor arguments "
            f"({names}), each a Column or a column name; got {_show(tensors)}")
    _check_tensors(function, [ArgumentSpec(f"{side} {a.name}", a.description, a.kinds)
                              for a in arguments], tensors)


def _check_tensor(function: str, argument: str, value: object) -> None:
    if not isinstance(value, (Column, str)):
        raise ArgumentTypeError(f"{function}: argument '{argument}' must be a Column or a "
                                f"column name (str), got {_show(value)}")


def _column(value: ColumnOrName) -> Column:
    return value if isinstance(value, Column) else F.col(value)


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
