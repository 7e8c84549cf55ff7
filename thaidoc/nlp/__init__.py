"""A spaCy pipeline for Thai narrative: ``spacy.blank("th")`` + the ``thaidoc_entities``
component, whose rules live in ``patterns/`` (data, not code).

Labels: QUANTITY (number + counting unit, multipliers applied: '63.3 ล้านครั้ง' →
63,300,000 ครั้ง), MONEY, PERCENT, DATE (Buddhist-era years and month abbreviations),
ORG (a gazetteer plus leading words such as กระทรวง…, กรม…, สำนักงาน…), and two labels
whose job is to claim numbers that are not results: REFERENCE ('ครั้งที่ 1/2564',
'มาตรา 48') and PHONE. Spans carry ``._.value`` (Decimal) and ``._.unit``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from thaidoc.thai.dates import MONTHS
from thaidoc.thai.numbers import MULTIPLIERS, counting_units, to_arabic_digits

RESULT_LABELS = ("QUANTITY", "PERCENT", "MONEY")
# Rules that claim a span first win over later ones when spans overlap in length ties.
LABEL_PRIORITY = ("DATE", "REFERENCE", "PHONE", "MONEY", "PERCENT", "QUANTITY", "ORG")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MONEY_FACTORS = {"ล้านบาท": 1_000_000, "ลบ.": 1_000_000, "พันบาท": 1_000, "บาท": 1}
SENTENCE_REACH = 80  # characters of context either side of a result, cut at spaces

for name in ("value", "unit"):
    if not Span.has_extension(name):
        Span.set_extension(name, default=None)


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _read(name: str) -> str:
    return resources.files("thaidoc.nlp").joinpath(f"patterns/{name}").read_text("utf-8")


@lru_cache(maxsize=1)
def entity_rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The rules of ``patterns/entities.jsonl`` with their placeholders filled in."""
    fill = {
        "{NUMBER}": f"(?:{_NUMBER})",
        "{NUMBER_INT}": r"\d{1,2}",
        "{MONTH}": f"(?:{_alternation(tuple(MONTHS))})",
        "{MULTIPLIER}": _alternation(tuple(MULTIPLIERS)),
        "{UNIT}": _alternation(counting_units()),
    }
    rules = []
    for line in _read("entities.jsonl").splitlines():
        if not line.strip():
            continue
        rule = json.loads(line)
        pattern = rule["pattern"]
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        rules.append((rule["label"], re.compile(pattern)))
    gazetteer = [ln.strip() for ln in _read("orgs.txt").splitlines() if ln.strip() and ln[0] != "#"]
    rules.append(("ORG", re.compile(_alternation(gazetteer))))
    return tuple(rules)


def _value_and_unit(label: str, text: str) -> tuple[Decimal | None, str]:
    number = re.search(_NUMBER, text)
    if number is None:
        return None, ""
    value = Decimal(number.group(0).replace(",", ""))
    rest = text[number.end() :].strip()
    if label == "PERCENT":
        return value, "%"
    if label == "MONEY":
        unit = next(u for u in MONEY_FACTORS if rest.replace(" ", "").endswith(u))
        return value * MONEY_FACTORS[unit], "บาท"
    for word, factor in MULTIPLIERS.items():
        if rest.startswith(word):
            value, rest = value * factor, rest[len(word) :].strip()
    return value, rest


@Language.factory("thaidoc_entities")
def make_entity_component(nlp: Language, name: str) -> Any:
    def set_entities(doc: Doc) -> Doc:
        text = to_arabic_digits(doc.text)  # same length: spans line up with doc.text
        found: list[Span] = []
        for label, pattern in entity_rules():
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None:
                    found.append(span)
        found.sort(key=lambda s: LABEL_PRIORITY.index(s.label_))
        ents = filter_spans(found)  # longest first; ties keep the earlier (priority) span
        for span in ents:
            if span.label_ in RESULT_LABELS:
                span._.value, span._.unit = _value_and_unit(
                    span.label_, to_arabic_digits(span.text)
                )
        doc.ents = ents
        return doc

    return set_entities


@lru_cache(maxsize=1)
def make_thai_nlp() -> Language:
    """Blank Thai (pythainlp's newmm tokenizer) plus the entity rules; built once."""
    nlp = spacy.blank("th")
    nlp.add_pipe("thaidoc_entities")
    return nlp


@dataclass(frozen=True)
class ResultMention:
    value: Decimal
    unit: str
    start: int
    end: int
    sentence: str


def clause_around(text: str, start: int, end: int, reach: int = SENTENCE_REACH) -> str:
    """The text around a figure: Thai has no full stop, so take up to ``reach`` characters
    either side of it, cut at the nearest space (a Thai phrase boundary)."""
    lo = text.rfind(" ", 0, max(0, start - reach)) + 1
    hi = text.find(" ", min(len(text), end + reach))
    return text[lo : hi if hi != -1 else len(text)].strip()


def find_results(text: str) -> list[ResultMention]:
    """Figures that report a result: quantities, percentages and money; never years,
    dates, list markers, meeting or law numbers, or phone numbers."""
    doc = make_thai_nlp()(text)
    return [
        ResultMention(
            ent._.value,
            ent._.unit,
            ent.start_char,
            ent.end_char,
            clause_around(text, ent.start_char, ent.end_char),
        )
        for ent in doc.ents
        if ent.label_ in RESULT_LABELS and ent._.value is not None
    ]
