"""How names read in one import relate, worked out once per distinct spelling.

`People` (io.people_index) finds a name by its key, its words and its order-free key; a name
that no rule relates to another of the import (`unrelated_names`) is met as written or new, and
is added without a search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from effortplanner.core.names import normalise, order_free_key

NameKeys = dict[str, tuple[str, tuple[str, ...], str]]  # name -> name_keys(name)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, tuple[str, ...], str]:
    """A name's key, its words and its order-free key, worked out once per distinct spelling."""
    key = normalise(name)
    words = tuple(key.split())
    if "_" in name:  # "Lennon_John": the underscore parts the words only in the order-free key
        return key, words, order_free_key(name)
    return key, words, " ".join(sorted(words)) if len(words) > 1 else ""  # order_free_key without a second pass


def unrelated_names(names: Iterable[str]) -> set[str]:
    """Names that cannot be a short, long or reordered form of another of `names`.

    People.find looks for exactly these relations among the people so far; when every person
    so far comes from `names`, such a name is either met as written or new. The short forms
    of "anna b rossi" are "anna", "anna b", "anna rossi"... ("anna" + each further word or its
    initial); two names are related when one's key is among the other's forms, or when they
    are the same words in another order.
    """
    return unrelated_keys({name: name_keys(name) for name in names})


def unrelated_keys(keys: NameKeys) -> set[str]:
    """unrelated_names, given each name's name_keys (worked out once per distinct name)."""
    known = {key for key, _, _ in keys.values()}
    related: set[str] = set()
    forms: set[str] = set()  # every short form of every name
    orders: dict[str, str] = {}  # order-free key -> the first key with those words
    for key, words, order_free in set(keys.values()):
        if order_free and orders.setdefault(order_free, key) != key:
            related |= {key, orders[order_free]}  # the same words in another order
        if len(words) > 8:
            related.add(key)  # too many forms to spell out: take the rules one at a time
            continue
        mine = short_forms(words)
        forms.update(mine)
        if not known.isdisjoint(mine):
            related.add(key)  # a short form of it was read too
    related |= known & forms  # a short form of another name read
    return {name for name, (key, _, _) in keys.items() if key not in related}


def short_forms(words: Sequence[str]) -> list[str]:
    """Every short form of a name's words (its first word, then each further word whole or as its
    initial, for every length), the name itself left out: what is_short_form(form, name) accepts."""
    if len(words) < 3:  # the usual names, spelled out directly
        return [] if len(words) < 2 else [words[0]] if len(words[1]) == 1 else [words[0], f"{words[0]} {words[1][0]}"]
    forms = [words[0]]
    level = forms
    for word in words[1:]:
        level = [f"{form} {w}" for form in level for w in dict.fromkeys((word, word[0]))]
        forms += level
    whole = " ".join(words)
    return [f for f in dict.fromkeys(forms) if f != whole]
