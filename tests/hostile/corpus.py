"""A corpus of hostile and broken inputs, made at test time (nothing big is committed).

`make_corpus(folder)` writes every case and returns them as `Case`s: the file to
import and what must happen: "ok" (a right import, exit 0), "refused" (exit 2, one
line naming the file) or "either" (the file is odd but legal; exit 0 or a clean 2).
Run `python -m tests.hostile.corpus DIR` to write them for a look by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import sqlite3
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl


@dataclass
class Case:
    name: str
    path: Path
    expect: str  # ok | refused | either
    stdout_has: str = ""  # text a right import must show
    stdout_lacks: str = ""  # text that must never reach the terminal raw


HEADER = ["Name", "Assignment", "FTE", "End of Contract"]
ROWS = [["Ada Lovelace", "Calibration", 0.5, dt.datetime(2017, 3, 31)],
        ["Alan Turing", "Pipeline", 0.3, "Sept 2016"],
        ["Grace Hopper", "Archive", 0.2, "permanent"],
        ["Edsger Dijkstra", "Review", 0.4, dt.datetime(2016, 12, 31)]]


def _valid_xlsx(path: Path, rows: list[list[object]] | None = None, title: str = "Staff") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(HEADER)
    for row in rows if rows is not None else ROWS:
        sheet.append(row)
    book.save(path)
    return path


def _formula_header(path: Path, header: list[str], above: list[str] | None = None) -> Path:
    """The base rows under a header written as formulas: openpyxl stores them with no calculated value."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    if above:
        sheet.append(above)
    sheet.append(header)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def _rezip(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None],
           extra: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of a zip with each entry passed through `edit` (None drops it) and `extra` entries added."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", method) as zout:
        for info in zin.infolist():
            data = edit(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return target


def _sheet_edit(change: Callable[[str], str]) -> Callable[[str, bytes], bytes]:
    def edit(name: str, data: bytes) -> bytes:
        return change(data.decode()).encode() if name == "xl/worksheets/sheet1.xml" else data
    return edit


def _set_dimension(sheet_xml: str, ref: str) -> str:
    """The sheet's stored dimension replaced (openpyxl writes `<dimension ref="A1:D5" />`)."""
    changed, count = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', sheet_xml)
    assert count == 1, "the base sheet has one dimension"
    return changed


def _append_cells(xml: str) -> Callable[[str], str]:
    return lambda s: s.replace("</sheetData>", xml + "</sheetData>")


def _patch_bytes(source: Path, target: Path, patch: Callable[[bytearray], None]) -> Path:
    data = bytearray(source.read_bytes())
    patch(data)
    target.write_bytes(bytes(data))
    return target


def _set_compression(data: bytearray, method: int) -> None:
    """Rewrite every entry's compression method in the local and central headers."""
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        struct.pack_into("<H", data, at + 8, method)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        struct.pack_into("<H", data, at + 10, method)
        at += 4


def _lie_about_size(data: bytearray) -> None:
    """Declare every uncompressed size as 10 bytes (the real data is longer)."""
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        struct.pack_into("<I", data, at + 22, 10)
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        struct.pack_into("<I", data, at + 24, 10)
        at += 4


def _plan(folder: Path, base_xlsx: Path) -> Path:
    """A valid plan file made by the application itself from the base workbook."""
    from effortplanner.io.importer import import_files
    from effortplanner.io.planfile import save_plan

    path = folder / "valid.effortplan"
    save_plan(path, import_files([base_xlsx]))
    return path


def _plan_variant(good: Path, target: Path, sql: str) -> Path:
    shutil.copy(good, target)
    conn = sqlite3.connect(target)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return target


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
          "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                  for i in range(1, 10)) + "]>")


