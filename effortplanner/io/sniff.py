"""What a file is, told by its first few kilobytes, before any reader is tried.

A GanttProject file read as CSV is refused with "no recognisable header row", which
tells the user nothing. Sniffing names the file instead ("a GanttProject project
file"), routes project files to their reader, and refuses the rest in one line.
Cheap: one read of the head of the file, no parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 8192
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSPDI_NAMESPACE = "schemas.microsoft.com/project"
_XML_START = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*|<\?[^>]*\?>\s*)*"
                        r"<(?P<root>[\w:.-]+)"
                        r"(?P<attributes>[^>]*)>?", re.S)
# TaskJuggler: `project id "Name" 2024-01-01 +6m {` (or `project "Name" 2024-01-01 - 2024-06-30 {`).
_TJP_PROJECT = re.compile(r"^\s*project\s+(?:[A-Za-z_]\w*\s+)?\"[^\"]*\"\s+\d{4}-\d{2}-\d{2}", re.M)
_TJP_KEYWORDS = re.compile(r"^\s*(?:task|resource|macro|include|timezone|taskreport|resourcereport|"
                           r"supplement|flags|account)\s+[\w\"]", re.M)
_DELIMITERS = (",", ";", "\t", "|")
_MPP_STREAMS = ("   114", "   19", "TBkndTask", "Props14", "Props12", "Props9")  # OLE storages of .mpp files


@dataclass(frozen=True)
class FileKind:
    """A file's kind ("mspdi", "gan", "xlsx", "csv", …) and the words a user knows it by."""

    kind: str
    label: str
    advice: str = ""  # what to do instead, for a file refused

    @property
    def is_project(self) -> bool:
        """A project plan this application imports (MS Project XML, GanttProject)."""
        return self.kind in PROJECT_KINDS

    @property
    def is_foreign(self) -> bool:
        """A file no reader here can take: refused up front, with its name."""
        return self.kind in FOREIGN_KINDS


PROJECT_KINDS = ("mspdi", "gan")
FOREIGN_KINDS = ("mpx", "mpp", "tjp", "xml", "html", "json", "pdf", "text", "binary", "zip")
SPREADSHEET_KINDS = ("xlsx", "ods", "xls", "csv")


def sniff(path: str | Path) -> FileKind:
    """The kind of a file by its content (the name's suffix only breaks ties). OSError if unreadable."""
    from effortplanner.io.guard import checked_file, read_head

    path = checked_file(path, "workbook")  # a FIFO, device or folder is refused before it is opened
    return sniff_bytes(read_head(path, HEAD_BYTES), path.suffix.lower())


def sniff_bytes(head: bytes, suffix: str = "") -> FileKind:
    """The kind of a file from its first bytes."""
    if not head:
        return FileKind("empty", "an empty file")
    if head.startswith(b"PK"):
        return _zip_kind(head)
    if head.startswith(_OLE_MAGIC):
        if suffix in (".mpp", ".mpt") or any(m.encode("utf-16-le") in head for m in _MPP_STREAMS):
            return FileKind("mpp", "a Microsoft Project .mpp file", "in MS Project, save it as XML (File › Save As "
                                                                  "› XML Format) and import that")
        return FileKind("xls", "an Excel 97-2003 workbook")
    if head.startswith(b"%PDF"):
        return FileKind("pdf", "a PDF document")
    text = _decode(head)
    if text is None:
        return FileKind("binary", "a binary file, not a spreadsheet, CSV or project file")
    stripped = text.lstrip().lstrip("\ufeff").lstrip()
    if stripped.startswith("<"):
        return _xml_kind(stripped)
    if stripped.startswith(("{", "[")) and suffix in (".json", ".geojson", ""):
        return FileKind("json", "a JSON file")
    if stripped.upper().startswith("MPX,") or stripped.upper().startswith("MPX;"):
        return FileKind("mpx", "an MPX project file (Microsoft Project exchange format)",
                        "save it as MS Project XML in your project tool and import that")
    if _TJP_PROJECT.search(text) or (suffix in (".tjp", ".tji") and _TJP_KEYWORDS.search(text)):
        return FileKind("tjp", "a TaskJuggler project source", "export a CSV report from it with TaskJuggler "
                                                               "(one row per resource and task) and import that")
    if not _looks_tabular(text) and suffix not in (".csv", ".tsv"):  # a one-column CSV is still a table
        return FileKind("text", "a text file with no table in it (no line has columns separated by "
                                "commas, semicolons, tabs or bars)")
    return FileKind("csv", "a CSV or text table")


def _zip_kind(head: bytes) -> FileKind:
    if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
        return FileKind("ods", "an OpenDocument spreadsheet")
    if b"mimetypeapplication/vnd.oasis.opendocument" in head:
        return FileKind("zip", "an OpenDocument file that is not a spreadsheet")
    # An OOXML package; which one (workbook, document, presentation) the workbook reader tells
    # from the member names, which may sit anywhere in the archive.
    return FileKind("xlsx", "an Office Open XML package")


def _decode(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a multi-byte character cut by the end of the head
            return head[:exc.start].decode("utf-8-sig")
        return head.decode("cp1252", errors="replace")


def _xml_kind(text: str) -> FileKind:
    match = _XML_START.match(text)
    root = match.group("root") if match else ""
    attributes = match.group("attributes") if match else ""
    local = root.rpartition(":")[2]
    if local == "Project" and _MSPDI_NAMESPACE in attributes:
        return FileKind("mspdi", "a Microsoft Project XML file")
    if local == "project" and ("gantt" in attributes.lower() or "view-date" in attributes
                               or "<tasks" in text or "<resources" in text):
        return FileKind("gan", "a GanttProject project file")
    if local.lower() == "html" or text[:200].lower().startswith("<!doctype html"):
        return FileKind("html", "an HTML page")
    if local == "Workbook" and "urn:schemas-microsoft-com:office:spreadsheet" in attributes:
        return FileKind("xml", "an Excel 2003 XML spreadsheet", "open it in your spreadsheet program, save it as "
                                                                ".xlsx and import that")
    shown = f"<{root}>" if root else "unknown"
    return FileKind("xml", f"an XML file (root element {shown}) that is no spreadsheet or project file")


def _looks_tabular(text: str) -> bool:
    """Some line among the first has a column delimiter (a title line above the table may not)."""
    return any(d in line for line in text.splitlines()[:20] for d in _DELIMITERS)


READS = "Effort Planner reads spreadsheets (xlsx, xls, ods), CSV, MS Project XML and GanttProject files"


def sniff_readable(path: str | Path) -> FileKind | None:
    """The file's kind, or None when it cannot be opened (the reader says why). Foreign files are refused."""
    from effortplanner.io.errors import PlanReadError

    try:
        kind = sniff(path)
    except OSError:
        return None
    if kind.is_foreign:
        raise PlanReadError(f"{kind.label}; {kind.advice or READS}", file=path)
    return kind
