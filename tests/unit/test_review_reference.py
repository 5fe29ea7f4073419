"""validation_rules.csv and reviews.csv: bad rows rejected with their reason, the rest
typed; absent files give empty tables (real DuckDB, real load_reference)."""

from __future__ import annotations

import shutil
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.load.loader import load_reference

SAMPLE_REFERENCE = Path(__file__).resolve().parents[2] / "raw" / "reference"

RULES = """
rule_code,description_vi,description_en,left,operator,right,importance,tolerance_pct
R_OK,Ký số ≤ đi,Signed <= outgoing,outgoing_docs_signed,<=,OUTGOING_DOCS,high,
R_SUM,Tổng,Sum,POSTAL_REVENUE + TELECOM_REVENUE,=,BCVT_REVENUE,,1
R_DUP,a,b,OUTGOING_DOCS,>=,OUTGOING_DOCS_SIGNED,low,
R_DUP,a,b,OUTGOING_DOCS,>=,OUTGOING_DOCS_SIGNED,low,
R_SQL,a,b,POSTAL_REVENUE; DROP TABLE x,=,BCVT_REVENUE,,
R_BAD,a,b,NOT_A_CODE,==,BCVT_REVENUE,urgent,-1
"""

REVIEWS = """
unit_code,indicator_code,period,decision,reviewer,reviewed_on,note
BC01,POSTAL_REVENUE,06/2023,Accept,Nguyễn Văn A,2023-07-20,đúng
XX99,POSTAL_REVENUE,2023-06,accept,A,2023-07-20,
BC01,POSTAL_REVENUE,2023-13,maybe,,,
"""


def _raw(tmp_path: Path, rules: str | None, reviews: str | None) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_REFERENCE, raw / "reference")
    (raw / "reference" / "validation_rules.csv").unlink(missing_ok=True)
    (raw / "submissions").mkdir()
    for name, text in (("validation_rules", rules), ("reviews", reviews)):
        if text is not None:
            (raw / "reference" / f"{name}.csv").write_text(
                textwrap.dedent(text).lstrip(), encoding="utf-8"
            )
    return raw


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


def test_rules_and_reviews_typed_and_bad_rows_rejected(tmp_path, con):
    result = load_reference(_raw(tmp_path, RULES, REVIEWS), con, log=lambda _: None)
    assert result.rows["validation_rules"] == 2
    assert result.rejected_rows["validation_rules"] == 4
    assert con.sql("SELECT * FROM raw.validation_rules ORDER BY rule_code").fetchall() == [
        ("R_OK", "Ký số ≤ đi", "Signed <= outgoing", "OUTGOING_DOCS_SIGNED", "<=",
         "OUTGOING_DOCS", "high", Decimal("0")),
        ("R_SUM", "Tổng", "Sum", "POSTAL_REVENUE+TELECOM_REVENUE", "=", "BCVT_REVENUE",
         "medium", Decimal("1")),
    ]
    rejected = con.sql(
        "SELECT row_number, column_name, value, check_name FROM raw.rejected_rows "
        "WHERE file_path = 'reference/validation_rules.csv' ORDER BY row_number, check_name"
    ).fetchall()
    assert rejected == [
        (4, "rule_code", "R_DUP", "rule_code_unique"),
        (5, "rule_code", "R_DUP", "rule_code_unique"),
        (6, "left", "POSTAL_REVENUE; DROP TABLE x", "rule_side_is_sum"),
        (7, "importance", "urgent", "importance_known"),
        (7, "operator", "==", "operator_known"),
        (7, "left", "NOT_A_CODE", "rule_codes_known"),
        (7, "tolerance_pct", "-1", "tolerance_pct_non_negative"),
    ]
    messages = con.sql(
        "SELECT message, message_vi FROM raw.rejected_rows WHERE check_name = 'operator_known'"
    ).fetchall()
    assert messages == [
        ("operator must be one of <=, <, =, >=, >", "phép so sánh phải là <=, <, =, >= hoặc >")
    ]

    assert con.sql("SELECT * FROM raw.reviews").fetchall() == [
        (2, "BC01", "POSTAL_REVENUE", date(2023, 6, 1),
         "accept", "Nguyễn Văn A", date(2023, 7, 20), "đúng"),
    ]
    review_rejections = con.sql(
        "SELECT row_number, column_name, check_name FROM raw.rejected_rows "
        "WHERE file_path = 'reference/reviews.csv' ORDER BY row_number, check_name"
    ).fetchall()
    assert review_rejections == [
        (3, "unit_code", "unit_code_known"),
        (4, "decision", "decision_known"),
        (4, "period", "period_is_month"),
        (4, "reviewed_on", "reviewed_on_is_date"),
        (4, "reviewer", "reviewer_present"),
    ]


def test_absent_files_are_empty_tables(tmp_path, con):
    result = load_reference(_raw(tmp_path, None, None), con, log=lambda _: None)
    assert result.rows["validation_rules"] == 0 and result.rows["reviews"] == 0
    assert con.execute("SELECT count(*) FROM raw.validation_rules").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM raw.reviews").fetchall() == [(0,)]
