"""A language pack: everything the report says in one language, behind one interface.

:data:`VI` and :data:`EN` hold the labels (statuses, table headers, headings), the
number and date forms (Babel's separators, our half-up rounding: ``numbers_vi`` /
``numbers_en``) and the sentence templates (``text_vi`` / ``text_en``). The document
builder (:mod:`.document`) takes a pack and never asks which language it is; a third
language is a third pack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dagster_project.report import labels, numbers_en, numbers_vi, text_en, text_vi


@dataclass(frozen=True)
class LanguagePack:
    code: str  # "vi", "en": the file suffix and the HTML lang attribute
    name_key: str  # the mart column with the indicator's name in this language
    # number and date forms
    number: Callable[..., str]
    percent: Callable[..., str]
    signed_percent: Callable[..., str]
    date: Callable[..., str]
    unit: Callable[[str | None], str | None]
    # labels
    status: Mapping[str, str]
    plan_met: str  # a lower-is-better target reached
    estimate_mark: str  # after an estimated figure in the table
    points: str  # percentage points, after a ratio's change in the table
    table_header: tuple[str, ...]
    table_heading: str
    notes_heading: str
    changes_heading: str
    # sentence templates
    province_label: Callable[..., str]
    title: Callable[..., str]
    period_phrase: Callable[..., str]
    sentence: Callable[..., str]
    enterprise_sentence: Callable[..., str | None]
    status_summary: Callable[..., str | None]
    notes: Callable[..., list[str]]
    change_line: Callable[..., str]  # a figure that moved since the previous edition
    sector_name: str
    activity_phrases: Mapping[str, str]


def _unit_vi(unit: str | None) -> str | None:
    return unit


VI = LanguagePack(
    code="vi",
    name_key="indicator_name_vi",
    number=numbers_vi.format_number_vi,
    percent=numbers_vi.format_percent_vi,
    signed_percent=numbers_vi.format_signed_percent_vi,
    date=numbers_vi.format_date_vi,
    unit=_unit_vi,
    status=labels.STATUS_VI,
    plan_met="đạt kế hoạch",
    estimate_mark=" (ước)",
    points="điểm %",
    table_header=(
        "Chỉ tiêu",
        "Đơn vị",
        "Thực hiện",
        "Kế hoạch",
        "% kế hoạch",
        "Mức cần đạt",
        "Đánh giá",
        "Cùng kỳ",
        "Đủ báo cáo",
    ),
    table_heading="Số liệu chi tiết",
    notes_heading="Ghi chú",
    changes_heading="Thay đổi so với lần công bố trước",
    province_label=text_vi.province_label_vi,
    title=text_vi.title_vi,
    period_phrase=text_vi.period_phrase_vi,
    sentence=text_vi.sentence_vi,
    enterprise_sentence=text_vi.enterprise_sentence_vi,
    status_summary=text_vi.status_summary_vi,
    notes=text_vi.notes_vi,
    change_line=text_vi.change_line_vi,
    sector_name=labels.SECTOR_NAME_VI,
    activity_phrases=labels.ACTIVITY_PHRASES_VI,
)

EN = LanguagePack(
    code="en",
    name_key="indicator_name_en",
    number=numbers_en.format_number_en,
    percent=numbers_en.format_percent_en,
    signed_percent=numbers_en.format_signed_percent_en,
    date=numbers_en.format_date_en,
    unit=labels.unit_en,
    status=labels.STATUS_EN,
    plan_met="plan met",
    estimate_mark=" (est.)",
    points="pp",
    table_header=(
        "Indicator",
        "Unit",
        "Actual",
        "Plan",
        "% of plan",
        "Expected",
        "Assessment",
        "Same period last year",
        "Units reporting",
    ),
    table_heading="Figures",
    notes_heading="Notes",
    changes_heading="Changes since the previous edition",
    province_label=text_en.province_label_en,
    title=text_en.title_en,
    period_phrase=text_en.period_phrase_en,
    sentence=text_en.sentence_en,
    enterprise_sentence=text_en.enterprise_sentence_en,
    status_summary=text_en.status_summary_en,
    notes=text_en.notes_en,
    change_line=text_en.change_line_en,
    sector_name=labels.SECTOR_NAME_EN,
    activity_phrases=labels.ACTIVITY_PHRASES_EN,
)
