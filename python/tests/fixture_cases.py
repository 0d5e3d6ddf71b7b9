"""The committed PyTorch fixtures (``src/test/resources/fixtures/<loss>.json``, written by
``tools/generate_fixtures.py``) as DataFrames, grouped as the JVM's ``SparkContractTest`` groups
them: one group per loss and argument kinds, each case's rows tagged with its case id and the id
of its option set."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from losseval._catalog import catalog

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / "src" / "test" / "resources" / "fixtures"
REDUCTIONS = ("mean", "sum", "batchmean")

# Relative tolerance against PyTorch's float64 values, as in the JVM's Fixtures.
RELATIVE_TOLERANCE = 1e-9

SQL_TYPES = {
    "scalar": "double",
    "label": "bigint",
    "labels": "array<bigint>",
    "array": "array<double>",
    "matrix": "array<array<double>>",
}


def _typed(kind: str, value: Any) -> Any:
    """A JSON value as the Python value of its column type (JSON writes 1.0 as 1)."""
    if value is None:
        return None
    if kind == "scalar":
        return float(value)
    if kind == "label":
        return int(value)
    if kind == "labels":
        return [int(v) for v in value]
    if kind == "array":
        return [float(v) for v in value]
    return [[float(v) for v in line] for line in value]


@dataclass(frozen=True)
class Case:
    function: str
    id: str
    arg_kinds: tuple[str, ...]
    args: tuple[tuple[Any, ...], ...]  # per argument, per row
    options: dict[str, Any]
    expected: dict[str, float | None]
    expected_rows: tuple[Any, ...]
    torch_error: str | None = None

    @property
    def rows(self) -> int:
        return len(self.args[0])

    def __str__(self) -> str:
        return f"{self.function}/{self.id}"


def _case(function: str, raw: dict[str, Any]) -> Case:
    kinds = tuple(raw["arg_kinds"])
    args = tuple(tuple(_typed(kind, v) for v in rows) for kind, rows in zip(kinds, raw["args"]))
    return Case(function, raw["id"], kinds, args, raw["options"],
                {r: raw["expected"].get(r) for r in REDUCTIONS} if "expected" in raw else {},
                tuple(raw.get("expected_rows", ())), raw.get("torch_error"))


def _fixture_file(function: str) -> dict[str, Any]:
    path = FIXTURES / f"{function}.json"
    if not path.exists():
        raise AssertionError(f"catalog loss {function} has no fixture file {path}")
    return json.loads(path.read_text(encoding="utf-8"))


def cases() -> list[Case]:
    """Every case of every catalog loss, in catalog order; a loss without fixtures fails."""
    return [_case(name, raw) for name in catalog() for raw in _fixture_file(name)["cases"]]


def rejected_cases() -> list[Case]:
    """The rows PyTorch rejects (with PyTorch's message), which Spark must reject too."""
    return [_case(name, raw) for name in catalog()
            for raw in _fixture_file(name).get("errors", [])]


@dataclass(frozen=True)
class Group:
    """The cases of one loss with the same argument kinds, and the distinct option sets."""

    function: str
    cases: tuple[Case, ...]
    option_sets: tuple[dict[str, Any], ...]
    option_ids: tuple[int, ...]

    @property
    def arg_kinds(self) -> tuple[str, ...]:
        return self.cases[0].arg_kinds

    def __str__(self) -> str:
        return f"{self.function}[{','.join(self.arg_kinds)}]"

    def frame(self, spark: SparkSession) -> DataFrame:
        """Columns case_id, opt_id, row_id, a0, a1, ...: every row of every case."""
        schema = ", ".join(["case_id int", "opt_id int", "row_id bigint"]
                           + [f"a{a} {SQL_TYPES[k]}" for a, k in enumerate(self.arg_kinds)])
        rows = [(k, self.option_ids[k], r, *(arg[r] for arg in case.args))
                for k, case in enumerate(self.cases) for r in range(case.rows)]
        return spark.createDataFrame(rows, schema)

    def masked_tensors(self, option_id: int) -> list[Column]:
        """The tensor columns, NULL outside the rows of option set ``option_id`` (so skipped)."""
        return [F.when(F.col("opt_id") == option_id, F.col(f"a{a}"))
                for a in range(len(self.arg_kinds))]


def groups() -> list[Group]:
    by_kinds: dict[tuple[str, tuple[str, ...]], list[Case]] = {}
    for case in cases():
        by_kinds.setdefault((case.function, case.arg_kinds), []).append(case)
    result = []
    for (function, _), members in by_kinds.items():
        keys: list[str] = []
        sets: list[dict[str, Any]] = []
        ids = []
        for case in members:
            key = json.dumps(case.options, sort_keys=True)
            if key not in keys:
                keys.append(key)
                sets.append(case.options)
            ids.append(keys.index(key))
        result.append(Group(function, tuple(members), tuple(sets), tuple(ids)))
    return result


def close(expected: float, actual: float) -> bool:
    """Within the relative tolerance; NaN matches only NaN, an infinity only itself."""
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return expected == actual
    return abs(expected - actual) <= RELATIVE_TOLERANCE * max(abs(expected), abs(actual))


def assert_close(expected: Any, actual: Any, what: str) -> None:
    """A number, or a list of numbers elementwise; None only matches None."""
    if expected is None or actual is None:
        assert expected is None and actual is None, f"{what}: expected {expected}, got {actual}"
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), \
            f"{what}: expected {expected}, got {actual}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            assert_close(e, a, f"{what}[{i}]")
    else:
        assert close(float(expected), actual), \
            f"{what}: expected {expected!r} (PyTorch), got {actual!r}"
