"""Thai dates, fiscal years and reporting periods: Buddhist-Era years, month names and
abbreviations, quarters and 'รอบ N เดือน' of the fiscal year that starts on 1 October."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaidoc.thai.dates import (
    be_to_ce,
    find_fiscal_year,
    find_thai_dates,
    fiscal_year_period,
    month_numbers,
    parse_period,
    parse_thai_date,
    quarter_period,
)

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
FULL_NAMES = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
ABBREVIATIONS = [
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
]  # fmt: skip


def test_buddhist_era_year_to_ce() -> None:
    assert be_to_ce(2567) == 2024
    assert be_to_ce(2564) == 2021


def test_two_digit_buddhist_year_is_in_the_2500s() -> None:
    assert be_to_ce(66) == 2023


def test_fiscal_year_starts_on_1_october_of_the_year_before() -> None:
    assert fiscal_year_period(2567) == (date(2023, 10, 1), date(2024, 9, 30))


@pytest.mark.parametrize(
    ("quarter", "period"),
    [
        (1, (date(2020, 10, 1), date(2020, 12, 31))),
        (2, (date(2021, 1, 1), date(2021, 3, 31))),
        (3, (date(2021, 4, 1), date(2021, 6, 30))),
        (4, (date(2021, 7, 1), date(2021, 9, 30))),
    ],
)
def test_quarters_of_fiscal_year_2564(quarter: int, period: tuple[date, date]) -> None:
    assert quarter_period(2564, quarter) == period


@pytest.mark.parametrize("quarter", [0, 5])
def test_there_are_only_four_quarters(quarter: int) -> None:
    with pytest.raises(ValueError):
        quarter_period(2564, quarter)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1 ตุลาคม พ.ศ. 2563", date(2020, 10, 1)),
        ("15 สิงหาคม 2566", date(2023, 8, 15)),
        ("๑๕ ส.ค. ๖๖", date(2023, 8, 15)),
        ("30 ก.ย. 2564", date(2021, 9, 30)),
        ("30 ก.ย 2564", date(2021, 9, 30)),  # the last dot lost in extraction
        ("เมื่อวันที่ 14 ตุลาคม 2564 นั้น", date(2021, 10, 14)),
        ("1 เดือนมกราคม พ.ศ.2565", date(2022, 1, 1)),
        ("14/10/2564", date(2021, 10, 14)),
        ("5 มี.ค. ค.ศ. 2021", date(2021, 3, 5)),
    ],
)
def test_thai_dates_with_buddhist_era_years(text: str, day: date) -> None:
    assert parse_thai_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "31 ก.พ. 2564",  # no such day
        "ครั้งที่ 10/256",  # a truncated meeting number
        "ครั้งที่ 1/2564",
        "พ.ศ. 2562",  # a year alone is not a date
        "ตุลาคม 2564",  # nor is a month of a year
        "5 ระบบ 2564",
        "",
    ],
)
def test_texts_that_are_not_dates(text: str) -> None:
    assert parse_thai_date(text) is None


def test_every_month_name_and_abbreviation_is_known() -> None:
    for number, (name, abbreviation) in enumerate(zip(FULL_NAMES, ABBREVIATIONS, strict=True), 1):
        assert month_numbers()[name] == number
        assert parse_thai_date(f"2 {abbreviation} 2564") == date(be_to_ce(2564), number, 2)


def test_find_thai_dates_gives_spans_in_the_text() -> None:
    text = "รอบ 12 เดือน (1 ตุลาคม พ.ศ. 2563 – 30 กันยายน พ.ศ. 2564)"
    found = find_thai_dates(text)
    assert [d for d, _, _ in found] == [date(2020, 10, 1), date(2021, 9, 30)]
    assert [text[s:e] for _, s, e in found] == ["1 ตุลาคม พ.ศ. 2563", "30 กันยายน พ.ศ. 2564"]


@pytest.mark.parametrize(
    "text",
    ["ปีงบประมาณ พ.ศ. 2567", "ประจำปีงบประมาณ ๒๕๖๗", "ปีงบ 67", "ปีงบประมาณ พ.ศ.\n2567"],
)
def test_fiscal_year_named_in_the_text(text: str) -> None:
    assert find_fiscal_year(text) == 2567


@pytest.mark.parametrize("text", ["ปี 2567", "พ.ศ. 2567", "งบประมาณ 2.5 ลบ.", ""])
def test_a_year_that_is_not_a_fiscal_year(text: str) -> None:
    assert find_fiscal_year(text) is None


def test_period_from_a_printed_date_range() -> None:
    text = "รอบ 12 เดือน (1 ตุลาคม พ.ศ. 2563 – 30 กันยายน พ.ศ. 2564)"
    assert parse_period(text) == (date(2020, 10, 1), date(2021, 9, 30))


def test_period_from_a_printed_range_with_thai_words() -> None:
    text = "ตั้งแต่วันที่ ๑ ต.ค. ๖๓ ถึงวันที่ ๓๑ มี.ค. ๖๔"
    assert parse_period(text) == (date(2020, 10, 1), date(2021, 3, 31))


def test_period_from_a_range_of_months() -> None:
    assert parse_period("ตุลาคม 2563 - มีนาคม 2564") == (date(2020, 10, 1), date(2021, 3, 31))
    assert parse_period("(ต.ค. – ธ.ค. 2563)") == (date(2020, 10, 1), date(2020, 12, 31))


def test_quarter_with_the_fiscal_year() -> None:
    assert parse_period("ไตรมาสที่ 2", fiscal_year=2564) == quarter_period(2564, 2)


def test_quarter_takes_the_fiscal_year_the_text_names() -> None:
    text = "รายงานผล ปีงบประมาณ พ.ศ. 2564 ไตรมาสที่ 1-2"
    assert parse_period(text) == (date(2020, 10, 1), date(2021, 3, 31))


def test_round_of_six_months_is_the_first_half() -> None:
    assert parse_period("รอบ 6 เดือน", fiscal_year=2567) == (date(2023, 10, 1), date(2024, 3, 31))


def test_round_of_twelve_months_is_the_whole_fiscal_year() -> None:
    assert parse_period("รอบ 12 เดือน", fiscal_year=2564) == fiscal_year_period(2564)


@pytest.mark.parametrize(
    ("text", "fiscal_year"),
    [
        ("ไตรมาสที่ 2", None),  # no fiscal year to place it in
        ("รายงานผลการดำเนินงาน", 2564),  # no period words
        ("เมื่อวันที่ 14 ตุลาคม 2564", 2564),  # one date is no period
        ("30 กันยายน 2564 - 1 ตุลาคม 2563", None),  # backwards
        ("ไตรมาสที่ 5", 2564),
        ("รอบ 13 เดือน", 2564),
    ],
)
def test_texts_without_a_period(text: str, fiscal_year: int | None) -> None:
    assert parse_period(text, fiscal_year) is None


# --- properties -----------------------------------------------------------------------


@given(st.text(max_size=60))
def test_date_parsers_never_raise(text: str) -> None:
    parse_thai_date(text)
    find_thai_dates(text)
    find_fiscal_year(text)
    parse_period(text)
    parse_period(text, 2567)


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["full", "abbreviation"]),
    st.booleans(),
)
def test_a_printed_date_round_trips_in_either_digits(day: date, style: str, era: bool) -> None:
    month = (FULL_NAMES if style == "full" else ABBREVIATIONS)[day.month - 1]
    text = f"{day.day} {month} {'พ.ศ. ' if era else ''}{day.year + 543}"
    assert parse_thai_date(text) == day
    assert parse_thai_date(text.translate(THAI)) == day


@given(st.integers(min_value=2400, max_value=2700), st.integers(min_value=1, max_value=4))
def test_quarters_tile_the_fiscal_year(fy: int, quarter: int) -> None:
    start, end = quarter_period(fy, quarter)
    fy_start, fy_end = fiscal_year_period(fy)
    assert fy_start <= start < end <= fy_end
    if quarter < 4:
        assert (quarter_period(fy, quarter + 1)[0] - end).days == 1
    assert quarter_period(fy, 1)[0] == fy_start
    assert quarter_period(fy, 4)[1] == fy_end


@given(st.integers(min_value=2400, max_value=2700))
def test_fiscal_year_round_trips_through_text(fy: int) -> None:
    assert find_fiscal_year(f"ประจำปีงบประมาณ พ.ศ. {fy}") == fy
    assert find_fiscal_year(f"ประจำปีงบประมาณ พ.ศ. {fy}".translate(THAI)) == fy
