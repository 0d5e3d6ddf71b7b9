"""Model selection with Spark ML: :class:`LossEvaluator`, any of the project's losses as a
``pyspark.ml`` evaluator for ``CrossValidator`` and ``TrainValidationSplit``, on a classic
session and over Spark Connect (4.x; the server needs the project's jar).

It wraps the JVM class ``io.losseval.ml.LossEvaluator``: the value is the one
``SELECT <loss>(...)`` gives, computed on the JVM. Params are checked here first, with the
messages of ``losseval.functions``.
"""

from __future__ import annotations

import difflib
import sys
from typing import Any

from pyspark import keyword_only
from pyspark.ml.evaluation import JavaEvaluator
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLWritable

from losseval import _call
from losseval._catalog import OptionSpec, catalog
from losseval.errors import UnknownLossError, UnknownOptionError

__all__ = ["LossEvaluator"]

JAVA_CLASS = "io.losseval.ml.LossEvaluator"

_CONVERTERS = {
    "double": TypeConverters.toFloat,
    "integer": TypeConverters.toInt,
    "boolean": TypeConverters.toBoolean,
    "string": TypeConverters.toString,
    "double_array": TypeConverters.toListFloat,
}


def _option_specs() -> dict[str, list[tuple[str, OptionSpec]]]:
    """Every option name in the catalog, with the (loss, spec) pairs that declare it."""
    out: dict[str, list[tuple[str, OptionSpec]]] = {}
    for loss in catalog().values():
        for option in loss.options:
            out.setdefault(option.name, []).append((loss.name, option))
    return dict(sorted(out.items()))


_OPTIONS = _option_specs()
_COLUMN_PARAMS = ("inputCols", "predictionCol", "labelCol", "weightCol")
_PARAMS = ("loss", "reduction", *_COLUMN_PARAMS)


def _option_type(specs: list[tuple[str, OptionSpec]]) -> str:
    """The JVM param's type: a whole number only where every loss wants one (``p`` is an integer
    for multi_margin_loss and a double for triplet_margin_loss, so a double)."""
    types = {spec.type for _, spec in specs}
    return "double" if types == {"double", "integer"} else types.pop()


