"""Files replaced in one step: a reader sees the old file or the new one, never half.

Every file replaced here is published (the warehouse, reports, feedback) and gets mode
0644, readable by the group and others: `mkstemp` alone would leave it 0600, owner only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PUBLISHED_MODE = 0o644


@contextmanager
def replaced_atomically(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `path` to write; renamed over `path` (mode 0644) when the
    block ends without error (after an fsync), removed when it raises."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, PUBLISHED_MODE)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
