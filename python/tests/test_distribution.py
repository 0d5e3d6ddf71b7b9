"""The sdist and the wheel, built as a user or a release builds them, from a copy of the
repository's layout in a temporary directory (so the working tree's own jar and build outputs
play no part): complete with Maven's jar, or refused with a message saying how to build it.

These build with the test environment's hatchling and ``build`` (no build isolation, no
network); ``python/check-dist`` does the same with isolation, from PyPI, and installs the wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import losseval

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPOSITORY = PYTHON_DIR.parent
SOURCES = ["pyproject.toml", "hatch_build.py", "README.md", "src", "tools"]

pytestmark = pytest.mark.skipif(not (REPOSITORY / "pom.xml").is_file(),
                                reason="builds from the repository's python/ directory")


def repository_copy(root: Path, with_jar: bool) -> Path:
    """``root`` laid out as a fresh clone: LICENSE, NOTICE, python/ without a jar, and Maven's
    bundle jar in target/ when ``with_jar``. Returns the copy's python/ directory."""
    python = root / "python"
    python.mkdir(parents=True)
    for name in ("LICENSE", "NOTICE"):
        shutil.copy2(REPOSITORY / name, root / name)
    for name in SOURCES:
        source = PYTHON_DIR / name
        if source.is_dir():
            shutil.copytree(source, python / name,
                            ignore=shutil.ignore_patterns("jars", "__pycache__"))
        else:
            shutil.copy2(source, python / name)
    if with_jar:
        (root / "target").mkdir()
        shutil.copy2(losseval.jar_path(), root / "target" / Path(losseval.jar_path()).name)
    return python


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=600)


def test_installing_without_a_jar_fails_and_says_how_to_build_it(tmp_path: Path) -> None:
    python = repository_copy(tmp_path / "clone", with_jar=False)
    result = run(sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
                 "--disable-pip-version-check", "--target", tmp_path / "site", python)
    assert result.returncode != 0
    assert "build the jar first: run `mvn -B package -DskipTests`" in result.stdout + result.stderr
    assert not (tmp_path / "site" / "losseval").exists()


def test_sdist_and_wheel_built_from_it_carry_the_jar_licence_and_notice(tmp_path: Path) -> None:
    python = repository_copy(tmp_path / "clone", with_jar=True)
    dist = tmp_path / "dist"
    # `python -m build` makes the sdist, then the wheel from the unpacked sdist, not the tree.
    result = run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, python)
    assert result.returncode == 0, result.stdout + result.stderr
    version = losseval.__version__
    jar_name = Path(losseval.jar_path()).name

    with tarfile.open(dist / f"losseval-{version}.tar.gz") as sdist:
        names = set(sdist.getnames())
        pkg_info = Parser().parsestr(
            sdist.extractfile(f"losseval-{version}/PKG-INFO").read().decode())
    prefix = f"losseval-{version}/"
    assert {prefix + "LICENSE", prefix + "NOTICE", prefix + "hatch_build.py",
            prefix + "src/losseval/jars/" + jar_name} <= names

    with zipfile.ZipFile(dist / f"losseval-{version}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        metadata = Parser().parsestr(
            wheel.read(f"losseval-{version}.dist-info/METADATA").decode())
        jar_bytes = wheel.read(f"losseval/jars/{jar_name}")
        notice = wheel.read(f"losseval-{version}.dist-info/licenses/NOTICE")
    assert {f"losseval-{version}.dist-info/licenses/LICENSE",
            f"losseval-{version}.dist-info/licenses/NOTICE"} <= names
    assert [n for n in names if n.endswith(".jar")] == [f"losseval/jars/{jar_name}"]
    assert jar_bytes == Path(losseval.jar_path()).read_bytes()
    assert notice == (REPOSITORY / "NOTICE").read_bytes()

    for meta in (pkg_info, metadata):
        assert meta["License-Expression"] == "Apache-2.0"
        assert meta.get_all("License-File") == ["LICENSE", "NOTICE"]
        assert meta["Version"] == version
        assert "pyspark<4.4,>=4.2; extra == 'spark'" in meta.get_all("Requires-Dist")


def test_an_sdist_without_its_jar_is_refused(tmp_path: Path) -> None:
    python = repository_copy(tmp_path / "clone", with_jar=True)
    assert run(sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir",
               tmp_path / "dist", python).returncode == 0
    with tarfile.open(tmp_path / "dist" / f"losseval-{losseval.__version__}.tar.gz") as sdist:
        sdist.extractall(tmp_path / "unpacked", filter="data")
    unpacked = tmp_path / "unpacked" / f"losseval-{losseval.__version__}"
    shutil.rmtree(unpacked / "src" / "losseval" / "jars")
    result = run(sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
                 "--disable-pip-version-check", "--wheel-dir", tmp_path / "wheels", unpacked)
    assert result.returncode != 0
    assert "this source distribution is incomplete" in result.stdout + result.stderr
    assert "build the jar first" in result.stdout + result.stderr
