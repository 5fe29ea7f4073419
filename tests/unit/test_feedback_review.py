"""The unit's feedback asks it to confirm or correct each value held for review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from dagster_project.report.feedback import REVIEW_TITLE, write_feedback
from tests.unit.test_feedback import make_warehouse


def test_open_flags_get_a_section_in_the_units_file(tmp_path: Path):
    db = make_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute(
            "insert into quality.open_review_flags (province_code, unit_code, indicator_code, "
            "month_start, file_path, row_number, value, check_name, message, message_vi) values "
            "('26', 'VT01', 'POSTAL_REVENUE', ?, 'f.csv', 2, ?, 'value_scale_jump', 'en', ?)",
            [date(2023, 6, 1), Decimal("1726.5"), "giá trị 1726,5 lớn gấp 100 lần trung vị 17,2"],
        )
    with duckdb.connect(str(db), read_only=True) as con:
        write_feedback(con, tmp_path / "reports")
    text = (tmp_path / "reports/feedback/VT01.md").read_text(encoding="utf-8")
    section = text[text.index(REVIEW_TITLE) :]
    assert section.splitlines()[-1] == (
        "| Doanh thu bưu chính (POSTAL\\_REVENUE) | 06/2023 | 1726,5 "
        "| giá trị 1726,5 lớn gấp 100 lần trung vị 17,2 |"
    )
    bc01 = (tmp_path / "reports/feedback/BC01.md").read_text(encoding="utf-8")
    assert REVIEW_TITLE not in bc01  # no open flag there
