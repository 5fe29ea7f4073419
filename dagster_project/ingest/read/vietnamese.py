"""Is this text Vietnamese? Windows-1258 detection and TCVN3 / VNI mojibake (pure).

Both questions are answered with one test, `is_syllable`: Vietnamese is written in
syllables of a strict shape (an optional initial consonant, one to three vowels from a
closed list, an optional final consonant, at most one tone mark, on a vowel). Real
Vietnamese passes it word after word; text decoded with the wrong table does not,
because the wrong table yields letters Vietnamese never uses (`ö`, `ß`), symbols
inside words (`Th«ng`), or vowels in impossible orders (`Thoâng`).

* Windows-1258 (`decode_windows_1258`): bytes that are not UTF-8 are read as
  Windows-1258 only when the result is Vietnamese: every byte defined, no control
  characters, every combining tone mark composes under NFC, and at least
  `VIETNAMESE_SHARE` of the words that hold a non-ASCII letter are syllables.
* TCVN3 (ABC) and VNI (`legacy_guess`): text that decoded fine but was typed with a
  legacy font (`.VnTime`, `VNI-Times`) shows its bytes as Latin-1 letters. A word that is
  not a syllable is converted with each legacy table; if the conversion makes it a
  syllable, the text is legacy, and the table that repairs more words names it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

TCVN3 = "TCVN3"
VNI = "VNI"
VIETNAMESE_SHARE = 0.8

# Combining tone marks: sắc, huyền, hỏi, ngã, nặng.
ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)
_HAT, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_MODIFIED = {
    (_HAT, "a"): "â",
    (_HAT, "e"): "ê",
    (_HAT, "o"): "ô",
    (_BREVE, "a"): "ă",
    (_HORN, "o"): "ơ",
    (_HORN, "u"): "ư",
}
_VOWELS = frozenset("aăâeêioôơuưy")
_LETTERS = frozenset("abcdđeghiklmnopqrstuvxy") | _VOWELS  # no f, j, w, z

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_NUCLEI = (
    *("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"),
    *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe"),
    *("oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ"),
    *("ưu", "yê", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu"),
    *("ươi", "ươu", "yêu"),
)
_NUCLEUS = "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")"
_FINAL = r"(?:ch|ng|nh|[cmnptk])?"  # k: Tây Nguyên names (Đắk Lắk)
_SYLLABLE = re.compile(f"^{_INITIAL}{_NUCLEUS}{_FINAL}$")

# Letters of words: ASCII, Latin-1 (where legacy fonts put their letters), Latin
# Extended, combining marks and Vietnamese precomposed letters.
_LETTER_CLASS = "A-Za-z\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff"
_NON_ASCII_CLASS = "\u00a1-\u00ff\u0100-\u024f\u0300-\u036f\u1e00-\u1eff"
_WORD = re.compile(f"[{_LETTER_CLASS}]+")
# A word with at least one non-ASCII letter (ASCII words never change meaning).
_NON_ASCII_WORD = re.compile(f"[{_LETTER_CLASS}]*[{_NON_ASCII_CLASS}][{_LETTER_CLASS}]*")

# Windows-1258 bytes 0x80-0xFF that are punctuation and mean the same in every Windows
# code page used in Vietnam: accepted outside words.
_NEUTRAL = frozenset("\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u20ac\u20ab")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True for one well-formed Vietnamese syllable, in any case and normal form."""
    composed = unicodedata.normalize("NFC", word)
    if not (composed.islower() or composed.isupper() or composed[1:].islower()):
        return False  # a capital inside a word: `ViÖt`, `chÝnh` (TCVN3)
    letters: list[str] = []
    tones = 0
    for char in unicodedata.normalize("NFD", composed.lower()):
        if char in TONES:
            if not letters or letters[-1] not in _VOWELS:
                return False
            tones += 1
        elif unicodedata.combining(char):
            modified = _MODIFIED.get((char, letters[-1] if letters else ""))
            if modified is None:
                return False
            letters[-1] = modified
        elif char in _LETTERS:
            letters.append(char)
        else:
            return False
    return tones <= 1 and _SYLLABLE.match("".join(letters)) is not None


