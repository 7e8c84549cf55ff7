"""Properties of the number, amount, target and date parsers: they never raise on any
text, and Thai digits read exactly as Arabic ones."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from thaidoc.thai.dates import fiscal_year_period, parse_period, parse_thai_date
from thaidoc.thai.numbers import parse_budget_cell, parse_number, parse_target, to_arabic_digits

ARABIC_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
any_text = st.text(max_size=60)
amounts = st.integers(min_value=0, max_value=10**12)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_parsers_never_raise_on_any_text(text: str) -> None:
    parse_number(text)
    parse_target(text)
    parse_budget_cell(text)
    parse_thai_date(text)
    parse_period(text, 2567)


@settings(max_examples=200, deadline=None)
@given(amounts, st.sampled_from(["บาท", "ล้านบาท", "ลบ.", "พันบาท"]))
def test_thai_and_arabic_digits_give_the_same_amount(amount: int, unit: str) -> None:
    arabic = f"{amount:,} {unit}"
    thai = arabic.translate(ARABIC_TO_THAI)
    (a,) = parse_budget_cell(arabic)
    (t,) = parse_budget_cell(thai)
    assert a.amount_thb == t.amount_thb
    factor = {"บาท": 1, "ล้านบาท": 1_000_000, "ลบ.": 1_000_000, "พันบาท": 1_000}[unit]
    assert a.amount_thb == amount * factor


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_thai_digits_are_read_as_digits(number: int) -> None:
    thai = str(number).translate(ARABIC_TO_THAI)
    assert to_arabic_digits(thai) == str(number)
    assert parse_number(thai) == number


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2400, max_value=2700))
def test_fiscal_year_runs_october_to_september(fy: int) -> None:
    start, end = fiscal_year_period(fy)
    assert start == date(fy - 544, 10, 1)
    assert end == date(fy - 543, 9, 30)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_a_thai_date_reads_back_as_the_same_day(day: date) -> None:
    months = [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ]  # fmt: skip
    text = f"{day.day} {months[day.month - 1]} พ.ศ. {day.year + 543}"
    assert parse_thai_date(text) == day
    assert parse_thai_date(text.translate(ARABIC_TO_THAI)) == day
