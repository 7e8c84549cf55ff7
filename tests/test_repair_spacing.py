"""String-level repair of gaps a bare string cannot show: where the text layer put a
space that is not on the page, or left out one that is. Each rule has cases it must
leave alone, and page reading (``marks_placed``: the glyphs' gaps decide) is untouched."""

from __future__ import annotations

import pytest

from thaidoc.thai.repair import repair_thai_line


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ในส่วนภูมิภาค 2 19,200 บาท", "ในส่วนภูมิภาค 219,200 บาท"),
        ("จำนวน 2 19,200 บาท", "จำนวน 219,200 บาท"),  # a count word, not a label
        (
            "ล้านบาท 3 71.2234 312.3898 354.5479 3 65.2772",
            "ล้านบาท 371.2234 312.3898 354.5479 365.2772",
        ),
        ("- - - 3 12.3898 - 3 12.3898", "- - - 312.3898 - 312.3898"),
        # must not change: a number after a word that numbers things, a row number at the
        # start of the line, a count before a plain number, two whole years
        ("ฉบับที่ 1 1,400,000 บาท", "ฉบับที่ 1 1,400,000 บาท"),
        ("โครงการที่ 2 1,070.00", "โครงการที่ 2 1,070.00"),
        ("ลำดับ 3 1,500.00", "ลำดับ 3 1,500.00"),
        ("1 15,000 บาท", "1 15,000 บาท"),
        ("จัดซื้อ 2 15 ชุด", "จัดซื้อ 2 15 ชุด"),
        ("ปี 2564 2565", "ปี 2564 2565"),
    ],
)
def test_lone_digit_split_off_an_amount_is_joined_in_a_bare_string(damaged, repaired) -> None:
    assert repair_thai_line(damaged) == repaired


def test_lone_digit_before_an_amount_is_left_to_the_page_gaps_when_read_from_glyphs() -> None:
    assert repair_thai_line("ในส่วนภูมิภาค 2 19,200 บาท", marks_placed=True) == (
        "ในส่วนภูมิภาค 2 19,200 บาท"
    )


def test_a_piece_that_cannot_stand_alone_joins_its_neighbour_only() -> None:
    assert repair_thai_line("ฉบับที่ 1 1 ,400,000 บาท") == "ฉบับที่ 1 1,400,000 บาท"
    assert repair_thai_line("ฉบับที่ 1 1 ,400,000 บาท", marks_placed=True) == ("ฉบับที่ 1 1,400,000 บาท")


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ประมาณการรายจา่ ยลว่ งหนา้ ระยะปานกลาง", "ประมาณการรายจ่ายล่วงหน้าระยะปานกลาง"),
        ("ค่าเปา้ หมาย", "ค่าเป้าหมาย"),
        ("ประมาณการรายจา่ ยลว่ งหนา้ * / ค่าเป้าหมาย", "ประมาณการรายจ่ายล่วงหน้า* / ค่าเป้าหมาย"),
        ("1.1.2 คา่ ท่ดี ินและสิ่งก่อสรา้ง", "1.1.2 ค่าที่ดินและสิ่งก่อสร้าง"),
        # must not change: a number after the word, marks already in place
        ("งบประมาณรายจา่ ย 312,389,800 บาท", "งบประมาณรายจ่าย 312,389,800 บาท"),
        ("กล่าวว่า การประชุม", "กล่าวว่า การประชุม"),
    ],
)
def test_gap_after_a_tone_mark_drawn_past_sara_aa_is_its_advance(damaged, repaired) -> None:
    assert repair_thai_line(damaged) == repaired


def test_gap_after_a_tone_mark_past_sara_aa_is_left_to_the_page_when_read_from_glyphs() -> None:
    assert repair_thai_line("หนา้ ระยะ", marks_placed=True) == "หน้า ระยะ"


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ราคาต่อหน่วยตา ่กวา่ 10 ล้านบาท", "ราคาต่อหน่วยต่ำกว่า 10 ล้านบาท"),
        ("ป่าไม้", "ป่าไม้"),  # must not change
        ("ปา ่ไม้", "ป่าไม้"),  # the blank, but า reads better
    ],
)
def test_blank_between_sara_aa_and_a_tone_mark_is_the_nikhahit_of_sara_am(damaged, repaired):
    assert repair_thai_line(damaged) == repaired


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("โครงการท ่ี1 : โครงการจัดทำแผน", "โครงการที่ 1 : โครงการจัดทำแผน"),
        ("โครงการท ่ี 1 : โครงการจัดทำแผน", "โครงการที่ 1 : โครงการจัดทำแผน"),
        ("การท ่ีประชาชน", "การที่ประชาชน"),  # before a letter the space just goes
    ],
)
def test_gap_sorted_before_marks_belongs_before_the_digit_after_them(damaged, repaired) -> None:
    assert repair_thai_line(damaged) == repaired


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ของภาคธุรกิจ ( Enhance", "ของภาคธุรกิจ (Enhance"),
        ("ของภาคธุรกิจ (Enhance", "ของภาคธุรกิจ (Enhance"),  # must not change
        ("ช่องว่าง ( ) ในแบบฟอร์ม", "ช่องว่าง ( ) ในแบบฟอร์ม"),  # must not change
    ],
)
def test_opening_bracket_is_set_against_the_word_after_it(damaged, repaired) -> None:
    assert repair_thai_line(damaged) == repaired


def test_mark_search_keeps_several_readings_not_only_the_best_first_move() -> None:
    # moving every run at once ('ทั้ง้สิน') reads better than the right first move
    # ('ทั้งส้นิ'), whose next move makes 'ทั้งสิ้น'
    assert repair_thai_line("รวมทง(cid:202)ัส(cid:202)นิ - - - 3 12.3898") == (
        "รวมทั้งสิ้น - - - 312.3898"
    )
