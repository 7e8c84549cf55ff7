"""Properties of the string repair: clean Thai passes through unchanged; repairing twice
is repairing once; the damage named in the issues is repaired."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words

from thaidoc.thai.repair import choose_reading, guess_lost_mark, merge_readings, repair_thai_line

# Common, correctly spelled words (from pythainlp's list) and ordinary separators.
WORDS = sorted(w for w in thai_words() if 2 <= len(w) <= 8 and " " not in w)[:3000]
clean_lines = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
thai_text = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(0x0E01, 0x0E5B)] + [" ", "1", ","]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(clean_lines)
def test_clean_thai_passes_through_unchanged(line: str) -> None:
    assert repair_thai_line(line) == line


@settings(max_examples=300, deadline=None)
@given(thai_text)
def test_repair_is_idempotent(text: str) -> None:
    once = repair_thai_line(text)
    assert repair_thai_line(once) == once


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("ส านักงาน", "สำนักงาน"),
        ("ประจ าปี", "ประจำปี"),
        ("ประจำาปี", "ประจำปี"),
        ("เพ่ือ", "เพื่อ"),
        ("ข้ึน", "ขึ้น"),
        ("ที ่", "ที่"),
        ("ปัจจุบ ัน", "ปัจจุบัน"),
        ("ลา้นบาท", "ล้านบาท"),
        ("ยุทธศำสตร์", "ยุทธศาสตร์"),
        ("ส้าคัญ", "สำคัญ"),
        ("จ ำนวน", "จำนวน"),
        ("2,750,00 0 บาท", "2,750,000 บาท"),
        ("ในสถานศกึ ษา 5 00,000 บาท", "ในสถานศึกษา 500,000 บาท"),
        ("ฉบับที่ 1 1,400,000 บาท", "ฉบับที่ 1 1,400,000 บาท"),
        ("- - - 2 04.3678 - 204.3678", "- - - 204.3678 - 204.3678"),
        ("ปี 2564 2565", "ปี 2564 2565"),
        ("งบเงินอุดหนุน 109,849,900บาท", "งบเงินอุดหนุน 109,849,900 บาท"),
        ("6.1 จาํ แนกตามลกั ษณะรายจา่ ย", "6.1 จำแนกตามลักษณะรายจ่าย"),
        ("รายจ่ายประจาํ 312,389,800 บาท", "รายจ่ายประจำ 312,389,800 บาท"),
        ("เป้าหมายการใหบ้ รกิ ารหน่วยงาน", "เป้าหมายการให้บริการหน่วยงาน"),
        ("ค่าใชจ้ ่าย", "ค่าใช้จ่าย"),
        ("จ้าเป็นต่อความปลอดภัย", "จำเป็นต่อความปลอดภัย"),
        ("จ้าเป็นต่อความปลอดภัย 9 ข้อ ตามประกาศของ สรพ.", "จำเป็นต่อความปลอดภัย 9 ข้อ ตามประกาศของ สรพ."),
        ("ค่าใช้จ่ายดา เนินงาน", "ค่าใช้จ่ายดำเนินงาน"),
        ("ภาษา ไทย", "ภาษา ไทย"),
        ("ค่าก่อสรา้งอ(cid:201)น(cid:186) (cid:199) 7,500,000บาท", "ค่าก่อสร้างอื่น ๆ 7,500,000 บาท"),
        ("ผลผลติ", "ผลผลิต"),
        ("สภาเกษตรกรแหง่", "สภาเกษตรกรแห่ง"),
        ("การป้องกันการติดเชื อ", "การป้องกันการติดเชื้อ"),
    ],
)
def test_named_damage_is_repaired(damaged: str, repaired: str) -> None:
    assert repair_thai_line(damaged) == repaired


@pytest.mark.parametrize(
    ("left", "right", "mark"),
    [("การติดเชื", "อ", "\u0e49"), ("ผู", "ป่วย", "\u0e49"), ("การ", "ทำงาน", None)],
)
def test_a_lost_mark_is_the_one_that_makes_the_words_dictionary_words(left, right, mark):
    assert guess_lost_mark(left, right) == mark


def test_the_witness_moves_marks_the_glyphs_put_on_the_wrong_letter():
    # LibreOffice's Laksaman text layer: 'ขูอ้มล' for ข้อมูล; pypdfium2 reads it right.
    assert choose_reading("แลกเปลี่ยนขูอ้มลกลาง", "แลกเปลี่ยนข้อมูลกลาง") == "แลกเปลี่ยนข้อมูลกลาง"


def test_the_witness_never_takes_away_a_mark_the_glyphs_have():
    assert merge_readings("ข้อมูล", "ขอมูล") == "ข้อมูล"


@pytest.mark.parametrize(
    ("glyphs", "witness"),
    [
        ("คำนำ ก", "ค าน า ก"),  # the text layer lost ำ; the glyphs had its nikhahit
        ("แผนปฏิบัติการประจำปีงบประมาณ พ.ศ.", "แผนปฏิบัติการประจำปี งบประมาณ พ.ศ."),
    ],
)
def test_a_witness_differing_only_in_gaps_and_lost_sara_am_leaves_the_glyphs_reading(
    glyphs, witness
):
    assert choose_reading(glyphs, witness) == glyphs
