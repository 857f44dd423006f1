"""The benchmark's figures: kept as rows of the printed table and as one JSON object (--json)."""

from __future__ import annotations

from collections.abc import Callable

Format = Callable[[float | None], str]


def fmt_s(seconds: float | None) -> str:
    """'812 ms' under a second, '1.52 s' from one second; '-' for no figure."""
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mb(n: float | None) -> str:
    """Bytes as whole MiB; '-' for no figure."""
    return "-" if n is None else f"{n / 2**20:.0f} MB"


class Figures:
    """Every figure of a run, in the order measured: `rows` for the table, `data` for the JSON."""

    def __init__(self, sizes: list[tuple[int, ...]]) -> None:
        self.rows: list[dict[str, object]] = []
        self.data: dict[str, object] = {"sizes": sizes}

    def add(self, figure: str, ours: float | None, baseline: float | None, ratio: float | None, target: str,
            ok: bool | None, fmt: Format, ratio_text: str | None = None, key: str = "") -> None:
        """One figure beside its baseline; `ok` None when it has no target (printed '-')."""
        self.rows.append({"figure": figure, "ours_text": fmt(ours), "baseline_text": fmt(baseline),
                          "ratio_text": ratio_text or ("-" if ratio is None else f"{ratio:.2f}x"), "target": target,
                          "ok_text": "-" if ok is None else ("yes" if ok else "NO")})
        self.data[key or figure] = {"ours": ours, "baseline": baseline, "ratio": ratio, "target": target, "ok": ok}

    def missed(self) -> list[str]:
        """The figures whose target was missed (printed NO)."""
        return [str(r["figure"]) for r in self.rows if r["ok_text"] == "NO"]


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


def print_report(figures: Figures, problems: list[str]) -> None:
    """The table, the import check's verdict and the targets missed."""
    print_table(figures.rows)
    print()
    print("import check: " + ("OK (people, assignments and blocks as the generator wrote them)"
                              if not problems else "FAILED"))
    for problem in problems:
        print(f"  - {problem}")
    missed = figures.missed()
    if missed:
        print(f"{len(missed)} target(s) missed: " + "; ".join(str(m) for m in missed))
