"""python/README.md, the package's page on PyPI: every code block runs as written and prints what
the page shows.

Each block is a named snippet (the line before its fence is ``<!-- snippet: NAME -->``). The
Python examples and the spark-submit command each start their own JVM, so they run in
subprocesses of this interpreter (its venv's ``python`` and ``spark-submit``), once, in the
classic run. The install commands need the package on an index: python/check-dist runs them
against the wheel it built; here their form is checked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
README = PYTHON_DIR / "README.md"
SNIPPET = re.compile(r"^<!-- snippet: ([a-z0-9-]+) -->\n```(\w+)\n(.*?)^```", re.S | re.M)


def snippets() -> dict[str, tuple[str, str]]:
    """The page's snippets: name -> (language, text)."""
    found = SNIPPET.findall(README.read_text(encoding="utf-8"))
    return {name: (language, text) for name, language, text in found}


def snippet(name: str) -> str:
    return snippets()[name][1]


@pytest.fixture
def classic_only(spark_mode: str) -> None:
    if spark_mode != "classic":
        pytest.skip("the page's examples start their own JVMs; they run once, in the classic run")


def run(command: list[str], cwd: Path) -> str:
    """Runs ``command`` with this venv's executables first on PATH; returns its stdout."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SPARK_LOCAL_IP": "127.0.0.1"}
    env.pop("SPARK_HOME", None)
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


def test_every_code_block_is_a_named_snippet() -> None:
    text = README.read_text(encoding="utf-8")
    names = SNIPPET.findall(text)
    assert text.count("\n```") == 2 * len(names)
    assert len({name for name, _, _ in names}) == len(names)
    assert set(snippets()) == {"install", "first-query", "first-query-output", "local-connect",
                               "local-connect-output", "my-job", "spark-submit",
                               "spark-submit-output"}


def test_the_install_commands_name_the_declared_extras() -> None:
    extras = tomllib.loads((PYTHON_DIR / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    commands = [line.split("#")[0].strip() for line in snippet("install").splitlines()]
    assert commands == [f'pip install "losseval[{extra}]"' for extra in ("spark", "connect")]
    assert set(extras) == {"spark", "connect"}


@pytest.mark.parametrize("example", ["first-query", "local-connect"])
def test_python_example_prints_what_the_page_shows(classic_only, tmp_path: Path,
                                                   example: str) -> None:
    stdout = run([sys.executable, "-c", snippet(example)], tmp_path)
    assert stdout.strip() == snippet(f"{example}-output").strip()


def test_spark_submit_runs_a_job_with_the_packaged_jar(classic_only, tmp_path: Path) -> None:
    (tmp_path / "my_job.py").write_text(snippet("my-job"))
    stdout = run(["bash", "-c", snippet("spark-submit")], tmp_path)
    assert stdout.strip() == snippet("spark-submit-output").strip()
