"""SQL text built from names and paths: the one identifier quoter and string literal."""

from pathlib import Path


def sql_string(path: Path) -> str:
    """A path as a SQL string literal (ATTACH takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def quote_identifier(*parts: str) -> str:
    """A (qualified) identifier for SQL, each part double-quoted with `"` escaped.

    The one identifier quoter: names reach SQL only from the registry or from the
    database's own catalogue, and even those are quoted (a column may be called `left`).
    """
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)
