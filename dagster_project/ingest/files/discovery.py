"""Find the files under `<raw>/submissions`, hash them, and apply the path rules.

Rules (SPEC "Operations", hostile input), each a rejected file with a reason, never a
crash: a name containing `..`; a link that resolves outside the raw folder (it is not
even opened); a link to a folder (not followed); anything that is not a regular file
(a FIFO would block the run); a file above the size cap (`ICT_MAX_FILE_BYTES`, default
100 MB; not hashed); a suffix no reader knows; an empty (0-byte) file, which is never the
duplicate of another empty one; a hidden file name (`.x.csv`, `..csv`) with a submission
suffix, which would otherwise vanish unseen. Other hidden files, hidden folders (`.git`)
and Office lock files (`~$name`) are skipped: they are listed in `Discovery.skipped`
(and the run log) and are not part of the manifest.

The same bytes seen again are a duplicate of the first file with them, ordered by
`first_seen_at` then path. `first_seen_at` survives re-runs through the previous
manifest as long as the file's SHA-256 is unchanged; otherwise it is the file's
modification time (UTC, naive).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from dagster_project.common.settings import MAX_FILE_BYTES_ENV, SettingsError, max_file_bytes_from
from dagster_project.ingest.errors import IngestError, UnreadableFile
from dagster_project.ingest.files.file_formats import (
    SUBMISSION_SUFFIXES,
    file_format,
    not_a_submission,
)

SUBMISSIONS_DIR = "submissions"
_CHUNK = 1024 * 1024

PreviousManifest = Mapping[str, tuple[str | None, datetime | None]]


@dataclass(frozen=True)
class FoundFile:
    """One file under `submissions/`, before it is read."""

    path: str  # relative to the raw folder, '/'-separated
    location: Path | None  # what to open (a permitted link's target); None: never opened
    size_bytes: int | None
    sha256: str | None
    first_seen_at: datetime | None
    file_format: str | None  # 'csv' / 'xlsx'; None when no reader knows the suffix
    rejection: UnreadableFile | None = None
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Discovery:
    files: tuple[FoundFile, ...]  # sorted by path
    skipped: tuple[str, ...]  # hidden files and folders, relative paths


def max_file_bytes() -> int:
    """The size cap from `ICT_MAX_FILE_BYTES` (bytes), default 100 MB (settings.py)."""
    try:
        return max_file_bytes_from()
    except SettingsError as exc:
        raise IngestError(str(exc)) from exc


def discover(
    raw_dir: Path, previous: PreviousManifest | None = None, max_bytes: int | None = None
) -> Discovery:
    """Every file under `<raw_dir>/submissions`, with its checks, hash and duplicate status."""
    cap = max_file_bytes() if max_bytes is None else max_bytes
    root = raw_dir.resolve()
    candidates, skipped = _walk(raw_dir)
    found = [_inspect(raw_dir, root, path, previous or {}, cap) for path in candidates]
    return Discovery(
        files=tuple(sorted(_mark_duplicates(found), key=lambda f: f.path)),
        skipped=tuple(sorted(skipped)),
    )


def submission_paths(raw_dir: Path) -> list[str]:
    """The paths `discover` would report, without opening or hashing anything."""
    return sorted(_relative(raw_dir, path) for path in _walk(raw_dir)[0])


def _walk(raw_dir: Path) -> tuple[list[Path], list[str]]:
    """Files (and links to folders, never followed) under `submissions/`; hidden ones
    are skipped and listed by relative path."""
    candidates: list[Path] = []
    skipped: list[str] = []
    top = raw_dir / SUBMISSIONS_DIR
    if top.is_dir():
        for dirpath, dirnames, filenames in os.walk(top):
            here = Path(dirpath)
            for name in sorted(dirnames):
                if _is_hidden(name):
                    dirnames.remove(name)
                    skipped.append(_relative(raw_dir, here / name))
                elif (here / name).is_symlink():
                    dirnames.remove(name)  # never walked into
                    candidates.append(here / name)
            for name in filenames:
                if _is_hidden(name) and not _is_hidden_submission(name):
                    skipped.append(_relative(raw_dir, here / name))
                else:
                    candidates.append(here / name)
    return candidates, skipped


def open_regular(location: Path) -> BinaryIO:
    """Open a regular file for reading without following a last-moment link or blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(location, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_regular()
    return os.fdopen(fd, "rb")


def read_found(found: FoundFile, max_bytes: int) -> bytes:
    """The bytes of a discovered file, checked against its size cap and hash."""
    if found.location is None:
        raise found.rejection or _not_regular()
    try:
        with open_regular(found.location) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise _cannot_read(exc) from exc
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    if hashlib.sha256(data).hexdigest() != found.sha256:
        raise UnreadableFile(
            "the file changed while it was being read; it is read again on the next run",
            "tệp bị thay đổi trong lúc đọc; tệp sẽ được đọc lại ở lần chạy sau",
        )
    return data


def read_raw_file(raw_dir: Path, rel_path: str, max_bytes: int) -> bytes:
    """A file under the raw folder by relative path, with the same rules as submissions.

    Raises `FileNotFoundError` when it does not exist, `UnreadableFile` otherwise.
    """
    real = Path(os.path.realpath(raw_dir / rel_path))
    if not real.is_relative_to(raw_dir.resolve()):
        raise _outside()
    try:
        with open_regular(real) as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise _cannot_read(exc) from exc
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _is_hidden_submission(name: str) -> bool:
    """A dot-file named like a submission: a person's file to rename, not a tool's."""
    return name.startswith(".") and name.lower().endswith(SUBMISSION_SUFFIXES)


def _relative(raw_dir: Path, path: Path) -> str:
    return str(PurePosixPath(*path.relative_to(raw_dir).parts))


def _inspect(
    raw_dir: Path, root: Path, path: Path, previous: PreviousManifest, cap: int
) -> FoundFile:
    rel = _relative(raw_dir, path)

    def rejected(error: UnreadableFile, **known: object) -> FoundFile:
        fields: dict = {
            "location": None,
            "size_bytes": None,
            "sha256": None,
            "first_seen_at": None,
            "file_format": file_format(rel),
        }
        fields.update(known)
        return FoundFile(path=rel, rejection=error, **fields)

    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return replace(
            rejected(
                UnreadableFile(
                    "the file name is not valid UTF-8", "tên tệp không phải UTF-8 hợp lệ"
                )
            ),
            path=shown,
        )
    if _is_hidden_submission(path.name):
        return rejected(
            UnreadableFile(
                "hidden file name (it starts with a dot, so most folder views do not show "
                "it): rename it without the leading dot",
                "tên tệp ẩn (bắt đầu bằng dấu chấm nên thường không hiện trong thư mục): "
                "hãy đổi tên, bỏ dấu chấm ở đầu",
            )
        )
    if ".." in rel:
        return rejected(
            UnreadableFile(
                "the file name contains '..'; rename the file",
                "tên tệp chứa '..'; hãy đổi tên tệp",
            )
        )
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(root):
        return rejected(_outside())
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return rejected(UnreadableFile("the file is a broken link", "tệp là liên kết hỏng"))
    except OSError as exc:
        return rejected(_cannot_read(exc))
    if stat.S_ISDIR(info.st_mode):
        return rejected(
            UnreadableFile(
                "the folder is a link; links to folders are not followed",
                "thư mục là liên kết; không đọc các liên kết tới thư mục",
            )
        )
    if not stat.S_ISREG(info.st_mode):
        return rejected(_not_regular())
    mtime = datetime.fromtimestamp(info.st_mtime, UTC).replace(tzinfo=None)
    if info.st_size > cap:
        return rejected(_too_big(info.st_size, cap), size_bytes=info.st_size, first_seen_at=mtime)
    try:
        digest = _sha256(real)
    except (OSError, UnreadableFile) as exc:
        error = exc if isinstance(exc, UnreadableFile) else _cannot_read(exc)
        return rejected(error, size_bytes=info.st_size, first_seen_at=mtime)
    seen_sha, seen_at = previous.get(rel, (None, None))
    first_seen_at = seen_at if seen_sha == digest and seen_at is not None else mtime
    known = {"size_bytes": info.st_size, "sha256": digest, "first_seen_at": first_seen_at}
    if file_format(rel) is None:
        return rejected(not_a_submission(rel), **known)
    if info.st_size == 0:  # rejected here, so never the duplicate of another empty file
        return rejected(UnreadableFile("the file is empty", "tệp rỗng"), **known)
    return FoundFile(path=rel, location=real, file_format=file_format(rel), **known)


def _sha256(location: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(location) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _mark_duplicates(found: list[FoundFile]) -> list[FoundFile]:
    """Later files with the bytes of an earlier one (first_seen_at, then path) → duplicates."""
    first_by_sha: dict[str, str] = {}
    result: list[FoundFile] = []
    for item in sorted(found, key=lambda f: (f.first_seen_at or datetime.max, f.path)):
        if item.rejection is None and item.sha256 is not None:
            original = first_by_sha.setdefault(item.sha256, item.path)
            if original != item.path:
                item = replace(item, duplicate_of=original)
        result.append(item)
    return result


def _outside() -> UnreadableFile:
    return UnreadableFile(
        "the file is a link to a place outside the raw folder; it is not read",
        "tệp là liên kết tới nơi nằm ngoài thư mục raw; tệp không được đọc",
    )


def _not_regular() -> UnreadableFile:
    return UnreadableFile("not a regular file", "không phải tệp thông thường")


def _cannot_read(exc: OSError) -> UnreadableFile:
    why = exc.strerror or type(exc).__name__
    return UnreadableFile(f"the file cannot be read: {why}", f"không đọc được tệp: {why}")


def _too_big(size: int, cap: int) -> UnreadableFile:
    return UnreadableFile(
        f"the file is {size} bytes, above the limit of {cap} bytes ({MAX_FILE_BYTES_ENV})",
        f"tệp có {size} byte, vượt giới hạn {cap} byte ({MAX_FILE_BYTES_ENV})",
    )
