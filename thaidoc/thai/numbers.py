"""Thai numbers, amounts and targets: '๑.๕ ล้านบาท', '10.0950 ลบ. *', 'สะสม 79 ชุดข้อมูล'.

Values are ``Decimal`` (never float); money is exact integer baht. A unit never holds the
number or a multiplier word: '63.3 ล้านครั้ง' is 63300000 'ครั้ง'. The vocabulary (units,
multipliers, qualifiers, budget and condition phrases) lives in ``data/units.json`` and
``data/numbers.json``; this module holds only the mechanism.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any, Literal

from thaidoc.thai.lexicons import load_lexicon

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A grouped number ('81,768', '1,234.50') or a plain one ('10.0950'); never the middle of
# a longer run of digits.
NUMBER_PATTERN = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
_NUMBER = re.compile(NUMBER_PATTERN)
_THAI_WORD = re.compile(r"[ก-ฮะ-ฺเ-๎]+")
_PHONE = re.compile(r"(?<!\d)0\d{1,2}[-\s]\d{3}[-\s]\d{3,4}(?!\d)|(?<!\d)0[689]\d{8}(?!\d)")
_REFERENCE = re.compile(r"(?<![\d.])\d+(?:/\d+)+")  # '1/2564', '10/256': meeting and doc numbers
_LIST_MARKER = re.compile(
    r"(?:^|(?<=\s))\(\d{1,3}\)|(?:^|(?<=\s))\d{1,3}(?:\)|\.(?=\s|[ก-๙]))", re.M
)
_YEAR = re.compile(r"(?<![\d.,])2[45]\d\d(?![\d.,])")

BudgetStatus = Literal["allocated", "pending", "none"]


def to_arabic_digits(text: str) -> str:
    """Thai digits read as Arabic ones (same length, so offsets still line up)."""
    return text.translate(_THAI_DIGITS)


def _decimal(token: str) -> Decimal:
    return Decimal(token.replace(",", ""))


def parse_number(text: str) -> Decimal | None:
    """The first number in the text ('1,234.50', '๑.๕', '10.0950'), or None ('-')."""
    m = _NUMBER.search(to_arabic_digits(text))
    return _decimal(m.group(0)) if m else None


# --- lexicons -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def units_lexicon() -> dict[str, Any]:
    """``data/units.json``: counting units, multipliers, money and percent words."""
    return load_lexicon("units.json")


@lru_cache(maxsize=1)
def numbers_lexicon() -> dict[str, Any]:
    """``data/numbers.json``: qualifiers, non-quantity contexts, budget/condition phrases."""
    return load_lexicon("numbers.json")


def _longest_first(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so the longest one wins."""
    return "|".join(re.escape(w) for w in _longest_first(words))


@lru_cache(maxsize=1)
def counting_units() -> tuple[str, ...]:
    """The counting units (ลักษณนาม and measure words), longest first."""
    return _longest_first(units_lexicon()["counting_units"])


@lru_cache(maxsize=1)
def multipliers() -> dict[str, Decimal]:
    """Multiplier words: 'ล้าน' → 1,000,000 …"""
    return {w: Decimal(f) for w, f in units_lexicon()["multipliers"].items()}


@lru_cache(maxsize=1)
def money_units() -> dict[str, Decimal]:
    """Every printed money unit and its factor to baht: 'ลบ.' → 10**6, 'พันบาท' → 1000,
    including multiplier + currency combinations the lexicon does not list."""
    lex = units_lexicon()
    currency = lex["currency"]
    factors = {currency: Decimal(1)}
    for word, factor in multipliers().items():
        factors[word + currency] = factor
    for alias, meaning in lex["currency_aliases"].items():
        factors[alias] = factors[meaning]
    return factors


# --- tokens ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _word_starts(text: str) -> frozenset[int]:
    """Offsets where newmm starts a word: a lexicon word counts only when it starts there
    ('ที่' of 'ครั้งที่' but not of 'เจ้าหน้าที่')."""
    from thaidoc.thai.words import newmm_segments

    starts, pos = set(), 0
    for token in newmm_segments(text):
        starts.add(pos)
        pos += len(token)
    starts.add(pos)
    return frozenset(starts)


def _is_word_start(text: str, offset: int) -> bool:
    if offset <= 0 or not _THAI_WORD.match(text[offset - 1 : offset]):
        return True
    return offset in _word_starts(text)


def _first_word(text: str) -> str:
    from thaidoc.thai.words import newmm_segments

    tokens = newmm_segments(text[:40])
    return tokens[0] if tokens else ""


# --- quantities -----------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, multiplier applied, as a target or a result states it."""

    value: Decimal
    unit: str  # 'รายการ', '%', 'บาท', 'ระดับ'; '' if none
    text: str  # the matched span as printed
    qualifier: str = ""  # 'ไม่น้อยกว่า', 'อย่างน้อย', 'สะสม', 'ขึ้นไป' …


