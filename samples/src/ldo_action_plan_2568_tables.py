"""Tables of a fictional agency's FY2568 plan: one project per row grouped by strategy
rows, KPIs scored on levels 1–5, and indicators with a target per year."""

from __future__ import annotations

from typing import Any

PROJECT_HEADING = [
    "ลำดับ",
    "โครงการ/กิจกรรม",
    "งบประมาณ (บาท)",
    "ตัวชี้วัด",
    "ค่าเป้าหมาย",
    "หน่วยงานรับผิดชอบ",
]

# (no, name, budget cell, indicator, target, owner)
STRATEGY_1 = [
    (
        "๑",
        "โครงการคลังข้อมูลเปิดระดับตำบล (Tambon Open Data) ระยะที่ ๒ เพื่อขยายการนำเข้าชุดข้อมูลจากองค์กรปกครองส่วนท้องถิ่นทุกภูมิภาค",
        "๑,๕๐๐,๐๐๐",
        "จำนวนชุดข้อมูลเปิดระดับตำบล",
        "สะสม ๘๐๐ ชุดข้อมูล",
        "ฝ่ายคลังข้อมูล",
    ),
    (
        "๒",
        "โครงการแผนที่บริการสาธารณะชุมชน (Community Service Map) และระบบค้นหาบริการสำหรับประชาชนผ่านอุปกรณ์เคลื่อนที่",
        "2,750,000",
        "จำนวนการค้นหาบริการ",
        "๔ ล้านครั้ง",
        "ฝ่ายบริการดิจิทัล",
    ),
    (
        "๓",
        "โครงการมาตรฐานข้อมูลท้องถิ่น (Local Data Standard) จัดทำคำอธิบายชุดข้อมูลและแนวปฏิบัติการเผยแพร่ข้อมูลสำหรับท้องถิ่น",
        "จะมีการจัดสรรต่อไป",
        "จำนวนมาตรฐานข้อมูลที่ประกาศใช้",
        "อย่างน้อย ๓ ฉบับ",
        "ฝ่ายมาตรฐาน",
    ),
    (
        "๔",
        "โครงการบริการข้อมูลสถิติจังหวัดแบบเปิด (Open Provincial Statistics) เชื่อมโยงข้อมูลสถิติจากหน่วยงานส่วนภูมิภาค",
        "๘๙๐,๐๐๐",
        "จำนวนจังหวัดที่เชื่อมโยงข้อมูล",
        "๒๐ จังหวัด",
        "ฝ่ายคลังข้อมูล",
    ),
]
STRATEGY_2 = [
    (
        "๕",
        "โครงการอบรมนักข้อมูลชุมชน (Community Data Fellows) หลักสูตรการใช้ข้อมูลเพื่อการพัฒนาท้องถิ่นสำหรับบุคลากรและอาสาสมัคร",
        "๑.๒ ล้านบาท",
        "จำนวนผู้ผ่านการอบรม",
        "ไม่น้อยกว่า ๒,๐๐๐ คน",
        "ฝ่ายพัฒนาเครือข่าย",
    ),
    (
        "๖",
        "โครงการค่ายข้อมูลเยาวชน (Youth Data Camp) ร่วมกับสถานศึกษาในพื้นที่เพื่อสร้างนักข้อมูลรุ่นใหม่",
        "ไม่ได้รับจัดสรร",
        "จำนวนโรงเรียนที่เข้าร่วม",
        "๓๐ โรงเรียน",
        "ฝ่ายพัฒนาเครือข่าย",
    ),
    (
        "๗",
        "โครงการเวทีเครือข่ายข้อมูลท้องถิ่น (Local Data Forum) แลกเปลี่ยนความรู้และแนวปฏิบัติที่ดีระหว่างหน่วยงาน",
        "-",
        "จำนวนหน่วยงานที่เข้าร่วมเครือข่าย",
        "อย่างน้อย ๕๐ หน่วยงาน",
        "ฝ่ายพัฒนาเครือข่าย",
    ),
    (
        "๘",
        "โครงการพัฒนาศักยภาพบุคลากรภายในด้านวิทยาการข้อมูล (Data Science Upskilling) เพื่อรองรับการวิเคราะห์ข้อมูลขั้นสูง",
        "๓๕๐ พันบาท",
        "ร้อยละของบุคลากรที่ผ่านการประเมินสมรรถนะ",
        "ร้อยละ ๘๐",
        "ฝ่ายบริหารทรัพยากรบุคคล",
    ),
]
TOTAL_BAHT = "๖,๖๙๐,๐๐๐"  # 1,500,000 + 2,750,000 + 890,000 + 1,200,000 + 350,000


