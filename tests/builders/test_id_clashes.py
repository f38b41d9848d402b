"""Norm and claim ids are unique per unit, automatic ids included (issue #13, finding 2).

A statement's IRI is ``{unit IRI}/{id}``; two records with one id would silently become one
resource (two quotes, two selectors' spans on one IRI). Explicit ids that clash are refused with
one line naming the file, both lines, the paragraph and the id; automatic ids (``{type}-{k}``)
step over ids the file already takes, so every record keeps its own IRI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from normgraph import build_graph
from normgraph.errors import AnnotationError
from normgraph.ontology import NG, NGR_IRI

DOC = "clash-doc"
UNIT = f"{NGR_IRI}doc/{DOC}/p1"
SENTENCES = 12
TEXT = (
    "A document for id clashes\n\n"
    + "1. "
    + " ".join(f"Sentence {i} says something." for i in range(SENTENCES))
    + "\n\n2. Sentence A says something else. Sentence B says it too.\n"
)
PREFIXES = f"PREFIX ng: <{NG.Norm.value[:-4]}>\n"


@dataclass(frozen=True)
class Rec:
    kind: str  # "norm" or "claim"
    type: str
    id: str | None = None


def annotation_yaml(paragraphs: dict[int, list[Rec]]) -> tuple[str, dict[tuple[int, int], int]]:
    """The file's text and the line on which each record (paragraph, index) starts (its id line)."""
    lines = ["document:", "  title: Id clash test", "paragraphs:"]
    where: dict[tuple[int, int], int] = {}
    for number, records in paragraphs.items():
        lines.append(f"  {number}:")
        for kind in ("norm", "claim"):
            chosen = [(i, r) for i, r in enumerate(records) if r.kind == kind]
            if not chosen:
                continue
            lines.append(f"    {kind}s:")
            for i, record in chosen:
                quote = f"Sentence {i} says something." if number == 1 else "Sentence A says something else."
                keys = ([f"id: {record.id}"] if record.id is not None else []) + [
                    f"type: {record.type}",
                    f'quote: "{quote}"',
                ]
                where[(number, i)] = len(lines) + 1
                lines.append(f"      - {keys[0]}")
                lines.extend(f"        {key}" for key in keys[1:])
    return "\n".join(lines) + "\n", where


def write_corpus(root: Path, paragraphs: dict[int, list[Rec]]) -> tuple[Path, Path, dict[tuple[int, int], int]]:
    folder = root / "corpus" / DOC
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text(TEXT, encoding="utf-8")
    text, where = annotation_yaml(paragraphs)
    path = folder / "annotations.yaml"
    path.write_text(text, encoding="utf-8")
    return root / "corpus", path, where


def count(graph, cls: str) -> int:  # type: ignore[no-untyped-def]
    rows = graph.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ng:{cls} }}")
    return int(next(iter(rows))["n"].value)


def statements(graph, unit: str = UNIT) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Each statement IRI asserted in the unit → how many quotes it carries."""
    rows = graph.query(PREFIXES + f"""SELECT ?s (COUNT(?q) AS ?n) WHERE {{
        ?s ng:assertedIn <{unit}> ; ng:quote ?q }} GROUP BY ?s""")
    return {row["s"].value: int(row["n"].value) for row in rows}


def selector_spans(graph) -> int:  # type: ignore[no-untyped-def]
    """The largest number of start offsets any one selector has (1 unless statements merged)."""
    rows = graph.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT (MAX(?n) AS ?m) WHERE { { SELECT ?sel (COUNT(?o) AS ?n) WHERE { ?sel oa:start ?o } GROUP BY ?sel } }""")
    return int(next(iter(rows))["m"].value)


