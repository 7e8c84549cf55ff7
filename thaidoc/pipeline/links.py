"""The same project in different documents: links with their evidence, and a shared key.

Projects are compared by their names only, never by the document they are in: the
English name or acronym printed in parentheses ('(GDX)', '(DGA Data Center (DG Cloud))';
a name printed wholly in English counts as one), and the Thai words of the name without
'โครงการ' and the parentheses (pythainlp's newmm tokens, each weighted by how rare it is
among all the project names, so that 'พัฒนา' or 'ภาครัฐ' count for little). Projects of
the same strategy number get a small bonus. Two documents of different agencies are never
compared.

Candidate pairs are accepted best score first, and only while the group each link builds
holds at most one project of any document: a project is never linked to two projects of
one document, nor joined to another project of its own document through a third. Every
group gets a ``project_key`` named after its earliest member (by fiscal year): the slug
of its English name ('gdx', 'law-portal') or a hash of its Thai words.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from itertools import chain

from thaidoc.schemas import Model, Project
from thaidoc.thai.words import newmm_words

LINK_THRESHOLD = 0.7  # a candidate pair scoring lower is not a link
ENGLISH_SIMILARITY = 0.85  # spelling variants of one English name ('DG Links' ~ 'DG-Link')
SHORT_ENGLISH = 5  # shorter English names (acronyms) must be equal, letter for letter
STRATEGY_BONUS = 0.05  # same strategy number, added to a Thai-words score

PROJECT_WORD = "โครงการ"
THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
SPLIT_ENGLISH = re.compile(r"\s*[:,/;]\s*")


class LinkedProject(Project):
    """A row of the merged ``projects`` table: the project and the key of its group."""

    project_key: str


class ProjectLink(Model):
    """A row of ``project_links``: two projects of different documents judged the same."""

    doc_id_a: str
    project_no_a: int
    doc_id_b: str
    project_no_b: int
    score: float
    evidence: str  # which English names or Thai words matched


# What a pair's score depends on: English name forms, Thai words, strategy number.
ScoredAs = tuple[frozenset[str], frozenset[str], int | None]


@dataclass(frozen=True)
class ProjectName:
    """What linking needs to know of one project."""

    doc_id: str
    project_no: int
    name: str
    fiscal_year: int | None = None
    agency: str = ""
    strategy_no: int | None = None

    @property
    def ref(self) -> tuple[str, int]:
        return (self.doc_id, self.project_no)

    @cached_property
    def english(self) -> list[str]:
        return english_names(self.name)

    @cached_property
    def english_forms(self) -> frozenset[str]:
        return frozenset(form for text in self.english for form in english_forms(text))

    @cached_property
    def words(self) -> frozenset[str]:
        return thai_words(self.name)

    @cached_property
    def scored_as(self) -> ScoredAs:
        """All that a pair's score and evidence depend on (``link_score``)."""
        return (self.english_forms, self.words, self.strategy_no)


def parenthesised(text: str) -> list[str]:
    """The texts inside the outermost parentheses of ``text``, nested ones kept inside."""
    found, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = i + 1
            depth += 1
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                found.append(text[start:i].strip())
    return found


def without_parentheses(text: str) -> str:
    outer = parenthesised(text)
    for inner in outer:
        text = text.replace(f"({inner})", " ")
    return text


def english_names(name: str) -> list[str]:
    """The English names printed in parentheses, or the whole name when it has no Thai."""
    if not THAI_LETTER.search(name):
        return [name.strip()] if LATIN_LETTER.search(name) else []
    return [
        text
        for text in parenthesised(name)
        if LATIN_LETTER.search(text) and not THAI_LETTER.search(text)
    ]


def normalise_english(text: str) -> str:
    """'DG-Link' -> 'dglink': letters and digits only, case folded."""
    return NOT_ALPHANUMERIC.sub("", text.casefold())


def english_forms(text: str) -> set[str]:
    """Every way ``text`` may be referred to: 'GSI (DG Links)' -> gsidglinks, gsi, dglinks."""
    parts = [text, without_parentheses(text), *parenthesised(text)]
    parts += [piece for part in list(parts) for piece in SPLIT_ENGLISH.split(part)]
    return {form for form in map(normalise_english, parts) if len(form) >= 2}


def thai_words(name: str) -> frozenset[str]:
    """The Thai words of a project name, without 'โครงการ' and the parenthesised names."""
    text = without_parentheses(name).replace(PROJECT_WORD, " ")
    tokens = newmm_words(text)
    return frozenset(token for token in tokens if THAI_LETTER.search(token))


