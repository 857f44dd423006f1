"""The synthetic department's people: names drawn the way real departments look, how the sheet refers
to each of them, their contracts, and who picks up or takes over whose duties."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

from tests.benchmarks.synthetic_dates import MONTHS, DatePicker, month_end, ordinal, zipf_weights

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


def name_key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key: the generator's own notion of "same name"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def unique_names(rng: random.Random, count: int) -> tuple[list[str], int]:
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
    first_weights = zipf_weights(len(firsts_common), 0.9)
    last_names = list(LAST_NAMES)
    rng.shuffle(last_names)
    last_weights = zipf_weights(len(last_names), 0.7)
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


def references(names: list[str]) -> list[str]:
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


def draw_people(rng: random.Random, picker: DatePicker, names: list[str], counts: list[int], rare: int,
                start_year: int, years: int) -> list[dict[str, object]]:
    """One row per person: contract end (as the duty list writes it), role, group, start, availability,
    their number of duties, when they can hold duties (`window`) and the FTE they are given (`budget`)."""
    last_year = start_year + years - 1
    period_start, period_end = date(start_year, 1, 1), date(last_year, 12, 31)
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
            window = (period_start, month_end(year, months[1]))
        elif roll < 0.90:
            month, day, year = rng.randint(1, 12), rng.randint(1, 28), rng.randint(start_year, max(start_year, last_year - 1))
            contract = f"Arrives on {MONTHS[month - 1]} {ordinal(day)}, {year}"
            start_text = f"{MONTHS[month - 1]} {ordinal(day)}, {year}"
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
    return person_rows


def succession(rng: random.Random, names: list[str], person_rows: list[dict[str, object]],
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
