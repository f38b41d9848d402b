"""`normgraph evaluate`: counts, pairing, id mapping by names, and the printed table and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from normgraph.builders.annotations import ActorRecord, InstrumentRecord
from normgraph.extract.evaluate import PRF, evaluate, map_ids
from normgraph.cli import main
from normgraph.errors import CorpusError

TEXT = "1. States must protect victims. Destination countries should not detain children.\n\n2. Victims have the right to return.\n"
GOLD = """document:
  title: Gold
actors:
  states: {label: States, type: StateGroup}
  destination-countries: {label: destination countries, type: StateGroup, roles: [destination]}
  victims-of-trafficking: {label: victims of trafficking, type: PersonGroup, alt_labels: [victims]}
  children: {label: children, type: PersonGroup}
paragraphs:
  1:
    mentions: [states, victims-of-trafficking, destination-countries, children, destination]
    norms:
      - {type: obligation, quote: "States must protect victims", bearer: states, beneficiary: victims-of-trafficking}
      - {type: recommendation, quote: "Destination countries should not detain children", bearer: destination-countries,
         negated: true, roles: [destination], beneficiary: children}
  2:
    mentions: [victims-of-trafficking]
    norms:
      - {type: right, quote: "Victims have the right to return", holder: victims-of-trafficking, action: return}
"""
PRED = """document:
  title: Draft
actors:
  countries: {label: States, type: StateGroup, alt_labels: [State]}
  host-states: {label: receiving countries, type: StateGroup, alt_labels: [destination countries]}
  victims: {label: victims, type: PersonGroup}
paragraphs:
  1:
    mentions: [countries, victims, host-states, destination]
    norms:
      - {type: obligation, quote: "States must protect victims", bearer: countries, beneficiary: victims, machine_proposed: true, confidence: 0.9}
      - {type: obligation, quote: "Destination countries should not detain children", bearer: host-states, roles: [destination],
         machine_proposed: true, confidence: 0.5}
  2:
    norms:
      - {type: right, quote: "Victims have the right to return", holder: victims, action: return, machine_proposed: true, confidence: 0.8}
