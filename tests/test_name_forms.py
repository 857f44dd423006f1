"""Names in the forms lists use are one person: "Lennon, John", "Lennon_John", "LENNON John", "John Lennon".

Each merge is noted (kind "merge"), and a roster's full name matches every form. The lookups
behind it are indexed (exact key, short forms, word order), so a department of thousands
sharing a few first names stays fast; these tests are about what the user sees.
"""

from __future__ import annotations

from effortplanner.core.names import order_free_key
from effortplanner.io.importer import import_files

DUTY_HEADER = "Name,VO,Assignment,FTE,Start,End,End of Contract,FY17\n"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_order_free_key_reads_every_form_alike():
    forms = ["Lennon, John", "Lennon_John", "LENNON John", "John Lennon", "  john   LENNON "]
    assert {order_free_key(f) for f in forms} == {"john lennon"}
    assert order_free_key("John") == ""  # one word: nothing to reorder
    assert order_free_key("John Lenon") != order_free_key("John Lennon")  # a near spelling is not a reorder


def test_every_form_in_a_duty_list_is_one_person(tmp_path):
    duties = _write(tmp_path / "duties.csv", DUTY_HEADER +
                    '"Lennon, John",NOvA,Keep-up (daily),0.2,,,,\n'
                    "Lennon_John,DUNE,Weekly ops report,0.1,,,,\n"
                    "LENNON John,CMS,MC production (on demand),0.1,,,,\n"
                    "John Lennon,Mu2e,POMS feedback,0.1,,,,\n"
                    "Paul McCartney,NOvA,Backprocessing (on demand),0.3,,,,\n")
    plan = import_files([duties])
    assert sorted(plan.people["name"]) == ["Lennon, John", "Paul McCartney"]
    john = plan.people.index[plan.people["name"] == "Lennon, John"][0]
    assert (plan.assignments["person"] == john).sum() == 4
    # "LENNON John" is "Lennon, John" but for case and comma: the same key, nothing to note.
    merges = [n for n in plan.notes if n.kind == "merge" and n.person == john]
    assert [n.row for n in merges] == [3, 5]
    assert all("another order" in n.message for n in merges)
    assert set(plan.people.at[john, "aliases"].split(";")) == {"Lennon_John", "John Lennon"}


def test_a_roster_full_name_matches_the_other_forms(tmp_path):
    roster = _write(tmp_path / "people.csv", "Name,Role,Group\nJohn Lennon,Scientist,OPOS\nYoko Ono,Engineer,USDC\n")
    duties = _write(tmp_path / "duties.csv", DUTY_HEADER +
                    '"Lennon, John",NOvA,Keep-up (daily),0.5,,,,\n'
                    ",,Weekly ops report,0.1,,,,\n"
                    "ONO Yoko,DUNE,POMS feedback,0.2,,,,Will pick up Lennon_John's assignments\n")
    plan = import_files([roster, duties])
    assert sorted(plan.people["name"]) == ["John Lennon", "Yoko Ono"]
    ids = dict(zip(plan.people["name"], plan.people.index))
    assignments = plan.assignments
    johns = assignments[assignments["person"] == ids["John Lennon"]]
    assert len(johns) == 2
    # The pick-up named John in a third form: Yoko succeeds him on both of his duties.
    assert (johns["successor"] == ids["Yoko Ono"]).all()
    assert plan.people.at[ids["John Lennon"], "role"] == "Scientist"
    assert {n.person for n in plan.notes if n.kind == "merge"} == {ids["John Lennon"], ids["Yoko Ono"]}


def test_short_forms_still_merge_among_many_sharing_a_first_name(tmp_path):
    rows = "".join(f"John Surname{i:03d},NOvA,Duty {i},0.1,,,,\n" for i in range(300))
    rows += "John Lennon,NOvA,Keep-up (daily),0.1,,,,\n"
    rows += "Paul McCartney,DUNE,Weekly ops report,0.1,,,,Will pick up John L.'s assignments\n"
    plan = import_files([_write(tmp_path / "duties.csv", DUTY_HEADER + rows)])
    assert len(plan.people) == 302
    ids = dict(zip(plan.people["name"], plan.people.index))
    lennon = plan.assignments[plan.assignments["person"] == ids["John Lennon"]]
    assert (lennon["successor"] == ids["Paul McCartney"]).all()
