"""Long tables: one row per person × project × period with an allocation column
(`person, role, project_id, project_name, month, project_alloc_pct, total_pct`).

The allocation's unit is decided on the whole column (every value ≤ 1.0: fractions,
else percent; hours when the header says so). A per-row total is a stated total per
person and period, checked against that person's rows. "Cara;Diego" is two people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout, normalise_header
from effortplanner.io.kinds import register
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.kinds.efforts import Effort, emit, join_runs
from effortplanner.io.kinds.grid_layout import number
from effortplanner.io.periods import parse_period
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.units import FTE, HOURS, PERCENT, conversion, describe
from effortplanner.io.workbook import RawSheet

_PERSON = re.compile(r"^(person|name|staff|employee|resource|assignee|who|member|people)( name)?$")
_PERIOD = re.compile(r"^(month|period|week|date|year month|yearmonth|fiscal month|mon)$")
_ALLOC = re.compile(r"(\bpct\b|%|\balloc|\ballocation\b|\bpercent|\bshare\b|\bfte\b|\bhours?\b|\bhrs\b)")
_TOTAL = re.compile(r"^total\b|\btotal$")
_PROJECT_NAME = re.compile(r"^(project|project name|duty|task|activity|work item|project title)$")
_PROJECT_ID = re.compile(r"^(project id|project code|project number|code|wbs|vo)$")
_SPLIT = re.compile(r"\s*[;|/]\s*")


@dataclass(frozen=True)
class LongSpec:
    """Which column holds what in a long table."""

    person: int
    period: int
    allocation: int
    total: int | None
    project: int | None
    code: int | None
    role: int | None


def _find(heads: list[str], pattern: re.Pattern[str], taken: set[int]) -> int | None:
    return next((i for i, h in enumerate(heads) if i not in taken and pattern.search(h)), None)


def detect_long(rows: list[list[object]], scan: int = 10) -> tuple[int, LongSpec] | None:
    for r in range(min(scan, len(rows))):
        heads = [normalise_header(c) for c in rows[r]]
        person = _find(heads, _PERSON, set())
        period = _find(heads, _PERIOD, {person} if person is not None else set())
        if person is None or period is None:
            continue
        taken = {person, period}
        total = next((i for i, h in enumerate(heads) if i not in taken and _TOTAL.search(h)
                      and _ALLOC.search(h + " ")), None)
        if total is not None:
            taken.add(total)
        allocation = _find(heads, _ALLOC, taken)
        if allocation is None:
            continue
        taken.add(allocation)
        project = _find(heads, _PROJECT_NAME, taken)
        code = _find(heads, _PROJECT_ID, taken | ({project} if project is not None else set()))
        role = _find(heads, re.compile(r"^(role|title|position)$"), taken)
        return r, LongSpec(person, period, allocation, total, project, code, role)
    return None


class LongTable:
    name = "long_table"
    label = "long table"

    def detect(self, raw: RawSheet, table: SheetLayout, settings: PlanSettings) -> SheetLayout | None:
        found = detect_long(raw.rows)
        if found is None:
            return None
        header, spec = found
        mapping = {spec.person: "name", spec.period: "start", spec.allocation: "fte"}
        for column, name in ((spec.project, "duty"), (spec.code, "vo"), (spec.role, "role")):
            if column is not None:
                mapping[column] = name
        return SheetLayout(raw.name, self.name, header, [as_text(c) for c in raw.rows[header]],
                           dict(sorted(mapping.items())), {}, 92.0, spec)

    def read(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext) -> None:
        spec = layout.detail
        if not isinstance(spec, LongSpec):
            found = detect_long(raw.rows)
            if found is None:
                ctx.note(raw.name, None, None, "no person, period and allocation columns found for a long table; "
                         "sheet skipped", kind="skipped")
                return
            spec = found[1]
        heads = layout.headers
        head = (lambda c: heads[c] if c < len(heads) and heads[c] else column_letter(c))
        data = [(r, row) for r, row in enumerate(raw.rows[layout.header_row + 1:], start=layout.header_row + 1)
                if any(as_text(c) for c in row)]
        cell = (lambda row, c: row[c] if c is not None and c < len(row) else "")
        values = [v for _, row in data if (v := number(cell(row, spec.allocation))) is not None]
        words = normalise_header(head(spec.allocation))
        unit = HOURS if re.search(r"\bhours?\b|\bhrs\b", words) else FTE if all(v <= 1.0 for v in values) else PERCENT
        settings = ctx.settings
        ctx.note(raw.name, layout.header_row + 1, head(spec.allocation),
                 f"read as: long table; header in row {layout.header_row + 1}; allocation "
                 f"{describe(unit, False, [conversion(unit, False, 30, settings.hours_per_month, settings.days_per_week)])}"
                 f" (decided on the whole column: largest value {max(values, default=0):g})")
        efforts: list[Effort] = []
        stated: dict[tuple[str, object], tuple[float, int]] = {}
        for r, row in data:
            people = [p for p in _SPLIT.split(as_text(cell(row, spec.person))) if p]
            period = parse_period(cell(row, spec.period), settings.fy_start_month, settings.fy_start_day)
            value = number(cell(row, spec.allocation))
            if not people:
                ctx.note(raw.name, r + 1, head(spec.person), "row has no person; not read", kind="skipped")
                continue
            if period is None:
                ctx.note(raw.name, r + 1, head(spec.period), f"{as_text(cell(row, spec.period))!r} is not a period I "
                         "can read; row not read", kind="invalid")
                continue
            if len(people) > 1:
                ctx.note(raw.name, r + 1, head(spec.person), f"{as_text(cell(row, spec.person))!r} read as "
                         f"{len(people)} people, each at the row's allocation", kind="warning")
            total = number(cell(row, spec.total)) if spec.total is not None else None
            project = as_text(cell(row, spec.project))
            code = as_text(cell(row, spec.code))
            duty = project or code or "(no project)"
            for person in people:
                if total is not None:
                    stated[(person, period.start)] = (total, r + 1)
                if value is None:
                    continue
                conv = conversion(unit, False, period.days, settings.hours_per_month, settings.days_per_week)
                efforts.append(Effort(person, duty, code, period.start, period.end, round(conv.fte(value), 6),
                                      raw.name, r + 1, period.label, role=as_text(cell(row, spec.role))))
            if not project and not code:
                ctx.note(raw.name, r + 1, head(spec.project) if spec.project is not None else None,
                         "no project: kept as a duty of its own '(no project)'", kind="info")
        count = emit(join_runs(efforts), ctx)
        ctx.note(raw.name, None, None, f"{len(efforts)} rows joined into {count} assignments")
        if spec.total is not None:
            self._check(raw, ctx, efforts, stated, head(spec.total), 1.0 if unit == FTE else 100.0)
        used = {spec.person, spec.period, spec.allocation, spec.total, spec.project, spec.code, spec.role}
        unused = [head(c) for c in range(len(heads)) if c not in used and any(as_text(cell(row, c)) for _, row in data)]
        if unused:
            ctx.note(raw.name, None, None, "columns not read: " + ", ".join(repr(u) for u in unused), kind="skipped")

    @staticmethod
    def _check(raw: RawSheet, ctx: ReadContext, efforts: list[Effort], stated: dict[tuple[str, object],
               tuple[float, int]], column: str, scale: float) -> None:
        """The per-row total against the sum of that person's rows for that period."""
        sums: dict[tuple[str, object], float] = defaultdict(float)
        for e in efforts:
            sums[(e.person, e.start)] += e.fte
        scale = 1.0 if all(v <= 1.5 for v, _ in stated.values()) else 100.0
        bad = 0
        for (person, start), (value, row) in stated.items():
            listed = sums.get((person, start), 0.0)
            if abs(value / scale - listed) > 0.01:
                bad += 1
                ctx.note(raw.name, row, column, f"{person}, {start}: stated total {value:g}, the rows add up to "
                         f"{listed * scale:g}", kind="warning")
        ctx.note(raw.name, None, column, f"kept as stated totals per person and period ({len(stated)}, "
                 f"{bad} disagree with the rows)", kind="total", field="fte")


register(LongTable())
