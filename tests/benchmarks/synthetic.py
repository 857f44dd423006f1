"""A synthetic department: a duty list in the Appendix II block layout and a roster.

``make_department`` draws the data (deterministically for a seed) and returns the
rows as written plus the truth the importer should recover; ``write_department``
writes them as xlsx (XlsxWriter, constant-memory mode) and csv.

The duty list looks like the seed's Appendix II, at department scale::

    Name | VO | Assignment | FTE | Start | End | End of Contract | FY17

A person's name (and End of Contract) is given on the first row of their block only;
continuation rows leave Name and usually VO blank. Dates are a mix of exact texts, real
dates, fuzzy texts ("late Spring 2016", "summer 2017?", "FY18") and blanks, drawn from
a pool of a few hundred texts so that they repeat the way they do in real sheets.

The draws live in synthetic_people.py (names, contracts, succession), synthetic_dates.py
(written dates), synthetic_duties.py (duty texts, FTEs, dispositions) and the files are written by
synthetic_writers.py. Only the standard library, pandas and XlsxWriter; nothing from ``effortplanner`` (the
truth must not depend on the code it checks).
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pandas as pd

from tests.benchmarks.synthetic_dates import DatePicker, cell_text, date_pool, duty_dates, zipf_weights
from tests.benchmarks.synthetic_duties import VOS, draw_disposition, duty_pool, fte_cell, fte_split, misspell_successors
from tests.benchmarks.synthetic_people import draw_people, references, succession, unique_names
from tests.benchmarks.synthetic_writers import write_csv, write_xlsx

DUTY_HEADER = ["Name", "VO", "Assignment", "FTE", "Start", "End", "End of Contract", "FY17"]
ROSTER_HEADER = ["Name", "Role", "Group", "Start", "Contract end", "Availability"]
DUTY_SHEET, ROSTER_SHEET = "Appendix II", "Roster"


def make_department(people: int = 2000, assignments: int = 20000, years: int = 5, seed: int = 0,
                    start_year: int = 2016) -> dict[str, object]:
    """Draw a department. Returns a dict:

    - ``duties``: rows of the duty list as written (header first; "" for a blank cell,
      datetime for a real date cell);
    - ``roster``: rows of the roster as written (header first);
    - ``assignments``: truth DataFrame, one row per duty row: ``row`` (1-based sheet row),
      ``name``, ``vo`` (as the block gives it), ``duty``, ``fte`` (as written), ``start``,
      ``end``, ``disposition``, ``successor`` (full name, or the misspelling as written),
      ``successor_variant`` (bool), ``first_of_block`` (bool);
    - ``people``: truth DataFrame, one row per person: ``name``, ``role``, ``group``,
      ``start``, ``contract_end`` (as written in the duty list), ``availability``,
      ``duties`` (count), ``fte_sum`` (sum of the numeric FTEs written), ``leaves``
      (contract end inside the period), ``rare_first`` (first name unique);
    - ``meta``: counts the importer must find (``people_with_duties``, ``assignments``,
      ``variants``: the misspelt successor names used, ``distinct_date_texts``...).
      ``expected_people_duties_only`` and ``expected_people_all`` are upper bounds: an
      importer may link a misspelling to the person meant instead of adding a person.
    """
    if people < 1 or assignments < 0 or years < 1:
        raise ValueError("people >= 1, assignments >= 0 and years >= 1 are required")
    rng = random.Random(seed)
    names, rare = unique_names(rng, people)
    picker = DatePicker(rng, date_pool(rng, start_year, years))
    period_end = date(start_year + years - 1, 12, 31)

    duty_texts = duty_pool(rng)
    duty_weights = zipf_weights(len(duty_texts), 0.4)

    # How many duties each person has: at least one (rare-first-name people first, so that
    # every successor named by first name is on the duty list), the rest spread unevenly.
    holders = min(people, assignments)
    counts = [1] * holders + [0] * (people - holders)
    if assignments > holders:
        spread = [rng.expovariate(1.0) for _ in range(holders)]
        for index in rng.choices(range(holders), weights=spread, k=assignments - holders):
            counts[index] += 1

    person_rows = draw_people(rng, picker, names, counts, rare, start_year, years)

    successors = [names[i] for i in range(rare) if counts[i] > 0]
    picks_up, transfers = succession(rng, names, person_rows, counts)
    refs = references(names)

    order = list(range(people))
    rng.shuffle(order)  # blocks in no particular order, rare names spread out
    duty_rows: list[list[object]] = [list(DUTY_HEADER)]
    truth: list[dict[str, object]] = []
    sheet_row = 1
    for person_index in order:
        person = person_rows[person_index]
        n = int(person["duties"])
        if n == 0:
            continue
        fte_numbers = fte_split(rng, float(person["budget"]), n)
        vo = rng.choice(VOS)
        for k in range(n):
            first = k == 0
            if not first and rng.random() < 0.35:
                new_vo = rng.choice(VOS)
                vo_written = new_vo
                vo = new_vo
            else:
                vo_written = vo if first else ""
            duty = rng.choices(duty_texts, weights=duty_weights)[0].replace("{vo}", vo if vo != "All" else "all experiments")
            fte_written, fte_value = fte_cell(rng, fte_numbers[k])
            start_entry, end_entry = duty_dates(rng, picker, person["window"], period_end)  # type: ignore[arg-type]
            disposition, successor = draw_disposition(rng, str(person["name"]), successors)
            if person_index in picks_up:
                # "Will pick up Paola's assignments" on each row of the picker's block
                disposition, successor = f"Will pick up {refs[picks_up[person_index]]}'s assignments", ""
            elif person_index in transfers and rng.random() < 0.6:
                target = transfers[person_index]
                disposition, successor = f"Transfer to {refs[target]}", names[target]
            sheet_row += 1
            if rng.random() < 0.01 and not first:
                duty_rows.append([""] * len(DUTY_HEADER))  # a stray blank line inside a block
                sheet_row += 1
            duty_rows.append([
                person["name"] if first else "", vo_written, duty, fte_written,
                start_entry.value if start_entry else "", end_entry.value if end_entry else "",
                person["contract_end"] if first else "", disposition,
            ])
            truth.append({
                "row": sheet_row, "name": person["name"], "vo": vo, "vo_written": vo_written, "duty": duty,
                "fte": fte_written, "fte_value": fte_value,
                "start": start_entry.value if start_entry else "", "end": end_entry.value if end_entry else "",
                "start_earliest": start_entry.earliest if start_entry else None,
                "end_latest": end_entry.latest if end_entry else None,
                "disposition": disposition, "successor": successor, "successor_variant": False,
                "first_of_block": first, "picked_up_by": "",
            })
    variants_used = misspell_successors(rng, duty_rows, truth, assignments)
    picker_of = {names[source]: names[picker] for picker, source in picks_up.items()}
    for record in truth:
        if not record["successor"] and record["name"] in picker_of:
            record["picked_up_by"] = picker_of[str(record["name"])]

    truth_assignments = pd.DataFrame(truth, columns=[
        "row", "name", "vo", "vo_written", "duty", "fte", "fte_value", "start", "end", "start_earliest",
        "end_latest", "disposition", "successor", "successor_variant", "first_of_block", "picked_up_by"])
    truth_assignments["fte_value"] = pd.to_numeric(truth_assignments["fte_value"]).astype(float)
    truth_people = pd.DataFrame(person_rows).drop(columns=["budget", "window"])
    fte_sum = truth_assignments.groupby("name")["fte_value"].sum(min_count=1)
    truth_people["fte_sum"] = truth_people["name"].map(fte_sum).fillna(0.0)

    roster_rows: list[list[object]] = [list(ROSTER_HEADER)]
    for person in person_rows:
        contract = person["contract_end"]
        if isinstance(contract, str) and contract.startswith("Arrives"):
            contract = ""  # the roster gives the arrival in Start
        roster_rows.append([person["name"], person["role"], person["group"], person["start"], contract,
                            person["availability"]])

    date_texts = [v for column in ("start", "end") for v in truth_assignments[column] if v != ""]
    with_duties = int((truth_people["duties"] > 0).sum())
    meta = {
        "seed": seed, "start_year": start_year, "years": years,
        "people": people, "people_with_duties": with_duties, "assignments": len(truth_assignments),
        "rare_first_names": rare, "variants": sorted(variants_used.values()),
        "expected_people_duties_only": with_duties + len(variants_used),
        "expected_people_all": people + len(variants_used),
        "date_cells": len(date_texts),
        "distinct_date_texts": len({cell_text(v) for v in date_texts}),
        "distinct_duties": int(truth_assignments["duty"].nunique()) if len(truth_assignments) else 0,
        "over_allocated_on_paper": int((truth_people["fte_sum"] > 1.0).sum()),
        "pickers": len(picks_up), "pickup_rows": int(truth_assignments["disposition"].str.startswith("Will pick up").sum())
        if len(truth_assignments) else 0,
        "transfer_chains": len(transfers),
    }
    return {"duties": duty_rows, "roster": roster_rows, "assignments": truth_assignments,
            "people": truth_people, "meta": meta}


def write_department(folder: str | Path, people: int = 2000, assignments: int = 20000, years: int = 5,
                     seed: int = 0, start_year: int = 2016, department: dict[str, object] | None = None,
                     ) -> dict[str, Path]:
    """Write duties.xlsx, duties.csv, people.xlsx and people.csv into `folder`.

    Pass `department` (from :func:`make_department`) to write data already drawn.
    Returns {"duties.xlsx": path, "duties.csv": path, "people.xlsx": path, "people.csv": path}.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dept = department or make_department(people, assignments, years, seed, start_year)
    paths = {name: folder / name for name in ("duties.xlsx", "duties.csv", "people.xlsx", "people.csv")}
    write_xlsx(paths["duties.xlsx"], DUTY_SHEET, dept["duties"])  # type: ignore[arg-type]
    write_csv(paths["duties.csv"], dept["duties"])  # type: ignore[arg-type]
    write_xlsx(paths["people.xlsx"], ROSTER_SHEET, dept["roster"])  # type: ignore[arg-type]
    write_csv(paths["people.csv"], dept["roster"])  # type: ignore[arg-type]
    return paths
