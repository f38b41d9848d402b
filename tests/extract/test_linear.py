"""Extraction is linear in paragraph length (issue #13, finding 14: the overlap checks compared
every pair, 8 MB took more than a minute). Behaviour, not timing (timing is in
benchmarks/extract_scaling.py): the new checks answer exactly as the old pairwise ones, the drafts
of real documents are the same as the old algorithm's, and the work per mention does not grow
with the paragraph."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from normgraph.builders.document import read_document, split_paragraphs
from normgraph.extract import _lexicon, _slots, draft as draft_module
from normgraph.extract._lexicon import Entry, Lexicon, Mention, Spans, _resolve, normalise_word
from normgraph.extract.draft import draft_yaml, extract

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT.parent / "shared" / "corpus" / "sources"
SEED = ROOT / "src" / "normgraph" / "corpus" / "ipu-118-migrant-workers" / "text.txt"
sys.path.insert(0, str(ROOT / "benchmarks"))
from extract_scaling import paragraph  # noqa: E402
from extract_throughput import generate  # noqa: E402

# --- the old, quadratic algorithm, kept here as the reference ----------------------------------------


def old_find_actors(self: Lexicon, text: str, tokens, taken: Sequence[tuple[int, int]] = ()) -> list[Mention]:  # type: ignore[no-untyped-def]
    found = _lexicon._scan(text, tokens, self._actor_index, _lexicon._ACTOR_GAP)
    return [m for m in found if not any(m.start < end and start < m.end for start, end in taken)]


def old_coreferences(text: str, history: Sequence[Entry], named: Sequence[Mention], lexicon: Lexicon,
                     own: Entry | None = None) -> list[Mention]:  # fmt: skip
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in named]
    for match in _lexicon._COREF.finditer(text):
        start, end = match.start(), match.end()
        if any(start < b and a < end for a, b in taken):
            continue
        preceding = [*history, *(m.entry for m in sorted([*named, *out], key=lambda m: m.start) if m.end <= start)]
        if match.group(2):
            modifiers = [normalise_word(w) for w in match.group(1).split()]
            head = match.group(2)
            deictic = re.match(r"[Tt]his\s|[Tt]he present\s", match.group()) is not None and not modifiers
            entry = own if deictic and own is not None and _resolve([own], head, [], lexicon) else None
            entry = entry or _resolve(preceding, head, modifiers, lexicon)
        else:
            wanted = _lexicon._TYPE_OF_HEAD.get(match.group(4).lower())
            entry = next((e for e in reversed(preceding) if wanted and e.type == wanted), None)
        if entry is not None:
            out.append(Mention(entry, start, end, text[start:end], "coreference"))
            taken.append((start, end))
    return out


def old_instruments(ctx, q0: int, q1: int, condition: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for m in ctx.instruments:
        if q0 <= m.start and m.end <= q1 and m.entry.id not in out:
            out.append(m.entry.id)
    if not out and ctx.self_instrument:
        out.append(ctx.self_instrument)
    return out


def old_reported_by(ctx, s0: int, start: int) -> list[str]:  # type: ignore[no-untyped-def]
    for m in ctx.instruments:
        if s0 <= m.start and m.end <= start and _slots._REPORTING.match(ctx.text, m.end):
            return [m.entry.id]
    return []


def with_old_algorithm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Lexicon, "find_actors", old_find_actors)
    monkeypatch.setattr(draft_module, "coreferences", old_coreferences)
    monkeypatch.setattr(_slots, "_instruments", old_instruments)
    monkeypatch.setattr(_slots, "_reported_by", old_reported_by)


# --- the same answers ----------------------------------------------------------------------------------


def test_spans_answer_as_the_pairwise_test():
    rng = random.Random(14)
    for _ in range(3_000):
        spans = [(a, a + rng.randint(0, 12)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        start = rng.randint(0, 70)
        end = start + rng.randint(1, 10)
        assert Spans(spans).overlaps(start, end) == any(start < e and s < end for s, e in spans), (spans, start, end)


def _documents() -> list[tuple[str, object]]:
    docs: list[tuple[str, object]] = [("seed", read_document(SEED))]
    # the four real treaties where ../shared is beside the checkout (the texts are never copied in)
    docs += [(p.stem, read_document(p)) for p in sorted(SOURCES.glob("*.txt")) if p.stem != "README"]
    docs.append(("generated report", split_paragraphs(generate(150, seed=3))))
    docs.append(("one long paragraph", split_paragraphs(paragraph(60_000, "prose"))))
    docs.append(("one run-on paragraph", split_paragraphs(paragraph(30_000, "run-on"))))
    return docs


DOCUMENTS = _documents()


@pytest.mark.parametrize("name, document", DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_drafts_are_those_of_the_old_algorithm(name: str, document, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    new = draft_yaml(extract(document))
    with monkeypatch.context() as patched:
        with_old_algorithm(patched)
        old = draft_yaml(extract(document))
    assert new.count("machine_proposed: true") > 0  # real drafts were compared
    assert new == old


def test_the_real_treaties_were_compared():
    # the comparison above covers the four treaties wherever ../shared sits beside the checkout
    names = {name for name, _ in DOCUMENTS}
    present = {p.stem for p in SOURCES.glob("*.txt")} - {"README"}
    assert present <= names


# --- work per mention --------------------------------------------------------------------------------


class CountingMention(Mention):
    """A mention that counts how often its place (start, end) is read: the pairwise checks read
    it once per pair, so the count tells linear from quadratic without a clock."""

    reads = 0

    def __getattribute__(self, name: str):  # type: ignore[no-untyped-def]
        if name in ("start", "end"):
            CountingMention.reads += 1
        return object.__getattribute__(self, name)


def _reads(monkeypatch: pytest.MonkeyPatch, size: int) -> tuple[int, int]:
    """How often mentions' places are read while extracting one paragraph of ``size`` characters,
    and how many mentions it has."""
    monkeypatch.setattr(_lexicon, "Mention", CountingMention)
    document = split_paragraphs(paragraph(size, "prose"))
    CountingMention.reads = 0
    found = extract(document)
    mentions = sum(len(p.instruments) + len(p.actors) for p in found.paragraphs)
    return CountingMention.reads, mentions


def test_work_per_mention_does_not_grow_with_the_paragraph(monkeypatch: pytest.MonkeyPatch):
    small, small_mentions = _reads(monkeypatch, 20_000)
    large, large_mentions = _reads(monkeypatch, 80_000)
    assert small_mentions > 200 and large_mentions > 3.5 * small_mentions
    # four times the text: about four times the reads (the old checks: about sixteen, below)
    assert large / large_mentions < 1.3 * small / small_mentions, (small, large)


def test_the_old_algorithm_was_quadratic(monkeypatch: pytest.MonkeyPatch):
    # the same count under the old algorithm shows the test above can tell the two apart
    with_old_algorithm(monkeypatch)
    small, small_mentions = _reads(monkeypatch, 20_000)
    large, large_mentions = _reads(monkeypatch, 80_000)
    assert large / large_mentions > 2.5 * small / small_mentions, (small, large)
