"""Write the planning sheets departments really keep, as importer fixtures (tests/data/kinds/).

    python tools/make_import_fixtures.py [OUT_DIR] [--refresh-external]

Each file is built like the ones met in the field: a national lab's staff-labor workbook
(title, metadata block, merged quarter bands, text month labels, available-hours and
processing-month rows, "Last, First" staff with monthly hours, Total row, "% covered"
column, one sheet per project), a rollup (staff x month hours), a per-person summary
(two-row header, project rows), a long-format CSV of monthly fractions (and the same in
percent with ';'), a weekly person x week report in person-days with nested tasks, and
an indented team/FTE list. The hand-worked values the tests assert are in
tests/test_import_kinds.py. Output is deterministic (openpyxl and csv only).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_data import save_deterministic  # noqa: E402  (same zip times, same bytes)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "kinds"

MONTHS = ["Oct-17", "Nov-17", "Dec-17", "Jan-18", "Feb-18", "Mar-18"]
PROCESSING = ["Sep 24-Oct 28", "Oct 29-Nov 25", "Nov 26-Dec 26", "Dec 27-Jan 23", "Jan 24-Feb 20", "Feb 21-Mar 27"]
AVAILABLE = [168, 152, 144, 160, 152, 176]


def _save(book: Workbook, path: Path) -> None:
    """Same bytes on every run: fixed document and zip times."""
    save_deterministic(book, path)


def staff_labor(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Detector Upgrade"
    sheet.append(["Staff Labor Plan - FY18 (hours)"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["2. Title:", "Detector Upgrade"])
    sheet.append(["1a. Project Number:", "12345"])
    sheet.append(["Probability %:", 80])
    sheet.append([])
    sheet.append(["", "Quarter 1 - FY18", "", "", "Quarter 2 - FY18"])
    sheet.merge_cells("B6:D6")
    sheet.merge_cells("E6:G6")
    sheet.append(["Staff", *MONTHS, "Total", "% of available hours covered"])
    sheet.append(["Processing Month =", *PROCESSING])
    sheet.append(["Wkg Hrs Available =", *AVAILABLE, sum(AVAILABLE)])
    staff = {
        "Lennon, John": [84, 76, 72, 80, 76, 88],
        "Starr, Ringo": list(AVAILABLE),
        "Harrison, George": [0, 0, 0, 40, 76, 88],
    }
    for name, hours in staff.items():
        sheet.append([name, *[h or None for h in hours], sum(hours), round(100 * sum(hours) / sum(AVAILABLE))])
    totals = [sum(h[i] for h in staff.values()) for i in range(6)]
    totals[4] = 300  # stated 300 h for Feb-18; the rows give 304
    sheet.append(["Total", *totals, sum(totals)])
    for cell in sheet[6]:
        cell.alignment = Alignment(horizontal="center")

    beam = book.create_sheet("Beam Studies")
    beam.append(["Staff Labor Plan - FY18 (hours)"])
    beam.append(["2. Title:", "Beam Studies"])
    beam.append(["1a. Project Number:", "67890"])
    beam.append(["Probability %:", 0.5])
    beam.append([])
    beam.append(["", "Quarter 1 - FY18", "", "", "Quarter 2 - FY18"])
    beam.merge_cells("B6:D6")
    beam.merge_cells("E6:G6")
    beam.append(["Staff", 1, 2, 3, 4, 5, 6, "Total"])
    rows = {"Lennon, John": [76] * 6, "Starr, Ringo": [0, 0, 0, 24, 0, 0], "Harrison, George": [0] * 5 + [76]}
    for name, hours in rows.items():
        beam.append([name, *[h or None for h in hours], sum(hours)])
    beam.append(["Total", *[sum(h[i] for h in rows.values()) for i in range(6)], sum(map(sum, rows.values()))])
    _save(book, path)


def rollup(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Staff Rollup"
    sheet.append(["Labor rollup, hours by staff and month"])
    sheet.append([])
    sheet.append(["Staff", "Jan 2018", "Feb 2018", "Mar 2018", "Notes"])
    sheet.append(["Mouse, Mickey", 152, 176, 152, "overtime in Feb"])
    sheet.append(["Duck, Donald", 76, 76, None])
    sheet.append(["Total", 228, 252, 152])
    _save(book, path)


def person_summary(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    sheet.append(["Employee: Doe, Jane"])
    sheet.append([])
    sheet.append(["Project", "Effort (FTE) by month"])
    sheet.merge_cells("B3:D3")
    sheet.append(["", "Jan 2018", "Feb 2018", "Mar 2018"])
    sheet.append(["Detector Upgrade", 0.5, 0.5, 0.5])
    sheet.append(["Beam Studies", 0.3, 0.3, 0.5])
    sheet.append(["Total", 0.8, 0.8, 1.0])
    _save(book, path)


LONG_ROWS = [
    ("Cara", "Engineer", "P1", "Alpha", "2024-01", 0.6, 1.0),
    ("Cara", "Engineer", "", "KTLO", "2024-01", 0.4, 1.0),
    ("Cara", "Engineer", "P1", "Alpha", "2024-02", 0.6, 1.0),
    ("Cara", "Engineer", "", "KTLO", "2024-02", 0.4, 1.0),
    ("Cara", "Engineer", "P1", "Alpha", "2024-03", 0.8, 1.3),
    ("Cara", "Engineer", "", "KTLO", "2024-03", 0.4, 1.3),
    ("Diego", "Analyst", "P2", "Beta", "2024-01", 0.5, 0.5),
    ("Diego", "Analyst", "P2", "Beta", "2024-02", 0.5, 0.5),
    ("Diego", "Analyst", "P2", "Beta", "2024-03", 0.5, 0.7),  # stated 0.7; the rows give 0.6
    ("Cara;Diego", "Support", "P3", "Gamma", "2024-03", 0.1, None),
]
LONG_HEADER = ["person", "role", "project_id", "project_name", "month", "project_alloc_pct", "total_pct"]


def long_table(path: Path, percent: bool = False) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";" if percent else ",")
        writer.writerow(LONG_HEADER)
        for *head, alloc, total in LONG_ROWS:
            scale = 100 if percent else 1
            writer.writerow([*head, f"{alloc * scale:g}", "" if total is None else f"{total * scale:g}"])


def weekly(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Weekly"
    sheet.append(["Weekly effort report (person-days)"])
    weeks = [datetime(2018, 1, d) for d in (1, 8, 15, 22)]
    sheet.append(["Resource", *weeks, "Total"])
    for cell in sheet[2][1:5]:
        cell.number_format = "yyyy-mm-dd"
    sheet.append(["Jill", 5, 5, 5, 5, 20])
    sheet.append(["  Plan Work", 3, 3, 3, 3, 12])
    sheet.append(["    Step 1", 2, 2, 2, 2, 8])
    sheet.append(["    Step 2", 1, 1, 1, 1, 4])
    sheet.append(["  Review", 2, 2, 2, 2, 8])
    sheet.append(["Bob", 2.5, 2.5, 5, 5, 15])
    _save(book, path)


def teams(path: Path) -> None:
    rows = [["Name", "FTE"], ["Team Red", "1.5"], ["  Alice", "0.5"], ["  Bob", "1.0"], ["Jill", ""],
            ["  Plan Work", ""], ["    Step 1", "0.3"], ["    Step 2", "0.2"], ["  Support", "0.5"]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def libreoffice_copies(out: Path, refresh: bool = False) -> str:
    """The staff-labor workbook as LibreOffice writes it (.xlsx and .ods); kept when present
    unless `refresh`, since LibreOffice output is not byte-for-byte stable."""
    targets = {"xlsx": out / "staff_labor_libreoffice.xlsx", "ods": out / "staff_labor_libreoffice.ods"}
    targets = {fmt: path for fmt, path in targets.items() if refresh or not path.exists()}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not targets:
        return "LibreOffice copies kept"
    if soffice is None:
        return "soffice not found: LibreOffice copies not made"
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, path in targets.items():
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/u", "--convert-to", fmt,
                            "--outdir", tmp, str(out / "staff_labor.xlsx")], check=True, capture_output=True,
                           timeout=180)
            shutil.move(str(Path(tmp) / f"staff_labor.{fmt}"), path)
    return f"LibreOffice copies written: {', '.join(p.name for p in targets.values())}"


def write_all(out: Path) -> None:
    """Every fixture made with openpyxl and csv (deterministic)."""
    out.mkdir(parents=True, exist_ok=True)
    staff_labor(out / "staff_labor.xlsx")
    rollup(out / "rollup.xlsx")
    person_summary(out / "person_summary.xlsx")
    long_table(out / "long_fractions.csv")
    long_table(out / "long_percent.csv", percent=True)
    weekly(out / "weekly_person_days.xlsx")
    teams(out / "teams_indented.csv")


def main(argv: list[str]) -> int:
    refresh = "--refresh-external" in argv
    argv = [a for a in argv if a != "--refresh-external"]
    out = Path(argv[0]) if argv else OUT
    write_all(out)
    print(f"wrote fixtures to {out}; {libreoffice_copies(out, refresh)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
