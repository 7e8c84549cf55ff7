"""Thai numbers, amounts and targets: '๑.๕ ล้านบาท', '10.0950 ลบ. *', 'สะสม 79 ชุดข้อมูล'.

Values are ``Decimal``; money is exact integer baht. Units are kept apart from values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Literal

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?")
MULTIPLIERS = {
    "ล้าน": Decimal(1_000_000),
    "แสน": Decimal(100_000),
    "หมื่น": Decimal(10_000),
    "พัน": Decimal(1_000),
}
MONEY_UNITS = {
    "ลบ.": Decimal(1_000_000),
    "ล้านบาท": Decimal(1_000_000),
    "พันบาท": Decimal(1_000),
    "บาท": Decimal(1),
}
PENDING_PHRASES = ("จะมีการจัดสรรต่อไป", "รอการจัดสรร", "อยู่ระหว่างการจัดสรร", "จะได้รับการจัดสรร")
NONE_PHRASES = ("ไม่ได้รับจัดสรร", "ไม่ได้รับการจัดสรร", "ไม่ใช้งบประมาณ", "ไม่มีงบประมาณ")
CONDITION = re.compile(r"(?:ขึ้นอยู่กับ|ขึ้นกับ)[^()\n]*")
QUALIFIERS = ("ไม่น้อยกว่า", "ไม่ต่ำกว่า", "อย่างน้อย", "ไม่เกิน", "ไม่มากกว่า", "มากกว่า", "น้อยกว่า", "สะสม")
PERCENT_WORDS = ("ร้อยละ", "เปอร์เซ็นต์", "%")

BudgetStatus = Literal["allocated", "pending", "none"]


def to_arabic_digits(text: str) -> str:
    """Thai digits read as Arabic ones; everything else untouched."""
    return text.translate(_THAI_DIGITS)


def _decimal(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def parse_number(text: str) -> Decimal | None:
    """The first number in the text ('1,234.50', '๑.๕'), or None."""
    m = _NUMBER.search(to_arabic_digits(text))
    return _decimal(m.group(0)) if m else None


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    text: str
    qualifier: str = ""


@lru_cache(maxsize=1)
def counting_units() -> tuple[str, ...]:
    """The unit lexicon (``data/units.txt``), longest first so the longest unit wins."""
    text = resources.files("thaidoc.thai").joinpath("data/units.txt").read_text("utf-8")
    units = {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(units, key=len, reverse=True))


def _unit_at(rest: str) -> str:
    """The unit that starts ``rest``: a lexicon unit, else the first run of Thai letters
    up to a space (kept rather than lost, so an unknown unit still shows)."""
    for unit in counting_units():
        if rest.startswith(unit):
            return unit
    m = re.match(r"[ก-๙]+\.?|[A-Za-z]+", rest)
    return m.group(0)[:20] if m else ""


# A number after these words is a year or a reference, never a quantity.
_NOT_QUANTITY_BEFORE = re.compile(r"(?:พ\.ศ\.|ค\.ศ\.|ปี|ครั้งที่|ฉบับที่|มาตรา|ข้อ)\s*$")


def parse_quantity(text: str) -> Quantity | None:
    """The first number with its unit: 'ร้อยละ 90' → 90 %, '11 ล้านรายการ' → 11000000 รายการ."""
    arabic = to_arabic_digits(text)
    m = next(
        (
            m
            for m in _NUMBER.finditer(arabic)
            if not _NOT_QUANTITY_BEFORE.search(arabic[: m.start()])
        ),
        None,
    )
    if m is None:
        return None
    value = _decimal(m.group(0))
    before = arabic[: m.start()].rstrip()
    after = arabic[m.end() :]
    qualifier = next((q for q in QUALIFIERS if q in before[-20:]), "")
    if any(before.endswith(w) for w in PERCENT_WORDS[:2]) or after.lstrip().startswith("%"):
        end = m.end() + (after.find("%") + 1 if after.lstrip().startswith("%") else 0)
        return Quantity(value, "%", arabic[max(0, m.start() - 7) : end].strip(), qualifier)
    if before.endswith("ระดับ") or before.endswith("ระดับที่"):
        return Quantity(value, "ระดับ", arabic[before.rfind("ระดับ") : m.end()], qualifier)
    rest = after.lstrip()
    for word, factor in MULTIPLIERS.items():
        if rest.startswith(word) and not rest.startswith(word + "บาท"):
            value *= factor
            rest = rest[len(word) :]
            break
    unit = _unit_at(rest)
    span_end = len(arabic) - len(rest) + len(unit)
    return Quantity(value, unit, arabic[m.start() : span_end].strip(), qualifier)


@dataclass(frozen=True)
class BudgetLine:
    label: str
    amount_thb: int | None
    status: BudgetStatus
    text: str


_MONEY = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>ลบ\.|ล้านบาท|พันบาท|บาท)?"
)


def _to_baht(value: Decimal, unit: str) -> int:
    return int((value * MONEY_UNITS[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_budget_line(line: str, default_unit: str = "บาท") -> BudgetLine:
    arabic = to_arabic_digits(line).strip()
    if any(p in arabic for p in PENDING_PHRASES):
        return BudgetLine("", None, "pending", line.strip())
    if any(p in arabic for p in NONE_PHRASES) or re.fullmatch(r"[-–—\s]*", arabic):
        return BudgetLine("", None, "none", line.strip())
    matches = [
        m
        for m in _MONEY.finditer(arabic)
        if not re.match(r"\(\d+\)", arabic[m.start() - 1 : m.end() + 1])
    ]
    with_unit = [m for m in matches if m.group("unit")]
    if not matches:
        return BudgetLine(arabic, None, "allocated", line.strip())
    m = (with_unit or matches)[-1]
    unit = m.group("unit") or default_unit
    label = arabic[: m.start()].strip()
    return BudgetLine(label, _to_baht(_decimal(m.group("num")), unit), "allocated", line.strip())


def parse_budget_cell(text: str, default_unit: str = "บาท") -> list[BudgetLine]:
    """A budget cell's lines: several amounts, 'จะมีการจัดสรรต่อไป' (pending), '-' (none)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return [parse_budget_line(ln, default_unit) for ln in lines]


@dataclass(frozen=True)
class TargetValue:
    value: Decimal | None
    unit: str
    cumulative: bool
    qualifier: str


def parse_target(text: str) -> TargetValue:
    q = parse_quantity(text)
    cumulative = "สะสม" in text
    if q is None:
        return TargetValue(None, "", cumulative, "")
    return TargetValue(q.value, q.unit, cumulative, q.qualifier)


def find_condition(text: str) -> str:
    m = CONDITION.search(text)
    return m.group(0).strip() if m else ""
