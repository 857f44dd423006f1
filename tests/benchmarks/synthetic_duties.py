"""The synthetic department's duties: their texts, FTEs and dispositions ("Transfer to USDC",
"Felipe first, then transfer to the experiment"), a few successors' names misspelt."""

from __future__ import annotations

import random

from tests.benchmarks.synthetic_people import NEAR_SPELLINGS

VOS = ("NOvA", "NOvA FD", "MINERvA", "MINOS+", "DUNE", "LArIAT", "All", "CMS", "Mu2e", "ICARUS", "SBND", "g-2")

# Duty texts: a template and the numbers that make a few hundred distinct texts.
DUTY_TEMPLATES = (
    "MC production (on demand)",
    "MC production for {vo} (on demand) about {n}K events",
    "raw2root keep-up (daily) about {n}K jobs, {m}K files",
    "reconstruction keep-up (daily) {k} jobs",
    "Stage data from tape to dCache (monthly)",
    "Stage {n} TB from tape to dCache (monthly)",
    "Weekly ops report",
    "Backprocessing (on demand)",
    "Keepup for {vo} (daily)",
    "Production Systems Monitoring (daily)",
    "OFF-line systems monitoring (daily)",
    "Calibration processing for run period {p} (on demand)",
    "Data quality monitoring shift (weekly)",
    "Reprocessing campaign {p} - on demand",
    "POMS feedback",
    "AWS submission documentation",
    "Contribution to Monitoring: condor event log and dCache log parsing",
    "Developing the unified submission tool set",
    "OPOS weekly meeting reports. Weekly SCS ops dashboard update",
    "ND MC Reconstruction on AWS - on demand",
    "Monitoring the memory and disk usage of the raw2root and reco keepup processings (daily)",
    "Daily monitoring and scan of the offsites accepting jobs.",
    "Dataset bookkeeping in SAM (monthly) about {n}K files",
    "Grid job submission support (on demand) up to {k} jobs",
    "Tape recall campaign {p} (quarterly) about {n} TB",
    "CI pipeline maintenance (weekly)",
    "HEPCloud onboarding for {vo}",
    "Software release validation {p} (monthly)",
    "Storage cleanup in dCache (quarterly)",
    "User support tickets (daily) about {k} requests",
)
_VOLUMES_N = (2, 5, 10, 20, 50, 100)
_VOLUMES_M = (10, 50, 100, 200)
_VOLUMES_K = (100, 400, 800, 1500)


def duty_pool(rng: random.Random) -> list[str]:
    """A few hundred distinct duty texts (``{vo}`` is filled per row)."""
    texts: set[str] = set()
    for template in DUTY_TEMPLATES:
        variants = 1 if "{" not in template.replace("{vo}", "") else 14
        for _ in range(variants):
            texts.add(template.replace("{n}", str(rng.choice(_VOLUMES_N)))
                      .replace("{m}", str(rng.choice(_VOLUMES_M)))
                      .replace("{k}", str(rng.choice(_VOLUMES_K)))
                      .replace("{p}", f"{rng.choice('ABCDEFGH')}{rng.randint(1, 12)}"))
    out = sorted(texts)
    rng.shuffle(out)
    return out


def fte_split(rng: random.Random, budget: float, n: int) -> list[float]:
    """Numbers in 0.05..0.6 (steps of 0.05) adding up to about `budget`."""
    shares = [rng.random() + 0.2 for _ in range(n)]
    total = sum(shares)
    return [min(0.6, max(0.05, round(budget * s / total * 20) / 20)) for s in shares]


def fte_cell(rng: random.Random, number: float) -> tuple[object, float | None]:
    """The FTE cell as written (~20% blank, a few "30%"), and its value (None when blank)."""
    roll = rng.random()
    if roll < 0.20:
        return "", None
    if roll < 0.24:
        return f"{round(number * 100):d}%", number
    return number, number


def draw_disposition(rng: random.Random, owner: str, successors: list[str]) -> tuple[str, str]:
    """(FY17 text, the successor's full name or "")."""
    roll = rng.random()
    if roll < 0.40:
        return "Transfer to the experiment", ""
    if roll < 0.60:
        return "Transfer to USDC", ""
    if roll < 0.70:
        candidates = [s for s in successors if s != owner]
        if candidates:
            successor = rng.choice(candidates)
            return f"{successor.split(' ')[0]} first, then transfer to the experiment", successor
    return "", ""


def misspell_successors(rng: random.Random, duty_rows: list[list[object]], truth: list[dict[str, object]],
                         assignments: int) -> dict[str, str]:
    """Spell a handful of successors' first names wrong ("Filipe" for "Felipe Alba").

    Up to two rows per misspelling, at most one misspelt name per 2,000 rows (at least
    one). Returns {first name: misspelling} of those used.
    """
    budget = min(len(NEAR_SPELLINGS), max(1, assignments // 2000))
    by_first: dict[str, list[int]] = {}
    for index, record in enumerate(truth):
        first = str(record["successor"]).split(" ")[0]
        if record["successor"] and first in NEAR_SPELLINGS:
            by_first.setdefault(first, []).append(index)
    used: dict[str, str] = {}
    for first in sorted(by_first)[:budget]:
        variant = NEAR_SPELLINGS[first]
        for index in rng.sample(by_first[first], min(2, len(by_first[first]))):
            record = truth[index]
            record["disposition"] = f"{variant} first, then transfer to the experiment"
            record["successor"], record["successor_variant"] = variant, True
            duty_rows[int(record["row"]) - 1][7] = record["disposition"]  # duty_rows[0] is sheet row 1
        used[first] = variant
    return used
