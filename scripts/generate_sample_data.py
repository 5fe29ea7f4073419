"""Write the SYNTHETIC sample data in ``raw/``: reference files and monthly submissions.

The province totals reproduce a 2023 news article on the first half-year of the ICT
sector of Vĩnh Phúc (the figures are listed in ``raw/README.md``); everything beneath
them, the split over units and months, unit names, tax codes, dates and the whole of
2022, is invented.

Usage::

    python scripts/generate_sample_data.py raw

Re-running gives byte-identical files: every random choice comes from a ``random.Random``
seeded with a fixed string plus the name of the thing being decided, so one part of the
data does not reshuffle when another part of the generator changes, and nothing depends on
today's date, the hash seed or the order the file system lists things in.
"""

from __future__ import annotations

import calendar
import csv
import io
import random
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

from dagster_project.ingest.read.csv_reader import SUBMISSION_COLUMNS

SEED = "ict-sample-data-v1"
PROVINCE = "26"
MONTHS = [date(2022, m, 1) for m in range(1, 13)] + [date(2023, m, 1) for m in range(1, 7)]
HALVES = [(2022, "H1"), (2022, "H2"), (2023, "H1")]
JUNE_2022 = date(2022, 6, 1)
JUNE_2023 = date(2023, 6, 1)

# Exact totals per indicator and half-year, in hundredths of a tỷ đồng. The 2023 H1 ones are
# the article's (postal + telecom = 1.500, IT 94,6 ~ "95", printing 375,3 = "trên 375");
# 2022 is made up, about 8 % below the 2023 pace, so that year-on-year has a base.
REVENUE_TARGETS = {
    "POSTAL_REVENUE": {(2022, "H1"): 23915, (2022, "H2"): 25170, (2023, "H1"): 26040},
    "TELECOM_REVENUE": {(2022, "H1"): 114130, (2022, "H2"): 118810, (2023, "H1"): 123960},
    "IT_REVENUE": {(2022, "H1"): 8740, (2022, "H2"): 9785, (2023, "H1"): 9460},
    "PRINTING_REVENUE": {(2022, "H1"): 34380, (2022, "H2"): 37645, (2023, "H1"): 37530},
}

# BTS stations per telephone operator at three anchor months (the months in between grow
# by random steps). Columns add up to 2.700, 2.850 (end of 2022) and 3.000 (the article).
BTS_ANCHORS = {
    "VT01": (1080, 1135, 1200),
    "VT02": (810, 855, 900),
    "VT03": (540, 570, 596),
    "VT04": (170, 178, 186),
    "VT05": (100, 112, 118),
}
BTS_ANCHOR_MONTHS = (date(2022, 1, 1), date(2022, 12, 1), date(2023, 6, 1))

# Administrative flows per half-year (exact). 2023 H1 is the article's, counted to the
# June cut-off dates below; 2022 is made up.
ADMIN_TARGETS = {
    "ONLINE_DOSSIERS": {(2022, "H1"): 107, (2022, "H2"): 110, (2023, "H1"): 101},
    "INCOMING_DOCS": {(2022, "H1"): 4800, (2022, "H2"): 4900, (2023, "H1"): 4548},
    "OUTGOING_DOCS": {(2022, "H1"): 1210, (2022, "H2"): 1250, (2023, "H1"): 1146},
}
# "Tính đến ngày 6/6/2023" and "tính đến ngày 07/6/2023": June 2023 counts stop there.
CUTOFFS = {
    "ONLINE_DOSSIERS": date(2023, 6, 6),
    "DOSSIERS_RESOLVED": date(2023, 6, 6),
    "DOSSIERS_RESOLVED_EARLY": date(2023, 6, 6),
    "INCOMING_DOCS": date(2023, 6, 7),
    "OUTGOING_DOCS": date(2023, 6, 7),
    "OUTGOING_DOCS_SIGNED": date(2023, 6, 7),
}

# Month-of-year factors. Revenue dips in February (Tết) and peaks in December; printing
# also peaks before the school year (books) and at the year end (calendars).
REVENUE_SEASON = {1: 1.00, 2: 0.88, 3: 0.98, 4: 0.99, 5: 1.01, 6: 1.02,
                  7: 1.00, 8: 1.01, 9: 1.00, 10: 1.02, 11: 1.03, 12: 1.12}
PRINTING_SEASON = {1: 1.15, 2: 0.80, 3: 0.95, 4: 0.95, 5: 1.00, 6: 1.05,
                   7: 1.10, 8: 1.15, 9: 1.05, 10: 0.95, 11: 1.00, 12: 1.20}
# Paperwork stops around Tết: 1 February 2022, 22 January 2023.
ADMIN_SEASON = {
    2022: {1: 1.00, 2: 0.75, 3: 1.05, 4: 1.00, 5: 1.05, 6: 1.00,
           7: 1.00, 8: 0.95, 9: 1.00, 10: 1.05, 11: 1.05, 12: 1.10},
    2023: {1: 0.85, 2: 0.95, 3: 1.10, 4: 1.00, 5: 1.05, 6: 1.00},
}

