"""Glyph-level Thai repair on one page's pdfplumber chars.

Where the damage is made, the information to undo it is still there: each glyph's font,
box and place in the content stream. Here glyphs get their Unicode back (PUA variants,
UPC glyph codes), fake-bold copies and the blank glyph some fonts draw ำ with are
removed, and every mark is attached to the base glyph it sits on and put right after
it (in logical order), so that any later sort by position keeps Thai clusters whole.

Removals are only of the kinds in ``REMOVAL_KINDS``; each removed char is counted in
the returned chars' ``repair`` field of its neighbour, never lost without trace.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from thaidoc.schemas import BBox, QualityWarning
from thaidoc.thai.repair_maps import cid_number, cid_table, translate_pua

Char = dict[str, Any]

REMOVAL_KINDS = {
    "fake_bold_copy": "a second copy of a glyph drawn over the first to fake bold",
    "sara_am_blank": "a zero-width blank glyph standing for nikhahit; the following า becomes ำ",
    "zero_width_blank": "a blank glyph with no width: not a gap on the page, and no mark "
    "placed there makes the words around it dictionary words",
}

# Combining marks in the order they are written after their base: vowels above/below and
# mai taikhu first, tone marks next, then thanthakhat, nikhahit, yamakkan.
_MARK_ORDER = {
    **{ch: 0 for ch in "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"},
    **{ch: 1 for ch in "\u0e48\u0e49\u0e4a\u0e4b"},
    **{ch: 2 for ch in "\u0e4c\u0e4d\u0e4e"},
}
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"
# How far (in font sizes) a mark may sit from the right edge of the glyph before it and
# still be that glyph's mark; marks are drawn at the pen position after their base.
_MARK_REACH = 0.6
# Two glyphs with the same text closer than this (in font sizes) are one glyph drawn twice.
_COPY_DISTANCE = 0.12
_ZERO_WIDTH = 0.05
# Marks get their base's x0 plus this much per mark, so a sort by x0 keeps the cluster.
_MARK_EPSILON = 1e-3


def is_mark_text(text: str) -> bool:
    return text in _MARK_ORDER  # its keys are single characters


def _size(c: Char) -> float:
    return float(c.get("size") or 10.0)


def _same_line(a: Char, b: Char) -> bool:
    overlap = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return overlap > 0.3 * min(a["bottom"] - a["top"], b["bottom"] - b["top"])


def map_glyph_text(c: Char) -> str:
    """The Unicode of a glyph: PUA variants and known fonts' ``(cid:N)`` codes mapped."""
    return _glyph_unicode(c["text"], str(c.get("fontname", "")))


@lru_cache(maxsize=16384)  # a page has thousands of glyphs but few (text, font) pairs
def _glyph_unicode(text: str, fontname: str) -> str:
    text = translate_pua(text)
    number = cid_number(text)
    if number is not None:
        text = cid_table(fontname).get(number, text)
    return text


def _is_blank(c: Char) -> bool:
    return c["text"] == " " and (c["x1"] - c["x0"]) < _ZERO_WIDTH * _size(c)


def _is_copy(a: Char, b: Char) -> bool:
    if a["text"] != b["text"] or not a["text"].strip():
        return False
    tol = _COPY_DISTANCE * _size(a)
    return (
        a.get("fontname") == b.get("fontname")
        and abs(a["x0"] - b["x0"]) < tol
        and abs(a["top"] - b["top"]) < tol
        and abs((a["x1"] - a["x0"]) - (b["x1"] - b["x0"])) < tol
    )


def _copies_one_of(recent: list[Char], c: Char) -> bool:
    """Whether the glyph is a copy of one of the recent glyphs kept before it."""
    text = c["text"]
    # A plain loop, not any(...): this runs once per glyph of every page, and the
    # generator costs more than the test itself.
    for prev in recent:  # noqa: SIM110
        if prev["text"] == text and _is_copy(prev, c):  # the text test rules out most
            return True
    return False


def _note(c: Char, kind: str) -> None:
    c.setdefault("repair", []).append(kind)


def drop_copies_and_blanks(chars: list[Char]) -> list[Char]:
    """Remove fake-bold copies and zero-width blanks; a blank before (tone +) า makes ำ."""
    out: list[Char] = []
    for i, c in enumerate(chars):
        if _copies_one_of(out[-3:], c):
            _note(out[-1], "fake_bold_copy")
            continue
        if _is_blank(c):
            j = i + 1
            while j < len(chars) and is_mark_text(chars[j]["text"]):
                j += 1
            if j < len(chars) and chars[j]["text"] == SARA_AA and _same_line(c, chars[j]):
                chars[j]["text"] = SARA_AM
                _note(chars[j], "sara_am_blank")
                continue
            mark = _lost_mark(out, c, chars[i + 1 : i + 12])
            if mark:
                out.append({**c, "text": mark})
                _note(out[-1], "lost_mark_guessed")
            elif out:
                _note(out[-1], "zero_width_blank")
            continue
        out.append(c)
    return out


