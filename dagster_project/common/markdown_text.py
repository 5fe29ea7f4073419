"""Input text made inert in Markdown: the one escaper and the one table writer for
reports, feedback and metadata.

Names, values and messages come from submissions and reference files; in a Markdown
document (or a Dagster metadata cell) they must never change its structure: no heading
from a leading `#`, no table cell split by `|`, no link, no HTML, no second line.
Documents are built as plain text (:func:`one_line`) and escaped once, by the writer of
the format (this module for Markdown; HTML and Word have their own rules).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# `&` only where it would start an HTML entity (`&lt;`): "Bộ TT&TT" stays as typed.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?\w+;))")

_RULE = {"left": "---", "right": "---:", "center": ":---:"}


def one_line(text: object) -> str:
    """Control characters and line breaks become one space; runs of spaces one space."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def md_escape(text: object) -> str:
    """:func:`one_line`, then every character with a meaning in Markdown backslashed."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]
) -> str:
    """A pipe table of cells that are already escaped; ``align``: left, right or center."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(_RULE[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)
