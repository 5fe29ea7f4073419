"""Plain CSV files read in one batch give exactly what the per-file reader gives."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dagster_project.ingest.check.csv_batch import plain_header, read_plain
from dagster_project.ingest.load.submissions import TEXT_SCHEMA, combine
from dagster_project.ingest.read.readers import read_submission
from tests.conftest import SAMPLE_RAW

BAD_FILES = Path(__file__).resolve().parents[1] / "fixtures" / "bad_files"


def _one_by_one(files: list[tuple[str, bytes]]) -> pl.DataFrame:
    return combine([(path, read_submission(path, data).frame) for path, data in files])


def _csv_files(root: Path) -> list[tuple[str, bytes]]:
    return [(str(p.relative_to(root)), p.read_bytes()) for p in sorted(root.rglob("*.csv"))]


def test_every_plain_sample_file_reads_the_same_in_one_batch():
    files = _csv_files(SAMPLE_RAW / "submissions")
    plain = [(path, data, plain_header(data)) for path, data in files]
    plain = [item for item in plain if item[2] is not None]
    assert len(plain) > 1000  # most of the sample is plain: the batch is the common path
    batch = read_plain(plain, TEXT_SCHEMA)
    expected = _one_by_one([(path, data) for path, data, _ in plain])
    assert batch.height == expected.height > 0
    assert batch.equals(expected)


def test_files_with_different_headers_keep_their_order_and_their_columns():
    files = [
        ("a.csv", b"unit_code,period,indicator_code,value\nU1,2023-01,X,1\nU1,2023-01,Y,\n"),
        ("b.csv", b"value,unit_code,period,indicator_code,note\n2, U2 ,2023-02,X,late\n"),
        ("c.csv", b"unit_code,period,indicator_code,value\nU3,2023-03,X,3.5\n"),
    ]
    plain = [(path, data, plain_header(data)) for path, data in files]
    batch = read_plain(plain, TEXT_SCHEMA)
    assert batch.equals(_one_by_one(files))
    assert batch.select("file_path", "row_number", "unit_code", "value", "note").rows() == [
        ("a.csv", 2, "U1", "1", None),
        ("a.csv", 3, "U1", None, None),
        ("b.csv", 2, " U2 ", "2", "late"),
        ("c.csv", 2, "U3", "3.5", None),
    ]


def test_of_the_bad_file_fixtures_only_those_bad_by_name_or_value_are_plain():
    """The others need the per-file reader (decoding, sniffing, quotes, bad lines); the
    plain ones read the same in a batch, and the contracts then see the same rows."""
    files = [(p.name, p.read_bytes()) for p in sorted(BAD_FILES.glob("*.csv"))]
    files = [(name, data) for name, data in files if name != "expected.csv"]
    plain = [(name, data, plain_header(data)) for name, data in files]
    plain = [item for item in plain if item[2] is not None]
    assert [name for name, _, _ in plain] == [
        "..csv", ".hidden.csv", "out_of_bounds.csv", "unknown_codes.csv"
    ]
    batch = read_plain(plain, TEXT_SCHEMA)
    assert batch.equals(_one_by_one([(name, data) for name, data, _ in plain]))


@pytest.mark.parametrize(
    "data",
    [
        b"unit_code,period,indicator_code,value\n",  # a header alone
        b"unit_code,period,indicator_code,value\nU1,2023-01,X,1",  # no final newline
        b"unit_code,period,indicator_code,value\r\nU1,2023-01,X,1\r\n",  # CRLF
        b"unit_code,period,indicator_code,value\nU1,2023-01,X,1\n\n",  # a blank line
        b"unit_code,period,indicator_code,value\n,,,\n",  # an empty record (dropped)
        b"unit_code,period,indicator_code,value\nU1,2023-01,X,1,2\n",  # too many fields
        b"unit_code,period,indicator_code,value\nU1,2023-01,X\n",  # too few fields
        b'unit_code,period,indicator_code,value\nU1,2023-01,X,"1,5"\n',  # a quote
        b"ma_don_vi,period,indicator_code,value\nU1,2023-01,X,1\n",  # an alias
        b"STT,unit_code,period,indicator_code,value\n1,U1,2023-01,X,1\n",  # an extra column
        b"unit_code,period,value\nU1,2023-01,1\n",  # a required column missing
        b"unit_code,unit_code,period,indicator_code,value\nU1,U1,2023-01,X,1\n",  # twice
        "unit_code,period,indicator_code,value,note\nU1,2023-01,X,1,Hà Nội\n".encode(),
        b"unit_code;period;indicator_code;value\nU1;2023-01;X;1\n",  # semicolons
    ],
)
def test_anything_unusual_goes_to_the_per_file_reader(data):
    assert plain_header(data) is None
