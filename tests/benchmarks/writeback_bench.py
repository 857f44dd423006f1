"""Write-back on a synthetic department, beside openpyxl's own load and save of the same file.

    python -m tests.benchmarks.writeback_bench [--people 2000 --assignments 20000 --moves 500]

Imports duties.xlsx, gives `--moves` duties to other people, changes as many FTEs, adds
and removes a hundred duties, then writes the copy back. The baseline is what any
openpyxl-based editor pays at least: load the workbook and save it unchanged. Printed:
each time, their ratio, and the size of each step, so a quadratic step shows up as a
ratio that grows with the size.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from effortplanner.core import edits, staffing
from effortplanner.io.importer import import_files
from effortplanner.io.writeback import WriteOptions, write_back
from tests.benchmarks.synthetic import write_department


def _timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--assignments", type=int, default=20000)
    parser.add_argument("--moves", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        print("writing the synthetic department…", file=sys.stderr)
        duties = write_department(folder / "in", people=args.people, assignments=args.assignments)["duties.xlsx"]
        plan = import_files([duties])
        rng = random.Random(args.seed)
        a = plan.assignments
        people = list(plan.people.index)
        chosen = rng.sample(list(a.index), min(args.moves + 100, len(a)))
        for aid in chosen[:args.moves]:
            staffing.reassign(plan, [aid], rng.choice(people))
            edits.set_value(plan, "assignments", aid, "fte", 0.25)
        edits.remove_rows(plan, "assignments", chosen[args.moves:args.moves + 100])
        edits.add_rows(plan, "assignments", [{"person": rng.choice(people), "vo": "DUNE", "duty": f"New duty {i}"}
                                             for i in range(100)])
        baseline, _ = _timed(lambda: openpyxl.load_workbook(duties).save(folder / "plain.xlsx"))
        ours, report = _timed(lambda: write_back(plan, folder / "out", options=WriteOptions(change_summary=False)))
        with_summary, _ = _timed(lambda: write_back(plan, folder / "out2"))
        print(f"rows {len(a)}, people {len(people)}, changes written {report.files[0].changes}")
        print(f"openpyxl load + save, unchanged : {baseline:7.2f} s")
        print(f"write back (no summary)        : {ours:7.2f} s  ({ours / baseline:.1f}× the baseline)")
        print(f"write back with change summary : {with_summary:7.2f} s  ({with_summary / baseline:.1f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
