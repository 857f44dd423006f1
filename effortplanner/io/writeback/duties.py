"""A duty list written back: person blocks kept, duties moved between blocks, added, removed.

A duty list gives a person's name (and contract end) once, on the first row of their
block, as a blank continuation or a merged cell; the VO is given once for the rows
that share it. A block whose rows do not change is copied as it is, merges and all. A
block that gains, loses or reorders rows is laid out again the way the sheet does it:
the person's cells on its first row (merged over the block if the sheet merges them),
the VO where it changes, so that importing the copy reads the same plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.worksheet.worksheet import Worksheet

from effortplanner.core.names import normalise
from effortplanner.core.values import as_text
from effortplanner.io.sheets import FieldRow
from effortplanner.io.writeback.fields import Diff, Renderer
from effortplanner.io.writeback.grid import Mark, OutRow, apply, rebuild
from effortplanner.io.writeback.render import DateStyle, blank, text, was
from effortplanner.io.writeback.sheet import SheetResult, SheetSource, header_style_copy

PERSON_FIELDS = ("name", "contract_end")
_ARRIVAL = re.compile(r"^\s*((?:arriv\w*|start\w*|join\w*)\b\s*(?:on\s+)?)", re.I)
DUTY_FIELDS = ("vo", "duty", "fte", "fte_estimate", "start", "end", "disposition", "notes", "activity", "cadence",
               "volume", "successor", "handover_to")


@dataclass
class Entry:
    kind: str  # "orig" | "moved" | "new" | "person" (a block's own row, its duties gone)
    row: int | None  # original row copied
    aid: str | None = None
    removed: bool = False  # kept struck through
    from_person: object = None


@dataclass
class Block:
    person: object  # person id in the imported plan (None: rows above the first name)
    head: int | None  # the row that names the person
    name_text: str = ""
    rows: list[int] = field(default_factory=list)
    spacers: list[int] = field(default_factory=list)  # blank or total rows after the block
    entries: list[Entry] = field(default_factory=list)


class DutySheet:
    """Plans and writes one duty-list sheet of one copy."""

    def __init__(self, ws: Worksheet, source: SheetSource, diff: Diff, new_here: list[str]) -> None:
        self.ws, self.src, self.diff, self.new_here = ws, source, diff, new_here
        self.layout = source.layout
        self.cols = {name: index + 1 for index, name in source.layout.mapping.items()}
        self.by_row = {r.row: r for r in source.rows}
        self.first = source.layout.header_row + 2
        self.last = max(self.by_row, default=self.first - 1)
        self.blocky = any("name" in r.filled for r in source.rows)
        merged_starts = {(m[1] + 1) for m in source.merged if m[0] >= source.layout.header_row + 1 and m[2] > m[0]}
        self.merge_cols = merged_starts
        self.result = SheetResult(source.label, source.sheet)
        values = {f: [self._original(r.row, f) for r in source.rows] for f in self.cols}
        self.render = Renderer(diff, "assignments", set(self.cols),
                               styles={f: DateStyle(v) for f, v in values.items()})
        self.people = Renderer(diff, "people", set(self.cols), styles=dict(self.render.styles))

    # --- reading the sheet as it was ----------------------------------------------------------
    def _original(self, row: int | None, name: str) -> object:
        if row is None or name not in self.cols:
            return None
        return self.ws.cell(row, self.cols[name]).value

    def _aid(self, row: int) -> str | None:
        return self.src.assignment_at.get(row)

    def _blocks(self) -> tuple[list[int], list[Block]]:
        """The sheet's rows grouped by person, as the importer reads them; blank rows trail their block."""
        leading: list[int] = []
        blocks: list[Block] = []
        current: Block | None = None
        for r in range(self.first, self.last + 1):
            fr = self.by_row.get(r)
            if fr is None or fr.is_total:
                (current.spacers if current is not None else leading).append(r)
                continue
            name = as_text(fr.values.get("name"))
            if self.blocky:
                starts = bool(name) and "name" not in fr.filled
            else:
                starts = current is None or normalise(name) != normalise(current.name_text)
            if starts or current is None:
                current = Block(self._person_of(fr) if starts else None, r if starts and name else None, name)
                blocks.append(current)
            elif current.spacers:  # a continuation after a blank row: the blank row is inside the block
                current.rows.extend(current.spacers)
                current.spacers = []
            current.rows.append(r)
        return leading, blocks

    def _person_of(self, fr: FieldRow) -> object:
        aid = self._aid(fr.row)
        if aid is not None:
            person = self.diff.cell("base", "assignments", aid, "person")
            return None if blank(person) else person
        name = as_text(fr.values.get("name"))
        return self.diff.base.find_person(name) if name else None

    # --- the new layout -----------------------------------------------------------------------
    def _lay_out(self, blocks: list[Block]) -> list[Block]:
        d = self.diff
        pending: list[tuple[Entry, object]] = []
        for block in blocks:
            gone = block.person is not None and not d.exists("plan", "people", block.person)
            for r in block.rows:
                fr = self.by_row.get(r)
                aid = self._aid(r)
                if fr is None or aid is None:  # the person's own row, or a blank row inside the block
                    if not gone or d.strike:
                        block.entries.append(Entry("orig", r, removed=gone and fr is not None))
                    continue
                if not d.exists("plan", "assignments", aid):
                    if d.strike:
                        block.entries.append(Entry("orig", r, aid, removed=True))
                    self.result.removed.append(aid)
                    continue
                owner = d.cell("plan", "assignments", aid, "person")
                owner = None if blank(owner) else owner
                if owner == block.person and not gone:
                    block.entries.append(Entry("orig", r, aid))
                else:
                    pending.append((Entry("moved", r, aid, from_person=block.person), owner))
        for aid in self.new_here:
            owner = d.cell("plan", "assignments", aid, "person")
            pending.append((Entry("new", None, aid), None if blank(owner) else owner))
        last_block = {b.person: b for b in blocks}  # a person's duties join their last block in the sheet
        for entry, owner in pending:
            target = last_block.get(owner)
            if target is not None and owner is not None and not d.exists("plan", "people", owner):
                target = None
            if target is None:
                target = last_block[owner] = Block(owner, None)
                blocks.insert(0, target) if owner is None and self.blocky else blocks.append(target)
            target.entries.append(entry)
            (self.result.moved if entry.kind == "moved" else self.result.added).append(entry.aid)  # type: ignore[arg-type]
        kept = []
        for block in blocks:
            alive = block.person is not None and d.exists("plan", "people", block.person)
            if alive and block.head is not None and not any(e.aid is not None for e in block.entries) and \
                    not any(e.row == block.head for e in block.entries):
                block.entries.insert(0, Entry("person", block.head))  # the person stays, without duties
            if block.entries:
                kept.append(block)
        return kept

    @staticmethod
    def _restructured(block: Block) -> bool:
        return [(e.kind, e.row) for e in block.entries] != [("orig", r) for r in block.rows]

    # --- writing --------------------------------------------------------------------------------
    def write(self) -> SheetResult:
        leading, blocks = self._blocks()
        self.render.names = {str(b.person): b.name_text for b in blocks if b.person is not None and b.name_text}
        originals = [r for b in blocks for r in b.rows + b.spacers]
        blocks = self._lay_out(blocks)
        self._add_fte_column(blocks)
        out: list[OutRow] = [OutRow(source=r) for r in leading]
        merges: list[tuple[int, int, int, int]] = []
        template = self.first if self.by_row else None
        for block in blocks:
            restructure = self._restructured(block) or self._vo_changed(block)
            start = len(out)
            vo = [""]
            rows = [self._row(block, i, entry, restructure, template, vo) for i, entry in enumerate(block.entries)]
            out.extend(rows)
            if restructure:
                merges.extend(self._merges(block, rows, start))
            out.extend(OutRow(source=r) for r in block.spacers)
        identity = [o.source for o in out] == list(range(self.first, self.last + 1)) and \
            len(leading) + len(originals) == self.last - self.first + 1
        if not identity:
            rebuild(self.ws, self.first, self.last, out, merges)
        apply(self.ws, self.first, out, self.ws.max_column)
        return self.result

    def _vo_changed(self, block: Block) -> bool:
        return any(e.aid is not None and e.kind == "orig" and not e.removed and
                   self.diff.exists("base", "assignments", e.aid) and
                   self.render.changed("vo", e.aid) for e in block.entries)

    def _row(self, block: Block, index: int, entry: Entry, restructure: bool, template: int | None,
             vo: list[str]) -> OutRow:
        row = OutRow(source=entry.row if entry.kind != "new" else None,
                     template=(block.rows[-1] if block.rows else template) if entry.kind == "new" else None)
        if restructure:
            row.regenerated = {self.cols[f] for f in ("name", "contract_end", "vo") if f in self.cols}
            self._person_cells(block, index, entry, row)
            vo[0] = self._vo_cell(block, index, entry, row, vo[0])
        elif index == 0:
            self._person_changes(block, row)
        if entry.kind == "person":
            for name in DUTY_FIELDS:
                if name in self.cols:
                    row.values[self.cols[name]] = None
            note = "No duties left in this block: " + self._where_gone(block)
            if "name" in self.cols:
                row.marks[self.cols["name"]] = Mark("changed", note)
            return row
        if entry.aid is None:
            if entry.removed:
                row.row_mark, row.strike = "removed", True
            return row
        self._duty_cells(entry, row)
        return row

    def _where_gone(self, block: Block) -> str:
        d = self.diff
        people = sorted({d.plan.person_name(d.cell("plan", "assignments", aid, "person")) or "nobody"
                         for r in block.rows if (aid := self._aid(r)) and d.exists("plan", "assignments", aid)})
        return f"moved to {', '.join(people)}" if people else "removed"

    def _person_cells(self, block: Block, index: int, entry: Entry, row: OutRow) -> None:
        """Name and contract end on the block's first row only (every row's name in a flat sheet)."""
        d = self.diff
        for name in PERSON_FIELDS:
            if name not in self.cols:
                continue
            column = self.cols[name]
            if index > 0 and not (self.blocky is False and name == "name"):
                row.values[column] = None
                continue
            if block.head is not None:
                row.values[column] = self._original(block.head, name)
            elif block.person is not None and d.exists("plan", "people", block.person):
                row.values[column] = self.people.value(name, block.person, None)  # type: ignore[arg-type]
                row.marks[column] = Mark("added", d.note_text("people", block.person))  # type: ignore[arg-type]
            else:
                row.values[column] = None
        if index == 0:
            self._person_changes(block, row)

    def _person_changes(self, block: Block, row: OutRow) -> None:
        d = self.diff
        person = block.person
        if block.head is None or person is None or not d.exists("plan", "people", person) or \
                not d.exists("base", "people", person):
            return
        for name in PERSON_FIELDS:
            if name in self.cols and self.people.changed(name, person):  # type: ignore[arg-type]
                original = self._original(block.head, name)
                row.values[self.cols[name]] = self.people.value(name, person, original)  # type: ignore[arg-type]
                row.marks[self.cols[name]] = Mark("changed", was(original, d.note_text("people", person)))  # type: ignore[arg-type]
                self.result.people.append(person)  # type: ignore[arg-type]
        self._arrival(block, row, str(person))

    def _arrival(self, block: Block, row: OutRow, person: str) -> None:
        """A contract-end cell that gives an arrival ("Arrives on April 4th, 2016") carries the start."""
        if "contract_end" not in self.cols or "start" in self.cols or not self.people.changed("start", person) or \
                self.people.changed("contract_end", person):
            return
        original = self._original(block.head, "contract_end")
        arrival = _ARRIVAL.match(text(original))
        if arrival is None:
            return
        self.people.styles.setdefault("start", self.people.styles.get("contract_end") or DateStyle([]))
        start = self.people.value("start", person, text(original)[arrival.end():])
        column = self.cols["contract_end"]
        row.values[column] = f"{arrival.group(1)}{start}" if start else None
        row.marks[column] = Mark("changed", was(original, self.diff.note_text("people", person)))
        self.result.people.append(person)

    def _vo_cell(self, block: Block, index: int, entry: Entry, row: OutRow, previous: str) -> str:
        """The VO where it starts or changes; blank where the row above's VO holds. Returns the VO now in force."""
        if "vo" not in self.cols:
            return previous
        column = self.cols["vo"]
        if entry.aid is None or entry.kind == "person":
            row.values[column] = None
            return previous
        vo = text(self.diff.cell("base" if entry.removed else "plan", "assignments", entry.aid, "vo"))
        fr = self.by_row.get(entry.row or 0)
        explicit = fr is not None and entry.kind == "orig" and bool(as_text(fr.values.get("vo"))) and \
            "vo" not in fr.filled
        # A flat sheet (a name on every row) gives every row its VO: nothing is carried down there.
        row.vo_start = explicit or not self.blocky or not previous or vo != previous
        row.values[column] = vo if row.vo_start else None
        return vo

    def _duty_cells(self, entry: Entry, row: OutRow) -> None:
        d, aid = self.diff, entry.aid
        assert aid is not None
        notes = d.note_text("assignments", aid)
        if entry.kind == "new":
            for name in DUTY_FIELDS:
                if name in self.cols and name != "vo":
                    row.values[self.cols[name]] = self.render.value(name, aid, None)
            if "vo" in self.cols and self.cols["vo"] not in row.values:
                row.values[self.cols["vo"]] = self.render.value("vo", aid, None)
            row.row_mark = "added"
            if "duty" in self.cols:
                row.marks[self.cols["duty"]] = Mark("added", _join("Added", notes))
            return
        if entry.removed:
            row.row_mark, row.strike = "removed", True
            if "duty" in self.cols:
                row.marks[self.cols["duty"]] = Mark("removed", _join("Removed", notes))
            return
        moved = entry.kind == "moved"
        for name in DUTY_FIELDS:
            if name not in self.cols:
                continue
            original = self._original(entry.row, name)
            if name == "vo" and self.cols["vo"] in row.values:  # laid out with its block
                if self.render.changed("vo", aid):
                    row.marks[self.cols["vo"]] = Mark("changed", was(original, notes))
                continue
            if self.render.changed(name, aid) or (moved and name == "disposition"):
                value = self.render.value(name, aid, original, moved=moved)
                if value == original and not self.render.changed(name, aid):
                    continue
                row.values[self.cols[name]] = value
                row.marks[self.cols[name]] = Mark("changed", was(original, notes))
                if aid not in self.result.changed and not moved:
                    self.result.changed.append(aid)
        if moved:
            row.row_mark = "moved"
            who = d.base.person_name(entry.from_person) or "nobody"
            if "duty" in self.cols:
                mark = row.marks.get(self.cols["duty"])
                row.marks[self.cols["duty"]] = Mark("moved", _join(f"Moved from {who}",
                                                                   mark.comment if mark else notes))

    def _add_fte_column(self, blocks: list[Block]) -> None:
        """A sheet without an FTE column gets one when the plan now gives a duty an FTE."""
        if "fte" in self.cols or "fte_estimate" in self.cols:
            return
        d = self.diff
        wanted = [e.aid for b in blocks for e in b.entries if e.aid is not None and not e.removed and
                  not blank(d.cell("plan", "assignments", e.aid, "fte")) and
                  (e.kind == "new" or self.render.changed("fte", e.aid))]
        if not wanted:
            return
        column = self.ws.max_column + 1
        header = self.layout.header_row + 1
        header_style_copy(self.ws, header, column - 1, column, "FTE")
        self.cols["fte"] = column
        self.result.notes.append(f"{self.src.label}, sheet {self.src.sheet!r}: the sheet had no FTE column; "
                                 f"one was added (column {self.ws.cell(header, column).column_letter})")

    def _merges(self, block: Block, rows: list[OutRow], start: int) -> list[tuple[int, int, int, int]]:
        """Merged name and contract-end cells over the block, VO over its runs, where the sheet merges them."""
        first = self.first + start
        last = first + len(rows) - 1
        out = []
        for name in PERSON_FIELDS:
            if name in self.cols and self.cols[name] in self.merge_cols and self.blocky and last > first:
                out.append((self.cols[name], first, self.cols[name], last))
        if "vo" in self.cols and self.cols["vo"] in self.merge_cols:
            column = self.cols["vo"]
            run: int | None = None
            for index, row in enumerate([*rows, OutRow(source=None)]):
                if row.vo_start is False:
                    continue  # the run goes on
                if run is not None and index - 1 > run:
                    out.append((column, first + run, column, first + index - 1))
                run = index if row.vo_start else None
        return out


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
