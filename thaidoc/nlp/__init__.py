"""A spaCy pipeline for Thai narrative (performance reports): ``spacy.blank("th")``
(pythainlp's newmm tokenizer) plus the ``thaidoc_entities`` component.

Labels in ``doc.ents``: QUANTITY (number + counting unit, multipliers applied: '63.3
ล้านครั้ง' → 63,300,000 ครั้ง), MONEY (integer baht), PERCENT, DATE (Buddhist-era dates,
month abbreviations, years) and ORG (gazetteer + leading words such as กระทรวง…, กรม…).
Numbers that are not results — meeting, law and list numbers ('ครั้งที่ 1/2564',
'มาตรา 48', '(1)') and phone numbers — are claimed by REFERENCE and PHONE spans, kept in
``doc.spans["thaidoc_references"]`` so they never become QUANTITY.

The rules are data: ``patterns/entities.jsonl`` (one rule a line, by ``kind``) and the
gazetteer ``patterns/orgs.txt``; units, multipliers and month names come from the
lexicons of ``thaidoc.thai``. newmm splits numbers and units unpredictably ('81,768',
'ครั้งจาก'), so rules match with regular expressions over ``doc.text`` and become spans
with ``doc.char_span(..., alignment_mode="expand")``.

Spans carry ``._.value`` (Decimal) and ``._.unit`` (QUANTITY, MONEY, PERCENT) and
``._.date`` (a ``datetime.date`` for a DATE that names a day; None for a month or year);
``._.char_range`` is the exact (start, end) the rule matched, which the token-aligned
span may widen ('(25 คน' when newmm glues the bracket to the number).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from thaidoc.thai.dates import find_thai_dates, month_pattern
from thaidoc.thai.numbers import (
    alternation,
    counting_units,
    find_quantities,
    to_arabic_digits,
    units_lexicon,
)

RESULT_LABELS = ("QUANTITY", "PERCENT", "MONEY")
REFERENCE_LABELS = ("REFERENCE", "PHONE")
# Overlapping spans: the earlier label wins, then the longer span.
LABEL_PRIORITY = ("DATE", "REFERENCE", "PHONE", "MONEY", "PERCENT", "QUANTITY", "ORG")
REFERENCES_KEY = "thaidoc_references"
SENTENCE_REACH = 80  # characters of context either side of a result, cut at spaces

for _name in ("value", "unit", "date", "char_range"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@dataclass(frozen=True)
class Found:
    """A rule's match before it becomes a span."""

    label: str
    start: int
    end: int
    value: Decimal | None = None
    unit: str = ""
    day: date | None = None


def _read(name: str) -> str:
    return resources.files("thaidoc.nlp").joinpath(f"patterns/{name}").read_text("utf-8")


@lru_cache(maxsize=1)
def entity_rules() -> tuple[dict[str, Any], ...]:
    """The rules of ``patterns/entities.jsonl``."""
    return tuple(json.loads(ln) for ln in _read("entities.jsonl").splitlines() if ln.strip())


@lru_cache(maxsize=32)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{MONTH}", f"(?:{month_pattern()})"))


@lru_cache(maxsize=4)
def _gazetteer(name: str) -> re.Pattern[str]:
    names = [ln.strip() for ln in _read(name).splitlines() if ln.strip() and ln[0] != "#"]
    return re.compile(alternation(names))


def _quantities(text: str) -> Iterator[Found]:
    lex = units_lexicon()
    listed = set(counting_units())
    for m in find_quantities(text):
        q = m.quantity
        if q.unit == lex["percent_unit"]:
            label = "PERCENT"
        elif q.unit == lex["currency"]:
            label = "MONEY"
        elif q.unit in listed and m.known_unit:
            label = "QUANTITY"
        else:
            continue  # a level ('ระดับ 5') or an unlisted word is no result
        yield Found(label, m.core_start, m.end, q.value, q.unit)


def _org_prefix(doc: Doc, text: str, rule: dict[str, Any]) -> Iterator[Found]:
    """A leading word ('กรม') and the name after it, up to a space or a stop word, read
    over newmm's tokens so a name stops where a word such as 'และ' starts."""
    stop = set(rule["stop_words"])
    excluded = tuple(rule["not"])
    suffix = re.compile(rule.get("suffix", "(?!)"))
    for m in re.finditer(rf"(?:{alternation(rule['words'])})[ก-๙]*", text):
        if text.startswith(excluded, m.start()):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span.start_char != m.start():
            continue  # the leading word is inside another word ('โปรแกรม')
        end = m.start()
        for token in span:
            if token.idx > m.start() and (token.text in stop or token.is_space):
                break
            end = min(token.idx + len(token.text), m.end())
        name = text[m.start() : end]
        leading = max((w for w in rule["words"] if name.startswith(w)), key=len, default=None)
        if leading is None:
            continue  # newmm's words cut the leading word: it is not a word of its own here
        if len(name) <= len(leading) + 1:
            continue  # a leading word with no name after it
        if s := suffix.match(text, end):
            end = s.end()
        yield Found(rule["label"], m.start(), end)


