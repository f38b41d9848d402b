"""Drafted annotations against curated ones: precision, recall and F1 of norm detection
(paragraph + type), slot accuracy on the matched norms, and mentions per paragraph.

Ids differ between a draft and a curated file, so drafted ids are mapped to curated ones by
their names: an actor or instrument maps to the curated entry that shares a normalised name
(label, title or alternative label: lower case, punctuation and a leading article dropped, last
word singular), preferring a shared label; an entry whose names match nothing maps by equal id,
else to nothing (and counts as wrong). How norms are paired is in :func:`evaluate_documents`;
the whole procedure is described in ``docs/extraction.md``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from ._lexicon import REFERENCE, normalise_name
from ..builders.annotations import ROLES, NORM_TYPES, Annotations, NormRecord, read_annotations
from ..builders.corpus import ANNOTATION_FILE, TEXT_FILE, CorpusDocument, annotated_units, load_corpus, load_document
from ..builders.document import DocumentText, Paragraph, Unit

CONFIDENCE_BANDS = ((0.8, 1.01), (0.6, 0.8), (0.0, 0.6))


@dataclass
class PRF:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: int, pred: int, tp: int) -> None:
        self.gold += gold
        self.pred += pred
        self.tp += tp

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "pred": self.pred, "tp": self.tp, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


@dataclass
class Accuracy:
    n: int = 0
    correct: float = 0.0

    @property
    def value(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "correct": round(self.correct, 4), "accuracy": round(self.value, 4)}


SLOTS = ("bearer", "holder", "negated", "roles", "instrument", "beneficiary", "condition", "action", "bearer_basis")
SLOT_LABELS = {
    "bearer": "bearer (obligations, recommendations)",
    "holder": "holder (rights)",
    "negated": "negated",
    "roles": "state roles",
    "instrument": "instrument",
    "beneficiary": "beneficiary",
    "condition": "condition (present/absent, words overlap)",
    "action": "action (mean word F1)",
    "bearer_basis": "bearer stated/inferred (right bearers)",
}


@dataclass
class Report:
    gold: str
    pred: str
    documents: list[str] = field(default_factory=list)
    paragraphs: int = 0
    norms: dict[str, PRF] = field(default_factory=dict)
    norms_overlap: PRF = field(default_factory=PRF)
    slots: dict[str, Accuracy] = field(default_factory=lambda: {s: Accuracy() for s in SLOTS})
    mentions: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in ("instruments", "actors", "roles")})
    confidence: list[dict[str, Any]] = field(default_factory=list)
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "documents": self.documents,
            "paragraphs": self.paragraphs,
            "norms": {k: v.as_dict() for k, v in self.norms.items()},
            "norms_quote_overlap": self.norms_overlap.as_dict(),
            "slots": {k: v.as_dict() for k, v in self.slots.items()},
            "mentions": {k: v.as_dict() for k, v in self.mentions.items()},
            "confidence": self.confidence,
            "mistakes": self.mistakes,
        }

    def json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def text(self) -> str:
        lines = [
            f"gold: {self.gold}",
            f"pred: {self.pred}",
            f"{len(self.documents)} document(s), {self.paragraphs} paragraphs",
            "",
            f"{'norm detection (paragraph + type)':<44}{'gold':>6}{'pred':>6}{'tp':>6}{'prec':>8}{'recall':>8}{'F1':>8}",
        ]
        for name, prf in [*self.norms.items(), ("all norms, quotes overlapping", self.norms_overlap)]:
            lines.append(f"  {name:<42}{prf.gold:>6}{prf.pred:>6}{prf.tp:>6}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        lines += ["", f"{'slots of matched norms':<44}{'n':>6}{'right':>8}{'accuracy':>10}"]
        for name, acc in self.slots.items():
            lines.append(f"  {SLOT_LABELS[name]:<42}{acc.n:>6}{acc.correct:>8.1f}{acc.value:>10.3f}")
        lines += ["", f"{'mentions per paragraph':<44}{'gold':>6}{'pred':>6}{'tp':>6}{'prec':>8}{'recall':>8}{'F1':>8}"]
        for name, prf in self.mentions.items():
            lines.append(f"  {name:<42}{prf.gold:>6}{prf.pred:>6}{prf.tp:>6}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        if self.confidence:
            lines += ["", f"{'drafted norms by confidence':<44}{'drafted':>8}{'matched':>8}{'precision':>10}"]
            for band in self.confidence:
                lines.append(f"  {band['band']:<42}{band['drafted']:>8}{band['matched']:>8}{band['precision']:>10.3f}")
        return "\n".join(lines) + "\n"


# --- loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    documents: dict[str, CorpusDocument]
    instruments: Mapping[str, Any]
    actors: Mapping[str, Any]


def _load_side(folder: Path) -> _Side:
    folder = Path(folder)
    if (folder / TEXT_FILE).is_file():
        document = load_document(folder)
        instruments: dict[str, Any] = {}
        actors: dict[str, Any] = {}
        for annotations in _with_siblings(folder, document.annotations):
            for key, value in annotations.instruments.items():
                instruments.setdefault(key, value)
            for key, value in annotations.actors.items():
                actors.setdefault(key, value)
        return _Side({document.id: document}, instruments, actors)
    corpus = load_corpus(folder)
    return _Side({d.id: d for d in corpus.documents}, corpus.instruments, corpus.actors)


def _with_siblings(folder: Path, own: Annotations) -> Iterable[Annotations]:
    """A document's own registries first, then those of the corpus it sits in (ids may be
    defined by another document of the corpus)."""
    yield own
    parent = folder.resolve().parent
    for sibling in sorted(parent.iterdir()):
        if sibling.name == folder.name or not (sibling / ANNOTATION_FILE).is_file():
            continue
        try:
            yield read_annotations(sibling / ANNOTATION_FILE)
        except Exception:  # noqa: BLE001 - a broken neighbour must not stop an evaluation
            continue


# --- mapping ids by names --------------------------------------------------------------------------


def _names(record: Any) -> set[str]:
    names = {record.label, *record.alt_labels}
    title = getattr(record, "title", None)
    if title:
        names.add(title)
    return {normalise_name(n) for n in names if n and not REFERENCE.match(n.strip())}


def map_ids(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, str]:
    """Each drafted id → the curated id it names (see the module docstring)."""
    gold_names = {ident: _names(record) for ident, record in gold.items()}
    gold_labels = {ident: normalise_name(record.label) for ident, record in gold.items()}
    out: dict[str, str] = {}
    for ident, record in pred.items():
        names = _names(record)
        label = normalise_name(record.label)
        best: tuple[int, str] | None = None
        for gid, gnames in gold_names.items():
            shared = names & gnames
            if not shared:
                continue
            score = 8 * (label == gold_labels[gid]) + 4 * (label in gnames) + 2 * (gold_labels[gid] in names) + len(shared)
            if best is None or score > best[0] or (score == best[0] and gid < best[1]):
                best = (score, gid)
        if best is not None:
            out[ident] = best[1]
        elif ident in gold:
            out[ident] = ident
    return out


# --- evaluation ------------------------------------------------------------------------------------


def evaluate(gold: str | Path, pred: str | Path) -> Report:
    """Evaluate a drafted document (or corpus) folder against a curated one."""
    gold_side, pred_side = _load_side(Path(gold)), _load_side(Path(pred))
    pairs = [(i, gold_side.documents[i], pred_side.documents[i]) for i in sorted(gold_side.documents) if i in pred_side.documents]
    if not pairs and len(gold_side.documents) == 1 and len(pred_side.documents) == 1:
        (gid, gdoc), (_, pdoc) = next(iter(gold_side.documents.items())), next(iter(pred_side.documents.items()))
        pairs = [(gid, gdoc, pdoc)]
    if not pairs:
        raise CorpusError("no document of the drafts has a curated counterpart with the same id", path=pred)
    report = Report(gold=str(gold), pred=str(pred))
    report.norms = {t: PRF() for t in NORM_TYPES}
    report.norms["all norms"] = PRF()
    actor_map = map_ids(pred_side.actors, gold_side.actors)
    instrument_map = map_ids(pred_side.instruments, gold_side.instruments)
    bands = [[0, 0] for _ in CONFIDENCE_BANDS]
    for doc_id, gdoc, pdoc in pairs:
        if gdoc.text.text != pdoc.text.text:
            raise CorpusError(f"document {doc_id!r}: the drafted text differs from the curated one", path=pdoc.folder)
        report.documents.append(doc_id)
        bases = any(n.inferred for p in gdoc.annotations.paragraphs.values() for n in p.norms)
        mapper = _Mapper(actor_map, instrument_map, gold_side, pred_side, bases)
        gold_units, pred_units = _by_unit(gdoc), _by_unit(pdoc)
        for unit in _evaluated_units(gdoc, gold_units):
            g_norms, g_mentions = gold_units.get(unit.eid, ((), ()))
            p_norms, p_mentions = pred_units.get(unit.eid, ((), ()))
            _paragraph(report, unit, g_norms, p_norms, mapper, bands, doc_id)
            _mentions(report, g_mentions, p_mentions, mapper)
    for (low, high), (drafted, matched) in zip(CONFIDENCE_BANDS, bands):
        report.confidence.append({"band": f"{low:.2f}-{min(high, 1.0):.2f}", "drafted": drafted, "matched": matched,
                                  "precision": round(matched / drafted, 4) if drafted else 0.0})  # fmt: skip
    return report


@dataclass
class _Mapper:
    actors: Mapping[str, str]
    instruments: Mapping[str, str]
    gold: _Side
    pred: _Side
    bases: bool = False  # the curated document says which bearers are inferred (not every gold does)

    def actor_set(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.actors.get(i, f"unmapped:{i}") for i in ids)

    def instrument_set(self, ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.instruments.get(i, f"unmapped:{i}") for i in ids)


def _eval_unit(text: DocumentText, unit: Unit) -> Unit:
    """The unit norms are compared in: the article a paragraph or point belongs to (so a curated
    file keyed by article numbers and a draft keyed by ``art_6__para_3`` meet), else the annotated
    unit itself."""
    for candidate in (unit, *text.ancestors(unit)):
        if candidate.kind == "article":
            return candidate
    return text.block_of(unit)


def _by_unit(document: CorpusDocument) -> dict[str, tuple[list[tuple[Unit, NormRecord]], list[str]]]:
    """Each evaluation unit's norms (with the unit that quotes them) and mentions."""
    out: dict[str, tuple[list[tuple[Unit, NormRecord]], list[str]]] = {}
    for unit, para in annotated_units(document):
        norms, mentions = out.setdefault(_eval_unit(document.text, unit).eid, ([], []))
        norms.extend((unit, record) for record in para.norms)
        mentions.extend(m for m in para.mentions if m not in mentions)
    return out