def slug(text: str) -> str:
    """'DGA Data Center (DG Cloud)' -> 'dga-data-center-dg-cloud'."""
    return NOT_ALPHANUMERIC.sub("-", text.casefold()).strip("-")


def english_match(a: ProjectName, b: ProjectName) -> tuple[float, str]:
    """The best agreement of two projects' English names: (similarity, evidence)."""
    return _english_forms_match(a.english_forms, b.english_forms)


@lru_cache(maxsize=65536)
def _english_forms_match(forms_a: frozenset[str], forms_b: frozenset[str]) -> tuple[float, str]:
    """``english_match`` of two sets of English forms (the same pairs recur across years)."""
    best = (0.0, "")
    for form_a in sorted(forms_a):
        for form_b in sorted(forms_b):
            if form_a == form_b:
                return (1.0, f"English name {form_a!r}")
            shorter, longer = sorted((len(form_a), len(form_b)))
            if shorter < SHORT_ENGLISH or 2 * shorter / (shorter + longer) < ENGLISH_SIMILARITY:
                continue  # too short, or lengths too far apart for the ratio to reach it
            matcher = SequenceMatcher(None, form_a, form_b)
            if matcher.quick_ratio() < ENGLISH_SIMILARITY:
                continue  # an upper bound of ratio(), much cheaper
            similarity = matcher.ratio()
            if similarity >= ENGLISH_SIMILARITY and similarity > best[0]:
                best = (similarity, f"English names {form_a!r} ~ {form_b!r}")
    return best


def word_weights(projects: Iterable[ProjectName]) -> dict[str, float]:
    """Inverse document frequency of each Thai word among the project names."""
    names = [project.words for project in projects]
    counts = Counter(word for words in names for word in words)
    return {word: math.log(1 + len(names) / count) for word, count in counts.items()}


class WordsMatch:
    """Weighted Dice agreement of two projects' Thai words, each word weighted by how rare
    it is among ``projects``: (score, evidence). A project is printed again in every
    year's plan, so the same two names meet many times: each pair is scored once."""

    def __init__(self, projects: Iterable[ProjectName]) -> None:
        self.weights = word_weights(projects)
        self._scores: dict[tuple[frozenset[str], frozenset[str]], tuple[float, str]] = {}

    def __call__(self, a: ProjectName, b: ProjectName) -> tuple[float, str]:
        if a.words.isdisjoint(b.words):
            return (0.0, "")
        key = (a.words, b.words)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = self._dice(a.words, b.words)
        score, evidence = found
        if score and a.strategy_no is not None and a.strategy_no == b.strategy_no:
            score = min(1.0, score + STRATEGY_BONUS)
            evidence += f"; same strategy {a.strategy_no}"
        return (score, evidence)

    def _dice(self, words_a: frozenset[str], words_b: frozenset[str]) -> tuple[float, str]:
        weights = self.weights
        total = sum(weights[w] for w in words_a) + sum(weights[w] for w in words_b)
        if total == 0:
            return (0.0, "")
        shared = words_a & words_b
        score = 2 * sum(weights[w] for w in shared) / total
        return (score, f"Thai words {' '.join(sorted(shared))}")


def comparable_pairs(projects: Sequence[ProjectName]) -> Iterator[tuple[ProjectName, ProjectName]]:
    """Every pair of projects of different documents of the same agency (an unknown agency
    compares with any), once, the earlier (``earliest_first``) first. Pairs are formed
    within an agency, so a batch of many agencies costs no more than each one's."""
    ordered = sorted(projects, key=earliest_first)
    by_agency: dict[str, list[int]] = {}
    for i, project in enumerate(ordered):
        by_agency.setdefault(project.agency, []).append(i)
    unknown = by_agency.pop("", [])
    pairs = chain(
        (pair for indices in by_agency.values() for pair in _pairs_within(indices)),
        (
            (min(i, j), max(i, j))
            for indices in by_agency.values()
            for i in indices
            for j in unknown
        ),
        _pairs_within(unknown),
    )
    for i, j in pairs:
        if ordered[i].doc_id != ordered[j].doc_id:
            yield ordered[i], ordered[j]


def _pairs_within(indices: list[int]) -> Iterator[tuple[int, int]]:
    return ((i, j) for n, i in enumerate(indices) for j in indices[n + 1 :])