def _lost_mark(before: list[Char], blank: Char, after: list[Char]) -> str | None:
    """A zero-width blank drawn where a mark goes, between Thai glyphs of one line, is a
    mark glyph without Unicode ('เชื อ' for เชื้อ, TH SarabunPSK): the mark that makes
    the words around it dictionary words, or None."""
    from thaidoc.thai.repair import guess_lost_mark  # the dictionary lives there

    left = "".join(c["text"] for c in before[-12:] if _same_line(c, blank))
    right = "".join(c["text"] for c in after if _same_line(c, blank))
    if not (left and right and _is_thai_text(left[-1]) and _is_thai_text(right[0])):
        return None
    return guess_lost_mark(left.split(" ")[-1], right.split(" ")[0])


def _is_thai_text(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e4e"


def _base_of(mark: Char, chars: list[Char], i: int, last_base: int | None) -> int | None:
    """Index of the glyph a mark sits on: the last base before it in the stream when the
    mark is at that glyph's right edge, else the nearby glyph whose right edge is closest."""
    reach = _MARK_REACH * _size(mark)
    if last_base is not None:
        b = chars[last_base]
        if _same_line(mark, b) and b["x0"] - reach <= mark["x0"] <= b["x1"] + reach:
            return last_base
    best, best_distance = None, reach
    for j in range(max(0, i - 8), min(len(chars), i + 9)):
        b = chars[j]
        if j == i or is_mark_text(b["text"]) or not b["text"].strip() or not _same_line(mark, b):
            continue
        distance = abs(b["x1"] - mark["x0"])
        if distance < best_distance:
            best, best_distance = j, distance
    return best


def attach_marks(chars: list[Char]) -> list[Char]:
    """Reorder so each mark follows its base in logical order; marks take the base's x0."""
    marks_of: dict[int, list[Char]] = {}
    attached: set[int] = set()
    last_base: int | None = None
    for i, c in enumerate(chars):
        text = c["text"]
        if is_mark_text(text):
            base = _base_of(c, chars, i, last_base)
            if base is not None:
                marks_of.setdefault(base, []).append(c)
                attached.add(i)
        elif text.strip():
            last_base = i
    out: list[Char] = []
    for i, c in enumerate(chars):
        if i in attached:
            continue
        out.append(c)
        marks = marks_of.get(i)
        if marks is None:
            continue
        for k, mark in enumerate(sorted(marks, key=lambda m: _MARK_ORDER[m["text"]])):
            mark["x0_original"] = mark["x0"]
            mark["x0"] = c["x0"] + _MARK_EPSILON * (k + 1)
            mark["x1"] = max(mark["x1"], mark["x0"])
            mark["base_text"] = c["text"]
            out.append(mark)
    return out


def repair_glyphs(chars: list[Char], page: int) -> tuple[list[Char], list[QualityWarning]]:
    """Glyph-level repair of one page's chars (see the module docstring)."""
    ordered = sorted(({**c} for c in chars), key=lambda c: c.get("_stream_index", 0))
    for c in ordered:
        c["text_original"] = c["text"]
        c["text"] = map_glyph_text(c)
    kept = attach_marks(drop_copies_and_blanks(ordered))
    for n, c in enumerate(kept):
        c["_stream_index"] = n
    warnings = [
        QualityWarning(
            code="unplaced_glyph",
            message=(
                f"glyph {c['text']!r} of font {c.get('fontname', '')!r} has no Unicode "
                "mapping; kept as it is (the line's repair may guess it from the words around it)"
            ),
            page=page,
            bbox=BBox(x0=c["x0"], top=c["top"], x1=c["x1"], bottom=c["bottom"]),
        )
        for c in kept
        if c["text"].startswith("(cid:") and cid_number(c["text"]) is not None  # (cheap test first)
    ]
    return kept, warnings


def line_gap_threshold(chars: list[Char]) -> float:
    """The gap (in points) above which two neighbouring glyphs of one line are words apart:
    a fraction of the font size, raised on letter-spaced (justified) lines above the
    line's typical spacing between letters."""
    bases = [c for c in chars if not is_mark_text(c["text"]) and c["text"].strip()]
    if not bases:
        return 0.0
    size = sorted([_size(c) for c in bases])[len(bases) // 2]
    # Overlaps count as no gap; clamping the median is clamping every gap, as max(0, ·)
    # keeps their order.
    gaps = sorted([b["x0"] - a["x1"] for a, b in itertools.pairwise(bases)])
    typical = max(0.0, gaps[(len(gaps) - 1) // 2]) if gaps else 0.0
    return max(0.15 * size, typical + 0.12 * size)
