"""A new document's text → a draft corpus document folder: the text as received and draft
annotations in the curated format, every norm ``machine_proposed: true`` with a ``confidence``.

Rule-based and blind: the extractor reads the text, its own lexicon (``lexicon.yaml``) and —
only when asked to fit the draft into an existing corpus — that corpus's *registries*, to reuse
their ids. It never reads any document's paragraph annotations. The rules are documented in
``docs/extraction.md``; the norm rules live in ``_cues.py`` (cues) and
``_slots.py`` (slots), the matchers in ``_lexicon.py`` and the sentence rules in
``_sentences.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._files import write_outputs
from ..builders.corpus import check_document_id
from ..errors import CorpusError
from ._lexicon import (
    REFERENCE,
    ROLE_ORDER,
    Entry,
    Lexicon,
    Mention,
    coreferences,
    default_lexicon,
    normalise_name,
    role_coordinations,
    tokenize,
)
from ._cues import _contained_keys as contained_keys
from ._slots import Context, DraftNorm, find_norms
from ._sentences import recital_spans, sentence_spans
from ..builders.document import DocumentText, Unit, parse_document
from ._readers import SourceText, read_source

ANNOTATION_FILE = "annotations.yaml"
TEXT_FILE = "text.txt"
_KIND = {"numbered": "report", "articles": "treaty", "clauses": "resolution", "lettered": "list"}
_SPECIFIC_VICTIMS = ("victims-of-trafficking", "victims-of-xenophobia")
_OPERATIVE_START = re.compile(r"^(?:Also |Further |Strongly )?(?:Calls|Urges|Requests|Recommends|Encourages|Invites|Decides|Appeals|Demands)\b")


@dataclass
class ParagraphDraft:
    number: int | str
    """The unit's annotation key: a report's paragraph number, else its eId (``art_6__para_3``)."""
    sentences: list[tuple[int, int]]
    instruments: list[Mention]
    actors: list[Mention]
    roles: list[str]
    norms: list[DraftNorm] = field(default_factory=list)
    keys: set[str] = field(default_factory=set, repr=False)


@dataclass
class Draft:
    """What the extractor found in one document, before it is written out."""

    document: DocumentText
    title: str
    kind: str
    paragraphs: list[ParagraphDraft]
    instruments: dict[str, Entry]
    actors: dict[str, Entry]
    surfaces: dict[str, list[str]]
    self_instrument: str | None = None
    default_bearer: str = "states"

    @property
    def norm_count(self) -> int:
        return sum(len(p.norms) for p in self.paragraphs)


def extract(document: DocumentText, *, lexicon: Lexicon | None = None, title: str | None = None) -> Draft:
    """Find instruments, actors, state roles and norms in every paragraph of ``document``."""
    lexicon = lexicon or default_lexicon()
    history: list[Entry] = []
    surfaces: dict[str, list[str]] = {}
    own = _own_instrument(document, lexicon)
    self_instrument = own.id if own is not None else None
    known_instruments = dict(lexicon.instruments)
    if own is not None:
        known_instruments[own.id] = own
        history.append(own)
    preamble = document.preamble
    if preamble:
        tokens = tokenize(preamble)
        named = lexicon.find_instruments(preamble, tokens)
        history.extend(m.entry for m in named if m.entry.id != self_instrument)
        for m in named:
            _note_surface(surfaces, m)
    paragraphs: list[ParagraphDraft] = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        tokens = tokenize(text)
        named = lexicon.find_instruments(text, tokens)
        corefs = coreferences(text, history, named, lexicon, own)
        instruments = sorted([*named, *corefs], key=lambda m: m.start)
        history.extend(m.entry for m in instruments)
        taken = [(m.start, m.end) for m in instruments]
        actors = lexicon.find_actors(text, tokens, taken)
        coordinated = role_coordinations(text, lexicon)
        roles = _roles_of(actors, coordinated)
        # a coordination names each role group once ("source, transit or destination countries")
        have = {(m.entry.id, m.start) for m in actors}
        extra = [m for m in coordinated if m.how == "coordination" and (m.entry.id, m.start) not in have]
        actors = sorted([*actors, *extra], key=lambda m: (m.start, m.end))
        for m in (*named, *actors):
            _note_surface(surfaces, m)
        keys = contained_keys(text.lower())
        sentences = sentence_spans(text) if keys else []  # only a paragraph with a cue needs them
        if sentences and paragraph.kind == "preamble":
            sentences = recital_spans(text, sentences)
        paragraphs.append(ParagraphDraft(paragraph.key, sentences, instruments, actors, roles, keys=keys))
    _resolve_bare_victims(paragraphs, lexicon)
    parties = _own_parties(own, document, paragraphs, lexicon, surfaces) if own is not None else None
    default_bearer = parties.id if parties is not None else _default_bearer(document, paragraphs)
    people_so_far: list[str] = []
    institution: str | None = None
    points: dict[str, list[Unit]] = {}
    for unit in document.units:  # each unit's own list items, found by the structure
        if unit.kind == "point" and unit.parent is not None:
            points.setdefault(unit.parent, []).append(unit)
    for paragraph, draft in zip(document.paragraphs, paragraphs):
        ctx = Context(
            text=paragraph.text, sentences=draft.sentences, actors=draft.actors, instruments=draft.instruments,
            items=_item_starts(paragraph, points.get(paragraph.eid, ())), keys=draft.keys,
            default_bearer=default_bearer, self_instrument=self_instrument, previous_people=tuple(people_so_far),
            previous_institution=institution, child_victims="child-victims" if "child-victims" in lexicon.actors else None,
        )  # fmt: skip
        draft.norms = find_norms(ctx) if draft.keys else []
        people_so_far.extend(m.entry.id for m in draft.actors if m.entry.person and not m.entry.adversary)
        institutions = [m.entry.id for m in draft.actors if not (m.entry.person or m.entry.subject_only or m.entry.roles)]
        # recitals name who convened or adopted the text, not who acts in its operative part
        institution = institutions[-1] if institutions and paragraph.kind != "preamble" else None
    used_instruments: dict[str, Entry] = {}
    used_actors: dict[str, Entry] = {}
    for draft in paragraphs:
        for m in draft.instruments:
            used_instruments[m.entry.id] = m.entry
        for m in draft.actors:
            if not m.entry.subject_only:
                used_actors[m.entry.id] = m.entry
        for norm in draft.norms:
            for ident in (*norm.bearer, *norm.holder, *norm.beneficiary):
                used_actors.setdefault(ident, parties if parties is not None and ident == parties.id else lexicon.actors[ident])
            for ident in norm.instrument:
                used_instruments.setdefault(ident, known_instruments[ident])
    if self_instrument:
        used_instruments.setdefault(self_instrument, known_instruments[self_instrument])
    if parties is not None and parties.id in used_actors and "states" in lexicon.actors:
        used_actors.setdefault("states", lexicon.actors["states"])  # the parties are a subgroup of States
    _close_subgroups(used_actors, lexicon)
    _close_relations(used_instruments, lexicon)
    kind = _KIND.get(document.layout, "report")
    if kind == "report" and sum(bool(_OPERATIVE_START.match(p.text)) for p in document.paragraphs) * 2 >= len(document.paragraphs):
        kind = "resolution"
    return Draft(
        document=document,
        title=title or _title(document),
        kind=kind,
        paragraphs=paragraphs,
        instruments=dict(sorted(used_instruments.items())),
        actors=dict(sorted(used_actors.items())),
        surfaces=surfaces,
        self_instrument=self_instrument,
        default_bearer=default_bearer,
    )


_TREATY_HEAD = re.compile(r"\b(Protocol|Convention|Covenant|Charter|Treaty|Agreement|Statute)\b")


def _item_starts(unit: Unit, items: Sequence[Unit]) -> list[tuple[int, int]]:
    """Where each list item's label and words start in ``unit.text`` (from their file offsets)."""
    out = []
    for item in items:
        label = bisect_left(unit.origins, item.char_start)
        body = bisect_left(unit.origins, item.origins[0]) if item.origins else label
        if label < len(unit.text):
            out.append((label, body))
    return out


