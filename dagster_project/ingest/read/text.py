"""Text: decoding bytes, Unicode NFC, and diacritic folding for matching labels.

Decoding rules (SPEC "Inputs"): UTF-8 with or without a byte-order mark, UTF-16 with
a byte-order mark (what Excel writes for "Unicode text"), and Windows-1258 (Excel's
"CSV" on a Vietnamese Windows) when the bytes are not UTF-8 and read as Windows-1258
they are Vietnamese (`vietnamese.decode_windows_1258`: every byte defined, no control
characters, every combining tone mark composes, and the accented words are Vietnamese
syllables). Everything else is rejected with a reason that names the encodings tried;
nothing is guessed, so nothing is garbled.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import polars as pl

from dagster_project.ingest.errors import UnreadableFile
from dagster_project.ingest.read.vietnamese import TCVN3, VNI, decode_windows_1258, legacy_guess

# Encoding names as recorded in `raw.file_manifest.encoding`.
UTF8 = "utf-8"
UTF8_BOM = "utf-8-bom"
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
WINDOWS_1258 = "windows-1258"

_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16_LE = b"\xff\xfe"
_BOM_UTF16_BE = b"\xfe\xff"
_BOM_UTF32_LE = b"\xff\xfe\x00\x00"
_BOM_UTF32_BE = b"\x00\x00\xfe\xff"
_ZIP_MAGIC = b"PK\x03\x04"

_SAVE_AS_HINT_EN = "save it from Excel as 'CSV UTF-8 (Comma delimited)'"
_SAVE_AS_HINT_VI = "hãy lưu lại từ Excel dưới dạng 'CSV UTF-8 (Comma delimited)'"
_LEGACY_NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}
_LEGACY_SAMPLE_BYTES = 64 * 1024


def nfc(value: str) -> str:
    """Unicode NFC, so that text typed in NFD compares equal to the same text in NFC."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case ASCII-ish key for matching labels: no diacritics, `đ` → `d`."""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def header_key(value: str) -> str:
    """Key for a column header: folded, letters and digits only (`Mã đơn vị` → `madonvi`)."""
    return "".join(ch for ch in fold(value) if ch.isascii() and ch.isalnum())


@lru_cache(maxsize=1)
def _fold_table() -> tuple[list[str], list[str]]:
    """Precomposed Latin letters (Vietnamese included) and their base letters."""
    sources: list[str] = ["đ", "Đ"]
    targets: list[str] = ["d", "D"]
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            char = chr(code)
            base = unicodedata.normalize("NFD", char)[0]
            if base != char and base.isascii() and base.isalpha():
                sources.append(char)
                targets.append(base)
    return sources, targets


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised `fold`: lower-case, diacritics removed, `đ` → `d`."""
    sources, targets = _fold_table()
    return (
        expr.str.replace_all(r"[\x{0300}-\x{036F}]", "")
        .str.replace_many(sources, targets)
        .str.to_lowercase()
    )


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: returns (NFC text, encoding name) or raises `UnreadableFile`."""
    if data.startswith(_ZIP_MAGIC):
        raise UnreadableFile(
            "the file is a zip archive (an Excel workbook?), not CSV text",
            "tệp là tệp nén (bảng tính Excel?), không phải văn bản CSV",
        )
    if data.startswith((_BOM_UTF32_LE, _BOM_UTF32_BE)):
        raise UnreadableFile(
            f"UTF-32 text is not supported; {_SAVE_AS_HINT_EN}",
            f"không hỗ trợ văn bản UTF-32; {_SAVE_AS_HINT_VI}",
        )
    if data.startswith(_BOM_UTF8):
        text, encoding = _strict(data, _BOM_UTF8, "utf-8", UTF8_BOM), UTF8_BOM
    elif data.startswith(_BOM_UTF16_LE):
        text, encoding = _strict(data, _BOM_UTF16_LE, "utf-16-le", UTF16_LE), UTF16_LE
    elif data.startswith(_BOM_UTF16_BE):
        text, encoding = _strict(data, _BOM_UTF16_BE, "utf-16-be", UTF16_BE), UTF16_BE
    else:
        text, encoding = _decode_without_bom(data)
    if "\x00" in text:
        raise _nul_characters()
    return nfc(text), encoding


def _nul_characters() -> UnreadableFile:
    return UnreadableFile(
        "the file contains NUL characters: a binary file, or UTF-16 text without a "
        f"byte-order mark; {_SAVE_AS_HINT_EN}",
        f"tệp chứa ký tự NUL: tệp nhị phân hoặc văn bản UTF-16 không có BOM; {_SAVE_AS_HINT_VI}",
    )


def _strict(data: bytes, bom: bytes, codec: str, name: str) -> str:
    try:
        return data[len(bom) :].decode(codec)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(bom)
        raise UnreadableFile(
            f"the file says it is {name} but byte {offset} cannot be decoded; {_SAVE_AS_HINT_EN}",
            f"tệp ghi là {name} nhưng byte thứ {offset} không giải mã được; {_SAVE_AS_HINT_VI}",
        ) from exc


def _decode_without_bom(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError as exc:
        return _decode_legacy(data, exc)


def _decode_legacy(data: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    """Text that is not UTF-8 and has no byte-order mark: Windows-1258 if it reads as
    Vietnamese, else rejected. It must be detected, not assumed: any byte sequence
    decodes as Windows-1258, and a wrong guess garbles every Vietnamese letter."""
    if b"\x00" in data:
        raise _nul_characters()
    text, verdict = decode_windows_1258(data)
    if text is not None:
        return text, WINDOWS_1258
    offset = error.start
    byte = f"0x{data[offset]:02x}"
    hint_en = hint_vi = ""
    guess = legacy_guess(data[:_LEGACY_SAMPLE_BYTES].decode("latin-1"))
    if guess is not None:
        names = " or ".join(_LEGACY_NAMES[name] for name in guess.encodings)
        names_vi = " hoặc ".join(_LEGACY_NAMES[name] for name in guess.encodings)
        hint_en = f" (it looks like the legacy {names} encoding: convert it to Unicode)"
        hint_vi = f" (có vẻ là bảng mã cũ {names_vi}: hãy chuyển sang Unicode)"
    raise UnreadableFile(
        f"the file is not UTF-8 text (byte {byte} at offset {offset}) and has no UTF-16 "
        f"byte-order mark, and read as Windows-1258 it is not Vietnamese: "
        f"{verdict.reason_en}. Encodings tried: UTF-8, UTF-16, Windows-1258{hint_en}; "
        f"{_SAVE_AS_HINT_EN}",
        f"tệp không phải văn bản UTF-8 (byte {byte} ở vị trí {offset}), không có BOM của "
        f"UTF-16, và đọc theo Windows-1258 thì không phải tiếng Việt: {verdict.reason_vi}. "
        f"Đã thử các bảng mã: UTF-8, UTF-16, Windows-1258{hint_vi}; {_SAVE_AS_HINT_VI}",
    )
