"""``find_results``: the figures of a performance report that are results, on sentences
of the FY2564 DGA report (``../shared/seeds/002_…``, extraction damage kept), and the
numbers that must never be results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaidoc.nlp import SENTENCE_REACH, clause_around, find_results

# Sentences as the seed prints them (line breaks of the PDF kept).
OSS_DOWNLOADS = (
    "ต้น และมีผู้ดาวน์โหลดแอปพลิเคชันไปใช้งานแล้ว 81,768 ครั้ง ซึ่งคิดเป็นปริมาณธุรกรรมที่ดำเนินการผ่าน"
    "ระบบ 484,811 ครั้งจากผู้ใช้บริการ 37,149 ราย"
)
OSS_SERVICES = (
    "D.DOPA ปัจจุบ ันมีบริการใหม่บนแอปพลิเคชันทางรัฐสะสมแล้วกว่า 45 บริการ โดยเป็นบริการใน\n"
    "ปีงบประมาณ พ.ศ. 2564 จำนวน 31 บริการจาก 17 หน่วยงาน อาทิเช่น บริการของบริษัทข้อมูลเครดิต"
)
GDX = (
    "แบบ System-to-System ในปีงบประมาณ พ.ศ. 2564 มีหน่วยงานภาครัฐใช้บริการ GDX Platform บน\n"
    "เว็บไซต์ gdx.dga.or.th ของสำนักงานฯ แล้วเป็นจำนวน 169 หน่วยงาน เพื่อเชื่อมโยงข้อมูลทะเบียนราษฎร์\n"
    "ของกรมการปกครอง ข้อมูลนิติบุคคลของกรมพัฒนาธุรกิจการค้า ข้อมูลทะเบียนภาษีมูลค่าเพ่ิม (ภ.พ.20) ของ\n"
    "กรมสรรพากร และข้อมูลสหกรณ์ของกรมส่งเสริมสหกรณ์ และมีการเรียกใช้งานรวมถึง 63.3 ล้านครั้ง ปัจจุบัน"
)
OPENING = (
    "ใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. 2564 ซึ่งผ่านความเห็นชอบจากคณะกรรมการในการประชุม\n"
    "ครั้งที่ 10/256 เมื่อวันที่ 14 ตุลาคม 2564 นั้น โดย สพร. ได้ดำเนินงานตามแผนงานดังกล่าว และขอสรุปผล\n"
    "การดำเนินงานตามแผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. 2564 ไตรมาสที่ 4 ซึ่งมีความสำเร็จตามแผนฯ\n"
    "เท่ากับร้อยละ 92 โดยมีรายละเอียดการดำเนินงาน"
)


def values(text: str) -> list[tuple[Decimal, str]]:
    return [(m.value, m.unit) for m in find_results(text)]


def test_downloads_transactions_and_users() -> None:
    assert values(OSS_DOWNLOADS) == [
        (Decimal(81768), "ครั้ง"),
        (Decimal(484811), "ครั้ง"),
        (Decimal(37149), "ราย"),
    ]


def test_services_and_agencies_but_not_the_fiscal_year() -> None:
    assert values(OSS_SERVICES) == [
        (Decimal(45), "บริการ"),
        (Decimal(31), "บริการ"),
        (Decimal(17), "หน่วยงาน"),
    ]


def test_gdx_agencies_and_calls_in_millions() -> None:
    assert values(GDX) == [(Decimal(169), "หน่วยงาน"), (Decimal(63_300_000), "ครั้ง")]


def test_opening_gives_only_the_success_rate() -> None:
    assert values(OPENING) == [(Decimal(92), "%")]


def test_money_results_are_integer_baht() -> None:
    assert values("ประหยัดงบประมาณได้ 4.5 ล้านบาท") == [(Decimal(4_500_000), "บาท")]


@pytest.mark.parametrize(
    "text",
    [
        "ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562",
        "ในการประชุมครั้งที่ 1/2564",
        "ตามประกาศฉบับที่ 13",
        "ติดต่อ 02-612-6000",
        "(1) โครงการศูนย์กลางข้อมูล 2) ขยายผล",
        "(12) โครงการศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX)",
        "เมื่อวันที่ 14 ตุลาคม 2564",
        "ตามมาตรา 48 วรรคหนึ่ง",
        "",
    ],
)
def test_years_references_markers_phones_and_dates_are_not_results(text: str) -> None:
    assert find_results(text) == []


def test_mention_points_at_the_figure_as_printed() -> None:
    (m,) = find_results("ใช้บริการ ๑๖๙ หน่วยงาน แล้ว")
    assert m.text == "๑๖๙ หน่วยงาน"
    assert "ใช้บริการ ๑๖๙ หน่วยงาน แล้ว"[m.start : m.end] == m.text
    assert m.label == "QUANTITY"


def test_sentence_is_the_clause_around_the_figure_cut_at_spaces() -> None:
    text = "ก " * 100 + "มีผู้ใช้ 45 บริการ ต่อเนื่อง" + " ข" * 100
    (mention,) = find_results(text)
    assert "มีผู้ใช้ 45 บริการ ต่อเนื่อง" in mention.sentence
    assert len(mention.sentence) <= 4 * SENTENCE_REACH + len("45 บริการ")
    assert mention.sentence.count("ก") < 100 and mention.sentence.count("ข") < 100
    assert not mention.sentence.startswith(" ") and not mention.sentence.endswith(" ")


def test_sentence_stays_in_its_paragraph_and_reads_line_breaks_as_spaces() -> None:
    text = "ย่อหน้าก่อน\n\nมีผู้ใช้\n45 บริการ ต่อเนื่อง\n\nย่อหน้าถัดไป"
    (mention,) = find_results(text)
    assert mention.sentence == "มีผู้ใช้ 45 บริการ ต่อเนื่อง"


def test_clause_without_spaces_is_capped() -> None:
    text = "ก" * 500 + "45 บริการ" + "ข" * 500
    clause = clause_around(text, 500, 509)
    assert "45 บริการ" in clause
    assert len(clause) <= 2 * SENTENCE_REACH + 9  # no space to widen to: exactly the reach


@settings(deadline=None)
@given(st.text(max_size=80))
def test_find_results_never_raises(text: str) -> None:
    for m in find_results(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