def _own_instrument(document: DocumentText, lexicon: Lexicon) -> Entry | None:
    """A treaty text (paragraphs that are articles) is itself an instrument: the one its title
    names, or a new one made from the title ("Model Protocol on …"), so that "this Protocol"
    resolves and its norms rest on it."""
    if document.layout != "articles":
        return None
    title = next((" ".join(line.split()) for line in document.preamble.splitlines() if line.strip()), "")
    head = _TREATY_HEAD.search(title)
    if not title or head is None or len(title) > 300:
        return None
    named = lexicon.find_instruments(title, tokenize(title))
    if named and named[0].end - named[0].start >= 0.6 * len(title):
        return named[0].entry
    words = [w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in {"the", "of", "on", "and", "for", "to", "in", "a", "an"}]
    ident = "-".join(words[:5]) or "instrument"
    kind = {"Protocol": "Protocol", "Convention": "Convention", "Covenant": "Convention"}.get(head.group(1), "Instrument")
    return Entry(id=ident, kind="instrument", label=title, type=kind)


_PARTY_DETERMINER = re.compile(r"(?:\b(?:Each|each|Every|every|The|the|A|a|Any|any|All|all|Other|other|Another|another))\s+$")


def _own_parties(own: Entry, document: DocumentText, paragraphs: list[ParagraphDraft], lexicon: Lexicon,
                 surfaces: dict[str, list[str]]) -> Entry | None:  # fmt: skip
    """A treaty's "Each State Party", "the Parties", "Each Member": the parties to *that* instrument,
    an actor of its own (``<instrument>-parties``, a subgroup of States) named by the forms the text
    uses; every mention of the generic parties becomes a mention of it."""
    generic = lexicon.actors.get("states-parties")
    if generic is None:
        return None
    forms: list[str] = []
    for paragraph, draft in zip(document.paragraphs, paragraphs):
        for m in draft.actors:
            if m.entry.id == generic.id:
                surface = " ".join(m.surface.split())
                lead = _PARTY_DETERMINER.search(paragraph.text, max(0, m.start - 12), m.start)
                for form in (surface, *( [paragraph.text[lead.start() : m.end]] if lead else [])):
                    form = " ".join(form.split())
                    if form not in forms:
                        forms.append(form)
    states_style = sum("State" in f for f in forms) * 2 >= len(forms) if forms else True
    label = f"{'States Parties' if states_style else 'Parties'} to the {own.label.removeprefix('the ')}"
    entry = Entry(id=f"{own.id}-parties", kind="actor", label=label, type="StateGroup",
                  facts={"party_to": own.id, "subgroup_of": "states"})  # fmt: skip
    for draft in paragraphs:
        draft.actors = [Mention(entry, m.start, m.end, m.surface, m.how) if m.entry.id == generic.id else m for m in draft.actors]
    surfaces.pop(generic.id, None)
    if forms:
        surfaces[entry.id] = [f for f in forms if f != label]
    return entry


