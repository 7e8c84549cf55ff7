"""Mutation fuzz of the reader: damaged PDFs end in a Document or a DocumentError, in time.

Seeds are the repository's sample PDFs (each cut to its first pages, so a case runs in a
fraction of a second, plus the smallest one whole), or small real PDFs from
``../shared/corpus/real`` when there are no samples. Each case is a seeded mutation of a
seed (bytes overwritten, a number in the PDF's structure changed, a chunk dropped or
repeated, the file cut short with or without a new ``%%EOF``) run through
``extract_document`` in a separate worker process, so that a hang fails the test instead
of hanging CI. Deterministic for a given seed.

Environment: THAIDOC_FUZZ_CASES (default 40), THAIDOC_FUZZ_SECONDS (the time budget,
default 60: cases stop when it is spent), THAIDOC_FUZZ_CASE_LIMIT_S (per case, default 30),
THAIDOC_FUZZ_SEED (default 0). A failure prints the seed and case to reproduce it with.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import re
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pypdfium2
import pytest

CASES = int(os.environ.get("THAIDOC_FUZZ_CASES", "40"))
BUDGET_S = float(os.environ.get("THAIDOC_FUZZ_SECONDS", "60"))
CASE_LIMIT_S = float(os.environ.get("THAIDOC_FUZZ_CASE_LIMIT_S", "30"))
SEED = int(os.environ.get("THAIDOC_FUZZ_SEED", "0"))
# The reader's own per-page limit inside the worker: well under the per-case limit, so a
# looping page must end in DocumentError('page_timeout') before the case runs out.
PAGE_TIMEOUT_S = CASE_LIMIT_S / 3
SEED_PAGES = 2
REAL_SEEDS = ("royalgazette_nhrc_regulation_2566.pdf", "chonburi_pho_strategy_kpi_slides.pdf")
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"


# ---- seeds and mutations -----------------------------------------------------------------


def first_pages(path: Path, n_pages: int) -> bytes:
    """The first pages of a PDF, re-saved by PDFium (a second file structure to damage)."""
    src = pypdfium2.PdfDocument(str(path))
    cut = pypdfium2.PdfDocument.new()
    try:
        cut.import_pages(src, list(range(min(n_pages, len(src)))))
        buffer = io.BytesIO()
        cut.save(buffer)
        return buffer.getvalue()
    finally:
        cut.close()
        src.close()


def seed_files() -> list[tuple[str, bytes]]:
    samples = sorted((REPO / "samples").glob("*.pdf"))
    if samples:
        smallest = min(samples, key=lambda p: p.stat().st_size)
        seeds = [(f"{p.name}[:{SEED_PAGES}]", first_pages(p, SEED_PAGES)) for p in samples]
        return [*seeds, (smallest.name, smallest.read_bytes())]
    real = [SHARED / "corpus" / "real" / name for name in REAL_SEEDS]
    return [(p.name, p.read_bytes()) for p in real if p.is_file()]


Mutation = Callable[[bytes, random.Random], bytes]


def overwrite_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


_NUMBER = re.compile(rb"(?<=[ /\[<])\d+(?=[ \]>/\n\r])")


def change_a_number(data: bytes, rng: random.Random) -> bytes:
    """A number of the structure (a length, a count, an object number, an offset) made
    wrong: 0, -1, off by one, or huge."""
    numbers = list(_NUMBER.finditer(data[:200_000]))
    if not numbers:
        return overwrite_bytes(data, rng)
    out = data
    chosen = rng.sample(numbers, min(len(numbers), rng.randint(1, 4)))
    for match in sorted(chosen, key=lambda m: m.start(), reverse=True):  # offsets stay right
        value = int(match.group())
        new = str(rng.choice([0, -1, value + 1, max(0, value - 1), 2**31, 10**12])).encode()
        out = out[: match.start()] + new.ljust(len(match.group())) + out[match.end() :]
    return out


def drop_a_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 4096) :]


def repeat_a_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 4096)]
    return data[:start] + chunk * rng.randint(2, 50) + data[start:]


def cut_short(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def cut_short_and_end(data: bytes, rng: random.Random) -> bytes:
    """Cut short, but with a new %%EOF: past the truncation check, into the parsers."""
    return data[: rng.randrange(len(data))] + b"\n%%EOF\n"


MUTATIONS: tuple[Mutation, ...] = (
    overwrite_bytes,
    overwrite_bytes,
    change_a_number,
    change_a_number,
    drop_a_chunk,
    repeat_a_chunk,
    cut_short,
    cut_short_and_end,
)


def fuzz_case(seeds: list[tuple[str, bytes]], case: int) -> tuple[str, bytes]:
    rng = random.Random(f"{SEED}:{case}")
    name, data = seeds[case % len(seeds)]
    mutation = rng.choice(MUTATIONS)
    return f"seed={SEED} case={case} {mutation.__name__}({name})", mutation(data, rng)


# ---- the worker process ------------------------------------------------------------------


def outcome_of(path: Path) -> str:
    """'document', 'error:<reason>', or 'crash:<traceback>' for any other exception."""
    from thaidoc.pipeline.guard import DocumentError
    from thaidoc.pipeline.run import extract_document

    try:
        extract_document(path)
    except DocumentError as error:
        if error.path != str(path) or not error.advice:
            return f"crash:unclear error {error!s}"
        return f"error:{error.reason}"
    except Exception:
        return "crash:" + traceback.format_exc()
    return "document"


def serve(conn: Connection) -> None:
    """Worker loop: paths in, outcomes out, until None."""
    from thaidoc.pipeline.read import DEFAULT_READ_SETTINGS

    DEFAULT_READ_SETTINGS["page_timeout_s"] = PAGE_TIMEOUT_S
    DEFAULT_READ_SETTINGS["open_timeout_s"] = PAGE_TIMEOUT_S
    while (job := conn.recv()) is not None:
        conn.send(outcome_of(Path(job)))


class Worker:
    """One spawned process running ``serve``; replaced when a case overruns."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def run(self, path: Path, limit_s: float) -> str | None:
        """The outcome, or None when the case took longer than ``limit_s``."""
        self.conn.send(str(path))
        return self.conn.recv() if self.conn.poll(limit_s) else None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(10)
        self.conn.close()


# ---- the test ----------------------------------------------------------------------------


def test_damaged_pdfs_end_in_a_document_or_a_clear_error_in_time(tmp_path):
    seeds = seed_files()
    if not seeds:
        pytest.skip("no sample PDFs and no ../shared corpus to mutate")
    worker = Worker()
    # Warm-up: the first case in a fresh process also pays for imports and dictionaries.
    warmup = tmp_path / "seed.pdf"
    warmup.write_bytes(seeds[0][1])
    assert worker.run(warmup, 120) is not None
    failures: list[str] = []
    outcomes: dict[str, int] = {}
    started = time.monotonic()
    try:
        for case in range(CASES):
            if time.monotonic() - started > BUDGET_S:
                break
            label, data = fuzz_case(seeds, case)
            path = tmp_path / f"case{case}.pdf"
            path.write_bytes(data)
            outcome = worker.run(path, CASE_LIMIT_S)
            path.unlink()
            if outcome is None:
                failures.append(f"{label}: no result within {CASE_LIMIT_S:g} s")
                worker.stop()
                worker = Worker()
            elif outcome.startswith("crash:"):
                failures.append(f"{label}: {outcome[len('crash:') :]}")
            else:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    finally:
        worker.stop()
    assert not failures, "\n\n".join(failures)
    assert sum(outcomes.values()) >= min(CASES, 5), outcomes
