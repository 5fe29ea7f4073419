"""Properties of the ingestion, tried on generated input (hypothesis).

Every accepted spelling of a number, month, date and status reads back as the value it
spells; NFD text equals NFC text once read; and no input, however broken, makes the
readers raise anything but `UnreadableFile` / `IngestError`, or take long.
"""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import date
from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.read.csv_reader import read_csv_submission
from dagster_project.ingest.read.parsing import parse_date, parse_month, parse_number, parse_status
from dagster_project.ingest.read.readers import read_submission
from dagster_project.ingest.read.text import decode_bytes, fold, header_key, nfc
from dagster_project.ingest.read.vietnamese import to_windows_1258

FUZZ = settings(
    # No per-example deadline: on a shared, loaded machine one example can take seconds
    # and the test would fail by timing. A hang still fails, by pytest's timeout.
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow],
)


def parse(parser, text: str):
    frame = pl.DataFrame({"text": [text]}, schema={"text": pl.String})
    return frame.select(parser(pl.col("text"))).item()


padding = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])


# --- numbers -----------------------------------------------------------------------


@st.composite
def numbers(draw) -> tuple[str, int, int, int]:
    """(sign, integer part, number of decimals, decimal digits as an integer)."""
    sign = draw(st.sampled_from(["", "-", "+"]))
    integer = draw(st.integers(min_value=0, max_value=10**20))
    scale = draw(st.integers(min_value=0, max_value=6))
    fraction = draw(st.integers(min_value=0, max_value=10**scale - 1)) if scale else 0
    return sign, integer, scale, fraction


def exact(sign: str, integer: int, scale: int, fraction: int) -> Decimal:
    digits = f"{integer}.{fraction:0{scale}d}" if scale else str(integer)
    return Decimal(("-" if sign == "-" else "") + digits)


def grouped(integer: int) -> str:
    """1234567 → 1.234.567 (Vietnamese thousands)."""
    return f"{integer:,}".replace(",", ".")


@given(numbers(), st.booleans(), padding, padding)
def test_vietnamese_numbers_read_back_exactly(number, group, before, after):
    sign, integer, scale, fraction = number
    whole = grouped(integer) if group else str(integer)
    text = sign + whole + (f",{fraction:0{scale}d}" if scale else "")
    assert parse(parse_number, before + text + after) == exact(*number)


@given(numbers(), padding, padding)
def test_machine_numbers_read_back_exactly(number, before, after):
    sign, integer, scale, fraction = number
    decimals = f"{fraction:0{scale}d}" if scale else ""
    if len(decimals) == 3:  # `1.500` is fifteen hundred: three decimals are written as four
        decimals += "0"
    text = sign + str(integer) + (f".{decimals}" if decimals else "")
    assert parse(parse_number, before + text + after) == exact(*number)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_dot_before_three_digits_is_always_thousands(head, tail):
    assert parse(parse_number, f"{head}.{tail:03d}") == Decimal(head * 1000 + tail)


# --- months and dates --------------------------------------------------------------

MONTH_FORMS = [
    "{y}-{m:02d}",
    "{y}-{m}",
    "{m:02d}/{y}",
    "{m}/{y}",
    "Tháng {m:02d}/{y}",
    "tháng {m}/{y}",
    "THÁNG {m:02d}/{y}",
    "Thang {m}/{y}",
]


@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(MONTH_FORMS),
    st.sampled_from(["NFC", "NFD"]),
    padding,
)
def test_months_in_every_accepted_form_read_back(year, month, form, normal_form, pad):
    text = unicodedata.normalize(normal_form, form.format(y=year, m=month))
    assert parse(parse_month, pad + text + pad) == date(year, month, 1)


DATE_FORMS = ["{d.day}/{d.month}/{d.year}", "{d.day:02d}/{d.month:02d}/{d.year}", "{iso}"]


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(DATE_FORMS),
)
def test_dates_in_every_accepted_form_read_back(day, form):
    assert parse(parse_date, form.format(d=day, iso=day.isoformat())) == day


