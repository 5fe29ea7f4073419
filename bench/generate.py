"""Seeded, SYNTHETIC raw folders at national scale for `make bench` (nothing is committed).

`national(root, provinces=34, units=60, months=24, indicators=2)` writes a raw folder of
the shape the Ministry sees: every province with its units, one CSV per unit and month,
`indicators` rows in each, and the reference files (catalogue, registry, plans). The
figures are random but seeded, so two calls give byte-identical folders.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from datetime import date
from pathlib import Path

SEED = "ict-bench-v1"
FIRST_YEAR = 2023
INDICATOR_HEADER = (
    "indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,"
    "parent_code,higher_is_better,activity"
)


def _indicator_codes(n: int) -> list[str]:
    return [f"REVENUE_{i:03d}" for i in range(1, n + 1)]


def _month(index: int) -> date:
    return date(FIRST_YEAR + index // 12, index % 12 + 1, 1)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _reference(root: Path, provinces: list[str], units: int, codes: list[str], years) -> None:
    total = "TOTAL_REVENUE,Tổng doanh thu,Total revenue,all,tỷ đồng,flow,,,,true,"
    part = "{0},Doanh thu {1},Revenue {1},all,tỷ đồng,flow,,,TOTAL_REVENUE,true,all"
    lines = [INDICATOR_HEADER, total, *(part.format(code, code[-3:]) for code in codes)]
    _write(root / "reference/indicators.csv", "\n".join(lines) + "\n")
    registry = ["unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to"]
    registry += [
        f"P{p}U{u:03d},Doanh nghiệp giả lập {p}-{u:03d},enterprise,{p},all,,2000-01-01,"
        for p in provinces
        for u in range(1, units + 1)
    ]
    _write(root / "reference/reporting_units.csv", "\n".join(registry) + "\n")
    plans = ["year,province_code,indicator_code,plan_value,source,plan_source,revised_on"]
    plans += [
        f"{year},{p},TOTAL_REVENUE,{units * len(codes) * 24},KH {year} (giả lập),UBND,"
        for year in years
        for p in provinces
    ]
    _write(root / "reference/plans.csv", "\n".join(plans) + "\n")


def submission_text(unit: str, month: date, codes: list[str], rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit_code", "period", "indicator_code", "value", "status", "submitted_at"])
    sent = date(month.year + month.month // 12, month.month % 12 + 1, 5)
    for code in codes:
        value = f"{rng.uniform(0.5, 3.5):.2f}"
        writer.writerow([unit, f"{month:%Y-%m}", code, value, "actual", f"{sent} 09:00"])
    return out.getvalue()


def national(
    root: Path, provinces: int = 34, units: int = 60, months: int = 24, indicators: int = 2
) -> Path:
    """Write the folder (replacing nothing outside `root`); return `root`."""
    codes = _indicator_codes(indicators)
    province_codes = [f"{p:02d}" for p in range(1, provinces + 1)]
    years = sorted({_month(i).year for i in range(months)})
    _reference(root, province_codes, units, codes, years)
    for index in range(months):
        month = _month(index)
        for p in province_codes:
            rng = random.Random(f"{SEED}/{p}/{month}")
            folder = root / "submissions" / p / f"{month:%Y}" / f"{month:%m}"
            folder.mkdir(parents=True, exist_ok=True)
            for u in range(1, units + 1):
                unit = f"P{p}U{u:03d}"
                (folder / f"{unit}_{month:%Y-%m}.csv").write_text(
                    submission_text(unit, month, codes, rng), encoding="utf-8"
                )
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--indicators", type=int, default=2)
    args = parser.parse_args()
    national(args.root, args.provinces, args.units, args.months, args.indicators)


if __name__ == "__main__":
    main()
