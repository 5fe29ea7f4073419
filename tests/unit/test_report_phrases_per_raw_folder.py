"""A raw folder's own phrase book (`reference/report_phrases.csv`) replaces the packaged
one for that folder's reports; one that cannot be used is refused, naming file, row and
column."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.report.phrases import PhraseBookError, default_phrases, phrases_for
from dagster_project.report.writer import write_reports
from tests.unit.test_report_writer import warehouse  # noqa: F401  (the fixture)

HEADER = "indicator_code,section,role,group_with,template_vi,template_zero_vi\n"
OWN_BOOK = HEADER + "BTS,network,lead,,toàn tỉnh có {value} phát sóng,\n"


def _h1_text(warehouse_path, out, raw_dir) -> str:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        write_reports(con, out, english=False, phrases=phrases_for(raw_dir))
    return (out / "26_2023_H1.md").read_text(encoding="utf-8")


def test_a_raw_folders_own_book_is_used_for_its_reports(warehouse, tmp_path):  # noqa: F811
    raw = tmp_path / "raw"
    assert phrases_for(raw) is default_phrases()  # no book of its own: the default
    default_text = _h1_text(warehouse, tmp_path / "default", raw)
    assert "Toàn tỉnh có" not in default_text

    (raw / "reference").mkdir(parents=True)
    (raw / "reference/report_phrases.csv").write_text(OWN_BOOK, encoding="utf-8")
    assert list(phrases_for(raw)) == ["BTS"]
    own_text = _h1_text(warehouse, tmp_path / "own", raw)
    assert "\nToàn tỉnh có 3.000 trạm phát sóng.\n" in own_text
    assert "3.000 trạm" in default_text  # the same figure, in the generic words


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (HEADER + "BTS,network,lead,,có {value},\nX,network,chinh,,,\n",
         "dòng 3, cột role: phải là một trong lead, part, omit, không phải 'chinh'"),
        (HEADER + "BTS,network,lead,,toàn tỉnh có trạm,\n",
         "dòng 2, cột template_vi: mẫu câu phải có {value}"),
        (HEADER + "BTS,network,part,,có {value},\n",
         "dòng 2, cột group_with: chỉ tiêu 'part' phải ghi chỉ tiêu chính (group_with)"),
        (HEADER + "BTS,network,lead,,có {value},\nBTS,network,lead,,có {value},\n",
         "dòng 3, cột indicator_code: mã BTS đã có ở dòng trên"),
        ("indicator_code,role\nBTS,lead\n", "dòng 1: thiếu cột section, group_with"),
    ],
)  # fmt: skip
def test_a_book_that_cannot_be_used_is_refused_naming_file_row_and_column(
    tmp_path, content, error
):
    book = tmp_path / "reference/report_phrases.csv"
    book.parent.mkdir()
    book.write_text(content, encoding="utf-8")
    with pytest.raises(PhraseBookError) as refused:
        phrases_for(tmp_path)
    assert str(refused.value) == f"{book}, {error}"


def test_a_book_not_in_utf8_is_refused_naming_the_file(tmp_path):
    book = tmp_path / "reference/report_phrases.csv"
    book.parent.mkdir()
    book.write_bytes(HEADER.encode() + b"BTS,network,lead,,c\xf3 {value},\n")  # Latin-1 "ó"
    with pytest.raises(PhraseBookError, match="không đọc được dưới dạng UTF-8"):
        phrases_for(tmp_path)
