"""Exact-line accuracy and character error rate of Thai repair on the labelled set
(``tests/data/repair/labelled_lines.tsv``: damaged → correct, a source and page each).

Two readings are measured in the same run:

- string only: ``thaidoc repair`` (``repair_thai_line``) on the damaged string alone;
- page: ``thaidoc text`` (``document_text``) on the line's own page of the real PDF; the
  line is right when one of the page's lines equals it (the CER is taken against the
  page's nearest line; rows from the seeds have no PDF).

Labels were checked against the page images (``pdftoppm -r 110``). Digits are labelled as
the text layer encodes them: where a font draws Arabic digits in Thai shapes (Word's
digit substitution) the characters are Arabic, and so is the label.

Reproduce: ``python benchmarks/labelled_accuracy.py`` (page rows need ../shared).
"""

from __future__ import annotations

import csv
from pathlib import Path

from thaidoc.pipeline.run import document_text
from thaidoc.thai.repair import repair_thai_line

REPO = Path(__file__).resolve().parents[1]
LABELLED = REPO / "tests" / "data" / "repair" / "labelled_lines.tsv"
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def load_rows(path: Path = LABELLED) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def score(pairs: list[tuple[str, str]]) -> tuple[float, float, int]:
    """(exact-line share, character error rate, lines) of (got, correct) pairs."""
    if not pairs:
        return float("nan"), float("nan"), 0
    exact = sum(got == want for got, want in pairs) / len(pairs)
    errors = sum(edit_distance(got, want) for got, want in pairs)
    return exact, errors / max(1, sum(len(want) for _, want in pairs)), len(pairs)


def page_lines(rows: list[dict[str, str]]) -> dict[tuple[str, int], set[str]]:
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row["page"] and (CORPUS / row["source"]).exists():
            wanted.setdefault(row["source"], set()).add(int(row["page"]))
    found = {}
    for name, pages in wanted.items():
        ordered = sorted(pages)
        for page, text in zip(ordered, document_text(CORPUS / name, ordered), strict=True):
            found[(name, page)] = set(text.split("\n"))
    return found


def closest_line(want: str, lines: set[str]) -> str:
    """The page's line nearest to the label (itself when the page has it)."""
    if want in lines:
        return want
    return min(lines, key=lambda line: edit_distance(line, want), default="")


def main() -> None:
    rows = load_rows()
    string_pairs = [(repair_thai_line(r["damaged"]), r["correct"]) for r in rows]
    failures = [
        (r["source"], r["damaged"], g, r["correct"])
        for r, (g, _) in zip(rows, string_pairs, strict=True)
        if g != r["correct"]
    ]
    pages = page_lines(rows)
    page_pairs, page_misses = [], []
    for r in rows:
        key = (r["source"], int(r["page"])) if r["page"] else None
        if key in pages:
            got = closest_line(r["correct"], pages[key])
            page_pairs.append((got, r["correct"]))
            if got != r["correct"]:
                page_misses.append((r["source"], r["page"], got, r["correct"]))
    clean = sum(r["damaged"] == r["correct"] for r in rows)
    sources = len({r["source"] for r in rows})
    print(f"labelled lines: {len(rows)} from {sources} sources, {clean} already correct")
    print("| reading | lines | exact lines | CER |")
    print("| --- | ---: | ---: | ---: |")
    for name, pairs in (
        ("thaidoc repair (string only)", string_pairs),
        ("thaidoc text (page)", page_pairs),
    ):
        exact, cer, n = score(pairs)
        print(f"| {name} | {n} | {exact:.1%} | {cer:.4f} |")
    raw_exact, raw_cer, n = score([(r["damaged"], r["correct"]) for r in rows])
    print(f"| damaged as given | {n} | {raw_exact:.1%} | {raw_cer:.4f} |")
    for source, damaged, got, want in failures:
        print(
            f"\nSTRING MISS [{source}]\n  damaged: {damaged}\n  got:     {got}\n  correct: {want}"
        )
    for source, page, got, want in page_misses:
        print(f"\nPAGE MISS [{source} p.{page}]\n  got:     {got}\n  correct: {want}")
    print("\nReproduce: `python benchmarks/labelled_accuracy.py`")


if __name__ == "__main__":
    main()
