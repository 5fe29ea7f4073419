"""Fixtures for the ingest tests: a small raw folder written into `tmp_path`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

INDICATORS_CSV = """\
indicator_code,name_vi,name_en,sector_code,unit,kind,numerator_code,denominator_code,parent_code,higher_is_better,activity
BCVT_REVENUE,Doanh thu bưu chính viễn thông,Postal and telecom revenue,telecom,tỷ đồng,flow,,,,true,
POSTAL_REVENUE,Doanh thu bưu chính,Postal revenue,postal,tỷ đồng,flow,,,BCVT_REVENUE,true,postal
BTS_STATIONS,Số trạm BTS,BTS stations,telecom,trạm,stock,,,,true,telephone
DOCS_OUT,Văn bản đi,Outgoing documents,admin,văn bản,flow,,,,true,SO_TTTT
DOCS_OUT_SIGNED,Văn bản đi có ký số,Outgoing documents signed,admin,văn bản,flow,,,,true,SO_TTTT
DOCS_SIGNED_PCT,Tỷ lệ ký số,Share signed,admin,%,ratio,DOCS_OUT_SIGNED,DOCS_OUT,,true,SO_TTTT
"""

UNITS_CSV = """\
unit_code,name,unit_type,province_code,activities,tax_code,active_from,active_to
BC01,Bưu điện tỉnh,enterprise,26,postal,2500123456,2010-01-01,
VT01,Viettel Vĩnh Phúc,enterprise,26,telephone; internet,2500123456-001,2010-01-01,
SO01,Sở Thông tin và Truyền thông,agency,26,SO_TTTT,,2008-01-01,
"""

PLANS_CSV = """\
year,province_code,indicator_code,plan_value,source,plan_source,revised_on
2023,26,BCVT_REVENUE,2.900,Kế hoạch 2023,UBND,
2023,26,BTS_STATIONS,3100,Kế hoạch 2023,UBND,
"""

REFERENCE: dict[str, str] = {
    "indicators.csv": INDICATORS_CSV,
    "reporting_units.csv": UNITS_CSV,
    "plans.csv": PLANS_CSV,
}

WriteRaw = Callable[..., Path]


def write_raw_folder(
    root: Path,
    submissions: Mapping[str, str | bytes] | None = None,
    reference: Mapping[str, str | bytes | None] | None = None,
) -> Path:
    """`root/raw` with the reference files above (overridable; None removes one)."""
    raw = root / "raw"
    (raw / "reference").mkdir(parents=True, exist_ok=True)
    (raw / "submissions").mkdir(parents=True, exist_ok=True)
    files = {**REFERENCE, **(reference or {})}
    for name, content in files.items():
        if content is not None:
            _write(raw / "reference" / name, content)
    for rel, content in (submissions or {}).items():
        _write(raw / "submissions" / rel, content)
    return raw


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.fixture
def raw_folder(tmp_path: Path) -> WriteRaw:
    """Call with `submissions={relative path: text}` (and `reference=`) to get a raw dir."""

    def make(**kwargs) -> Path:
        return write_raw_folder(tmp_path, **kwargs)

    return make
