"""What a duty's text and its disposition say, read the way a department head wrote them.

"raw2root keep-up (daily) about 2K jobs, 50K files" is a duty, a cadence and a volume;
"Felipe first, then transfer to the experiment" is a successor then a handover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CADENCE_WORDS: tuple[tuple[str, str], ...] = (
    (r"on[\s-]?demand|as needed|ad[\s-]?hoc|when needed|on request", "on demand"),
    (r"daily|every day|each day|per day|nightly", "daily"),
    (r"weekly|every week|each week|per week", "weekly"),
    (r"monthly|every month|each month|per month", "monthly"),
    (r"quarterly|every quarter|each quarter", "quarterly"),
    (r"yearly|annual(?:ly)?|every year", "yearly"),
    (r"continuous(?:ly)?|ongoing|24/7", "continuous"),
)
_CADENCE_RES = [(re.compile(rf"\b(?:{pat})\b", re.I), name) for pat, name in _CADENCE_WORDS]
_CADENCE_ANY = "|".join(pat for pat, _ in _CADENCE_WORDS)
# "(daily)", "[monthly]" or a trailing "- on demand" / ", weekly": a cadence tag we can cut out.
_CADENCE_TAG = re.compile(
    rf"\s*(?:\(\s*(?:{_CADENCE_ANY})\s*\)|\[\s*(?:{_CADENCE_ANY})\s*\]|\s[-–—,:]\s*(?:{_CADENCE_ANY})\s*$)",
    re.I,
)
_UNITS = (
    r"jobs?|files?|events?|datasets?|runs?|samples?|tasks?|requests?|campaigns?|"
    r"[kmgtp]?b|tb|gb|pb|hours?|users?|sites?"
)
_QUANTITY = rf"(?:about|approx\.?|approximately|around|~|up to|over)?\s*\d[\d.,]*\s*[kKmM]?\s+(?:{_UNITS})\b"
_VOLUME = re.compile(rf"(?P<volume>{_QUANTITY}(?:\s*(?:,|and|/|\+)\s*{_QUANTITY})*)", re.I)


def cadence_in(text: str) -> str:
    """The cadence a text names ("daily", "on demand", ...) or ""."""
    for pattern, name in _CADENCE_RES:
        if pattern.search(text):
            return name
    return ""


@dataclass(frozen=True)
class DutyText:
    duty: str
    cadence: str
    volume: str


MAX_SPLIT_CHARS = 2_000


@lru_cache(maxsize=8192)
def split_duty(text: str) -> DutyText:
    """Separate cadence tags and volume notes from a duty's name.

    Only a tag in brackets or trailing after a dash is cut from the name; a cadence
    word inside a sentence ("Daily monitoring of ...") is read but left in place.
    """
    text = " ".join(text.split())
    if len(text) > MAX_SPLIT_CHARS:  # a document pasted into a cell: kept whole, only its start is read
        return DutyText(duty=text, cadence=cadence_in(text[:MAX_SPLIT_CHARS]), volume="")
    cadence = cadence_in(text)
    volume = ""
    match = _VOLUME.search(text)
    if match:
        volume = match.group("volume").strip(" ,")
        text = (text[: match.start()] + text[match.end() :]).strip(" ,;-")
    duty = _CADENCE_TAG.sub("", text).strip(" ,;-")
    return DutyText(duty=" ".join(duty.split()) or text, cadence=cadence, volume=volume)


@dataclass(frozen=True)
class Disposition:
    """What happens to a duty when its owner leaves, as parsed from the words."""

    successor: str = ""  # a person named to take the duty first
    handover_to: str = ""  # a group or experiment that takes it (possibly a person's name)
    to_experiment: bool = False  # "transfer to the experiment"
    picks_up_from: str = ""  # "Will pick up Paola's assignments" on the successor's row
    ends: bool = False  # the duty is discontinued
    note: str = ""  # parenthetical remarks such as "(ops report)"


_PAREN = re.compile(r"\s*\(([^)]*)\)")
_FIRST_THEN = re.compile(r"^(?P<who>[^,;]+?)\s+first\s*[,;]?\s*(?:and\s+)?then\s+(?P<rest>.+)$", re.I)
_PICK_UP = re.compile(
    r"(?:will\s+|to\s+)?(?:pick|picks|picking|take|takes|taking)\s+(?:up|over)\s+"
    r"(?P<who>[\w .'-]+?)(?:'s|’s|s')\s+(?:assignments?|duties|duty|work|tasks?)",
    re.I,
)
_TRANSFER = re.compile(
    r"(?:transfer(?:red|s)?|hand(?:ed)?\s*over|move[sd]?|go(?:es)?|handover|reassign(?:ed)?|pass(?:ed)?)"
    r"\s+(?:back\s+)?to\s+(?P<target>.+)$",
    re.I,
)
_EXPERIMENT = re.compile(r"^(?:the\s+)?(?:experiments?|vos?|collaborations?)\b", re.I)
_ENDS = re.compile(r"^(?:discontinue[ds]?|drop(?:ped)?|stop(?:ped|s)?|end(?:s|ed)?|retire[ds]?|no longer needed)\b", re.I)


@lru_cache(maxsize=8192)
def parse_disposition(text: str) -> Disposition:
    """Read "Felipe first, then transfer to the experiment" and its kin."""
    text = " ".join(text.split()).strip()
    if not text.strip(" -–—_.?"):
        return Disposition()  # empty, or a dash line such as "----"
    notes = [m.group(1).strip() for m in _PAREN.finditer(text)]
    core = _PAREN.sub("", text).strip(" .;")
    note = "; ".join(n for n in notes if n)
    pick = _PICK_UP.search(core)
    if pick:
        return Disposition(picks_up_from=pick.group("who").strip(), note=note)
    successor = ""
    first = _FIRST_THEN.match(core)
    if first:
        successor = first.group("who").strip()
        core = first.group("rest").strip()
    if _ENDS.match(core):
        return Disposition(successor=successor, ends=True, note=note)
    transfer = _TRANSFER.search(core)
    target = transfer.group("target").strip(" .") if transfer else ""
    if target and _EXPERIMENT.match(target):
        return Disposition(successor=successor, handover_to="", to_experiment=True, note=note)
    if target:
        return Disposition(successor=successor, handover_to=target, note=note)
    return Disposition(successor=successor, note=note or ("" if successor else f"not understood: {text}"))