def candidate_links(projects: Sequence[ProjectName]) -> list[ProjectLink]:
    """Every comparable pair scoring at least ``LINK_THRESHOLD``, best first. A name printed
    again (the same project in every year's plan and report) makes the same pairs of names
    meet again: a pair involving one is scored once."""
    words_match = WordsMatch(projects)
    counts = Counter(project.scored_as for project in projects)
    repeated = {scored_as for scored_as, count in counts.items() if count > 1}
    scores: dict[tuple[ScoredAs, ScoredAs], tuple[float, str]] = {}
    candidates = []
    for first, second in comparable_pairs(projects):
        names = (first.scored_as, second.scored_as)
        recurs = names[0] in repeated or names[1] in repeated
        found = scores.get(names) if recurs else None
        if found is None:
            found = link_score(first, second, words_match)
            if recurs:
                scores[names] = found
        score, evidence = found
        if score >= LINK_THRESHOLD:
            candidates.append(
                ProjectLink(
                    doc_id_a=first.doc_id,
                    project_no_a=first.project_no,
                    doc_id_b=second.doc_id,
                    project_no_b=second.project_no,
                    score=round(score, 3),
                    evidence=evidence,
                )
            )
    return sorted(candidates, key=lambda link: (-link.score, link_refs(link)))


def link_score(
    first: ProjectName, second: ProjectName, words_match: WordsMatch
) -> tuple[float, str]:
    """The better of the English-name and Thai-words scores, with the evidence of each that
    reaches ``LINK_THRESHOLD``."""
    matches = [english_match(first, second), words_match(first, second)]
    score = max(score for score, _ in matches)
    return (score, "; ".join(text for s, text in matches if s >= LINK_THRESHOLD))


def link_refs(link: ProjectLink) -> tuple[tuple[str, int], tuple[str, int]]:
    return ((link.doc_id_a, link.project_no_a), (link.doc_id_b, link.project_no_b))


def earliest_first(project: ProjectName) -> tuple[int, str, int]:
    fiscal_year = project.fiscal_year if project.fiscal_year is not None else 10**6
    return (fiscal_year, project.doc_id, project.project_no)


def link_projects(projects: Sequence[ProjectName]) -> list[ProjectLink]:
    """The accepted links: best first, never two projects of one document in a group."""
    group_of = {project.ref: frozenset([project.ref]) for project in projects}
    docs_of = {project.ref: frozenset([project.doc_id]) for project in projects}
    accepted = []
    for link in candidate_links(projects):
        a, b = link_refs(link)
        if group_of[a] is not group_of[b]:
            if not docs_of[a].isdisjoint(docs_of[b]):
                continue  # the two groups would hold two projects of one document
            merged, merged_docs = group_of[a] | group_of[b], docs_of[a] | docs_of[b]
            for member in merged:
                group_of[member], docs_of[member] = merged, merged_docs
        accepted.append(link)  # (a link within one group is kept as evidence)
    return accepted


def project_keys(
    projects: Sequence[ProjectName], links: Iterable[ProjectLink]
) -> dict[tuple[str, int], str]:
    """(doc_id, project_no) -> the key shared by every project of its linked group."""
    by_ref = {project.ref: project for project in projects}
    group_of = {ref: {ref} for ref in by_ref}
    for link in links:
        a, b = link_refs(link)
        if group_of[a] is group_of[b]:
            continue  # already one group (a name linked to all its reprints)
        merged = group_of[a] | group_of[b]
        for member in merged:
            group_of[member] = merged
    groups = {frozenset(group) for group in group_of.values()}
    members = {group: sorted((by_ref[r] for r in group), key=earliest_first) for group in groups}
    named = {group: group_key(members[group]) for group in groups}
    taken = Counter(named.values())
    keys = {}
    for group, key in named.items():
        unique = key if taken[key] == 1 else f"{key}-{identity_hash(members[group][0])}"
        keys.update({ref: unique for ref in group})
    return keys


def group_key(members: list[ProjectName]) -> str:
    """The slug of the earliest English name in the group, else a hash of the earliest name."""
    for member in members:
        if member.english:
            return slug(member.english[0])
    words = " ".join(sorted(members[0].words)) or members[0].name
    return f"th-{short_hash(f'{members[0].agency}|{words}')}"


def identity_hash(project: ProjectName) -> str:
    """Tells apart two groups whose names give the same key."""
    return short_hash(f"{project.agency}|{project.doc_id}|{project.project_no}")[:6]


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]
