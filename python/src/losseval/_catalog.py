"""The loss catalog as Python values, read from the ``catalog.json`` packaged beside this module.

That file is a byte copy of the one the Java catalog writes (``io/losseval/catalog.json`` in the
jar); ``tools/generate_functions.py`` copies it and writes ``functions.py`` from it, and a test
fails when either is stale.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CATALOG_FORMAT = 1
OPTION_TYPES = ("double", "integer", "boolean", "string", "double_array")


@dataclass(frozen=True)
class Allowed:
    """The values an option may take beyond its type: a range of numbers or a fixed set."""

    text: str
    minimum: float | None = None
    min_included: bool = True
    maximum: float | None = None
    max_included: bool = True
    one_of: tuple[Any, ...] | None = None

    def admits(self, value: Any) -> bool:
        """Whether ``value`` (already of the option's type) is allowed; NaN is in no range."""
        if self.one_of is not None:
            return value in self.one_of
        v = float(value)
        if math.isnan(v):
            return False
        if self.minimum is not None and not (v >= self.minimum if self.min_included
                                             else v > self.minimum):
            return False
        return self.maximum is None or (v <= self.maximum if self.max_included
                                        else v < self.maximum)


@dataclass(frozen=True)
class OptionSpec:
    """One option: PyTorch's name and default, its type (one of OPTION_TYPES), what is allowed."""

    name: str
    type: str
    default: Any
    allowed: Allowed | None
    description: str


@dataclass(frozen=True)
class ArgumentSpec:
    """One tensor argument: its name, what a row holds, the kinds it may have."""

    name: str
    description: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class LossSpec:
    """One loss as the catalog declares it."""

    name: str
    torch_class: str
    summary: str
    formula: str
    arguments: tuple[ArgumentSpec, ...]
    none: str
    options: tuple[OptionSpec, ...]
    example: str

    def option(self, name: str) -> OptionSpec | None:
        return next((o for o in self.options if o.name == name), None)


def _allowed(raw: dict[str, Any] | None) -> Allowed | None:
    if raw is None:
        return None
    if "one_of" in raw:
        return Allowed(text=raw["text"], one_of=tuple(raw["one_of"]))
    return Allowed(text=raw["text"], minimum=raw["min"], min_included=raw["min_included"],
                   maximum=raw["max"], max_included=raw["max_included"])


def _option(raw: dict[str, Any]) -> OptionSpec:
    if raw["type"] not in OPTION_TYPES:
        raise ValueError(f"catalog option '{raw['name']}' has an unknown type '{raw['type']}'; "
                         f"known: {', '.join(OPTION_TYPES)}")
    return OptionSpec(raw["name"], raw["type"], raw["default"], _allowed(raw["allowed"]),
                      raw["description"])


def parse(text: str) -> dict[str, LossSpec]:
    """The losses of a catalog.json text by name, in catalog order."""
    losses = {}
    for loss in _read(text)["losses"]:
        losses[loss["name"]] = LossSpec(
            name=loss["name"],
            torch_class=loss["torch_class"],
            summary=loss["summary"],
            formula=loss["formula"],
            arguments=tuple(ArgumentSpec(a["name"], a["description"], tuple(a["kinds"]))
                            for a in loss["arguments"]),
            none=loss["none"],
            options=tuple(_option(o) for o in loss["options"]),
            example=loss["example"],
        )
    return losses


def parse_interval_options(text: str) -> tuple[OptionSpec, ...]:
    """The options every loss's interval (``<loss>_ci``) and comparison (``<loss>_compare``) take
    after the loss's own, from a catalog.json text."""
    return tuple(_option(o) for o in _read(text)["interval_options"])


def _read(text: str) -> dict[str, Any]:
    raw = json.loads(text)
    if raw.get("format") != CATALOG_FORMAT:
        raise ValueError(f"catalog.json has format {raw.get('format')}; this package reads "
                         f"format {CATALOG_FORMAT}")
    return raw


CATALOG_PATH = Path(__file__).with_name("catalog.json")


@functools.cache
def catalog() -> dict[str, LossSpec]:
    """The packaged catalog's losses."""
    return parse(CATALOG_PATH.read_text(encoding="utf-8"))


@functools.cache
def interval_options() -> tuple[OptionSpec, ...]:
    """The packaged catalog's interval options (``confidence``, ``buckets``)."""
    return parse_interval_options(CATALOG_PATH.read_text(encoding="utf-8"))
