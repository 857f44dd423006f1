"""Lists whose name column is indented: a person with tasks under them ("Jill", "  Plan Work",
"    Step 2"), or a team with members ("Team" 1.5 over "  A" 0.5 and "  B" 1.0).

A top row whose children are all leaves and whose number is their sum (or whose name
says team/group) is a team: its members are people with capacities, its number a
stated group total. Otherwise the top row is a person and the leaves are their duties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds import register
from effortplanner.io.kinds.base import ReadContext
from effortplanner.io.kinds.efforts import is_total
from effortplanner.io.kinds.grid_layout import number
from effortplanner.io.records import Mention
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.workbook import RawSheet

_TEAM = re.compile(r"\b(team|group|section|department|dept|unit|squad|office)\b", re.I)


@dataclass
class Node:
    row: int  # 1-based
    depth: int
    name: str
    value: float | None
    children: list[Node] = field(default_factory=list)


def _leaves(node: Node, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Node]]:
    out: list[tuple[tuple[str, ...], Node]] = []
    for child in node.children:
        here = (*path, child.name)
        out.extend(_leaves(child, here) if child.children else [(here, child)])
    return out


def _indent(cell: object) -> int:
    text = cell if isinstance(cell, str) else ""
    return len(text) - len(text.lstrip(" \u00a0\t"))


@dataclass(frozen=True)
class IndentSpec:
    header: int  # 0-based header row (-1: none)
    label: int
    value: int | None


def detect_indented(rows: list[list[object]]) -> IndentSpec | None:
    width = max((len(r) for r in rows[:200]), default=0)
    for label in range(min(width, 4)):
        indented = [r for r, row in enumerate(rows[:500]) if label < len(row) and _indent(row[label]) > 0
                    and as_text(row[label])]
        if len(indented) < 2:
            continue
        first = next(r for r, row in enumerate(rows) if label < len(row) and as_text(row[label]))
        header = first if not any(number(c) is not None for c in rows[first][label + 1:]) and \
            _indent(rows[first][label]) == 0 and first < indented[0] - 1 else -1
        numeric = [c for c in range(label + 1, width)
                   if sum(1 for row in rows[header + 1:] if c < len(row) and number(row[c]) is not None) >= 2]
        return IndentSpec(header, label, numeric[0] if numeric else None)
    return None


class IndentedList:
    name = "indented"
    label = "indented list"

    def detect(self, raw: RawSheet, table: SheetLayout, settings: PlanSettings) -> SheetLayout | None:
        if len(table.mapping) > 3:
            return None  # a table with many known columns whose cells happen to start with spaces
        spec = detect_indented(raw.rows)
        if spec is None:
            return None
        headers = [as_text(c) for c in raw.rows[spec.header]] if spec.header >= 0 else []
        mapping = {spec.label: "name"} | ({spec.value: "fte"} if spec.value is not None else {})
        return SheetLayout(raw.name, self.name, spec.header, headers, mapping, {}, 85.0, spec)

    def read(self, raw: RawSheet, layout: SheetLayout, ctx: ReadContext) -> None:
        spec = layout.detail if isinstance(layout.detail, IndentSpec) else detect_indented(raw.rows)
        if spec is None:
            ctx.note(raw.name, None, None, "no indented names found; sheet skipped", kind="skipped")
            return
        head = (lambda c: layout.headers[c] if c < len(layout.headers) and layout.headers[c] else column_letter(c))
        roots: list[Node] = []
        stack: list[Node] = []
        values = []
        for r in range(spec.header + 1, len(raw.rows)):
            row = raw.rows[r]
            cell = row[spec.label] if spec.label < len(row) else ""
            text = as_text(cell)
            value = number(row[spec.value]) if spec.value is not None and spec.value < len(row) else None
            if not text:
                if value is not None:
                    ctx.note(raw.name, r + 1, None, "a number with no name; not read", kind="skipped")
                continue
            if is_total(text):
                ctx.note(raw.name, r + 1, head(spec.label), f"stated total {value:g}; kept as a total"
                         if value is not None else "total row; not a person", kind="total", field="fte",
                         value=None if value is None else f"{value:g}")
                continue
            node = Node(r + 1, _indent(cell), text, value)
            if value is not None:
                values.append(value)
            while stack and stack[-1].depth >= node.depth:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        scale = 100.0 if values and max(values) > 1.5 else 1.0
        ctx.note(raw.name, spec.header + 1 if spec.header >= 0 else None, None,
                 "read as: indented list; numbers read as " + ("percent (decided on the whole column)" if scale > 1
                                                               else "FTE fractions"))
        for root in roots:
            self._root(raw, ctx, root, scale)

    def _root(self, raw: RawSheet, ctx: ReadContext, root: Node, scale: float) -> None:
        leaves = _leaves(root)
        listed = sum((leaf.value or 0.0) for _, leaf in leaves) / scale
        stated = None if root.value is None else root.value / scale
        members_only = all(len(path) == 1 for path, _ in leaves)
        team = bool(root.children) and members_only and (
            bool(_TEAM.search(root.name)) or (stated is not None and abs(stated - listed) <= 0.01 and stated > 1.0))
        if team:
            for _, member in leaves:
                cells: dict[str, object] = {"group": root.name}
                if member.value is not None:
                    cells["capacity_fte"] = member.value / scale
                ctx.pending.mentions.append(Mention(member.name, ctx.file, raw.name, member.row, True, cells))
            if stated is not None:
                ctx.note(raw.name, root.row, None, f"team {root.name!r}: stated total {stated:g} FTE over "
                         f"{len(leaves)} members", kind="total", field="fte", value=f"{stated:g}")
                if abs(stated - listed) > 0.01:
                    ctx.note(raw.name, root.row, None, f"team {root.name!r} states {stated:g} FTE, its members add "
                             f"up to {listed:g}", kind="warning")
            return
        ctx.pending.mentions.append(Mention(root.name, ctx.file, raw.name, root.row, False))
        for path, leaf in leaves:
            where = f"{ctx.file}:{raw.name}:{leaf.row}"
            record: dict[str, object] = {"person_name": root.name, "vo": "", "duty": " / ".join(path),
                                         "source": where, "_where": where, "disposition": "",
                                         "notes": "from an indented list", "invalid": None}
            if leaf.value is not None:
                record["fte"] = round(leaf.value / scale, 6)
            ctx.pending.assignments.append(record)
        if stated is not None and leaves and abs(stated - listed) > 0.01:
            ctx.note(raw.name, root.row, None, f"{root.name}: stated {stated:g}, the tasks under them add up to "
                     f"{listed:g}", kind="warning")


register(IndentedList())