"""


def _folder(root: Path, name: str, annotations: str) -> Path:
    folder = root / name / "doc"
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text(TEXT, encoding="utf-8")
    (folder / "annotations.yaml").write_text(annotations, encoding="utf-8")
    return folder


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return _folder(tmp_path, "gold", GOLD), _folder(tmp_path, "pred", PRED)


def test_norms_are_matched_by_paragraph_and_type(pair):  # type: ignore[no-untyped-def]
    report = evaluate(*pair)
    assert report.norms["obligation"].as_dict() | {} == {"gold": 1, "pred": 2, "tp": 1, "precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert (report.norms["recommendation"].gold, report.norms["recommendation"].tp) == (1, 0)
    assert (report.norms["right"].tp, report.norms["all norms"].tp) == (1, 2)
    assert [m["kind"] for m in report.mistakes] == ["spurious", "missed"]


def test_slots_compare_mapped_ids(pair):  # type: ignore[no-untyped-def]
    report = evaluate(*pair)
    assert report.slots["bearer"].as_dict() == {"n": 1, "correct": 1.0, "accuracy": 1.0}
    assert report.slots["beneficiary"].value == 1.0  # "victims" is an alt label of victims-of-trafficking
    assert report.slots["holder"].value == 1.0
    assert report.slots["action"].value == 1.0
    assert report.slots["bearer_basis"].n == 0  # this gold says nothing of which bearers are inferred


def test_mentions_per_paragraph(pair):  # type: ignore[no-untyped-def]
    report = evaluate(*pair)
    actors = report.mentions["actors"]
    assert (actors.gold, actors.pred, actors.tp) == (5, 3, 3)
    assert report.mentions["roles"].as_dict()["f1"] == 1.0


def test_confidence_bands(pair):  # type: ignore[no-untyped-def]
    bands = {b["band"]: (b["drafted"], b["matched"]) for b in evaluate(*pair).confidence}
    assert bands == {"0.80-1.00": (2, 2), "0.60-0.80": (0, 0), "0.00-0.60": (1, 0)}


def test_ids_map_by_label_then_alternative_labels():
    gold = {
        "states": ActorRecord("states", "States"),
        "all-states": ActorRecord("all-states", "all States", alt_labels=("all countries",)),
        "victims-of-trafficking": ActorRecord("victims-of-trafficking", "victims of trafficking", alt_labels=("victims",)),
    }
    pred = {
        "a": ActorRecord("a", "the States"),
        "b": ActorRecord("b", "all countries"),
        "c": ActorRecord("c", "victim"),
        "d": ActorRecord("d", "employers"),
        "states": ActorRecord("states", "nations"),
    }
    assert map_ids(pred, gold) == {"a": "states", "b": "all-states", "c": "victims-of-trafficking", "states": "states"}
    instruments = {"crc": InstrumentRecord("crc", "CRC", title="Convention on the Rights of the Child")}
    drafted = {"x": InstrumentRecord("x", "Convention on the Rights of the Child", alt_labels=("the Convention",))}
    assert map_ids(drafted, instruments) == {"x": "crc"}


def test_a_corpus_folder_pairs_documents_by_id(tmp_path: Path, pair):  # type: ignore[no-untyped-def]
    gold, pred = pair
    report = evaluate(gold.parent, pred.parent)
    assert report.documents == ["doc"]
    other = tmp_path / "other" / "elsewhere"
    shutil.copytree(pred, other)
    assert evaluate(gold, other).documents == ["doc"]  # two single documents are compared whatever their ids


def test_different_texts_are_refused(tmp_path: Path, pair):  # type: ignore[no-untyped-def]
    gold, pred = pair
    (pred / "text.txt").write_text(TEXT.replace("return", "leave"), encoding="utf-8")
    (pred / "annotations.yaml").write_text("document: {title: x}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="differs"):
        evaluate(gold, pred)


def test_prf_edge_cases():
    assert (PRF().precision, PRF().recall, PRF().f1) == (1.0, 1.0, 1.0)
    assert PRF(gold=3).f1 == 0.0


def test_the_command_prints_a_table_and_json(tmp_path: Path, pair):  # type: ignore[no-untyped-def]
    gold, pred = pair
    runner = CliRunner()
    out = tmp_path / "figures.json"
    result = runner.invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--json", str(out), "--mistakes"])
    assert result.exit_code == 0, result.output
    assert "norm detection (paragraph + type)" in result.output and "missed" in result.output
    figures = json.loads(out.read_text())
    assert figures["norms"]["all norms"]["tp"] == 2
    result = runner.invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--format", "json"])
    assert json.loads(result.output)["mentions"]["roles"]["f1"] == 1.0
    result = runner.invoke(main, ["evaluate", "--gold", str(gold), "--pred", str(tmp_path / "nowhere")])
    assert result.exit_code != 0


@pytest.mark.parametrize(("drafted", "correct"), [("", 0.0), (", inferred: {bearer: no subject}", 1.0)])
def test_the_bearers_basis_is_compared_where_the_gold_marks_it(pair, drafted, correct):  # type: ignore[no-untyped-def]
    gold, pred = pair
    for folder, extra in ((gold, ", inferred: {bearer: 'the curators say so'}"), (pred, drafted)):
        path = folder / "annotations.yaml"
        text = path.read_text(encoding="utf-8")
        old = 'quote: "States must protect victims", bearer: '
        head, _, tail = text.partition(old)
        ident, _, rest = tail.partition(",")
        path.write_text(head + old + ident + extra + "," + rest, encoding="utf-8")
    report = evaluate(gold, pred)
    assert report.slots["bearer_basis"].as_dict() == {"n": 1, "correct": correct, "accuracy": correct}
