"""`--screenshot` never waits on a dialog: a file it cannot read is one line and exit 2 (it starts the window)."""

from __future__ import annotations

from effortplanner import cli


def test_a_screenshot_of_an_unreadable_file_exits_2_with_one_line(capsys, tmp_path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook at all")
    assert cli.main(["--screenshot", str(tmp_path / "x.png"), str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.xlsx" in err[0]
    assert not (tmp_path / "x.png").exists()