def _default_bearer(document: DocumentText, paragraphs: list[ParagraphDraft]) -> str:
    """Whom a norm that names no one addresses: the States Parties of a treaty (or of a text that
    speaks of them more than of States), else States."""
    mentioned = Counter(m.entry.id for p in paragraphs for m in p.actors)
    if mentioned["states-parties"] and (document.layout == "articles" or mentioned["states-parties"] > mentioned["states"]):
        return "states-parties"
    return "states"


def _note_surface(surfaces: dict[str, list[str]], mention: Mention) -> None:
    if mention.how in ("name", "typo", "abbreviation"):
        forms = surfaces.setdefault(mention.entry.id, [])
        surface = " ".join(mention.surface.split())
        if surface not in forms:
            forms.append(surface)


def _roles_of(actors: Iterable[Mention], coordinated: Iterable[Mention]) -> list[str]:
    roles: set[str] = set()
    for m in (*actors, *coordinated):
        if len(m.entry.roles) == 1:  # a role word; "all States" plays every role but names none
            roles.update(m.entry.roles)
    return [r for r in ROLE_ORDER if r in roles]


def _resolve_bare_victims(paragraphs: list[ParagraphDraft], lexicon: Lexicon) -> None:
    """Bare "victims" is the document's main group of victims when it has one."""
    counts = Counter(m.entry.id for p in paragraphs for m in p.actors if m.entry.id in _SPECIFIC_VICTIMS)
    if not counts or "victims" not in lexicon.actors:
        return
    main = lexicon.actors[counts.most_common(1)[0][0]]
    for p in paragraphs:
        p.actors = [Mention(main, m.start, m.end, m.surface, "coreference") if m.entry.id == "victims" else m for m in p.actors]


