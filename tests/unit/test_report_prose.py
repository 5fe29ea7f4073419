"""The prose in the article's order and manner, from the phrase book; periods under way."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.report.document import build_document
from dagster_project.report.language import VI
from dagster_project.report.model import build_contexts
from dagster_project.report.phrases import PhraseBookError, read_phrases
from tests.unit.test_report_text import mart_row


def row(code, name, unit, kind, actual, **kw):
    base = dict(
        indicator_code=code,
        indicator_name_vi=name,
        unit=unit,
        kind=kind,
        actual_value=actual,
        plan_value=None,
        pct_of_plan=None,
        status="no_plan",
        is_estimate=False,
        sector_code="admin",
        plan_source="UBND",
    )
    base.update(kw)
    return mart_row(**base)


ADMIN = [
    row("ONLINE_PROCEDURES_PCT", "Tỷ lệ TTHC trực tuyến", "%", "ratio", 100, plan_value=100),
    row("PROCEDURES_TOTAL", "Tổng số thủ tục hành chính", "thủ tục", "stock", 97),
    row("ONLINE_DOSSIERS", "Số hồ sơ trực tuyến", "hồ sơ", "flow", 101, as_of=date(2023, 6, 6)),
    row("DOSSIERS_EARLY_PCT", "Tỷ lệ trước hạn", "%", "ratio", 100, as_of=date(2023, 6, 6)),
    row("DOSSIERS_RESOLVED", "Số hồ sơ đã giải quyết", "hồ sơ", "flow", 98),
    row("INCOMING_DOCS", "Số văn bản đến", "văn bản", "flow", 4548, as_of=date(2023, 6, 7)),
    row("OUTGOING_DOCS", "Số văn bản đi", "văn bản", "flow", 1146, as_of=date(2023, 6, 7)),
    row("SIGNED_DOCS_PCT", "Tỷ lệ ký số", "%", "ratio", 100, as_of=date(2023, 6, 7)),
    row(
        "MAIL_BACKLOG",
        "Bưu gửi tồn đọng",
        "bưu gửi",
        "stock",
        0,
        plan_value=0,
        higher_is_better=False,
        sector_code="postal",
        prev_year_value=35,
        yoy_pct=-100,
    ),
    mart_row(plan_source="UBND"),  # BCVT_REVENUE, the estimate against a plan of 2.900
    mart_row(
        indicator_code="IT_REVENUE",
        indicator_name_vi="Doanh thu công nghệ thông tin, điện tử",
        actual_value=94.6,
        plan_value=210,
        pct_of_plan=45.047,
        sector_code="it",
        plan_source="UBND",
    ),
]


@pytest.fixture
def text():
    document = build_document(build_contexts(ADMIN)[0], VI)
    return document.paragraphs, document.table_rows


def test_admin_paragraph_groups_each_ratio_with_its_parts_and_dates_once(text):
    paragraphs, _ = text
    assert paragraphs[-2] == (
        "100% thủ tục hành chính là dịch vụ công trực tuyến toàn trình. "
        "Tính đến ngày 6/6/2023, đã tiếp nhận 101 hồ sơ trực tuyến trên Cổng Dịch vụ công "
        "của tỉnh; trong đó 100% hồ sơ được giải quyết trước hạn. "
        "Tính đến ngày 7/6/2023, Sở đã tiếp nhận 4.548 văn bản đến; phát hành 1.146 văn bản "
        "đi; tỷ lệ ký số trên văn bản đi đạt 100%."
    )
    joined = " ".join(paragraphs)
    assert "97 thủ tục" not in joined and "98 hồ sơ" not in joined  # denominators
    assert joined.count("Tính đến ngày 6/6/2023") == 1


def test_met_zero_target_reads_as_met_and_plan_source_is_named_once(text):
    paragraphs, rows = text
    assert paragraphs[0] == (
        "Không còn bưu gửi tồn đọng tại các bưu cục, đạt kế hoạch năm 2023 của UBND tỉnh, "
        "cùng kỳ năm trước là 35 bưu gửi."
    )
    joined = " ".join(paragraphs)
    assert joined.count("của UBND tỉnh") == 1
    assert "giảm 100%" not in joined
    assert "ước đạt 51,7% kế hoạch năm 2023." in paragraphs[1]
    backlog = next(r for r in rows if r.cells[0] == "Bưu gửi tồn đọng")
    assert backlog.cells[6] == "đạt kế hoạch"


def test_revenues_share_one_paragraph_and_one_opener(text):
    paragraphs, _ = text
    revenue = paragraphs[1]
    assert revenue.startswith("Trong 6 tháng đầu năm, tổng doanh thu của các doanh nghiệp")
    # The article: "Doanh thu lĩnh vực công nghệ thông tin, điện tử đạt 95 tỷ đồng, ước đạt
    # 45% kế hoạch năm 2023" (an estimated 94,6 is "khoảng 95").
    assert (
        "Doanh thu lĩnh vực công nghệ thông tin, điện tử đạt khoảng 95 tỷ đồng, "
        "ước đạt 45% kế hoạch năm 2023."
    ) in revenue
    assert revenue.count("Trong 6 tháng đầu năm") == 1


def test_a_year_under_way_is_reported_to_its_cut_off():
    rows = [
        mart_row(
            period="FY",
            is_period_complete=False,
            last_month_with_data=date(2023, 6, 1),
            plan_source="UBND",
        )
    ]
    context = build_contexts(rows)[0]
    assert context.through == date(2023, 6, 30)
    document = build_document(context, VI)
    assert document.title.startswith("Báo cáo kết quả năm 2023 (lũy kế đến 30/6/2023)")
    assert document.paragraphs[0].startswith("Lũy kế đến 30/6/2023, tổng doanh thu")
    assert "31/12/2023" not in " ".join(document.paragraphs)
    assert document.notes[0] == (
        "Kỳ báo cáo: từ 1/1/2023 đến 31/12/2023; kỳ chưa kết thúc, số liệu lũy kế đến 30/6/2023."
    )


def test_a_complete_year_is_not_under_way():
    rows = [mart_row(period="FY", is_period_complete=True, as_of=date(2023, 12, 31))]
    assert build_contexts(rows)[0].through is None


def test_phrase_book_errors_name_file_row_column_and_rule(tmp_path):
    path = tmp_path / "report_phrases.csv"
    path.write_text(
        "indicator_code,section,role,group_with,template_vi\n"
        "A,admin,lead,,{value} hồ sơ\n"
        "B,admin,part,,{value}\n",
        encoding="utf-8",
    )
    with pytest.raises(PhraseBookError) as error:
        read_phrases(path)
    assert str(error.value) == (
        f"{path}, dòng 3, cột group_with: chỉ tiêu 'part' phải ghi chỉ tiêu chính (group_with)"
    )


def test_without_a_book_every_indicator_is_a_lead_in_its_sector():
    document = build_document(build_contexts(ADMIN)[0], VI, phrases={})
    joined = " ".join(document.paragraphs)
    assert "Tổng số thủ tục hành chính đạt 97 thủ tục" in joined


def test_without_a_book_a_ratios_parts_are_left_to_the_table():
    rows = [
        row("SHARE", "Tỷ lệ thôn trực tuyến", "%", "ratio", 70, plan_value=80),
        row("VILLAGES", "Số thôn", "thôn", "stock", 10, ratio_of="SHARE"),
        row("ONLINE", "Số thôn trực tuyến", "thôn", "stock", 7, ratio_of="SHARE"),
    ]
    document = build_document(build_contexts(rows)[0], VI, phrases={})
    assert document.paragraphs[0] == (
        "Tỷ lệ thôn trực tuyến đạt 70%, chưa đạt kế hoạch năm 2023 của UBND tỉnh (80%)."
    )
    assert len(document.table_rows) == 3  # the parts stay in the table
