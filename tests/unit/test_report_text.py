"""Sentences, titles, enterprise counts, ordering and the Markdown document, from row dicts."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.common.markdown_text import md_escape
from dagster_project.report.markdown import render_markdown_en, render_markdown_vi
from dagster_project.report.model import (
    ReportContext,
    build_contexts,
    figure_from_row,
    in_reading_order,
    prose_paragraphs,
    safe_name_part,
    unit_counts_at,
)
from dagster_project.report.text_en import enterprise_sentence_en, sentence_en, title_en
from dagster_project.report.text_vi import (
    enterprise_sentence_vi,
    province_label_vi,
    sentence_vi,
    status_summary_vi,
    title_vi,
)

H1_END = date(2023, 6, 30)


def mart_row(**overrides):
    """A row of marts.halfyear_vs_plan: postal and telecom revenue, H1 2023, an estimate."""
    row = {
        "province_code": "26",
        "year": 2023,
        "period": "H1",
        "indicator_code": "BCVT_REVENUE",
        "indicator_name_vi": "Doanh thu bưu chính, viễn thông",
        "indicator_name_en": "Postal and telecom revenue",
        "unit": "tỷ đồng",
        "kind": "flow",
        "actual_value": 1500.0,
        "plan_value": 2900.0,
        "pct_of_plan": 51.724137931,
        "expected_pct": 50.0,
        "pace_gap_pp": 1.724137931,
        "status": "on_track",
        "prev_year_value": None,
        "yoy_pct": None,
        "is_estimate": True,
        "as_of": H1_END,
        "units_expected": 20,
        "units_reporting": 20,
        "completeness_pct": 100.0,
    }
    row.update(overrides)
    return row


def vi(row, period="H1", parts=()):
    figure = figure_from_row(row, H1_END if period == "H1" else date(row["year"], 12, 31))
    return sentence_vi(figure, period, [figure_from_row(p, H1_END) for p in parts])


def test_estimate_with_plan_and_growth():
    row = mart_row(prev_year_value=1380.0, yoy_pct=8.695652)
    assert vi(row) == (
        "Trong 6 tháng đầu năm, doanh thu bưu chính, viễn thông đạt khoảng 1.500 tỷ đồng, "
        "ước đạt 51,7% kế hoạch năm 2023, tăng 8,7% so với cùng kỳ."
    )


def test_actual_without_last_year():
    row = mart_row(is_estimate=False)
    assert vi(row) == (
        "Trong 6 tháng đầu năm, doanh thu bưu chính, viễn thông đạt 1.500 tỷ đồng, "
        "đạt 51,7% kế hoạch năm 2023."
    )


def test_decrease_on_last_year():
    row = mart_row(is_estimate=False, prev_year_value=1600.0, yoy_pct=-6.25)
    assert vi(row).endswith("đạt 51,7% kế hoạch năm 2023, giảm 6,3% so với cùng kỳ.")


def test_yoy_computed_when_the_mart_leaves_it_out_and_level_when_unchanged():
    assert vi(mart_row(prev_year_value=1200.0)).endswith(", tăng 25% so với cùng kỳ.")
    assert vi(mart_row(prev_year_value=1500.0, yoy_pct=0.0)).endswith(", tương đương cùng kỳ.")


def test_last_year_zero():
    row = mart_row(
        indicator_name_vi="Hồ sơ trực tuyến",
        unit="hồ sơ",
        actual_value=101,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
        prev_year_value=0,
    )
    assert vi(row) == (
        "Trong 6 tháng đầu năm, hồ sơ trực tuyến đạt 101 hồ sơ, cùng kỳ năm trước là 0 hồ sơ."
    )


def test_cut_off_date_and_no_plan():
    row = mart_row(
        indicator_name_vi="Hồ sơ trực tuyến tiếp nhận",
        unit="hồ sơ",
        actual_value=101,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
        as_of=date(2023, 6, 6),
    )
    assert vi(row) == "Tính đến ngày 6/6/2023, hồ sơ trực tuyến tiếp nhận đạt 101 hồ sơ."


def test_estimate_without_plan_says_uoc_dat_on_the_value():
    row = mart_row(
        indicator_name_vi="Doanh thu in, phát hành",
        actual_value=375.3,
        plan_value=None,
        pct_of_plan=None,
    )
    assert vi(row) == "Trong 6 tháng đầu năm, doanh thu in, phát hành ước đạt trên 375 tỷ đồng."


def test_plan_source_is_named():
    row = mart_row(
        indicator_name_vi="Doanh thu in, phát hành",
        actual_value=375.3,
        plan_value=750,
        pct_of_plan=50.04,
        plan_source="UBND",
    )
    assert vi(row) == (
        "Trong 6 tháng đầu năm, doanh thu in, phát hành đạt trên 375 tỷ đồng, "
        "ước đạt 50% kế hoạch năm 2023 của UBND tỉnh."
    )
    other = mart_row(plan_source="Bộ TT&TT", is_estimate=False)
    assert vi(other).endswith("đạt 51,7% kế hoạch năm 2023 của Bộ TT&TT.")


def test_stock_and_ratio_and_lower_is_better():
    stock = mart_row(
        indicator_name_vi="Số trạm BTS",
        unit="trạm",
        kind="stock",
        actual_value=3000,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
    )
    assert vi(stock) == "Số trạm BTS đạt 3.000 trạm."
    ratio = mart_row(
        indicator_name_vi="Tỷ lệ phủ sóng 3G, 4G",
        unit="%",
        kind="ratio",
        actual_value=100.0,
        plan_value=100.0,
        pct_of_plan=100.0,
        is_estimate=False,
        prev_year_value=97.5,
        yoy_pct=2.564,
    )
    assert vi(ratio) == (
        # A ratio's plan is said only when it is not reached.
        "Tỷ lệ phủ sóng 3G, 4G đạt 100%, tăng 2,5 điểm phần trăm so với cùng kỳ."
    )
    backlog = mart_row(
        indicator_name_vi="Bưu gửi tồn đọng",
        unit="bưu gửi",
        kind="stock",
        actual_value=0,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
        higher_is_better=False,
    )
    # Nothing left where lower is better: the article's "không còn bưu gửi tồn đọng".
    assert vi(backlog) == "Không còn bưu gửi tồn đọng."
    assert vi({**backlog, "indicator_name_vi": "Số bưu gửi tồn đọng", "prev_year_value": 0}) == (
        "Không còn bưu gửi tồn đọng, tương đương cùng kỳ."
    )
    assert vi({**backlog, "actual_value": 3}) == "Bưu gửi tồn đọng là 3 bưu gửi."


def test_stock_with_an_early_cut_off():
    stock = mart_row(
        indicator_name_vi="Số trạm BTS",
        unit="trạm",
        kind="stock",
        actual_value=3000,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
        as_of=date(2023, 5, 31),
    )
    assert vi(stock) == "Tính đến ngày 31/5/2023, số trạm BTS đạt 3.000 trạm."


def test_second_half_and_full_year_openers():
    assert vi(mart_row(period="H2", is_estimate=False, as_of=date(2023, 12, 31)), "H2").startswith(
        "Trong 6 tháng cuối năm, doanh thu"
    )
    assert vi(mart_row(period="FY", is_estimate=False, as_of=date(2023, 12, 31)), "FY").startswith(
        "Trong năm 2023, doanh thu"
    )


def test_children_follow_their_parent():
    parent = mart_row(is_estimate=False)
    postal = mart_row(
        indicator_code="POSTAL_REVENUE",
        indicator_name_vi="Doanh thu bưu chính",
        actual_value=300,
        plan_value=None,
        pct_of_plan=None,
        is_estimate=False,
        parent_code="BCVT_REVENUE",
    )
    telecom = mart_row(
        indicator_code="TELECOM_REVENUE",
        indicator_name_vi="Doanh thu viễn thông",
        actual_value=1199.6,
        plan_value=None,
        pct_of_plan=None,
        parent_code="BCVT_REVENUE",
    )
    assert vi(parent, parts=[postal, telecom]).endswith(
        "đạt 51,7% kế hoạch năm 2023. Trong đó, doanh thu bưu chính đạt 300 tỷ đồng và "
        "doanh thu viễn thông ước đạt khoảng 1.200 tỷ đồng."
    )
    planned = {**postal, "pct_of_plan": 50.8, "plan_source": "UBND"}
    assert vi(parent, parts=[planned]).endswith(
        "Trong đó, doanh thu bưu chính đạt 300 tỷ đồng (đạt 50,8% kế hoạch năm 2023 của UBND tỉnh)."
    )
    paragraphs = prose_paragraphs([parent, postal, telecom])  # dbt's reading order
    assert len(paragraphs) == 1 and len(paragraphs[0]) == 1
    item = paragraphs[0][0]
    assert item.row is parent
    assert [p["indicator_code"] for p in item.parts] == ["POSTAL_REVENUE", "TELECOM_REVENUE"]


def test_child_gets_its_own_sentence_when_the_parent_has_no_data():
    parent = mart_row(actual_value=None)
    child = mart_row(indicator_code="POSTAL_REVENUE", parent_code="BCVT_REVENUE")
    paragraphs = prose_paragraphs([parent, child])
    assert [[item.row["indicator_code"] for item in p] for p in paragraphs] == [["POSTAL_REVENUE"]]


def test_no_data_gives_no_sentence():
    assert figure_from_row(mart_row(actual_value=None), H1_END) is None


def test_input_text_is_escaped_for_markdown():
    assert md_escape("A|B <script>*x*_\n") == r"A\|B \<script\>\*x\*\_"
    row = mart_row(
        indicator_code="X_REVENUE", indicator_name_vi="Doanh thu | <b>\n# x", is_estimate=False
    )
    # Sentences are plain text on one line; the Markdown writer escapes them once.
    assert "doanh thu | <b> # x đạt 1.500 tỷ đồng" in vi(row)
    context = build_contexts([row])[0]
    assert "doanh thu \\| \\<b\\> \\# x đạt 1.500 tỷ đồng" in render_markdown_vi(context)


def test_english_sentence():
    row = mart_row(prev_year_value=1380.0, yoy_pct=8.695652)
    figure = figure_from_row(row, H1_END)
    assert sentence_en(figure, "H1") == (
        "In the first six months of 2023, postal and telecom revenue reached about "
        "1,500 billion VND, an estimated 51.7% of the 2023 plan, up 8.7% year on year."
    )


def test_titles_and_province_labels():
    assert title_vi(province_label_vi("26", "Vĩnh Phúc"), 2023, "H1") == (
        "Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, tỉnh Vĩnh Phúc"
    )
    assert title_vi(province_label_vi("26"), 2023, "H2") == (
        "Báo cáo kết quả 6 tháng cuối năm 2023 — ngành Thông tin và Truyền thông, tỉnh (mã 26)"
    )
    assert title_vi("tỉnh X", 2024, "FY").startswith("Báo cáo kết quả năm 2024 — ")
    assert province_label_vi("01", "Thành phố Hà Nội") == "Thành phố Hà Nội"
    assert title_en("Vĩnh Phúc province", 2023, "H1") == (
        "Results for the first six months of 2023 — Information and Communications sector, "
        "Vĩnh Phúc province"
    )


ARTICLE_COUNTS = [("postal", 15), ("telephone", 5), ("internet", 5), ("it", 213)]


def test_enterprise_sentence_like_the_article():
    assert enterprise_sentence_vi(ARTICLE_COUNTS, "tỉnh Vĩnh Phúc", H1_END) == (
        "Tính đến ngày 30/6/2023, trên địa bàn tỉnh Vĩnh Phúc có 15 doanh nghiệp hoạt động "
        "bưu chính, 5 nhà cung cấp dịch vụ điện thoại, 5 nhà cung cấp dịch vụ Internet và "
        "hơn 200 doanh nghiệp hoạt động trong lĩnh vực công nghệ thông tin."
    )
    assert enterprise_sentence_en(ARTICLE_COUNTS, "Vĩnh Phúc province", H1_END) == (
        "As of 30 June 2023, Vĩnh Phúc province had 15 postal enterprises, 5 telephone "
        "service providers, 5 Internet service providers and more than 200 enterprises in "
        "information technology."
    )


def test_enterprise_sentence_fallbacks():
    assert enterprise_sentence_vi([("radio", 3), ("postal", 0)], "tỉnh X") == (
        "Hiện nay, trên địa bàn tỉnh X có 3 đơn vị có hoạt động radio."
    )
    assert enterprise_sentence_vi([], "tỉnh X") is None
    custom = {"postal": "{n} bưu cục"}
    assert enterprise_sentence_vi([("POSTAL", 7)], "tỉnh X", phrases=custom) == (
        "Hiện nay, trên địa bàn tỉnh X có 7 bưu cục."
    )


def test_unit_counts_at_period_end():
    units = [
        {"province_code": "26", "period_end": date(2023, 6, 30), "activity": "it", "n_active": 213},
        {
            "province_code": "26",
            "period_end": date(2023, 6, 30),
            "activity": "postal",
            "n_active": 15,
        },
        {
            "province_code": "26",
            "period_end": date(2023, 6, 30),
            "activity": "dvc",
            "n_active": 1,
            "is_enterprise_activity": False,  # only agencies have it
        },
        {
            "province_code": "26",
            "period_end": date(2023, 6, 30),
            "activity": "printing",
            "n_active": 0,
        },
        {
            "province_code": "26",
            "period_end": date(2023, 3, 31),
            "activity": "postal",
            "n_active": 14,
        },
        {
            "province_code": "26",
            "period_end": date(2023, 12, 31),
            "activity": "postal",
            "n_active": 16,
        },
        {
            "province_code": "27",
            "period_end": date(2023, 6, 30),
            "activity": "postal",
            "n_active": 9,
        },
    ]
    assert unit_counts_at(units, "26", H1_END) == (
        H1_END,
        [("postal", 15), ("it", 213)],
    )
    assert unit_counts_at(units, "26", date(2023, 5, 31)) == (date(2023, 3, 31), [("postal", 14)])
    assert unit_counts_at(units, "99", H1_END) == (None, [])


def test_rows_come_in_the_marts_reading_order():
    # The order itself is dbt's (marts.halfyear_vs_plan.display_order; its unit test
    # reading_order_and_depth in dbt/models/marts/_marts.yml).
    rows = [
        mart_row(indicator_code="DOCS", display_order=3),
        mart_row(indicator_code="BCVT", display_order=1),
        mart_row(indicator_code="POSTAL", display_order=2, depth=1),
    ]
    assert [r["indicator_code"] for r in in_reading_order(rows)] == ["BCVT", "POSTAL", "DOCS"]
    (context,) = build_contexts(rows)
    assert [r["indicator_code"] for r in context.rows] == ["BCVT", "POSTAL", "DOCS"]


def test_build_contexts_only_where_there_is_data():
    rows = [
        mart_row(),
        mart_row(year=2022, actual_value=None),  # a plan, no data: no report
        mart_row(period="FY", province_code="../27"),
    ]
    contexts = build_contexts(rows, province_names={"26": "Vĩnh Phúc"})
    assert sorted(c.stem for c in contexts) == ["26_2023_H1", "_27_2023_FY"]
    assert {c.province_code: c.province_name for c in contexts} == {
        "26": "Vĩnh Phúc",
        "../27": None,
    }
    assert safe_name_part("a/b\\c") == "a_b_c"


def test_status_summary():
    rows = [
        mart_row(status="on_track"),
        mart_row(status="behind", indicator_name_vi="Doanh thu công nghệ thông tin"),
        mart_row(status="ahead"),
        mart_row(status="no_plan"),
    ]
    assert status_summary_vi(rows) == (
        "So với mức cần đạt đến cuối kỳ, 1 chỉ tiêu vượt tiến độ, 1 chỉ tiêu đúng tiến độ và "
        "1 chỉ tiêu chậm tiến độ (doanh thu công nghệ thông tin)."
    )
    assert status_summary_vi([mart_row(status="no_plan")]) is None


@pytest.fixture
def context():
    rows = [
        mart_row(sector_code="telecom"),
        mart_row(
            indicator_code="DOSSIERS",
            indicator_name_vi="Hồ sơ trực tuyến tiếp nhận",
            indicator_name_en="Online dossiers received",
            unit="hồ sơ",
            actual_value=101,
            plan_value=None,
            pct_of_plan=None,
            status="no_plan",
            is_estimate=False,
            as_of=date(2023, 6, 6),
            sector_code="admin",
            units_expected=3,
            units_reporting=2,
        ),
        mart_row(
            indicator_code="EMPTY",
            indicator_name_vi="Chỉ tiêu chưa có số",
            actual_value=None,
            pct_of_plan=None,
            status="no_data",
            is_estimate=False,
            as_of=None,
            sector_code="admin",
        ),
    ]
    return ReportContext(
        province_code="26",
        year=2023,
        period="H1",
        rows=tuple(rows),
        province_name="Vĩnh Phúc",
        unit_counts=tuple(ARTICLE_COUNTS),
        counts_date=H1_END,
    )


def test_markdown_document(context):
    text = render_markdown_vi(context)
    lines = text.splitlines()
    assert lines[0] == (
        "# Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, tỉnh Vĩnh Phúc"
    )
    assert "có 15 doanh nghiệp hoạt động bưu chính" in text
    assert "khoảng 1.500 tỷ đồng, ước đạt 51,7% kế hoạch năm 2023." in text
    assert "Tính đến ngày 6/6/2023, hồ sơ trực tuyến tiếp nhận đạt 101 hồ sơ." in text
    assert (
        "| Chỉ tiêu | Đơn vị | Thực hiện | Kế hoạch | % kế hoạch | Mức cần đạt | Đánh giá "
        "| Cùng kỳ | Đủ báo cáo |"
    ) in lines
    assert (
        "| Doanh thu bưu chính, viễn thông | tỷ đồng | 1.500 (ước) | 2.900 | 51,7% | 50% "
        "| đúng tiến độ | — | 20/20 |"
    ) in lines
    assert (
        "| Hồ sơ trực tuyến tiếp nhận | hồ sơ | 101 | — | — | — | chưa có kế hoạch | — | 2/3 |"
        in lines
    )
    assert (
        "| Chỉ tiêu chưa có số | tỷ đồng | — | 2.900 | — | 50% | chưa có số liệu | — | 20/20 |"
        in lines
    )
    assert "- Kỳ báo cáo: từ 1/1/2023 đến 30/6/2023." in lines
    assert any(line.startswith('- "(ước)": số liệu có phần ước tính') for line in lines)
    assert "- Chỉ tiêu chưa đủ đơn vị báo cáo: Hồ sơ trực tuyến tiếp nhận (2/3)." in lines
    # Paragraph per sector, the table comes after the prose.
    assert text.index("doanh nghiệp bưu chính, viễn thông") < text.index("hồ sơ trực tuyến")
    assert text.index("hồ sơ trực tuyến") < text.index("## ")


def test_english_document_has_the_same_figures(context):
    text = render_markdown_en(context)
    assert text.startswith("# Results for the first six months of 2023")
    assert "about 1,500 billion VND, an estimated 51.7% of the 2023 plan." in text
    assert "As of 6 June 2023, online dossiers received reached 101 dossiers." in text
    assert (
        "| Postal and telecom revenue | billion VND | 1,500 (est.) | 2,900 | 51.7% | 50% " in text
    )


def test_pro_forma_base_is_said():
    row = mart_row(prev_year_value=1380.0, yoy_pct=8.695652, prev_year_is_pro_forma=True)
    assert vi(row).endswith(
        "tăng 8,7% so với cùng kỳ (cùng kỳ là số cộng gộp của các tỉnh trước hợp nhất)."
    )
