"""Finding files and the path rules: dagster_project.ingest.files.discovery."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

import pytest

from dagster_project.ingest.errors import IngestError, UnreadableFile
from dagster_project.ingest.files.discovery import discover, max_file_bytes, read_found

CSV = b"unit_code,period,indicator_code,value\nBC01,2023-06,X,1\n"
SHA = hashlib.sha256(CSV).hexdigest()
T0 = datetime(2023, 7, 1, 8, 0)  # naive UTC


def put(raw: Path, rel: str, data: bytes = CSV, mtime: datetime = T0) -> Path:
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = (mtime - datetime(1970, 1, 1)).total_seconds()
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "submissions").mkdir(parents=True)
    return folder


def by_path(raw: Path, **kwargs):
    return {f.path: f for f in discover(raw, **kwargs).files}


def test_files_are_found_recursively_sorted_with_size_hash_and_mtime(raw):
    put(raw, "submissions/2023/06/b.csv")
    put(raw, "submissions/2023/06/a.CSV", CSV + b"BC01,2023-06,Y,2\n")
    found = discover(raw).files
    assert [f.path for f in found] == ["submissions/2023/06/a.CSV", "submissions/2023/06/b.csv"]
    b = found[1]
    assert (b.size_bytes, b.sha256, b.first_seen_at, b.file_format) == (len(CSV), SHA, T0, "csv")
    assert b.rejection is None and b.duplicate_of is None
    assert read_found(b, 1000) == CSV


def test_hidden_files_and_folders_are_skipped_not_recorded(raw):
    put(raw, "submissions/.DS_Store")
    put(raw, "submissions/.git/x.csv")
    put(raw, "submissions/~$BC01.xlsx")
    put(raw, "submissions/ok.csv")
    result = discover(raw)
    assert [f.path for f in result.files] == ["submissions/ok.csv"]
    assert result.skipped == (
        "submissions/.DS_Store",
        "submissions/.git",
        "submissions/~$BC01.xlsx",
    )


@pytest.mark.parametrize("name", ["..csv", ".x.csv", ".BC01.XLSX", ".csv"])
def test_a_hidden_name_with_a_submission_suffix_is_a_rejected_file(raw, name):
    put(raw, f"submissions/{name}")
    put(raw, "submissions/.git/y.csv")  # inside a hidden folder: still skipped
    result = discover(raw)
    assert result.skipped == ("submissions/.git",)
    (found,) = result.files
    assert found.path == f"submissions/{name}"
    assert found.location is None  # never opened
    assert found.rejection.reason_en == (
        "hidden file name (it starts with a dot, so most folder views do not show it): "
        "rename it without the leading dot"
    )
    assert found.rejection.reason_vi.startswith("tên tệp ẩn")


def test_empty_files_are_rejected_and_never_duplicates_of_each_other(raw):
    put(raw, "submissions/a.csv", b"", mtime=datetime(2023, 7, 1))
    put(raw, "submissions/b.xlsx", b"", mtime=datetime(2023, 7, 2))
    files = by_path(raw)
    for path in ("submissions/a.csv", "submissions/b.xlsx"):
        assert files[path].duplicate_of is None
        assert files[path].rejection.reason_en == "the file is empty"
        assert files[path].size_bytes == 0


def test_same_bytes_is_a_duplicate_of_the_first_seen(raw):
    put(raw, "submissions/a.csv", mtime=datetime(2023, 7, 2))
    put(raw, "submissions/b.csv", mtime=datetime(2023, 7, 1))  # seen first
    put(raw, "submissions/c.csv", mtime=datetime(2023, 7, 2))
    files = by_path(raw)
    assert files["submissions/b.csv"].duplicate_of is None
    assert files["submissions/a.csv"].duplicate_of == "submissions/b.csv"
    assert files["submissions/c.csv"].duplicate_of == "submissions/b.csv"


def test_duplicates_seen_at_the_same_time_go_by_path(raw):
    put(raw, "submissions/b.csv")
    put(raw, "submissions/a.csv")
    files = by_path(raw)
    assert files["submissions/a.csv"].duplicate_of is None
    assert files["submissions/b.csv"].duplicate_of == "submissions/a.csv"


def test_first_seen_at_comes_from_the_previous_manifest_while_the_bytes_are_unchanged(raw):
    put(raw, "submissions/a.csv")
    put(raw, "submissions/b.csv", CSV + b"\n")
    earlier = datetime(2023, 6, 15, 9, 30)
    previous = {
        "submissions/a.csv": (SHA, earlier),
        "submissions/b.csv": ("0" * 64, earlier),  # the file has changed since
    }
    files = by_path(raw, previous=previous)
    assert files["submissions/a.csv"].first_seen_at == earlier
    assert files["submissions/b.csv"].first_seen_at == T0


def test_previous_first_seen_decides_which_copy_is_the_original(raw):
    put(raw, "submissions/a.csv")
    put(raw, "submissions/b.csv")
    files = by_path(raw, previous={"submissions/b.csv": (SHA, datetime(2023, 1, 1))})
    assert files["submissions/a.csv"].duplicate_of == "submissions/b.csv"


def test_name_with_dot_dot_is_rejected(raw):
    put(raw, "submissions/BC01..2023.csv")
    found = by_path(raw)["submissions/BC01..2023.csv"]
    assert found.rejection is not None
    assert found.rejection.reason_en == "the file name contains '..'; rename the file"
    assert found.location is None


def test_link_outside_the_raw_folder_is_rejected_and_never_opened(raw, tmp_path):
    secret = tmp_path / "outside.csv"
    secret.write_bytes(CSV)
    (raw / "submissions" / "leak.csv").symlink_to(secret)
    (raw / "submissions" / "dir_leak").symlink_to(tmp_path, target_is_directory=True)
    files = by_path(raw)
    leak = files["submissions/leak.csv"]
    assert leak.rejection is not None
    assert leak.rejection.reason_en.startswith("the file is a link to a place outside the raw")
    assert (leak.size_bytes, leak.sha256, leak.location) == (None, None, None)
    assert files["submissions/dir_leak"].rejection.reason_en.startswith("the file is a link")


def test_link_inside_the_raw_folder_is_read(raw):
    put(raw, "inbox/a.csv")
    (raw / "submissions" / "a.csv").symlink_to(raw / "inbox" / "a.csv")
    found = by_path(raw)["submissions/a.csv"]
    assert found.rejection is None
    assert found.sha256 == SHA


def test_broken_link_and_fifo_are_rejected(raw):
    (raw / "submissions" / "gone.csv").symlink_to(raw / "nowhere.csv")
    os.mkfifo(raw / "submissions" / "pipe.csv")
    files = by_path(raw)
    assert files["submissions/gone.csv"].rejection.reason_en == "the file is a broken link"
    assert files["submissions/pipe.csv"].rejection.reason_en == "not a regular file"


def test_size_cap_from_the_environment(raw, monkeypatch):
    put(raw, "submissions/big.csv")
    put(raw, "submissions/small.csv", b"x")
    monkeypatch.setenv("ICT_MAX_FILE_BYTES", "10")
    assert max_file_bytes() == 10
    files = by_path(raw)
    big = files["submissions/big.csv"]
    assert big.rejection.reason_en == (
        f"the file is {len(CSV)} bytes, above the limit of 10 bytes (ICT_MAX_FILE_BYTES)"
    )
    assert (big.size_bytes, big.sha256) == (len(CSV), None)
    assert files["submissions/small.csv"].rejection is None


def test_size_cap_default_and_bad_values(monkeypatch):
    monkeypatch.delenv("ICT_MAX_FILE_BYTES", raising=False)
    assert max_file_bytes() == 100 * 1024 * 1024
    monkeypatch.setenv("ICT_MAX_FILE_BYTES", "lots")
    with pytest.raises(IngestError, match="ICT_MAX_FILE_BYTES must be a positive number"):
        max_file_bytes()


def test_unknown_suffix_is_hashed_and_rejected(raw):
    put(raw, "submissions/readme.txt")
    found = by_path(raw)["submissions/readme.txt"]
    assert (found.sha256, found.file_format) == (SHA, None)
    assert found.rejection.reason_en.startswith("not a submission file")


def test_a_file_that_changed_after_hashing_is_not_read(raw):
    path = put(raw, "submissions/a.csv")
    found = by_path(raw)["submissions/a.csv"]
    path.write_bytes(CSV + b"BC01,2023-06,Y,2\n")
    with pytest.raises(UnreadableFile, match="changed while it was being read"):
        read_found(found, 1000)


def test_no_submissions_folder_means_no_files(tmp_path):
    assert discover(tmp_path / "raw").files == ()
