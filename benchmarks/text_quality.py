"""How readable is the Thai each tool gets out of a PDF? One row per PDF, five readings,
all measured in the same run:

- raw pdfplumber text, pdfplumber + ``pythainlp.util.normalize``, fixthaipdf (if
  installed: ``pip install fixthaipdf``), pypdfium2's text, and thaidoc (``thaidoc text``).

The score is the share of Thai letters that fall inside dictionary words (pythainlp newmm
tokens found in ``thai_words()``): damaged text ('ส านักงาน', 'เพ่ือ') breaks into
non-words. Pages without a text layer are reported, not scored as empty text.

Reproduce: ``python benchmarks/text_quality.py [PDF ...]`` (default: samples/*.pdf and
every PDF in ../shared/corpus/real/ when present).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2
from pythainlp.util import normalize

from thaidoc.pipeline.read import read_pages
from thaidoc.pipeline.run import document_text
from thaidoc.thai.repair import plausibility, repair_chars

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def plumber_pages(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdfium_pages(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
    finally:
        pdf.close()


def fixthaipdf_clean() -> Callable[[str], str] | None:
    try:
        from fixthaipdf import clean  # type: ignore[import-not-found]
    except ImportError:
        return None
    return clean  # type: ignore[no-any-return]


def thai_letters(text: str) -> int:
    return sum("\u0e01" <= ch <= "\u0e4e" for ch in text)


def score(pages: list[str]) -> float:
    """Letter-weighted dictionary share over the pages that have Thai text."""
    total = inside = 0.0
    for page in pages:
        letters = thai_letters(page)
        if letters:
            total += letters
            inside += letters * plausibility(page)[0]
    return inside / total if total else float("nan")


def unplaced_glyphs(path: Path) -> int:
    """Glyphs thaidoc kept but could not place (flagged in ``document.json`` warnings)."""
    return sum(len(repair_chars(page.chars, page.page_no)[1]) for page in read_pages(path))


def measure(path: Path, fix: Callable[[str], str] | None) -> dict[str, object]:
    raw = plumber_pages(path)
    readings = {
        "pdfplumber": raw,
        "+normalize": [normalize(p) for p in raw],
        "fixthaipdf": [fix(p) for p in raw] if fix else None,
        "pypdfium2": pdfium_pages(path),
        "thaidoc": list(document_text(path)),
    }
    row: dict[str, object] = {"pdf": path.name, "pages": len(raw)}
    empty = sum(1 for p in raw if not p.strip())
    row["no text layer"] = empty
    row["unplaced"] = unplaced_glyphs(path)
    for name, pages in readings.items():
        row[name] = None if pages is None else score(pages)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((REPO / "samples").glob("*.pdf")) + sorted(CORPUS.glob("*.pdf"))
    fix = fixthaipdf_clean()
    columns = ["pdfplumber", "+normalize", "fixthaipdf", "pypdfium2", "thaidoc"]
    print("| PDF | pages | pages without text | " + " | ".join(columns) + " | unplaced |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in columns) + " | ---: |")
    for path in pdfs:
        row = measure(path, fix)
        cells = []
        scored = [v for c in columns if isinstance(v := row[c], float) and v == v]  # not NaN
        best = max(scored, default=None)
        for c in columns:
            value = row[c]
            if not isinstance(value, float):
                cells.append("n/a")
            elif value != value:  # NaN: no Thai text to score
                cells.append("no text layer" if row["no text layer"] == row["pages"] else "no Thai")
            else:
                cells.append(f"**{value:.3f}**" if value == best else f"{value:.3f}")
        print(
            f"| {row['pdf']} | {row['pages']} | {row['no text layer']} | "
            + " | ".join(cells)
            + f" | {row['unplaced']} |"
        )
        sys.stdout.flush()
    print(
        f"\nReproduce: `python benchmarks/text_quality.py` (fixthaipdf {'on' if fix else 'absent'})"
    )


if __name__ == "__main__":
    main()