def cli_build(corpus: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NORMGRAPH_CACHE_DIR": str(out.parent / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "normgraph", "build", "--corpus", str(corpus), "--out", str(out)],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def class_count(stdout: str, cls: str) -> int:
    for line in stdout.splitlines():
        parts = line.split()
        if parts[:1] == [f"ng:{cls}"]:
            return int(parts[1])
    return 0


# --- automatic ids step over explicit ones ------------------------------------------------------


def test_explicit_automatic_looking_id_and_two_automatic_ones_are_three_norms(tmp_path):
    records = [Rec("norm", "obligation"), Rec("norm", "obligation"), Rec("norm", "obligation", "obligation-2")]
    corpus, _, _ = write_corpus(tmp_path, {1: records})
    graph = build_graph(corpus)
    assert count(graph, "Norm") == 3
    assert count(graph, "Obligation") == 3
    # the second automatic one would have been obligation-2: it moves on to obligation-3
    assert statements(graph) == {f"{UNIT}/obligation-1": 1, f"{UNIT}/obligation-3": 1, f"{UNIT}/obligation-2": 1}
    assert selector_spans(graph) == 1

    result = cli_build(corpus, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert class_count(result.stdout, "Norm") == 3
    assert "Traceback" not in result.stderr


def test_explicit_id_first_pushes_both_automatic_ids_on(tmp_path):
    records = [Rec("norm", "obligation", "obligation-2"), Rec("norm", "obligation"), Rec("norm", "obligation")]
    corpus, _, _ = write_corpus(tmp_path, {1: records})
    graph = build_graph(corpus)
    assert count(graph, "Norm") == 3
    assert statements(graph) == {f"{UNIT}/obligation-2": 1, f"{UNIT}/obligation-3": 1, f"{UNIT}/obligation-4": 1}


def test_automatic_ids_are_the_same_on_every_build(tmp_path):
    records = [Rec("norm", "obligation"), Rec("claim", "statement", "obligation-1"), Rec("norm", "obligation"),
               Rec("claim", "statement"), Rec("norm", "right", "statement-1")]  # fmt: skip
    corpus, _, _ = write_corpus(tmp_path, {1: records})
    first, second = build_graph(corpus), build_graph(corpus)
    assert statements(first) == statements(second) == {
        f"{UNIT}/obligation-2": 1,  # obligation-1 is the claim's
        f"{UNIT}/obligation-3": 1,
        f"{UNIT}/obligation-1": 1,
        f"{UNIT}/statement-2": 1,  # statement-1 is the right's
        f"{UNIT}/statement-1": 1,
    }
    assert count(first, "Norm") == 3 and count(first, "Claim") == 2
    dump = [sorted(str(q) for q in g.store) for g in (first, second)]
    assert dump[0] == dump[1]


def test_an_automatic_claim_id_steps_over_an_explicit_norm_id(tmp_path):
    records = [Rec("norm", "right", "figure-1"), Rec("claim", "figure")]
    corpus, _, _ = write_corpus(tmp_path, {1: records})
    graph = build_graph(corpus)
    assert count(graph, "Norm") == 1 and count(graph, "Claim") == 1
    assert statements(graph) == {f"{UNIT}/figure-1": 1, f"{UNIT}/figure-2": 1}


def test_the_same_id_in_two_paragraphs_is_two_statements(tmp_path):
    corpus, _, _ = write_corpus(tmp_path, {1: [Rec("norm", "obligation", "protect")],
                                           2: [Rec("claim", "statement", "protect")]})  # fmt: skip
    graph = build_graph(corpus)
    assert count(graph, "Norm") == 1 and count(graph, "Claim") == 1
    assert statements(graph) == {f"{UNIT}/protect": 1}
    assert statements(graph, f"{NGR_IRI}doc/{DOC}/p2") == {f"{NGR_IRI}doc/{DOC}/p2/protect": 1}


# --- explicit ids that clash are an error -------------------------------------------------------


CLASHES = [
    pytest.param([Rec("norm", "obligation", "protect"), Rec("claim", "statement", "protect")],
                 "claim id 'protect' is used twice in this paragraph: by the norm on line {0} and the claim on line {1}",
                 id="norm-and-claim"),
    pytest.param([Rec("norm", "obligation", "protect"), Rec("norm", "right", "protect")],
                 "norm id 'protect' is used twice in this paragraph: by the norm on line {0} and the norm on line {1}",
                 id="two-norms"),
    pytest.param([Rec("claim", "figure", "share"), Rec("claim", "statement", "share")],
                 "claim id 'share' is used twice in this paragraph: by the claim on line {0} and the claim on line {1}",
                 id="two-claims"),
    pytest.param([Rec("norm", "obligation"), Rec("norm", "obligation", "obligation-2"),
                  Rec("claim", "statement", "obligation-2")],
                 "claim id 'obligation-2' is used twice in this paragraph: by the norm on line {0} and the claim on line {1}",
                 id="automatic-looking"),
]  # fmt: skip


@pytest.mark.parametrize(("records", "message"), CLASHES)
def test_explicit_ids_that_clash_name_file_both_lines_paragraph_and_id(tmp_path, records, message):
    corpus, path, where = write_corpus(tmp_path, {1: records})
    clashing = sorted(line for (_, i), line in where.items() if records[i].id is not None
                      and sum(r.id == records[i].id for r in records) > 1)  # fmt: skip
    assert len(clashing) == 2
    expected = f"{path}:{clashing[1]}: paragraph 1: " + message.format(*clashing)

    with pytest.raises(AnnotationError) as info:
        build_graph(corpus)
    assert str(info.value) == expected

    result = cli_build(corpus, tmp_path / "out")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"normgraph: error: {expected}\n"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "normgraph.ttl").exists()


def test_a_clash_in_an_eid_keyed_unit_names_the_unit(tmp_path):
    folder = tmp_path / "corpus" / "treaty"
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text(
        "A treaty\n\nArticle 1\n\n1. States shall act. States shall report.\n\n"
        "2. States may ask.\n\nArticle 2\n\nThis article says nothing.\n",
        encoding="utf-8",
    )
    (folder / "annotations.yaml").write_text(
        "document:\n  title: A treaty\nparagraphs:\n  art_1__para_1:\n    norms:\n"
        "      - id: act\n        type: obligation\n        quote: States shall act.\n"
        "    claims:\n      - id: act\n        quote: States shall report.\n",
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError) as info:
        build_graph(tmp_path / "corpus")
    assert str(info.value) == (
        f"{folder / 'annotations.yaml'}:10: unit art_1__para_1: claim id 'act' is used twice in this "
        "paragraph: by the norm on line 6 and the claim on line 10"
    )


# --- property: never a silent merge -------------------------------------------------------------

NORM_TYPES = ("obligation", "recommendation", "right")
CLAIM_TYPES = ("statement", "figure")
# explicit ids drawn from a small pool, most of them spelt like automatic ones, so clashes of
# every kind (explicit/explicit, explicit/automatic, norm/claim) come up often
ID_POOL = ("obligation-1", "obligation-2", "obligation-3", "right-1", "statement-1", "statement-2", "figure-1", "x")


def _stepped(records: list[Rec]) -> bool:
    """Whether some automatic id's plain ``{type}-{k}`` is taken by an explicit id."""
    explicit = {r.id for r in records if r.id is not None}
    return any(r.id is None and f"{r.type}-{sum(q.type == r.type for q in records[: i + 1])}" in explicit
               for i, r in enumerate(records))  # fmt: skip


@st.composite
def records_strategy(draw) -> list[Rec]:  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, SENTENCES))
    out = []
    for _ in range(n):
        kind = draw(st.sampled_from(("norm", "claim")))
        type_ = draw(st.sampled_from(NORM_TYPES if kind == "norm" else CLAIM_TYPES))
        ident = draw(st.one_of(st.none(), st.sampled_from(ID_POOL)))
        out.append(Rec(kind, type_, ident))
    return out


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_strategy())
def test_either_a_clash_error_or_one_iri_per_record(records):
    with tempfile.TemporaryDirectory() as tmp:
        corpus, path, where = write_corpus(Path(tmp), {1: records})
        explicit = [r.id for r in records if r.id is not None]
        duplicated = {i for i in explicit if explicit.count(i) > 1}
        try:
            graph = build_graph(corpus, with_ontology=False)
        except AnnotationError as exc:
            message = str(exc)
            event("clash refused")
            assert duplicated, message
            assert message.startswith(f"{path}:") and "paragraph 1: " in message
            assert "is used twice in this paragraph" in message and "\n" not in message
            # the clash reported is the first in file order: its id and both its lines
            by_line = sorted((where[(1, i)], r.id) for i, r in enumerate(records) if r.id in duplicated)
            seen: dict[str, int] = {}
            for line, ident in by_line:
                if ident in seen:
                    assert f" id {ident!r} " in message
                    assert f"on line {seen[ident]} and the" in message and message.endswith(f"on line {line}")
                    assert message.startswith(f"{path}:{line}: ")
                    break
                seen[ident] = line
            return
        assert not duplicated
        event("built, automatic ids stepped over explicit ones" if _stepped(records) else "built")
        found = statements(graph)
        assert len(found) == len(records)
        assert all(n == 1 for n in found.values())  # one quote each: nothing merged
        assert count(graph, "Norm") == sum(r.kind == "norm" for r in records)
        assert count(graph, "Claim") == sum(r.kind == "claim" for r in records)
        for record in records:  # explicit ids are kept as written
            if record.id is not None:
                assert f"{UNIT}/{record.id}" in found