# (code, name_vi, name_en, sector, unit, kind, numerator, denominator, parent,
#  higher_is_better, activity), in the order a report lists them.
INDICATORS = [
    ("BCVT_REVENUE", "Doanh thu bưu chính, viễn thông", "Postal and telecommunications revenue",
     "postal_telecom", "tỷ đồng", "flow", "", "", "", True, ""),
    ("POSTAL_REVENUE", "Doanh thu bưu chính", "Postal revenue",
     "postal", "tỷ đồng", "flow", "", "", "BCVT_REVENUE", True, "postal"),
    ("TELECOM_REVENUE", "Doanh thu viễn thông", "Telecommunications revenue",
     "telecom", "tỷ đồng", "flow", "", "", "BCVT_REVENUE", True, "telephone;internet"),
    ("IT_REVENUE", "Doanh thu công nghệ thông tin, điện tử", "IT and electronics revenue",
     "it", "tỷ đồng", "flow", "", "", "", True, "it"),
    ("PRINTING_REVENUE", "Doanh thu in, phát hành", "Printing and distribution revenue",
     "printing", "tỷ đồng", "flow", "", "", "", True, "printing"),
    ("BTS_STATIONS", "Số trạm thu phát sóng di động (BTS)", "Mobile base stations (BTS)",
     "telecom", "trạm", "stock", "", "", "", True, "telephone"),
    ("COMMUNES_TOTAL", "Tổng số xã, phường, thị trấn", "Communes, wards and townships",
     "telecom", "xã", "stock", "", "", "", True, "telecom_mgmt"),
    ("COMMUNES_COVERED_3G4G", "Số xã, phường, thị trấn được phủ sóng 3G/4G",
     "Communes, wards and townships covered by 3G/4G",
     "telecom", "xã", "stock", "", "", "", True, "telecom_mgmt"),
    ("COVERAGE_3G4G_PCT", "Tỷ lệ phủ sóng di động 3G/4G", "3G/4G mobile coverage",
     "telecom", "%", "ratio", "COMMUNES_COVERED_3G4G", "COMMUNES_TOTAL", "", True,
     "telecom_mgmt"),
    ("MAIL_BACKLOG", "Bưu gửi tồn đọng tại bưu cục", "Mail items backlogged at post offices",
     "postal", "bưu gửi", "stock", "", "", "", False, "postal"),
    ("PROCEDURES_TOTAL", "Tổng số thủ tục hành chính", "Administrative procedures",
     "admin", "thủ tục", "stock", "", "", "", True, "public_service_portal"),
    ("PROCEDURES_ONLINE_FULL", "Số thủ tục hành chính là dịch vụ công trực tuyến toàn trình",
     "Procedures offered as full-process online public services",
     "admin", "thủ tục", "stock", "", "", "", True, "public_service_portal"),
    ("ONLINE_PROCEDURES_PCT", "Tỷ lệ thủ tục hành chính là dịch vụ công trực tuyến toàn trình",
     "Share of procedures offered as full-process online public services",
     "admin", "%", "ratio", "PROCEDURES_ONLINE_FULL", "PROCEDURES_TOTAL", "", True,
     "public_service_portal"),
    ("ONLINE_DOSSIERS", "Số hồ sơ trực tuyến tiếp nhận trên Cổng Dịch vụ công",
     "Online dossiers received on the public service portal",
     "admin", "hồ sơ", "flow", "", "", "", True, "public_service_portal"),
    ("DOSSIERS_RESOLVED", "Số hồ sơ đã giải quyết", "Dossiers resolved",
     "admin", "hồ sơ", "flow", "", "", "", True, "public_service_portal"),
    ("DOSSIERS_RESOLVED_EARLY", "Số hồ sơ giải quyết trước hạn",
     "Dossiers resolved before the deadline",
     "admin", "hồ sơ", "flow", "", "", "", True, "public_service_portal"),
    ("DOSSIERS_EARLY_PCT", "Tỷ lệ hồ sơ giải quyết trước hạn",
     "Share of dossiers resolved before the deadline",
     "admin", "%", "ratio", "DOSSIERS_RESOLVED_EARLY", "DOSSIERS_RESOLVED", "", True,
     "public_service_portal"),
    ("INCOMING_DOCS", "Số văn bản đến", "Incoming documents",
     "admin", "văn bản", "flow", "", "", "", True, "document_system"),
    ("OUTGOING_DOCS", "Số văn bản đi", "Outgoing documents",
     "admin", "văn bản", "flow", "", "", "", True, "document_system"),
    ("OUTGOING_DOCS_SIGNED", "Số văn bản đi được ký số", "Outgoing documents digitally signed",
     "admin", "văn bản", "flow", "", "", "", True, "document_system"),
    ("SIGNED_DOCS_PCT", "Tỷ lệ văn bản đi được ký số",
     "Share of outgoing documents digitally signed",
     "admin", "%", "ratio", "OUTGOING_DOCS_SIGNED", "OUTGOING_DOCS", "", True,
     "document_system"),
]
INDICATOR_ORDER = {row[0]: i for i, row in enumerate(INDICATORS)}

# What a unit with an activity sends (the leaves; nobody submits a parent or a ratio).
REPORTED_BY_ACTIVITY = {
    "postal": ("POSTAL_REVENUE", "MAIL_BACKLOG"),
    "telephone": ("TELECOM_REVENUE", "BTS_STATIONS"),
    "internet": ("TELECOM_REVENUE",),
    "it": ("IT_REVENUE",),
    "printing": ("PRINTING_REVENUE",),
    "public_service_portal": ("PROCEDURES_TOTAL", "PROCEDURES_ONLINE_FULL", "ONLINE_DOSSIERS",
                              "DOSSIERS_RESOLVED", "DOSSIERS_RESOLVED_EARLY"),
    "document_system": ("INCOMING_DOCS", "OUTGOING_DOCS", "OUTGOING_DOCS_SIGNED"),
    "telecom_mgmt": ("COMMUNES_TOTAL", "COMMUNES_COVERED_3G4G"),
}
# Enterprises' June 2023 figures were estimates when the article was written.
ESTIMATED_IN_JUNE = {"POSTAL_REVENUE", "TELECOM_REVENUE", "IT_REVENUE", "PRINTING_REVENUE",
                     "BTS_STATIONS", "MAIL_BACKLOG"}
REVENUES = set(REVENUE_TARGETS)
# June 2022 of postal and telecom units: an estimate first, the actual figures later.
REVISED_IN_JUNE_2022 = {"POSTAL_REVENUE", "MAIL_BACKLOG", "TELECOM_REVENUE", "BTS_STATIONS"}

