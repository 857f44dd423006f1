"""Period grids: rows of people (or of tasks under a person, or of one person's projects),
one column per period, effort in the cells in a unit converted to FTE.

Totals (rows, columns, "% of available hours covered") are stated totals: checked
against the items, never read as people. A rollup sheet beside project sheets is
the projects' stated total per person and period. Every cell not used gets a note.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds import register
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.kinds.efforts import Effort, emit, is_total, join_runs
from effortplanner.io.kinds.grid_layout import GridSpec, detect_grid, number
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.units import HOURS, PERCENT, PERSON_DAYS, Conversion, conversion, describe
from effortplanner.io.workbook import RawSheet

_SYMBOL = {HOURS: " h", PERCENT: "%", PERSON_DAYS: " person-days"}


@dataclass
class GridRow:
    """One labelled data row: its place in the indentation tree and its numbers per period column."""

    row: int  # 0-based
    depth: int
    name: str
    values: dict[int, float]
    role: str = ""
    children: int = 0


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \u00a0\t"))


def conversions(spec: GridSpec, settings: PlanSettings) -> dict[int, Conversion]:
    """Per period column, how its numbers become FTE."""
    out = {}
    for c, period in spec.periods.columns.items():
        if spec.per_fte:
            out[c] = Conversion(spec.unit, spec.per_fte, "chosen in the import dialog")
        else:
            out[c] = conversion(spec.unit, spec.periods.weekly, period.days, settings.hours_per_month,
                                settings.days_per_week, spec.available.get(c))
    return out


def describe_grid(spec: GridSpec, settings: PlanSettings) -> str:
    """'12 monthly periods, Jan-18 to Dec-18; read as hours per month; 152 h = 1.0 FTE'."""
    kind = "weekly" if spec.periods.weekly else "monthly" if all(
        27 <= p.days <= 32 for p in spec.periods.columns.values()) else ""
    count = len(spec.periods.columns)
    return (f"{count} {kind + ' ' if kind else ''}periods, {spec.first} to {spec.last}; "
            f"{describe(spec.unit, spec.periods.weekly, list(conversions(spec, settings).values()))}")


class PeriodGrid:
    name = "period_grid"
    label = "period grid"

    def detect(self, raw: RawSheet, table: SheetLayout, settings: PlanSettings) -> SheetLayout | None:
        spec = detect_grid(raw.rows, raw.name, settings.fy_start_month, settings.fy_start_day)
        if spec is None:
            return None
        header = [as_text(c) for c in raw.rows[spec.periods.row]]
        mapping = {spec.label_column: "name" if spec.rows_are == "people" else "duty"}
        if spec.role_column is not None:
            mapping[spec.role_column] = "role"
        score = 80.0 + 2.0 * min(len(spec.periods.columns), 6)  # above indented lists (85) from 3 periods
        return SheetLayout(raw.name, self.name, spec.periods.row, header, mapping, {}, score, spec)

    def read(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext) -> None:
        spec = layout.detail
        if not isinstance(spec, GridSpec):
            found = self.detect(raw, layout, ctx.settings)
            if found is None:
                ctx.note(raw.name, None, None, "no period columns found for a period grid; sheet skipped",
                         kind="skipped")
                return
            spec = found.detail
            assert isinstance(spec, GridSpec)
        reader = _GridReader(raw, spec, ctx)
        reader.read()


class _GridReader:
    def __init__(self, raw: RawSheet, spec: GridSpec, ctx: ReadContext) -> None:
        self.raw, self.spec, self.ctx = raw, spec, ctx
        self.rows = raw.rows
        self.heads = [as_text(c) for c in raw.rows[spec.periods.row]]
        self.conv = conversions(spec, ctx.settings)

    def note(self, row: int | None, column: int | None, message: str, kind: str = "info", **extra: object) -> None:
        head = None if column is None else (self.heads[column] if column < len(self.heads) and self.heads[column]
                                            else column_letter(column))
        self.ctx.note(self.raw.name, None if row is None else row + 1, head, message, kind=kind, **extra)

    # --- rows -------------------------------------------------------------------------------
    def data_rows(self) -> tuple[list[GridRow], list[GridRow]]:
        """(labelled rows in order, total rows); numbers with no label are noted, not read."""
        spec, skip = self.spec, self.spec.special_rows()
        items: list[GridRow] = []
        totals: list[GridRow] = []
        for r in range(spec.periods.row + 1, len(self.rows)):
            if r in skip:
                continue
            row = self.rows[r]
            text = as_text(row[spec.label_column]) if spec.label_column < len(row) else ""
            raw_text = row[spec.label_column] if spec.label_column < len(row) else ""
            values: dict[int, float] = {}
            for c in spec.periods.columns:
                cell = row[c] if c < len(row) else ""
                value = number(cell)
                if value is None and as_text(cell):
                    self.note(r, c, f"{as_text(cell)!r} is not a number; cell not read", kind="invalid")
                elif value:
                    values[c] = value
            if not text:
                if values:
                    self.note(r, spec.label_column, f"{len(values)} numbers on a row with no name; not read",
                              kind="skipped")
                continue
            role = as_text(row[spec.role_column]) if spec.role_column is not None and spec.role_column < len(row) \
                else ""
            item = GridRow(r, _indent(raw_text) if isinstance(raw_text, str) else 0, text, values, role)
            (totals if is_total(text) else items).append(item)
        stack: list[GridRow] = []
        for item in items:
            while stack and stack[-1].depth >= item.depth:
                stack.pop()
            if stack:
                stack[-1].children += 1
            stack.append(item)
        return items, totals

    def read(self) -> None:
        spec, ctx = self.spec, self.ctx
        self.note(spec.periods.row, None, f"read as: period grid; header in row {spec.periods.row + 1}; "
                  f"{describe_grid(spec, ctx.settings)} ({'unit from ' + spec.unit_reason})")
        for text in spec.periods.notes:
            self.note(spec.periods.row, None, text)
        items, totals = self.data_rows()
        efforts = self.efforts(items)
        empty = [i for i in items if not i.children and not i.values]
        if empty:
            self.note(None, spec.label_column, "rows with no effort in any period, not read: " +
                      ", ".join(f"{i.name!r} (row {i.row + 1})" for i in empty[:10]) +
                      (f" and {len(empty) - 10} more" if len(empty) > 10 else ""), kind="skipped")
        if spec.rollup and any(isinstance(l.detail, GridSpec) and not l.detail.rollup for _, l in ctx.others):
            self.check_rollup(efforts)
        else:
            count = emit(join_runs(efforts), ctx)
            self.note(None, None, f"{len(efforts)} filled cells joined into {count} assignments")
        self.check_totals(items, totals)
        self.note_unused()

    def efforts(self, items: list[GridRow]) -> list[Effort]:
        spec = self.spec
        project = spec.project(self.raw.name)
        vo = spec.metadata.code
        source = "metadata block" if spec.metadata.title else "sheet name"
        person_fixed = ""
        if spec.rows_are == "projects":
            person_fixed = spec.metadata.person or self.raw.name
            how = "the metadata block" if spec.metadata.person else "the sheet name"
            self.note(None, spec.label_column, f"rows are projects of one person: {person_fixed!r} (from {how})",
                      kind="info" if spec.metadata.person else "warning")
        else:
            self.note(None, None, f"duty {project!r} from the {source}" + (f", VO/project code {vo!r}" if vo else "")
                      + (f", funding probability {spec.metadata.probability:g}"
                         if spec.metadata.probability is not None else ""))
        out: list[Effort] = []
        path: list[GridRow] = []
        person, role = person_fixed, ""
        for item in items:
            while path and path[-1].depth >= item.depth:
                path.pop()
            path.append(item)
            if not person_fixed and len(path) == 1:
                person = item.name
                role = item.role
                if item.children and item.values:
                    continue  # a person's own row over their tasks: a subtotal, checked below
            if item.children:
                continue  # a heading over tasks
            duty = " / ".join(p.name for p in path[0 if person_fixed else 1:]) or project
            for c, value in item.values.items():
                period, conv = spec.periods.columns[c], self.conv[c]
                written = f"{value:g}{_SYMBOL.get(spec.unit, '')}" if spec.unit in _SYMBOL else ""
                out.append(Effort(person, duty, vo if duty == project else "", period.start, period.end,
                                  round(conv.fte(value), 6), self.raw.name, item.row + 1, period.label,
                                  spec.metadata.probability, written, role if not person_fixed else ""))
        return out

    # --- stated totals ------------------------------------------------------------------------
    def check_totals(self, items: list[GridRow], totals: list[GridRow]) -> None:
        spec = self.spec
        leaves = [i for i in items if not i.children]
        tolerance = 0.5 if spec.unit in (HOURS, PERCENT) else 0.01
        for total in totals:
            stated = sum(total.values.values())
            listed = sum(v for i in leaves for v in i.values.values())
            bad = [c for c in total.values if abs(total.values[c] - sum(i.values.get(c, 0.0) for i in leaves))
                   > tolerance]
            self.note(total.row, spec.label_column, f"stated total {stated:g}{_SYMBOL.get(spec.unit, '')} "
                      "over all periods; kept as a total, not a person", kind="total", field="fte",
                      value=f"{stated:g}")
            for c in bad:
                items_sum = sum(i.values.get(c, 0.0) for i in leaves)
                self.note(total.row, c, f"stated total {total.values[c]:g} for {spec.periods.columns[c].label}, "
                          f"but the rows add up to {items_sum:g}", kind="warning")
            if not bad and abs(stated - listed) <= tolerance * max(len(total.values), 1):
                self.note(total.row, spec.label_column, "the stated totals match the rows")
        for item in items:
            if item.children and item.values:
                self._check_subtotal(item, items)
        for c in spec.total_columns:
            self._check_total_column(c, items)
        for c in spec.covered_columns:
            self._check_covered(c, items)

    def _check_subtotal(self, parent: GridRow, items: list[GridRow]) -> None:
        start = items.index(parent) + 1
        kids = []
        for item in items[start:]:
            if item.depth <= parent.depth:
                break
            if not item.children:
                kids.append(item)
        for c, value in parent.values.items():
            listed = sum(k.values.get(c, 0.0) for k in kids)
            if abs(listed - value) > 0.01:
                self.note(parent.row, c, f"{parent.name}: stated {value:g} for {self.spec.periods.columns[c].label}, "
                          f"but the tasks under it add up to {listed:g}", kind="warning")

    def _check_total_column(self, column: int, items: list[GridRow]) -> None:
        for item in items:
            cell = number(self.rows[item.row][column]) if column < len(self.rows[item.row]) else None
            if cell is None:
                continue
            listed = sum(item.values.values())
            if abs(cell - listed) > 0.5:
                self.note(item.row, column, f"{item.name}: stated total {cell:g}, but the periods add up to "
                          f"{listed:g}", kind="warning")
        self.note(None, column, "column kept as a stated total per row (checked against the periods)")

    def _check_covered(self, column: int, items: list[GridRow]) -> None:
        available = sum(self.spec.available.values())
        for item in items:
            cell = number(self.rows[item.row][column]) if column < len(self.rows[item.row]) else None
            if cell is None or not available:
                continue
            share = sum(item.values.values()) / available
            stated = cell / 100.0 if cell > 1.5 else cell
            if abs(stated - share) > 0.01:
                self.note(item.row, column, f"{item.name}: stated {cell:g} of available hours, but the periods "
                          f"give {share:.0%}", kind="warning")
        self.note(None, column, "column kept as a stated share of available hours" +
                  (" (checked against the periods)" if available else " (no available-hours row to check it)"))

    def check_rollup(self, efforts: list[Effort]) -> None:
        """A rollup beside project sheets: per person and period, the sum the project sheets must give."""
        others: dict[tuple[str, object], float] = defaultdict(float)
        for raw, layout in self.ctx.others:
            if isinstance(layout.detail, GridSpec) and not layout.detail.rollup:
                sub = _GridReader(raw, layout.detail, replace(self.ctx, pending=type(self.ctx.pending)()))
                for e in sub.efforts(sub.data_rows()[0]):
                    others[(e.person, e.start)] += e.fte
        mismatches = 0
        for e in efforts:
            listed = others.get((e.person, e.start), 0.0)
            if abs(listed - e.fte) > 0.01:
                mismatches += 1
                self.note(e.row - 1, None, f"{e.person}, {e.label}: rollup says {e.fte:.2f} FTE, the project sheets "
                          f"add up to {listed:.2f}", kind="warning")
        self.note(None, None, "rollup of the project sheets: kept as stated totals per person and period, not as "
                  f"duties ({mismatches} disagreements)", kind="total" if not mismatches else "warning")

    # --- nothing dropped in silence ----------------------------------------------------------
    def note_unused(self) -> None:
        spec = self.spec
        used = set(spec.periods.columns) | {spec.label_column} | set(spec.total_columns) | set(spec.covered_columns)
        if spec.role_column is not None:
            used.add(spec.role_column)
        unused: dict[int, int] = defaultdict(int)
        for r in range(spec.periods.row + 1, len(self.rows)):
            if r in spec.special_rows():
                continue
            for c, cell in enumerate(self.rows[r]):
                if c not in used and as_text(cell):
                    unused[c] += 1
        if unused:
            names = ", ".join(f"{self.heads[c] if c < len(self.heads) and self.heads[c] else column_letter(c)!r}"
                              f" ({n} cells)" for c, n in sorted(unused.items()))
            self.note(None, None, f"columns not read: {names}", kind="skipped")
        band_rows = set(range(max(0, spec.periods.row - 4), spec.periods.row))
        above = []
        for r in range(spec.periods.row):
            if r in spec.special_rows():
                continue
            text = " ".join(as_text(c) for c in self.rows[r] if as_text(c))
            if text and not (r in band_rows and "fy" in text.lower()):
                above.append(f"row {r + 1} {text[:60]!r}")
        if above:
            self.note(None, None, "above the header, not read as data: " + "; ".join(above), kind="skipped")
        if spec.metadata.pairs:
            self.note(None, None, "metadata block: " + "; ".join(f"{k}: {v}" for k, v in spec.metadata.pairs))


register(PeriodGrid())
