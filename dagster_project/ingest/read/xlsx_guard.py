"""Checks on an `.xlsx` file's bytes before any spreadsheet library sees them.

An `.xlsx` workbook is a zip archive of XML parts. SPEC "Operations" lists zip bombs
posing as `.xlsx` among the hostile inputs; these checks look only at the archive's
directory (names, declared sizes, compression methods, flags), never decompress a
member except the small `[Content_Types].xml`, and so cost microseconds.

Why the declared sizes can be trusted: Python's `zipfile` (which the reader's library
uses to open members) never returns more than a member's declared size, so a member
that lies about its size comes out truncated and fails its CRC check; and only
`stored` and `deflate` members are allowed (deflate output is produced in bounded
chunks; Excel never writes anything else).

Rejected, each with a reason in English and Vietnamese:

* not a zip archive at all (a CSV or text file renamed `.xlsx`, an empty file);
* an OLE2 compound file: an Excel 97–2003 `.xls` renamed, or a password-protected
  workbook (Excel encrypts a whole `.xlsx` into such a container);
* a damaged or truncated zip;
* more than `MAX_MEMBERS` members, more than `MAX_UNCOMPRESSED_BYTES` in all once
  decompressed, or a member above `RATIO_MIN_BYTES` that decompresses to more than
  `MAX_RATIO` times its compressed size (a zip bomb);
* encrypted members or compression methods other than stored/deflate;
* macro-enabled (`.xlsm`, a `vbaProject.bin`) and binary (`.xlsb`) workbooks;
* a zip that is not a workbook (no `[Content_Types].xml` declaring a workbook part:
  a `.docx` or `.ods` renamed, say).
"""

from __future__ import annotations

import io
import zipfile

from dagster_project.ingest.errors import UnreadableFile

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024  # small parts of repetitive XML may compress better
MAX_MEMBERS = 10_000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ALLOWED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_CONTENT_TYPES = "[Content_Types].xml"

