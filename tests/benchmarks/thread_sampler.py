"""An outside look at a process's threads at ~1 kHz: python -m tests.benchmarks.thread_sampler PID TID OUT.

Why outside: a GUI thread stalled in the kernel (a page fault waiting for the disk, a lock of the
memory map) usually still holds Python's interpreter lock, so no sampler inside the process gets a
sample while it lasts. This one reads /proc (Linux; the kernel stacks need root or the same user):
for thread TID (the GUI thread) every turn its state, wait channel and page-fault counts, its kernel
stack whenever it is not running, and then the state, wait channel and kernel stack of every other
thread not running; every 10 ms the machine's busy, idle, steal and iowait ticks (/proc/stat), how many
tasks are runnable (/proc/loadavg) and its I/O and memory pressure totals. A turn that comes
late (this process sleeps 1 ms a turn) says the machine ran nothing of ours meanwhile.
One JSON line per turn to OUT, written when PID ends or on SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time


_IDLE = ("do_epoll_wait", "poll_schedule_timeout", "do_sys_poll", "hrtimer_nanosleep")  # waiting for work


def _read(fd: int, size: int = 8192) -> str:
    try:
        return os.pread(fd, size, 0).decode(errors="replace")
    except OSError:
        return ""


def _stat_fields(text: str) -> list[str]:
    """A /proc stat line's fields after the command name (which may hold spaces)."""
    return text.rsplit(")", 1)[1].split() if ")" in text else []


def _stack(fd: int) -> str:
    return "|".join(line.split()[-1].split("+")[0] for line in _read(fd).splitlines()[:8])


class Thread:
    """Open /proc files of one thread, read again with pread (no open per turn)."""

    def __init__(self, pid: int, tid: int) -> None:
        base = f"/proc/{pid}/task/{tid}"
        self.tid = tid
        self.stat = os.open(f"{base}/stat", os.O_RDONLY)
        self.wchan = os.open(f"{base}/wchan", os.O_RDONLY)
        self.stack = os.open(f"{base}/stack", os.O_RDONLY)
        self.schedstat = os.open(f"{base}/schedstat", os.O_RDONLY)
        self.syscall = os.open(f"{base}/syscall", os.O_RDONLY)
        self.comm = open(f"{base}/comm").read().strip()

    def close(self) -> None:
        for fd in (self.stat, self.wchan, self.stack, self.schedstat, self.syscall):
            os.close(fd)


def _futex(thread: Thread) -> str:
    """The address a thread waits on in futex() (its first argument), from /proc/.../syscall."""
    fields = _read(thread.syscall, 300).split()
    return fields[1] if len(fields) > 1 and fields[0] == "202" else ""


def _machine() -> dict[str, object]:
    cpu = open("/proc/stat").readline().split()  # cpu user nice system idle iowait irq softirq steal
    out: dict[str, object] = {"iowait": int(cpu[5]), "steal": int(cpu[8]), "idle": int(cpu[4]),
                              "busy": sum(int(x) for x in cpu[1:4] + cpu[6:8]),
                              "running": int(open("/proc/loadavg").read().split()[3].split("/")[0])}
    for kind in ("io", "memory"):
        try:
            lines = open(f"/proc/pressure/{kind}").read().split("\n")
            out[f"{kind}_some_us"] = int(lines[0].rsplit("total=", 1)[1])
        except (OSError, IndexError, ValueError):
            pass
    return out


def sample(pid: int, gui: int, out_path: str, interval: float = 0.001, dumper: str = "") -> None:
    """`dumper`: a py-spy to run (`dump --native`: every thread's Python and C++ stack) when the
    GUI thread has waited on a futex 15 ms in a row (a lock: which one, and who holds it)."""
    rows: list[dict[str, object]] = []
    waited, dumps, next_dump = 0, 0, 0.0
    stop = False

    def on_term(_sig: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    threads: dict[int, Thread] = {}
    next_list = next_machine = 0.0
    gui_thread = Thread(pid, gui)
    while not stop and os.path.exists(f"/proc/{pid}"):
        now = time.monotonic()
        if now >= next_list:  # threads come and go (jobs' pools)
            try:
                tids = {int(t) for t in os.listdir(f"/proc/{pid}/task")} - {gui}
            except OSError:
                break
            for tid in set(threads) - tids:
                threads.pop(tid).close()
            for tid in tids - set(threads):
                try:
                    threads[tid] = Thread(pid, tid)
                except OSError:
                    pass
            next_list = now + 0.05
        fields, wchan = _stat_fields(_read(gui_thread.stat)), ""
        if not fields:
            break
        row: dict[str, object] = {"t": round(now, 5), "s": fields[0], "minflt": int(fields[7]),
                                  "majflt": int(fields[9])}
        if fields[0] != "R":
            row["w"] = wchan = _read(gui_thread.wchan, 200)
        if fields[0] == "D" or (fields[0] == "S" and wchan not in _IDLE):  # not its event loop's poll
            row["k"] = _stack(gui_thread.stack)
            if wchan.startswith("futex"):  # which futex: the interpreter lock's, or a Qt mutex's
                row["f"] = _futex(gui_thread)
            others = {}
            for thread in threads.values():
                state = (_stat_fields(_read(thread.stat)) or ["?"])[0]
                if state != "S" or thread.tid == gui:
                    others[thread.tid] = [thread.comm, state, _read(thread.wchan, 200), _stack(thread.stack)]
                else:
                    theirs = _read(thread.wchan, 200)
                    if theirs.startswith("futex"):
                        others[thread.tid] = [thread.comm, state, theirs, _futex(thread)]
                    elif theirs not in _IDLE:
                        others[thread.tid] = [thread.comm, state, theirs, _stack(thread.stack)]
            row["o"] = others
        waited = waited + 1 if wchan.startswith("futex") else 0
        if dumper and waited >= 15 and dumps < 12 and now >= next_dump:
            dump = subprocess.run([dumper, "dump", "--native", "--pid", str(pid)], capture_output=True, text=True)
            rows.append({"t": round(now, 5), "dump": dump.stdout + dump.stderr, "took": time.monotonic() - now})
            dumps, next_dump = dumps + 1, time.monotonic() + 3.0
        if now >= next_machine:
            row["q"] = _read(gui_thread.schedstat, 200).split()[:2]  # on-CPU ns, run-queue wait ns
            row.update(_machine())
            next_machine = now + 0.01
        rows.append(row)
        time.sleep(interval)
    with open(out_path, "w") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    sample(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.001,
           sys.argv[5] if len(sys.argv) > 5 else "")
