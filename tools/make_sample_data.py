"""Write the seed's data as a department would keep it, plus importer test fixtures.

    python tools/make_sample_data.py            # sample_data/ + tests/data/
    python tools/make_sample_data.py --no-soffice   # skip LibreOffice/encrypted files
    python tools/make_sample_data.py --refresh-external  # remake those even if present

Everything made with openpyxl (and the CSV files) is byte-for-byte deterministic.
The LibreOffice conversions and the encrypted workbook are made by
``write_external_fixtures``, which keeps existing files unless asked, and is
skipped when ``soffice`` / ``msoffcrypto`` are unavailable. Text from the seed (dates included) is kept verbatim as text.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
DATA = ROOT / "tests" / "data"
BAD = DATA / "bad"
FIXED_TIME = datetime(2016, 3, 30, 12, 0, 0)
Row = Sequence[object]

# --------------------------------------------------------------------------- seed data
MESSY_TITLE = "SCD / OPOS \u2014 current assignments (draft 2016-03-30)"
APPENDIX_II_HEADER = ["Name", "VO", "Assignment", "End of Contract", "FY17"]
TX, TU = "Transfer to the experiment", "Transfer to USDC"
# Verbatim from the seed's Appendix II; None = blank cell, the all-None row is the
# blank row after Qiulan's block.
APPENDIX_II: list[list[str | None]] = [
    ["Filipe", "NOvA FD", "Stage data from tape to dCache (monthly)", "July, 21st 2017", TX],
    [None, None, "MC production (on demand)", None, TX],
    [None, None, "Backprocessing (on demand)", None, TX],
    [None, "MINERvA", "MC production (on demand)", None, TX],
    [None, "MINOS+", "Keepup for MINOS+ (daily)", None, TX],
    ["Paola", "NOvA", "raw2root keep-up (daily) about 2K jobs, 50K files", "July 31st, 2016", TX],
    [None, None, "ND MC Reconstruction on AWS - on demand", None, TX],
    [None, "All", "POMS feedback", None, TU],
    [None, "All", "AWS submission documentation", None, TX],
    ["Qiulan", "NOvA", "reconstruction keep-up (daily) 400 jobs", "April 1st, 2016",
     "Felipe first, then transfer to the experiment"],
    [None, "All", "Contribution to Monitoring: condor event log and dCache log parsing", None, TU],
    [None, None, None, None, None],
    ["Tyler", "NOvA", "Production Systems Monitoring (daily)", "June 30th, 2016", TX],
    [None, "MINERvA", "OFF-line systems monitoring (daily)", None, TX],
    ["Vito", "NOvA", "Monitoring the memory and disk usage of the raw2root and reco keepup "
     "processings (daily)", "Permanent position", TX],
    [None, None, "Daily monitoring and scan of the offsites accepting jobs.", None, TU],
    [None, "All", "Developing the unified submission tool set", None, TU],
    [None, None, "OPOS weekly meeting reports. Weekly SCS ops dashboard update", None,
     "Transfer to USDC (ops report)"],
    ["Michele", None, None, "Arrives on April 4th, 2016", "Will pick up Paola's assignments."],
    [None, "DUNE", None, None, None],
    [None, "LArIAT", "raw2digit", None, "----"],
]

ACTIVITIES_HEADER = ["Item", "Activity", "FTE", "Interns/associates", "Group", "Notes"]
ACTIVITIES: list[list[object]] = [
    [1, "Extend LArSoft CI service", 0.3, 1, "USDC",
     "Generalise the LArSoft CI framework so other experiments test workflows before "
     "production. Project management moves to USDC; major development stays in SDPS."],
    [2, "Application profiling", 0.3, 0, None,
     "Effort, documentation and good practices; starts from MicroBooNE LArSoft memory "
     "profiling, made reusable for other experiments."],
    [3, "On-board experiments to POMS", 0.3, 1, "USDC",
     "On-board all experiments to POMS; feature requests, troubleshooting, user "
     "documentation. Project management and support move to USDC; development stays in SDPS."],
    [4, "OPOS support tools for FIFE workflows", 0.2, 1, "USDC",
     "Build on existing OPOS tools and services for efficient, robust job and data "
     "workflows; best-practice support for production submission moves to USDC."],
    [5, "Train and mentor experiment production personnel", 0.5, 0, "USDC",
     "Anna Mazzacane: framework to train and mentor experiment post-docs taking over "
     "production; pilot with one or two legacy experiments in summer and fall 2016."],
    [6, "NOvA production and AWS submission", 0.05, 0, None,
     "Keep up the NOvA production submission work crucial for AWS submission and monitoring."],
    [None, "Total", 1.7, 3, None, "Total as stated in the proposal"],
]

PEOPLE_HEADER = ["Name", "Role", "Group", "Start", "Contract end", "Availability", "Notes",
                 "Placeholder"]
PEOPLE: list[list[str | None]] = [
    ["Anna Mazzacane", "Deputy head of USDC", "OPOS", None, None, 1.0,
     "moves to USDC as deputy head; CI project management, POMS project management "
     "and deployment", None],
    ["Vito Di Benedetto", "CI technical contributor", "OPOS", None, "Permanent position", 1.0,
     "moves to USDC; additional contributions to application profiling", None],
    ["Felipe Alba", "Intern 1", "OPOS", None, "leaving summer 2017", 1.0,
     "experiments on-boarding (GPgrid, OSG, HepCloud), MINOS & Minerva ramp down", None],
    ["Paola Buitrago", "Intern 2", "OPOS", None, "leaving on July 1st 2016", 1.0,
     "POMS development, NOVA HEP Cloud, NOvA ramp down", None],
    ["Taylor Propp", "on call", "OPOS", None, None, 0.2,
     "experiments production jobs monitoring", None],
    ["Michele Fattoruso", "Intern 3", "OPOS", "April 4th 2016", "leaving spring 2017?", 1.0,
     "experiments on-boarding (GPgrid, OSG, HepCloud), POMS development (?)", None],
    ["Juan Morales", "OSG visiting scientist", "OSG", None, "leaving on July 1st", None,
     "GratiaWeb for Gratia and GRACC; transfer to USDC only if the re-organization "
     "happens before July", None],
    ["Jen Adelman-McCarthy", "CMS production", "CMS production", None, None, None,
     "CMS Production team moves to USDC", None],
    ["Gaston", "Intern", "CMS production", None, None, None, None, None],
    ["Eliana", "Intern", "CMS production", None, None, None, None, None],
    ["Jorge", "Intern", "CMS production", None, None, None, None, None],
    ["Joe Boyd", "USDC group lead", "USDC", None, None, None, None, None],
    ["Lisa", "Administrative support", None, None, None, None,
     "to be trained to handle all issues related to CMS visiting scientists "
     "(interviewing, visa, housing, etc.)", None],
    ["A2 Associate (CI development)", "A2 Associate", "USDC", "2016", None, 1.0,
     "replaces Intern 2 (Paola); CI development and CI experiment on-boarding, "
     "documentation", "yes"],
    ["A2 Associate (Monitoring)", "A2 Associate", "USDC", "2017", None, 1.0,
     "replaces Intern 1 (Felipe); monitoring and debugging", "yes"],
    ["Associate for CI and Monitoring", "Associate", "USDC", "late summer 2016", None, 1.0,
     "hire associate for CI and Monitoring (\"we need it\")", "yes"],
]

RAMP_DOWN_HEADER = ["Step", "Milestone", "Owner", "When"]
ANNA, VITO = "Anna Mazzacane", "Vito Di Benedetto"
RAMP_DOWN: list[list[object]] = [
    [1, "Meet with experiments currently using OPOS services and brief them on the "
        "upcoming changes", None, None],
    [2, "Identify post-docs responsible for running production campaigns for NOvA, MINOS, "
        "MINERvA, DUNE and LArIAT", None, None],
    [3, "Start training these post-docs to submit and troubleshoot jobs via POMS and use "
        "FIFEMON for monitoring", None, None],
    [4, "Gradually decrease OPOS involvement in job submission; set a deadline to "
        "discontinue OPOS support for each experiment", None, None],
    [5, "Anna becomes POMS project manager", ANNA, "late Spring 2016"],
    [6, "Transfer Anna and Vito to USDC; Anna deputy group lead", None, "Summer 2016"],
    [7, "Decrease Vito's involvement in production submission and end it", VITO,
        "by summer 2016"],
    [8, "Anna becomes CI project manager", ANNA, "Summer 2016"],
    [9, "Vito working on CI for LArSoft and other experiments; starts CI monitoring as well",
        VITO, "by September 2016"],
    [10, "Transfer the two remaining interns (Felipe and Michele) to USDC and assign them to "
         "the CI and monitoring program", None, "Summer 2016?"],
    [11, "Train Lisa to handle all issues related to CMS visiting scientists (interviewing, "
         "visa, housing, etc.)", "Lisa", None],
    [12, "Transfer CMS group under USDC", None, None],
    [13, "Hire associate for CI and Monitoring (we need it)", None, "late summer 2016"],
    [14, "Continue AWS submission until there is a robust procedure with all the checks and "
         "alarms (done by one of the visiting scientists)", None, None],
]

NEW_HEADER = ["Name", "Group", "Activity", "Assignment", "FTE", "FTE (estimate)", "Start",
              "End", "Notes"]
A1, A2, A3, A4, A5, A6 = (str(a[1]) for a in ACTIVITIES[:6])
NEW_ASSIGNMENTS: list[list[object]] = [
    [ANNA, "USDC", A5, "Framework to train and mentor experiment production personnel", 0.5,
     None, "summer 2016", None, "pilot with one or two legacy experiments, summer and fall 2016"],
    [ANNA, "USDC", A3, "POMS project management and deployment", None, 0.2,
     "late Spring 2016", None, "Ramp Down Plan step 5"],
    [ANNA, "USDC", A1, "CI project management", None, 0.2, "Summer 2016", None,
     "Ramp Down Plan step 8"],
    [VITO, "USDC", A1, "CI technical contributor for LArSoft and other experiments", 0.3, None,
     "by September 2016", None, "production submission ends by summer 2016"],
    [VITO, "USDC", A2, "Application profiling (MicroBooNE LArSoft memory profiling, made "
     "reusable)", 0.3, None, None, None, "continues current contributions"],
    [VITO, "USDC", A1, "CI monitoring", None, 0.2, "September 2016", None,
     "Ramp Down Plan step 9"],
    ["Felipe Alba", "USDC", A4, "Experiments on-boarding (GPgrid, OSG, HepCloud)", None, 0.5,
     "Summer 2016", "summer 2017", "Intern 1"],
    ["Felipe Alba", "OPOS", None, "MINOS & MINERvA ramp down", None, 0.3, None, None, None],
    ["Michele Fattoruso", "USDC", A4, "Experiments on-boarding (GPgrid, OSG, HepCloud)", None,
     0.5, "Summer 2016", "spring 2017?", "Intern 3"],
    ["Michele Fattoruso", "USDC", A3, "POMS development", None, 0.5, "Summer 2016",
     "spring 2017?", "marked (?) in the proposal"],
    ["Paola Buitrago", "OPOS", None, "POMS development, NOvA HEP Cloud, NOvA ramp down", None,
     None, None, "July 1st 2016", "Intern 2"],
    ["Taylor Propp", "USDC", None, "Experiments production jobs monitoring", None, 0.2, None,
     None, "on call"],
    ["A2 Associate (CI development)", "USDC", A1,
     "CI development and CI experiment on-boarding, documentation", None, 1.0,
     "late summer 2016", None, "replaces Intern 2 (Paola)"],
    ["A2 Associate (Monitoring)", "USDC", A4, "Monitoring and debugging", None, 1.0, "2017",
     None, "replaces Intern 1 (Felipe)"],
    ["Juan Morales", "OSG", None, "GratiaWeb for Gratia and GRACC", None, None, None,
     "July 1st 2016", "year inferred: the proposal says 'leaving on July 1st'"],
    [None, None, A6, "AWS submission until a robust procedure with all checks and alarms "
     "exists", 0.05, None, None, None, "done by one of the visiting scientists"],
]


# --------------------------------------------------------------------------- helpers
def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` so that the same content always gives the same bytes."""
    wb.properties.creator = "Effort Planner sample data"
    wb.properties.created = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps "modified" with now(); pin it and the zip times
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(),
                              data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                         data, compress_type=zipfile.ZIP_DEFLATED)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_table(ws: Worksheet, header: Sequence[str], rows: Sequence[Row],
                widths: Sequence[int], start_row: int = 1,
                formats: dict[str, str] | None = None) -> None:
    """Plain department formatting: bold header, set widths, frozen header row.

    ``formats`` maps a header name to a number format (e.g. "0%")."""
    formats = formats or {}
    for col, name in enumerate(header, 1):
        ws.cell(row=start_row, column=col, value=name).font = Font(bold=True)
    for r, row in enumerate(rows, start_row + 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if header[c - 1] in formats:
                    cell.number_format = formats[header[c - 1]]
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)