# (year, indicator, plan, source, revised_on). Plans are chosen so that the article's
# percentages come out: 1.500 / 2.900 = 51,7 %, 94,6 / 210 = 45 %, 375,3 / 750 = 50 %.
PLAN_2022 = "Quyết định số 168/QĐ-UBND ngày 20/01/2022 (giả lập)"
PLAN_2022_REVISED = "Quyết định số 1520/QĐ-UBND ngày 15/7/2022 (giả lập)"
PLAN_2023 = "Quyết định số 125/QĐ-UBND ngày 16/01/2023 (giả lập)"
PLANS = [
    (2022, "BCVT_REVENUE", 2700, PLAN_2022, ""),
    (2022, "IT_REVENUE", 170, PLAN_2022, ""),
    (2022, "IT_REVENUE", 180, PLAN_2022_REVISED, "2022-07-15"),
    (2022, "PRINTING_REVENUE", 700, PLAN_2022, ""),
    (2022, "BTS_STATIONS", 2900, PLAN_2022, ""),
    (2022, "COVERAGE_3G4G_PCT", 100, PLAN_2022, ""),
    (2022, "MAIL_BACKLOG", 0, PLAN_2022, ""),
    (2022, "ONLINE_PROCEDURES_PCT", 95, PLAN_2022, ""),
    (2022, "DOSSIERS_EARLY_PCT", 98, PLAN_2022, ""),
    (2022, "SIGNED_DOCS_PCT", 95, PLAN_2022, ""),
    (2023, "BCVT_REVENUE", 2900, PLAN_2023, ""),
    (2023, "IT_REVENUE", 210, PLAN_2023, ""),
    (2023, "PRINTING_REVENUE", 750, PLAN_2023, ""),
    (2023, "BTS_STATIONS", 3200, PLAN_2023, ""),
    (2023, "COVERAGE_3G4G_PCT", 100, PLAN_2023, ""),
    (2023, "MAIL_BACKLOG", 0, PLAN_2023, ""),
    (2023, "ONLINE_PROCEDURES_PCT", 100, PLAN_2023, ""),
    (2023, "DOSSIERS_EARLY_PCT", 100, PLAN_2023, ""),
    (2023, "SIGNED_DOCS_PCT", 100, PLAN_2023, ""),
]

# reference/reporting_calendar.csv: (activity, frequency, deadline_day, months_after).
# IT firms file once per half-year, by the 20th of the month after it; everyone else
# monthly, by the 10th of the following month (the default, listed all the same). The
# submissions follow it: IT files carry a half-year, arriving within 20 days of its end.
REPORTING_CALENDAR = [
    ("postal", "monthly", 10, 1),
    ("telephone", "monthly", 10, 1),
    ("internet", "monthly", 10, 1),
    ("it", "half_yearly", 20, 1),
    ("printing", "monthly", 10, 1),
    ("public_service_portal", "monthly", 10, 1),
    ("document_system", "monthly", 10, 1),
    ("telecom_mgmt", "monthly", 10, 1),
]
HALF_YEARLY = {activity for activity, frequency, *_ in REPORTING_CALENDAR
               if frequency == "half_yearly"}

# Vĩnh Phúc and Hòa Bình merged into Phú Thọ on 1 July 2025.
PROVINCES = [
    ("17", "Hòa Bình", "1991-10-01", "2025-06-30", "25"),
    ("25", "Phú Thọ", "1997-01-01", "", ""),
    ("26", "Vĩnh Phúc", "1997-01-01", "2025-06-30", "25"),
]

# The submission columns and their first Vietnamese alias, from the registry.
EN_HEADER = [spec.name for spec in SUBMISSION_COLUMNS]
VI_HEADER = [spec.aliases[0] for spec in SUBMISSION_COLUMNS]
SHARE_VIETNAMESE = 0.15  # of the files, like those typed by hand from the paper form
SHARE_BOM = 0.03  # of the files, as Excel's "CSV UTF-8" writes them


def rng_for(*parts: object) -> random.Random:
    """A generator of its own for each decision, so decisions don't shift one another."""
    return random.Random(":".join([SEED, *map(str, parts)]))


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def half_months(year: int, half: str) -> list[date]:
    first = 1 if half == "H1" else 7
    return [m for m in MONTHS if m.year == year and first <= m.month < first + 6]


