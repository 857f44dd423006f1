"""A one-shot command leaves the collector as it found it while the process lives; its objects are
frozen when the process ends, so the interpreter's last collection does not walk them all again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, file=sys.stderr))  # runs last
from effortplanner.cli import main
for _ in range(2):
    main(["check", "--json", *sys.argv[1:]])
print("collector on:", gc.isenabled(), "frozen before exit:", gc.get_freeze_count() > 0, file=sys.stderr)
"""


def test_a_check_freezes_its_objects_only_at_exit() -> None:
    sample = sorted(str(p) for p in (ROOT / "effortplanner" / "sample_data").glob("*.xlsx"))
    done = subprocess.run([sys.executable, "-c", _PROBE, *sample], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert "collector on: True frozen before exit: False" in done.stderr
    assert "frozen at exit: True" in done.stderr
