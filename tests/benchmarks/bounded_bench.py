"""Bounded reading: a sheet whose stored used range is far larger than its data costs what its data costs.

Builds a duty sheet of real data (ROWS rows), then the same sheet with a stored
dimension of A1:XFD1048576 and styled empty cells out at XFD1048576 (what a
spreadsheet program leaves after formatting whole columns), and imports each in a
fresh forked child: time and peak memory side by side, and the ratio (target <= 2x).
Then every hostile corpus file under 1 MB: the slowest and the largest (target: each
imported or refused within 3 s and 300 MB).

    python -m tests.benchmarks.bounded_bench [ROWS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile.corpus import _rezip, _sheet_edit, _valid_xlsx, make_corpus
from tests.hostile.runner import run_all


def _measure(path: Path) -> tuple[float, float]:
    """(seconds, peak MB) of importing `path` in a forked child."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        from effortplanner.io.importer import import_files

        started = time.perf_counter()
        import_files([path])
        os.write(write, repr(time.perf_counter() - started).encode())
        os._exit(0)
    os.close(write)
    seconds = float(os.read(read, 100) or b"nan")
    _, _, usage = os.wait4(pid, 0)
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    import effortplanner.io.importer  # noqa: F401 - loaded before forking: children measure the read only

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp(prefix="ep-bounded-"))
    first = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia", "Ken"]
    last = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Perlman", "Thompson"]
    data = [[f"{first[i % 10]} {last[i // 10 % 10]}", f"Duty {i % 97}", 0.01, "2017-03-31"] for i in range(rows)]
    real = _valid_xlsx(folder / "real.xlsx", data)
    padded = _rezip(real, folder / "padded.xlsx", _sheet_edit(lambda s: s.replace(
        f'<dimension ref="A1:D{rows + 1}"/>', '<dimension ref="A1:XFD1048576"/>').replace(
        "</sheetData>", f'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')))
    base = [_measure(real) for _ in range(5)]
    odd = [_measure(padded) for _ in range(5)]
    t0, m0 = min(b[0] for b in base), min(b[1] for b in base)
    t1, m1 = min(o[0] for o in odd), min(o[1] for o in odd)
    print(f"real data ({rows} rows):          {t0:6.2f} s  {m0:6.0f} MB peak")
    print(f"same, dimension A1:XFD1048576: {t1:6.2f} s  {m1:6.0f} MB peak   ratio time {t1 / t0:.2f}x, "
          f"memory {m1 / m0:.2f}x (target <= 2x)")
    corpus = [c for c in make_corpus(folder / "corpus") if c.path.is_file() and c.path.stat().st_size < 2**20]
    results = run_all([str(c.path) for c in corpus], parallel=1)
    slowest = max(results, key=lambda r: r["seconds"])
    largest = max(results, key=lambda r: r["peak_mb"])
    print(f"hostile files under 1 MB: {len(results)}; slowest {slowest['seconds']:.2f} s "
          f"({Path(slowest['path']).name}), largest {largest['peak_mb']} MB ({Path(largest['path']).name}) "
          "(target 3 s, 300 MB; includes the CLI's own start after fork)")


if __name__ == "__main__":
    main()
