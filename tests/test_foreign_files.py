"""Files that are no spreadsheet are named for what they are, before any reader is tried."""

from __future__ import annotations

from pathlib import Path

import pytest

from effortplanner.cli import main
from effortplanner.io.errors import PlanReadError
from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.sniff import sniff, sniff_bytes

DATA = Path(__file__).resolve().parent / "data"
PROJECT = DATA / "project"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.mark.parametrize(("path", "kind"), [
    (SAMPLE / "people.xlsx", "xlsx"), (DATA / "appendix_ii_messy.ods", "ods"), (DATA / "appendix_ii.csv", "csv"),
    (DATA / "appendix_ii_semicolon.csv", "csv"), (PROJECT / "small_mspdi.xml", "mspdi"),
    (PROJECT / "house_building.gan", "gan"), (PROJECT / "localised.gan", "gan"), (PROJECT / "small.mpx", "mpx"),
    (PROJECT / "small.tjp", "tjp"), (PROJECT / "random.xml", "xml"), (PROJECT / "name_fte.csv", "csv"),
], ids=lambda v: v.name if isinstance(v, Path) else v)
def test_files_are_known_by_their_content(path: Path, kind: str) -> None:
    assert sniff(path).kind == kind


def test_content_wins_over_the_name(tmp_path: Path) -> None:
    disguised = tmp_path / "plan.csv"
    disguised.write_bytes((PROJECT / "house_building.gan").read_bytes())
    assert sniff(disguised).kind == "gan"
    assert list(import_files([disguised]).people["name"]) == ["Jack Architect", "Bob Builder", "Mary Mason"]


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "xls"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "   114".encode("utf-16-le"), "mpp"),
    (b"%PDF-1.7\n", "pdf"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b'{"people": []}', "json"),
    (b"Just some words\nwritten as prose\n", "text"),
    (b"\x00\x01\x02\x03binary", "binary"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project"><Name/>', "mspdi"),
    ("<?xml version='1.0'?><project name='x' view-date='2024-01-01'>".encode("utf-16"), "gan"),
    (b'project acso "ACSO" 2002-01-16 - 2002-04-26 {\n}\n', "tjp"),
])
def test_heads_of_other_files(head: bytes, kind: str) -> None:
    assert sniff_bytes(head).kind == kind


@pytest.mark.parametrize(("name", "words"), [
    ("small.mpx", "an MPX project file"),
    ("small.tjp", "a TaskJuggler project source"),
    ("random.xml", "an XML file (root element <catalog>) that is no spreadsheet or project file"),
])
def test_foreign_files_are_refused_with_what_they_are(name: str, words: str, capsys) -> None:
    assert main(["show", str(PROJECT / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"effortplanner: {PROJECT / name}: {words}")
    assert err.count("\n") == 1 and "header" not in err
    with pytest.raises(PlanReadError, match=words.replace("(", r"\(").replace(")", r"\)")):
        inspect_file(PROJECT / name)  # what the import dialog lists for the file


def test_plain_text_is_refused_as_text_with_no_table(tmp_path: Path) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("Meeting minutes\nWe agreed to ramp down OPOS.\n", encoding="utf-8")
    with pytest.raises(PlanReadError, match="a text file with no table in it"):
        import_files([path])


def test_a_name_and_fte_csv_is_never_told_name_and_fte_were_not_found() -> None:
    with pytest.raises(PlanReadError) as caught:
        import_files([PROJECT / "name_fte.csv"])
    message = str(caught.value)
    assert "row 1 has the columns 'Name', 'FTE'" in message
    assert "looked for columns" not in message and "no recognisable header" not in message
    assert "head that column 'Capacity'" in message  # what to do to read it
