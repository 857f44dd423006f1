"""Which timeline rows differ between two states of a plan, so the window rebuilds only those.

Worked out off the GUI thread after an edit; the GUI thread then rebuilds the changed rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from effortplanner.analysis.timeline_model import TimelineData


def changed_people(old: TimelineData, new: TimelineData) -> set[str | None]:
    """Rows whose items differ between two states of the plan (same axis): people added or removed,
    availability, load, hand-overs, or any bar's geometry, colour, hatching or red part.
    Names, roles, groups and label texts are read at paint time and need no rebuild."""
    changed: set[str | None] = set(old.people) ^ set(new.people)
    for pid in set(old.people) & set(new.people):
        a, b = old.people[pid], new.people[pid]
        if (a.lanes, a.start, a.start_range, a.end, a.end_range, a.load) != \
                (b.lanes, b.start, b.start_range, b.end, b.end_range, b.load) or \
                ((a.ghosts or b.ghosts) and [(g.aids, g.x0, g.x1, g.lane) for g in a.ghosts]
                 != [(g.aids, g.x0, g.x1, g.lane) for g in b.ghosts]):
            changed.add(pid)
    ob, nb = old.bars, new.bars
    same_order = ob.ids == nb.ids  # the usual case after an edit: no bar added, removed or moved
    if same_order:
        pos = np.arange(len(nb.ids), dtype=np.int64)
    else:
        pos = pd.Index(ob.ids, dtype=object).get_indexer(pd.Index(nb.ids, dtype=object)).astype(np.int64)  # -1: new
    p = np.maximum(pos, 0)
    if len(ob) == 0:
        differs = np.ones(len(nb), dtype=bool)
    else:
        differs = (pos < 0) | (ob.x0[p] != nb.x0) | (ob.x1[p] != nb.x1) | (ob.lane[p] != nb.lane) \
            | (ob.fade_in[p] != nb.fade_in) | (ob.fade_out[p] != nb.fade_out) | (ob.estimated[p] != nb.estimated)
        for was, now in ((ob.vo, nb.vo), (ob.person, nb.person)):
            if not (same_order and was == now):  # equal lists: compared in C, no arrays built
                differs |= np.array(was, dtype=object)[p] != np.array(now, dtype=object)
    for i in np.flatnonzero(differs).tolist():
        changed.add(nb.person[i])
        if pos[i] >= 0:
            changed.add(ob.person[pos[i]])
    for i in set(nb.overflow) | {new.index[ob.ids[j]] for j in ob.overflow if ob.ids[j] in new.index}:
        before = ob.overflow.get(int(pos[i])) if pos[i] >= 0 else None
        if before != nb.overflow.get(i):
            changed.add(nb.person[i])
    for aid in (set(old.index) - set(new.index)) if not same_order else ():
        changed.add(ob.person[old.index[aid]])
    return changed
