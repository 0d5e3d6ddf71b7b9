"""Each function's docstring example runs as written, over a ``scores`` frame that holds the
first PyTorch fixture case of the loss under the example's column names."""

from __future__ import annotations

import ast
import inspect

import pytest
from pyspark.sql import SparkSession

from fixture_cases import Group, cases
from losseval import functions as L
from losseval._catalog import catalog


def example(name: str) -> str:
    """The example's code: its doctest lines without the prompts."""
    lines = [line.strip() for line in inspect.getdoc(getattr(L, name)).splitlines()]
    code = [line[4:] for line in lines if line.startswith((">>> ", "... "))]
    assert code, f"{name} has no example"
    return "\n".join(code)


def column_names(code: str, name: str) -> list[str]:
    """The column names the example passes as tensor arguments."""
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == name:
            return [arg.value for arg in node.args]
    raise AssertionError(f"the example of {name} does not call L.{name}: {code}")


@pytest.mark.parametrize("name", list(catalog()))
def test_docstring_example_runs(spark: SparkSession, name: str) -> None:
    code = example(name)
    case = next(c for c in cases() if c.function == name and c.rows > 0)
    frame = Group(name, (case,), ({},), (0,)).frame(spark)
    scores = frame.select(*(frame[f"a{a}"].alias(column)
                            for a, column in enumerate(column_names(code, name))))
    namespace = {"scores": scores}
    *statements, last = ast.parse(code).body
    exec(compile(ast.Module(statements, type_ignores=[]), name, "exec"), namespace)
    rows = eval(compile(ast.Expression(last.value), name, "eval"), namespace).collect()
    assert len(rows) == 1 and isinstance(rows[0][0], float), f"{name}: {rows}"
