"""List numbers as a word processor or a browser prints them: 3 → "3", "c", "C", "iii", "III"."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
_PLACE = re.compile(r"%([1-9])")


def roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letters(number: int) -> str:
    """Word's and the browser's letters: a…z, then aa, bb… (Word) — 27 → "aa"."""
    number = max(number, 1)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def number_text(fmt: str, number: int) -> str:
    """One level's number in a Word ``numFmt`` (decimal, lowerLetter, upperRoman, …)."""
    if fmt in ("lowerLetter", "upperLetter"):
        text = letters(number)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = roman(number)
        return text.upper() if fmt == "upperRoman" else text
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(number)  # decimal, and formats we do not render (ordinal words, CJK)


def render(template: str, levels: Sequence[tuple[str, int]]) -> str:
    """A Word ``lvlText`` ("%1.", "(%2)", "Article %1", "%1.%2") with each ``%n`` replaced by
    level n's number in its format."""

    def one(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if index >= len(levels):
            return ""
        fmt, number = levels[index]
        return number_text(fmt, number)

    return _PLACE.sub(one, template)


def label(fmt: str, number: int, template: str = "%1.") -> str:
    return render(template, [(fmt, number)])