def split_exact(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split an integer total into parts proportional to weights that add up exactly.

    Each part gets ``minimum`` first; the rest is shared by largest remainder (ties go to
    the earlier part). Exact fractions, not floats, so the sum is the total to the unit.
    """
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError(f"{total} is too small for {len(weights)} parts of {minimum}")
    exact = [Fraction(w) for w in weights]
    whole = sum(exact)
    quotas = [rest * w / whole for w in exact]
    parts = [int(q) for q in quotas]
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[: rest - sum(parts)]:
        parts[i] += 1
    return [minimum + p for p in parts]


# --- reporting units -----------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    unit_type: str
    activities: tuple[str, ...]
    tax_code: str
    active_from: date
    active_to: date | None = None

    def active_in(self, month: date) -> bool:
        """Active for at least part of the month: then the unit reports that month."""
        return self.active_from <= month_end(month) and (
            self.active_to is None or self.active_to >= month
        )

    def indicators(self) -> list[str]:
        codes = {code for a in self.activities for code in REPORTED_BY_ACTIVITY[a]}
        return sorted(codes, key=INDICATOR_ORDER.__getitem__)


def synthetic_tax_codes(rng: random.Random) -> Iterable[str]:
    """Unique 10-digit codes with Vĩnh Phúc's prefix 25; not checked against any register."""
    seen: set[str] = set()
    while True:
        code = f"25{rng.randrange(10**8):08d}"
        if code not in seen:
            seen.add(code)
            yield code


def founding_date(rng: random.Random, first_year: int = 1998) -> date:
    start = date(first_year, 1, 1)
    return start + timedelta(days=rng.randrange((date(2021, 12, 31) - start).days))


def build_units() -> list[Unit]:
    """The registry. Openings and closings are placed so that the counts at 30 June 2023
    are the article's: 15 postal, 5 telephone, 5 Internet, more than 200 IT enterprises."""
    rng = rng_for("units")
    taxes = iter(synthetic_tax_codes(rng))
    units = []

    postal_forms = ["Công ty TNHH Bưu chính", "Công ty TNHH Chuyển phát nhanh",
                    "Công ty Cổ phần Chuyển phát", "Công ty TNHH Giao nhận"]
    for i in range(1, 17):
        name = f"{rng.choice(postal_forms)} Mẫu {i:02d}"
        tax = next(taxes)
        if i == 1:  # a national operator's provincial branch carries a branch tax code
            name = f"Chi nhánh Tổng công ty Bưu chính Mẫu {i:02d} tại Vĩnh Phúc"
            tax = f"01{rng.randrange(10**8):08d}-{rng.randint(1, 99):03d}"
        closes = date(2022, 9, 30) if i == 16 else None
        units.append(Unit(f"BC{i:02d}", name, "enterprise", ("postal",), tax,
                          founding_date(rng, 1997), closes))

    telecom_activities = {1: ("telephone", "internet"), 2: ("telephone", "internet"),
                          3: ("telephone", "internet"), 4: ("telephone",), 5: ("telephone",),
                          6: ("internet",), 7: ("internet",)}
    for i, activities in telecom_activities.items():
        kind = "Internet" if activities == ("internet",) else "Viễn thông"
        units.append(Unit(f"VT{i:02d}", f"Công ty Cổ phần {kind} Mẫu {i:02d}", "enterprise",
                          activities, next(taxes), founding_date(rng, 1997)))

    it_forms = ["Công ty TNHH Công nghệ", "Công ty Cổ phần Phần mềm", "Công ty TNHH Điện tử",
                "Công ty TNHH Giải pháp số", "Công ty Cổ phần Công nghệ thông tin"]
    it_opens = {211: date(2023, 2, 1), 212: date(2023, 3, 1), 213: date(2023, 4, 1)}
    it_closes = {214: date(2022, 8, 31), 215: date(2022, 11, 30)}
    for i in range(1, 216):
        opens = it_opens.get(i) or founding_date(rng, 2005)
        units.append(Unit(f"CNTT{i:03d}", f"{rng.choice(it_forms)} Mẫu {i:03d}", "enterprise",
                          ("it",), next(taxes), opens, it_closes.get(i)))

    printing_forms = ["Công ty TNHH In", "Công ty Cổ phần In và Phát hành", "Nhà sách",
                      "Công ty TNHH In ấn Bao bì"]
    for i in range(1, 31):
        opens = date(2022, 7, 1) if i == 30 else founding_date(rng, 1998)
        units.append(Unit(f"IN{i:02d}", f"{rng.choice(printing_forms)} Mẫu {i:02d}",
                          "enterprise", ("printing",), next(taxes), opens))

    # The Department merged into Science and Technology on 1 March 2025.
    units.append(Unit("STTTT", "Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc", "agency",
                      ("document_system", "telecom_mgmt"), "", date(2008, 4, 1),
                      date(2025, 2, 28)))
    units.append(Unit("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Phúc", "agency",
                      ("public_service_portal",), "", date(2019, 10, 1)))
    return sorted(units, key=lambda u: u.code)


def units_with(units: list[Unit], activity: str) -> list[Unit]:
    return [u for u in units if activity in u.activities]


def revised_in_june_2022(unit: Unit) -> bool:
    return bool(REVISED_IN_JUNE_2022 & set(unit.indicators()))


# --- values ------------------------------------------------------------------------------

Key = tuple[str, str, date]  # unit code, indicator code, month


def size_weights(units: list[Unit], big: dict[str, float], tail: tuple[float, float],
                 rng: random.Random) -> dict[str, float]:
    """A few named big players; everyone else a small random size."""
    return {u.code: big.get(u.code) or rng.uniform(*tail) for u in units}


def pareto_weights(units: list[Unit], rng: random.Random) -> dict[str, float]:
    """Hundreds of IT firms: a handful earn most, the long tail a few tens of millions."""
    ranks = list(range(1, len(units) + 1))
    rng.shuffle(ranks)
    return {u.code: rank**-1.2 for u, rank in zip(units, ranks, strict=True)}


def flow_series(indicator: str, units: list[Unit], weights: dict[str, float],
                season: dict[int, float], jitter: float) -> dict[Key, int]:
    """Monthly values (hundredths) whose half-year sums are exactly the targets.

    The half-year total is split over its months by season, each month over the units
    active then by size with some month-to-month noise; every unit-month gets at least
    0,01 tỷ đồng so no active unit reports a zero.
    """
    rng = rng_for("flow", indicator)
    values: dict[Key, int] = {}
    for (year, half), total in REVENUE_TARGETS[indicator].items():
        months = half_months(year, half)
        month_totals = split_exact(total, [season[m.month] * rng.uniform(0.97, 1.03)
                                           for m in months])
        for month, month_total in zip(months, month_totals, strict=True):
            active = [u for u in units if u.active_in(month)]
            noisy = [weights[u.code] * rng.uniform(1 - jitter, 1 + jitter) for u in active]
            for unit, value in zip(active, split_exact(month_total, noisy, minimum=1),
                                   strict=True):
                values[(unit.code, indicator, month)] = value
    return values


def bts_series() -> dict[Key, int]:
    """Stations per operator: non-decreasing, through the anchors, random monthly steps."""
    values: dict[Key, int] = {}
    for code, anchors in BTS_ANCHORS.items():
        rng = rng_for("bts", code)
        legs = zip(pairwise(BTS_ANCHOR_MONTHS), pairwise(anchors), strict=True)
        for (start, end), (low, high) in legs:
            steps = [m for m in MONTHS if start < m <= end]
            level = low
            values[(code, "BTS_STATIONS", start)] = level
            for month, step in zip(steps, split_exact(high - low, [rng.random() for _ in steps]),
                                   strict=True):
                level += step
                values[(code, "BTS_STATIONS", month)] = level
    return values


def backlog_series(postal: list[Unit]) -> dict[Key, int]:
    """Mostly nothing left at the post office; now and then a few items, none by June 2023."""
    values: dict[Key, int] = {}
    for unit in postal:
        rng = rng_for("backlog", unit.code)
        for month in MONTHS:
            if unit.active_in(month):
                stuck = rng.randint(1, 12) if rng.random() < 0.2 else 0
                values[(unit.code, "MAIL_BACKLOG", month)] = 0 if month >= JUNE_2023 else stuck
    return values


def admin_flow(indicator: str) -> dict[date, int]:
    """Monthly counts adding up to the half-year targets; June 2023 weighs only the days
    before its cut-off."""
    rng = rng_for("admin", indicator)
    values: dict[date, int] = {}
    for (year, half), total in ADMIN_TARGETS[indicator].items():
        months = half_months(year, half)
        weights = [ADMIN_SEASON[year][m.month] * rng.uniform(0.9, 1.1) for m in months]
        if indicator in CUTOFFS and months[-1] == JUNE_2023:
            weights[-1] *= CUTOFFS[indicator].day / 30
        values.update(zip(months, split_exact(total, weights), strict=True))
    return values


def communes_covered(month: date) -> int:
    """3G/4G reaches the last of the 136 communes in June 2023 (134 at the end of 2022)."""
    if month.year == 2022:
        return 133 if month.month <= 6 else 134
    return 134 if month.month <= 2 else 135 if month.month <= 5 else 136


def agency_series() -> dict[Key, int]:
    """The two agencies: portal counts for TTPVHCC; documents and coverage for STTTT."""
    rng = rng_for("agencies")
    values: dict[Key, int] = {}

    def put(unit: str, indicator: str, month: date, value: int) -> None:
        values[(unit, indicator, month)] = value

    dossiers = admin_flow("ONLINE_DOSSIERS")
    incoming = admin_flow("INCOMING_DOCS")
    outgoing = admin_flow("OUTGOING_DOCS")
    # Fully-online procedures creep up to every procedure by June 2023.
    online_full = [70, 71, 73, 74, 76, 77, 79, 80, 82, 84, 85, 86, 90, 92, 93, 95, 96, 97]
    for i, month in enumerate(MONTHS):
        in_2023 = month.year == 2023
        put("TTPVHCC", "PROCEDURES_TOTAL", month, 97 if in_2023 else 94 if month.month <= 6 else 96)
        put("TTPVHCC", "PROCEDURES_ONLINE_FULL", month, online_full[i])
        put("TTPVHCC", "ONLINE_DOSSIERS", month, dossiers[month])
        # Dossiers resolved in a month are roughly those received; in 2023 all before the
        # deadline (the article's 100 %), in 2022 now and then one or two late.
        resolved = max(0, dossiers[month] + rng.randint(-2, 2))
        early = resolved if in_2023 else max(0, resolved - rng.choice([0, 0, 0, 1, 2]))
        put("TTPVHCC", "DOSSIERS_RESOLVED", month, resolved)
        put("TTPVHCC", "DOSSIERS_RESOLVED_EARLY", month, early)

        put("STTTT", "INCOMING_DOCS", month, incoming[month])
        put("STTTT", "OUTGOING_DOCS", month, outgoing[month])
        signed = outgoing[month] if in_2023 else outgoing[month] - rng.randint(2, 9)
        put("STTTT", "OUTGOING_DOCS_SIGNED", month, signed)
        put("STTTT", "COMMUNES_TOTAL", month, 136)
        put("STTTT", "COMMUNES_COVERED_3G4G", month, communes_covered(month))
    return values


def june_2022_estimates(actual: dict[Key, int]) -> dict[Key, int]:
    """What postal and telecom units guessed for June 2022 before the month closed:
    revenue a few percent off (never spot on), stations and backlog a little off."""
    estimates: dict[Key, int] = {}
    for (unit, indicator, month), value in sorted(actual.items()):
        if month != JUNE_2022 or indicator not in REVISED_IN_JUNE_2022:
            continue
        rng = rng_for("estimate", unit, indicator)
        if indicator in REVENUES:
            off_by = rng.uniform(0.01, 0.05) * rng.choice([-1, 1])
            guess = round(value * (1 + off_by))
            guess = guess if guess != value else value + 1  # tiny values round back
        elif indicator == "BTS_STATIONS":
            guess = value + rng.randint(-4, 3)
        else:  # backlog
            guess = max(0, value + rng.randint(-2, 2))
        estimates[(unit, indicator, month)] = guess
    return estimates


def build_values(units: list[Unit]) -> dict[Key, int]:
    """Every current (latest) value: revenue in hundredths of a tỷ đồng, the rest counts."""
    postal = units_with(units, "postal")
    telecom = [u for u in units if {"telephone", "internet"} & set(u.activities)]
    it = units_with(units, "it")
    printing = units_with(units, "printing")
    # Sizes: a couple of national operators dominate postal and telecom revenue.
    postal_sizes = size_weights(postal, {"BC01": 40, "BC02": 22, "BC03": 10, "BC04": 6},
                                (0.8, 3.5), rng_for("size", "postal"))
    telecom_sizes = {"VT01": 46, "VT02": 30, "VT03": 14, "VT04": 3.5, "VT05": 2.5, "VT06": 2.5,
                     "VT07": 1.5}
    printing_sizes = size_weights(printing, {"IN01": 18, "IN02": 12, "IN03": 8}, (0.5, 4.0),
                                  rng_for("size", "printing"))
    it_sizes = pareto_weights(it, rng_for("size", "it"))

    values: dict[Key, int] = {}
    values |= flow_series("POSTAL_REVENUE", postal, postal_sizes, REVENUE_SEASON, 0.12)
    values |= flow_series("TELECOM_REVENUE", telecom, telecom_sizes, REVENUE_SEASON, 0.06)
    values |= flow_series("IT_REVENUE", it, it_sizes, REVENUE_SEASON, 0.3)
    values |= flow_series("PRINTING_REVENUE", printing, printing_sizes, PRINTING_SEASON, 0.2)
    values |= bts_series()
    values |= backlog_series(postal)
    values |= agency_series()
    check_values(values)
    return values


def check_values(values: dict[Key, int]) -> None:
    """Refuse to write data that breaks the published totals or a ratio's parts."""
    def total(indicator: str, months: Iterable[date]) -> int:
        wanted = set(months)
        return sum(v for (_, i, m), v in values.items() if i == indicator and m in wanted)

    h1_2023 = half_months(2023, "H1")
    assert total("POSTAL_REVENUE", h1_2023) + total("TELECOM_REVENUE", h1_2023) == 150000
    assert total("IT_REVENUE", h1_2023) == 9460
    assert total("PRINTING_REVENUE", h1_2023) == 37530
    assert total("BTS_STATIONS", [date(2022, 12, 1)]) == 2850
    assert total("BTS_STATIONS", [JUNE_2023]) == 3000
    assert total("MAIL_BACKLOG", [JUNE_2023]) == 0
    assert total("ONLINE_DOSSIERS", h1_2023) == 101
    assert total("INCOMING_DOCS", h1_2023) == 4548
    assert total("OUTGOING_DOCS", h1_2023) == 1146
    for row in INDICATORS:
        numerator, denominator = row[6], row[7]
        for (unit, indicator, month), value in values.items():
            if indicator == numerator:
                assert value <= values[(unit, denominator, month)], (unit, numerator, month)
    assert all(v >= 0 for v in values.values())


# --- submissions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    unit: str
    month: date
    indicator: str
    value: Decimal
    status: str  # actual / estimate
    as_of: date | None
    note: str


@dataclass(frozen=True)
class Submission:
    path: str  # relative to the output folder
    submitted_at: datetime
    rows: tuple[Row, ...]


def as_decimal(indicator: str, value: int) -> Decimal:
    return Decimal(value).scaleb(-2) if indicator in REVENUES else Decimal(value)


def working_time(rng: random.Random, first: date, last: date) -> datetime:
    """Some office hour on a day in [first, last]; a weekend moves to the Monday."""
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    return datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)))


