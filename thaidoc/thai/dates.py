"""Thai dates, fiscal years and reporting periods.

Years are Buddhist Era (พ.ศ. = CE + 543; a two-digit '66' is 2566). The Thai government
fiscal year FY2567 runs 1 October 2566 BE (2023) to 30 September 2567 BE (2024). Month
names and period words live in ``data/months.json`` and ``data/dates.json``.
"""

from __future__ import annotations

import calendar
import itertools
import re
from datetime import date
from functools import lru_cache
from typing import Any

from thaidoc.thai.lexicons import load_lexicon
from thaidoc.thai.numbers import alternation, to_arabic_digits

BE_OFFSET = 543
BE_CENTURY = 2500  # a two-digit Buddhist year '66' is 2566
FIRST_BE_YEAR = 2400  # four-digit years from here on are Buddhist Era, below it CE


@lru_cache(maxsize=1)
def dates_lexicon() -> dict[str, Any]:
    """``data/dates.json``: era, range, fiscal-year, quarter and round words."""
    return load_lexicon("dates.json")


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Every printed month name or abbreviation → month number (1–12)."""
    names: dict[str, int] = {}
    for month in load_lexicon("months.json")["months"]:
        for word in (*month["names"], *month["abbreviations"]):
            names[word] = month["number"]
    return names


def _month_regex(word: str) -> str:
    """An abbreviation tolerates lost or spaced dots ('ต.ค', 'ต. ค.'); a name is literal."""
    if "." not in word:
        return re.escape(word)
    parts = [re.escape(p) for p in word.split(".") if p]
    return r"\.\s?".join(parts) + r"\.?"


def _month_key(printed: str) -> int:
    compact = re.sub(r"[\s.]", "", printed)
    for word, number in month_numbers().items():
        if word.replace(".", "") == compact:
            return number
    raise KeyError(printed)


@lru_cache(maxsize=1)
def month_pattern() -> str:
    """A regex alternation of every month name and abbreviation, longest first."""
    return "|".join(_month_regex(w) for w in sorted(month_numbers(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = dates_lexicon()
    month = month_pattern()
    era = alternation([*lex["be_era"], *lex["ce_era"]])
    year = rf"(?:(?P<era>{era})\s*)?(?P<year>\d{{4}}|\d{{2}})(?![\d.,/])"
    day_words = alternation(lex["day_words"])
    month_words = alternation(lex["month_words"])
    separators = alternation(lex["range_separators"])
    fiscal = alternation(lex["fiscal_year_words"])
    quarter = alternation(lex["quarter_words"])
    rounds = alternation(lex["round_words"])
    return {
        "date": re.compile(
            rf"(?:(?:{day_words})\s*)?(?<![\d.,/])(?P<day>\d{{1,2}})\s*(?:(?:{month_words})\s*)?"
            rf"(?P<month>{month})\s*{year}"
        ),
        "numeric_date": re.compile(
            r"(?<![\d/.])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"
        ),
        "month_range": re.compile(
            rf"(?<![\d.])(?P<m1>{month})\s*(?:(?:{era})?\s*(?P<y1>\d{{4}}|\d{{2}})(?!\d))?\s*"
            rf"(?:{separators})\s*(?P<m2>{month})\s*{year}"
        ),
        "separator": re.compile(rf"[\s()]*(?:{separators})[\s()]*"),
        "fiscal_year": re.compile(
            rf"(?:{fiscal})\s*(?:(?:{era})\s*)?(?P<year>\d{{4}}|\d{{2}})(?![\d.,])"
        ),
        "quarter": re.compile(
            rf"(?:{quarter})\s*(?P<q1>[1-4])(?!\d)(?:\s*(?:{separators}|และ|,)\s*(?P<q2>[1-4])(?!\d))?"
        ),
        "round": re.compile(rf"(?:{rounds})\s*(?P<months>\d{{1,2}})\s*(?:{month_words})"),
        "fiscal_range": re.compile(alternation(list(_fiscal_month_ranges()))),
    }


def _fiscal_month_ranges() -> dict[str, list[int]]:
    return {k: v for k, v in dates_lexicon()["fiscal_month_ranges"].items() if k != "_doc"}


def be_to_ce(year: int) -> int:
    """Buddhist Era to CE: 2567 → 2024; a two-digit '66' reads as 2566 → 2023."""
    if 0 <= year < 100:
        year += BE_CENTURY
    return year - BE_OFFSET


def _ce_year(printed: str, era: str | None) -> int:
    """The CE year of a printed year: 'ค.ศ. 2021' and bare years below 2400 are CE."""
    year = int(printed)
    if era and era.startswith("ค"):
        return year if year >= 100 else 2000 + year
    if year >= FIRST_BE_YEAR or year < 100:
        return be_to_ce(year)
    return year


def fiscal_year_period(fy_be: int) -> tuple[date, date]:
    """FY2567 → 1 October 2023 – 30 September 2024."""
    first, last = _fiscal_months(fy_be, 1, 12)
    return first, last


def _fiscal_month(fy_be: int, index: int) -> tuple[int, int]:
    """(CE year, month) of the ``index``-th month (1 = October) of a fiscal year."""
    start_month = dates_lexicon()["fiscal_year_start_month"]
    month0 = start_month - 1 + index - 1
    return be_to_ce(fy_be) - 1 + month0 // 12, month0 % 12 + 1


def _fiscal_months(fy_be: int, first: int, last: int) -> tuple[date, date]:
    y1, m1 = _fiscal_month(fy_be, first)
    y2, m2 = _fiscal_month(fy_be, last)
    return date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])


def quarter_period(fy_be: int, quarter: int) -> tuple[date, date]:
    """FY2564 Q2 → 1 January 2021 – 31 March 2021."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1–4, not {quarter}")
    return _fiscal_months(fy_be, 3 * quarter - 2, 3 * quarter)


