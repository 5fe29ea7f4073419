"""Encodings: Windows-1258 detection, TCVN3 / VNI mojibake warnings, and where they land
(`dagster_project.ingest.read.vietnamese`, `text`, `row_warnings`, `load`)."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dagster_project.ingest.check.row_warnings import legacy_text_warnings
from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.load.loader import load_reference, load_submissions
from dagster_project.ingest.read.csv_reader import read_csv_submission
from dagster_project.ingest.read.text import decode_bytes
from dagster_project.ingest.read.vietnamese import (
    TCVN3,
    TCVN3_TABLE,
    VNI,
    VNI_TABLE,
    from_tcvn3,
    from_vni,
    is_syllable,
    judge_vietnamese,
    legacy_guess,
    to_windows_1258,
)

SENTENCES = [
    "Thông tin và Truyền thông",
    "Doanh thu bưu chính, viễn thông ước đạt 1.500 tỷ đồng",
    "Sở Khoa học và Công nghệ tỉnh Vĩnh Phúc",
    "Hồ sơ trực tuyến tiếp nhận trong tháng",
    "Đắk Lắk, Thừa Thiên Huế, Bà Rịa – Vũng Tàu",
    "ƯỚC THỰC HIỆN SÁU THÁNG ĐẦU NĂM",
    "Số liệu chính thức, đã đối chiếu với quý trước",
    "Nguyễn Thị Hoà, khuyến nghị giữ nguyên kế hoạch",
]
SYLLABLES = sorted({w for s in SENTENCES for w in s.replace(",", " ").split() if w.isalpha()})
# Unicode text that must never be taken for mojibake.
NOT_LEGACY = [
    *SENTENCES,
    "Müller GmbH",  # a foreign name: one odd word that no table repairs
    "Nestlé Việt Nam",
    "«Thông tin» – “trích dẫn”",
    "25°C, 100 m², ±5%",
    "hoà, quá, giá, xuân, quý, thuở, khuya, Uỷ ban",  # vowel pairs VNI would also make
    "BCVT_REVENUE",
    "1.500,5",
]


def tcvn3_text(text: str) -> str:
    """How a cell formatted with a .Vn font shows `text` (TCVN3 bytes as Latin-1)."""
    inverse = {
        letter: code
        for code, letter in TCVN3_TABLE.items()
        if letter.islower() or letter in "ĂÂÊÔƠƯĐ"
    }
    # Capitals with a tone have no slot: a capital font shows the lower-case one.
    return "".join(inverse.get(char, inverse.get(char.lower(), char)) for char in text)


def vni_text(text: str) -> str:
    """How a cell formatted with a VNI font shows `text`."""
    inverse: dict[str, str] = {}
    for code, letter in sorted(VNI_TABLE.items(), key=lambda kv: len(kv[0])):
        inverse.setdefault(letter, code)
    return "".join(inverse.get(char, char) for char in unicodedata.normalize("NFC", text))


# --- syllables ---------------------------------------------------------------------


@pytest.mark.parametrize("word", SYLLABLES)
def test_vietnamese_words_are_syllables_in_nfc_nfd_and_capitals(word):
    assert is_syllable(word)
    assert is_syllable(unicodedata.normalize("NFD", word))
    assert is_syllable(word.upper())


@pytest.mark.parametrize(
    "word",
    ["Th«ng", "Thoâng", "ViÖt", "chÝnh", "Größe", "façade", "Müller", "naïve", "b\u0301n"],
)
def test_mojibake_and_foreign_words_are_not(word):
    assert not is_syllable(word)


# --- Windows-1258 ------------------------------------------------------------------


def test_windows_1258_uses_combining_tone_marks_and_is_read_back_as_nfc():
    data = to_windows_1258("Thực hiện")
    assert b"\xcc" not in data and b"\xf2" in data  # nặng as the combining dot below
    assert decode_bytes(data) == ("Thực hiện", "windows-1258")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_windows_1258_vietnamese_is_read(sentence):
    text = f"unit_code,period,indicator_code,value,note\nBC01,2023-06,X,1,{sentence}\n"
    assert decode_bytes(to_windows_1258(text)) == (unicodedata.normalize("NFC", text),
                                                   "windows-1258")  # fmt: skip


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=12))
def test_any_vietnamese_text_round_trips_through_windows_1258(words):
    text = "note\n" + " ".join(words) + "\n"
    encoding = "utf-8" if text.isascii() else "windows-1258"
    assert decode_bytes(to_windows_1258(text)) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ("Größe, Übersicht, façade".encode("cp1252"), "accented words are Vietnamese"),
        ("naïve café élève".encode("latin-1"), "accented words are Vietnamese"),
        (b"note\nabc\x81def", "byte 0x81 at offset 8 is not defined in Windows-1258"),
        (b"note\nabc\x07\xf4", "control character (U+0007)"),
        (b"note\nb\xec\xecn", "tone mark does not sit on a Vietnamese vowel"),
        (b"note\nabc \x89 \x86", "it holds the symbols \u2020 \u2030"),
    ],
)
def test_other_single_byte_text_is_rejected_naming_the_encodings_tried(data, why):
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes(data)
    assert why in caught.value.reason_en
    assert "Encodings tried: UTF-8, UTF-16, Windows-1258" in caught.value.reason_en
    assert "Đã thử các bảng mã: UTF-8, UTF-16, Windows-1258" in caught.value.reason_vi


def test_random_latin_garbage_is_rejected_never_garbled():
    rng = random.Random(1258)
    for _ in range(200):
        data = bytes(rng.choice(range(0x20, 0x100)) for _ in range(rng.randint(20, 400)))
        try:
            text, encoding = decode_bytes(data)
        except UnreadableFile:
            continue
        # Accepted only when it really is text in that encoding.
        assert encoding in ("utf-8", "windows-1258")
        if encoding == "windows-1258":
            assert judge_vietnamese(data.decode("cp1258")).ok
            assert text == unicodedata.normalize("NFC", data.decode("cp1258"))


def test_bytes_in_tcvn3_are_rejected_with_a_hint():
    data = tcvn3_text("ghi chú: số liệu ước tính của Sở Thông tin").encode("latin-1")
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes(data)
    assert "it looks like the legacy TCVN3 (ABC) encoding" in caught.value.reason_en
    assert "có vẻ là bảng mã cũ TCVN3 (ABC)" in caught.value.reason_vi


def test_punctuation_only_windows_1258_is_read():
    data = "note\n“BC01” – 12\u00a0000 €\n".encode("cp1258")
    assert decode_bytes(data) == ("note\n“BC01” – 12\u00a0000 €\n", "windows-1258")


def test_utf16_without_bom_is_still_a_nul_error_not_a_windows_1258_guess():
    with pytest.raises(UnreadableFile, match="NUL characters"):
        decode_bytes("Thông tin".encode("utf-16-le"))


# --- TCVN3 and VNI text ------------------------------------------------------------


def test_the_tables_read_the_classic_examples():
    assert from_tcvn3("Th«ng tin vµ TruyÒn th«ng") == "Thông tin và Truyền thông"
    assert from_tcvn3("B¶o Th¾ng, M\u00adêng Kh\u00ad¬ng") == "Bảo Thắng, Mường Khương"
    assert from_tcvn3("§ÇU N¡M") == "ĐẦU NĂM"  # capitals: a capital font, lower-case slots
    assert from_vni("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert from_vni("Thoâng tin vaø Truyeàn thoâng") == "Thông tin và Truyền thông"
    assert from_vni("UÛY BAN NHAÂN DAÂN TÆNH") == "ỦY BAN NHÂN DÂN TỈNH"


@pytest.mark.parametrize(
    ("text", "encodings", "reading"),
    [
        ("Th«ng tin", (TCVN3,), "Thông tin"),
        ("TruyÒn th«ng, ViÖt Nam", (TCVN3,), "Truyền thông, Việt Nam"),
        ("sè liÖu \u00adíc tÝnh", (TCVN3,), "số liệu ước tính"),
        ("Thoâng tin", (VNI,), "Thông tin"),
        ("soá lieäu öôùc tính", (VNI,), "số liệu ước tính"),
        ("Sö dông", (TCVN3, VNI), None),  # sử dụng or sư dơng: both tables repair it
    ],
)
def test_legacy_text_is_named_with_its_probable_reading(text, encodings, reading):
    guess = legacy_guess(text)
    assert guess is not None
    assert (guess.encodings, guess.reading) == (encodings, reading)


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_unicode_text_is_not_taken_for_legacy(text):
    assert legacy_guess(text) is None
    assert legacy_guess(unicodedata.normalize("NFD", text)) is None


@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
def test_any_sentence_typed_with_a_legacy_font_is_recognised(sentences):
    text = "; ".join(sentences)
    tcvn3 = legacy_guess(tcvn3_text(text))
    assert tcvn3 is not None and TCVN3 in tcvn3.encodings
    vni = legacy_guess(vni_text(text))
    assert vni is not None and VNI in vni.encodings
    if vni.encodings == (VNI,):
        assert vni.reading == text


def test_row_warnings_name_the_cell_and_keep_the_text_as_sent():
    text = pl.DataFrame(
        {
            "file_path": ["a.csv", "a.csv", "a.csv"],
            "row_number": [2, 3, 4],
            "note": ["Th«ng tin", "Thông tin", None],
            "status": ["Thoâng", "actual", "¦íc"],
        },
        schema_overrides={"row_number": pl.Int32},
    )
    warnings = legacy_text_warnings(text, ["note", "status"])
    assert warnings.select("row_number", "column_name", "value", "check_name").rows() == [
        (2, "note", "Th«ng tin", "text_in_tcvn3"),
        (2, "status", "Thoâng", "text_in_vni"),
        (4, "status", "¦íc", "text_in_tcvn3"),
    ]
    message, message_vi = warnings.select("message", "message_vi").row(0)
    assert message.startswith("this text looks typed in the legacy TCVN3 (ABC) encoding")
    assert '; it probably reads "Thông tin":' in message
    assert message_vi.startswith("văn bản có vẻ được gõ bằng bảng mã cũ TCVN3 (ABC)")
    assert '; có lẽ là "Thông tin":' in message_vi


# --- through the loader ------------------------------------------------------------

HEADER = "unit_code,period,indicator_code,value,status,note\n"


def test_load_records_the_encoding_and_writes_row_warnings(tmp_path: Path, raw_folder):
    raw = raw_folder(
        submissions={
            "ansi.csv": to_windows_1258(HEADER + "BC01,2023-06,POSTAL_REVENUE,5,Ước,Số liệu\n"),
            "abc.csv": HEADER + "BC01,2023-06,POSTAL_REVENUE,5,,Th«ng tin\n"
            "BC01,2023-07,POSTAL_REVENUE,x,,TruyÒn th«ng\n",
            "vni.csv": HEADER.replace(",", ";") + "BC01;2023-06;BTS_STATIONS;5;;Thoâng tin\n",
        }
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    load_reference(raw, con, log=lambda _: None)
    result = load_submissions(raw, con, log=lambda _: None)
    assert result.row_warnings == 3
    assert con.execute(
        "select file_path, encoding, received_rows, accepted_rows, rejected_rows "
        "from raw.file_manifest order by 1"
    ).fetchall() == [
        ("submissions/abc.csv", "utf-8", 2, 1, 1),
        ("submissions/ansi.csv", "windows-1258", 1, 1, 0),
        ("submissions/vni.csv", "utf-8", 1, 1, 0),
    ]
    assert con.execute("select status, note from raw.submission_values "
                       "where file_path = 'submissions/ansi.csv'").fetchall() == [
        ("estimate", "Số liệu")
    ]  # fmt: skip
    assert con.execute(
        "select file_path, row_number, column_name, value, check_name from raw.row_warnings "
        "order by 1, 2"
    ).fetchall() == [
        ("submissions/abc.csv", 2, "note", "Th«ng tin", "text_in_tcvn3"),
        ("submissions/abc.csv", 3, "note", "TruyÒn th«ng", "text_in_tcvn3"),  # rejected row
        ("submissions/vni.csv", 2, "note", "Thoâng tin", "text_in_vni"),
    ]
    # Rejected rows carry the unit code sent on them: who must fix the row.
    assert con.execute("select row_number, unit_code from raw.rejected_rows").fetchall() == [
        (3, "BC01")
    ]
    # Running again replaces the warnings; it does not add to them.
    load_submissions(raw, con, log=lambda _: None)
    assert con.execute("select count(*) from raw.row_warnings").fetchall() == [(3,)]


def test_a_build_file_from_before_gets_the_new_columns(tmp_path: Path, raw_folder):
    raw = raw_folder(submissions={"a.csv": HEADER + "NOPE,2023-06,POSTAL_REVENUE,5,,\n"})
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute(
        "create schema raw; create table raw.rejected_rows (file_path varchar not null, "
        "row_number integer not null, column_name varchar not null, value varchar, "
        "check_name varchar not null, message varchar not null, message_vi varchar not null); "
        "insert into raw.rejected_rows values ('reference/plans.csv', 2, 'x', 'y', 'z', 'm', 'v')"
    )
    load_reference(raw, con, log=lambda _: None)
    load_submissions(raw, con, log=lambda _: None)
    assert con.execute(
        "select file_path, unit_code from raw.rejected_rows order by 1"
    ).fetchall() == [("submissions/a.csv", "NOPE")]


def test_csv_reader_reads_a_windows_1258_semicolon_file():
    data = to_windows_1258("Mã đơn vị;Kỳ báo cáo;Mã chỉ tiêu;Giá trị;Tình trạng\n"
                           "BC01;06/2023;POSTAL_REVENUE;1.500,5;Thực hiện\n")  # fmt: skip
    table = read_csv_submission(data)
    assert table.encoding == "windows-1258"
    assert table.frame.select("unit_code", "value", "status").rows() == [
        ("BC01", "1.500,5", "Thực hiện")
    ]