def make_corpus(folder: Path) -> list[Case]:  # noqa: PLR0915 - one line per case reads best
    folder.mkdir(parents=True, exist_ok=True)
    f = folder
    cases: list[Case] = []

    def add(name: str, path: Path, expect: str, has: str = "", lacks: str = "") -> None:
        cases.append(Case(name, path, expect, has, lacks))

    base = _valid_xlsx(f / "base.xlsx")
    add("valid workbook", base, "ok", "Ada Lovelace")
    sheet = _sheet_edit

    # Far cells and stored dimensions: the reader must never allocate their grid.
    add("value at XFD1048576", _rezip(base, f / "far_cell.xlsx", sheet(_append_cells(
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'))), "refused")
    add("value at AAAA99999999", _rezip(base, f / "aaaa.xlsx", sheet(_append_cells(
        '<row r="99999999"><c r="AAAA99999999" t="inlineStr"><is><t>x</t></is></c></row>'))), "refused")
    add("number at ZZZZZZZZZZ1", _rezip(base, f / "zzz.xlsx", sheet(_append_cells(
        '<row r="7"><c r="ZZZZZZZZZZ7"><v>1</v></c></row>'))), "refused")
    add("row number 20 digits", _rezip(base, f / "row20.xlsx", sheet(_append_cells(
        '<row r="99999999999999999999"><c r="A99999999999999999999"><v>1</v></c></row>'))), "refused")
    add("dimension A1:XFD1048576", _rezip(base, f / "dimension.xlsx", sheet(
        lambda s: _set_dimension(s, "A1:XFD1048576"))), "ok", "Ada Lovelace")
    add("cell tag with a line break before r, at XFD1048576", _rezip(base, f / "far_cell_newline.xlsx", sheet(
        _append_cells('<row r="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'))), "refused")
    add("far value under a dimension that hides it", _rezip(base, f / "far_hidden.xlsx", sheet(_append_cells(
        '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'))), "refused")
    add("styled empty cell at XFD1048576", _rezip(base, f / "far_style.xlsx", sheet(_append_cells(
        '<row r="1048576"><c r="XFD1048576" s="0"/></row>'))), "ok", "Ada Lovelace")
    add("merge over the whole sheet", _rezip(base, f / "merge_all.xlsx", sheet(
        lambda s: s.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                           "</mergeCells>"))), "either")
    add("cell refs without row numbers", _rezip(base, f / "bad_refs.xlsx", sheet(
        lambda s: s.replace('r="A2"', 'r="A0"').replace('r="B3"', 'r="-B3"').replace('r="C4"', 'r="4C"'))), "either")
    add("value far right in row 1", _rezip(base, f / "far_right.xlsx", sheet(
        lambda s: s.replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1))), "either")
    add("sheet over the cell limit", _big_sheet(f / "big_sheet.xlsx", 700_001), "refused")

    # Zip containers that lie or explode.
    add("unknown compression method", _patch_bytes(base, f / "method99.xlsx", lambda d: _set_compression(d, 99)),
        "refused")
    add("bzip2 compression", _rezip(base, f / "bzip2.xlsx", lambda n, d: d, method=zipfile.ZIP_BZIP2), "refused")
    add("sizes that lie", _patch_bytes(base, f / "liar.xlsx", _lie_about_size), "refused")
    add("zip bomb entry", _rezip(base, f / "bomb.xlsx", lambda n, d: d,
                                 {"xl/media/pad.bin": b"\0" * (64 << 20)}), "refused")
    add("20,000 entries", _rezip(base, f / "entries.xlsx", lambda n, d: d,
                                 {f"xl/x/{i}.txt": b"" for i in range(20_000)}, method=zipfile.ZIP_STORED), "refused")
    add("encrypted zip flag", _patch_bytes(base, f / "flagged.xlsx", _set_encrypted_flag), "refused")
    add("truncated workbook", _truncate(base, f / "truncated.xlsx", 0.5), "refused")
    add("truncated to the header", _truncate(base, f / "truncated_head.xlsx", 0.02), "refused")
    add("flipped bytes in a deflate stream", _patch_bytes(base, f / "flipped.xlsx", _flip_middle), "refused")
    add("word document named .xlsx", _rezip(base, f / "word.xlsx", lambda n, d: None,
                                            {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}),
        "refused")
    add("plain zip named .xlsx", _rezip(base, f / "plain.xlsx", lambda n, d: None, {"readme.txt": b"hi"}), "refused")
    add("no workbook.xml", _rezip(base, f / "no_workbook.xml.xlsx",
                                  lambda n, d: None if n == "xl/workbook.xml" else d), "refused")
    add("no shared strings but t=s", _rezip(base, f / "no_sst.xlsx",
                                            lambda n, d: None if n == "xl/sharedStrings.xml" else d), "either")
    add("shared string index out of range", _rezip(base, f / "sst_range.xlsx", sheet(
        lambda s: s.replace("<v>0</v>", "<v>999999</v>", 1))), "either")
    add("uniqueCount of four billion", _rezip(_xlsxwriter_book(f / "xw.xlsx"), f / "unique_count.xlsx", lambda n, d: (
        d.replace(b'uniqueCount="', b'uniqueCount="4832965716') if n == "xl/sharedStrings.xml" else d)), "refused")
    add("written by XlsxWriter", _xlsxwriter_book(f / "xlsxwriter.xlsx"), "ok", "Ada Lovelace")
    add("broken sheet XML", _rezip(base, f / "broken_xml.xlsx", sheet(lambda s: s[: len(s) // 2])), "refused")
    add("deeply nested XML", _rezip(base, f / "nested.xlsx", sheet(
        lambda s: s.replace("</sheetData>", "<x>" * 50_000 + "</x>" * 50_000 + "</sheetData>"))), "either")

    # XML entities: nothing may be fetched or expanded.
    add("XXE in a sheet", _rezip(base, f / "xxe.xlsx", _xxe_sheet), "refused")
    add("billion laughs in a sheet", _rezip(base, f / "laughs_sheet.xlsx", _laughs_sheet), "refused")
    add("billion laughs in shared strings", _rezip(base, f / "laughs_sst.xlsx", _laughs_sst), "either",
        lacks="lollollollollollollollollollollol")

    # Values at the edges.
    add("dates 9999-12-31 and 2300-01-01", _valid_xlsx(f / "far_dates.xlsx", [
        ["A", "x", 0.5, dt.datetime(9999, 12, 31)], ["B", "y", 0.5, "2300-01-01"],
        ["C", "z", 0.5, dt.datetime(1500, 1, 1)], ["D", "w", 0.5, "31/12/9999"]]), "ok", "9999")
    add("date serials far out", _rezip(base, f / "serials.xlsx", sheet(
        lambda s: s.replace("</sheetData>", '<row r="9"><c r="A9" t="inlineStr"><is><t>Z</t></is></c>'
                                           '<c r="D9" s="1"><v>99999999</v></c></row>'
                                           '<row r="10"><c r="A10" t="inlineStr"><is><t>Y</t></is></c>'
                                           '<c r="D10" t="d"><v>not a date</v></c></row>'
                                           '<row r="11"><c r="A11" t="inlineStr"><is><t>X</t></is></c>'
                                           '<c r="D11" t="d"><v>+275760-09-13T00:00:00</v></c></row>'
                                           "</sheetData>"))), "either")
    add("absurd FTEs", _rezip(base, f / "ftes.xlsx", sheet(lambda s: s.replace("</sheetData>", "".join(
        f'<row r="{10 + i}"><c r="A{10 + i}" t="inlineStr"><is><t>P{i}</t></is></c><c r="B{10 + i}" '
        f't="inlineStr"><is><t>d</t></is></c><c r="C{10 + i}"><v>{v}</v></c></row>'
        for i, v in enumerate(("NaN", "INF", "-INF", "1e308", "-1", "5000", "1e-320", "4.9e-324")))
        + "</sheetData>"))), "ok", "P7")
    add("error cells", _rezip(base, f / "errors.xlsx", sheet(lambda s: s.replace(
        "<v>0.5</v>", "<v>#DIV/0!</v>").replace('<c r="C2"', '<c t="e" r="C2"'))), "either")
    long_text = "L" * 2_000_000
    add("2 MB of text in one cell", _valid_xlsx(f / "long_text.xlsx", [["Long", long_text[:32000], 0.5, ""]]), "ok",
        "Long")
    add("NaN and inf FTE in CSV", _text(f / "nan.csv", "Name,Assignment,FTE\nA,x,nan\nB,y,inf\nC,z,-inf\n"
                                                        "D,w,1e308\nE,v,-0.5\n"), "ok", "FTE")

    # Formulas and hostile text.
    add("formula header without cached values", _rezip(base, f / "formula_header.xlsx", sheet(
        lambda s: s.replace('<c r="A1" t="s"><v>', '<c r="A1"><f>CONCAT("Na","me")</f><v>'))), "either")
    add("header of text formulas, no saved values", _formula_header(f / "formula_text_header.xlsx", [
        '="Name"', '="Assign"&"ment"', '="FTE"', '="End of Contract"']),
        "ok", "read from the formula text")
    add("header of formulas nothing calculated", _formula_header(f / "formula_refs_header.xlsx", [
        "=Sheet2!A1", '=UPPER("assignment")', "=Sheet2!C1", "=Sheet2!D1"]), "refused")
    add("unread formulas above the header", _formula_header(f / "formula_above.xlsx", HEADER,
                                                            above=["=Sheet2!A1", "=Sheet2!B1"]), "ok", "no saved value")
    add("formula payloads in cells", _text(f / "payload.csv", 'Name,Assignment,FTE\n"=cmd|\' /C calc\'!A0",x,0.5\n'
                                                             '"＝1+1",y,0.2\n" =HYPERLINK(""x"")",z,0.1\n'), "ok", "cmd")
    add("escape sequences in cells", _text(f / "escapes.csv", "Name,Assignment,FTE\n"
                                           "\x1b]0;pwned\x07Eve,\x1b[31mred\x1b[0m,0.5\nNul\x07Bell,a\u202eb,0.2\n"),
        "ok", "Eve", lacks="\x1b")
    add("bidi override in a name", _text(f / "bidi.csv", "Name,Assignment,FTE\n\u202eevE,x,0.5\n"), "ok", "evE",
        lacks="\u202e")
    add("sheet name with an escape", _valid_xlsx(f / "sheet_escape.xlsx", title="Staff\x1b"), "either", lacks="\x1b")
    newline_name = f / "two\nlines.xls"
    newline_name.write_bytes(b"not a spreadsheet at all")
    add("file name with a newline", newline_name, "refused")

    # CSV and text oddities.
    add("10 MB one-line CSV", _text(f / "one_line.csv", ",".join(f"c{i}" for i in range(1_300_000))), "refused")
    add("10 MB one-cell CSV", _text(f / "one_cell.csv", "x" * 10_000_000), "either")
    add("one column, 10 MB line", _text(f / "long_line.csv", "Name,Assignment,FTE\nA," + "y" * 10_000_000 + ",0.5\n"),
        "ok", "FTE")
    add("CSV over the cell limit", _text(f / "many_rows.csv", "Name,Assignment,FTE\n" +
                                         "".join(f"P{i},d,0.1\n" for i in range(700_000))), "refused")
    add("20,000 columns", _text(f / "wide.csv", ",".join(f"h{i}" for i in range(20_000)) + "\n"), "refused")
    add("binary named .csv", _bytes(f / "binary.csv", bytes(range(256)) * 40), "refused")
    add("NUL in the middle of a CSV", _bytes(f / "nul.csv", b"Name,Assignment,FTE\n" + b"A,x,0.5\n" * 2000 +
                                            b"B\x00,y,0.1\n"), "either")
    add("unbalanced quote", _text(f / "quote.csv", 'Name,Assignment,FTE\nA,"x,0.5\n' + "B,y,0.1\n" * 100), "either")
    add("UTF-16 CSV", _bytes(f / "utf16.csv", "Name,Assignment,FTE\nÅsa,x,0.5\n".encode("utf-16")), "ok", "Åsa")
    add("bad UTF-8 CSV", _bytes(f / "latin1.csv", "Name,Assignment,FTE\nJosé,x,0.5\n".encode("latin-1")), "ok", "Jos")
    add("only a BOM", _bytes(f / "bom.csv", b"\xef\xbb\xbf"), "refused")
    add("empty file", _bytes(f / "empty.xlsx", b""), "refused")
    add("empty CSV", _bytes(f / "empty.csv", b""), "refused")
    add("whitespace CSV", _text(f / "blank.csv", "\n\n   \n,,,\n"), "refused")

    # Not files at all.
    fifo = f / "fifo.csv"
    os.mkfifo(fifo)
    add("FIFO", fifo, "refused")
    zero = f / "zero.csv"
    zero.symlink_to("/dev/zero")
    add("link to /dev/zero", zero, "refused")
    null = f / "null.xlsx"
    null.symlink_to("/dev/null")
    add("link to /dev/null", null, "refused")
    (f / "folder.xlsx").mkdir()
    add("folder named .xlsx", f / "folder.xlsx", "refused")
    (f / "folder.effortplan").mkdir()
    add("folder named .effortplan", f / "folder.effortplan", "refused")
    dangling = f / "dangling.xlsx"
    dangling.symlink_to(f / "nowhere.xlsx")
    add("dangling link", dangling, "refused")
    add("missing file", f / "missing.csv", "refused")
    link = f / "link_to_valid.xlsx"
    link.symlink_to(base)
    add("link to a valid workbook", link, "ok", "Ada Lovelace")

    # Legacy and other workbook formats (read in a child process).
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    add("malformed .xls", _bytes(f / "malformed.xls", ole + b"\x00" * 100 + b"\xff" * 400), "refused")
    rnd = random.Random(15)
    add("OLE header then noise", _bytes(f / "noise.xls", ole + bytes(rnd.randrange(256) for _ in range(8192))),
        "refused")
    add("encrypted OOXML", _bytes(f / "encrypted.xlsx", ole + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le")),
        "refused")
    add("xlsx renamed .xls", _copy(base, f / "renamed.xls"), "ok", "Ada Lovelace")
    add("garbage .xlsb", _rezip(base, f / "garbage.xlsb", lambda n, d: None,
                                {"xl/workbook.bin": bytes(rnd.randrange(256) for _ in range(4096)),
                                 "[Content_Types].xml": b"<Types/>"}), "refused")
    add("ods with a million repeated columns", _ods(f / "repeat.ods"), "either")
    add("ods with broken content", _ods(f / "broken.ods", content=b"<office:document-content"), "refused")
    add("text named .xlsx", _text(f / "text.xlsx", "Name,Assignment\nA,b\n"), "refused")

    # Plan files are untrusted too.
    good = _plan(f, base)
    add("valid plan file", good, "ok", "Ada Lovelace")
    add("hash in a plan's name", _copy(good, f / "hash#name.effortplan"), "ok", "Ada Lovelace")
    add("notes is a recursive view", _plan_variant(good, f / "view.effortplan", (
        "DROP TABLE notes; CREATE VIEW notes AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) "
        "SELECT 'Baseline' scenario, x position, '' file, '' sheet, '' row, '' \"column\", '' message, '' kind, "
        "'' person, '' field, '' value FROM r;")), "refused")
    add("people lacks most columns", _plan_variant(good, f / "columns.effortplan", (
        "DROP TABLE people; CREATE TABLE people (scenario TEXT, position INTEGER, id TEXT, name TEXT);")), "refused")
    add("meta is missing", _plan_variant(good, f / "nometa.effortplan", "DROP TABLE meta;"), "refused")
    add("format version 99", _plan_variant(good, f / "v99.effortplan",
                                           "UPDATE meta SET value='99' WHERE key='format_version';"), "refused")
    add("format version text", _plan_variant(good, f / "vtext.effortplan",
                                             "UPDATE meta SET value='one' WHERE key='format_version';"), "refused")
    add("settings of the wrong type", _plan_variant(good, f / "settings.effortplan", (
        "UPDATE scenarios SET settings='{\"fy_start_month\": \"ten\", \"as_of\": 5, \"horizon\": \"soon\", "
        "\"dayfirst\": \"yes\", \"cadence_fte\": {\"daily\": 1e308}}';")), "ok", "setting fy_start_month")
    add("settings not JSON", _plan_variant(good, f / "settings_junk.effortplan",
                                           "UPDATE scenarios SET settings='{{{';"), "ok", "settings are damaged")
    add("dates out of range in a plan", _plan_variant(good, f / "dates.effortplan",
                                                      "UPDATE people SET contract_end='9999-12-31';"), "ok")
    add("text where a number belongs", _plan_variant(good, f / "fte_text.effortplan",
                                                     "UPDATE assignments SET fte='lots';"), "refused")
    add("next ids not JSON", _plan_variant(good, f / "next_ids.effortplan",
                                           "UPDATE scenarios SET next_ids='[1,2,';"), "refused")
    add("virtual table", _plan_variant(good, f / "virtual.effortplan", (
        "DROP TABLE milestones; CREATE VIRTUAL TABLE milestones USING fts5(scenario, position, id, name);")),
        "refused")
    add("plain SQLite", _plan_variant(good, f / "other.effortplan", "".join(
        f"DROP TABLE \"{t}\";" for t in ("meta", "scenarios", "notes", "changelog", "people", "assignments",
                                         "activities", "milestones")) + "CREATE TABLE t(x);"), "refused")
    add("truncated plan", _truncate(good, f / "truncated.effortplan", 0.5), "refused")
    add("SQLite header then noise", _bytes(f / "noise.effortplan", b"SQLite format 3\x00" +
                                           bytes(rnd.randrange(256) for _ in range(8192))), "refused")
    add("empty plan file", _bytes(f / "empty.effortplan", b""), "refused")
    return cases


def _big_sheet(path: Path, rows: int) -> Path:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c><c r="C{r}"><v>2</v></c></row>'
                   for r in range(1, rows + 1))
    base = _valid_xlsx(path.with_name("big_base.xlsx"))
    return _rezip(base, path, _sheet_edit(lambda s: s[: s.index("<sheetData>")] + "<sheetData>" + body +
                                          s[s.index("</sheetData>"):]))


def _xlsxwriter_book(path: Path) -> Path:
    """The base rows through XlsxWriter: shared strings, as Excel writes them."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Staff")
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, book.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def _xxe_sheet(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    text = data.decode()
    text = text[text.index("<worksheet"):]
    return ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
            text.replace("Ada Lovelace", "&xxe;")).encode()


def _laughs_sheet(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    text = data.decode()
    return (LAUGHS + text[text.index("<worksheet"):].replace("<v>0.5</v>", "<v>&lol9;</v>")).encode()


def _laughs_sst(name: str, data: bytes) -> bytes:
    if name != "xl/sharedStrings.xml":
        return data
    text = data.decode()
    return (LAUGHS + text[text.index("<sst"):].replace("Ada Lovelace", "&lol9;")).encode()


def _set_encrypted_flag(data: bytearray) -> None:
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:
        data[at + 6] |= 1
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        data[at + 8] |= 1
        at += 4


def _flip_middle(data: bytearray) -> None:
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0x5A


def _truncate(source: Path, target: Path, fraction: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: max(1, int(len(data) * fraction))])
    return target


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _copy(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    return target


def _ods(path: Path, content: bytes | None = None) -> Path:
    if content is None:
        content = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                   b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                   b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
                   b'<table:table table:name="Staff"><table:table-row><table:table-cell office:value-type="string">'
                   b'<text:p>Name</text:p></table:table-cell><table:table-cell office:value-type="string">'
                   b'<text:p>Assignment</text:p></table:table-cell></table:table-row>'
                   b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
                   b'table:number-columns-repeated="1000000" office:value-type="string"><text:p>x</text:p>'
                   b"</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
                   b"</office:document-content>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", b"<manifest/>")
    return path


if __name__ == "__main__":
    for case in make_corpus(Path(sys.argv[1])):
        print(f"{case.expect:8} {case.name}: {case.path}")