@dataclass(frozen=True)
class QuantityMatch:
    """Where a quantity sits in the text; ``known_unit`` is False when the unit is only the
    word after the number (kept so an unlisted unit still shows)."""

    quantity: Quantity
    start: int  # where the qualifier starts, else the number (or 'ร้อยละ', 'ระดับ')
    end: int
    known_unit: bool
    core_start: int = -1  # the number, or the unit word printed before it ('ร้อยละ')


def _excluded_spans(arabic: str) -> list[tuple[int, int]]:
    """Spans whose digits are never quantities: dates, phone numbers, meeting and document
    numbers ('1/2564'), list markers ('(1)', '1)', '1.')."""
    from thaidoc.thai.dates import find_thai_dates

    spans = [(s, e) for _, s, e in find_thai_dates(arabic)]
    for pattern in (_PHONE, _REFERENCE, _LIST_MARKER):
        spans.extend(m.span() for m in pattern.finditer(arabic))
    return spans


def _ends_with_word(before: str, words: tuple[str, ...], full_text: str) -> str:
    """The lexicon word that ``before`` ends with (after spaces), starting a word."""
    stripped = before.rstrip()
    for word in words:
        if stripped.endswith(word) and _is_word_start(full_text, len(stripped) - len(word)):
            return word
    return ""


@lru_cache(maxsize=1)
def _qualifier_before() -> re.Pattern[str]:
    lex = numbers_lexicon()
    return re.compile(
        rf"(?P<q>{alternation(lex['qualifiers_before'])})"
        rf"(?:\s*(?:{alternation(lex['qualifier_fillers'])}))*\s*$"
    )


def _unit_after(rest: str, offset: int, full_text: str) -> tuple[str, int, bool]:
    """The counting unit that starts ``rest``: (unit, length, known). A listed unit should
    end where newmm ends a word ('ราย' is not the unit of '5 รายงาน'); else the next word
    is taken if it is no function word and longer than the listed unit it starts with
    (so a damaged 'ชุดูข้อมูล' still reads 'ชุด', not newmm's fragment 'ชุ')."""
    listed = next((u for u in counting_units() if rest.startswith(u)), "")
    if listed:
        end = offset + len(listed)
        if not _THAI_WORD.match(full_text[end : end + 1]) or end in _word_starts(full_text):
            return listed, len(listed), True
    word = _first_word(rest)
    if (
        _THAI_WORD.fullmatch(word)
        and len(word) >= 2
        and word not in _not_units()
        and len(word) > len(listed)
    ):
        return word, len(word), False
    if listed:
        return listed, len(listed), True
    return "", 0, False


@lru_cache(maxsize=1)
def _not_units() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    lex = numbers_lexicon()
    words = set(thai_stopwords()) | set(lex["qualifiers_after"]) | set(multipliers())
    return frozenset(words) - set(counting_units())


def scaled(value: Decimal, factor: Decimal) -> Decimal:
    """``value * factor`` exactly (never rounded to 28 digits); a whole result drops its
    trailing '.0' ('63.3' × ล้าน → 63300000)."""
    with localcontext() as ctx:
        ctx.prec = len(value.as_tuple().digits) + len(factor.as_tuple().digits) + 2
        product = value * factor
        return product.quantize(Decimal(1)) if product == product.to_integral_value() else product


def _skip_spaces(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] == " ":
        offset += 1
    return offset


