"""Decoding and Unicode rules: dagster_project.ingest.read.text."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.read.text import decode_bytes, fold, fold_expr, header_key, nfc

VIET = "Thông tin và Truyền thông, Đắk Lắk, ước đạt"


def test_nfd_and_nfc_text_compare_equal_after_nfc():
    nfd = unicodedata.normalize("NFD", VIET)
    assert nfd != VIET
    assert nfc(nfd) == VIET


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mã đơn vị", "ma don vi"),
        ("ĐẮK LẮK", "dak lak"),
        ("Ước", "uoc"),
        ("Thực hiện", "thuc hien"),
        (unicodedata.normalize("NFD", "Tháng"), "thang"),
    ],
)
def test_fold_removes_diacritics_and_d_bar(text, folded):
    assert fold(text) == folded
    assert pl.select(fold_expr(pl.lit(text))).item() == folded


def test_header_key_ignores_case_diacritics_spaces_and_underscores():
    assert header_key("Mã đơn vị") == header_key("ma_don_vi") == header_key(" MA DON VI ")
    assert header_key("unit_code") == "unitcode"


def test_utf8_without_bom():
    assert decode_bytes(VIET.encode("utf-8")) == (VIET, "utf-8")


def test_utf8_with_bom():
    assert decode_bytes(b"\xef\xbb\xbf" + VIET.encode("utf-8")) == (VIET, "utf-8-bom")


def test_utf16_le_and_be_with_bom():
    assert decode_bytes(b"\xff\xfe" + VIET.encode("utf-16-le")) == (VIET, "utf-16-le")
    assert decode_bytes(b"\xfe\xff" + VIET.encode("utf-16-be")) == (VIET, "utf-16-be")


def test_decoded_text_is_nfc():
    text, _ = decode_bytes(unicodedata.normalize("NFD", VIET).encode("utf-8"))
    assert text == VIET


def test_windows_1258_vietnamese_is_read_and_other_latin_text_rejected_not_garbled():
    # More cases in test_ingest_encodings.py.
    assert decode_bytes("Thông tin".encode("cp1258")) == ("Thông tin", "windows-1258")
    with pytest.raises(UnreadableFile) as caught:
        decode_bytes("Größe".encode("cp1252"))
    assert caught.value.reason_en.startswith("the file is not UTF-8 text (byte 0xf6 at offset 2)")
    assert "Windows-1258" in caught.value.reason_en
    assert caught.value.reason_vi.startswith("tệp không phải văn bản UTF-8")


def test_utf16_without_bom_is_rejected():
    with pytest.raises(UnreadableFile, match="NUL characters"):
        decode_bytes("unit_code,period".encode("utf-16-le"))


def test_broken_utf16_is_rejected():
    with pytest.raises(UnreadableFile, match="says it is utf-16-le but byte 2 cannot be decoded"):
        decode_bytes(b"\xff\xfe" + b"\x00\xdc")  # a lone low surrogate


def test_zip_named_csv_is_rejected():
    with pytest.raises(UnreadableFile, match="zip archive"):
        decode_bytes(b"PK\x03\x04rest-of-a-workbook")
