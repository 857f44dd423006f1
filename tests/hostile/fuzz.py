"""A mutation fuzzer for the import: hypothesis over cell values, sheet XML and zip bytes of a valid workbook.

Each case is written to a file and imported by `effortplanner show FILE` in a forked
child under a memory limit and a timeout (see `runner.py`); the outcome must be a
clean import (exit 0, nothing on stderr) or one line naming the file (exit 2).
Anything else is counted: an unhandled exception (a traceback or another exit
status), an abort (killed by a signal), a hang (the timeout).

    python -m tests.hostile.fuzz --cases 10000 --seed 1 [--keep DIR]

prints a JSON summary (cases, ok, refused, unhandled, aborts, hangs) and exits 1 on
any failure; `--keep` saves the failing files. CI runs a few hundred cases
(tests/hostile/test_fuzz.py); the long run is documented in the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from .runner import _child

TIMEOUT = 30.0

HEADER = ["Name", "Assignment", "FTE", "End of Contract", "Activity"]
BASE_ROWS = [["Ada Lovelace", "Calibration", 0.5, dt.datetime(2017, 3, 31), "Ops"],
             ["Alan Turing", "Pipeline (weekly)", "30%", "Sept 2016", "Ops"],
             ["Grace Hopper", "Archive", 0.2, "permanent", "Data"]]

# Tokens a mutation splices into XML: far references, entity tricks, types and numbers at the edges.
TOKENS = [b'r="XFD1048576"', b'r="AAAA99999999"', b'r="A0"', b'r="ZZZZZZZZZZZZ1"', b'<row r="4294967296">',
          b't="d"', b't="e"', b't="s"', b't="b"', b"<v>1e308</v>", b"<v>NaN</v>", b"<v>-1</v>", b"<v>99999999</v>",
          b"<v>2958466</v>", b"<v>-693594</v>", b'<!DOCTYPE x [<!ENTITY a "aaaa">]>', b"&a;", b"&#0;", b"&#x1b;",
          b"<f>A1</f>", b"</row>", b"<row>", b"<c>", b"</c>", b"<is><t>x</t></is>", b"\x00", b"\xff\xfe",
          b'<mergeCell ref="A1:XFD1048576"/>', b'<dimension ref="A1:XFD1048576"/>', b'ref="A1:A1048576"',
          b'<sheet name="X" sheetId="9" r:id="rId99"/>', b'Target="../../../../etc/passwd"', b"9" * 40]

cell_values = st.one_of(
    st.text(max_size=60), st.text(alphabet=st.characters(max_codepoint=0x20), max_size=8),
    st.sampled_from(["=1+1", "＝SUM(A1)", " =cmd|' /C calc'!A0", "\u202eevil", "\x1b]0;t\x07", "30%", "1,5", "1e308",
                     "9999-12-31", "2300-01-01", "1500-01-01", "Q5 FY99", "permanent", "", "  ", "n/a"]),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-(2**70), max_value=2**70),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)), st.booleans(), st.none())


def write_values_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Staff")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate([HEADER, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
                sheet.write_string(r, c, str(value))
            elif value is None:
                continue
            else:
                sheet.write(r, c, value)
    book.close()


def base_workbook(folder: Path) -> bytes:
    path = folder / "base.xlsx"
    write_values_xlsx(path, BASE_ROWS)
    return path.read_bytes()


def mutate_xml(base: bytes, entry_index: int, edits: list[tuple[int, float, int]]) -> bytes:
    """The workbook with one entry's XML edited: (op, where 0-1, token/byte) applied in turn."""
    with zipfile.ZipFile(io.BytesIO(base)) as zin:
        infos = zin.infolist()
        target = infos[entry_index % len(infos)].filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in infos:
                data = zin.read(info.filename)
                if info.filename == target:
                    data = _apply(bytearray(data), edits)
                zout.writestr(info.filename, bytes(data))
    return out.getvalue()


def _apply(data: bytearray, edits: list[tuple[int, float, int]]) -> bytearray:
    for op, where, arg in edits:
        at = min(int(where * len(data)), len(data))
        if op == 0:  # splice a token in
            data[at:at] = TOKENS[arg % len(TOKENS)]
        elif op == 1 and data:  # replace a byte
            data[min(at, len(data) - 1)] = arg % 256
        elif op == 2:  # cut a stretch
            del data[at:at + arg % 200]
        elif op == 3:  # duplicate a stretch
            data[at:at] = data[at:at + arg % 400]
        elif op == 4:  # truncate
            del data[at:]
        elif op == 5:  # rewrite a number after an attribute
            mark = data.find(b'="', at)
            if mark >= 0:
                data[mark + 2:mark + 2] = str(arg * 7919).encode()
    return data