def _quantity_at(m: re.Match[str], arabic: str, original: str) -> QuantityMatch | None:
    lex, nlex = units_lexicon(), numbers_lexicon()
    value = _decimal(m.group(0))
    start, end = m.start(), m.end()
    before = arabic[:start]
    unit, known = "", True

    prefix = _ends_with_word(before, _longest_first(nlex["not_quantity_before"]), arabic)
    prefix_unit = _ends_with_word(
        before, _longest_first([*lex["percent_before"], *lex["prefix_units"]]), arabic
    )
    if prefix and not prefix_unit:
        return None
    if prefix_unit:
        unit = lex["prefix_units"].get(prefix_unit, lex["percent_unit"])
        start = before.rstrip().rfind(prefix_unit)

    rest_start = _skip_spaces(arabic, end)
    if not unit:
        rest = arabic[rest_start:]
        percent = next((w for w in _longest_first(lex["percent_after"]) if rest.startswith(w)), "")
        if percent:
            unit, end = lex["percent_unit"], rest_start + len(percent)
    if not unit:
        for _ in range(3):  # chained multipliers: 'แสนล้าน'
            word = next((w for w in multipliers() if arabic.startswith(w, rest_start)), "")
            if not word:
                break
            value = scaled(value, multipliers()[word])
            end = rest_start + len(word)
            rest_start = _skip_spaces(arabic, end)
        rest = arabic[rest_start:]
        money = next((w for w in _longest_first(list(money_units())) if rest.startswith(w)), "")
        if money:
            value = scaled(value, money_units()[money])
            unit, end = lex["currency"], rest_start + len(money)
        else:
            found, length, known = _unit_after(rest, rest_start, arabic)
            if found:
                unit, end = found, rest_start + length
    if not unit and _YEAR.fullmatch(m.group(0)):
        return None  # a bare 25xx is a year

    core_start, qualifier = start, ""
    if q := _qualifier_before().search(arabic[:start]):
        qualifier, start = q.group("q"), q.start()
    tail = arabic[end:].lstrip(" ")
    after_q = next((w for w in nlex["qualifiers_after"] if tail.startswith(w)), "")
    if after_q and not qualifier:
        qualifier = after_q
        end = len(arabic) - len(tail) + len(after_q)
    text = original[start:end].strip()
    return QuantityMatch(Quantity(value, unit, text, qualifier), start, end, known, core_start)


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every number that is a quantity, in order; years, dates, phone numbers, list
    markers and reference numbers ('ครั้งที่ 1/2564', 'มาตรา 48') are skipped."""
    arabic = to_arabic_digits(text)
    excluded = _excluded_spans(arabic)
    found: list[QuantityMatch] = []
    for m in _NUMBER.finditer(arabic):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        if found and m.start() < found[-1].end:
            continue
        if (match := _quantity_at(m, arabic, text)) is not None:
            found.append(match)
    return found


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity: 'ร้อยละ 90' → 90 %, '11 ล้านรายการ' → 11000000 รายการ,
    'สะสม 79 ชุดข้อมูล' → 79 ชุดข้อมูล (qualifier สะสม)."""
    try:
        found = find_quantities(text)
    except (InvalidOperation, ValueError):
        return None
    return found[0].quantity if found else None


# --- budgets --------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    """One amount of a budget cell; notes and asterisks stay in ``text``."""

    label: str  # the line without the amount, e.g. '(1) โครงการ…'; '' if none
    amount_thb: int | None
    status: BudgetStatus
    text: str  # the line as printed


def money_factor(unit: str) -> Decimal:
    """Baht per printed unit: 'ลบ.' → 10**6, 'แสนล้านบาท' → 10**11 (spaces ignored)."""
    unit = re.sub(r"\s+", "", unit)
    if unit in money_units():
        return money_units()[unit]
    factor, rest = Decimal(1), unit.removesuffix(units_lexicon()["currency"])
    while word := next((w for w in multipliers() if rest.startswith(w)), ""):
        factor, rest = factor * multipliers()[word], rest[len(word) :]
    if rest:
        raise ValueError(f"not a money unit: {unit!r}")
    return factor


