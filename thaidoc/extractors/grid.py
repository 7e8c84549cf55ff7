"""A read-only view over a ``Table``'s cells: who covers which grid slot, column headings,
row labels and logical lines of a cell. Extractors reason in these terms, never in
coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thaidoc.pipeline.sections import join_wrapped
from thaidoc.schemas import BBox, Cell, Table
from thaidoc.thai.numbers import to_arabic_digits

# A printed line that starts a new logical item inside a cell.
_ITEM_START = re.compile(r"^\s*(?:[•●○▪■\-–*]|\(?[0-9๐-๙]{1,2}[).]\s|\([0-9๐-๙]{1,2}\))")


def compact(text: str) -> str:
    """Text with all white space removed, for comparing labels."""
    return re.sub(r"\s+", "", to_arabic_digits(text))


def logical_lines(text: str) -> list[str]:
    """The items of a cell: printed lines joined back unless a line starts a new item."""
    items: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if not items or _ITEM_START.match(line):
            items.append([line])
        else:
            items[-1].append(line)
    return [join_wrapped(parts) for parts in items]


def flat(text: str) -> str:
    """A cell's text as one line (printed lines joined the Thai way)."""
    return join_wrapped(text.split("\n"))


@dataclass
class Grid:
    table: Table

    def __post_init__(self) -> None:
        self._slots: dict[tuple[int, int], Cell] = {}
        for cell in self.table.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    self._slots[(r, c)] = cell

    @property
    def n_rows(self) -> int:
        return self.table.n_rows

    @property
    def n_cols(self) -> int:
        return self.table.n_cols

    def at(self, row: int, col: int) -> Cell | None:
        return self._slots.get((row, col))

    def row_cells(self, row: int) -> list[Cell]:
        """Distinct cells that cover a row, left to right."""
        seen: list[Cell] = []
        for col in range(self.n_cols):
            cell = self.at(row, col)
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
        return seen

    def is_full_width(self, row: int) -> bool:
        """A row printed as one merged cell (a group heading such as 'ยุทธศาสตร์ที่ 1 …')."""
        cells = [c for c in self.row_cells(row) if c.text.strip()]
        return len(cells) == 1 and cells[0].col_span >= max(2, self.n_cols - 1)

    def column_headings(self) -> list[str]:
        """For each column, the header cells above it, joined top to bottom."""
        headings = []
        for col in range(self.n_cols):
            parts: list[str] = []
            for row in range(self.table.header_rows):
                cell = self.at(row, col)
                if cell is not None and cell.row == row and cell.text.strip():
                    parts.append(flat(cell.text))
            headings.append(" ".join(parts))
        return headings

    def leaf_headings(self) -> list[str]:
        """For each column, the lowest header cell above it (e.g. '๑' under a merged
        'เกณฑ์การให้คะแนน (ระดับ)' heading)."""
        leaves = []
        for col in range(self.n_cols):
            cell = self.at(self.table.header_rows - 1, col) if self.table.header_rows else None
            leaves.append(flat(cell.text) if cell is not None else "")
        return leaves

    def find_column(self, pattern: str, headings: list[str] | None = None) -> int | None:
        regex = re.compile(pattern)
        for col, heading in enumerate(headings or self.column_headings()):
            if regex.search(compact(heading)):
                return col
        return None


def bbox_of(cells: list[Cell]) -> BBox | None:
    return BBox.around([c.bbox for c in cells]) if cells else None
