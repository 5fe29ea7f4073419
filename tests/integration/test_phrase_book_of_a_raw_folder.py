"""A raw folder's own phrase book, in a real run of the whole graph: one that cannot be
used stops the run before the warehouse is published, naming its file, row and column;
a good one gives that folder's reports its words."""

from __future__ import annotations

import pytest

from dagster_project.orchestration.failures import failure_lines
from tests.integration.pipeline import run_pipeline, settings_for
from tests.integration.raw_folders import build_raw_folder

pytestmark = pytest.mark.slow

HEADER = "indicator_code,section,role,group_with,template_vi,template_zero_vi\n"


def test_a_bad_book_blocks_publication_and_a_good_one_is_used(tmp_path, dagster_instance):
    raw = tmp_path / "raw"
    build_raw_folder(raw)
    book = raw / "reference/report_phrases.csv"
    book.write_text(HEADER + "TOWERS,net,chinh,,có {value},\n", encoding="utf-8")
    settings = settings_for(raw, tmp_path / "out")

    result = run_pipeline(settings, dagster_instance)
    assert not result.success
    assert not settings.warehouse.exists()  # nothing published, no report written
    assert not settings.reports_dir.joinpath("HN_2031_H1.md").exists()
    said = "\n".join(failure_lines(result.all_events))
    assert f"{book}, dòng 2, cột role: phải là một trong lead, part, omit" in said

    good = HEADER + "TOWERS,net,lead,,toàn tỉnh có {value} viễn thông,\n"
    book.write_text(good, encoding="utf-8")
    assert run_pipeline(settings, dagster_instance).success
    text = settings.reports_dir.joinpath("HN_2031_H1.md").read_text(encoding="utf-8")
    assert "Tính đến ngày 31/3/2031, toàn tỉnh có 55 cột viễn thông, đạt 91,7% kế hoạch" in text
