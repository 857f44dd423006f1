"""A one-shot command reads its spreadsheets ahead, in a background thread, while its modules load
(io/prefetch.py): the same outputs, errors and exit codes as reading them in place, the files really
taken from the thread, never more than one file ahead, and no thread left when main() returns."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from effortplanner import cli
from effortplanner.io import prefetch, workbook
from effortplanner.io.errors import PlanReadError
from tests.hostile.corpus import make_corpus

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(str(p) for p in (ROOT / "effortplanner" / "sample_data").glob("*.xlsx"))
DATA = ROOT / "tests" / "data"
WINDOW = ["--as-of", "2016-06-01", "--horizon", "2017-09-30"]
# (command, whether the spreadsheets it reads are read ahead: not from a project file on, nor a file refused by
# its kind, or missing, before any read)
COMMANDS = [
    (["check", *WINDOW, "--json", *SAMPLES], True),
    (["check", *WINDOW, *SAMPLES], True),
    (["show", "--json", *SAMPLES], True),
    (["show", str(DATA / "appendix_ii_messy.ods")], True),  # read by a child process, from the thread
    (["show", "--json", str(DATA / "appendix_ii.csv")], True),
    (["check", *WINDOW, str(DATA / "appendix_ii_messy_openpyxl.xlsx"), str(DATA / "kinds" / "rollup.xlsx")], True),
    (["compare", "--json", *WINDOW, SAMPLES[3], str(DATA / "appendix_ii_messy_libreoffice.xlsx")], True),
    (["show", str(DATA / "project" / "small_mspdi.xml"), SAMPLES[0]], False),  # read in place after a project file
    (["show", str(DATA / "bad" / "truncated.xlsx")], True),
    (["show", str(DATA / "bad" / "password.xlsx")], True),
    (["check", *WINDOW, SAMPLES[0], str(DATA / "bad" / "not_a_spreadsheet.xlsx"), SAMPLES[1]], True),
    (["show", str(DATA / "bad" / "empty_sheet.xlsx")], True),
    (["show", str(DATA / "project" / "random.xml")], False),  # refused by its kind before any read
    (["show", str(ROOT / "no such file.xlsx")], False),  # refused before any read
]


@pytest.fixture(autouse=True)
def _a_core_free(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read ahead however busy the test machine is (the decision itself is tested below)."""
    monkeypatch.delenv("EFFORTPLANNER_READ_AHEAD", raising=False)
    monkeypatch.setattr(prefetch, "a_core_is_free", lambda: True)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert not [t for t in threading.enumerate() if t.name == "effortplanner-prefetch"], "a read-ahead thread is left"
    return code, out, err


@pytest.mark.parametrize(("argv", "all_ahead"), COMMANDS,
                         ids=[" ".join(Path(x).name for x in a if not x.startswith("-")) for a, _ in COMMANDS])
