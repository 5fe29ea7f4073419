"""Words the report uses for codes: periods, statuses, activities, units, sectors.

One place for each label. Everything here is a default: callers may pass their own
mappings, and a code missing from a mapping gets a generic phrase, never an error,
so a new catalogue (other activities, other units) still produces a report.
"""

from __future__ import annotations

from datetime import date

# The code lists' labels are the registry's (catalog/codes.py); re-exported here.
from dagster_project.catalog.codes import PERIOD_LABEL_EN as PERIOD_LABEL_EN
from dagster_project.catalog.codes import PERIOD_LABEL_VI as PERIOD_LABEL_VI
from dagster_project.catalog.codes import STATUS_EN as STATUS_EN
from dagster_project.catalog.codes import STATUS_VI as STATUS_VI

# --- periods ---------------------------------------------------------------------------


def period_start(year: int, period: str) -> date:
    """First day of the period (H2: 1 July; H1 and FY: 1 January)."""
    return date(year, 7 if period == "H2" else 1, 1)


def period_end(year: int, period: str) -> date | None:
    """Last day of the period (H1: 30 June; H2 and FY: 31 December); None if unknown."""
    if period == "H1":
        return date(year, 6, 30)
    if period in ("H2", "FY"):
        return date(year, 12, 31)
    return None


def period_label_vi(period: str) -> str:
    return PERIOD_LABEL_VI.get(period, f"kỳ {period}")


def period_label_en(period: str) -> str:
    return PERIOD_LABEL_EN.get(period, f"period {period}")


def period_phrase_vi(year: int, period: str) -> str:
    """What a sentence starts with: "Trong 6 tháng đầu năm" / "Trong năm 2023"."""
    if period == "FY":
        return f"Trong năm {year}"
    return f"Trong {period_label_vi(period)}"


def period_phrase_en(year: int, period: str) -> str:
    if period == "FY":
        return f"In {year}"
    return f"In the {period_label_en(period)} of {year}"


# --- statuses (marts.halfyear_vs_plan.status) -------------------------------------------


def reporting_period_vi(frequency: str, start: date) -> str:
    """A reporting period of the calendar: "tháng 1/2023", "quý 2/2023",
    "6 tháng đầu năm 2023", "năm 2023"."""
    if frequency == "quarterly":
        return f"quý {(start.month - 1) // 3 + 1}/{start.year}"
    if frequency == "half_yearly":
        return f"{period_label_vi('H1' if start.month <= 6 else 'H2')} {start.year}"
    if frequency == "yearly":
        return f"năm {start.year}"
    return f"tháng {start.month}/{start.year}"


def reporting_period_en(frequency: str, start: date) -> str:
    """ "January 2023", "Q2 2023", "H1 2023", "2023"."""
    if frequency == "quarterly":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if frequency == "half_yearly":
        return f"{'H1' if start.month <= 6 else 'H2'} {start.year}"
    if frequency == "yearly":
        return str(start.year)
    return f"{start:%B} {start.year}"


# --- activities (marts.active_units.activity) -------------------------------------------
# "{n}" is the count as written in prose ("15", "hơn 200").

ACTIVITY_PHRASES_VI = {
    "postal": "{n} doanh nghiệp hoạt động bưu chính",
    "telephone": "{n} nhà cung cấp dịch vụ điện thoại",
    "internet": "{n} nhà cung cấp dịch vụ Internet",
    "telecom": "{n} doanh nghiệp viễn thông",
    "it": "{n} doanh nghiệp hoạt động trong lĩnh vực công nghệ thông tin",
    "electronics": "{n} doanh nghiệp điện tử",
    "printing": "{n} cơ sở in, phát hành",
    "publishing": "{n} đơn vị xuất bản",
}
ACTIVITY_FALLBACK_VI = "{n} đơn vị có hoạt động {activity}"

ACTIVITY_PHRASES_EN = {
    "postal": "{n} postal enterprises",
    "telephone": "{n} telephone service providers",
    "internet": "{n} Internet service providers",
    "telecom": "{n} telecom enterprises",
    "it": "{n} enterprises in information technology",
    "electronics": "{n} electronics enterprises",
    "printing": "{n} printing and distribution establishments",
    "publishing": "{n} publishers",
}
ACTIVITY_FALLBACK_EN = "{n} units with activity {activity}"

# (The order of sectors in a report is dbt's: var sector_order, dbt/dbt_project.yml.)

# --- who set a plan (plan_source): how a sentence names it; other codes are shown as is ---

PLAN_SOURCE_VI = {"UBND": "UBND tỉnh", "HĐND": "HĐND tỉnh", "TW": "Trung ương"}
PLAN_SOURCE_EN = {
    "UBND": "Provincial People's Committee",
    "HĐND": "Provincial People's Council",
    "TW": "central government",
}

# --- units: English display of the catalogue's Vietnamese units -------------------------

UNIT_EN = {
    "tỷ đồng": "billion VND",
    "triệu đồng": "million VND",
    "nghìn đồng": "thousand VND",
    "đồng": "VND",
    "trạm": "stations",
    "hồ sơ": "dossiers",
    "văn bản": "documents",
    "bưu gửi": "items",
    "doanh nghiệp": "enterprises",
    "thuê bao": "subscribers",
    "thủ tục": "procedures",
    "%": "%",
}


def unit_en(unit: str | None) -> str | None:
    if unit is None:
        return None
    return UNIT_EN.get(unit.strip().lower(), unit)


# --- the sector the report is about (the title) ------------------------------------------

SECTOR_NAME_VI = "Thông tin và Truyền thông"
SECTOR_NAME_EN = "Information and Communications"