def submission_window(unit: Unit, last_month: date, estimate: bool) -> tuple[date, date]:
    """When a submission arrives: 1 to 20 days after its last month, or, for a June
    estimate, between 25 June and 3 July. June 2022's revised pair: the estimate in the last
    days of June, the actual about 12 July. The agencies sent June 2023 the day after their
    cut-off: that is when the article's figures were taken."""
    if last_month == JUNE_2023 and unit.unit_type == "agency":
        cutoff = max(CUTOFFS[i] for i in unit.indicators() if i in CUTOFFS)
        return cutoff + timedelta(days=1), cutoff + timedelta(days=1)
    if last_month == JUNE_2022 and revised_in_june_2022(unit):
        return (date(2022, 6, 26), date(2022, 6, 30)) if estimate else (
            date(2022, 7, 8), date(2022, 7, 15))
    if estimate:
        return date(last_month.year, 6, 25), date(last_month.year, 7, 3)
    end = month_end(last_month)
    return end + timedelta(days=1), end + timedelta(days=20)


def make_row(unit: Unit, indicator: str, month: date, value: int, estimate: bool) -> Row:
    as_of = CUTOFFS.get(indicator) if month == JUNE_2023 else None
    if estimate:
        note = f"Số ước thực hiện tháng {month.month}/{month.year}"
    elif as_of:
        note = f"Số liệu tính đến ngày {as_of.day:02d}/{as_of.month}/{as_of.year}"
    elif month == JUNE_2022 and revised_in_june_2022(unit):
        note = "Số chính thức, thay số ước đã gửi"
    elif indicator == "MAIL_BACKLOG" and value > 0:
        note = "Bưu gửi chờ phát do địa chỉ người nhận chưa rõ"
    else:
        note = ""
    status = "estimate" if estimate else "actual"
    return Row(unit.code, month, indicator, as_decimal(indicator, value), status, as_of, note)


