"""Each function's docstring example runs as written, over a ``scores`` frame that holds the
first PyTorch fixture case of the loss under the example's column names (both models of a
comparison read the same case). The interval and comparison examples are analysed, not run: a
fixture case has too few rows for bounds, and their values are tested in test_intervals."""

from __future__ import annotations

import ast
import inspect

import pytest
from pyspark.sql import DataFrame, SparkSession

from fixture_cases import Group, cases
from losseval import functions as L
from losseval._catalog import catalog


def example(name: str) -> str:
    """The example's code: its doctest lines without the prompts."""
    lines = [line.strip() for line in inspect.getdoc(getattr(L, name)).splitlines()]
    code = [line[4:] for line in lines if line.startswith((">>> ", "... "))]
    assert code, f"{name} has no example"
    return "\n".join(code)


def column_names(code: str, name: str) -> dict[str, int]:
    """The column names the example passes as tensor arguments, each with the index of the loss
    argument it stands for (a comparison passes two lists of them)."""
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == name:
            columns: dict[str, int] = {}
            for position, arg in enumerate(node.args):
                if isinstance(arg, ast.List):
                    columns.update((item.value, index) for index, item in enumerate(arg.elts))
                else:
                    columns[arg.value] = position
            return columns
    raise AssertionError(f"the example of {name} does not call L.{name}: {code}")


@pytest.fixture(scope="module")
def frames(spark: SparkSession) -> dict[str, DataFrame]:
    """Each loss's first fixture case with rows, as a frame; made once, shared by the loss's three
    examples."""
    first: dict[str, DataFrame] = {}
    for case in cases():
        if case.rows > 0 and case.function not in first:
            first[case.function] = Group(case.function, (case,), ({},), (0,)).frame(spark)
    return first


def run_example(frames: dict[str, DataFrame], loss: str, name: str) -> DataFrame:
    """The example's last expression, evaluated after its statements."""
    code = example(name)
    frame = frames[loss]
    scores = frame.select(*(frame[f"a{a}"].alias(column)
                            for column, a in column_names(code, name).items()))
    namespace = {"scores": scores}
    *statements, last = ast.parse(code).body
    exec(compile(ast.Module(statements, type_ignores=[]), name, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), name, "eval"), namespace)


@pytest.mark.parametrize("name", list(catalog()))
def test_docstring_example_runs(frames: dict[str, DataFrame], name: str) -> None:
    rows = run_example(frames, name, name).collect()
    assert len(rows) == 1 and isinstance(rows[0][0], float), f"{name}: {rows}"


STRUCTS = {"_ci": ["value", "lower", "upper", "stderr", "rows", "no_bounds"],
           "_compare": ["candidate", "baseline", "difference", "lower", "upper", "stderr", "rows",
                        "no_bounds"]}


@pytest.mark.parametrize("loss, suffix", [(loss, suffix) for loss in catalog()
                                          for suffix in STRUCTS])
def test_interval_docstring_example_gives_the_documented_struct(
        frames: dict[str, DataFrame], loss: str, suffix: str) -> None:
    name = loss + suffix
    fields = run_example(frames, loss, name).schema.fields
    assert len(fields) == 1 and fields[0].dataType.fieldNames() == STRUCTS[suffix], name
    returns = inspect.getdoc(getattr(L, name)).split("Returns\n-------\n")[1].split("Raises")[0]
    documented = [field for line in returns.splitlines() if " : " in line
                  for field in line.split(" : ")[0].strip().split(", ")]
    assert documented == STRUCTS[suffix], name