def projects_table(
    strategy_2: list[tuple[str, ...]] = STRATEGY_2, total: str = TOTAL_BAHT
) -> dict[str, Any]:
    def full(text: str) -> list[Any]:
        return [{"text": text, "bold": True, "colspan": 6}, None, None, None, None, None]

    rows: list[list[Any]] = [
        [{"text": h, "bold": True, "align": "center"} for h in PROJECT_HEADING]
    ]
    rows.append(full("ยุทธศาสตร์ที่ ๑ ยกระดับข้อมูลท้องถิ่นให้เปิดและใช้ประโยชน์ได้"))
    rows += [list(p) for p in STRATEGY_1]
    rows.append(full("ยุทธศาสตร์ที่ ๒ พัฒนาคนและเครือข่ายข้อมูลชุมชน"))
    rows += [list(p) for p in strategy_2]
    rows.append(["", {"text": "รวมทั้งสิ้น", "bold": True}, {"text": total, "bold": True}, "", "", ""])
    return {
        "col_widths_cm": [1.3, 4.8, 2.8, 3.0, 2.4, 2.2],
        "header_rows": 1,
        "font_pt": 14,
        "rows": rows,
    }


def kpi_levels_table(weights: tuple[str, ...] = ("๓๐", "๓๐", "๒๐", "๒๐")) -> dict[str, Any]:
    levels = ["๑", "๒", "๓", "๔", "๕"]
    kpis = [
        (
            "๑.๑ ร้อยละของตำบลที่มีชุดข้อมูลเปิดอย่างน้อย ๑ ชุด",
            ["ร้อยละ ๔๐", "ร้อยละ ๕๐", "ร้อยละ ๖๐", "ร้อยละ ๗๐", "ร้อยละ ๘๐"],
        ),
        (
            "๑.๒ จำนวนการใช้บริการคลังข้อมูล",
            ["๑ ล้านครั้ง", "๒ ล้านครั้ง", "๓ ล้านครั้ง", "๔ ล้านครั้ง", "๕ ล้านครั้ง"],
        ),
        ("๒.๑ ความพึงพอใจของผู้รับบริการ", ["ร้อยละ ๗๐", "ร้อยละ ๗๕", "ร้อยละ ๘๐", "ร้อยละ ๘๕", "ร้อยละ ๙๐"]),
        (
            "๒.๒ ระดับความสำเร็จของการพัฒนาเครือข่ายข้อมูลชุมชน",
            [
                "มีแผนพัฒนาเครือข่าย",
                "จัดตั้งเครือข่าย ๑๐ แห่ง",
                "จัดตั้งเครือข่าย ๒๐ แห่ง",
                "จัดตั้งเครือข่าย ๓๐ แห่ง",
                "จัดตั้งเครือข่าย ๔๐ แห่ง",
            ],
        ),
    ]
    rows: list[list[Any]] = [
        [
            {"text": "ตัวชี้วัด", "bold": True, "rowspan": 2},
            {"text": "น้ำหนัก (ร้อยละ)", "bold": True, "rowspan": 2},
            {"text": "เกณฑ์การให้คะแนน (ระดับ)", "bold": True, "colspan": 5, "align": "center"},
            None,
            None,
            None,
            None,
        ],
        [None, None] + [{"text": lv, "bold": True, "align": "center"} for lv in levels],
    ]
    rows += [
        [name, weight, *targets] for (name, targets), weight in zip(kpis, weights, strict=True)
    ]
    return {
        "col_widths_cm": [4.6, 1.8, 2.0, 2.0, 2.0, 2.0, 2.1],
        "header_rows": 2,
        "font_pt": 14,
        "rows": rows,
    }


def year_targets_table() -> dict[str, Any]:
    years = ["ปี ๒๕๖๘", "ปี ๒๕๖๙", "ปี ๒๕๗๐", "ปี ๒๕๗๑", "ปี ๒๕๗๒"]
    indicators = [
        ("จำนวนชุดข้อมูลเปิดระดับตำบลสะสม", "ชุดข้อมูล", ["๘๐๐", "๑,๒๐๐", "๑,๖๐๐", "๒,๐๐๐", "๒,๕๐๐"]),
        ("ร้อยละขององค์กรปกครองส่วนท้องถิ่นที่ใช้มาตรฐานข้อมูล", "ร้อยละ", ["๒๐", "๓๕", "๕๐", "๖๕", "๘๐"]),
        ("จำนวนนักข้อมูลชุมชนที่ผ่านการอบรมสะสม", "คน", ["๒,๐๐๐", "๔,๕๐๐", "๗,๐๐๐", "๙,๕๐๐", "๑๒,๐๐๐"]),
    ]
    rows: list[list[Any]] = [
        [
            {"text": "ตัวชี้วัด", "bold": True, "rowspan": 2},
            {"text": "หน่วยนับ", "bold": True, "rowspan": 2},
            {"text": "ค่าเป้าหมาย", "bold": True, "colspan": 5, "align": "center"},
            None,
            None,
            None,
            None,
        ],
        [None, None] + [{"text": y, "bold": True, "align": "center"} for y in years],
    ]
    rows += [[name, unit, *values] for name, unit, values in indicators]
    return {
        "col_widths_cm": [5.0, 1.8, 1.9, 1.9, 1.9, 1.9, 2.1],
        "header_rows": 2,
        "font_pt": 14,
        "rows": rows,
    }


TABLES = {
    "projects": projects_table(),
    "kpi_levels": kpi_levels_table(),
    "year_targets": year_targets_table(),
}
