"""Finding the spreadsheets a plan was imported from, and reading them again as the import did.

The plan remembers each file's path (`PlanSettings.sources`, saved in the plan file);
a file moved since is also looked for beside the plan file. Importing the files again
gives the plan as it was before any edit, with the same ids, which is what the copy is
compared with: a file changed since the import would pair the wrong rows, so it is
refused with a clear message instead.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from effortplanner.core.names import normalise
from effortplanner.core.plan import Plan
from effortplanner.core.values import as_text
from effortplanner.io.errors import PlanReadError
from effortplanner.io.importer import SheetPlan, import_files, inspect_file
from effortplanner.io.sheets import sheet_rows
from effortplanner.io.writeback.sheet import TABLE_OF_KIND, SheetSource

EDITABLE = (".xlsx", ".xlsm")


def find_sources(plan: Plan, plan_file: str | Path | None = None) -> list[Path]:
    """The source files in import order; one located error when the plan has none or one is missing."""
    recorded = plan.settings.sources
    where = str(plan_file) if plan_file else "the plan"
    if not isinstance(recorded, dict) or not recorded:
        raise PlanReadError("does not record the spreadsheets it was imported from; import them again "
                            "(File › Import Spreadsheet…) and save, then write back", file=where)
    paths = []
    for label, recorded_path in recorded.items():
        if not isinstance(label, str) or not isinstance(recorded_path, str):
            raise PlanReadError("records its source files in a form this version does not read", file=where)
        candidates = [Path(recorded_path)]
        if plan_file:
            candidates.append(Path(plan_file).resolve().parent / Path(label).name)
        found = next((c for c in candidates if c.is_file() and c.name == label), None)
        if found is None:
            raise PlanReadError(f"the source spreadsheet {label!r} is not found (looked for {recorded_path}"
                                f"{' and beside the plan file' if plan_file else ''})", file=where)
        paths.append(found)
    return paths


def imported_again(plan: Plan, paths: list[Path]) -> Plan:
    """The sources imported afresh with the plan's settings: the plan before every edit."""
    base = import_files(paths, settings=replace(plan.settings, sources={}))
    a, b = plan.assignments, base.assignments
    common = a.index.intersection(b.index)
    differs = [i for i in common if as_text(a.at[i, "source"]) != as_text(b.at[i, "source"])]
    if differs:
        where = as_text(b.at[differs[0], "source"]) or as_text(a.at[differs[0], "source"])
        label = where.split(":", 1)[0]
        raise PlanReadError("has changed since the plan was imported (its rows no longer match the plan's); "
                            "write back needs the spreadsheet as it was when imported", file=label)
    return base


def _row_of(source: object, label: str, sheet: str) -> int | None:
    prefix = f"{label}:{sheet}:"
    text = as_text(source)
    if not text.startswith(prefix) or not text[len(prefix):].isdigit():
        return None
    return int(text[len(prefix):])


def _people_by_name(plan: Plan) -> dict[str, str]:
    """Normalised name and aliases -> person id, for names that mean one person only."""
    seen: dict[str, list[str]] = {}
    for pid, name, aliases in zip(plan.people.index, plan.people["name"], plan.people["aliases"]):
        for key in {normalise(str(name))} | {normalise(a) for a in str(aliases or "").split(";") if a.strip()}:
            seen.setdefault(key, []).append(str(pid))
    return {key: ids[0] for key, ids in seen.items() if len(ids) == 1}


def sheet_sources(path: Path, base: Plan) -> list[tuple[SheetPlan, SheetSource | None]]:
    """Each sheet of a file, with what the import made of it (None for sheets it did not read)."""
    label = path.name
    out: list[tuple[SheetPlan, SheetSource | None]] = []
    for sheet in inspect_file(path):
        kind = sheet.layout.kind
        if kind not in TABLE_OF_KIND or not any(as_text(c) for row in sheet.raw.rows for c in row):
            out.append((sheet, None))
            continue
        rows = sheet_rows(sheet.raw.rows, sheet.raw.merged, sheet.layout, label).rows
        source = SheetSource(label, sheet.raw.name, sheet.layout, rows, sheet.raw.merged)
        table = TABLE_OF_KIND[kind]
        if table == "people":
            known = _people_by_name(base)
            for row in rows:
                name = as_text(row.values.get("name"))
                person = known.get(normalise(name)) or base.find_person(name) if name else None
                if person is not None and not row.is_total:
                    source.record_at[row.row] = person
        else:
            frame = base.tables[table]
            target = source.assignment_at if table == "assignments" else source.record_at
            for record_id, src in zip(frame.index, frame["source"]):
                row_number = _row_of(src, label, sheet.raw.name)
                if row_number is not None:
                    target[row_number] = record_id
        out.append((sheet, source))
    return out