def test_read_ahead_gives_what_reading_in_place_gives(argv: list[str], all_ahead: bool,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    read_by: list[str] = []
    here = workbook.read_workbook_here

    def spied(path: Path | str) -> list[workbook.RawSheet]:
        read_by.append(threading.current_thread().name)
        return here(path)

    monkeypatch.setattr(workbook, "read_workbook_here", spied)
    ahead = _run(argv, capsys)
    ahead_reads = list(read_by)
    read_by.clear()
    monkeypatch.setattr(cli, "spreadsheets_read", lambda command, args: [])
    in_place = _run(argv, capsys)
    assert ahead == in_place  # exit code, stdout and stderr, byte for byte
    assert "effortplanner-prefetch" not in read_by
    assert len(ahead_reads) == len(read_by)  # no file read twice
    if all_ahead:
        assert ahead_reads and set(ahead_reads) == {"effortplanner-prefetch"}
    else:
        assert "effortplanner-prefetch" not in ahead_reads


def test_hostile_files_fail_or_import_alike_read_ahead_or_in_place(tmp_path: Path) -> None:
    """The hostile corpus (tests/hostile) through `show`, each file in its own process, both ways."""
    paths = [str(c.path) for c in make_corpus(tmp_path)]

    def outcomes(*flags: str) -> list[tuple[str, int, str, str]]:
        done = subprocess.run([sys.executable, "-m", "tests.hostile.runner", *flags, *paths], cwd=ROOT,
                              capture_output=True, text=True, timeout=900, check=True)
        return [(r["path"], r["code"], r["stdout"], r["stderr"]) for r in map(json.loads, done.stdout.splitlines())]

    ahead, in_place = outcomes(), outcomes("--no-read-ahead")
    assert len(ahead) == len(paths) >= 60
    assert [a for a, b in zip(ahead, in_place) if a != b] == []
    assert {code for _, code, _, _ in ahead} == {0, 2}


def test_an_error_in_the_thread_is_raised_where_the_file_is_taken(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    read: list[Path] = []

    def refuse(path: Path) -> list[workbook.RawSheet]:
        read.append(path)
        raise PlanReadError("is refused", file=path)

    with prefetch.reading_ahead([first, second], refuse):
        with pytest.raises(PlanReadError) as caught:
            workbook.read_workbook(first)
        assert str(caught.value) == f"{first}: is refused"
        with pytest.raises(PlanReadError, match="no such file"):  # read in place: the thread stopped at the error
            workbook.read_workbook(second)
    assert read == [first]


def test_one_file_ahead_at_most_and_the_thread_joined_even_when_nothing_is_taken(tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.xlsx" for n in range(3)]
    read: list[Path] = []
    reading = threading.Event()

    def slow(path: Path) -> list[workbook.RawSheet]:
        read.append(path)
        reading.set()
        threading.Event().wait(0.2)
        return [workbook.RawSheet(path.stem, [[path.stem]])]

    with prefetch.reading_ahead(paths, slow) as ahead:
        assert ahead is not None
        reading.wait(5)
        with pytest.raises(PlanReadError, match="no such file"):  # not the next in order: read in place
            workbook.read_workbook(paths[2])
    assert not ahead.thread.is_alive()
    assert read == [paths[0]]  # the second waits for the first to be taken; the block's end stopped it


def test_files_are_handed_over_once_in_order(tmp_path: Path) -> None:
    paths = [tmp_path / "a.xlsx", tmp_path / "a.xlsx", tmp_path / "b.xlsx"]

    def sheets(path: Path) -> list[workbook.RawSheet]:
        return [workbook.RawSheet(path.stem, [[path.name]])]

    with prefetch.reading_ahead(paths, sheets) as ahead:
        taken = [prefetch.take(p) for p in paths]
        assert prefetch.take(paths[0]) is None  # handed over already: a second import reads it again
    assert [t[0].rows for t in taken if t] == [[["a.xlsx"]], [["a.xlsx"]], [["b.xlsx"]]]
    assert ahead is not None and not ahead.thread.is_alive()
    assert prefetch.take(paths[0]) is None  # no command running: nothing read ahead


def test_nothing_is_read_ahead_for_a_plan_file_or_a_server() -> None:
    parse = cli._command_parser
    assert cli.spreadsheets_read("check", parse("check").parse_args(["plan.effortplan"])) == []
    assert cli.spreadsheets_read("show", parse("show").parse_args(["a.xlsx", "plan.effortplan"])) == []
    assert cli.spreadsheets_read("show", parse("show").parse_args(["postgresql://h/db", "a.xlsx"])) == []
    assert cli.spreadsheets_read("export", parse("export").parse_args(["a.xlsx", "-o", "o.xlsx"])) == []
    assert cli.spreadsheets_read("compare", parse("compare").parse_args(["p.effortplan", "b.xlsx"])) == [Path("b.xlsx")]
    assert cli.spreadsheets_read("check", parse("check").parse_args(["a.xlsx", "b.csv"])) == [Path("a.xlsx"),
                                                                                              Path("b.csv")]


def test_only_the_commands_thread_is_handed_the_sheets(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    elsewhere: list[object] = []

    def sheets(p: Path) -> list[workbook.RawSheet]:
        return [workbook.RawSheet(p.stem, [["a"]])]

    with prefetch.reading_ahead([path], sheets):
        other = threading.Thread(target=lambda: elsewhere.append(prefetch.take(path)))  # e.g. a window's import
        other.start()
        other.join()
        mine = prefetch.take(path)
    assert elsewhere == [None] and mine is not None and mine[0].rows == [["a"]]


@pytest.mark.parametrize(("cores", "load", "free"), [(2, 0.4, True), (2, 1.9, True), (2, 2.0, False), (2, 7.5, False),
                                                     (1, 0.0, False), (8, 6.0, True)])
def test_read_ahead_only_with_a_core_to_spare(cores: int, load: float, free: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real decision, on made-up machines
    monkeypatch.delenv("EFFORTPLANNER_READ_AHEAD", raising=False)
    monkeypatch.setattr(prefetch.os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(prefetch.os, "getloadavg", lambda: (load, load, load), raising=False)
    assert prefetch.a_core_is_free() is free
    with prefetch.reading_ahead([Path("a.xlsx")], lambda p: []) as ahead:
        assert (ahead is not None) is free


@pytest.mark.parametrize(("setting", "wanted"), [("0", False), ("1", True), ("", None), ("yes", None)])
def test_the_read_ahead_setting_overrides_the_machine(setting: str, wanted: bool | None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    monkeypatch.setenv("EFFORTPLANNER_READ_AHEAD", setting)
    for free in (True, False):  # the machine's answer, used only when the setting says nothing
        monkeypatch.setattr(prefetch, "a_core_is_free", lambda free=free: free)
        expected = free if wanted is None else wanted
        assert prefetch.read_ahead_wanted() is expected
        with prefetch.reading_ahead([Path("a.xlsx")], lambda p: []) as ahead:
            assert (ahead is not None) is expected


def test_no_thread_to_be_had_reads_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    with prefetch.reading_ahead([Path("a.xlsx")], lambda p: []) as ahead:
        assert ahead is None and prefetch.take(Path("a.xlsx")) is None
