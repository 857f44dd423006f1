"""Speed and memory of import, flags, files and `check` on synthetic departments, each beside a baseline.

Run from the repository root::

    python -m tests.benchmarks.run [--sizes 2000:20000,5000:50000] [--runs N] [--process-runs N]
                                   [--keep DIR] [--json] [--no-memory] [--no-files] [--no-process]

Every figure is printed beside the strongest baseline measured in the same run (see
tests/benchmarks/README.md), with the growth exponent between sizes. Before timing
anything the import is checked against the generator's truth. A missed target prints NO
and the exit status is 1.

The figures are measured by in_process.py (import, flags), files_bench.py (review export,
plan file), processes.py (`check` as a whole process) and memory.py (child processes); the
table is table.py's.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tests.benchmarks.in_process import flag_figures, import_figures
from tests.benchmarks.memory import memory_figures
from tests.benchmarks.processes import process_figures
from tests.benchmarks.synthetic import make_department, write_department
from tests.benchmarks.table import Figures, fmt_s, print_report
from tests.benchmarks.timing import best_of, exponent, log

# Growth between consecutive sizes of these timings (1.0 is linear, 2.0 quadratic), with a target or None.
GROWTH = (("import", None), ("flags", None), ("check", 1.1), ("check CPU", None), ("pandas process", None))


def measure_size(args: argparse.Namespace, people: int, assignments: int, figures: Figures,
                 tag: str) -> dict[str, object]:
    """Every figure at one size; returns the raw timings the growth rows need."""
    # The plan speaks from the start of the first fiscal year and looks two fiscal years ahead
    # (FY17 and FY18 for the default 2016 start), as a department head would.
    as_of = date(args.start_year, 10, 1)
    horizon = date(args.start_year + 2, 10, 1) - timedelta(days=1)
    folder_root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="effortplanner-bench-"))
    folder = folder_root / tag
    t0 = time.perf_counter()
    dept = make_department(people, assignments, args.years, args.seed, args.start_year)
    paths = write_department(folder, department=dept)
    meta: dict[str, object] = dept["meta"]  # type: ignore[assignment]
    log(f"[{tag}] synthetic department: {meta['people']} people, {meta['assignments']} assignments, "
        f"{meta['pickup_rows']} 'will pick up' rows, {meta['transfer_chains']} transfers in chains, "
        f"{meta['distinct_date_texts']} distinct date texts; written to {folder} in {time.perf_counter() - t0:.1f} s")
    out: dict[str, object] = {"as_of": as_of, "horizon": horizon, "meta": meta}

    xlsx = paths["duties.xlsx"]
    plan, out["import"], out["problems"] = import_figures(tag, xlsx, dept, args.runs, figures)
    out["flags"] = flag_figures(tag, plan, as_of, horizon, args.runs, assignments <= 20000, figures)
    # The review workbook and the native plan file (at the smaller size only: 0.5 s target).
    if not args.no_files and assignments <= 20000:
        from tests.benchmarks.files_bench import file_figures

        log(f"[{tag}] review export and plan file ...")
        file_figures(plan, folder, args.runs, figures.add, fmt_s, best_of, tag)
    del plan
    gc.collect()
    if not args.no_process:
        out["check"], out["pandas process"], out["check CPU"] = process_figures(
            tag, xlsx, as_of, horizon, args.process_runs, assignments >= 50000, figures)
    if not args.no_memory:
        memory_figures(tag, xlsx, as_of, horizon, figures)
    if not args.keep:
        shutil.rmtree(folder_root, ignore_errors=True)
    return out


def growth_figures(results: list[tuple[int, dict[str, object]]], figures: Figures) -> None:
    """The growth exponent of each timing between consecutive sizes."""
    for (n1, r1), (n2, r2) in zip(results, results[1:]):
        for what, target in GROWTH:
            if what in r1 and what in r2:
                k = exponent(float(r1[what]), float(r2[what]), n1, n2)  # type: ignore[arg-type]
                figures.add(f"growth exponent of {what}, {n1 // 1000}k -> {n2 // 1000}k rows", None, None, None,
                            f"<= {target}" if target else "-", (k <= target) if target else None, fmt_s,
                            ratio_text=f"{k:.2f}", key=f"growth_{what}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000:20000,5000:50000",
                        help="people:assignments pairs, comma-separated (default 2000:20000,5000:50000)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start-year", type=int, default=2016)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per figure (default 3)")
    parser.add_argument("--process-runs", type=int, default=5,
                        help="runs of each whole process (default 5: a process is at the mercy of the machine's "
                             "moments, and the check and pandas' process alternate)")
    parser.add_argument("--keep", metavar="DIR", help="write the synthetic files here and keep them")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc/RSS child figures")
    parser.add_argument("--no-files", action="store_true", help="skip the review export and plan file figures")
    parser.add_argument("--no-process", action="store_true", help="skip `check` as a whole process")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    sizes = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",") if pair.strip()]
    figures = Figures(sizes)
    results = []
    problems: list[str] = []
    for people, assignments in sizes:
        result = measure_size(args, people, assignments, figures, f"{assignments // 1000}k")
        problems += result["problems"]  # type: ignore[arg-type]
        results.append((assignments, result))
    growth_figures(results, figures)
    figures.data["import_check"] = {"ok": not problems, "problems": problems}
    if args.json:
        print(json.dumps(figures.data, indent=2, default=str))
    else:
        print_report(figures, problems)
    return 1 if problems or figures.missed() else 0


if __name__ == "__main__":
    sys.exit(main())