def non_ascii_words(text: str) -> list[str]:
    """Words (runs of letters) that hold at least one non-ASCII letter or mark."""
    return _NON_ASCII_WORD.findall(text)


# --- Windows-1258 ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Whether decoded text reads as Vietnamese, and why not."""

    ok: bool
    reason_en: str = ""
    reason_vi: str = ""


def judge_vietnamese(text: str) -> Verdict:
    """Is `text` (just decoded from a single-byte code page) plausible Vietnamese?"""
    control = _CONTROL.search(text)
    if control:
        code = f"U+{ord(control.group()):04X}"
        return Verdict(
            False, f"it holds a control character ({code})", f"có ký tự điều khiển ({code})"
        )
    composed = unicodedata.normalize("NFC", text)
    stray = next((ch for ch in composed if unicodedata.combining(ch)), None)
    if stray is not None:
        return Verdict(
            False,
            "a tone mark does not sit on a Vietnamese vowel",
            "có dấu thanh không nằm trên nguyên âm tiếng Việt",
        )
    words = non_ascii_words(composed)
    outside = _NON_ASCII_WORD.sub("", composed)
    odd = sorted({ch for ch in outside if not ch.isascii() and ch not in _NEUTRAL})
    if odd:
        shown = " ".join(odd[:5])
        return Verdict(False, f"it holds the symbols {shown}", f"có các ký hiệu {shown}")
    good = sum(1 for word in words if is_syllable(word))
    if words and good < VIETNAMESE_SHARE * len(words):
        shown = ", ".join(sorted({w for w in words if not is_syllable(w)})[:3])
        return Verdict(
            False,
            f"only {good} of {len(words)} accented words are Vietnamese (not: {shown})",
            f"chỉ {good}/{len(words)} từ có dấu là tiếng Việt (không phải: {shown})",
        )
    return Verdict(True)


def decode_windows_1258(data: bytes) -> tuple[str | None, Verdict]:
    """(NFC text, verdict): the text only when the verdict is ok."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        byte = f"0x{data[exc.start]:02x}"
        return None, Verdict(
            False,
            f"byte {byte} at offset {exc.start} is not defined in Windows-1258",
            f"byte {byte} ở vị trí {exc.start} không có trong bảng mã Windows-1258",
        )
    verdict = judge_vietnamese(text)
    return (unicodedata.normalize("NFC", text) if verdict.ok else None), verdict


def to_windows_1258(text: str) -> bytes:
    """Encode as Excel's "ANSI" does on Vietnamese Windows: letters with their hat,
    breve or horn precomposed where Windows-1258 has them, tone marks combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(ch for ch in decomposed if ch in TONES)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
        out += (base + tones).encode("cp1258")  # raises for text outside Windows-1258
    return bytes(out)


# --- TCVN3 (ABC) and VNI ---------------------------------------------------------

# TCVN 5712:1993 bytes 0xA1-0xFF as Latin-1 characters (what a cell formatted with a
# .Vn font holds) and the letters they stand for (glibc's TCVN5712-1 table).
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ ¯Ằ °\u0300 ±\u0309 \u00b2\u0303 "
    "\u00b3\u0301 ´\u0323 µà ¶ả ·ã ¸á \u00b9ạ ºẲ »ằ \u00bcẳ \u00bdẵ \u00beắ ¿Ẵ ÀẮ ÁẦ "
    "ÂẨ ÃẪ ÄẤ ÅỀ Æặ Çầ Èẩ Éẫ Êấ Ëậ Ìè ÍỂ Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ ÙỄ ÚẾ ÛỒ "
    "Üĩ Ýí Þị ßò àỔ áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ ïù ðỖ ñủ òũ óú ôụ õừ "
    "öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ ÿỐ"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}


