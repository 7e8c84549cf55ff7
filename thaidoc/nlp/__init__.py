"""Thai narrative entities (interim: a regex finder until the spaCy component lands)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from thaidoc.thai.numbers import parse_quantity, to_arabic_digits

_CANDIDATE = re.compile(r"(?:ร้อยละ\s*)?\d[\d,]*(?:\.\d+)?\s*(?:ล้าน)?\s*[ก-๙%]+")
_NOT_RESULT = re.compile(r"^(?:พ\.ศ\.|ครั้งที่|ฉบับที่|ปี|มาตรา|ข้อ)$")


@dataclass(frozen=True)
class ResultMention:
    value: Decimal
    unit: str
    start: int
    end: int
    sentence: str


def find_results(text: str) -> list[ResultMention]:
    arabic = to_arabic_digits(text)
    out = []
    for m in _CANDIDATE.finditer(arabic):
        before = arabic[max(0, m.start() - 8) : m.start()].split()
        if before and _NOT_RESULT.match(before[-1]):
            continue
        q = parse_quantity(m.group(0))
        if q is None or not q.unit or q.unit in ("พ.ศ.",):
            continue
        lo = arabic.rfind(" ", 0, max(0, m.start() - 80)) + 1
        hi = arabic.find(" ", min(len(arabic), m.end() + 80))
        out.append(
            ResultMention(
                q.value, q.unit, m.start(), m.end(), arabic[lo : hi if hi > 0 else None].strip()
            )
        )
    return out