def _found(doc: Doc) -> Iterator[Found]:
    text = to_arabic_digits(doc.text)  # same length: offsets line up with doc.text
    for rule in entity_rules():
        kind = rule["kind"]
        if kind == "quantities":
            yield from _quantities(text)
        elif kind == "thai_dates":
            for day, start, end in find_thai_dates(text):
                yield Found(rule["label"], start, end, day=day)
        elif kind == "regex":
            for m in _regex(rule["pattern"]).finditer(text):
                yield Found(rule["label"], m.start(), m.end())
        elif kind == "gazetteer":
            for m in _gazetteer(rule["file"]).finditer(text):
                yield Found(rule["label"], m.start(), m.end())
        elif kind == "org_prefix":
            yield from _org_prefix(doc, text, rule)
        else:
            raise ValueError(f"unknown rule kind {kind!r} in entities.jsonl")


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Greedy by label priority, then length: a year or a reference claims its digits
    before a quantity can."""
    ranked = sorted(found, key=lambda f: (LABEL_PRIORITY.index(f.label), f.start - f.end))
    kept: list[Found] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


class ThaiEntities:
    """The ``thaidoc_entities`` component: sets ``doc.ents`` and the reference spans."""

    def __call__(self, doc: Doc) -> Doc:
        ents: list[Span] = []
        references: list[Span] = []
        taken: set[int] = set()
        for f in _without_overlaps(list(_found(doc))):
            span = doc.char_span(f.start, f.end, label=f.label, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                continue  # two matches inside one newmm token: keep the first
            taken.update(range(span.start, span.end))
            span._.value, span._.unit, span._.date = f.value, f.unit or None, f.day
            span._.char_range = (f.start, f.end)
            (references if f.label in REFERENCE_LABELS else ents).append(span)
        doc.ents = ents
        doc.spans[REFERENCES_KEY] = references
        return doc


@Language.factory("thaidoc_entities")
def make_entity_component(nlp: Language, name: str) -> ThaiEntities:
    return ThaiEntities()


@lru_cache(maxsize=1)
def make_thai_nlp() -> Language:
    """Blank Thai (pythainlp's newmm tokenizer) plus the entity rules; built once."""
    nlp = spacy.blank("th")
    nlp.add_pipe("thaidoc_entities")
    return nlp


@dataclass(frozen=True)
class ResultMention:
    """A figure reported as a result, with the clause it was said in."""

    value: Decimal
    unit: str
    start: int
    end: int
    sentence: str
    text: str = ""  # the mention as printed
    label: str = ""  # QUANTITY | PERCENT | MONEY


def clause_around(text: str, start: int, end: int, reach: int = SENTENCE_REACH) -> str:
    """The clause a figure was said in. Thai has no full stop, and a reliable clause
    splitter would need a parser, so: stay inside the paragraph (a blank line ends it)
    and take about ``reach`` characters either side of the figure, widened to the
    nearest space (Thai writes a space between phrases), never more than twice
    ``reach``. Line breaks inside the paragraph read as spaces."""
    para_start = text.rfind("\n\n", 0, start) + 2 if "\n\n" in text[:start] else 0
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end == -1 else para_end
    lo_limit = max(para_start, start - reach)
    hi_limit = min(para_end, end + reach)
    lo = text.rfind(" ", max(para_start, start - 2 * reach), lo_limit) + 1
    lo = lo if lo > 0 else lo_limit
    hi = text.find(" ", hi_limit, min(para_end, end + 2 * reach))
    hi = hi if hi != -1 else hi_limit
    return re.sub(r"\s+", " ", text[lo:hi]).strip()


def find_results(text: str) -> list[ResultMention]:
    """Figures that report a result — quantities, percentages and money — in order;
    never years, dates, list markers, project, meeting or law numbers, or phone numbers."""
    if not text.strip():
        return []
    doc = make_thai_nlp()(text)
    return [
        ResultMention(
            ent._.value,
            ent._.unit,
            start,
            end,
            clause_around(text, start, end),
            text[start:end],
            ent.label_,
        )
        for ent in doc.ents
        for start, end in [ent._.char_range]
        if ent.label_ in RESULT_LABELS and ent._.value is not None
    ]