def submission(unit: Unit, path: str, months: list[date], values: dict[Key, int],
               estimate_in_june: bool) -> Submission:
    """One file: the unit's indicators for the given months, in catalogue order."""
    rows = []
    for month in months:
        for indicator in unit.indicators():
            estimate = estimate_in_june and month.month == 6 and indicator in ESTIMATED_IN_JUNE
            value = values[(unit.code, indicator, month)]
            rows.append(make_row(unit, indicator, month, value, estimate))
    window = submission_window(unit, months[-1], estimate_in_june)
    return Submission(path, working_time(rng_for("sent", path), *window), tuple(rows))


def build_submissions(units: list[Unit], values: dict[Key, int],
                      estimates: dict[Key, int]) -> list[Submission]:
    """Monthly files for everyone but the half-yearly filers (IT), who send one file per
    half-year, as the reporting calendar says; June 2022 of
    postal and telecom units comes twice, first as an estimate, then as the actual."""
    guessed = values | estimates
    files = []
    for unit in units:
        if HALF_YEARLY & set(unit.activities):
            for year, half in HALVES:
                months = [m for m in half_months(year, half) if unit.active_in(m)]
                if months:
                    path = f"submissions/{year}/{half}/{unit.code}_{year}-{half}.csv"
                    files.append(submission(unit, path, months, values, year == 2023))
            continue
        for month in (m for m in MONTHS if unit.active_in(m)):
            folder = f"submissions/{month.year}/{month.month:02d}"
            stem = f"{unit.code}_{month.year}-{month.month:02d}"
            if month == JUNE_2022 and revised_in_june_2022(unit):
                files.append(submission(unit, f"{folder}/{stem}_estimate.csv", [month], guessed,
                                        True))
            files.append(submission(unit, f"{folder}/{stem}.csv", [month], values,
                                    month == JUNE_2023))
    return sorted(files, key=lambda f: f.path)