_SAVE_AS_EN = "open it in Excel and save it as 'Excel Workbook (*.xlsx)'"
_SAVE_AS_VI_TAIL = "mở bằng Excel và lưu lại dưới dạng 'Excel Workbook (*.xlsx)'"
_SAVE_AS_VI = f"hãy {_SAVE_AS_VI_TAIL}"
# The content type of a workbook's main part (`.xlsx`, and `.xltx` templates).
_WORKBOOK_TYPES = ("spreadsheetml.sheet.main+xml", "spreadsheetml.template.main+xml")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_xlsx_archive(data: bytes) -> None:
    """Raise `UnreadableFile` unless `data` is a plausible, bounded `.xlsx` zip archive."""
    if not data:
        raise UnreadableFile(
            "not an Excel .xlsx file (the file is empty)",
            "không phải tệp Excel .xlsx (tệp rỗng)",
        )
    if data.startswith(_OLE2_MAGIC):
        raise UnreadableFile(
            "not an Excel .xlsx file: it is a password-protected workbook or an old Excel "
            f"97-2003 (.xls) file; remove the password, then {_SAVE_AS_EN}",
            "không phải tệp Excel .xlsx: đây là bảng tính có đặt mật khẩu hoặc tệp Excel "
            f"97-2003 (.xls) cũ; hãy bỏ mật khẩu, sau đó {_SAVE_AS_VI_TAIL}",
        )
    if not data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        raise UnreadableFile(
            "not an Excel .xlsx file (not a zip archive)",
            "không phải tệp Excel .xlsx (không phải tệp nén zip)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive)
    except UnreadableFile:
        raise
    except Exception as exc:  # zipfile, zlib and struct raise many types on damaged archives
        raise UnreadableFile(
            f"not an Excel .xlsx file (damaged or incomplete zip archive: {exc})",
            f"không phải tệp Excel .xlsx (tệp nén zip bị hỏng hoặc không đầy đủ: {exc})",
        ) from exc


def _check_members(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile(
            f"not an Excel form: the zip archive has {len(members)} parts "
            f"(at most {MAX_MEMBERS} are read)",
            f"không phải biểu mẫu Excel: tệp nén có {len(members)} thành phần "
            f"(chỉ đọc tối đa {MAX_MEMBERS})",
        )
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise UnreadableFile(
                f"the workbook is encrypted (part {info.filename}); remove the password, "
                f"then {_SAVE_AS_EN}",
                f"bảng tính bị mã hoá (thành phần {info.filename}); hãy bỏ mật khẩu, "
                f"sau đó {_SAVE_AS_VI_TAIL}",
            )
        if info.compress_type not in _ALLOWED_METHODS:
            raise UnreadableFile(
                f"not an Excel .xlsx file: part {info.filename} uses zip compression method "
                f"{info.compress_type}, which Excel never writes",
                f"không phải tệp Excel .xlsx: thành phần {info.filename} dùng kiểu nén "
                f"{info.compress_type} mà Excel không bao giờ dùng",
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnreadableFile(
                f"refused: the workbook would decompress to more than "
                f"{_mib(MAX_UNCOMPRESSED_BYTES)} (a zip bomb, or far too large for a form)",
                f"từ chối: bảng tính khi giải nén lớn hơn {_mib(MAX_UNCOMPRESSED_BYTES)} "
                "(bom zip, hoặc quá lớn đối với một biểu mẫu)",
            )
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnreadableFile(
                f"refused: part {info.filename} decompresses {ratio} times its size "
                f"(more than {MAX_RATIO}:1, a zip bomb)",
                f"từ chối: thành phần {info.filename} khi giải nén lớn gấp {ratio} lần "
                f"(quá {MAX_RATIO}:1, bom zip)",
            )
    names = {info.filename.lower(): info for info in members}
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        raise _macro_enabled()
    if "xl/workbook.bin" in names:
        raise _binary_workbook()
    content_types = names.get(_CONTENT_TYPES.lower())
    if content_types is None:
        raise _not_a_workbook()
    if content_types.file_size > MAX_CONTENT_TYPES_BYTES:
        raise UnreadableFile(
            f"not an Excel .xlsx file: {_CONTENT_TYPES} is {content_types.file_size} bytes",
            f"không phải tệp Excel .xlsx: {_CONTENT_TYPES} có {content_types.file_size} byte",
        )
    declared = archive.read(content_types).decode("utf-8", errors="replace").lower()
    if "macroenabled" in declared:
        raise _macro_enabled()
    if "sheet.binary" in declared:
        raise _binary_workbook()
    if not any(kind in declared for kind in _WORKBOOK_TYPES):
        raise _not_a_workbook()


def _not_a_workbook() -> UnreadableFile:
    return UnreadableFile(
        "a zip archive but not an Excel .xlsx workbook (no workbook part declared in "
        f"{_CONTENT_TYPES}): another kind of document renamed? {_SAVE_AS_EN}",
        "là tệp nén zip nhưng không phải bảng tính Excel .xlsx (không khai báo phần "
        f"workbook trong {_CONTENT_TYPES}): tài liệu loại khác bị đổi tên? {_SAVE_AS_VI}",
    )


def _macro_enabled() -> UnreadableFile:
    return UnreadableFile(
        "refused: a macro-enabled workbook (.xlsm, with VBA code); macros are never run: "
        f"{_SAVE_AS_EN}",
        "từ chối: bảng tính có macro (.xlsm, chứa mã VBA); macro không bao giờ được chạy: "
        f"{_SAVE_AS_VI}",
    )


def _binary_workbook() -> UnreadableFile:
    return UnreadableFile(
        f"not an Excel .xlsx file: a binary workbook (.xlsb); {_SAVE_AS_EN}",
        f"không phải tệp Excel .xlsx: bảng tính nhị phân (.xlsb); {_SAVE_AS_VI}",
    )
