"""The seed's stated parties are named by the text: a check that keeps ``inferred:`` honest.

A norm's bearer, holder or beneficiary slot is *stated* unless the annotation lists it under
``inferred:`` (docs/annotation-guide.md § 6.6, "Stated or inferred parties"). Stated means that the
sentence asserting the norm (the sentence or sentences the quote stands in) names the actor
itself: its label or one of its alt labels, singular or plural. Naming a wider actor is not
enough, and neither is naming a narrower one (the text's "investigation or prosecution
authorities" do not state ``states``). This module reads the annotations with PyYAML and the
text with the competency questions' own reader, not with the package's code, and checks every
actor of every stated slot against the words of its sentence.

Where the text names a stated actor in words no label can match (a description, a pronoun whose
antecedent is in the same sentence), the slot goes in ``EXCEPTIONS`` with the reason; a test
checks that each exception is still needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from test_competency import read_paragraphs

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "normgraph" / "corpus" / "ipu-118-migrant-workers"
PARTIES = ("bearer", "holder", "beneficiary")

ANNOTATIONS = yaml.safe_load((SEED / "annotations.yaml").read_text(encoding="utf-8"))
TEXT = read_paragraphs(SEED / "text.txt")

# (paragraph, norm id, slot) -> why the text names the actor although no label matches
EXCEPTIONS: dict[tuple[int, str, str], str] = {
    (53, "presume-child", "beneficiary"):
        "named by description: 'the victim' of whom 'there are reasonable grounds to believe that the victim is a "
        "child' is a child victim (child-victims)",
    (53, "afford-crc-protection", "beneficiary"):
        "named by description, in the same sentence as presume-child: 'the victim' who 'is a child'",
}


def _labels(actor: str) -> list[str]:
    entry = ANNOTATIONS["actors"][actor]
    alt = entry.get("alt_labels") or []
    return [entry["label"], *([alt] if isinstance(alt, str) else alt)]


def _names(words: str, label: str) -> bool:
    """Whether ``words`` contain ``label`` as a whole phrase, in any case, singular or plural:
    "State" and "States" both name `states`, "victim" names an actor labelled "victims"; the
    "State" of "non-State actors" names no State."""
    stem = label[:-1] if label.lower().endswith("s") else label
    stem = r"\s+".join(re.escape(part) for part in stem.split())
    return re.search(rf"(?<![\w-]){stem}s?(?![\w-])", words, re.IGNORECASE) is not None


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a sentence ends at ., ! or ? (and any closing quote) before
    white space and a capital letter or an opening quote."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?][”’\"']?(?=\s+[A-Z“\"‘'])", paragraph):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return [(s + len(paragraph[s:e]) - len(paragraph[s:e].lstrip()), e) for s, e in spans]


def asserting_sentences(number: int, norm: dict) -> str:
    """The sentence(s) of paragraph ``number`` that the norm's quote (its occurrence) stands in."""
    paragraph = TEXT[number]
    at = -1
    for _ in range(norm.get("occurrence", 1)):
        at = paragraph.find(norm["quote"], at + 1)
        assert at >= 0, f"para {number}: quote of {norm.get('id')} not in the text"
    end = at + len(norm["quote"])
    return " ".join(paragraph[s:e] for s, e in sentences(paragraph) if s < end and e > at)


def slots():
    """(paragraph, norm id, slot, actors, stated, sentence) for every party slot of the seed."""
    for number, para in ANNOTATIONS["paragraphs"].items():
        for norm in (para or {}).get("norms") or []:
            inferred = norm.get("inferred") or {}
            for slot in PARTIES:
                actors = norm.get(slot)
                if not actors:
                    continue
                actors = [actors] if isinstance(actors, str) else actors
                yield int(number), norm["id"], slot, actors, slot not in inferred, asserting_sentences(int(number), norm)


def unnamed(actors: list[str], sentence: str) -> list[str]:
    return [a for a in actors if not any(_names(sentence, label) for label in _labels(a))]


def test_the_sentence_splitter_finds_the_paragraphs_sentences():
    assert [" ".join(TEXT[45][s:e].split()[:4]) for s, e in sentences(TEXT[45])] == [
        "The obligation of States", "The principle of non-refoulement", "Expulsion of persons to"]
    assert all(TEXT[45][s:e].endswith(".") for s, e in sentences(TEXT[45]))
    assert len(sentences(TEXT[38])) == 1  # "… countries:  1) … 2) … 3) …" is one sentence
    assert not _names("perpetrated by non-State actors", "States")
    assert _names("States’ legislative frameworks", "States")
    assert _names("a victim’s cooperation", "victims")


def test_every_stated_party_is_named_in_the_sentence_that_asserts_the_norm():
    missing = []
    for number, ident, slot, actors, stated, sentence in slots():
        if stated and (number, ident, slot) not in EXCEPTIONS:
            missing += [f"para {number} {ident}: {slot} {actor!r} is stated but its sentence does not name it "
                        f"({sentence[:100]!r}); name it, or list the slot under inferred: with why"
                        for actor in unnamed(actors, sentence)]
    assert missing == []


def test_every_exception_is_a_stated_slot_that_needs_one():
    found = {(number, ident, slot): (stated, unnamed(actors, sentence))
             for number, ident, slot, actors, stated, sentence in slots()}
    for key, why in EXCEPTIONS.items():
        assert key in found, f"{key}: no such slot"
        stated, missing = found[key]
        assert stated, f"{key} is inferred: the exception is not needed"
        assert missing, f"{key}: the sentence names the actor now: remove the exception"
        assert why.strip()


def test_hedges_and_scopes_stand_in_the_sentence_that_asserts_the_norm():
    for number, para in ANNOTATIONS["paragraphs"].items():
        for norm in (para or {}).get("norms") or []:
            for key in ("hedge", "scope"):
                if key in norm:
                    assert norm[key] in asserting_sentences(int(number), norm), (number, norm["id"], key)


def test_the_seed_counts_its_stated_and_inferred_parties():
    """The numbers the competency questions report (tests/test_competency.py, "Stated or inferred")."""
    counts: dict[tuple[str, bool], int] = {}
    for _, _, slot, _, stated, _ in slots():
        counts[slot, stated] = counts.get((slot, stated), 0) + 1
    assert counts == {("bearer", True): 16, ("bearer", False): 26, ("holder", True): 5, ("holder", False): 2,
                      ("beneficiary", True): 24, ("beneficiary", False): 7}
