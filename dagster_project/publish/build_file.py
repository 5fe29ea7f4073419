"""The build file is ours: one DuckDB cannot open is set aside and rebuilt from raw/.

Every run writes the build file beside the warehouse and publishes it only once it has
passed the checks, so the build file holds nothing that `raw/` cannot give again. A run
killed at the wrong moment, a full disk or a stray write can leave it unreadable ("…
exists, but it is not a valid DuckDB database file"); rather than fail every later run
until a person deletes it, the run that finds it so moves it aside (kept once, as
`<name>.unreadable`, for whoever wants to look) and starts from an empty file, which the
ingest assets then fill from every file under raw/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

# Another process holding the file is not damage: that error is retried, never reset.
_LOCK_CONFLICT = "Could not set lock on file"


def set_aside_if_unreadable(path: Path, log: Callable[[str], object] = print) -> bool:
    """Open `path` once; if DuckDB cannot, move it (and its WAL) aside. True if it did."""
    if not path.exists():
        return False
    try:
        con = duckdb.connect(str(path))
        try:
            con.execute("select count(*) from duckdb_tables()").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        if _LOCK_CONFLICT in str(exc):
            raise
        aside = path.with_name(f"{path.name}.unreadable")
        path.replace(aside)
        wal = path.with_name(f"{path.name}.wal")
        if wal.exists():
            wal.replace(aside.with_name(f"{aside.name}.wal"))
        log(
            f"the build file {path} could not be opened ({exc}); it was moved to {aside} "
            "and is rebuilt from every file under the raw folder"
        )
        return True
    return False