class LossEvaluator(JavaEvaluator, JavaMLReadable["LossEvaluator"],
                    JavaMLWritable):
    """The loss ``loss`` over a dataset, smaller is better: for ``CrossValidator``,
    ``TrainValidationSplit`` or on its own (``evaluate``).

    Keyword arguments: ``loss`` (the SQL name), ``reduction`` ('mean' by default),
    ``inputCols`` (the tensor columns in the SQL function's argument order; a two-argument loss
    takes ``predictionCol`` and ``labelCol``, by default 'prediction' and 'label', when it is
    unset), ``weightCol`` (per-row weights, finite and >= 0), and the loss's options under their
    PyTorch names (``label_smoothing=0.1``, ``weight=[1.0, 2.0, 0.5]``, ...). A name or value the
    loss does not take raises the error ``losseval.functions`` raises for it.
    """

    loss: Param[str] = Param(Params._dummy(), "loss", "the loss, by its SQL name",
                             typeConverter=TypeConverters.toString)
    reduction: Param[str] = Param(Params._dummy(), "reduction",
                                  "'mean' (default), 'sum' or 'batchmean'",
                                  typeConverter=TypeConverters.toString)
    inputCols: Param[list[str]] = Param(
        Params._dummy(), "inputCols", "the tensor columns in the SQL function's argument order",
        typeConverter=TypeConverters.toListString)
    predictionCol: Param[str] = Param(
        Params._dummy(), "predictionCol", "the first column of a two-argument loss",
        typeConverter=TypeConverters.toString)
    labelCol: Param[str] = Param(
        Params._dummy(), "labelCol", "the second column (the target) of a two-argument loss",
        typeConverter=TypeConverters.toString)
    weightCol: Param[str] = Param(
        Params._dummy(), "weightCol", "a column of per-row weights (finite, >= 0)",
        typeConverter=TypeConverters.toString)

    @keyword_only
    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(JAVA_CLASS, self.uid)
        self._setDefault(reduction="mean", predictionCol="prediction", labelCol="label")
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(self, **kwargs: Any) -> "LossEvaluator":
        """Sets params by keyword, checked as a whole (the loss against its options)."""
        given = self._input_kwargs
        for name in given:
            if name not in _PARAMS and name not in _OPTIONS:
                raise UnknownOptionError(_unknown(name))
        loss = given.get("loss", self.getOrDefault(self.loss) if self.isDefined(self.loss)
                         else None)
        if loss is not None and loss not in catalog():
            close = difflib.get_close_matches(str(loss), list(catalog()), n=1)
            raise UnknownLossError(f"unknown loss function {_call._show(loss)}; known: "
                                    f"{', '.join(catalog())}"
                                    + (f"; did you mean '{close[0]}'?" if close else ""))
        if "reduction" in given:
            _call._check_reduction(loss or "LossEvaluator", given["reduction"],
                                   _call.AGGREGATE_REDUCTIONS)
        options = {**self.getOptions(), **{k: v for k, v in given.items() if k in _OPTIONS}}
        checked = _check_options(loss, options)
        self._set(**{k: v for k, v in given.items() if k in _PARAMS})
        self._set(**{k: checked[k] for k in given if k in _OPTIONS})
        return self

    def setLoss(self, value: str) -> "LossEvaluator":
        return self.setParams(loss=value)

    def getLoss(self) -> str:
        return self.getOrDefault(self.loss)

    def setReduction(self, value: str) -> "LossEvaluator":
        return self.setParams(reduction=value)

    def getReduction(self) -> str:
        return self.getOrDefault(self.reduction)

    def setInputCols(self, value: list[str]) -> "LossEvaluator":
        return self.setParams(inputCols=value)

    def setWeightCol(self, value: str) -> "LossEvaluator":
        return self.setParams(weightCol=value)

    def setOption(self, name: str, value: Any) -> "LossEvaluator":
        """Sets the loss option ``name`` (PyTorch's name)."""
        return self.setParams(**{name: value})

    def getOptions(self) -> dict[str, Any]:
        """The loss options set (name to value)."""
        return {name: self.getOrDefault(getattr(self, name)) for name in _OPTIONS
                if self.isSet(getattr(self, name))}

    def isLargerBetter(self) -> bool:
        """False: a smaller loss is better (answered here, so that it also works on Connect)."""
        return False

    def getMetricName(self) -> str:
        return self.getLoss()


def _unknown(name: str) -> str:
    known = [*_PARAMS, *_OPTIONS]
    close = difflib.get_close_matches(name, known, n=1)
    return (f"LossEvaluator: unknown parameter '{name}'; parameters: {', '.join(_PARAMS)}, and "
            f"the loss options {', '.join(_OPTIONS)}"
            + (f"; did you mean '{close[0]}'?" if close else ""))


def _check_options(loss: str | None, options: dict[str, Any]) -> dict[str, Any]:
    """The options converted to their SQL types; with the loss known, by the loss's own specs
    (an option it does not take is refused as the loss's function refuses it); otherwise some
    loss declaring each option must accept its value."""
    out = {}
    if loss is not None:
        specs = {o.name: o for o in catalog()[loss].options}
        for name, value in options.items():
            if name not in specs:
                raise UnknownOptionError(_call._unknown_option(
                    loss, name, ["reduction", *specs]))
            out[name] = _call._convert(loss, specs[name], value)
        return out
    for name, value in options.items():
        errors = []
        for owner, spec in _OPTIONS[name]:
            try:
                out[name] = _call._convert(owner, spec, value)
                break
            except (TypeError, ValueError) as e:
                errors.append(e)
        else:
            raise errors[0]
    return out


for _name, _specs in _OPTIONS.items():
    setattr(LossEvaluator, _name, Param(
        Params._dummy(), _name,
        f"{_specs[0][1].description} (option of {', '.join(loss for loss, _ in _specs)})",
        typeConverter=_CONVERTERS[_option_type(_specs)]))
del _name, _specs

# PySpark finds the Python class of a saved JVM stage by its class name with org.apache.spark
# replaced by pyspark (JavaParams._from_java, DefaultParamsReader.loadParamsInstance), and over
# Connect names the JVM class after the Python class's module (RemoteMLReader). Both work when
# this module also answers to the JVM package's name, so a CrossValidatorModel holding the
# evaluator loads in Python.
LossEvaluator.__module__ = JAVA_CLASS.rsplit(".", 1)[0]
sys.modules[LossEvaluator.__module__] = sys.modules[__name__]
