"""`show --json` and `check --json` write the same bytes as the code before the column-wise rewrite.

The expectations in tests/data/stable/ were written by the previous implementation (per-row
import, per-cell JSON): on the sample plan and on a small synthetic department with the
shapes of real sheets ("Will pick up X's assignments", transfer chains, short names).
A change that alters any byte of either output fails here, so a speed-up cannot quietly
change what users see. Renewed once since, for two intended changes checked line by line:
assignments gained `probability` (funding probability from period grids), and the sample
no longer proposes Tyler / Taylor Propp as one person (two first names, nothing in common).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from effortplanner import cli

DATA = Path(__file__).parent / "data"
STABLE = DATA / "stable"
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
WINDOW = ["--as-of", "2017-06-01", "--horizon", "2018-09-30"]

PLANS = {
    "sample": [SAMPLE / n for n in ("people.xlsx", "appendix_ii.xlsx", "activities.xlsx", "ramp_down.xlsx")],
    "scale": [STABLE / "scale_people.csv", STABLE / "scale_duties.csv"],
}


@pytest.mark.parametrize("plan", sorted(PLANS))
@pytest.mark.parametrize("command", ["show", "check"])
def test_json_output_is_unchanged(plan, command, capsys):
    args = [command, "--json", *(WINDOW if command == "check" else []), *map(str, PLANS[plan])]
    status = cli.main(args)
    out = capsys.readouterr().out
    expected = gzip.decompress((STABLE / f"{plan}.{command}.json.gz").read_bytes()).decode("utf-8")
    assert status in (0, 1)
    assert out == expected, f"{command} --json on the {plan} plan differs from the stored expectation"


def test_scale_expectation_exercises_the_real_sheet_shapes():
    """The stored department holds the dispositions the fast paths must get right."""
    duties = (STABLE / "scale_duties.csv").read_text(encoding="utf-8")
    assert duties.count("Will pick up") >= 20
    assert "Transfer to " in duties.replace("Transfer to the experiment", "").replace("Transfer to USDC", "")
    show = gzip.decompress((STABLE / "scale.show.json.gz").read_bytes()).decode("utf-8")
    assert '"successor":' in show
