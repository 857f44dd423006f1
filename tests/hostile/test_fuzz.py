"""The short fuzz run: 200 hypothesis mutants (cell values, sheet XML, zip bytes) of a valid workbook, in two
processes at once; every one must import cleanly or be refused in one line (no traceback, abort or hang).
The long run (10,000 cases) is `python -m tests.hostile.fuzz --cases 10000`, described in the README."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_two_hundred_mutants_are_each_imported_or_refused_in_one_line() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    runs = [subprocess.Popen([sys.executable, "-m", "tests.hostile.fuzz", "--cases", "100", "--seed", str(seed)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for seed in (1, 2)]
    summaries = []
    for run in runs:
        out, err = run.communicate(timeout=900)
        assert out.strip(), err[-2000:]
        summaries.append(json.loads(out.strip().splitlines()[-1]))
    for summary in summaries:
        assert summary["cases"] == 100
        assert summary["unhandled"] == summary["abort"] == summary["hang"] == 0, summary["failures"]
    assert sum(s["ok"] for s in summaries) > 0 and sum(s["refused"] for s in summaries) > 0