# --- status words ------------------------------------------------------------------

STATUS_SPELLINGS = [
    ("thực hiện", "actual"),
    ("actual", "actual"),
    ("ước", "estimate"),
    ("ước tính", "estimate"),
    ("ước đạt", "estimate"),
    ("ước thực hiện", "estimate"),
    ("estimate", "estimate"),
    ("estimated", "estimate"),
]


def strip_marks(char: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


@st.composite
def status_words(draw) -> tuple[str, str]:
    spelling, meaning = draw(st.sampled_from(STATUS_SPELLINGS))
    out = []
    for word_index, word in enumerate(spelling.split(" ")):
        if word_index:
            out.append(draw(st.sampled_from([" ", "_", "-", "  ", " _ "])))
        for char in word:
            char = char.upper() if draw(st.booleans()) else char
            how = draw(st.sampled_from(["NFC", "NFD", "bare"]))
            out.append(strip_marks(char) if how == "bare" else unicodedata.normalize(how, char))
    pad = draw(padding)
    return pad + "".join(out) + pad, meaning


@given(status_words())
def test_status_words_in_any_case_with_or_without_diacritics(word):
    text, meaning = word
    assert parse(parse_status, text) == meaning


# --- Unicode normal forms ----------------------------------------------------------

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " bcghkmnt"),
    min_size=1,
    max_size=40,
)


@given(vietnamese_text)
def test_nfd_and_nfc_text_are_equal_after_normalisation(text):
    nfd = unicodedata.normalize("NFD", text)
    assert nfc(nfd) == nfc(text)
    assert fold(nfd) == fold(text)
    assert header_key(nfd) == header_key(text)


@given(vietnamese_text.filter(lambda t: t.strip() and "," not in t))
def test_a_note_typed_in_nfd_is_read_as_nfc(text):
    nfd = unicodedata.normalize("NFD", text.strip())
    data = f"unit_code,period,indicator_code,value,note\nBC01,2023-06,X,1,{nfd}\n"
    table = read_csv_submission(data.encode("utf-8"))
    assert table.frame.get_column("note").to_list() == [unicodedata.normalize("NFC", nfd)]


# --- hostile bytes -----------------------------------------------------------------


def read_or_refuse(path: str, data: bytes) -> None:
    """Reading may fail only with the ingestion's own errors."""
    with contextlib.suppress(IngestError):  # UnreadableFile is an IngestError
        read_submission(path, data)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_break_the_csv_reader(data):
    try:
        table = read_csv_submission(data)
    except IngestError:
        return
    assert set(table.frame.schema.values()) <= {pl.Int32, pl.String}


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["a.csv", "B.CSV", "c.xlsx", "d.txt", "e"]))
def test_random_bytes_never_break_read_submission(data, path):
    read_or_refuse(path, data)


CSV_ALPHABET = st.sampled_from(list(",;\t\"\n\r '=-+.0123456789abcXYZ_ờĐ\u0301\ufeff\x00"))
HEADERS = [
    "",
    "unit_code,period,indicator_code,value\n",
    "ma_don_vi;ky_bao_cao;ma_chi_tieu;gia_tri;ghi_chu\n",
    '"unit_code"\t"period"\t"indicator_code"\t"value"\n',
]


@FUZZ
@given(
    st.sampled_from(HEADERS),
    st.text(alphabet=CSV_ALPHABET, max_size=600),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "windows-1258"]),
)
def test_csv_like_text_in_any_encoding_never_breaks_the_reader(header, body, encoding):
    text = header + body
    try:
        data = to_windows_1258(text) if encoding == "windows-1258" else text.encode(encoding)
    except UnicodeEncodeError:
        return
    read_or_refuse("f.csv", data)


@FUZZ
@given(st.binary(max_size=4096))
def test_decoding_gives_nfc_text_or_a_reason(data):
    try:
        text, encoding = decode_bytes(data)
    except IngestError as exc:
        assert exc.args[0]
        return
    assert text == unicodedata.normalize("NFC", text)
    assert encoding in {"utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "windows-1258"}
