"""Where a page holds a table drawn without ruling lines, its columns set by tab stops or
spaces: the grid of such a table, found from the geometry of the repaired chars alone.

A line splits into segments where the gap between two glyphs is wider than ordinary
word spacing. A run of consecutive lines is a candidate table when the white space
between its segments lines up: some x-intervals (gutters) stay empty on every line of
the run. Gutters become column edges; a line with text in the first column starts a
row and the lines under it without such text continue that row (wrapped cells). One or
two lines that cross the gutters between two runs with the same gutters are full-width
rows (a group heading such as 'ยุทธศาสตร์ที่ 2 …').

This module only proposes grids; ``thaidoc.pipeline.tables`` reads their text and keeps
the ones that have a header row (so paragraphs and lists never become tables).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from thaidoc.pipeline.layout import group_lines

DEFAULT_ALIGNED_TABLE_SETTINGS: dict[str, Any] = {
    # Look for tables without ruling lines at all.
    "enabled": True,
    # A gap between glyphs at least this many font sizes wide splits a line into
    # segments (Thai word spacing is about 0.3 of the size; a tab stop leaves more).
    "min_gap": 1.2,
    # A column gutter must stay at least this many font sizes wide on every line.
    "min_gutter": 0.8,
    # Lines further apart than this many font sizes (white space between them) are not
    # in the same table.
    "max_line_gap": 1.2,
    # A table has at least this many lines with text in two or more columns (its
    # header row and two data rows).
    "min_aligned_lines": 3,
    # At most this many lines crossing the gutters make one full-width row.
    "max_full_width_lines": 2,
}

Char = dict[str, Any]


@dataclass
class _Line:
    chars: list[Char]
    top: float
    bottom: float
    size: float
    segments: list[tuple[float, float]]  # (x0, x1), left to right


@dataclass
class AlignedGrid:
    """A proposed table: column edges, row edges and which rows are full-width."""

    col_edges: list[float]
    row_edges: list[float]
    full_width_rows: set[int]

    @property
    def top(self) -> float:
        return self.row_edges[0]

    @property
    def bottom(self) -> float:
        return self.row_edges[-1]


def _make_line(chars: list[Char], min_gap: float) -> _Line | None:
    visible = sorted([c for c in chars if c["text"].strip()], key=itemgetter("x0"))
    if not visible:
        return None
    size = statistics.median([float(c.get("size") or 10) for c in visible])
    min_width = min_gap * size
    segments: list[tuple[float, float]] = []
    start, reach = visible[0]["x0"], visible[0]["x1"]
    for c in visible[1:]:
        x0, x1 = c["x0"], c["x1"]
        if x0 - reach >= min_width:
            segments.append((start, reach))
            start = x0
        if x1 > reach:
            reach = x1
    segments.append((start, reach))
    return _Line(
        chars=chars,
        top=min(map(itemgetter("top"), visible)),
        bottom=max(map(itemgetter("bottom"), visible)),
        size=size,
        segments=segments,
    )


def _gutters(lines: list[_Line], min_width: float) -> list[tuple[float, float]]:
    """X-intervals at least ``min_width`` wide that no segment of any line covers,
    between the leftmost and rightmost text."""
    spans = sorted(s for ln in lines for s in ln.segments)
    gutters = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    return gutters


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _keeps_all(old: list[tuple[float, float]], new: list[tuple[float, float]]) -> bool:
    """Whether every old gutter survives (narrowed, perhaps) among the new ones."""
    return all(any(_overlaps(g, h) for h in new) for g in old)


class _Finder:
    def __init__(self, lines: list[_Line], cfg: dict[str, Any]) -> None:
        self.lines = lines
        self.cfg = cfg
        self.em = statistics.median(ln.size for ln in lines)

    def close(self, upper: _Line, lower: _Line) -> bool:
        return lower.top - upper.bottom <= self.cfg["max_line_gap"] * self.em

    def grow(self, start: int) -> tuple[int, list[tuple[float, float]]]:
        """The end (exclusive) of the run from ``start`` whose gutters all lines keep."""
        min_width = self.cfg["min_gutter"] * self.em
        gutters = _gutters([self.lines[start]], min_width)
        end = start + 1
        while end < len(self.lines) and self.close(self.lines[end - 1], self.lines[end]):
            wider = _gutters(self.lines[start : end + 1], min_width)
            if not _keeps_all(gutters, wider):
                break
            gutters = wider
            end += 1
        return end, gutters

    def spanning(self, index: int, left: float) -> bool:
        """A line that may be a full-width row: one segment, starting at the table's left."""
        line = self.lines[index]
        return len(line.segments) == 1 and abs(line.segments[0][0] - left) <= self.em

    def block(self, start: int) -> tuple[int, set[int], list[tuple[float, float]]]:
        """A run of aligned lines from ``start``, extended over full-width rows that sit
        between two runs with the same gutters: (end, full-width line indices, gutters)."""
        end, gutters = self.grow(start)
        full: set[int] = set()
        left = min(s[0] for ln in self.lines[start:end] for s in ln.segments)
        while gutters:
            k = end
            while (
                k < len(self.lines)
                and k - end < self.cfg["max_full_width_lines"]
                and self.spanning(k, left)
                and self.close(self.lines[k - 1], self.lines[k])
            ):
                k += 1
            if k == end or k >= len(self.lines) or not self.close(self.lines[k - 1], self.lines[k]):
                break
            more_end, more = self.grow(k)
            same = len(more) == len(gutters) and all(
                _overlaps(g, h) for g, h in zip(gutters, more, strict=True)
            )
            if not same:
                break
            gutters = [
                (max(g[0], h[0]), min(g[1], h[1])) for g, h in zip(gutters, more, strict=True)
            ]
            full.update(range(end, k))
            end = more_end
        return end, full, gutters

    def grid(
        self, start: int, end: int, full: set[int], gutters: list[tuple[float, float]]
    ) -> AlignedGrid | None:
        lines = self.lines[start:end]
        aligned = sum(len(ln.segments) >= 2 for ln in lines)
        if not gutters or aligned < self.cfg["min_aligned_lines"]:
            return None
        x0 = min(s[0] for ln in lines for s in ln.segments)
        x1 = max(s[1] for ln in lines for s in ln.segments)
        col_edges = [x0 - 1, *((a + b) / 2 for a, b in gutters), x1 + 1]
        # A row starts at a line with text in the first column, at a full-width line
        # (consecutive ones make one row) and at the line after a full-width row.
        starts: list[int] = []
        full_rows = set()
        for i, ln in enumerate(lines, start=start):
            if i in full:
                if i - 1 not in full:
                    full_rows.add(len(starts))
                    starts.append(i)
            elif ln.segments[0][0] < col_edges[1] or not starts or i - 1 in full:
                starts.append(i)
        row_edges = [self.lines[starts[0]].top - 1]
        row_edges += [(self.lines[i - 1].bottom + self.lines[i].top) / 2 for i in starts[1:]]
        row_edges.append(lines[-1].bottom + 1)
        return AlignedGrid(col_edges=col_edges, row_edges=row_edges, full_width_rows=full_rows)


def aligned_grids(
    chars: list[Char], settings: dict[str, Any] | None = None
) -> Iterator[AlignedGrid]:
    """Candidate whitespace-aligned grids among ``chars``, top to bottom. A caller that
    rejects a candidate gets the ones starting on the lines below its first line; one
    that accepts it should skip candidates that start above its bottom."""
    return aligned_grids_of_lines(group_lines(chars), settings)


def aligned_grids_of_lines(
    grouped: list[list[Char]], settings: dict[str, Any] | None = None
) -> Iterator[AlignedGrid]:
    """``aligned_grids`` of chars already grouped into lines (``group_lines``)."""
    cfg = {**DEFAULT_ALIGNED_TABLE_SETTINGS, **(settings or {})}
    if not cfg["enabled"]:
        return
    lines = [ln for g in grouped if (ln := _make_line(g, cfg["min_gap"])) is not None]
    if not lines:
        return
    finder = _Finder(lines, cfg)
    for start, line in enumerate(lines):
        if len(line.segments) < 2:
            continue
        end, full, gutters = finder.block(start)
        grid = finder.grid(start, end, full, gutters)
        if grid is not None:
            yield grid
