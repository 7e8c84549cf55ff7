"""Thai text repair: glyph level first (pdfplumber chars), strings second.

First version: mark reordering by position, sara-am restoration and pythainlp
normalisation. Public API (used by every pipeline stage and by ``thaidoc repair``):

- ``repair_chars(chars, page)``: glyph-level fixes on one page's pdfplumber chars.
- ``join_chars(chars)``: the text of one line's chars, spaces only where the page has a gap.
- ``repair_thai_line(text)``: string-level repair of one line.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from pythainlp.corpus import thai_words, tnc

from thaidoc.schemas import QualityWarning
from thaidoc.thai.lexicons import load_lexicon
from thaidoc.thai.repair_glyphs import line_gap_threshold, repair_glyphs
from thaidoc.thai.repair_maps import (
    ascii_as_mark_map,
    default_cid_table,
    translate_pua,
)
from thaidoc.thai.words import newmm_words, thai_normalize

Char = dict[str, Any]

# Thai combining marks: mai han-akat, the above/below vowels, and U+0E47–U+0E4E (mai
# taikhu, the tone marks, thanthakhat, nikhahit, yamakkan).
_MARKS = (
    "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
_MARK_SET = frozenset(_MARKS)
_CONSONANT = "\u0e01-\u0e2e"

# Lines worth looking at: Thai, unmapped glyphs, PUA variants, U+FFFD, or split numbers.
_NEEDS_LOOK = re.compile("[\u0e00-\u0e7f\uf700-\uf8ff\ufffd]|\\(cid:|\\d[ ,]")
_CID_GLYPH = re.compile(r"\(cid:(\d+)\)")
# A tone mark after sara aa / sara a: drawn over the consonant, extracted after the vowel.
_MARK_AFTER_FOLLOWING_VOWEL = re.compile(f"([{_CONSONANT}])([\u0e32\u0e30])([\u0e48-\u0e4b])")
# Three or more doubled letters in a row: a fake-bold line extracted glyph by glyph.
_DOUBLED_RUN = re.compile("(?:([\u0e01-\u0e4e])\\1){3,}")
# Characters that never begin a Thai word: following vowels, ำ, marks, ๆ.
_NON_INITIAL = frozenset("\u0e30\u0e32\u0e33\u0e45") | frozenset(_MARKS)
# A blank next to a tone mark and า: the nikhahit of ำ drawn as a glyph without Unicode,
# before the tone ('น ้ายืน') or, in UPC fonts, over the า after it ('ตา ่กว่า').
_BLANK_SARA_AM = re.compile(
    f"([{_CONSONANT}])(?: ([\u0e48-\u0e4b])\u0e32|\u0e32 ([\u0e48-\u0e4b]))"
)
_LETTER_SPACED_PART = 3  # a letter-spaced run is made of parts this long or shorter
# ํ + า written as two code points, in either order; after 'าํ' (UPC fonts) the text layer
# takes the nikhahit's advance for a word gap: 'ดาํ เนินการ' is ดำเนินการ.
_SPLIT_SARA_AM = re.compile("\u0e4d\u0e32|\u0e32\u0e4d(?: (?=[\u0e01-\u0e2e\u0e40-\u0e44]))?")
# ำ with a stray า before or after it: glyph pairs LibreOffice-made PDFs map as 'ำา'/'าำ'.
_SARA_AM_WITH_AA = re.compile("\u0e33\u0e32|\u0e32\u0e33")
_THAI_CHAR = re.compile("[\u0e01-\u0e4e]")
# A number whose thousands groups were split by a glyph gap: '2,750,00 0', '1 ,500,000'.
_SPLIT_NUMBER = re.compile(r"\d[\d,. ]*\d")
# A number as it is written on its own: no leading zeros ('5 00,000' is one number split).
_WHOLE_NUMBER = re.compile(r"(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")
# An amount run into its currency word: Thai typesetting always leaves a gap there.
_AMOUNT_AGAINST_CURRENCY = re.compile(r"(?<=\d,\d{3})(?=(?:ล้าน)?บาท)")
# ำ never begins a word: a space before it was put there by the glyph's offset.
_SPACE_BEFORE_SARA_AM = re.compile("(?<=[\u0e01-\u0e2e\u0e48-\u0e4b]) \u0e33")
# A space before a combining mark is never on the page.
_SPACE_BEFORE_MARK = re.compile(rf" +([{_MARKS}])")
# Marks drawn at their base's right edge sort after the gap that follows the syllable: in
# 'ท ่ี1' the gap belongs after the marks (Thai sets a space between a word and a number).
_GAP_BEFORE_MARKS_BEFORE_DIGIT = re.compile(rf"(?<=[{_CONSONANT}]) ([{_MARKS}]+)(?=\d)")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """pythainlp's ``normalize`` (mark order, repeated vowels, ...), cached: the repair
    normalizes the same line and its candidate readings many times over."""
    return thai_normalize(text)


def is_mark(ch: str) -> bool:
    return ch in _MARK_SET


def repair_chars(chars: list[Char], page: int) -> tuple[list[Char], list[QualityWarning]]:
    """Glyph-level repair of one page's chars (``repair_glyphs``): glyphs mapped, fake-bold
    copies removed, marks put right after their base with the base's x0 (plus a tiny
    epsilon) and renumbered ``_stream_index``; unmapped glyphs kept and flagged."""
    return repair_glyphs(chars, page)


def join_chars(chars: list[Char]) -> str:
    """Text of one line's chars in reading order, with a space wherever the gap is a word
    gap (relative to the font size and the line's own letter spacing). Blank glyphs count
    as a gap only where they have width."""
    threshold = line_gap_threshold(chars)
    visible: _GlyphsByLeftEdge | None = None
    out: list[str] = []
    prev: Char | None = None
    pending_space = False
    for c in chars:
        text = c["text"]
        if not text.strip():
            width = c["x1"] - c["x0"]
            if width >= 0.1 * float(c.get("size") or 10) and prev is not None:
                if visible is None:
                    visible = _GlyphsByLeftEdge([g for g in chars if g["text"].strip()])
                pending_space = pending_space or not _covered(c, visible)
            continue
        if text in _MARK_SET:  # a single mark
            out.append(text)
            continue
        if prev is not None and (pending_space or c["x0"] - prev["x1"] > threshold):
            out.append(" ")
        pending_space = False
        out.append(text)
        prev = c
    return "".join(out)


class _GlyphsByLeftEdge:
    """A line's visible glyphs sorted by x0, so that those overlapping a blank are found
    by bisection, not by a scan of the line for every blank."""

    def __init__(self, glyphs: list[Char]) -> None:
        self.glyphs = sorted(glyphs, key=lambda c: c["x0"])
        self.x0s = [c["x0"] for c in self.glyphs]
        self.widest = max((c["x1"] - c["x0"] for c in self.glyphs), default=0.0)

    def overlapping(self, x0: float, x1: float) -> list[Char]:
        """The glyphs that may overlap [x0, x1] (a superset: all that do)."""
        lo = bisect_left(self.x0s, x0 - self.widest)
        return self.glyphs[lo : bisect_right(self.x0s, x1)]


def _covered(blank: Char, visible: _GlyphsByLeftEdge) -> bool:
    """A blank glyph drawn under a visible one is padding, not a gap: budget tables pad
    right-aligned numbers with spaces, the last of which sits under the first digit."""
    width = blank["x1"] - blank["x0"]
    return any(
        min(blank["x1"], c["x1"]) - max(blank["x0"], c["x0"]) > width / 2
        for c in visible.overlapping(blank["x0"], blank["x1"])
    )


@lru_cache(maxsize=65536)  # lines repeat: running heads, table headings, the witness
def repair_thai_line(text: str, marks_placed: bool = False) -> str:
    """Repair one line of extracted Thai text. Clean text passes through unchanged and
    repairing twice is repairing once (the repair is run to its fixed point).

    ``marks_placed``: the line was read from glyphs whose marks the glyph stage already
    attached by their position (``repair_glyphs``), so the string-level search for marks
    moved past their letter is skipped: the page's geometry is the better witness."""
    if not _NEEDS_LOOK.search(text):
        return text
    for _ in range(4):
        repaired = _repair_once(text, not marks_placed)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_once(text: str, move_marks: bool) -> str:
    """One pass of the string repair. ``move_marks``: the line is a bare string, so the
    damage that glyph positions would settle (marks, gaps) is read from the string too."""
    text = translate_pua(text).replace("\ufffd\u0e32", "\u0e33")
    text = guess_cids(text)
    text = blank_sara_am(text)
    text = _GAP_BEFORE_MARKS_BEFORE_DIGIT.sub(r"\1 ", text)
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = undouble_fake_bold(text)
    text = read_ascii_marks(text)
    text = _SPLIT_SARA_AM.sub("\u0e33", text)
    text = _SARA_AM_WITH_AA.sub("\u0e33", text)
    if move_marks:
        text = close_gap_after_mark_past_vowel(text)
    text = _MARK_AFTER_FOLLOWING_VOWEL.sub(r"\1\3\2", text)
    if move_marks:
        text = restore_shifted_marks(text)  # before normalize, which drops a second tone mark
    text = reread_sara_am(normalize(text))
    if move_marks:
        text = normalize(restore_shifted_marks(text))
    text = join_spurious_spaces(text, move_marks)
    if move_marks:
        text = restore_shifted_marks(text)
    text = _SPLIT_NUMBER.sub(lambda m: _join_number_groups(m, move_marks), text)
    text = _AMOUNT_AGAINST_CURRENCY.sub(" ", text)
    if move_marks:
        text = attach_opening_brackets(text)
    return reread_sara_am(text)


@lru_cache(maxsize=1)
def _spacing() -> dict[str, Any]:
    return load_lexicon("spacing.json")


# A tone mark extracted after sara aa / sara a ('ลว่ งหนา้ ระยะ'): the text layer takes its
# advance for a word gap, so the space after it is not on the page when a word or a
# punctuation mark set against the word (``attach_to_previous``) follows.
@lru_cache(maxsize=1)
def _gap_after_mark_past_vowel() -> re.Pattern[str]:
    attached = re.escape("".join(_spacing()["attach_to_previous"]["marks"]))
    after_mark = f"(?<=[{_CONSONANT}][\u0e32\u0e30][\u0e48-\u0e4b])"
    return re.compile(f"{after_mark} (?=[{_CONSONANT}\u0e40-\u0e44{attached}])")


def close_gap_after_mark_past_vowel(text: str) -> str:
    """'ลว่ งหนา้ ระยะ' → 'ลว่งหนา้ระยะ' (the marks are put back in place afterwards). The
    mark sits over the vowel's left edge, so the gap from it to the next glyph is the
    vowel's width, which a text layer's word-gap tolerance (3 pt) takes for a space."""
    if "\u0e32" not in text and "\u0e30" not in text:
        return text
    return _gap_after_mark_past_vowel().sub("", text)


@lru_cache(maxsize=1)
def _space_after_opening_bracket() -> re.Pattern[str]:
    opening = re.escape("".join(_spacing()["attach_to_next"]["marks"]))
    return re.compile(f"(?<=[{opening}]) +(?=\\w)")


def attach_opening_brackets(text: str) -> str:
    """'( Enhance' → '(Enhance': an opening bracket is set against the word after it."""
    return _space_after_opening_bracket().sub("", text)


def _join_number_groups(m: re.Match[str], lone_digits: bool = False) -> str:
    """Remove a space inside a number where a piece cannot stand alone ('5 00,000',
    '2 04.3678', '2,750,00 0', '1 ,400,000') and the two pieces make one well-formed
    number; '2564 2565' (two numbers, each whole) stays as it is. With ``lone_digits``
    (a bare string, no glyph gaps to go by), a lone digit before an amount is its first
    digit split off by a glyph gap ('2 19,200', '3 71.2234'), except after a word that
    numbers things ('ฉบับที่ 1 1,400,000') or at the start of the line (a row number).
    Pieces are joined from the right, so one pass joins all that will ever join."""
    parts = re.split("( +)", m.group(0))
    numbers, gaps = parts[0::2], parts[1::2]
    tail, done = numbers[-1], []
    for i in range(len(numbers) - 2, -1, -1):
        left = numbers[i]
        lone_digit = (
            lone_digits
            and _is_lone_digit(left)
            and _is_amount(tail)
            and (i > 0 or not _numbers_own_digit(m.string[: m.start()]))
        )
        if _WHOLE_NUMBER.fullmatch(left + tail) and (lone_digit or not _both_whole(left, tail)):
            tail = left + tail
        else:
            done += [tail, gaps[i]]
            tail = left
    return "".join(reversed([*done, tail]))


def _both_whole(left: str, right: str) -> bool:
    return bool(_WHOLE_NUMBER.fullmatch(left) and _WHOLE_NUMBER.fullmatch(right))


def _is_lone_digit(piece: str) -> bool:
    return len(piece) == 1 and piece.isdigit() and int(piece) > 0


def _is_amount(piece: str) -> bool:
    """A number with thousands groups or decimals: an amount, not a count or an ordinal."""
    return "," in piece or "." in piece


@lru_cache(maxsize=1)
def _number_labels() -> frozenset[str]:
    return frozenset(_spacing()["number_labels"]["words"])


def _numbers_own_digit(before: str) -> bool:
    """Whether the text before a lone digit makes it a number of its own: nothing (the
    digit begins the line) or a word that numbers things (``number_labels``)."""
    words = before.split()
    if not words:
        return True
    labels = _number_labels()
    last = words[-1]
    if last in labels:
        return True
    return _THAI_CHAR.search(last) is not None and newmm_words(last)[-1] in labels  # 'โครงการที่'


def most_plausible(text: str, *candidates: str) -> str:
    """The candidate with the fewest Thai letters outside dictionary words (then fewer,
    likelier words); the text itself wins ties. Counting letters, not their share, keeps
    a candidate that only shortens a word ('จ้า' → 'จำ') from changing the share of the
    rest of the line."""

    def key(reading: str) -> tuple[int, int, float]:
        inside, total = _letters_inside(reading)
        _, fewer_words, likelihood = plausibility(reading)
        return inside - total, fewer_words, likelihood

    best = text
    for candidate in candidates:
        if candidate != text and key(candidate) > key(best):
            best = candidate
    return best


def reread_sara_am(text: str) -> str:
    """Fonts that draw ำ from pieces leave the text layer guessing; try the known misreads
    and keep one only where it makes more dictionary words than the line as it is:
    า shown as ำ throughout ('ยุทธศำสตร์'; the real ำ then comes out as ' ำ'), and
    ำ shown as ้า ('ส้าคัญ' for สำคัญ, 'น ้ายืน' for น้ำยืน)."""
    candidates = []
    if "\u0e33" in text and "\u0e32" not in text:
        swapped = re.sub("(?<! )\u0e33", "\u0e32", text).replace(" \u0e33", "\u0e33")
        if _share(swapped) > _share(text):  # a whole font's า as ำ: only when it reads better
            candidates.append(swapped)
    if "\u0e49\u0e32" in text and _has_doubtful_tone_aa(text):
        candidates.append(text.replace("\u0e49\u0e32", "\u0e33"))
        candidates.append(text.replace("\u0e49\u0e32", "\u0e49\u0e33"))
    if not candidates:
        return text
    return most_plausible(_SPACE_BEFORE_SARA_AM.sub("\u0e33", text), *candidates)


# A word with ้า this common ('หน้า', 'ด้าน', 'บ้าน') is read as printed without a second
# look; rarer ones ('จ้า' in 'จ้าเป็น') may be ำ drawn as ้า.
_COMMON_TONE_AA_COUNT = 5000


def _has_doubtful_tone_aa(text: str) -> bool:
    """Whether some word of the line with ้า is a non-word or a rare word."""
    counts, _ = _word_counts()
    words = _dictionary()
    return any(
        token not in words or counts.get(token, 0) < _COMMON_TONE_AA_COUNT
        for token in newmm_words(text)
        if "\u0e49\u0e32" in token
    )


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    return frozenset(thai_words())


@lru_cache(maxsize=1)
def _word_counts() -> tuple[dict[str, int], float]:
    """Word counts of the Thai National Corpus (bundled with pythainlp) and their total."""
    counts = dict(tnc.word_freqs())
    return counts, float(sum(counts.values()))


def unigram_logprob(tokens: tuple[str, ...]) -> float:
    """Log-probability of a tokenisation under a unigram model of Thai (add-one smoothed):
    how a Thai reader weighs two readings that are both made of dictionary words
    ('จำเป็น' against 'จ้า|เป็น', 'ติดเชื้อ' against 'ติด|เชื่อ')."""
    counts, total = _word_counts()
    thai = [t for t in tokens if _THAI_CHAR.search(t)]
    return sum(math.log((counts.get(t, 0) + 1) / total) for t in thai)


@lru_cache(maxsize=65536)
def plausibility(text: str) -> tuple[float, int, float]:
    """How plausible a reading is: the share of its Thai letters that fall inside
    dictionary words (newmm tokens found in pythainlp's word list; 1.0 without Thai),
    then fewer tokens (longer words), then the tokens' unigram log-probability."""
    tokens = newmm_words(text)
    return _share(text), -len(tokens), unigram_logprob(tokens)


def merge_readings(primary: str, witness: str) -> str:
    """The glyphs' reading corrected by the witness where the two disagree on letters and
    marks. The readings are aligned on their letters (each with the marks written after
    it), so a mark one reading puts on the wrong letter is taken from the other; where the
    letters agree the witness's marks win unless it has fewer (a mark it lost), and the
    glyphs' spaces and anything the witness lacks are kept (never dropped)."""
    ours, theirs = _clusters(primary), _clusters(witness)
    matcher = SequenceMatcher(None, [c[0] for c in ours], [c[0] for c in theirs], autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        mine, other = "".join(ours[a0:a1]), "".join(theirs[b0:b1])
        if op == "equal":
            out.append(other if len(_marks(other)) >= len(_marks(mine)) else mine)
        elif op == "delete":
            out.append(mine)
        else:  # replace or insert: take the witness's letters, without its extra spaces
            out.append(other.replace(" ", "") if op == "insert" else other)
    return "".join(out)


def _clusters(text: str) -> list[str]:
    """Each letter with the marks written after it."""
    clusters: list[str] = []
    for ch in text:
        if clusters and is_mark(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def _marks(text: str) -> list[str]:
    return [ch for ch in text if is_mark(ch)]


@lru_cache(maxsize=65536)
def choose_reading(primary: str, witness: str) -> str:
    """Of two readings of the same line (the glyphs', and pypdfium2's, which follows
    ActualText), keep the more plausible; the glyphs' reading wins ties."""
    if witness.strip() == primary:  # the usual case: the readings agree
        return primary
    if _adds_nothing(witness.strip(), primary):
        return primary
    # pypdfium2 reads in logical order (ActualText, or its own char order): marks placed
    witness = repair_thai_line(witness.strip(), marks_placed=True)
    if not witness or witness == primary:
        return primary
    merged = repair_thai_line(merge_readings(primary, witness), marks_placed=True)
    if merged == primary:
        return primary
    return merged if plausibility(merged) > plausibility(primary) else primary


def _adds_nothing(witness: str, primary: str) -> bool:
    """Whether the witness differs from the glyphs' reading only in spaces and, letter
    for letter, in า where the glyphs read ำ (a text layer's lost ำ, 'ส านักงาน', where
    the glyphs had the nikhahit drawn): it has no letter or mark to offer, and repairing
    it only risks merging its gaps back in ('ค าน า' against 'คำนำ')."""
    theirs, ours = witness.replace(" ", ""), primary.replace(" ", "")
    return len(theirs) == len(ours) and all(
        a == b or (a == "\u0e32" and b == "\u0e33") for a, b in zip(theirs, ours, strict=True)
    )


# --- string-level repairs decided with the dictionary ------------------------------------


@lru_cache(maxsize=65536)
def _letters_inside(text: str) -> tuple[int, int]:
    """(Thai letters inside dictionary words, Thai letters) of a piece of text."""
    words = _dictionary()
    total = inside = 0
    for token in newmm_words(text):
        letters = len(_THAI_CHAR.findall(token))
        total += letters
        if letters and token in words:
            inside += letters
    return inside, total


def _share(text: str) -> float:
    inside, total = _letters_inside(text)
    return inside / total if total else 1.0


def _reads_better(candidate: str, text: str) -> bool:
    """More letters inside dictionary words; on a tie, fewer (longer) words."""
    return (_share(candidate), -len(newmm_words(candidate))) > (
        _share(text),
        -len(newmm_words(text)),
    )


def blank_sara_am(text: str) -> str:
    """'น ้ายืน', 'ตา ่กว่า': a blank glyph next to a tone mark and า is the nikhahit of ำ
    (น้ำ, ต่ำ); the blank is the evidence, so ำ wins unless า reads better ('ป ่า' stays
    ป่า)."""

    def choose(m: re.Match[str]) -> str:
        tone = m.group(2) or m.group(3)
        am = m.group(1) + tone + "\u0e33"
        aa = m.group(1) + tone + "\u0e32"
        end = text.find(" ", m.end())
        tail = text[m.end() : end if end >= 0 else len(text)]
        return aa if _share(aa + tail) > _share(am + tail) else am

    return _BLANK_SARA_AM.sub(choose, text)


def _is_thai(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def guess_cids(text: str) -> str:
    """``(cid:N)`` in a bare string: the default font table's reading, else the Thai
    character that makes the words around it dictionary words (kept when none does)."""
    if "(cid:" not in text:
        return text
    table = default_cid_table()
    text = _CID_GLYPH.sub(lambda m: table.get(int(m.group(1)), m.group(0)), text)
    return " ".join(_guess_chunk_cids(part) for part in text.split(" "))


_CANDIDATES = tuple(
    chr(c) for c in range(0x0E01, 0x0E4E) if chr(c) not in "\u0e3b\u0e3c\u0e3d\u0e3e\u0e3f"
)


def _guess_chunk_cids(chunk: str) -> str:
    while (m := _CID_GLYPH.search(chunk)) is not None:
        rest = _CID_GLYPH.sub("", chunk[m.end() :])
        scored = sorted(
            ((_share(normalize(chunk[: m.start()] + ch + rest)), ch) for ch in _CANDIDATES),
            reverse=True,
        )
        (best, ch), (second, _) = scored[0], scored[1]
        if best < 0.9 or best == second or not _THAI_CHAR.search(chunk[: m.start()] + rest):
            return chunk  # cannot be placed from the words around it: keep it
        chunk = chunk[: m.start()] + ch + chunk[m.end() :]
    return chunk


_LOST_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e31\u0e47"  # tone marks first
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37")


def guess_lost_mark(left: str, right: str) -> str | None:
    """The one mark (tone, thanthakhat, mai han-akat, mai taikhu) that, put between
    ``left`` and ``right``, makes them read best (``plausibility``) and better than without
    a mark; None when no mark does, or two do equally well."""
    plain = plausibility(left + right)
    scored = sorted(
        ((plausibility(normalize(left + mark + right)), mark) for mark in _LOST_MARKS),
        reverse=True,
    )
    (best, mark), (second, _) = scored[0], scored[1]
    return mark if best[0] > plain[0] and best > second else None


def undouble_fake_bold(text: str) -> str:
    """'เเออกกสสาารร' → 'เอกสาร' where the single copies read better."""
    if not _DOUBLED_RUN.search(text):
        return text
    single = _DOUBLED_RUN.sub(lambda m: m.group(0)[::2], text)
    return single if _reads_better(normalize(single), normalize(text)) else text


def read_ascii_marks(text: str) -> str:
    """ASCII letters some fonts use for marks ('คู5มือ', 'ใชFขFอมูล'), between Thai
    letters, read as the mark where that makes dictionary words."""
    table = ascii_as_mark_map()
    if not any(k in text for k in table):
        return text
    pattern = re.compile(
        "(?<=[\u0e01-\u0e4e])([" + re.escape("".join(table)) + "])(?=[\u0e01-\u0e4e])"
    )
    if not pattern.search(text):
        return text
    read = pattern.sub(lambda m: table[m.group(1)], text)
    return read if _reads_better(normalize(read), text) else text


def _mark_runs(chunk: str) -> list[tuple[int, int]]:
    """(start, end) of each run of marks that follows a consonant which itself follows a
    consonant: the runs that may have been moved one consonant too far."""
    runs, i = [], 0
    while i < len(chunk):
        if chunk[i] in _MARK_SET and i > 1 and _is_base_or_leading(chunk[i - 1]):
            j = i
            while j < len(chunk) and chunk[j] in _MARK_SET:
                j += 1
            if _is_consonant(chunk[i - 2]) or chunk[i - 2] in _MARK_SET:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def _is_base_or_leading(ch: str) -> bool:
    """A consonant, or a leading vowel (เ แ โ ใ ไ), which no mark can follow: 'ผู้บรโิภค'."""
    return _is_consonant(ch) or "\u0e40" <= ch <= "\u0e44"


def _move_back(chunk: str, runs: list[tuple[int, int]]) -> str:
    """The chunk with each (start, end) run of marks moved before the consonant it follows."""
    out, last = [], 0
    for start, end in runs:
        out.append(chunk[last : start - 1] + chunk[start:end] + chunk[start - 1])
        last = end
    out.append(chunk[last:])
    return "".join(out)


def _mark_moves(chunk: str) -> list[str]:
    """Readings of a chunk with marks moved back onto the consonant before their base (the
    damage of sorting zero-width marks by x: 'ปฏบิตักิาร'): each run alone, its first mark
    alone, and all runs at once."""
    runs = _mark_runs(chunk)
    moves = []
    for start, end in runs:
        moves.append(_move_back(chunk, [(start, end)]))
        if end - start > 1:
            moves.append(_move_back(chunk, [(start, start + 1)]))
    if len(runs) > 1:
        moves.append(_move_back(chunk, runs))
        moves.append(_move_back(chunk, [(s, s + 1) for s, _ in runs]))
    return [m for m in moves if _well_formed_clusters(m)]


_VOWEL_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47")
_TONE_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c")


def _well_formed_clusters(text: str) -> bool:
    """Every consonant carries at most one vowel mark and one tone mark, each run of marks
    follows a consonant: a move that breaks this is not a reading of the page."""
    vowels = tones = 0
    for i, ch in enumerate(text):
        if ch in _MARK_SET:
            if i == 0 or not (_is_consonant(text[i - 1]) or text[i - 1] in _MARK_SET):
                return False
            vowels += ch in _VOWEL_MARKS
            tones += ch in _TONE_MARKS
            if vowels > 1 or tones > 1:
                return False
        else:
            vowels = tones = 0
    return True


# A token of one consonant and its marks that is rarer than this in the Thai National
# Corpus is more likely a fragment left by a moved mark ('ผลผล|ติ', 'สน|นุ') than a word
# ('ที่', 'ได้', 'มี' are far commoner).
_FRAGMENT_COUNT = 20000
# A dictionary word with marks this rare in the corpus ('แหง่') may be a misspelling a
# moved mark made of a common one ('แห่ง').
_RARE_COUNT = 20


def _may_hold_moved_marks(chunk: str) -> bool:
    """Whether a chunk is worth trying mark moves on: it has non-words, rare words, or a
    one-consonant token rare enough to be a fragment. Keeps the search off clean text."""
    if _share(normalize(chunk)) < 1.0:
        return True
    counts, _ = _word_counts()
    return any(
        counts.get(token, 0) < _RARE_COUNT
        or (
            len(token) <= 3
            and sum(_is_consonant(ch) for ch in token) == 1
            and token[-1] in _MARK_SET
            and counts.get(token, 0) < _FRAGMENT_COUNT
        )
        for token in newmm_words(normalize(chunk))
        if any(ch in _MARK_SET for ch in token)
    )


_MOVE_BEAM = 3  # readings kept at each step of the search for moved marks


@lru_cache(maxsize=16384)
def _restore_chunk(chunk: str) -> str:
    if not any(ch in _MARK_SET for ch in chunk) or not _may_hold_moved_marks(chunk):
        return chunk

    def score(text: str) -> tuple[float, int, float]:
        # Dictionary words first; then fewer, likelier words: 'ผลผลติ' splits into two
        # dictionary words, 'ผลผลิต' is one.
        return plausibility(normalize(text))

    # A few readings are kept at each step, not only the best: moving every run at once
    # can read better than moving the right runs one by one ('รวมทง้ัส้นิ' → 'ทั้ง้สิน'
    # beats 'ทั้งส้นิ', whose next move makes 'ทั้งสิ้น').
    beam, best, best_score = [chunk], chunk, score(chunk)
    for _ in range(12):
        moves = list(dict.fromkeys(m for reading in beam for m in _mark_moves(reading)))
        ranked = sorted(moves, key=score, reverse=True)[:_MOVE_BEAM]
        if not ranked or score(ranked[0]) <= best_score:
            break
        beam, best, best_score = ranked, ranked[0], score(ranked[0])
    return best


def restore_shifted_marks(text: str) -> str:
    """Put marks moved past the next consonant back ('ปฏบิตักิาร' → 'ปฏิบัติการ'), only
    where the move makes more of the word dictionary words. The text layer takes a moved
    mark's advance for a word gap ('ใหบ้ รกิ าร'): a piece that ended in a mark it had to
    move back is joined to the next piece."""
    out: list[str] = []
    after_moved_mark = False
    for part in text.split(" "):
        restored = _restore_chunk(part)
        # (not before ๆ, which is written after a space)
        glued = _is_thai(part[:1]) and not is_mark(part[:1]) and part[:1] != "\u0e46"
        if out and after_moved_mark and glued:
            out[-1] += restored
        else:
            out.append(restored)
        after_moved_mark = part[-1:] in _MARK_SET and restored != part
    return " ".join(out)


def _touches_non_word(left: str, right: str) -> bool:
    """Whether a space sits next to a piece that is no word: a space between two
    dictionary words is a real phrase break and stays."""
    if not right or right[0] in _NON_INITIAL:
        return True
    words = _dictionary()
    last, first = newmm_words(left)[-1:], newmm_words(right)[:1]
    if _share(left) < 1.0 or _share(right) < 1.0:
        return True
    return not (last and first and last[0] in words and first[0] in words)


def _join_candidates(left: str, right: str, move_marks: bool) -> list[str]:
    candidates = [normalize(left + right)]
    if right.startswith("\u0e32") and re.search(f"[{_CONSONANT}][\u0e48-\u0e4b]?$", left):
        candidates.append(normalize(left + "\u0e33" + right[1:]))  # 'ส านักงาน': a lost ำ
    if re.search(f"[{_CONSONANT}][\u0e48-\u0e4b]?\u0e32$", left):
        # 'จา แนก': ำ drawn as า and a blank
        candidates.append(normalize(left[:-1] + "\u0e33" + right))
    if move_marks:
        candidates += [_restore_chunk(c) for c in candidates]
    if left[-1] in _UPPER_VOWELS and _is_consonant(right[0]):
        # 'เชื อ': the tone mark's glyph came out as a blank
        candidates += [normalize(left + mark + right) for mark in _LOST_MARKS[:5]]
    return candidates


def _letter_spaced_runs(parts: list[str]) -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(parts):
        j = i
        while (
            j < len(parts)
            and 0 < len(parts[j]) <= _LETTER_SPACED_PART
            and all(_is_thai(ch) for ch in parts[j])
        ):
            j += 1
        if j - i >= 3:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def join_spurious_spaces(text: str, move_marks: bool = True) -> str:
    """Remove spaces that are not on the page: lost ำ ('ส านักงาน'), glyph gaps inside
    words ('ยทุ ธศาสตรช์ าติ'), letter-spaced runs ('ให ้ ก า รช ่ ว ย'). A space goes
    only where the joined reading has more letters inside dictionary words."""
    if " " not in text.strip() or not _THAI_CHAR.search(text):
        return text
    parts = text.split(" ")
    for i, j in reversed(_letter_spaced_runs(parts)):
        joined = "".join(parts[i:j])
        if _share(joined) > _share(" ".join(parts[i:j])):
            parts[i:j] = [joined]
    while True:
        best: tuple[tuple[float, int, int], int, str] | None = None
        lost_sara_am: tuple[int, str] | None = None
        for i in range(len(parts) - 1):
            left, right = parts[i], parts[i + 1]
            if not (left and right and _is_thai(left[-1]) and _is_thai(right[0])):
                continue
            if right[0] == "\u0e46":  # 'อื่น ๆ': mai yamok is written after a space
                continue
            if not _touches_non_word(left, right):
                # Two words, but 'ดา เนินงาน' is one with a lost ำ: fewer words wins it.
                am = _lost_sara_am_join(left, right)
                if am and lost_sara_am is None:
                    lost_sara_am = (i, am)
                continue
            before = _share(left + " " + right)
            for candidate in _join_candidates(left, right, move_marks):
                gain = _share(candidate) - before
                # ties go to the reading with ำ: the blank before า is evidence of it
                key = (gain, -len(newmm_words(candidate)), candidate.count("\u0e33"))
                if gain > 1e-9 and (best is None or key > best[0]):
                    best = (key, i, candidate)
        if best is not None:
            i, joined = best[1], best[2]
        elif lost_sara_am is not None:
            i, joined = lost_sara_am
        else:
            return " ".join(parts)
        parts[i : i + 2] = [joined]


def _lost_sara_am_join(left: str, right: str) -> str | None:
    """'ดา เนินงาน' → 'ดำเนินงาน': า before a blank was ำ, when reading it so joins the two
    into fewer dictionary words (the letters inside words never fall)."""
    if not re.search(f"[{_CONSONANT}][\u0e48-\u0e4b]?\u0e32$", left):
        return None
    joined = normalize(left[:-1] + "\u0e33" + right)
    apart = left + " " + right
    if _share(joined) >= _share(apart) and len(newmm_words(joined)) < len(newmm_words(apart)):
        return joined
    return None
