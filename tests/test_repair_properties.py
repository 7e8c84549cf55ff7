"""Properties of the string repair: clean Thai passes through unchanged; repairing twice
is repairing once; the damage named in the issues is repaired."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words

from thaidoc.thai.repair import repair_thai_line

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
    ],
)
def test_named_damage_is_repaired(damaged: str, repaired: str) -> None:
    assert repair_thai_line(damaged) == repaired
