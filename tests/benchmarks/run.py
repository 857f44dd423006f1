"""Speed and memory of import, flags, files and `check` on synthetic departments, each beside a baseline.

Run from the repository root::

    python -m tests.benchmarks.run [--sizes 2000:20000,5000:50000] [--runs N] [--process-runs N]
                                   [--keep DIR] [--json] [--no-memory] [--no-files] [--no-process]

Every figure is printed beside the strongest baseline measured in the same run (see
tests/benchmarks/README.md), with the growth exponent between sizes. Before timing
anything the import is checked against the generator's truth. A missed target prints NO
and the exit status is 1.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from tests.benchmarks.check_stages import check_stages
from tests.benchmarks.synthetic import make_department, write_department

ROOT = Path(__file__).resolve().parents[2]
FIGURE_BUDGET_S = 25.0  # stop repeating a measurement once it has used this much time


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def best_of(fn: Callable[[], object], runs: int, budget: float = FIGURE_BUDGET_S,
            clock: Callable[[], float] = time.perf_counter) -> tuple[float, int, object]:
    """(best seconds, runs made, last result): at least one run, at most `runs`, and no run
    that would (at the mean pace so far) take the figure past `budget` seconds. `clock`:
    time.process_time for this process's CPU time instead of wall time."""
    best, made, result, spent = float("inf"), 0, None, 0.0
    while made < runs and (made == 0 or spent + spent / made <= budget):
        gc.collect()
        t0 = clock()
        result = fn()
        elapsed = clock() - t0
        best, made, spent = min(best, elapsed), made + 1, spent + elapsed
    return best, made, result


def paired_best(ours: Callable[[], object], baseline: Callable[[], object], runs: int,
                budget: float = FIGURE_BUDGET_S) -> tuple[float, float, int, object]:
    """(best ours, best baseline, runs, our last result), the two run alternately so that a
    shared machine's load falls on both alike."""
    best_ours, best_base, made, spent, result = float("inf"), float("inf"), 0, 0.0, None
    while made < runs and (made == 0 or spent + spent / made <= budget):
        gc.collect()
        t0 = time.perf_counter()
        result = ours()
        t1 = time.perf_counter()
        baseline()
        t2 = time.perf_counter()
        best_ours, best_base = min(best_ours, t1 - t0), min(best_base, t2 - t1)
        made, spent = made + 1, spent + (t2 - t0)
    return best_ours, best_base, made, result


