"""A user's changes to how a sheet is read, as new SheetLayouts (the import dialog's rules).

Kept in io, beside header detection, so the rules (one column per field, a kind's
relabelling, a header row chosen by hand) are the importer's and testable without Qt.
"""

from __future__ import annotations

from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout, classify, map_row, relabel_for_kind

SKIP = "skip"  # the kind import_files leaves out, with a note saying the user chose to
NOT_READ = (SKIP, "unknown")  # left out by the user, or no header found


def with_field(layout: SheetLayout, column: int, field_name: str | None) -> SheetLayout:
    """The layout with `column` read as `field_name` (None: ignored); a field comes from one column."""
    mapping = {i: f for i, f in layout.mapping.items() if i != column and f != field_name}
    if field_name:
        mapping[column] = field_name
    scores = {i: s for i, s in layout.scores.items() if i in mapping and i != column}
    headers = layout.headers + [""] * (column + 1 - len(layout.headers))  # import notes name a mapped header
    return SheetLayout(layout.sheet, layout.kind, layout.header_row, headers, dict(sorted(mapping.items())), scores)


def with_kind(layout: SheetLayout, kind: str) -> SheetLayout:
    return relabel_for_kind(SheetLayout(layout.sheet, kind, layout.header_row, list(layout.headers),
                                        dict(layout.mapping), dict(layout.scores)))


def with_header_row(layout: SheetLayout, rows: list[list[object]], header_row: int, width: int) -> SheetLayout:
    """The layout with its header in `header_row` (0-based; -1: no header, columns keep their fields)."""
    if header_row < 0:
        return SheetLayout(layout.sheet, layout.kind, -1, [""] * width, dict(layout.mapping), {})
    cells = rows[header_row] if header_row < len(rows) else []
    mapping, scores = map_row(list(cells))
    kind = layout.kind if layout.kind not in NOT_READ else classify(set(mapping.values()))
    headers = [as_text(c) for c in cells] + [""] * (width - len(cells))
    return relabel_for_kind(SheetLayout(layout.sheet, kind, header_row, headers, mapping, scores))
