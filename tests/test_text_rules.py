"""Reading duties, dispositions, fractions and names the way department heads write them."""

from __future__ import annotations

import pytest

from effortplanner.core.duty_text import parse_disposition, split_duty
from effortplanner.core.names import is_short_form, near_spellings
from effortplanner.core.values import ValueError_, parse_fraction


@pytest.mark.parametrize(("text", "duty", "cadence", "volume"), [
    ("raw2root keep-up (daily) about 2K jobs, 50K files", "raw2root keep-up", "daily", "about 2K jobs, 50K files"),
    ("reconstruction keep-up (daily) 400 jobs", "reconstruction keep-up", "daily", "400 jobs"),
    ("Stage data from tape to dCache (monthly)", "Stage data from tape to dCache", "monthly", ""),
    ("ND MC Reconstruction on AWS - on demand", "ND MC Reconstruction on AWS", "on demand", ""),
    ("Daily monitoring and scan of the offsites accepting jobs.",
     "Daily monitoring and scan of the offsites accepting jobs.", "daily", ""),
    ("OPOS weekly meeting reports. Weekly SCS ops dashboard update",
     "OPOS weekly meeting reports. Weekly SCS ops dashboard update", "weekly", ""),
    ("raw2digit", "raw2digit", "", ""),
    ("POMS feedback", "POMS feedback", "", ""),
])
def test_split_duty(text: str, duty: str, cadence: str, volume: str) -> None:
    parts = split_duty(text)
    assert (parts.duty, parts.cadence, parts.volume) == (duty, cadence, volume)


def test_dispositions() -> None:
    chain = parse_disposition("Felipe first, then transfer to the experiment")
    assert chain.successor == "Felipe" and chain.to_experiment and not chain.handover_to
    group = parse_disposition("Transfer to USDC (ops report)")
    assert group.handover_to == "USDC" and group.note == "ops report" and not group.successor
    pickup = parse_disposition("Will pick up Paola's assignments.")
    assert pickup.picks_up_from == "Paola"
    assert parse_disposition("Discontinue after FY16").ends
    assert parse_disposition("----") == parse_disposition("")
    assert parse_disposition("hand over to Vito").handover_to == "Vito"
    assert parse_disposition("whatever happens").note.startswith("not understood")


@pytest.mark.parametrize(("value", "expected"), [
    (0.3, 0.3), ("0.3", 0.3), ("30%", 0.3), ("30", 0.3), ("0,5", 0.5), (1, 1.0), ("1.2 FTE", 1.2), ("100%", 1.0),
])
def test_fractions(value: object, expected: float) -> None:
    assert parse_fraction(value)[0] == pytest.approx(expected)


def test_bare_percent_is_noted_and_totals_are_not_percentages() -> None:
    assert parse_fraction("30")[1] == "FTE 30 read as 30%"
    assert parse_fraction("1.7", per_person=False)[0] == pytest.approx(1.7)


@pytest.mark.parametrize("value", ["lots", "-0.3", "", "nan", "300"])
def test_bad_fractions(value: str) -> None:
    with pytest.raises(ValueError_):
        parse_fraction(value)


def test_short_forms_merge_but_near_spellings_are_reported() -> None:
    assert is_short_form("Paola", "Paola Buitrago")
    assert is_short_form("Jen A.", "Jen Adelman-McCarthy")  # first name and initial
    assert not is_short_form("Jen B.", "Jen Adelman-McCarthy")
    assert not is_short_form("Paola Buitrago", "Paola Buitrago")
    names = ["Filipe", "Felipe Alba", "Tyler", "Taylor Propp", "Paola", "Paola Buitrago", "Jorge", "Joe Boyd",
             "Gaston", "Eliana", "Jon Smith", "John Smith", "Anna Mazzacane", "Anna Smith"]
    pairs = {frozenset((n.a, n.b)) for n in near_spellings(names)}
    assert frozenset(("Filipe", "Felipe Alba")) in pairs
    assert frozenset(("Tyler", "Taylor Propp")) in pairs
    assert frozenset(("Jon Smith", "John Smith")) in pairs
    assert frozenset(("Paola", "Paola Buitrago")) not in pairs  # a short form merges, it is not an alias
    assert frozenset(("Jorge", "Joe Boyd")) not in pairs  # different sounds
    assert frozenset(("Anna Mazzacane", "Anna Smith")) not in pairs  # same first name, two people
