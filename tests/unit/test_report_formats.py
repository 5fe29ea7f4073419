"""The report as Word (.docx) and as a web page (HTML, rendered in Debian's headless
Chromium), with the article's figures read back from each; the chart for print."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Pt
from PIL import Image

from dagster_project.report.chart import build_chart, write_charts
from dagster_project.report.model import build_contexts
from dagster_project.report.text_vi import source_line
from dagster_project.report.writer import write_report
from tests.unit.test_report_prose import ADMIN, row
from tests.unit.test_report_text import mart_row

H1_END = date(2023, 6, 30)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"
UNITS = [
    {"province_code": "26", "period_end": H1_END, "activity": a, "n_active": n}
    for a, n in (("postal", 15), ("telephone", 5), ("internet", 5), ("it", 213))
]
ROWS = [
    *ADMIN,
    mart_row(
        indicator_code="PRINTING_REVENUE", indicator_name_vi="Doanh thu in",
        actual_value=375.3, plan_value=750,
        pct_of_plan=50.04, sector_code="printing", plan_source="UBND",
    ),
    row(
        "BTS_STATIONS", "Số trạm BTS", "trạm", "stock", 3000, sector_code="telecom",
        plan_value=3200, pct_of_plan=93.75, is_estimate=True,
    ),
]  # fmt: skip

# The article's figures, as the report must state them.
ARTICLE_PHRASES = (
    "15 doanh nghiệp hoạt động bưu chính",
    "hơn 200 doanh nghiệp",
    "Không còn bưu gửi tồn đọng tại các bưu cục",
    "3.000 trạm BTS",
    "khoảng 1.500 tỷ đồng, ước đạt 51,7% kế hoạch",
    "khoảng 95 tỷ đồng, ước đạt 45% kế hoạch năm 2023",
    "trên 375 tỷ đồng, ước đạt 50% kế hoạch năm 2023",
    "100% thủ tục hành chính là dịch vụ công trực tuyến toàn trình",
    "Tính đến ngày 6/6/2023, đã tiếp nhận 101 hồ sơ trực tuyến",
    "trong đó 100% hồ sơ được giải quyết trước hạn",
    "4.548 văn bản đến; phát hành 1.146 văn bản đi; tỷ lệ ký số trên văn bản đi đạt 100%",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    context = build_contexts(ROWS, UNITS, {"26": "Vĩnh Phúc"})[0]
    folder = tmp_path_factory.mktemp("formats")
    written = write_report(context, folder, english=False)
    return context, {path.suffix: path for path in written}


def test_the_files_of_one_report(report):
    _, files = report
    assert sorted(files) == [".docx", ".html", ".json", ".md", ".png", ".svg", ".xlsx"]


def test_word_file_states_the_article_figures_in_times_new_roman(report):
    _, files = report
    doc = open_docx(str(files[".docx"]))
    section = doc.sections[0]
    # Word stores lengths in twips: compared in millimetres.
    sizes = [section.page_width, section.page_height, section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in sizes] == [210, 297, 30, 15]
    title, *body = doc.paragraphs
    assert title.text == (
        "Báo cáo kết quả 6 tháng đầu năm 2023 — ngành Thông tin và Truyền thông, tỉnh Vĩnh Phúc"
    )
    assert title.runs[0].bold and title.runs[0].font.size == Pt(14)
    text = "\n".join(p.text for p in body)
    for phrase in ARTICLE_PHRASES:
        assert phrase in text, phrase
    prose = next(p for p in body if "1.500 tỷ đồng" in p.text)
    assert {(r.font.name, r.font.size) for r in prose.runs} == {("Times New Roman", Pt(13))}
    assert len(doc.inline_shapes) == 1  # the chart


def test_word_table_is_a_real_table_with_the_figures(report):
    _, files = report
    (table,) = open_docx(str(files[".docx"])).tables
    cells = [[cell.text for cell in r.cells] for r in table.rows]
    assert cells[0][:5] == ["Chỉ tiêu", "Đơn vị", "Thực hiện", "Kế hoạch", "% kế hoạch"]
    by_name = {r[0]: r for r in cells[1:]}
    assert by_name["Doanh thu bưu chính, viễn thông"][2:5] == [
        "1.500 (ước)",
        "2.900 (UBND)",
        "51,7%",
    ]
    assert by_name["Số văn bản đến"][2] == "4.548"
    assert by_name["Bưu gửi tồn đọng"][6] == "đạt kế hoạch"
    assert len(cells) == len(ROWS) + 1


def test_html_is_self_contained_with_the_chart_inline(report):
    _, files = report
    page = files[".html"].read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "@page { size: A4 portrait" in page
    assert page.count("<svg") == 1 and "<?xml" not in page
    # Nothing outside the file: the SVG's links point at its own elements ("#m8916…").
    assert "src=" not in page and "@import" not in page
    links = re.findall(r'href="([^"]*)"|url\(([^)]*)\)', page)
    assert links and all((href or url).startswith("#") for href, url in links)


def test_chart_for_print(report, tmp_path):
    context, files = report
    with Image.open(files[".png"]) as image:
        dpi = image.info["dpi"]
        width, _ = image.size
    assert round(dpi[0]) == 300 and width == 2010  # 6.7 in at 300 dpi
    figure = build_chart(context, "tỉnh Vĩnh Phúc")
    assert figure.get_suptitle() == (
        "Thực hiện so với kế hoạch năm: 6 tháng đầu năm 2023, tỉnh Vĩnh Phúc"
    )
    assert source_line(context) == "Nguồn: báo cáo của các đơn vị, tổng hợp ngày 30/6/2023."
    again = write_charts(context, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [
        files[".png"].read_bytes(),
        files[".svg"].read_bytes(),
    ]


# --- the page in a real browser ----------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"]  # fmt: skip


def _chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    reason = "Chromium not installed (Debian's `chromium`; $CHROMIUM): the page is not rendered"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so the browser test must run: {reason}")
    pytest.skip(reason)


@pytest.mark.browser
@pytest.mark.timeout(180)
def test_html_rendered_in_chromium_shows_the_article_figures(report, tmp_path):
    from playwright.sync_api import sync_playwright

    _, files = report
    requests = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(files[".html"].as_uri())
            text = page.inner_text("body")
            chart = page.locator("figure svg").bounding_box()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / "26_2023_H1.html.png"
            page.screenshot(path=str(shot), full_page=True)
            page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
        finally:
            browser.close()
    for phrase in ARTICLE_PHRASES:
        assert phrase in text, phrase
    assert "| 1.500 (ước) |" not in text and "1.500 (ước)" in text  # a table, not Markdown
    assert requests == [files[".html"].as_uri()]  # nothing fetched but the page itself
    assert chart is not None and chart["width"] > 500 and chart["height"] > 300
    with Image.open(shot) as image:
        width, height = image.size
        colours = len(set(image.convert("RGB").resize((200, 200)).getdata()))
    # The whole page (beyond the 1200 px viewport): prose, chart, table, notes.
    assert width == 900 and height > 1500, shot
    assert colours > 50  # text and chart drawn, not a blank page
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
