"""Each entity rule of the Thai narrative pipeline on short sentences, with the text it
must not match."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thaidoc.nlp import find_results, make_thai_nlp


def ents(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in make_thai_nlp()(text).ents]


def values(text: str) -> list[tuple[Decimal, str]]:
    return [(m.value, m.unit) for m in find_results(text)]


def test_quantity_is_a_number_with_its_counting_unit() -> None:
    assert values("มีผู้ดาวน์โหลดแล้ว 81,768 ครั้ง จากผู้ใช้บริการ 37,149 ราย") == [
        (Decimal(81768), "ครั้ง"),
        (Decimal(37149), "ราย"),
    ]


def test_quantity_applies_the_multiplier() -> None:
    assert values("ใช้งานรวมถึง 63.3 ล้านครั้ง") == [(Decimal(63_300_000), "ครั้ง")]


def test_quantity_takes_the_longest_unit_even_glued_to_the_next_word() -> None:
    assert values("มี 169 หน่วยงานเข้าร่วม และ 3,300 บัญชีรายชื่อ") == [
        (Decimal(169), "หน่วยงาน"),
        (Decimal(3300), "บัญชีรายชื่อ"),
    ]


def test_quantity_reads_thai_digits() -> None:
    assert values("จำนวน ๑๒ จังหวัด") == [(Decimal(12), "จังหวัด")]


def test_a_number_without_a_unit_or_a_list_marker_is_no_quantity() -> None:
    assert values("(1) โครงการศูนย์กลางข้อมูล 2) ขยายผล ในปี 2564") == []


def test_percent_in_words_and_in_signs() -> None:
    assert values("ความสำเร็จเท่ากับร้อยละ 85.5 และ 92%") == [
        (Decimal("85.5"), "%"),
        (Decimal(92), "%"),
    ]


def test_money_is_integer_baht() -> None:
    assert values("งบประมาณ 4.5 ล้านบาท และ 12,500,000 บาท") == [
        (Decimal(4_500_000), "บาท"),
        (Decimal(12_500_000), "บาท"),
    ]


@pytest.mark.parametrize(
    "text",
    ["1 ตุลาคม พ.ศ. 2563", "15 ส.ค. 66", "๓๐ กันยายน ๒๕๖๔", "ต.ค. 2563", "พ.ศ. 2562"],
)
def test_thai_dates_and_years_are_dates_not_results(text: str) -> None:
    assert [label for _, label in ents(text)] == ["DATE"]
    assert values(text) == []


@pytest.mark.parametrize("text", ["ครั้งที่ 1/2564", "ฉบับที่ 13", "มาตรา 48", "02-612-6000"])
def test_meeting_law_and_phone_numbers_are_not_results(text: str) -> None:
    assert values(f"อ้างถึง {text} แล้ว") == []


def test_org_from_leading_words_and_the_gazetteer() -> None:
    found = ents("ร่วมกับกระทรวงสาธารณสุข และการไฟฟ้าส่วนภูมิภาค")
    assert ("กระทรวงสาธารณสุข", "ORG") in found
    assert ("การไฟฟ้าส่วนภูมิภาค", "ORG") in found


def test_org_needs_a_name_after_the_leading_word() -> None:
    assert ents("กรม ") == []


def test_result_sentence_is_the_clause_around_the_figure() -> None:
    text = "ก " * 100 + "มีผู้ใช้ 45 บริการ ต่อเนื่อง" + " ข" * 100
    (mention,) = find_results(text)
    assert "45 บริการ" in mention.sentence
    assert len(mention.sentence) < 200
