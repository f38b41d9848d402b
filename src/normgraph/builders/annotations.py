"""The human-editable annotation file (``annotations.yaml``) → typed records with line numbers.

This module checks the *shape* of the file: known keys, right kinds of values, well-formed ids
and dates. Whether quotes match the text and ids resolve is checked against the whole corpus in
:mod:`normgraph.builders.corpus`. The format is documented in ``docs/annotation-format.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

from ..ontology.eid import EID, citation_to_eid
from ..errors import AnnotationError
from ._yaml import LineDict, LineList, load_yaml

UNKNOWN = "unknown"
DIGITS = 30  # how far from the decimal point a number may reach (figures, confidences)
# Checked with fullmatch: "$" lets a trailing newline through, and "\d" matches any script's
# digits; an id is a piece of an IRI, so what passes here must be safe there.
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
NUMBER_KEY = re.compile(r"[0-9]{1,9}")  # "²".isdigit() is true, but int() refuses it

INSTRUMENT_TYPES = (
    "Instrument", "Convention", "Protocol", "Declaration",
    "Conference", "Programme", "GoalSet", "Observance",
)  # fmt: skip
ACTOR_TYPES = ("Actor", "State", "StateGroup", "Organisation", "Office", "PersonGroup")
NORM_TYPES = ("obligation", "recommendation", "right")
CLAIM_TYPES = ("figure", "date", "definition", "distinction", "list", "role", "statement")
ROLES = ("source", "transit", "destination")
# A unit's eId: "preamble", "art_6", "art_6__para_3__point_b", "annex_I__art_1", "chp_II"
_EID = EID


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    kind: str | None = None
    publisher: str | None = None
    event: str | None = None
    language: str | None = None
    symbol: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    description: str | None = None
    instrument: str | None = None
    """The instrument this document is the text of (a treaty's own text)."""
    source: SourceFile | None = None
    """The PDF, HTML or Word file ``text.txt`` was read from (``normgraph extract``)."""
    line: int = 0


SOURCE_FORMATS = {  # a source file's format → its media type (dcterms:format)
    "text": "text/plain",
    "pdf": "application/pdf",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SourceFile:
    """Where a document's text came from: the file's name, format, SHA-256 and page count."""

    file: str
    format: str
    sha256: str | None = None
    pages: int | None = None


@dataclass(frozen=True)
class InstrumentRecord:
    id: str
    label: str
    type: str = "Instrument"
    title: str | None = None
    alt_labels: tuple[str, ...] = ()
    adopted: str | None = None
    adoption_reference: str | None = None
    entry_into_force: str | None = None
    treaty_reference: str | None = None
    url: str | None = None
    supplements: tuple[str, ...] = ()
    adopted_at: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    place: str | None = None
    unverified: tuple[str, ...] = ()
    note: str | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each key, for messages that point at the exact key."""


@dataclass(frozen=True)
class ActorRecord:
    id: str
    label: str
    type: str = "Actor"
    alt_labels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    party_to: tuple[str, ...] = ()
    """Instruments whose parties this group is ("States Parties to the Protocol")."""
    subgroup_of: tuple[str, ...] = ()
    """Wider actors this one is a group of (the parties to a treaty are States)."""
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class ConceptRecord:
    id: str
    label: str
    alt_labels: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    definition: str | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each key, for messages that point at the exact key."""


@dataclass(frozen=True)
class ProvisionRef:
    """A provision of an instrument that a norm or claim restates or parallels: the instrument
    id and the citation as the annotator gives it ("Article 10(3)"), with its eId."""

    instrument: str
    citation: str
    eid: str
    line: int = 0


RELATIONS = ("restates", "parallels")
PARTIES = ("bearer", "holder", "beneficiary")  # the slots whose actor the text names or the annotator infers
"""How a statement stands to a provision: it says what the provision says, or it is close to
it but differs (in bearer, scope or strength); docs/annotation-guide.md § 6.8."""


@dataclass(frozen=True)
class StatementRecord:
    """What norms and claims share: a type, the quoted words, where they stand in the file."""

    type: str
    quote: str
    id: str | None = None
    occurrence: int = 1
    instrument: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    note: str | None = None
    machine_proposed: bool = False
    confidence: Decimal | None = None
    restates: tuple[ProvisionRef, ...] = ()
    parallels: tuple[ProvisionRef, ...] = ()
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each key, for messages that point at the exact key."""


@dataclass(frozen=True)
class NormRecord(StatementRecord):
    cue: str | None = None
    bearer: tuple[str, ...] = ()
    holder: tuple[str, ...] = ()
    beneficiary: tuple[str, ...] = ()
    action: str | None = None
    condition: str | None = None
    scope: str | None = None
    """Cases the norm extends to, in the text's words ("to cases where persecution is attributed to
    traffickers"): a widening of its reach, not a condition that triggers it."""
    hedge: str | None = None
    """The text's own words that qualify how firmly the norm is asserted ("might raise certain issues")."""
    inferred: tuple[tuple[str, str], ...] = ()
    """(slot, why) for each of bearer/holder/beneficiary the annotator inferred; the others the text names."""
    negated: bool = False
    roles: tuple[str, ...] = ()

    def inferred_why(self, slot: str) -> str | None:
        return dict(self.inferred).get(slot)


@dataclass(frozen=True)
class ClaimRecord(StatementRecord):
    value: Decimal | None = None
    qualifier: str | None = None
    unit: str | None = None
    source: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True)
class ParagraphAnnotation:
    number: int | str
    """The key: a paragraph number (53; Article 53 of a treaty) or a unit's eId (``art_6__para_3``)."""
    topics: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    reviewed: bool = False
    note: str | None = None
    norms: tuple[NormRecord, ...] = ()
    claims: tuple[ClaimRecord, ...] = ()
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each key, for messages that point at the exact key."""


@dataclass(frozen=True)
class Annotations:
    """Everything one ``annotations.yaml`` says."""

    path: Path
    document: DocumentMeta
    instruments: dict[str, InstrumentRecord] = field(default_factory=dict)
    actors: dict[str, ActorRecord] = field(default_factory=dict)
    concepts: dict[str, ConceptRecord] = field(default_factory=dict)
    paragraphs: dict[int | str, ParagraphAnnotation] = field(default_factory=dict)


# --- statement ids ---------------------------------------------------------------------------


def _statements(norms: tuple[NormRecord, ...], claims: tuple[ClaimRecord, ...]) -> list[tuple[str, StatementRecord]]:
    return [*(("norm", n) for n in norms), *(("claim", c) for c in claims)]


def _id_line(record: StatementRecord) -> int:
    return record.lines.get("id", record.line)


def statement_ids(para: ParagraphAnnotation) -> tuple[str, ...]:
    """The id of each of a unit's statements, norms then claims in file order: its own, or
    ``{type}-{k}`` with k counting that type in the unit from 1 (one IRI each: ``{unit IRI}/{id}``).

    The reader has made sure explicit ids are unique across the unit's norms and claims. An
    automatic id that an explicit one already takes moves on to the next free number instead of
    clashing: annotators never see automatic ids, so writing ``obligation-2`` must not break a
    paragraph (or merge two statements) because of an unnamed obligation elsewhere in it. The
    numbering depends only on the file, so every build gives the same ids, and where nothing is
    taken they are exactly the old ``{type}-{k}``."""
    records = [record for _, record in _statements(para.norms, para.claims)]
    taken = {record.id for record in records if record.id is not None}
    assert len(taken) == sum(record.id is not None for record in records), "the reader refuses clashes"
    counts: dict[str, int] = {}
    ids = []
    for record in records:
        counts[record.type] = counts.get(record.type, 0) + 1
        if record.id is not None:
            ids.append(record.id)
            continue
        k = counts[record.type]
        while f"{record.type}-{k}" in taken:
            k += 1
        ident = f"{record.type}-{k}"
        taken.add(ident)
        ids.append(ident)
    return tuple(ids)


# --- reading ---------------------------------------------------------------------------------


def read_annotations(path: str | Path) -> Annotations:
    """Read and check one annotation file; every problem is an :class:`AnnotationError`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AnnotationError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise AnnotationError("not UTF-8 text", path=path, line=line) from None
    return parse_annotations(text, path)


def parse_annotations(text: str, path: str | Path) -> Annotations:
    path = Path(path)
    data = load_yaml(text, path)
    reader = _Reader(path)
    if not isinstance(data, LineDict):
        raise AnnotationError("the file must be a mapping with a 'document' key", path=path, line=1)
    reader.keys(data, {"document", "instruments", "actors", "concepts", "paragraphs"}, "the file")
    if "document" not in data:
        raise AnnotationError("the 'document' section is missing", path=path, line=1)
    return Annotations(
        path=path,
        document=reader.document(data["document"], data.line_of("document")),
        instruments=reader.registry(data, "instruments", reader.instrument),
        actors=reader.registry(data, "actors", reader.actor),
        concepts=reader.registry(data, "concepts", reader.concept),
        paragraphs=reader.paragraphs(data),
    )


class _Reader:
    """Checks values one key at a time, so every message can name its line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, line: int, paragraph: int | str | None = None) -> AnnotationError:
        return AnnotationError(message, path=self.path, line=line, paragraph=paragraph)

    # generic value checks

    def keys(self, node: LineDict, allowed: set[str], what: str, para: int | str | None = None) -> None:
        for key in node:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"unknown key {key!r} in {what} (known: {known})", node.line_of(key), para)

    def mapping(self, value: Any, line: int, what: str, para: int | str | None = None) -> LineDict:
        if not isinstance(value, LineDict):
            raise self.fail(f"{what} must be a mapping", line, para)
        return value

    def text(self, node: LineDict, key: str, para: int | str | None = None, *, required: bool = False) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                raise self.fail(f"{key!r} is required", node.line, para)
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(f"{key!r} must be text", node.line_of(key), para)
        text = str(value)
        if required and not text.strip():
            raise self.fail(f"{key!r} must not be empty", node.line_of(key), para)
        return text

    def texts(self, node: LineDict, key: str, para: int | str | None = None) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, LineList) else [value]
        out = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise self.fail(f"{key!r} must be text or a list of texts", node.line_of(key), para)
            out.append(str(item))
        return tuple(out)

    def ids(self, node: LineDict, key: str, para: int | str | None = None) -> tuple[str, ...]:
        values = self.texts(node, key, para)
        for value in values:
            if not ID.fullmatch(value):
                raise self.fail(
                    f"{key!r}: {value!r} is not an id (lower-case letters, digits, hyphens)",
                    node.line_of(key),
                    para,
                )
        return values

    def boolean(self, node: LineDict, key: str, para: int | str | None = None) -> bool:
        value = node.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false", node.line_of(key), para)
        return value

    def decimal(self, node: LineDict, key: str, para: int | str | None = None,
                between: tuple[Decimal, Decimal] | None = None) -> Decimal | None:
        value = node.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise self.fail(f"{key!r} must be a number, not {value!r}", node.line_of(key), para) from None
        # 15 bytes such as 1e999999999 are a billion digits once written as an xsd:decimal
        if number and not -DIGITS <= number.adjusted() <= DIGITS:
            raise self.fail(f"{key!r}: {value!r} is out of range (at most {DIGITS} digits either side of the point)",
                            node.line_of(key), para)
        if between is not None and not between[0] <= number <= between[1]:
            raise self.fail(f"{key!r} must be between {between[0]} and {between[1]}, not {value!r}", node.line_of(key), para)
        return number

    def iri(self, node: LineDict, key: str) -> str | None:
        """An absolute IRI, checked here by the same parser the graph uses, so that the build
        cannot fail later on a value the file gave ("see the treaty site")."""
        value = self.text(node, key)
        if value is None:
            return None
        try:
            NamedNode(value)  # refuses relative IRIs too
        except ValueError:
            raise self.fail(f"{key!r}: {value!r} is not an absolute IRI (like https://example.org/page)", node.line_of(key)) from None
        return value

    def date(self, node: LineDict, key: str, para: int | str | None = None) -> str | None:
        value = self.text(node, key, para)
        if value is not None and value != UNKNOWN and not DATE.fullmatch(value):
            raise self.fail(
                f"{key!r}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, or 'unknown')",
                node.line_of(key),
                para,
            )
        return value

    def choice(self, node: LineDict, key: str, choices: tuple[str, ...], default: str | None, para: int | str | None = None) -> str:
        value = self.text(node, key, para, required=default is None) or default
        assert value is not None
        if value not in choices:
            raise self.fail(f"{key!r}: {value!r} is not one of {', '.join(choices)}", node.line_of(key), para)
        return value

    # sections

    def document(self, value: Any, line: int) -> DocumentMeta:
        node = self.mapping(value, line, "'document'")
        self.keys(node, {"title", "kind", "publisher", "event", "language", "symbol", "date", "authors", "description", "instrument", "source"}, "'document'")
        for key in ("publisher", "instrument"):
            if node.get(key) is not None:
                self.ids(node, key)
        return DocumentMeta(
            title=self.text(node, "title", required=True) or "",
            kind=self.text(node, "kind"),
            publisher=self.text(node, "publisher"),
            event=self.text(node, "event"),
            language=self.text(node, "language"),
            symbol=self.text(node, "symbol"),
            date=self.date(node, "date"),
            authors=self.texts(node, "authors"),
            description=self.text(node, "description"),
            instrument=self.text(node, "instrument"),
            source=self.source(node["source"], node.line_of("source")) if node.get("source") is not None else None,
            line=node.line,
        )

    def source(self, value: Any, line: int) -> SourceFile:
        node = self.mapping(value, line, "'document: source'")
        self.keys(node, {"file", "format", "sha256", "pages"}, "'document: source'")
        sha = self.text(node, "sha256")
        if sha is not None and not _SHA256.fullmatch(sha):
            raise self.fail(f"'sha256': {sha!r} is not a SHA-256 (64 lower-case hex digits)", node.line_of("sha256"))
        pages = node.get("pages")
        if pages is not None and (isinstance(pages, bool) or not isinstance(pages, int) or not 0 < pages < 10**7):
            raise self.fail("'pages' must be a whole number from 1", node.line_of("pages"))
        return SourceFile(
            file=self.text(node, "file", required=True) or "",
            format=self.choice(node, "format", tuple(SOURCE_FORMATS), None),
            sha256=sha,
            pages=pages,
        )

    def registry(self, data: LineDict, section: str, read: Any) -> dict[str, Any]:
        value = data.get(section)
        if value is None:
            return {}
        node = self.mapping(value, data.line_of(section), f"{section!r}")
        out = {}
        for key, entry in node.items():
            if not ID.fullmatch(key):
                raise self.fail(f"{section}: {key!r} is not an id (lower-case letters, digits, hyphens)", node.line_of(key))
            if key in ROLES:
                raise self.fail(f"{section}: {key!r} is reserved for the state role", node.line_of(key))
            out[key] = read(key, self.mapping(entry, node.line_of(key), f"{section}: {key!r}"))
        return out

    def instrument(self, key: str, node: LineDict) -> InstrumentRecord:
        fields = {"label", "type", "title", "alt_labels", "adopted", "adoption_reference", "entry_into_force",
                  "treaty_reference", "url", "supplements", "adopted_at", "derived_from", "start", "end",
                  "place", "unverified", "note"}  # fmt: skip
        self.keys(node, fields, f"instrument {key!r}")
        unverified = self.texts(node, "unverified")
        for name in unverified:
            if name not in fields - {"label", "unverified", "note"}:
                raise self.fail(f"unverified: {name!r} is not a fact of an instrument", node.line_of("unverified"))
        return InstrumentRecord(
            id=key,
            label=self.text(node, "label", required=True) or "",
            type=self.choice(node, "type", INSTRUMENT_TYPES, "Instrument"),
            title=self.text(node, "title"),
            alt_labels=self.texts(node, "alt_labels"),
            adopted=self.date(node, "adopted"),
            adoption_reference=self.text(node, "adoption_reference"),
            entry_into_force=self.date(node, "entry_into_force"),
            treaty_reference=self.text(node, "treaty_reference"),
            url=self.iri(node, "url"),
            supplements=self.ids(node, "supplements"),
            adopted_at=self.ids(node, "adopted_at"),
            derived_from=self.ids(node, "derived_from"),
            start=self.date(node, "start"),
            end=self.date(node, "end"),
            place=self.text(node, "place"),
            unverified=unverified,
            note=self.text(node, "note"),
            line=node.line,
            lines=node.key_lines,
        )

    def actor(self, key: str, node: LineDict) -> ActorRecord:
        self.keys(node, {"label", "type", "alt_labels", "roles", "party_to", "subgroup_of", "note"}, f"actor {key!r}")
        roles = self.texts(node, "roles")
        for role in roles:
            if role not in ROLES:
                raise self.fail(f"roles: {role!r} is not one of {', '.join(ROLES)}", node.line_of("roles"))
        return ActorRecord(
            id=key,
            label=self.text(node, "label", required=True) or "",
            type=self.choice(node, "type", ACTOR_TYPES, "Actor"),
            alt_labels=self.texts(node, "alt_labels"),
            roles=roles,
            party_to=self.ids(node, "party_to"),
            subgroup_of=self.ids(node, "subgroup_of"),
            note=self.text(node, "note"),
            line=node.line,
        )

    def concept(self, key: str, node: LineDict) -> ConceptRecord:
        self.keys(node, {"label", "alt_labels", "broader", "definition"}, f"concept {key!r}")
        return ConceptRecord(
            id=key,
            label=self.text(node, "label", required=True) or "",
            alt_labels=self.texts(node, "alt_labels"),
            broader=self.ids(node, "broader"),
            definition=self.text(node, "definition"),
            line=node.line,
            lines=node.key_lines,
        )

    def paragraphs(self, data: LineDict) -> dict[int | str, ParagraphAnnotation]:
        value = data.get("paragraphs")
        if value is None:
            return {}
        node = self.mapping(value, data.line_of("paragraphs"), "'paragraphs'")
        out: dict[int | str, ParagraphAnnotation] = {}
        for key, entry in node.items():
            number: int | str
            if NUMBER_KEY.fullmatch(key) and int(key) >= 1:
                number = int(key)
            elif _EID.fullmatch(key):
                number = key
            else:
                raise self.fail(
                    f"paragraphs: {key!r} is neither a paragraph number nor a unit eId (like art_6__para_3)",
                    node.line_of(key),
                )
            if number in out:
                raise self.fail(f"paragraph {number} is annotated twice", node.line_of(key), number)
            line = node.line_of(key)
            out[number] = self.paragraph(number, LineDict() if entry is None else self.mapping(entry, line, f"paragraph {number}", number), line)
        return out

    def paragraph(self, number: int | str, node: LineDict, line: int) -> ParagraphAnnotation:
        self.keys(node, {"topics", "mentions", "reviewed", "note", "norms", "claims"}, f"paragraph {number}", number)
        norms = tuple(self.norm(item, number) for item in self.items(node, "norms", number))
        claims = tuple(self.claim(item, number) for item in self.items(node, "claims", number))
        # One IRI per statement: {unit IRI}/{id}, so an id may name one norm or claim in the unit.
        seen: dict[str, tuple[str, int]] = {}
        for kind, record in sorted(_statements(norms, claims), key=lambda pair: _id_line(pair[1])):
            if record.id is None:
                continue
            if record.id in seen:
                first_kind, first_line = seen[record.id]
                line = _id_line(record)
                raise self.fail(
                    f"{kind} id {record.id!r} is used twice in this paragraph: "
                    f"by the {first_kind} on line {first_line} and the {kind} on line {line}",
                    line,
                    number,
                )
            seen[record.id] = (kind, _id_line(record))
        return ParagraphAnnotation(
            number=number,
            topics=self.ids(node, "topics", number),
            mentions=self.ids(node, "mentions", number),
            reviewed=self.boolean(node, "reviewed", number),
            note=self.text(node, "note", number),
            norms=norms,
            claims=claims,
            line=line,
            lines=node.key_lines,
        )

    def items(self, node: LineDict, key: str, para: int) -> list[LineDict]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            raise self.fail(f"{key!r} must be a list (each item starting with '- ')", node.line_of(key), para)
        return [self.mapping(item, line, f"an item of {key!r}", para) for item, line in zip(value, value.item_lines)]

    def provisions(self, node: LineDict, key: str, para: int) -> tuple[ProvisionRef, ...]:
        """``restates:`` / ``parallels:``: a list of {instrument: id, provision: citation}."""
        refs = []
        for item in self.items(node, key, para):
            self.keys(item, {"instrument", "provision"}, f"an item of {key!r}", para)
            instrument = self.ids(item, "instrument", para)
            citation = self.text(item, "provision", para, required=True) or ""
            if len(instrument) != 1:
                raise self.fail(f"an item of {key!r} needs one 'instrument' id", item.line, para)
            eid = citation_to_eid(citation)
            if eid is None:
                raise self.fail(f"{key}: {citation!r} is not a citation (like Article 10(3))", item.line_of("provision"), para)
            refs.append(ProvisionRef(instrument[0], citation, eid, item.line))
        return tuple(refs)

    def relations(self, node: LineDict, para: int) -> dict[str, tuple[ProvisionRef, ...]]:
        """Both lists; a provision is restated or paralleled, never both (ng:parallels says so)."""
        read = {key: self.provisions(node, key, para) for key in RELATIONS}
        restated = {(ref.instrument, ref.eid) for ref in read["restates"]}
        for ref in read["parallels"]:
            if (ref.instrument, ref.eid) in restated:
                raise self.fail(f"{ref.instrument} {ref.citation} is both restated and paralleled: pick one",
                                ref.line, para)
        return read

    def statement_common(self, node: LineDict, para: int) -> dict[str, Any]:
        occurrence = node.get("occurrence", 1)
        if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
            raise self.fail("'occurrence' must be a whole number from 1", node.line_of("occurrence"), para)
        ident = node.get("id")
        if ident is not None:
            self.ids(node, "id", para)
        quote = self.text(node, "quote", para, required=True) or ""
        if quote != quote.strip():
            raise self.fail("'quote' must not start or end with white space", node.line_of("quote"), para)
        return {
            "id": None if ident is None else str(ident),
            "quote": quote,
            "occurrence": occurrence,
            "instrument": self.ids(node, "instrument", para),
            "topics": self.ids(node, "topics", para),
            "note": self.text(node, "note", para),
            "machine_proposed": self.boolean(node, "machine_proposed", para),
            "confidence": self.decimal(node, "confidence", para, between=(Decimal(0), Decimal(1))),
            **self.relations(node, para),
            "line": node.line,
            "lines": node.key_lines,
        }

    def norm(self, node: LineDict, para: int) -> NormRecord:
        self.keys(node, {"id", "type", "quote", "occurrence", "cue", "bearer", "holder", "beneficiary", "action",
                         "condition", "scope", "hedge", "inferred", "negated", "roles", "instrument", "topics",
                         "machine_proposed", "confidence", "note", *RELATIONS}, "a norm", para)  # fmt: skip
        roles = self.texts(node, "roles", para)
        for role in roles:
            if role not in ROLES:
                raise self.fail(f"roles: {role!r} is not one of {', '.join(ROLES)}", node.line_of("roles"), para)
        return NormRecord(
            type=self.choice(node, "type", NORM_TYPES, None, para),
            cue=self.text(node, "cue", para),
            bearer=self.ids(node, "bearer", para),
            holder=self.ids(node, "holder", para),
            beneficiary=self.ids(node, "beneficiary", para),
            action=self.text(node, "action", para),
            condition=self.text(node, "condition", para),
            scope=self.words(node, "scope", para),
            hedge=self.words(node, "hedge", para),
            inferred=self.inferred(node, para),
            negated=self.boolean(node, "negated", para),
            roles=roles,
            **self.statement_common(node, para),
        )

    def words(self, node: LineDict, key: str, para: int) -> str | None:
        """Words quoted from the paragraph (checked against its text when the corpus loads)."""
        value = self.text(node, key, para)
        if value is not None and (not value.strip() or value != value.strip()):
            raise self.fail(f"{key!r} must be the text's words, without white space around them", node.line_of(key), para)
        return value

    def inferred(self, node: LineDict, para: int) -> tuple[tuple[str, str], ...]:
        """``inferred: {bearer: why, …}``: the slots whose actor the text does not name."""
        if node.get("inferred") is None:
            return ()
        value = self.mapping(node["inferred"], node.line_of("inferred"),
                             "'inferred' (bearer/holder/beneficiary: why the annotator chose that actor)", para)
        out = []
        for slot in value:
            if slot not in PARTIES:
                raise self.fail(f"inferred: {slot!r} is not one of {', '.join(PARTIES)}", value.line_of(slot), para)
            if not node.get(slot):
                raise self.fail(f"inferred: {slot!r} names no actor: the norm has no {slot}", value.line_of(slot), para)
            why = self.text(value, slot, para)
            if why is None or not why.strip():
                raise self.fail(f"inferred: {slot!r} needs a reason (why the annotator chose that actor)",
                                value.line_of(slot), para)
            out.append((slot, why))
        return tuple(out)

    def claim(self, node: LineDict, para: int) -> ClaimRecord:
        self.keys(node, {"id", "type", "quote", "occurrence", "value", "unit", "source", "instrument", "about",
                         "items", "date", "topics", "machine_proposed", "confidence", "qualifier", "note",
                         *RELATIONS}, "a claim", para)  # fmt: skip
        return ClaimRecord(
            type=self.choice(node, "type", CLAIM_TYPES, "statement", para),
            value=self.decimal(node, "value", para),
            qualifier=self.text(node, "qualifier", para),
            unit=self.text(node, "unit", para),
            source=self.ids(node, "source", para),
            about=self.ids(node, "about", para),
            items=self.texts(node, "items", para),
            date=self.date(node, "date", para),
            **self.statement_common(node, para),
        )
