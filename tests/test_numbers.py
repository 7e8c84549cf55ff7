"""Thai numbers, quantities, budget cells, targets and conditions: each rule with the
inputs it must read and the ones it must leave alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaidoc.thai.numbers import (
    BudgetLine,
    Quantity,
    TargetValue,
    find_condition,
    find_quantities,
    parse_budget_cell,
    parse_budget_total,
    parse_number,
    parse_quantity,
    parse_target,
    to_arabic_digits,
    to_baht,
)

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(text: str) -> str:
    return text.translate(THAI)


# --- digits and plain numbers ---------------------------------------------------------


def test_thai_digits_become_arabic_and_other_text_is_untouched() -> None:
    assert to_arabic_digits("๑๐.๕ ล้านบาท (ร่าง)") == "10.5 ล้านบาท (ร่าง)"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("๑.๕", Decimal("1.5")),
        ("10.0950 ลบ.", Decimal("10.0950")),
        ("จำนวน 81,768 ครั้ง", Decimal(81768)),
        ("(1) โครงการ", Decimal(1)),
    ],
)
def test_parse_number_reads_the_first_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["-", "–", "", "จะมีการจัดสรรต่อไป", "ก.ย."])
def test_parse_number_without_digits_is_none(text: str) -> None:
    assert parse_number(text) is None


# --- quantities -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("สะสม 79 ชุดข้อมูล", Decimal(79), "ชุดข้อมูล", "สะสม"),
        ("ไม่น้อยกว่า 100,000 คน", Decimal(100000), "คน", "ไม่น้อยกว่า"),
        ("อย่างน้อย 3 หน่วยงาน", Decimal(3), "หน่วยงาน", "อย่างน้อย"),
        ("2,400 จุดติดตั้ง", Decimal(2400), "จุดติดตั้ง", ""),
        ("169 หน่วยงานเพื่อเชื่อมโยง", Decimal(169), "หน่วยงาน", ""),
        ("3,000,000 Account", Decimal(3_000_000), "Account", ""),
    ],
)
def test_quantity_is_a_number_with_its_counting_unit_and_qualifier(
    text: str, value: Decimal, unit: str, qualifier: str
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


def test_quantity_text_is_the_span_as_printed() -> None:
    assert parse_quantity("เป้าหมาย สะสม 79 ชุดข้อมูล ภายในปี") == Quantity(
        Decimal(79), "ชุดข้อมูล", "สะสม 79 ชุดข้อมูล", "สะสม"
    )


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("11 ล้านรายการ", Decimal(11_000_000), "รายการ"),
        ("63.3 ล้านครั้ง", Decimal(63_300_000), "ครั้ง"),
        ("2 แสน คน", Decimal(200_000), "คน"),
        ("1.2 แสนล้านบาท", Decimal(120_000_000_000), "บาท"),
    ],
)
def test_multiplier_words_are_applied_and_kept_out_of_the_unit(
    text: str, value: Decimal, unit: str
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit) == (value, unit)
    assert all(w not in q.unit for w in ("ล้าน", "แสน", "หมื่น", "พัน"))


@pytest.mark.parametrize(
    ("text", "value"),
    [("ร้อยละ 90", Decimal(90)), ("ร้อยละ 85.5", Decimal("85.5")), ("92%", Decimal(92))],
)
def test_percent_in_words_or_sign_has_unit_percent(text: str, value: Decimal) -> None:
    assert parse_quantity(text) == Quantity(value, "%", text)


def test_qualifier_before_the_percent_word() -> None:
    q = parse_quantity("ความพึงพอใจ ไม่น้อยกว่าร้อยละ 85")
    assert q == Quantity(Decimal(85), "%", "ไม่น้อยกว่าร้อยละ 85", "ไม่น้อยกว่า")


def test_level_is_a_unit_printed_before_the_number() -> None:
    assert parse_quantity("ระดับ 5") == Quantity(Decimal(5), "ระดับ", "ระดับ 5")
    q = parse_quantity("หน่วยงานที่อยู่ในระดับ 4 ขึ้นไป")
    assert q is not None
    assert (q.value, q.unit, q.qualifier) == (Decimal(4), "ระดับ", "ขึ้นไป")


def test_money_in_a_quantity_is_baht() -> None:
    q = parse_quantity("งบประมาณ ๑.๕ ล้านบาท")
    assert q is not None
    assert (q.value, q.unit) == (Decimal(1_500_000), "บาท")


def test_unlisted_unit_is_the_word_after_the_number() -> None:
    q = parse_quantity("จัดทำ 5 รายงาน")
    assert q is not None
    assert (q.value, q.unit) == (Decimal(5), "รายงาน")
    assert not find_quantities("จัดทำ 5 รายงาน")[0].known_unit


def test_listed_unit_must_end_where_a_word_ends() -> None:
    q = parse_quantity("5 รายงาน")  # 'ราย' is a unit, but not the start of 'รายงาน'
    assert q is not None and q.unit == "รายงาน"


def test_listed_unit_is_kept_when_damage_glues_a_mark_to_it() -> None:
    q = parse_quantity("สะสม 79 ชุดูข้อมูล")  # 'ชุดข้อมูล' with a stray sara u
    assert q is not None and (q.value, q.unit) == (Decimal(79), "ชุด")


def test_number_without_a_unit_has_empty_unit() -> None:
    assert parse_quantity("80") == Quantity(Decimal(80), "", "80")


@pytest.mark.parametrize(
    "text",
    [
        "พ.ศ. 2562",
        "ปีงบประมาณ 2567",
        "ในปี 2564",
        "2567",
        "ครั้งที่ 1/2564",
        "ฉบับที่ 13",
        "ยุทธศาสตร์ที่ 1",
        "มาตรา 48",
        "โทร 02-612-6000",
        "(1)",
        "1)",
        "14 ตุลาคม 2564",
        "(ร่าง) มาตรฐานข้อมูลภาษีที่ดิน",
        "-",
    ],
)
def test_years_references_markers_dates_and_phones_are_not_quantities(text: str) -> None:
    assert parse_quantity(text) is None


def test_the_first_real_quantity_is_found_after_skipped_numbers() -> None:
    q = parse_quantity("(2) ในปีงบประมาณ พ.ศ. 2564 ครั้งที่ 1/2564 จำนวน 31 บริการ")
    assert q is not None
    assert (q.value, q.unit) == (Decimal(31), "บริการ")


def test_ordinal_word_inside_a_longer_word_does_not_hide_the_number() -> None:
    q = parse_quantity("เจ้าหน้าที่ 50 คน")  # 'ที่' ends เจ้าหน้าที่ but is no ordinal here
    assert q is not None
    assert (q.value, q.unit) == (Decimal(50), "คน")


def test_find_quantities_gives_every_quantity_with_its_span() -> None:
    text = "ผู้ใช้ 81,768 ครั้ง จาก 37,149 ราย"
    found = find_quantities(text)
    assert [(m.quantity.value, m.quantity.unit) for m in found] == [
        (Decimal(81768), "ครั้ง"),
        (Decimal(37149), "ราย"),
    ]
    assert [text[m.start : m.end] for m in found] == ["81,768 ครั้ง", "37,149 ราย"]


# --- budgets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "baht"),
    [
        ("10.0950 ลบ. *", 10_095_000),
        ("12,500,000 บาท", 12_500_000),
        ("๑.๕ ล้านบาท", 1_500_000),
        ("250 พันบาท", 250_000),
        ("2.3335 ล้าน บาท", 2_333_500),
    ],
)
def test_budget_amount_is_exact_integer_baht(text: str, baht: int) -> None:
    assert parse_budget_cell(text) == [BudgetLine("", baht, "allocated", text)]


def test_bare_number_reads_in_the_columns_unit() -> None:
    assert parse_budget_cell("12,500,000")[0].amount_thb == 12_500_000
    assert parse_budget_cell("4.5", default_unit="ล้านบาท")[0].amount_thb == 4_500_000


def test_fraction_of_a_baht_rounds_half_up_and_the_text_is_kept() -> None:
    (line,) = parse_budget_cell("0.0000005 ลบ.")
    assert line.amount_thb == 1
    assert line.text == "0.0000005 ลบ."
    assert to_baht(Decimal("2.5"), "บาท") == 3


@pytest.mark.parametrize("text", ["จะมีการจัดสรรต่อไป", "รอการจัดสรร", "อยู่ระหว่างการจัดสรร"])
def test_pending_phrases_have_no_amount(text: str) -> None:
    assert parse_budget_cell(text) == [BudgetLine("", None, "pending", text)]


@pytest.mark.parametrize("text", ["ไม่ได้รับจัดสรร", "-", "–", "ไม่ใช้งบประมาณ"])
def test_no_budget_phrases_and_dashes_are_none(text: str) -> None:
    assert parse_budget_cell(text) == [BudgetLine("", None, "none", text)]


def test_several_lines_keep_their_labels_and_notes() -> None:
    text = "(1) โครงการ ก 4.5000 ลบ. *\n(2) โครงการ ข 0.1538 ลบ."
    assert parse_budget_cell(text) == [
        BudgetLine("(1) โครงการ ก", 4_500_000, "allocated", "(1) โครงการ ก 4.5000 ลบ. *"),
        BudgetLine("(2) โครงการ ข", 153_800, "allocated", "(2) โครงการ ข 0.1538 ลบ."),
    ]


def test_a_wrapped_label_joins_the_line_with_the_amount() -> None:
    (line,) = parse_budget_cell("(1) โครงการขยายผล\nการใช้งาน 4.5 ลบ.\n* งบกลาง")
    assert line.label == "(1) โครงการขยายผล การใช้งาน"
    assert line.amount_thb == 4_500_000
    assert line.text.endswith("* งบกลาง")


def test_list_marker_is_never_read_as_an_amount() -> None:
    (line,) = parse_budget_cell("(2) โครงการ ข")
    assert line.amount_thb is None


def test_empty_cell_has_no_lines() -> None:
    assert parse_budget_cell("") == []
    assert parse_budget_cell(" \n ") == []


def test_budget_total_is_the_printed_total_or_the_sum() -> None:
    assert parse_budget_total("(1) ก 4.5 ลบ.\n(2) ข 0.1538 ลบ.") == 4_653_800
    assert parse_budget_total("(1) ก 4.5 ลบ.\n(2) ข 0.5 ลบ.\nรวม 5.1 ลบ.") == 5_100_000
    assert parse_budget_total("จะมีการจัดสรรต่อไป") is None


# --- targets and conditions -----------------------------------------------------------


def test_target_is_cumulative_when_it_says_sasom() -> None:
    assert parse_target("สะสม 89 ชุดข้อมูล + รายงานผลการดำเนินงาน") == TargetValue(
        Decimal(89), "ชุดข้อมูล", True, "สะสม"
    )


def test_target_without_a_number_has_no_value() -> None:
    assert parse_target("(ร่าง) มาตรฐานข้อมูลภาษีที่ดิน") == TargetValue(None, "", False, "")


def test_target_in_thai_digits() -> None:
    assert parse_target("ร้อยละ ๘๕") == TargetValue(Decimal(85), "%", False, "")


def test_condition_phrase_is_found_without_its_brackets() -> None:
    assert find_condition("ระบบ 1 ระบบ (ขึ้นอยู่กับงบประมาณที่ได้รับจัดสรร)") == "ขึ้นอยู่กับงบประมาณที่ได้รับจัดสรร"


def test_condition_wrapped_over_lines_is_joined() -> None:
    assert find_condition("(ขึ้นอยู่กับงบประมาณที่ได้รับ\nจัดสรร)") == ("ขึ้นอยู่กับงบประมาณที่ได้รับจัดสรร")


@pytest.mark.parametrize("text", ["ร้อยละ 90", "(ร่าง) มาตรฐานข้อมูล", "งบประมาณที่ได้รับจัดสรร"])
def test_no_condition_phrase_gives_empty(text: str) -> None:
    assert find_condition(text) == ""


# --- properties -----------------------------------------------------------------------

# Thai letters, digits, punctuation and whole lexicon words, in any order.
THAI_TEXT = st.lists(
    st.sampled_from(
        [
            *"กขคงจนมยรลวสหอะาิีุูเแโไ่้๊๋็ำ ()-–*.,%/\n0123456789๐๑๒๓๔๕๖๗๘๙",
            *("ล้าน", "บาท", "ลบ.", "ร้อยละ", "ครั้ง", "ราย", "พ.ศ.", "สะสม", "ระดับ", "ที่"),
            *("ตุลาคม", "ก.ย.", "จะมีการจัดสรรต่อไป", "ขึ้นอยู่กับ", "ไม่น้อยกว่า", "ขึ้นไป"),
        ]
    ),
    max_size=40,
).map("".join)


@given(THAI_TEXT)
def test_parsers_never_raise_on_arbitrary_text(text: str) -> None:
    parse_number(text)
    parse_quantity(text)
    parse_budget_cell(text)
    parse_budget_cell(text, default_unit="ล้านบาท")
    parse_budget_total(text)
    parse_target(text)
    find_condition(text)


@given(st.text(max_size=40))
def test_parsers_never_raise_on_any_unicode(text: str) -> None:
    parse_quantity(text)
    parse_budget_cell(text)
    parse_target(text)


NUMBER_TEXT = st.decimals(
    min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False
).map(lambda d: f"{d:,}")
UNIT = st.sampled_from(["ครั้ง", "ราย", "หน่วยงาน", "ล้านครั้ง", "ล้านบาท", "ลบ.", "บาท", "%"])


@given(NUMBER_TEXT, UNIT)
def test_thai_and_arabic_digits_give_the_same_value(number: str, unit: str) -> None:
    text = f"จำนวน {number} {unit}"
    assert parse_quantity(text) == _with_text(parse_quantity(thai_digits(text)), text)
    assert parse_number(text) == parse_number(thai_digits(text))
    assert [b.amount_thb for b in parse_budget_cell(text)] == [
        b.amount_thb for b in parse_budget_cell(thai_digits(text))
    ]


def _with_text(q: Quantity | None, text: str) -> Quantity | None:
    if q is None:
        return None
    return Quantity(q.value, q.unit, to_arabic_digits(q.text), q.qualifier)


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False))
def test_million_baht_round_trips_to_exact_baht(value: Decimal) -> None:
    (line,) = parse_budget_cell(f"{value} ลบ. *")
    assert line.amount_thb == int((value * 1_000_000).to_integral_value())
    assert line.status == "allocated"


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    q = parse_quantity(f"{n:,} ครั้ง")
    assert q is not None and q.value == n and q.unit == "ครั้ง"
