"""core.plan.Note's hand-written __init__ (one dict update instead of a frozen dataclass's one
setattr per field) takes exactly the dataclass's fields, in order, with the same defaults."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from effortplanner.core.plan import Note


def test_the_constructor_matches_the_fields() -> None:
    parameters = list(inspect.signature(Note).parameters.values())
    fields = dataclasses.fields(Note)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]


def test_a_note_holds_what_it_was_given_and_stays_frozen() -> None:
    note = Note("a.xlsx", "Duties", 3, "FTE", "read as 0.5", person="P1", value="50%")
    assert dataclasses.asdict(note) == {"file": "a.xlsx", "sheet": "Duties", "row": 3, "column": "FTE",
                                        "message": "read as 0.5", "kind": "info", "person": "P1",
                                        "field": None, "value": "50%"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.kind = "warning"  # type: ignore[misc]


def test_a_note_made_at_a_place_is_the_note_the_constructor_makes() -> None:
    """Note.at (made without calling Note, for the many pick-up notes) equals Note(...) in every way
    a note is used: fields, equality, hash, repr, frozen."""
    where = Note("a.xlsx", "Duties", 7, "FY17", "whatever was said there", kind="merge", person="P9", value="x")
    made = Note.at(where, "picked up", "warning", person="P2")
    expected = Note("a.xlsx", "Duties", 7, "FY17", "picked up", kind="warning", person="P2")
    assert dataclasses.asdict(made) == dataclasses.asdict(expected)
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert Note.at(where, "m") == Note("a.xlsx", "Duties", 7, "FY17", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.message = "changed"  # type: ignore[misc]
