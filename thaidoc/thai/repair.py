"""Thai text repair: glyph level first (pdfplumber chars), strings second.

First version: mark reordering by position, sara-am restoration and pythainlp
normalisation. Public API (used by every pipeline stage and by ``thaidoc repair``):

- ``repair_chars(chars, page)``: glyph-level fixes on one page's pdfplumber chars.
- ``join_chars(chars)``: the text of one line's chars, spaces only where the page has a gap.
- ``repair_thai_line(text)``: string-level repair of one line.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize

from thaidoc.schemas import BBox, QualityWarning

Char = dict[str, Any]

# Thai combining marks: mai han-akat, the above/below vowels, and U+0E47–U+0E4E (mai
# taikhu, the tone marks, thanthakhat, nikhahit, yamakkan).
_MARKS = (
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
_MARK_SET = frozenset(_MARKS)
_CONSONANT = "\u0e01-\u0e2e"

# 'ส านักงาน' / 'ประจ าปี': a consonant, a spurious space, and a lone sara aa that was ำ.
_LOST_SARA_AM = re.compile(rf"([{_CONSONANT}][\u0e48-\u0e4b]?) \u0e32")
# ํ + า written as two code points.
_SPLIT_SARA_AM = re.compile("\u0e4d\u0e32")
# ำ with a stray า before or after it: glyph pairs LibreOffice-made PDFs map as 'ำา'/'าำ'.
_SARA_AM_WITH_AA = re.compile("\u0e33\u0e32|\u0e32\u0e33")
_THAI_CHAR = re.compile("[\u0e01-\u0e4e]")
# A number whose thousands groups were split by a glyph gap: '2,750,00 0', '1 ,500,000'.
_SPLIT_NUMBER = re.compile(r"\d[\d,. ]*\d")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# ำ never begins a word: a space before it was put there by the glyph's offset.
_SPACE_BEFORE_SARA_AM = re.compile("(?<=[\u0e01-\u0e2e\u0e48-\u0e4b]) \u0e33")
# A space before a combining mark is never on the page.
_SPACE_BEFORE_MARK = re.compile(rf" +([{_MARKS}])")


def is_mark(ch: str) -> bool:
    return ch in _MARK_SET


def repair_chars(chars: list[Char], page: int) -> tuple[list[Char], list[QualityWarning]]:
    """Glyph-level repair of one page's chars; returns new chars and what could not be placed."""
    warnings = [
        QualityWarning(
            code="unplaced_glyph",
            message=f"glyph {c['text']!r} has no Unicode mapping",
            page=page,
            bbox=BBox(x0=c["x0"], top=c["top"], x1=c["x1"], bottom=c["bottom"]),
        )
        for c in chars
        if c["text"].startswith("(cid:")
    ]
    return chars, warnings


def join_chars(chars: list[Char]) -> str:
    """Text of one line's chars in reading order, with a space wherever the gap is a word gap."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        text = c["text"]
        if prev is not None and not is_mark(text[:1]):
            gap = c["x0"] - prev["x1"]
            if gap > 0.25 * float(c.get("size") or 10):
                out.append(" ")
        out.append(text)
        if not is_mark(text[:1]):
            prev = c
    return "".join(out)


# Each rule can expose another's pattern ('ส า' inside a letter-spaced run); a few rounds
# reach the fixed point, which makes the repair idempotent.
MAX_REPAIR_ROUNDS = 4


def repair_thai_line(text: str) -> str:
    """Repair one line of extracted Thai text. Clean text passes through unchanged."""
    for _ in range(MAX_REPAIR_ROUNDS):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_once(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _LOST_SARA_AM.sub(lambda m: m.group(1) + "\u0e33", text)
    text = _SPLIT_SARA_AM.sub("\u0e33", text)
    text = _SARA_AM_WITH_AA.sub("\u0e33", text)
    text = _SPLIT_NUMBER.sub(_join_number_groups, text)
    return reread_sara_am(normalize(text))


def _join_number_groups(m: re.Match[str]) -> str:
    """Remove spaces inside a number only when what remains is a well-formed grouped
    number; '2564 2565' (two numbers) stays as it is."""
    joined = m.group(0).replace(" ", "")
    if " " in m.group(0) and "," in joined and _GROUPED_NUMBER.fullmatch(joined):
        return joined
    return m.group(0)


def most_plausible(text: str, *candidates: str) -> str:
    """The candidate with the most dictionary words; the text itself wins ties."""
    best, best_score = text, plausibility(text)
    for candidate in candidates:
        candidate_score = plausibility(candidate)
        if candidate != text and candidate_score > best_score:
            best, best_score = candidate, candidate_score
    return best


def reread_sara_am(text: str) -> str:
    """Fonts that draw ำ from pieces leave the text layer guessing; try the known misreads
    and keep one only where it makes more dictionary words than the line as it is:
    า shown as ำ throughout ('ยุทธศำสตร์'; the real ำ then comes out as ' ำ'), and
    ำ shown as ้า ('ส้าคัญ' for สำคัญ, 'น ้ายืน' for น้ำยืน)."""
    candidates = []
    if "\u0e33" in text:
        swapped = re.sub("(?<! )\u0e33", "\u0e32", text).replace(" \u0e33", "\u0e33")
        candidates.append(swapped)
    if "\u0e49\u0e32" in text:
        candidates.append(text.replace("\u0e49\u0e32", "\u0e33"))
        candidates.append(text.replace("\u0e49\u0e32", "\u0e49\u0e33"))
    if not candidates:
        return text
    return most_plausible(_SPACE_BEFORE_SARA_AM.sub("\u0e33", text), *candidates)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    return frozenset(thai_words())


def plausibility(text: str) -> tuple[float, int]:
    """How plausible a reading is: the share of its Thai letters that fall inside
    dictionary words (newmm tokens found in pythainlp's word list; 1.0 without Thai),
    then fewer tokens (longer words) as the tie-breaker."""
    words = _dictionary()
    total = inside = 0
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False)
    for token in tokens:
        letters = len(_THAI_CHAR.findall(token))
        total += letters
        if letters and token in words:
            inside += letters
    return (inside / total if total else 1.0), -len(tokens)


def merge_readings(primary: str, witness: str) -> str:
    """The glyphs' reading corrected by the witness where the two disagree on letters and
    marks; the glyphs' spaces, and anything the witness lacks, are kept (never dropped)."""
    out = []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, primary, witness, autojunk=False).get_opcodes():
        if op in ("equal", "delete"):
            out.append(primary[a0:a1])
        else:  # replace or insert: take the witness's letters, without its extra spaces
            out.append(witness[b0:b1].replace(" ", "") if op == "insert" else witness[b0:b1])
    return "".join(out)


def choose_reading(primary: str, witness: str) -> str:
    """Of two readings of the same line (the glyphs', and pypdfium2's, which follows
    ActualText), keep the more plausible; the glyphs' reading wins ties."""
    witness = repair_thai_line(witness.strip())
    if not witness or witness == primary:
        return primary
    merged = repair_thai_line(merge_readings(primary, witness))
    if merged == primary:
        return primary
    return merged if plausibility(merged) > plausibility(primary) else primary
