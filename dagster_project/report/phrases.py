"""The phrase book: in which section, in what order and in what words the prose states
each indicator (``report_phrases.csv`` beside this module; a raw folder's own
``reference/report_phrases.csv`` takes its place, :func:`phrases_for`).

One row per indicator code, in reading order; sections follow in the order they first
appear. ``role`` is ``lead`` (a sentence of its own), ``part`` (said inside the sentence
of ``group_with``, e.g. "…; trong đó 100% hồ sơ được giải quyết trước hạn") or ``omit``
(a ratio's numerator or denominator: in the table, never narrated as an achievement).
``template_<lang>`` replaces "<name> đạt <value>" (``{value}`` is the value as said,
with its unit); ``template_zero_<lang>`` is used when the value is 0. An indicator not
in the book is a lead in the section of its sector, in the generic words, so another
province's catalogue reads just as well without a book of its own.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_PHRASES = Path(__file__).with_name("report_phrases.csv")
# A province's own book, in its raw folder: used instead of the default when present.
RAW_PHRASES = Path("reference") / "report_phrases.csv"
ROLES = ("lead", "part", "omit")
REQUIRED_COLUMNS = ("indicator_code", "section", "role", "group_with")


class PhraseBookError(ValueError):
    """A phrase book row that cannot be used: names the file, row, column and rule."""


@dataclass(frozen=True)
class Phrase:
    code: str
    section: str
    role: str
    position: int
    group_with: str | None = None
    templates: Mapping[str, str] = field(default_factory=dict)  # "vi", "zero_vi", "en", …

    def template(self, language: str, zero: bool) -> str | None:
        if zero and self.templates.get(f"zero_{language}"):
            return self.templates[f"zero_{language}"]
        return self.templates.get(language) or None


def _phrase(path: Path, number: int, record: Mapping[str, str], position: int) -> Phrase:
    def fail(column: str, rule: str) -> PhraseBookError:
        return PhraseBookError(f"{path}, dòng {number}, cột {column}: {rule}")

    code = (record.get("indicator_code") or "").strip()
    if not code:
        raise fail("indicator_code", "mã chỉ tiêu không được để trống")
    role = (record.get("role") or "lead").strip()
    if role not in ROLES:
        raise fail("role", f"phải là một trong {', '.join(ROLES)}, không phải {role!r}")
    group_with = (record.get("group_with") or "").strip() or None
    if role == "part" and group_with is None:
        raise fail("group_with", "chỉ tiêu 'part' phải ghi chỉ tiêu chính (group_with)")
    templates = {}
    for column, text in record.items():
        if column and column.startswith("template_") and text and text.strip():
            if "{value}" not in text and not column.startswith("template_zero_"):
                raise fail(column, "mẫu câu phải có {value}")
            key = column.removeprefix("template_")  # "vi", "zero_vi", "en", "zero_en"
            templates[key] = text.strip()
    section = (record.get("section") or "").strip()
    return Phrase(code, section, role, position, group_with, templates)


@lru_cache(maxsize=1)
def default_phrases() -> dict[str, Phrase]:
    """The phrase book beside this module, read once per process."""
    return read_phrases(DEFAULT_PHRASES)


def phrases_for(raw_dir: Path | None) -> dict[str, Phrase]:
    """The phrase book of a raw folder: its ``reference/report_phrases.csv`` when it has
    one (checked like the default: an error names the file, row, column and rule), else
    the book beside this module."""
    if raw_dir is not None and (Path(raw_dir) / RAW_PHRASES).is_file():
        return read_phrases(Path(raw_dir) / RAW_PHRASES)
    return default_phrases()


def read_phrases(path: Path = DEFAULT_PHRASES) -> dict[str, Phrase]:
    """indicator_code → :class:`Phrase`, in the file's order."""
    path = Path(path)
    try:
        return _read_phrases(path)
    except UnicodeDecodeError as exc:
        raise PhraseBookError(
            f"{path}: không đọc được dưới dạng UTF-8 (byte {exc.start}); hãy lưu tệp CSV "
            "bằng bảng mã UTF-8"
        ) from exc
    except csv.Error as exc:
        raise PhraseBookError(f"{path}: không phải tệp CSV hợp lệ ({exc})") from exc


def _read_phrases(path: Path) -> dict[str, Phrase]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise PhraseBookError(f"{path}, dòng 1: thiếu cột {', '.join(missing)}")
        book: dict[str, Phrase] = {}
        for position, record in enumerate(reader):
            phrase = _phrase(path, position + 2, record, position)
            if phrase.code in book:
                raise PhraseBookError(
                    f"{path}, dòng {position + 2}, cột indicator_code: "
                    f"mã {phrase.code} đã có ở dòng trên"
                )
            book[phrase.code] = phrase
    return book