def _close_subgroups(actors: dict[str, Entry], lexicon: Lexicon) -> None:
    """Every group an actor is a subgroup of joins the draft's registry too (governments → States),
    so the draft's `subgroup_of` never names an actor the draft does not define."""
    pending = list(actors.values())
    while pending:
        parent = pending.pop().facts.get("subgroup_of")
        if isinstance(parent, str) and parent not in actors and parent in lexicon.actors:
            actors[parent] = lexicon.actors[parent]
            pending.append(actors[parent])


def _close_relations(used: dict[str, Entry], lexicon: Lexicon) -> None:
    """Register the instruments a registered one points at (a protocol's parent convention)."""
    pending = list(used.values())
    while pending:
        entry = pending.pop()
        for relation in ("supplements", "adopted_at", "derived_from"):
            value = entry.facts.get(relation)
            for target in [value] if isinstance(value, str) else (value or []):
                if target in lexicon.instruments and target not in used:
                    used[target] = lexicon.instruments[target]
                    pending.append(used[target])


def _title(document: DocumentText) -> str:
    for line in document.preamble.splitlines():
        line = " ".join(line.split())
        if len(line) > 3:
            return line[:200]
    stem = document.path.stem if document.path is not None else ""
    return stem or "Untitled document"


# --- fitting into an existing corpus ------------------------------------------------------------


@dataclass(frozen=True)
class KnownRegistries:
    """The registries of the corpus a draft will join: ids to reuse instead of redefining."""

    instruments: Mapping[str, Any]
    actors: Mapping[str, Any]

    @classmethod
    def from_corpus(cls, folder: str | Path, *, exclude: str | None = None) -> KnownRegistries:
        from ..builders.corpus import load_corpus

        corpus = load_corpus(folder)
        if exclude is not None and any(d.id == exclude for d in corpus.documents):
            # the folder being drafted is already in the corpus: use the other documents only
            instruments: dict[str, Any] = {}
            actors: dict[str, Any] = {}
            for document in corpus.documents:
                if document.id != exclude:
                    instruments.update(document.annotations.instruments)
                    actors.update(document.annotations.actors)
            return cls(instruments, actors)
        return cls(corpus.instruments, corpus.actors)




def _name_index(records: Mapping[str, Any]) -> dict[str, str]:
    index: dict[str, str] = {}
    for ident, record in records.items():
        for name in (record.label, getattr(record, "title", None), *record.alt_labels):
            if name and not REFERENCE.match(name.strip()):
                index.setdefault(normalise_name(name), ident)
    return index


def _same_parties(entry: Entry, record: Any, mapping: Mapping[str, str]) -> bool:
    """Whether a drafted actor and a corpus actor are the parties to the same treaty, or neither is
    the parties to any: the parties to one treaty are never the parties to another."""
    drafted = entry.facts.get("party_to")
    known = tuple(getattr(record, "party_to", ()) or ())
    if drafted is None and not known:
        return True
    return drafted is not None and mapping.get(drafted, drafted) in known


def _id_map(draft: Draft, known: KnownRegistries | None) -> tuple[dict[str, str], set[str]]:
    """lexicon id → id written in the draft; and the ids the corpus already defines."""
    from ..ontology import scheme_concept_ids

    mapping: dict[str, str] = {}
    reused: set[str] = set()
    concepts = scheme_concept_ids()  # an actor or instrument id must not name a concept too
    for entries, records in ((draft.instruments, known.instruments if known else {}), (draft.actors, known.actors if known else {})):
        index = _name_index(records)
        taken = set(records) | concepts | set(mapping.values())
        for ident, entry in entries.items():
            target = None
            names = [n for n in entry.all_names() if not REFERENCE.match(n)] + draft.surfaces.get(ident, [])
            for name in names:
                target = index.get(normalise_name(name))
                if target is not None and not _same_parties(entry, records[target], mapping):
                    target = None  # "States Parties" of another treaty share the name, not the group
                if target is not None:
                    break
            if target is not None:
                mapping[ident] = target
                reused.add(target)
                continue
            new = ident
            suffix = 2
            while new in taken:
                new, suffix = f"{ident}-{suffix}", suffix + 1
            mapping[ident] = new
    return mapping, reused