def simple_workbook(path: Path, title: str, header: Sequence[str], rows: Sequence[Row],
                    widths: Sequence[int], formats: dict[str, str] | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    write_table(ws, header, rows, widths, formats=formats)
    save_deterministic(wb, path)


def blocks(rows: Sequence[Sequence[object]]) -> list[tuple[int, int]]:
    """(first, last) row indexes of each person's block; blank rows end a block."""
    out: list[tuple[int, int]] = []
    for i, row in enumerate(rows):
        if row[0] is not None:
            out.append((i, i))
        elif any(v is not None for v in row) and out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
    return out


# --------------------------------------------------------------------------- sample_data
def write_appendix_ii(path: Path) -> None:
    simple_workbook(path, "Current assignments", APPENDIX_II_HEADER, APPENDIX_II,
                    [12, 10, 70, 26, 44])


def write_activities(path: Path) -> None:
    simple_workbook(path, "Proposal", ACTIVITIES_HEADER, ACTIVITIES, [6, 46, 7, 18, 8, 90])


def write_people(path: Path) -> None:
    # Availability as Excel stores a typed "20%": the number 0.2 shown as a percentage.
    simple_workbook(path, "Roster", PEOPLE_HEADER, PEOPLE, [32, 24, 16, 16, 24, 12, 80, 12],
                    formats={"Availability": "0%"})


def write_ramp_down(path: Path) -> None:
    simple_workbook(path, "Ramp down plan", RAMP_DOWN_HEADER, RAMP_DOWN, [6, 100, 20, 18])


def write_new_assignments(path: Path) -> None:
    simple_workbook(path, "New assignments", NEW_HEADER, NEW_ASSIGNMENTS,
                    [30, 16, 44, 64, 6, 14, 18, 14, 56])


# --------------------------------------------------------------------------- fixtures
def write_appendix_ii_messy(path: Path) -> None:
    """Title row, blank row, other header words, vertically merged names/VOs/dates."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Assignments"
    ws["A1"] = MESSY_TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    header = ["Staff member", "Experiment", "Duty", "Contract ends", "Plan for FY17"]
    write_table(ws, header, APPENDIX_II, [16, 12, 48, 22, 40], start_row=3)
    for cell in ws[3]:
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    first = 4  # sheet row of APPENDIX_II[0]
    top = Alignment(vertical="top", wrap_text=True)
    for b0, b1 in blocks(APPENDIX_II):
        r0, r1 = first + b0, first + b1
        ws.cell(row=r0, column=1).font = Font(bold=True)
        for col in (1, 4):  # name and contract end over the whole block
            ws.cell(row=r0, column=col).alignment = top
            if r1 > r0:
                ws.merge_cells(start_row=r0, start_column=col, end_row=r1, end_column=col)
        # VO: a run of one VO (blank continuation = same VO, or repeated value)
        i = b0
        while i <= b1:
            vo, j = APPENDIX_II[i][1], i
            while vo is not None and j + 1 <= b1 and APPENDIX_II[j + 1][1] in (None, vo) \
                    and APPENDIX_II[j + 1][2] is not None:
                j += 1
            if j > i:
                ws.cell(row=first + i, column=2).alignment = top
                ws.merge_cells(start_row=first + i, start_column=2, end_row=first + j,
                               end_column=2)
            i = j + 1
    for r in range(first, first + len(APPENDIX_II)):
        if r % 3 == 0:
            ws.cell(row=r, column=3).alignment = Alignment(wrap_text=True)
    save_deterministic(wb, path)


def write_csvs(plain: Path, semicolon: Path) -> None:
    rows = [["" if v is None else v for v in row] for row in APPENDIX_II]
    with plain.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([APPENDIX_II_HEADER, *rows])
    title = [MESSY_TITLE, "", "", "", ""]
    # As Excel (de/fr/it locale) exports: every line has all separators, CRLF, cp1252.
    with semicolon.open("w", encoding="cp1252", newline="") as f:
        csv.writer(f, delimiter=";").writerows(
            [title, [""] * 5, APPENDIX_II_HEADER, *rows])


def write_bad_fixtures(bad: Path, real_xlsx: Path) -> None:
    bad.mkdir(parents=True, exist_ok=True)
    (bad / "not_a_spreadsheet.xlsx").write_text(
        "Name,VO,Assignment\nThis is a plain text file that was renamed to .xlsx.\n",
        encoding="utf-8")
    data = real_xlsx.read_bytes()
    (bad / "truncated.xlsx").write_bytes(data[: len(data) // 2])

    wb = Workbook()
    wb.active.title = "Sheet1"
    save_deterministic(wb, bad / "empty_sheet.xlsx")

    rng = random.Random(20160330)
    words = ["alpha", "keep-up", "tape", "grid", "42", "n/a", "dCache", "x", "TBD", "ok"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in range(1, 16):
        for c in range(1, 7):
            ws.cell(row=r, column=c,
                    value=rng.choice(words) if rng.random() < 0.4
                    else round(rng.uniform(-100, 1000), rng.choice([0, 2])))
    save_deterministic(wb, bad / "no_header.xlsx")

    simple_workbook(bad / "bad_values.xlsx", "Duties",
                    ["Name", "VO", "Assignment", "FTE", "End of Contract"], [
                        ["Filipe", "NOvA FD", "Stage data from tape to dCache (monthly)", 0.1,
                         "July, 21st 2017"],
                        ["Paola", "NOvA", "raw2root keep-up (daily)", "lots", "July 31st, 2016"],
                        ["Tyler", "NOvA", "Production Systems Monitoring (daily)", 0.2, "soon"],
                        ["Vito", "All", "Developing the unified submission tool set", -0.3,
                         "Permanent position"],
                        ["Michele", "LArIAT", "raw2digit", 0.25, "April 1st, 2017"],
                    ], [10, 10, 44, 8, 20])


def write_external_fixtures(data: Path, messy: Path, refresh: bool) -> list[str]:
    """LibreOffice re-saves and the encrypted workbook; returns notes.

    Their bytes change on every run (timestamps, random salt), so existing files
    are kept unless ``refresh``."""
    notes: list[str] = []
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    targets = [(fmt, t) for fmt, t in (("xlsx", "appendix_ii_messy_libreoffice.xlsx"),
                                       ("ods", "appendix_ii_messy.ods"))
               if refresh or not (data / t).exists()]
    if soffice is None and targets:
        notes.append("soffice not found: skipped LibreOffice fixtures")
    elif targets:
        with tempfile.TemporaryDirectory() as tmp:
            for fmt, target in targets:
                subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/u",
                                "--convert-to", fmt, "--outdir", tmp, str(messy)],
                               check=True, capture_output=True, timeout=180)
                shutil.move(Path(tmp) / f"{messy.stem}.{fmt}", data / target)
                notes.append(f"wrote {target}")
    if (data / "bad" / "password.xlsx").exists() and not refresh:
        return notes
    try:
        import msoffcrypto  # type: ignore[import-not-found]  # fixture tool only
    except ImportError:
        notes.append("msoffcrypto-tool not installed: skipped bad/password.xlsx")
        return notes
    wb = Workbook()
    wb.active.append(["Name", "VO", "Assignment"])
    wb.active.append(["Vito", "All", "Developing the unified submission tool set"])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    with (data / "bad" / "password.xlsx").open("wb") as out:
        msoffcrypto.OfficeFile(plain).encrypt("secret", out)
    notes.append("wrote bad/password.xlsx (msoffcrypto, password 'secret')")
    return notes


# --------------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-soffice", action="store_true",
                        help="skip the LibreOffice and encrypted fixtures")
    parser.add_argument("--refresh-external", action="store_true",
                        help="remake the LibreOffice and encrypted fixtures even if present")
    args = parser.parse_args(argv)
    SAMPLE.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    write_appendix_ii(SAMPLE / "appendix_ii.xlsx")
    write_activities(SAMPLE / "activities.xlsx")
    write_people(SAMPLE / "people.xlsx")
    write_ramp_down(SAMPLE / "ramp_down.xlsx")
    write_new_assignments(SAMPLE / "new_assignments.xlsx")
    messy = DATA / "appendix_ii_messy_openpyxl.xlsx"
    write_appendix_ii_messy(messy)
    write_csvs(DATA / "appendix_ii.csv", DATA / "appendix_ii_semicolon.csv")
    write_bad_fixtures(BAD, SAMPLE / "appendix_ii.xlsx")
    if not args.no_soffice:
        for note in write_external_fixtures(DATA, messy, args.refresh_external):
            print(note)
    print(f"wrote sample data to {SAMPLE} and fixtures to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