def to_baht(value: Decimal, unit: str) -> int:
    """Exact integer baht: Decimal arithmetic, half-up rounding of a fraction of a baht."""
    with localcontext() as ctx:  # enough digits for any printed amount: exact, never rounded
        ctx.prec = max(28, len(value.as_tuple().digits) + 30)
        return int((value * money_factor(unit)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=1)
def _money_pattern() -> re.Pattern[str]:
    mult = alternation(list(multipliers()))
    currency = re.escape(units_lexicon()["currency"])
    units = alternation(list(money_units()))
    return re.compile(
        rf"(?P<num>{NUMBER_PATTERN})\s*(?P<unit>(?:(?:{mult})\s*)+{currency}|{units})"
    )


# A bare number at the end of a line, with nothing but notes after it ('12,500,000 *').
_BARE_AMOUNT = re.compile(rf"(?P<num>{NUMBER_PATTERN})(?P<tail>[\s*)(.#]*)$")


def _has_phrase(text: str, phrases: list[str]) -> bool:
    compact = re.sub(r"\s+", "", text)
    return any(p.replace(" ", "") in compact for p in phrases)


def _amount_in(line: str, default_unit: str) -> tuple[int, int, int] | None:
    """(baht, start, end) of the line's amount: the last number with a money unit, else a
    bare number closing the line, read in ``default_unit``."""
    arabic = to_arabic_digits(line)
    excluded = _excluded_spans(arabic)
    money = [
        m
        for m in _money_pattern().finditer(arabic)
        if not any(s <= m.start() < e for s, e in excluded)
    ]
    if money:
        m = money[-1]
        return to_baht(_decimal(m.group("num")), m.group("unit")), m.start(), m.end()
    bare = _BARE_AMOUNT.search(arabic.rstrip())
    if bare and not any(s <= bare.start() < e for s, e in excluded):
        unit = default_unit if default_unit in money_units() else units_lexicon()["currency"]
        return to_baht(_decimal(bare.group("num")), unit), bare.start(), bare.end("num")
    return None


def _budget_line(printed: str, default_unit: str) -> tuple[BudgetLine, bool]:
    """The line read alone, and whether it said anything about money (an amount, a
    pending or a no-budget phrase) rather than being only words of a label."""
    nlex = numbers_lexicon()
    amount = _amount_in(printed, default_unit)
    if amount is not None:
        baht, start, _ = amount
        return BudgetLine(printed[:start].strip(), baht, "allocated", printed), True
    if _has_phrase(printed, nlex["budget_pending"]):
        label = _strip_phrases(printed, nlex["budget_pending"])
        return BudgetLine(label, None, "pending", printed), True
    marks = nlex["budget_none_marks"]
    said_none = _has_phrase(printed, nlex["budget_none"]) or printed.strip(" *") in marks
    label = _strip_phrases(printed, nlex["budget_none"]) if said_none else printed
    return BudgetLine(
        "" if printed.strip(" *") in marks else label, None, "none", printed
    ), said_none


def _strip_phrases(text: str, phrases: list[str]) -> str:
    for phrase in _longest_first(phrases):
        text = text.replace(phrase, " ")
    return re.sub(r"\s+", " ", text).strip(" *()")


def _is_note(line: str) -> bool:
    """A footnote line ('* หมายเหตุ …') that belongs to the amount above it."""
    return line.startswith(("*", "หมายเหตุ", "(หมายเหตุ"))


def _with_note(line: BudgetLine, note: str) -> BudgetLine:
    return BudgetLine(line.label, line.amount_thb, line.status, f"{line.text}\n{note}")


def parse_budget_cell(text: str, default_unit: str = "บาท") -> list[BudgetLine]:
    """A budget cell's lines: amounts ('10.0950 ลบ. *' → 10095000), 'จะมีการจัดสรรต่อไป'
    (pending), '-' or 'ไม่ได้รับจัดสรร' (none). A line of words only starts the next
    line's label (a wrapped project name); a note line stays with the amount above it.
    ``default_unit`` reads a bare number in a column headed (บาท) or (ล้านบาท)."""
    result: list[BudgetLine] = []
    label_words: list[str] = []
    for printed in (ln.strip() for ln in (text or "").split("\n")):
        if not printed:
            continue
        line, said = _budget_line(printed, default_unit)
        if not said:
            if _is_note(printed) and result and not label_words:
                result[-1] = _with_note(result[-1], printed)
            else:
                label_words.append(printed)
            continue
        if label_words:
            label = " ".join([*label_words, line.label]).strip()
            line = BudgetLine(
                label, line.amount_thb, line.status, "\n".join([*label_words, printed])
            )
            label_words = []
        result.append(line)
    if label_words:  # words that never reached an amount or a budget phrase
        words = "\n".join(label_words)
        if result:
            result[-1] = _with_note(result[-1], words)
        else:
            result.append(BudgetLine(" ".join(label_words), None, "none", words))
    return result


def parse_budget_total(text: str, default_unit: str = "บาท") -> int | None:
    """The cell's total in baht: its 'รวม…' line if printed, else the sum of its amounts;
    None when no amount is given."""
    lines = parse_budget_cell(text, default_unit)
    totals = numbers_lexicon()["budget_total_words"]
    printed = [
        ln for ln in lines if ln.label.startswith(tuple(totals)) and ln.amount_thb is not None
    ]
    if printed:
        return printed[-1].amount_thb
    amounts = [ln.amount_thb for ln in lines if ln.amount_thb is not None]
    return sum(amounts) if amounts else None


# --- targets and conditions -----------------------------------------------------------


@dataclass(frozen=True)
class TargetValue:
    """A target cell read as a value: '(ร่าง) มาตรฐาน…' has none."""

    value: Decimal | None
    unit: str
    cumulative: bool  # 'สะสม'
    qualifier: str


def parse_target(text: str) -> TargetValue:
    """The first quantity of a target; cumulative when the target says 'สะสม'."""
    cumulative = _has_phrase(text, numbers_lexicon()["cumulative_words"])
    q = parse_quantity(text)
    if q is None:
        return TargetValue(None, "", cumulative, "")
    return TargetValue(q.value, q.unit, cumulative, q.qualifier)


@lru_cache(maxsize=1)
def _condition_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(numbers_lexicon()['conditions'])})[^()\n]*")


def find_condition(text: str) -> str:
    """The condition a target depends on: '(ขึ้นอยู่กับงบประมาณที่ได้รับจัดสรร)' →
    'ขึ้นอยู่กับงบประมาณที่ได้รับจัดสรร'; '' when none."""
    m = _condition_pattern().search(re.sub(r"\s*\n\s*", "", text))
    return m.group(0).strip() if m else ""