# --- writing ------------------------------------------------------------------------------------


def draft_yaml(draft: Draft, known: KnownRegistries | None = None, *, source: SourceText | None = None) -> str:
    """The draft as an ``annotations.yaml`` text (deterministic); ``source``: the PDF, HTML or
    Word file the text was read from, recorded as ``document: source:``."""
    ids, reused = _id_map(draft, known)
    out: list[str] = [
        "# Draft annotations written by `normgraph extract` (rule-based; see docs/extraction.md).",
        "# Every norm is machine_proposed with a confidence; no paragraph is reviewed. Review each",
        "# paragraph against docs/annotation-guide.md, then set `reviewed: true`.",
        "",
        "document:",
        f"  title: {_q(draft.title)}",
        f"  kind: {draft.kind}",
        "  language: en",
        f"  description: {_q('Draft by normgraph extract from the text as received; not reviewed.')}",
    ]
    if source is not None:
        out += ["  source:", f"    file: {_q(source.file)}", f"    format: {source.format}", f"    sha256: {source.sha256}"]
        if source.pages is not None:
            out.append(f"    pages: {source.pages}")
    instruments = {k: v for k, v in draft.instruments.items() if ids[k] not in reused}
    if instruments:
        out += ["", "instruments:"]
        for ident, entry in instruments.items():
            out.append(f"  {ids[ident]}:")
            out.append(f"    label: {_q(entry.label)}")
            out.append(f"    type: {entry.type}")
            if entry.title:
                out.append(f"    title: {_q(entry.title)}")
            alt = _alt_labels(entry, draft.surfaces.get(ident, []))
            if alt:
                out.append("    alt_labels:")
                out += [f"      - {_q(a)}" for a in alt]
            for fact in ("adopted", "start", "end", "place"):
                if fact in entry.facts:
                    out.append(f"    {fact}: {_q(str(entry.facts[fact]))}")
            for relation in ("supplements", "adopted_at", "derived_from"):
                target = entry.facts.get(relation)
                if isinstance(target, str) and target in ids:
                    out.append(f"    {relation}: {ids[target]}")
            out.append(f"    note: {_q('Drafted from the normgraph lexicon; check the facts before publishing.')}")
    actors = {k: v for k, v in draft.actors.items() if ids[k] not in reused}
    if actors:
        out += ["", "actors:"]
        for ident, entry in actors.items():
            out.append(f"  {ids[ident]}:")
            out.append(f"    label: {_q(entry.label)}")
            out.append(f"    type: {entry.type}")
            alt = _alt_labels(entry, draft.surfaces.get(ident, []))
            if alt:
                out.append("    alt_labels:")
                out += [f"      - {_q(a)}" for a in alt]
            if entry.roles:
                out.append(f"    roles: [{', '.join(entry.roles)}]")
            for relation in ("party_to", "subgroup_of"):
                target = entry.facts.get(relation)
                if isinstance(target, str):
                    out.append(f"    {relation}: {ids.get(target, target)}")
    out += ["", "paragraphs:"]
    for p in draft.paragraphs:
        out.append(f"  {p.number}:")
        mentions = _mentions(p, ids)
        if mentions:
            out.append(f"    mentions: [{', '.join(mentions)}]")
        out.append("    reviewed: false")
        if not p.norms:
            continue
        out.append("    norms:")
        used: dict[str, int] = {}
        seen: dict[str, list[int]] = {}
        paragraph = draft.document.unit(p.number)
        spans = sentence_spans(paragraph.text)
        for norm in p.norms:
            quote = paragraph.text[norm.start : norm.end]
            out.append(f"      - id: {_slug(norm, used)}")
            out.append(f"        type: {norm.type}")
            out.append(f"        quote: {_q(quote)}")
            occurrence = _occurrence(paragraph.text, quote, norm.start, seen)
            if occurrence > 1:
                out.append(f"        occurrence: {occurrence}")
            out.append(f"        cue: {_q(norm.cue)}")
            if norm.type == "right":
                if norm.holder:
                    out.append(f"        holder: {_ids(norm.holder, ids)}")
            elif norm.bearer:
                out.append(f"        bearer: {_ids(norm.bearer, ids)}")
            if norm.beneficiary:
                out.append(f"        beneficiary: {_ids(norm.beneficiary, ids)}")
            inferred = _inferred(norm, _sentence(paragraph.text, spans, norm.start, norm.end), draft)
            if inferred:
                out.append("        inferred:")
                out += [f"          {slot}: {_q(why)}" for slot, why in inferred]
            if norm.action:
                out.append(f"        action: {_q(norm.action)}")
            if norm.condition:
                out.append(f"        condition: {_q(norm.condition)}")
            if norm.negated:
                out.append("        negated: true")
            if norm.roles:
                out.append(f"        roles: [{', '.join(norm.roles)}]")
            if norm.instrument:
                out.append(f"        instrument: {_ids(norm.instrument, ids)}")
            out.append("        machine_proposed: true")
            out.append(f"        confidence: {Decimal(str(norm.confidence)):.2f}")
    return "\n".join(out) + "\n"