# --- baselines ---------------------------------------------------------------------------------
def calamine_read(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def csv_read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def naive_overallocation(plan: object, as_of: date, horizon: date, literal: bool = False,
                         summed_by: str = "groupby") -> pd.Series:
    """Over-allocated (person, day) loads by expanding every assignment into one row per day.

    The rules follow the plan's reading of a duty: FTE as given, else the cadence estimate
    (plan.settings.cadence_fte), else 0; a blank start means "already running", a blank end
    "ongoing"; days are inclusive and clipped to [as_of, horizon]; capacity is 1.0.

    The rows are made with np.repeat (one row per assignment-day, built at C speed); with
    `literal`, as a first attempt would: a pd.date_range per assignment, then
    DataFrame.explode. Both give the same days; the literal one is several times slower,
    so the default baseline is the stronger (faster) one. `summed_by="bincount"` sums the
    same rows with np.bincount instead of a groupby: the strongest form, printed beside.
    """
    a = plan.assignments  # type: ignore[attr-defined]
    cadence_fte = plan.settings.cadence_fte  # type: ignore[attr-defined]
    fte = a["fte"].astype(float).fillna(a["cadence"].map(cadence_fte).astype(float)).fillna(0.0)
    lo, hi = pd.Timestamp(as_of), pd.Timestamp(horizon)
    start = a["start"].fillna(lo).clip(lower=lo)
    end = a["end"].fillna(hi).clip(upper=hi)
    keep = a["person"].notna().to_numpy() & (start <= end).to_numpy() & (fte > 0).to_numpy()
    if literal:
        rows = pd.DataFrame({"person": a["person"], "fte": fte,
                             "day": [pd.date_range(s, e, freq="D") for s, e in zip(start, end)]})[keep]
        load = rows.explode("day").groupby(["person", "day"], sort=False)["fte"].sum()
        return load[load > 1.0 + 1e-9]
    start_day = start.to_numpy()[keep].astype("datetime64[D]").astype(np.int64)
    days = (end.to_numpy()[keep].astype("datetime64[D]").astype(np.int64) - start_day) + 1
    total = int(days.sum())
    first_row = np.repeat(np.cumsum(days) - days, days)
    frame = pd.DataFrame({
        "person": np.repeat(a["person"].to_numpy()[keep], days),
        "day": np.repeat(start_day, days) + (np.arange(total) - first_row),
        "fte": np.repeat(fte.to_numpy()[keep], days),
    })
    if summed_by == "bincount":
        # The same rows summed at C speed: person codes x day offsets as one integer key.
        codes, _people = pd.factorize(frame["person"])
        day0 = int(frame["day"].min()) if total else 0
        span = int(frame["day"].max()) - day0 + 1 if total else 1
        sums = np.bincount(codes * span + (frame["day"].to_numpy() - day0), weights=frame["fte"].to_numpy())
        over_keys = np.flatnonzero(sums > 1.0 + 1e-9)
        return pd.Series(sums[over_keys], index=over_keys)
    load = frame.groupby(["person", "day"], sort=False)["fte"].sum()
    return load[load > 1.0 + 1e-9]


# --- the import must be right before it is fast ---------------------------------------------------
def check_import(plan: object, dept: dict[str, object], file_label: str) -> list[str]:
    """Problems found comparing an imported duty list with the generator's truth ([] if none)."""
    problems: list[str] = []
    truth: pd.DataFrame = dept["assignments"]  # type: ignore[assignment]
    meta: dict[str, object] = dept["meta"]  # type: ignore[assignment]
    people = plan.people  # type: ignore[attr-defined]
    assignments = plan.assignments  # type: ignore[attr-defined]
    if len(assignments) != meta["assignments"]:
        problems.append(f"{file_label}: {len(assignments)} assignments, expected {meta['assignments']}")
    names = set(people["name"])
    expected = set(truth["name"])
    missing = expected - names
    extra = names - expected
    if missing:
        problems.append(f"{file_label}: {len(missing)} people missing, e.g. {sorted(missing)[:3]}")
    unexpected = extra - set(meta["variants"])  # type: ignore[arg-type]
    if unexpected:
        problems.append(f"{file_label}: {len(unexpected)} unexpected people, e.g. {sorted(unexpected)[:3]}")
    if len(people) != len(names):
        problems.append(f"{file_label}: {len(people) - len(names)} people listed twice")
    rows = assignments["source"].str.rsplit(":", n=1).str[1].astype(int)
    got = assignments["person"].map(people["name"])
    want = rows.map(truth.set_index("row")["name"])
    wrong = (got != want).sum()
    if wrong:
        problems.append(f"{file_label}: {wrong} assignments attributed to the wrong person")
    invalid = sum(1 for n in plan.notes if n.kind == "invalid")  # type: ignore[attr-defined]
    if invalid:
        problems.append(f"{file_label}: {invalid} cells not understood (invalid notes)")
    return problems


# --- memory, in a child process ---------------------------------------------------------------------
def peak_rss() -> tuple[int, str]:
    """(bytes, source) of this process's resident-set maximum.

    resource.getrusage's ru_maxrss is what the brief asks for, but on Linux it carries the
    parent's peak over fork/exec (the kernel keeps the larger of the old and new address
    space's high-water marks), so a child started by a big parent reports the parent's
    peak. /proc/self/status VmHWM is the same high-water mark for this address space only;
    it is used where it exists.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024, "VmHWM"
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale, "ru_maxrss"


def memory_child(path: str, as_of: str, horizon: str, trace: bool) -> dict[str, object]:
    """Import `path` and compute flags; report tracemalloc peak or max RSS (run in a fresh process)."""
    import resource
    import tracemalloc

    from effortplanner.io.importer import import_files

    flags_fn = _flags_function()
    rss_before, _ = peak_rss()
    out: dict[str, object] = {"flags": flags_fn is not None}
    if trace:
        tracemalloc.start()
        calamine_read(Path(path))
        out["baseline_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        gc.collect()
        tracemalloc.start()
    plan = import_files([path])
    if flags_fn is not None:
        try:
            flags_fn(plan, as_of=date.fromisoformat(as_of), horizon=date.fromisoformat(horizon))
        except Exception as exc:  # reported, not fatal: the figure is still import + whatever ran
            out["flags_error"] = f"{type(exc).__name__}: {exc}"
    if trace:
        out["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        out["rss_max"], out["rss_source"] = peak_rss()
        out["rss_before"] = rss_before
        out["ru_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def run_memory_children(path: Path, as_of: date, horizon: date) -> tuple[dict[str, object], dict[str, object]]:
    """Both memory children at once (2 cores): tracemalloc in one, plain RSS in the other."""
    procs = []
    for trace in (True, False):
        cmd = [sys.executable, "-m", "tests.benchmarks.run", "--_memory-child", str(path),
               as_of.isoformat(), horizon.isoformat(), "trace" if trace else "rss"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"memory child failed: {stderr.strip()[-500:]}")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    return results[0], results[1]


def compile_like_an_install() -> None:
    """Write the package's bytecode, as `pip install` does (pandas' is written at its install).

    Run from a source tree with PYTHONDONTWRITEBYTECODE set, every `check` process compiled
    ~100 modules from source (~0.4 s at start-up) while the pandas process loaded bytecode:
    not the product a user runs.
    """
    import compileall

    import effortplanner

    compileall.compile_dir(str(Path(effortplanner.__file__).parent), quiet=1)


def _flags_function() -> Callable[..., object] | None:
    try:
        from effortplanner.analysis.flags import compute_flags
    except ImportError:
        return None
    return compute_flags


def _flag_people(flags: object) -> set[object] | None:
    """Person ids named by over-allocation flags, if the Flag objects say (else None)."""
    people: set[object] = set()
    try:
        for flag in flags:  # type: ignore[attr-defined]
            kind = str(getattr(flag, "kind", "") or getattr(flag, "code", ""))
            if kind == "over_allocation" or kind.lower().startswith("over"):
                person = getattr(flag, "person", None) or getattr(flag, "person_id", None)
                if person is not None:
                    people.add(person)
    except TypeError:
        return None
    return people


# --- the table --------------------------------------------------------------------------------------
def _fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _fmt_mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 2**20:.0f} MB"


def print_table(rows: list[dict[str, object]]) -> None:
    header = ("figure", "ours", "baseline", "ratio", "target", "ok?")
    cells = [header] + [tuple(str(r[k]) for k in ("figure", "ours_text", "baseline_text", "ratio_text",
                                                    "target", "ok_text")) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    line = "-+-".join("-" * w for w in widths)
    for i, row in enumerate(cells):
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))
        if i == 0:
            print(line)


def pandas_read(path: Path) -> pd.DataFrame:
    return pd.read_excel(path, engine="calamine")


# Runs one command and reports its wall time and peak RSS. It is itself a small fresh process:
# on Linux a child's ru_maxrss keeps the peak of the process it was forked from, so forking
# the command from this (large) benchmark process would report the benchmark's memory.
_MEASURE = (
    "import json, os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "err = p.stderr.read()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "s = time.perf_counter() - t\n"
    "scale = 1 if sys.platform == 'darwin' else 1024\n"
    "print(json.dumps({'s': s, 'rss': usage.ru_maxrss * scale, 'code': os.waitstatus_to_exitcode(status),\n"
    "                  'cpu': usage.ru_utime + usage.ru_stime, 'err': err.decode(errors='replace')[-300:]}))\n"
)


def process_run(cmd: list[str]) -> tuple[float, int, float]:
    """(wall seconds, peak RSS bytes, CPU seconds) of one whole process, measured by os.wait4 in a small parent."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd[:4])}...: exit {result['code']}: {result['err'].strip()}")
    return float(result["s"]), int(result["rss"]), float(result["cpu"])


