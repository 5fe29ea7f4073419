"""Input text made inert in Markdown: the one escaper for reports, feedback and metadata.

Names, values and messages come from submissions and reference files; in a Markdown
document (or a Dagster metadata cell) they must never change its structure: no heading
from a leading `#`, no table cell split by `|`, no link, no HTML, no second line.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# `&` only where it would start an HTML entity (`&lt;`): "Bộ TT&TT" stays as typed.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?\w+;))")


def md_escape(text: object) -> str:
    """Control characters and line breaks become one space; specials are backslashed."""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    return _SPECIAL.sub(r"\\\1", flat)