# --- writing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a file is written: machine English, or Vietnamese as units type it by hand."""

    vietnamese: bool
    bom: bool
    status_words: tuple[str, str]  # actual, estimate
    date_format: str  # day-first pattern for the Vietnamese files


ENGLISH = Style(False, False, ("actual", "estimate"), "")
# The June 2023 agency files hold the only cut-off dates: one as the article wrote it
# (07/6/2023), the other in ISO form behind a byte order mark, so both forms occur.
FORCED_STYLES = {
    "submissions/2023/06/STTTT_2023-06.csv": Style(True, False, ("Thực hiện", "Ước"), "{D}/{m}"),
    "submissions/2023/06/TTPVHCC_2023-06.csv": Style(False, True, ENGLISH.status_words, ""),
}


def style_for(path: str) -> Style:
    if path in FORCED_STYLES:
        return FORCED_STYLES[path]
    rng = rng_for("style", path)
    vietnamese = rng.random() < SHARE_VIETNAMESE
    bom = rng.random() < SHARE_BOM
    if not vietnamese:
        return Style(False, bom, ENGLISH.status_words, "")
    words = rng.choice([("thuc_hien", "uoc"), ("Thực hiện", "Ước")])
    return Style(True, bom, words, rng.choice(["{d}/{m}", "{D}/{M}", "{D}/{m}"]))


