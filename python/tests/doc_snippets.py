"""The fenced code blocks of the documentation, by name.

A block is named by the line directly before its opening fence, ``<!-- snippet: NAME -->``;
``block(page, name)`` returns its text without the fences and without the fence's indentation.
Pages are paths from the repository root, e.g. ``"docs/python.md"`` or ``"README.md"``. The Java
tests read the same pages with ``io.losseval.testing.DocSnippets``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^\s*<!-- snippet: ([a-z0-9-]+) -->\s*$")
FENCE = re.compile(r"^(\s*)(```+)(\S*)\s*$")


def snippets(page: str) -> dict[str, tuple[str, str]]:
    """Every named block of a page: name -> (language, text)."""
    lines = (ROOT / page).read_text(encoding="utf-8").split("\n")
    found: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if opening:
            indent, fence, language = opening.groups()
            end = lines.index(indent + fence, i + 1)
            marker = MARKER.match(lines[i - 1]) if i > 0 else None
            if marker:
                text = "\n".join(line[len(indent):] if line.startswith(indent) else line
                                 for line in lines[i + 1:end])
                assert marker[1] not in found, f"{page}: two snippets named {marker[1]}"
                found[marker[1]] = (language, text)
            i = end
        i += 1
    return found


def block(page: str, name: str) -> str:
    """The text of the block named ``name`` in ``page``."""
    found = snippets(page)
    assert name in found, f"{page} has no snippet named {name}"
    return found[name][1]
