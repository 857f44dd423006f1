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

Only the standard library, pandas and XlsxWriter; nothing from ``effortplanner`` (the
truth must not depend on the code it checks).
"""

from __future__ import annotations

import bisect
import calendar
import csv
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

DUTY_HEADER = ["Name", "VO", "Assignment", "FTE", "Start", "End", "End of Contract", "FY17"]
ROSTER_HEADER = ["Name", "Role", "Group", "Start", "Contract end", "Availability"]
DUTY_SHEET, ROSTER_SHEET = "Appendix II", "Roster"

VOS = ("NOvA", "NOvA FD", "MINERvA", "MINOS+", "DUNE", "LArIAT", "All", "CMS", "Mu2e", "ICARUS", "SBND", "g-2")
GROUPS = ("OPOS", "USDC", "SDPS", "CMS production")
ROLES = ("Intern", "Associate", "Scientist", "Engineer")

FIRST_NAMES = (
    "Anna", "Maria", "John", "Michael", "David", "James", "Robert", "William", "Richard", "Thomas",
    "Daniel", "Paul", "Mark", "Steven", "Andrew", "Kevin", "Brian", "George", "Edward", "Peter",
    "Laura", "Sarah", "Emily", "Jessica", "Jennifer", "Linda", "Susan", "Karen", "Nancy", "Lisa",
    "Giulia", "Marco", "Luca", "Matteo", "Francesca", "Chiara", "Alessandro", "Sofia", "Elena", "Paolo",
    "Juan", "Carlos", "Jose", "Luis", "Miguel", "Ana", "Lucia", "Carmen", "Pedro", "Diego",
    "Wei", "Li", "Jing", "Yan", "Hui", "Ming", "Xin", "Lei", "Hao", "Jun",
    "Hiroshi", "Yuki", "Kenji", "Akira", "Sakura", "Haruto", "Aiko", "Takeshi", "Naoko", "Ren",
    "Priya", "Rahul", "Amit", "Anjali", "Vikram", "Sunita", "Ravi", "Deepa", "Arjun", "Kavya",
    "Olga", "Ivan", "Dmitri", "Natasha", "Sergei", "Elena", "Boris", "Irina", "Pavel", "Svetlana",
    "Hans", "Klaus", "Jurgen", "Petra", "Sabine", "Wolfgang", "Ingrid", "Stefan", "Monika", "Dieter",
    "Pierre", "Claire", "Julien", "Camille", "Antoine", "Elodie", "Mathieu", "Celine", "Nicolas", "Manon",
    "Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Amira", "Karim", "Salma", "Hassan", "Nadia",
    "Kwame", "Ama", "Kofi", "Abena", "Chinedu", "Ngozi", "Tunde", "Folake", "Emeka", "Adaeze",
    "Sean", "Siobhan", "Liam", "Aoife", "Ciaran", "Niamh", "Declan", "Orla", "Eoin", "Roisin",
    "Erik", "Astrid", "Lars", "Ingrid", "Sven", "Freya", "Nils", "Sigrid", "Bjorn", "Linnea",
)
# First names given to exactly one person each: successors are named by first name only
# ("Xavier first, then transfer to the experiment"), which must mean one person.
RARE_FIRST_NAMES = (
    "Felipe", "Tyler", "Qiulan", "Vito", "Michele", "Gaston", "Eliana", "Jorge", "Ximena", "Bartholomew",
    "Cosimo", "Dorotea", "Evander", "Fiorella", "Gwendolyn", "Horatio", "Isolde", "Jovanka", "Leopold", "Marisol",
    "Nikodem", "Ottavia", "Percival", "Quirino", "Rosalind", "Sebastiano", "Tancredi", "Ulrike", "Valdemar",
    "Wilhelmina", "Xanthe", "Yevgenia", "Zenobia", "Alaric", "Benedikta", "Cornelis", "Dagny", "Eustace",
    "Filippa", "Gunnhild", "Hyacinth", "Ignatius", "Jacinta", "Kasimir", "Ludovica", "Mstislav", "Nerissa",
    "Ottokar", "Perpetua", "Radomir", "Seraphina", "Thaddeus", "Umberto", "Violante", "Wenceslas",
    "Yolanda", "Zbigniew", "Anselm", "Brunhilde", "Casimira",
)
# Misspellings of some rare first names, used in a handful of dispositions: the importer
# cannot know "Filipe" is "Felipe", so it adds a person and notes a probable alias.
NEAR_SPELLINGS = {"Felipe": "Filipe", "Tyler": "Taylor", "Michele": "Michelle", "Jorge": "Jorje",
                  "Eliana": "Elliana", "Marisol": "Marisoll", "Leopold": "Leopould"}

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
    "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres",
    "Flores", "Rivera", "Gomez", "Diaz", "Morales", "Ortiz", "Gutierrez", "Chavez", "Ramos", "Ruiz",
    "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
    "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato",
    "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Mehta", "Reddy", "Iyer", "Nair", "Rao",
    "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Petrov",
    "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Dubois", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Fournier", "Girard",
    "Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Asante", "Nwosu", "Eze", "Owusu", "Balogun",
    "Murphy", "Kelly", "O'Brien", "Byrne", "Ryan", "O'Connor", "Walsh", "McCarthy", "Doyle", "Gallagher",
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Di Benedetto", "Van Dyke", "Adelman-McCarthy", "Buitrago", "Mazzacane", "Fattoruso", "Propp", "Alba",
)

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

MONTHS = tuple(calendar.month_name[1:])
MONTH_ABBR = tuple(calendar.month_abbr[1:])
SEASONS = {"Spring": (3, 5), "Summer": (6, 8), "Fall": (9, 11), "Autumn": (9, 11)}


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: the generator's own notion of "same name"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class DateEntry:
    """One way of writing a date, and the range it means (the generator's own reading)."""

    value: object  # str as written, or a datetime for a real date cell
    earliest: date
    latest: date


def _date_pool(rng: random.Random, start_year: int, years: int) -> list[DateEntry]:
    """A few hundred ways of writing dates over the period: exact, real, fuzzy."""
    pool: list[DateEntry] = []
    last_year = start_year + years - 1
    for year in range(start_year, last_year + 1):
        for month in range(1, 13):
            days = sorted(rng.sample(range(1, calendar.monthrange(year, month)[1] + 1), 2))
            for day, style in zip(days, rng.sample(range(5), 2)):
                d = date(year, month, day)
                text = (
                    f"{MONTHS[month - 1]}, {_ordinal(day)} {year}",  # "July, 21st 2017"
                    f"{MONTHS[month - 1]} {_ordinal(day)}, {year}",  # "July 31st, 2016"
                    d.isoformat(),  # "2016-07-31"
                    f"{MONTH_ABBR[month - 1]} {day}, {year}",  # "Sep 30, 2017"
                    f"{MONTHS[month - 1]} {day}, {year}",  # "September 30, 2017"
                )[style]
                pool.append(DateEntry(text, d, d))
            # a real date cell: the first or the last day of the month
            real = date(year, month, 1) if rng.random() < 0.5 else _month_end(year, month)
            pool.append(DateEntry(datetime(real.year, real.month, real.day), real, real))
            pool.append(DateEntry(f"by {MONTHS[month - 1]} {year}", _month_end(year, month), _month_end(year, month)))
        for season, (m0, m1) in SEASONS.items():
            first, last = date(year, m0, 1), _month_end(year, m1)
            for qualifier, (a, b) in (("early", (m0, m0)), ("mid", (m0 + 1, m0 + 1)), ("late", (m1, m1))):
                pool.append(DateEntry(f"{qualifier} {season} {year}", date(year, a, 1), _month_end(year, b)))
            pool.append(DateEntry(f"{season.lower()} {year}?", first, last))
            pool.append(DateEntry(f"{season} {year}", first, last))
        for q in range(1, 5):
            pool.append(DateEntry(f"Q{q} {year}", date(year, 3 * q - 2, 1), _month_end(year, 3 * q)))
        pool.append(DateEntry(f"early {year}", date(year, 1, 1), date(year, 4, 30)))
        pool.append(DateEntry(f"end of {year}", date(year, 9, 1), date(year, 12, 31)))
        fy = year + 1  # FY(year+1) starts in October of `year`
        pool.append(DateEntry(f"FY{fy % 100:02d}", date(year, 10, 1), date(fy, 9, 30)))
    return pool


def _zipf_weights(n: int, s: float = 0.6) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


class DatePicker:
    """Draws written dates from the pool inside a window, popular texts more often."""

    def __init__(self, rng: random.Random, pool: list[DateEntry]) -> None:
        self.rng = rng
        shuffled = list(pool)
        rng.shuffle(shuffled)  # popularity independent of the date
        weights = _zipf_weights(len(shuffled))
        order = sorted(range(len(shuffled)), key=lambda i: (shuffled[i].earliest, shuffled[i].latest))
        self.entries = [shuffled[i] for i in order]
        self.earliest = [e.earliest for e in self.entries]
        self.cumulative = [0.0]
        for i in order:
            self.cumulative.append(self.cumulative[-1] + weights[i])

    def pick(self, low: date, high: date) -> DateEntry | None:
        """An entry whose range starts in [low, high] and ends by `high`; None if there is none."""
        lo = bisect.bisect_left(self.earliest, low)
        hi = bisect.bisect_right(self.earliest, high)
        for _ in range(8):
            if lo >= hi:
                return None
            r = self.cumulative[lo] + self.rng.random() * (self.cumulative[hi] - self.cumulative[lo])
            index = min(max(bisect.bisect_right(self.cumulative, r) - 1, lo), hi - 1)
            entry = self.entries[index]
            if entry.latest <= high:
                return entry
        return None

    def exact(self, low: date, high: date) -> DateEntry:
        """A single-day entry (a text such as "July 31st, 2016" or a real date)."""
        for _ in range(1000):
            entry = self.pick(low, high)
            if entry is not None and entry.earliest == entry.latest and \
                    not (isinstance(entry.value, str) and entry.value.startswith("by ")):
                return entry
        raise ValueError(f"no exact date in the pool between {low} and {high}")


def _unique_names(rng: random.Random, count: int) -> tuple[list[str], int]:
    """`count` unique "First Last" names; the first `rare` of them have a unique first name."""
    rare = min(len(RARE_FIRST_NAMES), max(1, count // 10))
    # Some of them have a known misspelling (NEAR_SPELLINGS), so every department has one.
    misspelt = sorted(NEAR_SPELLINGS)
    others = sorted(set(RARE_FIRST_NAMES) - set(misspelt))
    rng.shuffle(misspelt)
    rng.shuffle(others)
    with_variant = min(len(misspelt), max(1, rare // 8))
    rare_firsts = misspelt[:with_variant] + others[:rare - with_variant]
    rng.shuffle(rare_firsts)
    names: list[str] = []
    seen: set[str] = set()
    firsts_common = sorted(set(FIRST_NAMES) - set(RARE_FIRST_NAMES))
    rng.shuffle(firsts_common)
    # Names are drawn the way real departments look: a few first names and surnames are
    # very common (hundreds of "John"s at 5,000 people, many "Wang"s), most are not.
    first_weights = _zipf_weights(len(firsts_common), 0.9)
    last_names = list(LAST_NAMES)
    rng.shuffle(last_names)
    last_weights = _zipf_weights(len(last_names), 0.7)
    for first in rare_firsts[:rare]:
        while True:
            name = f"{first} {rng.choice(LAST_NAMES)}"
            if name_key(name) not in seen:
                break
        seen.add(name_key(name))
        names.append(name)
    if count - rare > len(firsts_common) * len(LAST_NAMES) // 2:
        raise ValueError(f"cannot make {count} unique names from the name lists")
    while len(names) < count:
        first = rng.choices(firsts_common, weights=first_weights)[0]
        last = rng.choices(last_names, weights=last_weights)[0]
        name = f"{first} {last}"
        if name_key(name) in seen:
            continue
        seen.add(name_key(name))
        names.append(name)
    return names, rare


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
    names, rare = _unique_names(rng, people)
    picker = DatePicker(rng, _date_pool(rng, start_year, years))
    last_year = start_year + years - 1
    period_start, period_end = date(start_year, 1, 1), date(last_year, 12, 31)

    duty_texts = _duty_pool(rng)
    duty_weights = _zipf_weights(len(duty_texts), 0.4)

    # How many duties each person has: at least one (rare-first-name people first, so that
    # every successor named by first name is on the duty list), the rest spread unevenly.
    holders = min(people, assignments)
    counts = [1] * holders + [0] * (people - holders)
    if assignments > holders:
        spread = [rng.expovariate(1.0) for _ in range(holders)]
        for index in rng.choices(range(holders), weights=spread, k=assignments - holders):
            counts[index] += 1

    # People: contract ends, roles, groups, availability, FTE budgets.
    person_rows: list[dict[str, object]] = []
    for index, name in enumerate(names):
        roll = rng.random()
        start_text: object = ""
        window = (period_start, period_end)  # when this person can hold duties
        if roll < 0.40:
            contract: object = "Permanent position"
        elif roll < 0.70:
            entry = picker.exact(period_start + timedelta(days=180), period_end)
            contract, window = entry.value, (period_start, entry.latest)
        elif roll < 0.83:
            season = rng.choice(("spring", "summer", "fall"))
            year = rng.randint(min(start_year + 1, last_year), last_year)
            months = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11)}[season]
            contract = f"leaving {season} {year}{'?' if rng.random() < 0.6 else ''}"
            window = (period_start, _month_end(year, months[1]))
        elif roll < 0.90:
            month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.randint(start_year, max(start_year, last_year - 1))
            contract = f"Arrives on {MONTHS[month - 1]} {_ordinal(day)}, {year}"
            start_text = f"{MONTHS[month - 1]} {_ordinal(day)}, {year}"
            window = (date(year, month, day), period_end)
        else:
            contract = ""
        availability = rng.choices(("100%", "50%", "20%"), weights=(80, 12, 8))[0]
        person_rows.append({
            "name": name, "role": rng.choice(ROLES), "group": rng.choice(GROUPS), "start": start_text,
            "contract_end": contract, "availability": availability, "duties": counts[index],
            "leaves": window[1] < period_end, "arrives": window[0] > period_start, "rare_first": index < rare,
            "window": window,
            # a tenth of the department is over-allocated on paper
            "budget": rng.uniform(1.1, 1.8) if rng.random() < 0.10 else rng.uniform(0.4, 1.0),
        })

    successors = [names[i] for i in range(rare) if counts[i] > 0]
    picks_up, transfers = _succession(rng, names, person_rows, counts)
    refs = _references(names)

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
        fte_numbers = _fte_split(rng, float(person["budget"]), n)
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
            fte_written, fte_value = _fte_cell(rng, fte_numbers[k])
            start_entry, end_entry = _duty_dates(rng, picker, person["window"], period_end)  # type: ignore[arg-type]
            disposition, successor = _disposition(rng, str(person["name"]), successors)
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
    variants_used = _misspell_successors(rng, duty_rows, truth, assignments)
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
        "distinct_date_texts": len({_cell_text(v) for v in date_texts}),
        "distinct_duties": int(truth_assignments["duty"].nunique()) if len(truth_assignments) else 0,
        "over_allocated_on_paper": int((truth_people["fte_sum"] > 1.0).sum()),
        "pickers": len(picks_up), "pickup_rows": int(truth_assignments["disposition"].str.startswith("Will pick up").sum())
        if len(truth_assignments) else 0,
        "transfer_chains": len(transfers),
    }
    return {"duties": duty_rows, "roster": roster_rows, "assignments": truth_assignments,
            "people": truth_people, "meta": meta}


def _references(names: list[str]) -> list[str]:
    """How the sheet names each person elsewhere: the first name when only they have it, else
    "First L." when only they have that, else the full name."""
    firsts: dict[str, int] = {}
    initials: dict[str, int] = {}
    for name in names:
        first, _, last = name.partition(" ")
        firsts[name_key(first)] = firsts.get(name_key(first), 0) + 1
        initials[name_key(f"{first} {last[:1]}")] = initials.get(name_key(f"{first} {last[:1]}"), 0) + 1
    out = []
    for name in names:
        first, _, last = name.partition(" ")
        if firsts[name_key(first)] == 1:
            out.append(first)
        elif initials[name_key(f"{first} {last[:1]}")] == 1:
            out.append(f"{first} {last[:1]}.")
        else:
            out.append(name)
    return out


def _succession(rng: random.Random, names: list[str], person_rows: list[dict[str, object]],
                counts: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Who picks up whose duties (about one person in six), and handover chains.

    Returns ({picker: source}, {person: the person their duties transfer to}). Sources
    are leavers, each picked up once; a picker may itself be picked up (a chain).
    Transfer chains run over 2-4 people: A's duties go to B, B's to C.
    """
    holders = [i for i, n in enumerate(counts) if n > 0]
    leavers = [i for i in holders if person_rows[i]["leaves"]]
    rng.shuffle(leavers)
    pickers = rng.sample(holders, len(holders) // 6)
    picks_up: dict[int, int] = {}
    for picker in pickers:
        while leavers and leavers[-1] == picker:
            rng.shuffle(leavers)
            if len(leavers) == 1:
                break
        if leavers and leavers[-1] != picker:
            picks_up[picker] = leavers.pop()
    free = [i for i in holders if i not in picks_up]
    rng.shuffle(free)
    transfers: dict[int, int] = {}
    budget = max(2, len(holders) // 50)
    while len(free) >= 4 and len(transfers) < budget:
        chain = [free.pop() for _ in range(rng.randint(2, 4))]
        for a, b in zip(chain, chain[1:]):
            transfers[a] = b
    return picks_up, transfers


def _duty_pool(rng: random.Random) -> list[str]:
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


def _fte_split(rng: random.Random, budget: float, n: int) -> list[float]:
    """Numbers in 0.05..0.6 (steps of 0.05) adding up to about `budget`."""
    shares = [rng.random() + 0.2 for _ in range(n)]
    total = sum(shares)
    return [min(0.6, max(0.05, round(budget * s / total * 20) / 20)) for s in shares]


def _fte_cell(rng: random.Random, number: float) -> tuple[object, float | None]:
    """The FTE cell as written (~20% blank, a few "30%"), and its value (None when blank)."""
    roll = rng.random()
    if roll < 0.20:
        return "", None
    if roll < 0.24:
        return f"{round(number * 100):d}%", number
    return number, number


def _duty_dates(rng: random.Random, picker: DatePicker, window: tuple[date, date],
                period_end: date) -> tuple[DateEntry | None, DateEntry | None]:
    """Start and end of one duty inside the holder's window; blank means "ongoing".

    A leaver's duty mostly ends by the contract end, but some run past it (or are left
    open): those are the contract-end gaps the department must close.
    """
    low, high = window
    start = picker.pick(low, high - timedelta(days=60)) if rng.random() < 0.7 else None
    after = (start.latest if start else low) + timedelta(days=31)
    leaves = high < period_end
    roll = rng.random()
    if roll < (0.25 if leaves else 0.35):
        return start, None
    limit = period_end if (not leaves or roll > 0.85) else high
    return start, picker.pick(after, limit)


def _disposition(rng: random.Random, owner: str, successors: list[str]) -> tuple[str, str]:
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


def _misspell_successors(rng: random.Random, duty_rows: list[list[object]], truth: list[dict[str, object]],
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


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


# --- writing -------------------------------------------------------------------------------
def _write_xlsx(path: Path, sheet: str, rows: list[list[object]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_numbers": False, "strings_to_urls": False})
    try:
        worksheet = workbook.add_worksheet(sheet)
        bold = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "" or value is None:
                    continue
                if r == 0:
                    worksheet.write_string(r, c, str(value), bold)
                elif isinstance(value, datetime):
                    worksheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    worksheet.write_number(r, c, value)
                else:
                    worksheet.write_string(r, c, str(value))
    finally:
        workbook.close()


def _write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


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
    _write_xlsx(paths["duties.xlsx"], DUTY_SHEET, dept["duties"])  # type: ignore[arg-type]
    _write_csv(paths["duties.csv"], dept["duties"])  # type: ignore[arg-type]
    _write_xlsx(paths["people.xlsx"], ROSTER_SHEET, dept["roster"])  # type: ignore[arg-type]
    _write_csv(paths["people.csv"], dept["roster"])  # type: ignore[arg-type]
    return paths