def _vni_table() -> dict[str, str]:
    """VNI-Windows: a vowel followed by a mark character (sắc ù, huyền ø, hỏi û, ngã õ,
    nặng ï; hat â, or with a tone á à å ã ä; breve ê, or with a tone é è ú ü ë); ơ ư đ
    are ô ö ñ, and i and ỵ have letters of their own. Capitals are the same in capitals."""
    tones, hats, breves = "ùøûõï", "âáàåãä", "êéèúüë"
    lower = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
    lower["î"] = "ỵ"
    for vni, base in (("a", "a"), ("e", "e"), ("o", "o"), ("ô", "ơ"), ("u", "u"), ("ö", "ư")):
        for mark, tone in zip(tones, TONES, strict=True):
            lower[vni + mark] = base + tone
    for mark, tone in zip(tones[:4], TONES[:4], strict=True):  # y with nặng is î
        lower["y" + mark] = "y" + tone
    for vni in "aeo":
        for mark, tone in zip(hats, ("", *TONES), strict=True):
            lower[vni + mark] = vni + _HAT + tone
    for mark, tone in zip(breves, ("", *TONES), strict=True):
        lower["a" + mark] = "a" + _BREVE + tone
    lower = {key: unicodedata.normalize("NFC", letter) for key, letter in lower.items()}
    return {**lower, **{key.upper(): letter.upper() for key, letter in lower.items()}}


VNI_TABLE: dict[str, str] = _vni_table()
_VNI_PAIR_STARTS = frozenset(key[0] for key in VNI_TABLE if len(key) == 2)


def from_tcvn3(text: str) -> str:
    """Unicode for TCVN3 text shown as Latin-1 letters (`Th«ng tin` → `Thông tin`).

    TCVN3 has no capitals with tones: a capital word is typed with a capital font
    (.VnTimeH) in the lower-case slots, so a word whose ASCII letters are all capitals is
    read in capitals (`§ÇU` → `ĐẦU`)."""

    def word(match: re.Match[str]) -> str:
        found = match.group()
        converted = "".join(TCVN3_TABLE.get(ch, ch) for ch in found)
        cased = [ch for ch in found if ch.isascii() and ch.isalpha()]
        return converted.upper() if cased and all(ch.isupper() for ch in cased) else converted

    return unicodedata.normalize("NFC", _WORD.sub(word, text))


def from_vni(text: str) -> str:
    """Unicode for VNI text shown as Latin-1 letters (`Thoâng tin` → `Thông tin`)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if text[i] in _VNI_PAIR_STARTS and pair in VNI_TABLE:
            out.append(VNI_TABLE[pair])
            i += 2
        else:
            out.append(VNI_TABLE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


_CONVERTERS = {TCVN3: from_tcvn3, VNI: from_vni}


@dataclass(frozen=True)
class LegacyGuess:
    """Which legacy encoding text looks like (TCVN3, VNI, or both equally) and how it
    probably reads (None when the two tables disagree and repair equally well)."""

    encodings: tuple[str, ...]
    reading: str | None


def legacy_guess(text: str) -> LegacyGuess | None:
    """TCVN3 or VNI mojibake in decoded text, or None.

    Words with a non-ASCII letter that are not Vietnamese syllables are suspects. Each
    is converted with both tables; a table that turns at least half of the suspects into
    syllables names the encoding (the one that repairs more; both on a tie, and then a
    reading only if both tables read the text the same).
    """
    suspects = [word for word in non_ascii_words(text) if not is_syllable(word)]
    if not suspects:
        return None
    repaired = {
        name: sum(1 for word in suspects if is_syllable(convert(word)))
        for name, convert in _CONVERTERS.items()
    }
    best = max(repaired.values())
    if best == 0 or 2 * best < len(suspects):
        return None
    names = tuple(name for name, count in repaired.items() if count == best)
    readings = {_reading(text, _CONVERTERS[name]) for name in names}
    return LegacyGuess(names, readings.pop() if len(readings) == 1 else None)


def _reading(text: str, convert: Callable[[str], str]) -> str:
    """The whole text converted, when that leaves only syllables; else only the words
    that the conversion turns into syllables (a `°C` or a name stays as it is)."""
    whole = convert(text)
    if all(is_syllable(word) for word in non_ascii_words(whole)):
        return whole

    def one(match: re.Match[str]) -> str:
        word = match.group()
        converted = convert(word)
        return converted if not is_syllable(word) and is_syllable(converted) else word

    return _NON_ASCII_WORD.sub(one, text)