def find_thai_dates(text: str) -> list[tuple[date, int, int]]:
    """Every date with its (start, end) in ``text``: '1 ตุลาคม พ.ศ. 2563', '๑๕ ส.ค. ๖๖',
    '30 ก.ย. 2564', '14/10/2564'. Impossible dates (31 ก.พ.) are skipped."""
    arabic = to_arabic_digits(text)
    found: list[tuple[date, int, int]] = []
    for m in _patterns()["date"].finditer(arabic):
        try:
            day = date(_ce_year(m["year"], m["era"]), _month_key(m["month"]), int(m["day"]))
        except (ValueError, KeyError, OverflowError):
            continue
        found.append((day, m.start(), m.end()))
    for m in _patterns()["numeric_date"].finditer(arabic):
        if int(m["year"]) < FIRST_BE_YEAR:
            continue  # '1/2/2021' is ambiguous between day-first and month-first
        try:
            day = date(be_to_ce(int(m["year"])), int(m["month"]), int(m["day"]))
        except (ValueError, OverflowError):
            continue
        found.append((day, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def parse_thai_date(text: str) -> date | None:
    """The first Thai date in the text, or None."""
    found = find_thai_dates(text)
    return found[0][0] if found else None


def find_fiscal_year(text: str) -> int | None:
    """The Buddhist-Era fiscal year the text names: 'ปีงบประมาณ พ.ศ. 2567',
    'ประจำปีงบประมาณ ๒๕๖๗', 'ปีงบ 67' → 2567."""
    for m in _patterns()["fiscal_year"].finditer(to_arabic_digits(text)):
        year = int(m["year"])
        if year < 100:
            return BE_CENTURY + year
        if year >= FIRST_BE_YEAR:
            return year
        if 1900 <= year < FIRST_BE_YEAR:
            return year + BE_OFFSET
    return None


def _date_range(text: str) -> tuple[date, date] | None:
    """Two dates joined by a range word: '(1 ตุลาคม พ.ศ. 2563 – 30 กันยายน พ.ศ. 2564)'."""
    dates = find_thai_dates(text)
    for (d1, _, end1), (d2, start2, _) in itertools.pairwise(dates):
        if d1 <= d2 and _patterns()["separator"].fullmatch(text[end1:start2]):
            return d1, d2
    return None


def _month_range(text: str) -> tuple[date, date] | None:
    """'ตุลาคม 2563 – มีนาคม 2564', 'ต.ค. – ธ.ค. 2563' → first to last day of the months."""
    for m in _patterns()["month_range"].finditer(text):
        try:
            y2 = _ce_year(m["year"], m["era"])
            m1, m2 = _month_key(m["m1"]), _month_key(m["m2"])
            y1 = _ce_year(m["y1"], None) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
            first = date(y1, m1, 1)
            last = date(y2, m2, calendar.monthrange(y2, m2)[1])
        except (ValueError, KeyError, OverflowError):
            continue
        if first <= last:
            return first, last
    return None


def _fiscal_part(text: str, fiscal_year: int) -> tuple[date, date] | None:
    """The first quarter ('ไตรมาสที่ 2'), round ('รอบ 6 เดือน') or half the text names."""
    candidates: list[tuple[int, tuple[int, int]]] = []
    if m := _patterns()["quarter"].search(text):
        q1, q2 = int(m["q1"]), int(m["q2"] or m["q1"])
        if q1 <= q2:
            candidates.append((m.start(), (3 * q1 - 2, 3 * q2)))
    if (m := _patterns()["round"].search(text)) and 1 <= int(m["months"]) <= 12:
        candidates.append((m.start(), (1, int(m["months"]))))
    if m := _patterns()["fiscal_range"].search(text):
        first, last = _fiscal_month_ranges()[m.group(0)]
        candidates.append((m.start(), (first, last)))
    if not candidates:
        return None
    _, (first, last) = min(candidates)
    return _fiscal_months(fiscal_year, first, last)


def parse_period(text: str, fiscal_year: int | None = None) -> tuple[date, date] | None:
    """The reporting period the text states: a printed date range wins; else a quarter,
    'รอบ N เดือน' or half of the fiscal year (given, or named in the text)."""
    arabic = to_arabic_digits(text)
    found = _date_range(arabic) or _month_range(arabic)
    if found:
        return found
    fy = fiscal_year or find_fiscal_year(arabic)
    if fy is None:
        return None
    try:
        return _fiscal_part(arabic, fy)
    except (ValueError, OverflowError):
        return None
