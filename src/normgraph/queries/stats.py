"""``normgraph stats``: counts by class and paragraph coverage, from two named queries."""

from __future__ import annotations

from dataclasses import dataclass

from .._help import Brief
from ..graph.store import KnowledgeGraph
from ._catalog import load_query

NG = "https://w3id.org/normgraph/ontology#"


@dataclass(frozen=True)
class Coverage:
    document: str
    title: str
    paragraphs: int
    reviewed: int
    with_norms: int
    with_claims: int
    with_mentions: int


@dataclass(frozen=True)
class Stats(metaclass=Brief):
    triples: int
    graphs: int
    classes: dict[str, int]
    coverage: tuple[Coverage, ...]

    def text(self) -> str:
        lines = [f"{self.triples} quads in {self.graphs} named graphs", "", "Resources by class:"]
        width = max((len(name) for name in self.classes), default=0)
        lines += [f"  ng:{name:<{width}}  {count:>6}" for name, count in self.classes.items()]
        lines += ["", "Paragraph coverage:"]
        for c in self.coverage:
            lines.append(f"  {c.document}: {c.paragraphs} paragraphs")
            for label, n in (("reviewed", c.reviewed), ("with a norm", c.with_norms),
                             ("with a claim", c.with_claims), ("with a mention", c.with_mentions)):  # fmt: skip
                share = 100 * n / c.paragraphs if c.paragraphs else 0
                lines.append(f"    {label:<15} {n:>4}  ({share:.0f}%)")
        return "\n".join(lines)


def compute_stats(graph: KnowledgeGraph) -> Stats:
    classes = {
        row["class"].value[len(NG):]: int(row["count"].value)
        for row in graph.query(load_query("counts-by-class").sparql)  # type: ignore[attr-defined]
    }
    coverage = tuple(
        Coverage(
            document=row["document"].value.rsplit("/", 1)[-1],
            title=row["title"].value if row["title"] else "",
            paragraphs=int(row["paragraphs"].value),
            reviewed=int(row["reviewedParagraphs"].value),
            with_norms=int(row["withNorms"].value),
            with_claims=int(row["withClaims"].value),
            with_mentions=int(row["withMentions"].value),
        )
        for row in graph.query(load_query("paragraph-coverage").sparql)  # type: ignore[attr-defined]
    )
    return Stats(len(graph), len(graph.graphs()), classes, coverage)
