"""The glyph tables Thai repair uses, loaded from ``thaidoc/thai/data/glyph_maps.json``.

The tables (Private Use Area positional variants, UPC fonts' glyph codes, ASCII letters
some fonts use for marks) are data so that a new font is taught by editing JSON.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from thaidoc.thai.lexicons import load_lexicon

_CID = re.compile(r"\(cid:(\d+)\)")


@lru_cache(maxsize=1)
def _maps() -> dict[str, Any]:
    return load_lexicon("glyph_maps.json")


@lru_cache(maxsize=1)
def pua_map() -> dict[str, str]:
    """Private Use Area code point → the Thai character it is a positional variant of."""
    return {chr(int(k, 16)): v for k, v in _maps()["pua"]["map"].items()}


@lru_cache(maxsize=1)
def ascii_as_mark_map() -> dict[str, str]:
    return dict(_maps()["ascii_as_mark"]["map"])


def cid_table(fontname: str) -> dict[int, str]:
    """The glyph-code table of the font family ``fontname`` belongs to ({} if none)."""
    for entry in _maps()["cid_fonts"]:
        if entry["font_contains"].lower() in fontname.lower():
            return _table(entry["font_contains"])
    return {}


def default_cid_table() -> dict[int, str]:
    """The table used for ``(cid:N)`` in a bare string (no font name known)."""
    return _table(_maps()["string_default_cid_font"])


@lru_cache(maxsize=8)
def _table(font_contains: str) -> dict[int, str]:
    for entry in _maps()["cid_fonts"]:
        if entry["font_contains"] == font_contains:
            return {int(k): v for k, v in entry["map"].items()}
    return {}


def cid_number(text: str) -> int | None:
    """N of a ``(cid:N)`` glyph text, else None."""
    m = _CID.fullmatch(text)
    return int(m.group(1)) if m else None


def translate_pua(text: str) -> str:
    table = pua_map()
    if not any(ch in table for ch in text):
        return text
    return "".join(table.get(ch, ch) for ch in text)
