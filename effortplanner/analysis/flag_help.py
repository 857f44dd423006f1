"""What each flag kind means and what to do about it, in a department head's words (Help › Flags Explained)."""

from __future__ import annotations

FLAG_HELP: dict[str, tuple[str, str, str]] = {  # kind: (title, what it means, what to do)
    "over_allocation": ("Over-allocation",
                        "Someone's duties add up to more than their capacity for a stretch of time.",
                        "Reassign a duty (Edit › Reassign To…), lower an FTE, or end a duty earlier."),
    "contract_end_gap": ("Duty left without anyone",
                         "A duty runs past its owner's contract end and no successor is named for that time.",
                         "Name a successor, reassign the duty, or end it when the owner leaves."),
    "unassigned_handover": ("Handed to a group, no person named",
                            "A duty is to pass to a group or an experiment (\"Transfer to USDC\") with no person.",
                            "Agree who in that group takes it and name them as successor."),
    "unfilled_demand": ("Activity not staffed as required",
                        "An activity needs more FTE (or interns) than the duties serving it provide.",
                        "Add or enlarge duties for the activity, or lower what it requires."),
    "total_mismatch": ("Stated total differs from its items",
                       "A sheet states a total FTE that its rows do not add up to.",
                       "Check which is right: the items or the stated total in the source."),
    "name_alias": ("Probably the same person",
                   "Two rows look like one person under two spellings (Filipe / Felipe Alba).",
                   "Right-click the flag: Merge… keeps one name and moves every duty; Not the Same Person "
                   "remembers that they are two people."),
    "conflicting_dates": ("Sources disagree on a date",
                          "Two files give different dates for the same thing (a contract end, say).",
                          "Find out which is right and type it in the People table."),
    "uncertain_date": ("Date not pinned down",
                       "A date was written loosely (\"leaving spring 2017?\"); the plan uses a best guess.",
                       "Type the real date when it is known; until then the flags use the guess."),
    "missing_data": ("Missing or unreadable value",
                     "A value needed for the analysis is empty or could not be read (FTE \"lots\").",
                     "Fill it in; the cell's tooltip says what was written."),
}
