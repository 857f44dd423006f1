"""Every hostile file gets a right import (exit 0) or one clear line naming it (exit 2): never a traceback,
an abort, a hang or unbounded memory. Each file runs in its own process under RLIMIT_AS and a timeout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .corpus import Case, make_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Case]:
    return make_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def outcomes(corpus) -> dict[str, dict]:
    """Run the whole corpus once through the forking runner (one Python start, one child per file)."""
    done = subprocess.run([sys.executable, "-m", "tests.hostile.runner", *[str(c.path) for c in corpus]],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, check=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    results = [json.loads(line) for line in done.stdout.splitlines()]
    return {r["path"]: r for r in results}


def test_the_corpus_covers_every_class(corpus) -> None:
    assert len(corpus) >= 60
    assert {c.expect for c in corpus} == {"ok", "refused", "either"}


def _check(case: Case, result: dict) -> None:
    code, err, out = result["code"], result["stderr"], result["stdout"]
    assert not result["timed_out"], f"{case.name}: still running after {result['seconds']} s"
    assert code in (0, 2), f"{case.name}: exit {code} (an abort or a crash): {err[-400:]}"
    assert "Traceback" not in err and "Exception ignored" not in err, f"{case.name}: {err[-600:]}"
    if case.expect == "ok":
        assert code == 0, f"{case.name}: refused: {err}"
    if case.expect == "refused":
        assert code == 2, f"{case.name}: imported, expected a refusal"
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1, f"{case.name}: {len(lines)} lines on stderr: {err!r}"
        shown = str(case.path).replace("\n", "\\n")
        assert shown in lines[0], f"{case.name}: the line does not name the file: {lines[0]}"
    else:
        assert err == "", f"{case.name}: {err!r}"
        if case.stdout_has:
            assert case.stdout_has in out, f"{case.name}: {case.stdout_has!r} not in the import"
    if case.stdout_lacks:
        assert case.stdout_lacks not in out + err, f"{case.name}: {case.stdout_lacks!r} reached the terminal"


def test_every_hostile_file_is_imported_or_refused_in_one_line(corpus, outcomes) -> None:
    failures = []
    for case in corpus:
        try:
            _check(case, outcomes[str(case.path)])
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert not failures, "\n".join(failures)


def test_the_real_command_line_on_a_few(corpus) -> None:
    """`python -m effortplanner show FILE` itself (not the forking runner) on a far cell, a FIFO and a valid file."""
    picks = {c.name: c for c in corpus}
    for name in ("value at XFD1048576", "FIFO", "valid workbook", "malformed .xls"):
        case = picks[name]
        done = subprocess.run([sys.executable, "-m", "effortplanner", "show", str(case.path)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        _check(case, {"code": done.returncode, "stderr": done.stderr, "stdout": done.stdout, "timed_out": False,
                      "seconds": 0})