def mutate_zip(base: bytes, edits: list[tuple[int, float, int]]) -> bytes:
    """The raw zip bytes edited: header fields overwritten with edge integers, bytes flipped, cut."""
    data = bytearray(base)
    edge = [0, 1, 8, 12, 14, 99, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]
    for op, where, arg in edits:
        at = min(int(where * len(data)), max(len(data) - 4, 0))
        if op in (0, 5):  # a header field: a 16- or 32-bit edge value at a header-ish position
            heads = [i for i in range(len(data) - 4) if data[i:i + 2] == b"PK"]
            if heads:
                head = heads[arg % len(heads)]
                offset = head + 4 + 2 * (arg % 20)
                width = 4 if op == 0 else 2
                if offset + width <= len(data):
                    data[offset:offset + width] = (edge[arg % len(edge)] & (2 ** (8 * width) - 1)).to_bytes(width, "little")
        elif op == 1 and data:
            data[at] ^= 1 << (arg % 8)
        elif op == 2:
            del data[at:at + arg % 64]
        elif op == 3:
            data[at:at] = bytes([arg % 256]) * (arg % 32)
        elif op == 4:
            del data[at:]
    return bytes(data)


def run_case(path: Path) -> dict[str, object]:
    """Import `path` in a forked child under the limits; its exit status, stdout and stderr."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(str(path), out.fileno(), err.fileno())  # sets the memory limit, never returns
    started = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > TIMEOUT:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return {"code": None, "stderr": "", "stdout": ""}
        time.sleep(0.002)
    texts = []
    for handle in (out, err):
        handle.seek(0)
        texts.append(handle.read().decode("utf-8", "replace"))
        handle.close()
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return {"code": code, "stdout": texts[0], "stderr": texts[1]}


def classify(path: Path, result: dict[str, object]) -> str:
    code, err = result["code"], str(result["stderr"])
    if code is None:
        return "hang"
    if isinstance(code, int) and code < 0:
        return "abort"
    if "Traceback" in err or "Exception ignored" in err:
        return "unhandled"
    if code == 0 and not err:
        return "ok"
    lines = err.splitlines()
    if code == 2 and len(lines) == 1 and str(path) in lines[0]:
        return "refused"
    return "unhandled"


def fuzz(cases: int, start_seed: int, keep: Path | None = None) -> dict[str, object]:
    """Run `cases` hypothesis examples over the three mutation kinds; the counts of each outcome."""
    import effortplanner.cli  # noqa: F401 - imported before forking, once
    import effortplanner.io.importer  # noqa: F401
    import effortplanner.io.textout  # noqa: F401

    folder = Path(tempfile.mkdtemp(prefix="ep-fuzz-"))
    base = base_workbook(folder)
    counts: Counter[str] = Counter()
    failures: list[str] = []
    edits = st.lists(st.tuples(st.integers(0, 5), st.floats(0, 1), st.integers(0, 10**6)), min_size=1, max_size=6)

    def check(data: bytes | None, rows: list[list[object]] | None, suffix: str) -> None:
        path = folder / f"case{sum(counts.values())}{suffix}"
        if rows is not None:
            write_values_xlsx(path, rows)
        else:
            path.write_bytes(data or b"")
        outcome = classify(path, run_case(path))
        counts[outcome] += 1
        if sum(counts.values()) % 250 == 0:  # a long run that is stopped still tells how far it got
            print(json.dumps({"progress": dict(counts)}), file=sys.stderr, flush=True)
        if outcome not in ("ok", "refused"):
            failures.append(f"{outcome}: {path.name}")
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                path.replace(keep / path.name)
                return
        path.unlink(missing_ok=True)

    @seed(start_seed)
    @settings(max_examples=cases, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(
        st.tuples(st.just("values"), st.lists(st.lists(cell_values, min_size=1, max_size=6), min_size=1, max_size=5)),
        st.tuples(st.just("xml"), st.tuples(st.integers(0, 50), edits)),
        st.tuples(st.just("zip"), edits)))
    def one(case: tuple[str, object]) -> None:
        kind, spec = case
        if kind == "values":
            check(None, spec, ".xlsx")  # type: ignore[arg-type]
        elif kind == "xml":
            index, xml_edits = spec  # type: ignore[misc]
            check(mutate_xml(base, index, xml_edits), None, ".xlsx")
        else:
            check(mutate_zip(base, spec), None, ".xlsx")  # type: ignore[arg-type]

    one()
    summary = {"cases": sum(counts.values()), **{k: counts.get(k, 0) for k in
                                                 ("ok", "refused", "unhandled", "abort", "hang")},
               "failures": failures[:20]}
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="save failing files here")
    args = parser.parse_args()
    summary = fuzz(args.cases, args.seed, args.keep)
    print(json.dumps(summary))
    return 0 if summary["unhandled"] == summary["abort"] == summary["hang"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
