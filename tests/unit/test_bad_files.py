"""The hand-made bad files (tests/fixtures/bad_files) loaded together, each with the
outcome tests/fixtures/bad_files/expected.csv gives it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.load.loader import load_reference, load_submissions
from tests.fixtures import make_bad_files

BAD_FILES = Path(make_bad_files.__file__).resolve().parent / "bad_files"
EXPECTED = list(csv.DictReader((BAD_FILES / "expected.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Every bad file under `raw/submissions/bad/`, loaded once."""
    from tests.unit.conftest import write_raw_folder

    root = tmp_path_factory.mktemp("bad_files")
    raw = write_raw_folder(root)
    shutil.copytree(BAD_FILES, raw / "submissions" / "bad", ignore=shutil.ignore_patterns(
        "expected.csv"))  # fmt: skip
    con = duckdb.connect(str(root / "warehouse.duckdb"))
    load_reference(raw, con, log=lambda _: None)
    result = load_submissions(raw, con, log=lambda _: None)
    yield con, result
    con.close()


def test_the_generator_reproduces_the_committed_files(tmp_path):
    make_bad_files.write(tmp_path)
    committed = sorted(p.name for p in BAD_FILES.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (BAD_FILES / name).read_bytes(), name


def test_every_file_has_an_expected_outcome(loaded):
    con, result = loaded
    listed = {row["file"] for row in EXPECTED}
    found = {path.rsplit("/", 1)[1] for (path,) in con.execute(
        "select file_path from raw.file_manifest").fetchall()}  # fmt: skip
    assert found == listed
    assert result.files_found == len(EXPECTED)
    assert result.files_duplicate == 0


@pytest.mark.parametrize("case", EXPECTED, ids=lambda row: row["file"])
def test_outcome_counts_and_reason(loaded, case):
    con, _ = loaded
    path = f"submissions/bad/{case['file']}"
    outcome, encoding, received, accepted, rejected = con.execute(
        "select outcome, encoding, received_rows, accepted_rows, rejected_rows "
        "from raw.file_manifest where file_path = ?",
        [path],
    ).fetchone()
    assert outcome == case["outcome"]
    assert (received, rejected) == (int(case["received_rows"]), int(case["rejected_rows"]))
    assert received == accepted + rejected  # nothing silently dropped
    assert encoding == (case["encoding"] or None)
    (values,) = con.execute(
        "select count(*) from raw.submission_values where file_path = ?", [path]
    ).fetchone()
    assert values == accepted
    (warnings,) = con.execute(
        "select count(*) from raw.row_warnings where file_path = ?", [path]
    ).fetchone()
    assert warnings == int(case["warnings"])

    reasons = con.execute(
        "select reason, reason_vi from raw.rejected_files where file_path = ?", [path]
    ).fetchall()
    checks = {
        check
        for (check,) in con.execute(
            "select check_name from raw.rejected_rows where file_path = ?", [path]
        ).fetchall()
    }
    if outcome == "rejected":
        assert len(reasons) == 1
        reason, reason_vi = reasons[0]
        assert case["reason"] in reason
        assert reason_vi  # always both languages
        assert not checks
    else:
        assert reasons == []
        if case["reason"]:
            assert case["reason"] in checks
        rows_with_failures = con.execute(
            "select count(distinct row_number) from raw.rejected_rows where file_path = ?", [path]
        ).fetchone()[0]
        assert rows_with_failures == rejected


def test_every_received_row_is_accepted_or_rejected(loaded):
    con, result = loaded
    assert result.rows_received == result.rows_accepted + result.rows_rejected
    assert con.execute(
        "select count(*) from raw.file_manifest "
        "where received_rows <> accepted_rows + rejected_rows"
    ).fetchone() == (0,)


def test_malformed_lines_are_rejected_rows_with_the_line_as_sent(loaded):
    con, _ = loaded
    from dagster_project.ingest.check.contracts import CHECKS

    rows = con.execute(
        "select row_number, column_name, value, check_name, unit_code, message, message_vi "
        "from raw.rejected_rows where file_path = 'submissions/bad/some_bad_lines.csv' "
        "order by row_number"
    ).fetchall()
    too_many, quotes = CHECKS["csv_line_too_many_fields"], CHECKS["csv_line_bad_quotes"]
    assert rows == [
        (3, "*", "BC01,2023-02,POSTAL_REVENUE,1,5,,", "csv_line_too_many_fields", "BC01",
         too_many.en, too_many.vi),
        (5, "*", 'BC01,2023-04,POSTAL_REVENUE,4,,"Số liệu "ước" tính"', "csv_line_bad_quotes",
         "BC01", quotes.en, quotes.vi),
    ]  # fmt: skip
    periods = con.execute(
        "select strftime(period, '%m') from raw.submission_values "
        "where file_path = 'submissions/bad/some_bad_lines.csv' order by row_number"
    ).fetchall()
    assert periods == [("01",), ("03",), ("05",)]
    # The Vietnamese reason is Vietnamese: no parser message in English inside it.
    for message in (too_many.vi, quotes.vi):
        assert "expected" not in message and "field" not in message
