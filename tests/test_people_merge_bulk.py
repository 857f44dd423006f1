"""Mentions merged as columns give exactly what merging them one at a time gives.

`People.merge_mentions` takes each sheet's mentions as columns (`MentionColumns`), works out each
distinct name's keys once, settles names met as written by one lookup and adds names unlike any
other without a search (`unrelated_names`); only names that may be a short, long or reordered
form of another take the rules one by one. Here both ways run on rosters and duty lists full of
short forms, initials, reordered and underscored names, ambiguous first names, ids of our own
files and disagreeing cells, and must give the same people, ids, cells, merges and notes.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from effortplanner.core.names import is_short_form, normalise, order_free_key
from effortplanner.core.plan import Plan
from effortplanner.io.pending import Mention, MentionColumns, Pending
from effortplanner.io.name_relations import name_keys, short_forms, unrelated_names
from effortplanner.io.people_index import People

FIRSTS = ["Paola", "Anna", "Ana", "John", "Li", "Wei", "Felipe", "Filipe", "Tyler", "Mari"]
LASTS = ["Buitrago", "Rossi", "Lennon", "Wang", "Alba", "O'Brien", "Van Dyke", "Smith"]


def _name(rng: random.Random) -> str:
    first, last = rng.choice(FIRSTS), rng.choice(LASTS)
    return rng.choice([
        f"{first} {last}", f"{first} {last}", first, f"{first} {last[0]}.", f"{first} {last[0]}",
        f"{last}, {first}", f"{last}_{first}", f"{last.upper()} {first}", f"{first} Maria {last}",
        f"{first} M. {last}", f"  {first.lower()}  {last} ",
    ])


def _mentions(seed: int, count: int) -> list[Mention]:
    rng = random.Random(seed)
    out = []
    for row in range(count):
        roster = rng.random() < 0.4
        name = _name(rng) if rng.random() < 0.97 else ""
        if out and rng.random() < 0.15:
            name = out[-1].name  # the same name again on the next row (a block's further row)
        cells: dict[str, object] = {}
        if rng.random() < 0.7:
            cells["group"] = rng.choice(["OPOS", "SCD", "", None])
        if rng.random() < 0.5:
            day = rng.choice(["2018-01-21", "2019-06-30", None])
            cells["contract_end"] = pd.Timestamp(day) if day else pd.NaT
            cells["contract_end_text"] = day or "Permanent position"
        if rng.random() < 0.4:
            cells["capacity_fte"] = rng.choice([1.0, 0.5, 0.8])
        if rng.random() < 0.1:
            cells["aliases"] = rng.choice(["PB", "PB;Paolita"])
        invalid = {"capacity_fte": "not a number"} if rng.random() < 0.05 else {}
        wanted = f"P{rng.randrange(1, 40)}" if rng.random() < 0.08 else ""
        # Runs of a few sheets of two files: roster and duty-list runs interleaved, chunks of every length.
        sheet = ("f.xlsx", "Sheet") if row % 40 < 25 else ("g.xlsx", "Duties") if row % 40 < 35 else ("f.xlsx", "More")
        out.append(Mention(name, *sheet, row + 2, roster, cells, invalid, wanted))
    return out


def _merged(mentions: list[Mention], bulk: bool,
            chunks: list[MentionColumns] | None = None) -> tuple[list[tuple[object, ...]], list[object]]:
    notes: list[object] = []
    people = People(Plan(), notes)  # type: ignore[arg-type]
    if bulk:
        people.merge_mentions(MentionColumns.of(mentions) if chunks is None else chunks)
    else:
        for mention in sorted(mentions, key=lambda m: not m.from_roster):
            people.merge_mention(mention)
    drafts = [(d.id, d.name, list(d.cells.items()), dict(d.invalid), d.first_seen) for d in people.drafts]
    index = sorted((k, d.id) for k, d in people.by_key.items())
    # What later lookups (successors, handovers, owners, near spellings) see: the first-name lists in
    # order, what each name and each of its forms is found as, the drafts' order.
    by_first = sorted((first, [d.id for d in drafts_]) for first, drafts_ in people.by_first.items())
    asked = sorted({form for m in mentions for form in [m.name, m.name.split()[0] if m.name.split() else "",
                                                        *short_forms(normalise(m.name).split())]})
    found = [(name, *(lambda d, how: (d.id if d else None, how))(*people.find(name))) for name in asked]
    order = [people._order[id(d)] for d in people.drafts]
    return drafts + [tuple(index), tuple(by_first), tuple(found), tuple(order)], notes


def test_bulk_merge_equals_one_mention_at_a_time() -> None:
    for seed in range(30):
        mentions = _mentions(seed, 120)
        assert _merged(mentions, bulk=True) == _merged(mentions, bulk=False), seed


def test_a_department_of_distinct_full_names_merges_alike() -> None:
    """The common case: a roster of full names, then a duty list naming the same people."""
    rng = random.Random(3)
    names = list(dict.fromkeys(f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}{rng.randrange(30)}" for _ in range(300)))
    roster = [Mention(n, "people.xlsx", "Roster", i + 2, True, {"group": "OPOS", "capacity_fte": 1.0})
              for i, n in enumerate(names)]
    # The duty list names most of them, some on several rows, some in another spelling, one row blank.
    said = rng.sample(names, 200) + rng.choices(names, k=40) + ["Paola", "Wei", ""]
    said += [", ".join(reversed(n.split(" ", 1))) for n in rng.sample(names, 10)]
    duties = [Mention(n, "duties.xlsx", "Duties", i + 2, False, {"group": rng.choice(["OPOS", "SCD"])})
              for i, n in enumerate(said)]
    for mentions in (roster + duties, duties + roster):  # the roster speaks first either way
        assert len(MentionColumns.of(mentions)) == 2
        assert _merged(mentions, bulk=True) == _merged(mentions, bulk=False)


def test_sheets_of_known_and_new_names_merge_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets whose names are all met as written or new and unlike any other are added a sheet at a
    time (new people at their first rows, then every other row's cells): the same as row by row,
    with repeated names, aliases to join, problems and disagreeing cells."""
    rng = random.Random(11)
    names = list(dict.fromkeys(f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}{rng.randrange(60)}" for _ in range(400)))

    def cells() -> dict[str, object]:
        out: dict[str, object] = {}
        if rng.random() < 0.6:
            out["group"] = rng.choice(["OPOS", "SCD", ""])
        if rng.random() < 0.4:
            day = rng.choice(["2018-01-21", "2019-06-30", None])
            out["contract_end"] = pd.Timestamp(day) if day else pd.NaT
            out["contract_end_text"] = day or "Permanent position"
        if rng.random() < 0.1:
            out["aliases"] = rng.choice(["PB", "PB;Paolita", "PB;PB"])
        return out

    def sheet(file: str, chosen: list[str], roster: bool) -> list[Mention]:
        return [Mention(n, file, "Sheet", i + 2, roster, cells(),
                        {"capacity_fte": "not a number"} if rng.random() < 0.05 else {})
                for i, n in enumerate(chosen)]

    roster = sheet("people.xlsx", names[:150], True)
    duties = sheet("duties.xlsx", rng.choices(names[100:250], k=300), False)
    by_rules: list[object] = []
    original = People._merge_by_rules
    monkeypatch.setattr(People, "_merge_by_rules", lambda *a: by_rules.append(a) or original(*a))
    for mentions in (roster + duties, duties + roster, duties, roster):
        assert _merged(mentions, bulk=True) == _merged(mentions, bulk=False)
    assert not by_rules  # every sheet was settled a sheet at a time


def test_a_file_hands_over_its_mentions_in_reading_order() -> None:
    """Sheets read by column between sheets read row by row: every mention once, in reading order,
    as listed and as merged."""
    for seed in range(5):
        mentions = _mentions(seed, 200)
        pending = Pending()
        for k, (start, end) in enumerate([(0, 30), (30, 80), (80, 81), (81, 81), (81, 150), (150, 200)]):
            if k % 2:
                for chunk in MentionColumns.of(mentions[start:end]):
                    pending.add_mentions(chunk)  # a sheet read by column
            else:
                pending.mentions.extend(mentions[start:end])
        assert pending.listed_mentions() == mentions
        chunks = list(pending.mention_chunks())
        assert [m for c in chunks for m in c.mentions()] == mentions
        assert _merged(mentions, bulk=True, chunks=chunks) == _merged(mentions, bulk=False), seed


def test_unrelated_names_are_those_no_rule_relates() -> None:
    names = ["Paola Buitrago", "Paola", "Paola B.", "John Lennon", "Lennon_John", "Wei Wang", "Wei Wong",
             "Anna Maria Rossi", "Anna Rossi", "Li", "Felipe Alba"]
    keys = {n: normalise(n) for n in names}
    expected = {n for n in names if not any(
        keys[n] != keys[m] and (is_short_form(n, m) or is_short_form(m, n) or
                                sorted(normalise(n.replace("_", " ")).split()) ==
                                sorted(normalise(m.replace("_", " ")).split()))
        for m in names)}
    assert unrelated_names(names) == expected
    # A short form keeps the first words ("Anna Rossi" is no short form of "Anna Maria Rossi").
    assert expected == {"Wei Wang", "Wei Wong", "Li", "Felipe Alba", "Anna Rossi", "Anna Maria Rossi"}


def test_short_forms_are_what_is_short_form_accepts() -> None:
    words = ["anna", "m", "van", "dyke"]
    forms = set(short_forms(words))
    assert forms == {f for f in forms if is_short_form(f, "anna m van dyke")}
    assert {"anna", "anna m", "anna m v", "anna m van d", "anna m v dyke"} <= forms
    assert "anna m van dyke" not in forms


def test_name_keys_are_the_key_the_words_and_the_order_free_key() -> None:
    rng = random.Random(5)
    letters = "abcAB _.,-'1é"
    names = ["Lennon, John", "Lennon_John", "  anna  MARIA rossi ", "Li", "", "José Álvarez", "a_b c", "___"]
    names += ["".join(rng.choice(letters) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for name in names:
        assert name_keys(name) == (normalise(name), tuple(normalise(name).split()), order_free_key(name)), name
