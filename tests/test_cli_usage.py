"""The launcher's usage errors, help, the sample's own date, and the desktop entry."""

from __future__ import annotations

import json

from effortplanner import cli
from effortplanner.cli_desktop import install_desktop
from effortplanner.sample import SAMPLE_FOLDER, is_sample, sample_files


def test_a_mistyped_command_is_a_usage_error_not_the_window(capsys, tmp_path) -> None:
    assert cli.main(["shwo", str(tmp_path / "plan.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "'shwo' is not a command" in err and "did you mean 'show'" in err and "usage:" in err


def test_help_lists_the_subcommands(capsys) -> None:
    try:
        cli.main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert all(f"  {command} " in out for command in cli.COMMANDS)


def test_the_cli_reads_the_bundled_sample_as_of_its_own_date(capsys) -> None:
    files = [str(p) for p in sample_files()]
    assert files and is_sample(files) and not is_sample([*files, "other.xlsx"])
    cli.main(["check", *files, "--json"])
    assert json.loads(capsys.readouterr().out)["as_of"] == "2016-03-30"
    cli.main(["check", *files, "--json", "--as-of", "2016-06-01"])  # an explicit date still wins
    assert json.loads(capsys.readouterr().out)["as_of"] == "2016-06-01"


def test_install_desktop_writes_the_entry_and_icons(tmp_path) -> None:
    written = install_desktop(tmp_path)
    entry = tmp_path / "applications" / "effortplanner.desktop"
    assert entry in written and all(p.is_file() for p in written)
    text = entry.read_text(encoding="utf-8")
    assert "Name=Effort Planner" in text and "Icon=effortplanner" in text and "Exec=" in text
    assert (tmp_path / "icons" / "hicolor" / "256x256" / "apps" / "effortplanner.png").stat().st_size > 1000
    assert SAMPLE_FOLDER.parent.name == "effortplanner"  # the sample lives inside the package