def _sentence(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    """The sentence(s) holding ``text[start:end]``: where the guide's stated/inferred rule looks."""
    inside = [(a, b) for a, b in spans if a < end and b > start]
    return text[inside[0][0] : inside[-1][1]] if inside else text[start:end]


def _inferred(norm: DraftNorm, sentence: str, draft: Draft) -> list[tuple[str, str]]:
    """The slots whose actor the sentence does not name (by any name the draft knows for it),
    with why the draft chose it — the annotation guide's rule, so a reviewer sees what to check."""
    out = []
    for slot in ("holder",) if norm.type == "right" else ("bearer",):
        out += _slot_inferred(slot, getattr(norm, slot), sentence, draft)
    return out + _slot_inferred("beneficiary", norm.beneficiary, sentence, draft)


def _slot_inferred(slot: str, idents: Sequence[str], sentence: str, draft: Draft) -> list[tuple[str, str]]:
    if not idents:
        return []
    for ident in idents:
        entry = draft.actors.get(ident)
        names = (*entry.all_names(), *draft.surfaces.get(ident, ())) if entry is not None else ()
        for name in names:
            words = r"\s+".join(re.escape(w) for w in name.split())
            if words and re.search(rf"(?<!\w){words}(?:s|es)?(?!\w)", sentence, re.IGNORECASE):
                return []  # named: stated
    labels = " and ".join(draft.actors[i].label if i in draft.actors else i for i in idents)
    source = "the document's usual addressee" if list(idents) == [draft.default_bearer] else "the sentences around it"
    return [(slot, f"the sentence does not name {labels}; the draft took it from {source}")]


def _alt_labels(entry: Entry, surfaces: list[str]) -> list[str]:
    names = [n for n in (*entry.names, *entry.cased, *surfaces) if n != entry.label and n != entry.title]
    return list(dict.fromkeys(" ".join(n.split()) for n in names))


def _mentions(p: ParagraphDraft, ids: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for m in p.instruments:
        out.append(ids[m.entry.id])
    for m in p.actors:
        if not m.entry.subject_only:
            out.append(ids[m.entry.id])
    out += p.roles
    return list(dict.fromkeys(out))


def _ids(values: list[str], ids: Mapping[str, str]) -> str:
    mapped = list(dict.fromkeys(ids.get(v, v) for v in values))
    return mapped[0] if len(mapped) == 1 else f"[{', '.join(mapped)}]"


def _occurrence(text: str, quote: str, start: int, cache: dict[str, list[int]] | None = None) -> int:
    """Which occurrence of ``quote`` in ``text`` starts at ``start`` (1-based, overlaps counted as
    :meth:`Paragraph.find` counts them)."""
    if cache is None:
        cache = {}
    starts = cache.get(quote)
    if starts is None:
        starts, at = [], text.find(quote)
        while at >= 0:
            starts.append(at)
            at = text.find(quote, at + 1)
        cache[quote] = starts
    return bisect_left(starts, start) + 1


def _slug(norm: DraftNorm, used: dict[str, int]) -> str:
    words = re.findall(r"[a-z0-9]+", (norm.action or norm.cue or norm.type).lower())
    stop = {"the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "that", "their", "its", "with", "be"}
    base = "-".join([w for w in words if w not in stop][:4]) or norm.type
    base = base[:48].strip("-") or norm.type
    slug, k = base, used.get(base, 1)
    while slug in used:
        k += 1
        slug = f"{base}-{k}"
    used[base] = k
    used[slug] = 1
    return slug


_ESCAPE = re.compile("[\"\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return "\\" + ch if ch in "\"\\" else f"\\u{ord(ch):04x}"


def _q(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value``."""
    return '"' + _ESCAPE.sub(_escape, value) + '"'


# --- the command's job ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractResult:
    folder: Path
    draft: Draft
    reused: int
    source: SourceText | None = None
    """The file read and how (format, sha256, pages, what the reader removed)."""


def extract_to_folder(
    text_path: str | Path,
    out: str | Path,
    *,
    corpus: str | Path | None = None,
    standalone: bool = False,
    force: bool = False,
    lexicon: Lexicon | None = None,
) -> ExtractResult:
    """Write ``out/text.txt`` and ``out/annotations.yaml`` (the draft). ``text_path`` is a plain
    text (kept byte for byte) or a PDF, HTML or Word file (its text read by ``_readers``, the
    file recorded under ``document: source:``).

    ``corpus``: the corpus the draft will join (its registry ids are reused, not redefined).
    Without it, the folder ``out`` sits in is used when it holds other documents, unless
    ``standalone``. Refuses to overwrite an existing ``annotations.yaml`` unless ``force``."""
    text_path, out = Path(text_path), Path(out)
    check_document_id(out)  # the output folder's name becomes the document id
    source = read_source(text_path)
    data = source.text
    document = parse_document(data, path=text_path)
    if (out / ANNOTATION_FILE).exists() and not force:
        raise CorpusError(f"{ANNOTATION_FILE} exists here; use --force to overwrite it", path=out)
    if (out / TEXT_FILE).exists() and (out / TEXT_FILE).read_bytes() != data and not force:
        raise CorpusError(f"a different {TEXT_FILE} exists here; use --force to overwrite it", path=out)
    known = None
    if not standalone:
        folder = Path(corpus) if corpus is not None else _enclosing_corpus(out)
        if folder is not None:
            known = KnownRegistries.from_corpus(folder, exclude=out.name)
    title = None if document.preamble.strip() else _title_from_names(text_path, out)
    draft = extract(document, lexicon=lexicon, title=title)
    text = draft_yaml(draft, known, source=source if source.format != "text" else None)
    out.mkdir(parents=True, exist_ok=True)
    # as a pair: an interrupted extract never leaves a new text beside an old draft
    write_outputs([(out / TEXT_FILE, data), (out / ANNOTATION_FILE, text.encode("utf-8"))])
    reused = len(_id_map(draft, known)[1]) if known else 0
    return ExtractResult(out, draft, reused, source)


def _title_from_names(text_path: Path, out: Path) -> str:
    """A text without a title line is named after its file, or its folder when the file is just
    "text.txt"."""
    stem = text_path.stem
    return out.name if stem.lower() in ("text", "document", "input", "") else stem


def _enclosing_corpus(out: Path) -> Path | None:
    parent = out.resolve().parent
    if not parent.is_dir():
        return None
    others = [p for p in parent.iterdir() if p.is_dir() and p.name != out.name and (p / TEXT_FILE).is_file()
              and not p.name.startswith((".", "_"))]  # fmt: skip
    return parent if others else None


__all__ = [
    "Draft",
    "ExtractResult",
    "KnownRegistries",
    "ParagraphDraft",
    "draft_yaml",
    "extract",
    "extract_to_folder",
]
