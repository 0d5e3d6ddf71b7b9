"""The hatchling hooks that put the jar, LICENSE and NOTICE into every build.

From the source tree (``python/`` in the repository) they copy LICENSE and NOTICE from the
repository root into ``python/`` and Maven's bundle jar into ``src/losseval/jars/`` (all
git-ignored: the repository keeps one copy of each); an sdist carries all three, so a wheel built
from it needs neither Maven nor the repository. When the jar is missing the build stops with
"build the jar first: ...", so no install can leave the package without its jar.
The work itself is in ``tools/bundle_jar.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.metadata.plugin.interface import MetadataHookInterface


def _bundle_jar(root: str):
    spec = importlib.util.spec_from_file_location("bundle_jar",
                                                  Path(root) / "tools" / "bundle_jar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _is_sdist(root: str) -> bool:
    # An unpacked sdist has PKG-INFO at its root; the source tree has none.
    return (Path(root) / "PKG-INFO").is_file()


class LegalFilesHook(MetadataHookInterface):
    """Sets ``license-files`` once LICENSE and NOTICE are next to pyproject.toml. It is a
    metadata hook, not a build hook, because hatchling reads the licence files when it first
    builds the metadata, before any build hook runs."""

    PLUGIN_NAME = "custom"

    def update(self, metadata: dict[str, Any]) -> None:
        bundle_jar = _bundle_jar(self.root)
        if not _is_sdist(self.root):
            bundle_jar.copy_legal_files()
        metadata["license-files"] = list(bundle_jar.LEGAL_FILES)


class JarHook(BuildHookInterface):
    """Copies Maven's jar into the package, or checks an sdist's; fails without a jar."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        bundle_jar = _bundle_jar(self.root)
        if _is_sdist(self.root):
            bundle_jar.check_sdist(Path(self.root))
        else:
            bundle_jar.bundle(bundle_jar.maven_jar())
