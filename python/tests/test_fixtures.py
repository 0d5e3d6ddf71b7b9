"""Every PyTorch fixture case through the Python API, on the session of this run (classic or
Spark Connect): the three reductions of each case close to PyTorch and bit-identical to the same
call written in SQL, and reduction='none' row by row.

As in the JVM's SparkContractTest, one query per loss and argument kinds: GROUP BY the case id,
with a separate call per option set over tensors that are NULL outside that set's rows.
"""

from __future__ import annotations

import struct
from typing import Any

import pytest
from pyspark.sql import Column
from pyspark.sql import functions as F

from fixture_cases import REDUCTIONS, Group, assert_close, groups, rejected_cases
from losseval import functions as L
from losseval._catalog import catalog

GROUPS = groups()


def bits(value: float | None) -> int | None:
    return None if value is None else struct.unpack("<q", struct.pack("<d", value))[0]


def sql_double(value: float) -> str:
    """An exact DOUBLE literal: Python's repr round-trips, and so does Spark's string cast."""
    return f"CAST('{float(value)!r}' AS DOUBLE)"


def sql_option(option_type: str, value: Any) -> str:
    if option_type == "boolean":
        return "true" if value else "false"
    if option_type == "string":
        return f"'{value}'"
    if option_type == "integer":
        return f"CAST({int(value)} AS BIGINT)"
    if option_type == "double_array" and isinstance(value, list):
        return "array(" + ", ".join(sql_double(v) for v in value) + ")"
    return sql_double(value)


def sql_call(group: Group, option_id: int, reduction: str) -> Column:
    """The call as the README's SQL calling convention writes it, independently of the Python
    API: ``loss(tensors..., 'reduction', named_struct(...))``."""
    spec = catalog()[group.function]
    options = group.option_sets[option_id]
    tensors = [f"CASE WHEN opt_id = {option_id} THEN a{a} END"
               for a in range(len(group.arg_kinds))]
    fields = [f"'{name}', {sql_option(spec.option(name).type, value)}"
              for name, value in options.items()]
    struct_sql = [f"named_struct({', '.join(fields)})"] if fields else []
    return F.expr(f"{group.function}({', '.join(tensors + [repr(reduction)] + struct_sql)})")


@pytest.mark.parametrize("group", GROUPS, ids=str)
def test_reductions_match_pytorch_and_sql(spark, group: Group) -> None:
    loss = getattr(L, group.function)
    columns = []
    for j, options in enumerate(group.option_sets):
        for reduction in REDUCTIONS:
            columns.append(loss(*group.masked_tensors(j), reduction=reduction, **options)
                           .alias(f"py_{j}_{reduction}"))
            columns.append(sql_call(group, j, reduction).alias(f"sql_{j}_{reduction}"))
    rows = {row["case_id"]: row for row in group.frame(spark).groupBy("case_id")
            .agg(*columns).collect()}
    # A case without rows has no group: its values are those of an empty group, NULL.
    assert len(rows) == sum(1 for case in group.cases if case.rows > 0)
    for k, case in enumerate(group.cases):
        j = group.option_ids[k]
        for reduction in REDUCTIONS:
            row = rows.get(k)
            actual = None if row is None else row[f"py_{j}_{reduction}"]
            assert_close(case.expected[reduction], actual, f"{case} {reduction}")
            sql_value = None if row is None else row[f"sql_{j}_{reduction}"]
            assert bits(actual) == bits(sql_value), \
                f"{case} {reduction}: Python API {actual!r} but SQL {sql_value!r}"


@pytest.mark.parametrize("group", GROUPS, ids=str)
def test_reduction_none_per_row(spark, group: Group) -> None:
    loss = getattr(L, group.function)
    columns = [loss(*group.masked_tensors(j), reduction="none", **options).alias(f"py_{j}")
               for j, options in enumerate(group.option_sets)]
    rows = (group.frame(spark).select("case_id", "row_id", *columns)
            .orderBy("case_id", "row_id").collect())
    assert len(rows) == sum(case.rows for case in group.cases)
    i = 0
    for k, case in enumerate(group.cases):
        for r in range(case.rows):
            row = rows[i]
            assert (row["case_id"], row["row_id"]) == (k, r)
            assert_close(case.expected_rows[r], row[f"py_{group.option_ids[k]}"],
                         f"{case} row {r}")
            i += 1


REJECTED = rejected_cases()


@pytest.mark.parametrize("case", REJECTED, ids=str)
def test_rows_pytorch_rejects_fail_the_query(spark, case) -> None:
    group = Group(case.function, (case,), (case.options,), (0,))
    query = group.frame(spark).agg(getattr(L, case.function)(*group.masked_tensors(0),
                                                             **case.options))
    with pytest.raises(Exception) as failure:
        query.collect()
    assert f"{case.function}: " in str(failure.value), \
        f"{case} (PyTorch: {case.torch_error}) failed without naming the function: {failure.value}"


def test_every_catalog_loss_has_cases() -> None:
    assert [name for name in catalog() if name not in {g.function for g in GROUPS}] == []
