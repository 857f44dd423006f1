"""The check report's escaping: the quick look for unsafe characters sees exactly what the
regular expression would replace, for every code point (so a report it passes on as it is has
nothing to escape)."""

from __future__ import annotations

from effortplanner.io.textout import _UNSAFE_IN_LINES, _has_unsafe_in_lines, printable_lines


def test_the_quick_look_and_the_expression_agree_on_every_code_point() -> None:
    every = "".join(map(chr, range(0x110000)))
    unsafe = [m.group() for m in _UNSAFE_IN_LINES.finditer(every)]
    assert "\n" not in unsafe and "\x1b" in unsafe and "\u202e" in unsafe
    for one in unsafe:  # each one seen, alone and among safe ASCII text
        assert _has_unsafe_in_lines(one) and _has_unsafe_in_lines(f"plain {one} text\n"), hex(ord(one))
    safe = _UNSAFE_IN_LINES.sub("", every)
    assert not _has_unsafe_in_lines(safe)  # no other code point is taken for one
    assert not _has_unsafe_in_lines(safe[:128])  # the ASCII path


def test_reports_with_and_without_unsafe_characters() -> None:
    plain = "Plan check\n  ERROR    'Ana Li' leaves on 2017-01-31\n"
    assert printable_lines(plain) is plain
    accented = "  note     'Zoë Ōta' \u00e9\n"
    assert printable_lines(accented) is accented
    assert printable_lines("a\x1b[31mred\nb") == "a\\x1b[31mred\nb"
    assert printable_lines("Zoë \u202eevil\n") == "Zoë \\u202eevil\n"
    assert printable_lines("tab\there\r\n") == "tab\\there\\r\n"
