"""Unit identifiers: Akoma Ntoso-style eIds (``art_6__para_3__point_b``) and the citations readers
write for them ("Article 6(3)(b)"). Part of the vocabulary: ``ng:eId`` values follow this syntax,
and the builders and the queries both read it."""

from __future__ import annotations

import re

# each part may end in _2, _3 … where the text repeats a number (docs/annotation-format.md);
# \Z: "$" passes a trailing newline
EID = re.compile(r"^[a-z]+(?:_[A-Za-z0-9]+(?:_[0-9]+)?)?(?:__[a-z]+_[A-Za-z0-9]+(?:_[0-9]+)?)*\Z")

_CITATION_PART = re.compile(
    r"(?P<kind>annex|schedule|appendix|part|chapter|chp|section|sec|article|art|paragraph|para|point|item|indent|preamble)\.?\s*"
    r"(?P<num>[0-9]+[a-z]*|[IVXLC]+|[a-z]{1,2})?",
    re.IGNORECASE,
)


def citation_to_eid(citation: str) -> str | None:
    """"Article 6(3)(b)" → ``art_6__para_3__point_b``; "paragraph 53" → ``para_53``; "Annex I,
    Article 1" → ``annex_I__art_1``; "art. 6.3" → ``art_6__para_3``. None when it is no citation."""
    text = citation.strip()
    if EID.match(text):
        return text  # already an eId
    parts: list[str] = []
    rest = text
    while rest:
        m = _CITATION_PART.match(rest)
        if m is None:
            break
        kind = m.group("kind").lower()
        num = m.group("num")
        name = {"schedule": "annex", "appendix": "annex", "chapter": "chp", "section": "sec", "article": "art",
                "paragraph": "para", "item": "point"}.get(kind, kind)  # fmt: skip
        if name == "preamble":
            parts.append("preamble")
        elif num is None:
            return None
        else:
            parts.append(f"{name}_{num}")
        rest = rest[m.end() :].lstrip(" ,;")
        # sub-divisions: (3)(b)(ii) or .3
        while True:
            sub = re.match(r"\(\s*([0-9]+|[a-z]{1,2}|[ivxl]+)\s*\)|\.([0-9]+)", rest)
            if sub is None:
                break
            value = sub.group(1) or sub.group(2)
            if value.isdigit():
                parts.append(f"para_{value}" if not parts[-1].startswith(("para_", "point_")) else f"point_{value}")
            else:
                parts.append(f"point_{value}")
            rest = rest[sub.end() :]
        rest = rest.lstrip(" ,;")
    if not parts or rest.strip():
        return None
    return "__".join(parts)


__all__ = ["EID", "citation_to_eid"]
