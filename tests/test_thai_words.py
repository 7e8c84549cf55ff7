"""thaidoc's direct newmm calls give exactly pythainlp's ``word_tokenize`` tokens, and its
``thai_normalize`` exactly pythainlp's ``normalize``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize

from thaidoc.thai.words import newmm_segments, newmm_words, thai_normalize

LINES = [
    "",
    "   ",
    "งบประมาณรายจ่ายประจำปี 2567 จำนวน 1,234.50 ล้านบาท",
    "ตัวชี้วัด  ค่าเป้าหมาย ร้อยละ 80 เวลา 19:32 น.",
    "Government Data, GDX, OSS และ DGA Applications เป็นต้น",
    "ยทุ ธศาสตรช์ าติ ท(cid:201)ี ๑๒๓ 127.0.0.1",
]


@pytest.mark.parametrize("text", LINES)
def test_newmm_words_equal_word_tokenize_without_whitespace(text: str) -> None:
    assert list(newmm_words(text)) == word_tokenize(text, engine="newmm", keep_whitespace=False)


@pytest.mark.parametrize("text", LINES)
def test_newmm_segments_equal_word_tokenize(text: str) -> None:
    assert list(newmm_segments(text)) == word_tokenize(text, engine="newmm")


@given(st.text(alphabet=st.sampled_from("กขคงจดตนบปมยรลวสหอะาำิีึืุูเแโใไ่้๊๋็์ 0123456789,.:-/"), max_size=40))
def test_newmm_words_equal_word_tokenize_on_any_thai(text: str) -> None:
    assert list(newmm_words(text)) == word_tokenize(text, engine="newmm", keep_whitespace=False)
    assert list(newmm_segments(text)) == word_tokenize(text, engine="newmm")


# Repeated vowels and signs (with and without spaces between), tone marks before vowels,
# doubled sara e, nikhahit + sara aa, dangling marks, zero-width and repeated spaces.
NORMALIZE_CASES = [
    *LINES,
    "นานาาา ดีีีี เเปลก ก่ำ ก้ี",
    "ก ุ่ม พ ุ่ม ภาพ ุ่ ่ก คำ ่ที่สอง",
    "สํา ดํ่า ก่่่า ก่้า กิ ิ ก\u200bข\u200cค",
    "  ไๆ  \n\n ฤๅ ลๅ ก  ข ",
]


@pytest.mark.parametrize("text", NORMALIZE_CASES)
def test_thai_normalize_equals_pythainlp_normalize(text: str) -> None:
    assert thai_normalize(text) == normalize(text)


@given(st.text(alphabet=st.sampled_from("กขคงรฤฦอะาำิีึืฺุูเแโใไๅ่้๊๋็์ํ๎ \n\u200b1"), max_size=30))
def test_thai_normalize_equals_pythainlp_normalize_on_any_thai(text: str) -> None:
    assert thai_normalize(text) == normalize(text)
