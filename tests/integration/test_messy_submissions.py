"""Real submissions: the same figures sent the messy way give exactly the numbers of the
clean version, and every bad row and file is accounted for in `quality`.

Both folders go through `make run` (ICT_RAW_DIR=...), as a user would run them."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from dagster_project.publish.warehouse import connect
from tests.integration.raw_folders import build_raw_folder
from tests.unit.test_ingest_xlsx import fill_template

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

# A file of the messy folder with good rows and bad ones; the clean folder has the good.
GOOD_ROW = "S2,2031-02,SERVICE_FEES,5,actual,2031-03-03"
BAD_ROWS = [
    "ZZ9,2031-02,SERVICE_FEES,5,actual,2031-03-03",  # unit not in the registry
    "S2,2031-03,SERVICE_FEES,abc,actual,2031-04-03",  # not a number
    "S1,2031-03,SALES,-7,actual,2031-04-03",  # negative
]
HEADER = "unit_code,period,indicator_code,value,status,submitted_at"


def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def windows_1258(text: str) -> bytes:
    """Text as old Vietnamese Windows saves it: a tone mark is a combining character."""
    out = []
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        for candidate in (char, unicodedata.normalize("NFC", marks[:2]) + marks[2:], marks):
            try:
                out.append(candidate.encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
    return b"".join(out)


def build_clean(raw: Path) -> None:
    build_raw_folder(raw)
    _write(raw / "submissions/2031/02/s2.csv", f"{HEADER}\n{GOOD_ROW}\n")


def build_messy(raw: Path) -> None:
    """The clean data, re-sent the way units really send it."""
    build_raw_folder(raw)
    sub = raw / "submissions"
    others = (sub / "2031/others.csv").read_text(encoding="utf-8").splitlines()
    (sub / "2031/others.csv").unlink()
    # S2's fees on the Excel form, typed by hand, the number as Vietnamese text.
    _write(
        sub / "2031/01/s2_form.xlsx",
        fill_template(
            unit="S2",
            period="Tháng 01/2031",
            reported="4/2/2031",
            rows=[{"Mã chỉ tiêu": "SERVICE_FEES", "Thực hiện": "40,0", "Tình trạng": "Thực hiện"}],
        ),
    )
    # Towers with Vietnamese headers, a BOM and a note typed in NFD.
    note = unicodedata.normalize("NFD", "Số liệu đã kiểm tra")
    towers = [r for r in others if r.startswith("T1")]
    _write(
        sub / "2031/t1.csv",
        "\ufeffma_don_vi,ky_bao_cao,ma_chi_tieu,gia_tri,trang_thai,ngay_gui,ghi_chu\n"
        + "".join(
            f"T1,{r.split(',')[1][5:]}/{r.split(',')[1][:4]},TOWERS,{r.split(',')[3]},"
            f"Thực hiện,{r.split(',')[5]},{note}\n"
            for r in towers
        ),
    )
    # The office's counts saved by Excel as "Unicode text" (UTF-16, tab-separated).
    office = [r for r in others if r.startswith(("O1", "S3"))]
    _write(
        sub / "2031/o1_unicode_text.csv",
        "\n".join([HEADER.replace(",", "\t"), *(r.replace(",", "\t") for r in office)]) + "\n",
        encoding="utf-16",
    )
    # Windows-1258 text with a Vietnamese note.
    _write(
        sub / "2030/s1.csv",
        windows_1258(
            (sub / "2030/s1.csv")
            .read_text(encoding="utf-8")
            .replace("submitted_at\n", "submitted_at,note\n")
            .replace("2030-02-05\n", "2030-02-05,Số liệu chính thức\n")
        ),
    )
    shutil.copy(sub / "2031/s1.csv", sub / "2031/01/s1_resent.csv")  # same bytes again
    _write(sub / "2031/02/scan.xlsx", b"This is not a spreadsheet")  # unreadable
    _write(sub / "2031/02/s2.csv", "\n".join([HEADER, GOOD_ROW, *BAD_ROWS]) + "\n")


def make_run(raw: Path, out: Path) -> Path:
    env = {
        **os.environ,
        "ICT_RAW_DIR": str(raw),
        "ICT_WAREHOUSE": str(out / "warehouse.duckdb"),
        "ICT_REPORTS_DIR": str(out / "reports"),
        "DAGSTER_HOME": str(out / "dagster_home"),
    }
    done = subprocess.run(
        ["make", "-s", "run"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert str(out / "warehouse.duckdb") in done.stdout  # it says where the results are
    return out / "warehouse.duckdb"


def _select(warehouse: Path, sql: str) -> list[tuple]:
    with connect(warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    base = tmp_path_factory.mktemp("messy")
    build_clean(base / "clean_raw")
    build_messy(base / "messy_raw")
    return make_run(base / "clean_raw", base / "clean"), make_run(
        base / "messy_raw", base / "messy"
    )


MARTS = {
    "halfyear_vs_plan": "select * from marts.halfyear_vs_plan order by all",
    "revisions": (
        "select province_code, unit_code, indicator_code, period, first_value, first_status,"
        " current_value, current_status, n_versions from marts.revisions order by all"
    ),
    "active_units": "select * from marts.active_units order by all",
}


@pytest.mark.parametrize("mart", sorted(MARTS))
def test_messy_folder_gives_exactly_the_clean_numbers(warehouses, mart):
    clean, messy = warehouses
    assert _select(messy, MARTS[mart]) == _select(clean, MARTS[mart])
    assert _select(clean, MARTS[mart])  # not two empty tables


def test_every_bad_row_and_file_is_accounted_for(warehouses):
    _, messy = warehouses
    rejected = _select(
        messy,
        "select file_path, row_number, column_name, value, check_name, indicator_code"
        " from quality.rejected_rows order by row_number, column_name",
    )
    assert rejected == [  # the indicator as sent, whichever cell failed
        ("submissions/2031/02/s2.csv", 3, "unit_code", "ZZ9", "unit_code_known", "SERVICE_FEES"),
        ("submissions/2031/02/s2.csv", 4, "value", "abc", "value_is_number", "SERVICE_FEES"),
        ("submissions/2031/02/s2.csv", 5, "value", "-7", "value_non_negative", "SALES"),
    ]
    (bad_file,) = _select(messy, "select file_path, reason from quality.rejected_files")
    assert bad_file[0] == "submissions/2031/02/scan.xlsx"
    assert "zip" in bad_file[1]
    manifest = dict(
        (path, rest)
        for path, *rest in _select(
            messy,
            "select file_path, outcome, duplicate_of, encoding, received_rows, accepted_rows,"
            " rejected_rows from quality.file_manifest",
        )
    )
    assert manifest["submissions/2031/01/s1_resent.csv"][:2] == [
        "duplicate",
        "submissions/2031/s1.csv",
    ]
    assert manifest["submissions/2031/02/s2.csv"][3:] == [4, 1, 3]
    assert manifest["submissions/2031/o1_unicode_text.csv"][2].startswith("utf-16")
    assert manifest["submissions/2030/s1.csv"][2] == "windows-1258"
    assert manifest["submissions/2031/01/s2_form.xlsx"][3:] == [1, 1, 0]
    assert all(r == a + j for _, _, _, r, a, j in manifest.values())


def test_feedback_tells_the_unit_what_to_fix(warehouses):
    _, messy = warehouses
    feedback = messy.parent / "reports/feedback"
    text = (feedback / "S2.md").read_text(encoding="utf-8")
    assert "submissions/2031/02/s2.csv" in text
    # Each rejected row names its indicator in the catalogue's Vietnamese words: S2's
    # row 4 (its value is not a number), S1's row 5 (a negative value) in S1's file.
    assert "| 4 | Phí dịch vụ | Giá trị (value) | abc | Lỗi: " in text
    s1 = (feedback / "S1.md").read_text(encoding="utf-8")
    assert "| 5 | Doanh số | Giá trị (value) | -7 | Lỗi: " in s1
    sheet = openpyxl.load_workbook(feedback / "S2.xlsx").active
    header = [cell.value for cell in sheet[3]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(4)]
    assert [(r["Dòng"], r["Chỉ tiêu"], r["Giá trị đã gửi"]) for r in rows if r["Dòng"]] == [
        (4, "Phí dịch vụ", "abc")
    ]