def vietnamese_number(value: Decimal) -> str:
    """1234.5 -> '1.234,5': dots group thousands, the comma is the decimal mark."""
    whole, _, fraction = format(value.normalize(), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def machine_number(value: Decimal) -> str:
    # At most two decimals ever, so a dot is never followed by exactly three digits,
    # which a reader must take for a thousands separator.
    return format(value.normalize(), "f")


def day_first(day: date, pattern: str) -> str:
    """'{D}/{m}' -> '07/6/2023': padded (upper case) or not (lower case), year last."""
    day_month = pattern.format(d=day.day, D=f"{day.day:02d}", m=day.month, M=f"{day.month:02d}")
    return f"{day_month}/{day.year}"


def render(sub: Submission, style: Style) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(VI_HEADER if style.vietnamese else EN_HEADER)
    sent = sub.submitted_at
    for row in sub.rows:
        actual_word, estimate_word = style.status_words
        status = estimate_word if row.status == "estimate" else actual_word
        if style.vietnamese:
            period = f"{row.month.month:02d}/{row.month.year}"
            value = vietnamese_number(row.value)
            as_of = day_first(row.as_of, style.date_format) if row.as_of else ""
            submitted = f"{day_first(sent.date(), style.date_format)} {sent.time():%H:%M:%S}"
        else:
            period = f"{row.month:%Y-%m}"
            value = machine_number(row.value)
            as_of = row.as_of.isoformat() if row.as_of else ""
            submitted = f"{sent:%Y-%m-%d %H:%M:%S}"
        writer.writerow([row.unit, period, row.indicator, value, status, as_of, submitted,
                         row.note])
    return ("\ufeff" if style.bom else "").encode() + buffer.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def reference_files(units: list[Unit]) -> dict[str, bytes]:
    def text(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    indicators = csv_bytes(
        ["indicator_code", "name_vi", "name_en", "sector_code", "unit", "kind",
         "numerator_code", "denominator_code", "parent_code", "higher_is_better", "activity"],
        [[text(v) for v in row] for row in INDICATORS],
    )
    registry = csv_bytes(
        ["unit_code", "name", "unit_type", "province_code", "activities", "tax_code",
         "active_from", "active_to"],
        [[u.code, u.name, u.unit_type, PROVINCE, ";".join(u.activities), u.tax_code,
          u.active_from.isoformat(), text(u.active_to and u.active_to.isoformat())]
         for u in units],
    )
    plans = csv_bytes(
        ["year", "province_code", "indicator_code", "plan_value", "source", "plan_source",
         "revised_on"],
        [[year, PROVINCE, code, plan, source, "UBND", revised]
         for year, code, plan, source, revised in PLANS],
    )
    provinces = csv_bytes(["province_code", "name", "valid_from", "valid_to", "successor_code"],
                          PROVINCES)
    calendar = csv_bytes(["activity", "frequency", "deadline_day", "deadline_months_after"],
                         REPORTING_CALENDAR)
    return {
        "reference/indicators.csv": indicators,
        "reference/reporting_units.csv": registry,
        "reference/plans.csv": plans,
        "reference/provinces.csv": provinces,
        "reference/reporting_calendar.csv": calendar,
    }


# raw/reference/validation_rules.csv: rules between indicators, checked per unit x month
# and per province x period (docs/DESIGN.md, "Review before publication").
VALIDATION_RULES = [
    ("SIGNED_DOCS_LE_OUTGOING", "Văn bản đi được ký số không vượt quá số văn bản đi",
     "Digitally signed outgoing documents do not exceed outgoing documents",
     "OUTGOING_DOCS_SIGNED", "<=", "OUTGOING_DOCS", "high", ""),
    ("EARLY_DOSSIERS_LE_RESOLVED",
     "Hồ sơ giải quyết trước hạn không vượt quá số hồ sơ đã giải quyết",
     "Dossiers resolved before the deadline do not exceed dossiers resolved",
     "DOSSIERS_RESOLVED_EARLY", "<=", "DOSSIERS_RESOLVED", "high", ""),
    ("COVERED_COMMUNES_LE_COMMUNES", "Số xã được phủ sóng 3G/4G không vượt quá tổng số xã",
     "Communes covered by 3G/4G do not exceed communes",
     "COMMUNES_COVERED_3G4G", "<=", "COMMUNES_TOTAL", "high", ""),
    ("ONLINE_PROCEDURES_LE_PROCEDURES",
     "Thủ tục trực tuyến toàn trình không vượt quá tổng số thủ tục",
     "Full-process online procedures do not exceed procedures",
     "PROCEDURES_ONLINE_FULL", "<=", "PROCEDURES_TOTAL", "high", ""),
    ("POSTAL_TELECOM_SUM", "Doanh thu bưu chính + viễn thông bằng doanh thu BCVT (±1%)",
     "Postal + telecom revenue equal postal and telecom revenue (±1%)",
     "POSTAL_REVENUE + TELECOM_REVENUE", "=", "BCVT_REVENUE", "medium", "1"),
]


def validation_rules_file() -> dict[str, bytes]:
    header = ["rule_code", "description_vi", "description_en", "left", "operator", "right",
              "importance", "tolerance_pct"]
    return {"reference/validation_rules.csv": csv_bytes(header, VALIDATION_RULES)}


README = """\
# Sample data: SYNTHETIC

Everything in this folder is **invented**. It was written by
`scripts/generate_sample_data.py` so that the pipeline has something realistic to run
on; it is not anyone's real submission.

- The **province totals** for the first half of 2023 are the ones published in a 2023
  news article on the ICT sector of Vĩnh Phúc (province code 26).
- The **split of those totals over units and months is made up**, and so is all of
  2022 (about 8 % below the 2023 pace, so that year-on-year has a base).
- **Unit names are fictitious** ("... Mẫu 01" means "sample 01"), tax codes are random
  digits, dates of opening and closing are invented. Plan decisions marked "(giả lập)"
  do not exist; the plan values are chosen so that the article's percentages come out.

## Totals it reproduces (province 26, January to June 2023, latest version of each value)

| figure | value |
|---|---|
| postal + telecom revenue | 1500.00 tỷ đồng, plan 2900 → 51.7 % |
| ... of which postal, telecom | {postal} and {telecom} tỷ đồng |
| IT and electronics revenue | 94.60 tỷ đồng, plan 210 → 45 % |
| printing and distribution revenue | 375.30 tỷ đồng, plan 750 → 50 % |
| BTS stations at June 2023 | 3000 (2850 at December 2022) |
| backlogged mail at June 2023 | 0 |
| 3G/4G coverage at June 2023 | 136 of 136 communes (2022: 134 of 136) |
| procedures fully online at June 2023 | 97 of 97 |
| online dossiers to 6 June 2023 | 101, all resolved before the deadline |
| documents to 7 June 2023 | 4548 incoming, 1146 outgoing, 1146 digitally signed |
| active units at 30 June 2023 | 15 postal, 5 telephone, 5 Internet, 213 IT |

June 2023 revenue, BTS and backlog figures are estimates (`estimate` / `uoc`), as in
the article, and nothing revises them.

## What the files exercise

- `reference/`: indicator catalogue (with a parent roll-up and ratios), the registry
  (units opening and closing in the period), plans (2022 with a mid-year revision of the
  IT plan), provinces (the 2025 merger into Phú Thọ), the reporting calendar (IT
  half-yearly, due on the 20th of the month after the half-year; every other activity
  monthly, due on the 10th of the following month), validation rules between
  indicators (parts within their whole, postal + telecom = their parent within 1 %).
- `submissions/<YYYY>/<MM>/<UNIT>_<YYYY>-<MM>.csv`: one file per unit and month; IT firms
  send one file per half-year, `submissions/<YYYY>/<H1|H2>/<UNIT>_<YYYY>-<H1|H2>.csv`.
- June 2022: postal and telecom units send an estimate (`..._estimate.csv`) and later the
  actual figures, which replace it.
- June 2023: the agencies' counts stop at the cut-off dates (`as_of`).
- About 15 % of the files use the Vietnamese column names, Vietnamese numbers
  (`1.234,5`), `MM/YYYY` periods, day-first dates and Vietnamese status words; a few start
  with a UTF-8 byte order mark. Every row carries `submitted_at`.

{n_files} submission files, 5 reference files.

## Regenerate

    .venv/bin/python scripts/generate_sample_data.py raw

The output is deterministic (fixed seed); `tests/unit/test_sample_data.py` checks that the
files here are exactly what the generator writes, so edit the generator, never the files.
"""


def readme(values: dict[Key, int], n_files: int) -> bytes:
    h1 = set(half_months(2023, "H1"))

    def revenue(indicator: str) -> str:
        total = sum(v for (_, i, m), v in values.items() if i == indicator and m in h1)
        return f"{Decimal(total).scaleb(-2):.2f}"

    return README.format(postal=revenue("POSTAL_REVENUE"), telecom=revenue("TELECOM_REVENUE"),
                         n_files=n_files).encode("utf-8")


def generate(out: Path) -> int:
    """(Re)write the sample under ``out``; returns the number of submission files."""
    units = build_units()
    values = build_values(units)
    files = build_submissions(units, values, june_2022_estimates(values))
    outputs = reference_files(units)
    outputs |= validation_rules_file()
    outputs |= {f.path: render(f, style_for(f.path)) for f in files}
    outputs["README.md"] = readme(values, len(files))

    # The folder is the generator's: clear what it writes so no stale file survives.
    for owned in ("reference", "submissions"):
        shutil.rmtree(out / owned, ignore_errors=True)
    for relative, content in sorted(outputs.items()):
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(files)


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/generate_sample_data.py <output folder, e.g. raw>",
              file=sys.stderr)
        return 2
    n_files = generate(Path(argv[0]))
    print(f"wrote {n_files} submission files and the reference files to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
