"""Thai dates, fiscal years and reporting periods (Buddhist Era, fiscal year from 1 October)."""

from __future__ import annotations

import re
from datetime import date

from thaidoc.thai.numbers import to_arabic_digits

BE_OFFSET = 543
MONTHS = {
    "มกราคม": 1, "ม.ค.": 1, "กุมภาพันธ์": 2, "ก.พ.": 2, "มีนาคม": 3, "มี.ค.": 3,
    "เมษายน": 4, "เม.ย.": 4, "พฤษภาคม": 5, "พ.ค.": 5, "มิถุนายน": 6, "มิ.ย.": 6,
    "กรกฎาคม": 7, "ก.ค.": 7, "สิงหาคม": 8, "ส.ค.": 8, "กันยายน": 9, "ก.ย.": 9,
    "ตุลาคม": 10, "ต.ค.": 10, "พฤศจิกายน": 11, "พ.ย.": 11, "ธันวาคม": 12, "ธ.ค.": 12,
}  # fmt: skip
_MONTH = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"(\d{{1,2}})\s*(?:เดือน)?\s*({_MONTH})\s*(?:พ\.ศ\.|พุทธศักราช)?\s*(\d{{4}}|\d{{2}})"
)
_FISCAL_YEAR = re.compile(r"ปีงบ(?:ประมาณ)?\s*(?:พ\.ศ\.)?\s*(25\d\d)")
_QUARTER = re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])")
_HALF = re.compile(r"รอบ\s*(6|9|12)\s*เดือน")


def be_to_ce(year: int) -> int:
    if year < 100:
        year += 2500
    return year - BE_OFFSET


def fiscal_year_period(fy_be: int) -> tuple[date, date]:
    ce = be_to_ce(fy_be)
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def quarter_period(fy_be: int, quarter: int) -> tuple[date, date]:
    start, _ = fiscal_year_period(fy_be)
    month = start.month + 3 * (quarter - 1)
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    end_month = month + 2
    end_year = year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    next_month = date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return date(year, month, 1), date.fromordinal(next_month.toordinal() - 1)


def find_thai_dates(text: str) -> list[tuple[date, int, int]]:
    found = []
    for m in _DATE.finditer(to_arabic_digits(text)):
        try:
            found.append(
                (
                    date(be_to_ce(int(m.group(3))), MONTHS[m.group(2)], int(m.group(1))),
                    m.start(),
                    m.end(),
                )
            )
        except ValueError:
            continue
    return found


def parse_thai_date(text: str) -> date | None:
    found = find_thai_dates(text)
    return found[0][0] if found else None


def find_fiscal_year(text: str) -> int | None:
    m = _FISCAL_YEAR.search(to_arabic_digits(text))
    return int(m.group(1)) if m else None


def parse_period(text: str, fiscal_year: int | None = None) -> tuple[date, date] | None:
    arabic = to_arabic_digits(text)
    dates = find_thai_dates(arabic)
    if len(dates) >= 2 and dates[0][0] < dates[1][0] and dates[1][1] - dates[0][2] < 10:
        return dates[0][0], dates[1][0]
    if fiscal_year is None:
        return None
    if m := _QUARTER.search(arabic):
        return quarter_period(fiscal_year, int(m.group(1)))
    if m := _HALF.search(arabic):
        start, _ = fiscal_year_period(fiscal_year)
        months = int(m.group(1))
        return start, quarter_period(fiscal_year, months // 3)[1]
    return None