def side_by_side(ours: list[str], baseline: list[str], runs: int) -> tuple[float, float, int, float, float]:
    """Best wall time (and best CPU time) of each command as a fresh process, run alternately, the one
    going first swapped every round, so that machine load and warm caches fall on both alike.
    Returns (ours, baseline, our peak RSS, our CPU, baseline CPU)."""
    best = {"ours": [float("inf"), float("inf")], "base": [float("inf"), float("inf")]}
    rss = 0
    for round_ in range(runs):
        for who in (("ours", "base") if round_ % 2 == 0 else ("base", "ours")):
            t, r, cpu = process_run(ours if who == "ours" else baseline)
            best[who] = [min(best[who][0], t), min(best[who][1], cpu)]
            if who == "ours":
                rss = max(rss, r)
    return best["ours"][0], best["base"][0], rss, best["ours"][1], best["base"][1]


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    """Growth exponent k of t ~ n^k between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def measure_size(args: argparse.Namespace, people: int, assignments: int, add: Callable[..., None],
                 figures: dict[str, object], tag: str) -> dict[str, object]:
    """Every figure at one size; returns the raw timings the growth rows need."""
    from effortplanner.io.importer import import_files

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
    out: dict[str, object] = {"as_of": as_of, "horizon": horizon, "meta": meta, "problems": []}

    # 1. Import: correct first, then timed, beside the two ways of merely reading the file.
    xlsx = paths["duties.xlsx"]
    log(f"[{tag}] import duties.xlsx ...")
    ours_x, base_raw, runs_x, plan = paired_best(lambda: import_files([xlsx]), lambda: calamine_read(xlsx), args.runs)
    problems = check_import(plan, dept, f"{tag} duties.xlsx")
    ours_x2, base_pd, _, _ = paired_best(lambda: import_files([xlsx]), lambda: pandas_read(xlsx), args.runs)
    ours_x = min(ours_x, ours_x2)
    add(f"[{tag}] import duties.xlsx (best of {runs_x}) vs python-calamine raw", ours_x, base_raw, ours_x / base_raw,
        "<= 1.5x", ours_x / base_raw <= 1.5, _fmt_s, key=f"{tag}_import_vs_calamine")
    add(f"[{tag}] import duties.xlsx vs pandas.read_excel(calamine)", ours_x, base_pd, ours_x / base_pd,
        "<= 1.5x", ours_x / base_pd <= 1.5, _fmt_s, key=f"{tag}_import_vs_pandas")
    out["import"] = ours_x

    # 2. Flags vs the vectorised per-day expansion (np.repeat), the stronger of the two baselines.
    from effortplanner.analysis.flags import compute_flags

    log(f"[{tag}] flags ...")
    # The first call after an import builds what later calls reuse (the near spellings of the
    # roster's names were found by the import itself and are shared: core.names.similar_key_pairs).
    gc.collect()
    t0 = time.perf_counter()
    compute_flags(plan, as_of=as_of, horizon=horizon)
    first_f = time.perf_counter() - t0
    over = naive_overallocation(plan, as_of, horizon)
    ours_f, base_f, runs_f, flags = paired_best(lambda: compute_flags(plan, as_of=as_of, horizon=horizon),
                                                lambda: naive_overallocation(plan, as_of, horizon), args.runs)
    speedup = base_f / ours_f
    add(f"[{tag}] flags (all, as a table; best of {runs_f}) vs per-day np.repeat expansion", ours_f, base_f, speedup,
        ">= 20x faster", speedup >= 20, _fmt_s, ratio_text=f"{speedup:.1f}x faster", key=f"{tag}_flags_speedup")
    strong = naive_overallocation(plan, as_of, horizon, summed_by="bincount")
    if len(strong) != len(over):
        raise SystemExit(f"[{tag}] the two np.repeat baselines disagree: {len(strong)} vs {len(over)} days")
    ours_s, base_s, runs_s, _ = paired_best(lambda: compute_flags(plan, as_of=as_of, horizon=horizon),
                                            lambda: naive_overallocation(plan, as_of, horizon, summed_by="bincount"),
                                            args.runs)
    add(f"[{tag}]   the same vs np.repeat summed by np.bincount (strongest; over-allocation only)", ours_s, base_s,
        base_s / ours_s, "-", None, _fmt_s, ratio_text=f"{base_s / ours_s:.1f}x faster", key=f"{tag}_flags_strong")
    if assignments <= 20000:
        add(f"[{tag}] flags (all), absolute", ours_f, None, None, "<= 200 ms", ours_f <= 0.2, _fmt_s,
            key=f"{tag}_flags_ms")
    add(f"[{tag}] flags (all), first call after the import", first_f, base_f, base_f / first_f,
        "-", None, _fmt_s, ratio_text=f"{base_f / first_f:.1f}x faster", key=f"{tag}_flags_first")
    # compute_flags gives a table (every field and message computed); Flag objects are made when a
    # consumer asks for them. Shown for the record: the same with every object made.
    ours_o, base_o, runs_o, _ = paired_best(lambda: list(compute_flags(plan, as_of=as_of, horizon=horizon)),
                                            lambda: naive_overallocation(plan, as_of, horizon), args.runs)
    add(f"[{tag}]   the same, every Flag object made (best of {runs_o})", ours_o, base_o, base_o / ours_o, "-", None,
        _fmt_s, ratio_text=f"{base_o / ours_o:.1f}x faster", key=f"{tag}_flags_objects")
    by_kind: dict[str, int] = {}
    for flag in flags:  # type: ignore[attr-defined]
        by_kind[str(getattr(flag, "kind", "?"))] = by_kind.get(str(getattr(flag, "kind", "?")), 0) + 1
    figures[f"{tag}_flags"] = {"count": sum(by_kind.values()), "by_kind": by_kind,
                               "naive_over_allocated_days": len(over)}  # type: ignore[arg-type]
    out["flags"] = ours_f

    # 3. Files: the review workbook and the native plan file (at the smaller size only: 0.5 s target).
    if not args.no_files and assignments <= 20000:
        from tests.benchmarks.files_bench import file_figures

        log(f"[{tag}] review export and plan file ...")
        file_figures(plan, folder, args.runs, add, _fmt_s, best_of, tag)
    del plan
    gc.collect()

    # 4. `check` as a whole process beside pandas reading the same file, alternately.
    if not args.no_process:
        log(f"[{tag}] check as a process, beside pandas.read_excel as a process ...")
        compile_like_an_install()
        check_args = ["check", "--as-of", as_of.isoformat(), "--horizon", horizon.isoformat(), str(xlsx)]
        check = [sys.executable, "-m", "effortplanner", *check_args]
        reader = [sys.executable, "-c", f"import pandas as pd; pd.read_excel({str(xlsx)!r}, engine='calamine')"]
        ours_p, base_p, rss, ours_cpu, base_cpu = side_by_side(check, reader, args.process_runs)
        add(f"[{tag}] effortplanner check (process, best of {args.process_runs}) vs pandas read_excel (process)",
            ours_p, base_p, ours_p / base_p, "<= 1.5x", ours_p / base_p <= 1.5, _fmt_s, key=f"{tag}_check_process")
        add(f"[{tag}] the same, CPU time (user+sys; steadier on a loaded machine)", ours_cpu, base_cpu,
            ours_cpu / base_cpu, "-", None, _fmt_s, key=f"{tag}_check_process_cpu")
        big = assignments >= 50000
        add(f"[{tag}] effortplanner check, peak RSS (wait4 in a small parent)", rss, None, None, "<= 250 MB" if big else "-",
            rss <= 250 * 2**20 if big else None, _fmt_mb, key=f"{tag}_check_rss")
        out["check"], out["pandas process"], out["check CPU"] = ours_p, base_p, ours_cpu
        stages, base_stages = check_stages(check_args, xlsx)  # where the time goes: one more, untimed, process
        for stage, spent in stages.items():
            add(f"[{tag}]   check stage (CPU, one more process): {stage}", spent, base_stages.get(stage), None, "-",
                None, _fmt_s, key=f"{tag}_check_stage_{stage.replace(' ', '_')}")
    # 5. Memory of import + flags, in fresh processes.
    if not args.no_memory:
        log(f"[{tag}] memory (child processes) ...")
        traced, rss_child = run_memory_children(xlsx, as_of, horizon)
        peak, base_peak = float(traced["peak"]), float(traced["baseline_peak"])  # type: ignore[arg-type]
        add(f"[{tag}] peak memory import+flags, tracemalloc (baseline: calamine read)", peak, base_peak,
            peak / base_peak, "< 300 MB", peak < 300 * 2**20, _fmt_mb, key=f"{tag}_memory_traced")
        rss_max, rss_before = float(rss_child["rss_max"]), float(rss_child["rss_before"])  # type: ignore[arg-type]
        add(f"[{tag}] max RSS import+flags ({rss_child['rss_source']}; baseline: after imports)", rss_max, rss_before,
            rss_max / rss_before, "< 300 MB", rss_max < 300 * 2**20, _fmt_mb, key=f"{tag}_memory_rss")
    out["problems"] = problems
    if not args.keep:
        import shutil

        shutil.rmtree(folder_root, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--_memory-child":
        path, as_of, horizon, mode = argv[1:5]
        print(json.dumps(memory_child(path, as_of, horizon, mode == "trace")))
        return 0
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000:20000,5000:50000",
                        help="people:assignments pairs, comma-separated (default 2000:20000,5000:50000)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start-year", type=int, default=2016)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per figure (default 3)")
    parser.add_argument("--process-runs", type=int, default=3, help="runs of each whole process (default 3)")
    parser.add_argument("--keep", metavar="DIR", help="write the synthetic files here and keep them")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc/RSS child figures")
    parser.add_argument("--no-files", action="store_true", help="skip the review export and plan file figures")
    parser.add_argument("--no-process", action="store_true", help="skip `check` as a whole process")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = parser.parse_args(argv)
    sizes = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",") if pair.strip()]

    rows: list[dict[str, object]] = []
    figures: dict[str, object] = {"sizes": sizes}

    def add(figure: str, ours: float | None, baseline: float | None, ratio: float | None, target: str,
            ok: bool | None, fmt: Callable[[float | None], str], ratio_text: str | None = None,
            key: str = "") -> None:
        rows.append({"figure": figure, "ours_text": fmt(ours), "baseline_text": fmt(baseline),
                     "ratio_text": ratio_text or ("-" if ratio is None else f"{ratio:.2f}x"), "target": target,
                     "ok_text": "-" if ok is None else ("yes" if ok else "NO")})
        figures[key or figure] = {"ours": ours, "baseline": baseline, "ratio": ratio, "target": target, "ok": ok}

    results = []
    problems: list[str] = []
    for people, assignments in sizes:
        tag = f"{assignments // 1000}k"
        result = measure_size(args, people, assignments, add, figures, tag)
        problems += result["problems"]  # type: ignore[arg-type]
        results.append((assignments, result))
    # Growth between consecutive sizes: 1.0 is linear, 2.0 quadratic.
    for (n1, r1), (n2, r2) in zip(results, results[1:]):
        for what, target in (("import", None), ("flags", None), ("check", 1.1), ("check CPU", None),
                               ("pandas process", None)):
            if what in r1 and what in r2:
                k = exponent(float(r1[what]), float(r2[what]), n1, n2)  # type: ignore[arg-type]
                add(f"growth exponent of {what}, {n1 // 1000}k -> {n2 // 1000}k rows", None, None, None,
                    f"<= {target}" if target else "-", (k <= target) if target else None, _fmt_s,
                    ratio_text=f"{k:.2f}", key=f"growth_{what}")
    figures["import_check"] = {"ok": not problems, "problems": problems}
    missed = [r["figure"] for r in rows if r["ok_text"] == "NO"]
    if args.json:
        print(json.dumps(figures, indent=2, default=str))
    else:
        print_table(rows)
        print()
        print("import check: " + ("OK (people, assignments and blocks as the generator wrote them)"
                                  if not problems else "FAILED"))
        for problem in problems:
            print(f"  - {problem}")
        if missed:
            print(f"{len(missed)} target(s) missed: " + "; ".join(str(m) for m in missed))
    return 1 if problems or missed else 0


if __name__ == "__main__":
    sys.exit(main())