def _evaluated_units(document: CorpusDocument, gold: Mapping[str, Any]) -> list[Unit]:
    """The evaluation units the curated file covers: every one up to the last it annotates (a
    curated file may stop at the end of a chapter; what follows is not judged), the preamble
    only when the curated file annotates it."""
    units: list[Unit] = []
    for block in document.text.paragraphs:
        unit = _eval_unit(document.text, block)
        if not units or units[-1].eid != unit.eid:
            units.append(unit)
    covered = [i for i, unit in enumerate(units) if unit.eid in gold]
    units = units[: covered[-1] + 1] if covered else units
    # curated files written before preambles were units never annotate one: not judged there
    return [u for u in units if u.kind != "preamble" or u.eid in gold]


def _span(paragraph: Paragraph, record: tuple[Unit, NormRecord]) -> tuple[int, int]:
    """Where a norm's quote stands in the file (so quotes from different units compare)."""
    unit, norm = record
    found = unit.find(norm.quote, norm.occurrence)
    return unit.source_span(*found) if found else (0, 0)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _paragraph(report: Report, paragraph: Unit, gold: Sequence[tuple[Unit, NormRecord]], pred: Sequence[tuple[Unit, NormRecord]],
               mapper: _Mapper, bands: list[list[int]], doc_id: str) -> None:  # fmt: skip
    """Norms are matched by unit and type. Pairs are formed greedily by the overlap of their
    quotes in the file (the largest first); then, among the norms left, a curated and a drafted
    norm of the same type quoted in the same annotated unit (paragraph) pair in text order, as
    the paragraph + type measure has always counted them. Pairs are the true positives."""
    report.paragraphs += 1
    matched_pred: set[int] = set()
    for kind in NORM_TYPES:
        gs = [r for r in gold if r[1].type == kind]
        ps = [(i, r) for i, r in enumerate(pred) if r[1].type == kind]
        g_spans = [_span(paragraph, g) for g in gs]
        p_spans = [_span(paragraph, p) for _, p in ps]
        candidates = sorted(
            ((_overlap(g_spans[gi], p_spans[pi]), gi, pi) for gi in range(len(gs)) for pi in range(len(ps))),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        pairs: list[tuple[int, int, float]] = []
        for score, gi, pi in candidates:
            if score <= 0:
                break
            if gi in used_g or pi in used_p:
                continue
            pairs.append((gi, pi, score))
            used_g.add(gi)
            used_p.add(pi)
        for gi, g in enumerate(gs):  # same annotated unit, no overlap: paired in text order
            if gi in used_g:
                continue
            for pi, (_, p) in enumerate(ps):
                if pi not in used_p and p[0].eid == g[0].eid:
                    pairs.append((gi, pi, 0.0))
                    used_g.add(gi)
                    used_p.add(pi)
                    break
        tp = len(pairs)
        report.norms[kind].add(len(gs), len(ps), tp)
        report.norms["all norms"].add(len(gs), len(ps), tp)
        overlapping = sum(1 for _, _, s in pairs if s > 0)
        report.norms_overlap.add(len(gs), len(ps), overlapping)
        for gi, pi, _ in pairs:
            matched_pred.add(ps[pi][0])
            _slots(report, gs[gi][1], ps[pi][1][1], mapper)
        for gi, g in enumerate(gs):
            if gi not in used_g:
                report.mistakes.append({"document": doc_id, "paragraph": g[0].key, "kind": "missed", "type": kind, "quote": g[1].quote})
        for pi, (_, p) in enumerate(ps):
            if pi not in used_p:
                report.mistakes.append({"document": doc_id, "paragraph": p[0].key, "kind": "spurious", "type": kind, "quote": p[1].quote})
    for i, (_, record) in enumerate(pred):
        confidence = float(record.confidence) if record.confidence is not None else 0.0
        for band, (low, high) in enumerate(CONFIDENCE_BANDS):
            if low <= confidence < high:
                bands[band][0] += 1
                bands[band][1] += i in matched_pred
                break


def _words(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def _word_f1(a: str | None, b: str | None) -> float:
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0
    common = sum((wa & wb).values())
    if not common:
        return 0.0
    p, r = common / sum(wb.values()), common / sum(wa.values())
    return 2 * p * r / (p + r)


def _slots(report: Report, gold: NormRecord, pred: NormRecord, mapper: _Mapper) -> None:
    slots = report.slots
    if gold.type == "right":
        slots["holder"].n += 1
        slots["holder"].correct += mapper.actor_set(pred.holder) == frozenset(gold.holder)
    else:
        slots["bearer"].n += 1
        right = mapper.actor_set(pred.bearer) == frozenset(gold.bearer)
        slots["bearer"].correct += right
        if right and gold.bearer and mapper.bases:  # the same bearer: does the draft say it is named?
            slots["bearer_basis"].n += 1
            slots["bearer_basis"].correct += (pred.inferred_why("bearer") is None) == (gold.inferred_why("bearer") is None)
        slots["beneficiary"].n += 1
        slots["beneficiary"].correct += mapper.actor_set(pred.beneficiary) == frozenset(gold.beneficiary)
    for name, same in (
        ("negated", pred.negated == gold.negated),
        ("roles", frozenset(pred.roles) == frozenset(gold.roles)),
        ("instrument", mapper.instrument_set(pred.instrument) == frozenset(gold.instrument)),
        ("condition", (gold.condition is None) == (pred.condition is None)
         and (gold.condition is None or _word_f1(gold.condition, pred.condition) >= 0.5)),
    ):  # fmt: skip
        slots[name].n += 1
        slots[name].correct += bool(same)
    slots["action"].n += 1
    slots["action"].correct += _word_f1(gold.action, pred.action)


def _mentions(report: Report, gold: Sequence[str], pred: Sequence[str], mapper: _Mapper) -> None:
    kinds = (
        ("instruments", set(mapper.gold.instruments), set(mapper.pred.instruments), mapper.instrument_set),
        ("actors", set(mapper.gold.actors), set(mapper.pred.actors), mapper.actor_set),
        ("roles", set(ROLES), set(ROLES), frozenset),
    )
    for name, gold_pool, pred_pool, mapping in kinds:
        g = {m for m in gold if m in gold_pool}
        p = set(mapping(m for m in pred if m in pred_pool))
        report.mentions[name].add(len(g), len(p), len(g & p))


__all__ = ["PRF", "Accuracy", "Report", "evaluate", "map_ids"]
