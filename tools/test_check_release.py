#!/usr/bin/env python3
"""Tests of tools/check-release: it passes the default line's real deployed repository and fails,
naming the fault, on copies of it with one thing Maven Central requires taken away or broken.

Needs the default line deployed first (tools/test-all default, or
``mvn -B clean deploy -DaltDeploymentRepository=local::file:target/release-repo``).
Run: python3 tools/test_check_release.py  (standard library only)
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tools" / "check-release"
REPOSITORY = ROOT / "target" / "release-repo"
# The artifact ids Spark libraries use (the Spark line and the Scala suffix), one per line built.
EXPECTED_ARTIFACT_IDS = ["spark-loss-evaluator-4.2_2.13", "spark-loss-evaluator-3.5_2.12",
                         "spark-loss-evaluator-3.5_2.13", "spark-loss-evaluator-4.0_2.13",
                         "spark-loss-evaluator-4.1_2.13"]


def project_version() -> str:
    pom = (ROOT / "pom.xml").read_text(encoding="utf-8")
    # The project's own <version> is the first one after its <artifactId>.
    return re.search(r"<artifactId>spark-loss-evaluator-[^<]*</artifactId>\s*<version>([^<]+)",
                     pom).group(1)


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK), *args], capture_output=True, text=True,
                          check=False)


def rewrite_checksums(path: Path) -> None:
    """Keeps the checksum files true to a changed file, so that only the change itself fails."""
    data = path.read_bytes()
    for algorithm in ("md5", "sha1"):
        path.with_name(f"{path.name}.{algorithm}").write_text(
            hashlib.new(algorithm, data).hexdigest(), encoding="ascii")


def drop_entry(jar: Path, entry: str) -> None:
    copy = jar.with_suffix(".tmp")
    with zipfile.ZipFile(jar) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            if item.filename != entry:
                target.writestr(item, source.read(item))
    copy.replace(jar)
    rewrite_checksums(jar)


class CheckReleaseTest(unittest.TestCase):
    artifact_id = "spark-loss-evaluator-4.2_2.13"

    @classmethod
    def setUpClass(cls) -> None:
        cls.version = project_version()
        if not (REPOSITORY / "io" / "losseval" / cls.artifact_id / cls.version).is_dir():
            # A failure, not a skip: CI runs this after the default line's deploy.
            raise AssertionError(
                f"no deployed default line in {REPOSITORY}: run tools/test-all default first")

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="check-release-"))
        self.addCleanup(shutil.rmtree, self.tmp)
        self.repo = self.tmp / "repo"
        shutil.copytree(REPOSITORY, self.repo)
        self.dir = self.repo / "io" / "losseval" / self.artifact_id / self.version
        self.base = f"{self.artifact_id}-{self.version}"

    def check(self) -> subprocess.CompletedProcess[str]:
        return run_check("--repo", str(self.repo), "--artifact-id", self.artifact_id)

    def assert_fails(self, message: str) -> None:
        result = self.check()
        self.assertEqual(1, result.returncode, result.stdout + result.stderr)
        self.assertIn(f"FAIL {self.artifact_id} {self.version}: {message}", result.stdout)

    def test_the_real_repository_passes(self) -> None:
        result = self.check()
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertIn(f"ok   {self.artifact_id} {self.version}", result.stdout)

    def test_the_lines_are_the_five_spark_library_artifact_ids(self) -> None:
        # Every line, none deployed in an empty directory: each is named in a failure.
        result = run_check()
        named = re.findall(r"(?:ok  |FAIL) (spark-loss-evaluator-[0-9.]+_2\.1[23]) ",
                           result.stdout)
        self.assertEqual(sorted(EXPECTED_ARTIFACT_IDS), sorted(set(named)), result.stdout)

    def test_a_missing_jar_fails(self) -> None:
        for role in ("javadoc", "sources", "bundle"):
            with self.subTest(role):
                jar = self.dir / f"{self.base}-{role}.jar"
                kept = jar.read_bytes()
                jar.unlink()
                self.assert_fails(f"no {jar.name} (the {role} jar)")
                jar.write_bytes(kept)

    def test_a_missing_checksum_fails(self) -> None:
        (self.dir / f"{self.base}.pom.sha1").unlink()
        self.assert_fails(f"no {self.base}.pom.sha1")

    def test_a_wrong_checksum_fails(self) -> None:
        (self.dir / f"{self.base}.jar.md5").write_text("0" * 32, encoding="ascii")
        self.assert_fails(f"{self.base}.jar.md5 does not match {self.base}.jar")

    def test_a_pom_without_scm_fails(self) -> None:
        pom = self.dir / f"{self.base}.pom"
        text = pom.read_text(encoding="utf-8")
        pom.write_text(re.sub(r"\s*<scm>.*?</scm>", "", text, flags=re.S), encoding="utf-8")
        rewrite_checksums(pom)
        self.assert_fails(f"{self.base}.pom: no <scm><developerConnection>")

    def test_a_pom_without_licenses_fails(self) -> None:
        pom = self.dir / f"{self.base}.pom"
        text = pom.read_text(encoding="utf-8")
        pom.write_text(re.sub(r"\s*<licenses>.*?</licenses>", "", text, flags=re.S),
                       encoding="utf-8")
        rewrite_checksums(pom)
        self.assert_fails(f"{self.base}.pom: no <licenses><license>")

    def test_a_bundle_jar_without_the_licence_fails(self) -> None:
        drop_entry(self.dir / f"{self.base}-bundle.jar", "META-INF/LICENSE")
        self.assert_fails(f"{self.base}-bundle.jar: no META-INF/LICENSE")

    def test_a_javadoc_jar_without_the_notice_fails(self) -> None:
        drop_entry(self.dir / f"{self.base}-javadoc.jar", "META-INF/NOTICE")
        self.assert_fails(f"{self.base}-javadoc.jar: no META-INF/NOTICE")

    def test_a_snapshot_version_fails(self) -> None:
        result = run_check("--repo", str(self.repo), "--artifact-id", self.artifact_id,
                           "--version", "0.1.0-SNAPSHOT")
        self.assertEqual(1, result.returncode, result.stdout)
        self.assertIn("version 0.1.0-SNAPSHOT is a SNAPSHOT", result.stdout)

    def test_another_lines_artifact_id_fails(self) -> None:
        result = run_check("--repo", str(self.repo), "--artifact-id",
                           "spark-loss-evaluator-4.1_2.13")
        self.assertEqual(1, result.returncode, result.stdout)
        self.assertIn("FAIL spark-loss-evaluator-4.1_2.13", result.stdout)
        self.assertIn("no artifacts at", result.stdout)

    def test_unsigned_artifacts_fail_when_signatures_are_required(self) -> None:
        result = run_check("--repo", str(self.repo), "--artifact-id", self.artifact_id,
                           "--signed")
        self.assertEqual(1, result.returncode, result.stdout)
        self.assertIn(f"no {self.base}.jar.asc (the signature)", result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
