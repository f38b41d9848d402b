"""The graph as a network a person can read, its views, its analytics and its GraphML/GEXF export.

:func:`project` turns the RDF graph into a :class:`networkx.MultiDiGraph`: one node per
instrument, norm, actor, state role, paragraph, concept, document and claim (keyed by IRI, with
``kind``, ``subtype``, ``label`` and scalar attributes such as ``quote`` or ``text``) and one edge
per relation between them (keyed and labelled by the relation's name: ``bearer``,
``assertedIn``, ``mentions``…). The views are plain functions of that graph:

* :func:`select` keeps some node kinds and/or some relations;
* :func:`ego` keeps what lies within ``depth`` steps of one node (edges taken either way);
* :func:`aggregate` shrinks a graph too big to draw: paragraphs collapse into their documents,
  then only the most connected nodes are kept; it says what it did.

:func:`analyse` reports degree and betweenness centrality of instruments and actors, connected
components, the actors bearing the most norms and the paragraphs asserting the most;
:func:`write_network` writes GraphML or GEXF with scalar attributes only.

networkx is imported inside the functions, so importing normgraph stays light. Nothing here
needs numpy or scipy: degree and betweenness centrality are pure Python in networkx.
"""

from __future__ import annotations

import io
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._help import Brief
from ..errors import NormgraphError
from .store import KnowledgeGraph

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

NG = "https://w3id.org/normgraph/ontology#"
NGR = "https://w3id.org/normgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

# Node kinds, in order of precedence: a resource typed both ng:StateRole and skos:Concept (the
# three roles are) is a StateRole.
KIND_CLASSES: dict[str, str] = {
    "Instrument": NG + "Instrument",
    "Norm": NG + "Norm",
    "Claim": NG + "Claim",
    "Actor": NG + "Actor",
    "StateRole": NG + "StateRole",
    "Paragraph": NG + "Unit",  # every unit of a document: paragraphs, articles, points, parts…
    "Document": NG + "Document",
    "Concept": SKOS + "Concept",
}
KINDS: tuple[str, ...] = ("Instrument", "Norm", "Actor", "StateRole", "Paragraph", "Concept", "Document", "Claim")
# The more specific classes a node may also have; the first found becomes its ``subtype``.
SUBTYPES: tuple[str, ...] = (
    "Convention", "Protocol", "Declaration", "Conference", "Programme", "GoalSet", "Observance",
    "Obligation", "Recommendation", "Right",
    "State", "StateGroup", "Organisation", "Office", "PersonGroup",
    "Figure", "DateStatement", "Definition", "Distinction", "Enumeration", "RoleStatement",
    "Article", "Paragraph", "Point", "Preamble", "Part", "Chapter", "Section", "Annex",
)  # fmt: skip

# Relations drawn as edges: name → predicate IRI. Edges point as the triple does.
RELATIONS: dict[str, str] = {
    "bearer": NG + "bearer",
    "holder": NG + "holder",
    "beneficiary": NG + "beneficiary",
    "appliesToRole": NG + "appliesToRole",
    "instrument": NG + "instrument",
    "assertedIn": NG + "assertedIn",
    "partOf": NG + "partOf",
    "within": NG + "within",
    "mentions": NG + "mentions",
    "topic": NG + "topic",
    "about": NG + "about",
    "source": NG + "source",
    "hasRole": NG + "hasRole",
    "partyTo": NG + "partyTo",
    "subgroupOf": NG + "subgroupOf",
    "supplements": NG + "supplements",
    "adoptedAt": NG + "adoptedAt",
    "derivedFrom": NG + "derivedFrom",
    "broader": SKOS + "broader",
    "publisher": DCTERMS + "publisher",
}

_PARTIES = ("bearer", "holder", "beneficiary")  # their edges say whether the text names the actor

# Literal attributes: name → (predicate IRI, many values?)
ATTRIBUTES: dict[str, tuple[str, bool]] = {
    "label": (RDFS + "label", False),
    "alt_labels": (SKOS + "altLabel", True),
    "title": (DCTERMS + "title", False),
    "number": (NG + "number", False),
    "eid": (NG + "eId", False),
    "heading": (NG + "heading", False),
    "text": (NG + "text", False),
    "quote": (NG + "quote", False),
    "cue": (NG + "cue", False),
    "action": (NG + "action", False),
    "condition": (NG + "condition", False),
    "scope": (NG + "scope", False),
    "hedge": (NG + "hedge", False),
    "bearer_inference": (NG + "bearerInference", False),
    "holder_inference": (NG + "holderInference", False),
    "beneficiary_inference": (NG + "beneficiaryInference", False),
    "negated": (NG + "negated", False),
    "value": (NG + "value", False),
    "unit": (NG + "unit", False),
    "date": (NG + "date", False),
    "items": (NG + "item", True),
    "adopted_on": (NG + "adoptedOn", False),
    "entry_into_force": (NG + "entryIntoForce", False),
    "definition": (SKOS + "definition", False),
    "comment": (RDFS + "comment", False),
}


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _literal(term: Any) -> Any:
    """A pyoxigraph literal as a plain Python value."""
    datatype = term.datatype.value if term.datatype is not None else ""
    text = term.value
    if datatype.endswith("#integer") or datatype.endswith("#int"):
        return int(text)
    if datatype.endswith("#boolean"):
        return text in ("true", "1")
    if datatype.endswith("#decimal") or datatype.endswith("#double") or datatype.endswith("#float"):
        number = float(Decimal(text))
        return int(number) if number.is_integer() and "." not in text else number
    return text


# --------------------------------------------------------------------------------------------
# Projection


def project(graph: KnowledgeGraph, kinds: Iterable[str] | None = None,
            relations: Iterable[str] | None = None) -> nx.MultiDiGraph:  # fmt: skip
    """The RDF graph as a networkx ``MultiDiGraph`` of readable nodes and named relations.

    Concepts are included when something points at them (a topic, a mention, what a claim is
    about), together with their broader concepts; the rest of the ontology's topic scheme is
    left out. ``kinds`` and ``relations`` restrict the result as :func:`select` does.
    """
    import networkx as nx

    net = nx.MultiDiGraph(name="normgraph")
    types: dict[str, set[str]] = {}
    query = f"SELECT DISTINCT ?s ?t WHERE {{ VALUES ?t {{ {_values(KIND_CLASSES.values())} "
    query += f"{_values(NG + s for s in SUBTYPES)} }} ?s <{RDF_TYPE}> ?t FILTER(isIRI(?s)) }}"
    for row in graph.query(query):  # type: ignore[attr-defined]
        types.setdefault(row["s"].value, set()).add(row["t"].value)
    kind_of: dict[str, str] = {}
    subtype_of: dict[str, str] = {}
    for node, classes in types.items():
        kind = next((k for k, c in KIND_CLASSES.items() if c in classes), None)
        if kind is None:
            continue
        kind_of[node] = kind
        subtype_of[node] = next((s for s in SUBTYPES if NG + s in classes), kind)

    predicates = {iri: name for name, iri in RELATIONS.items()}
    edges: set[tuple[str, str, str]] = set()
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(predicates)} }} ?s ?p ?o FILTER(isIRI(?o)) }}"
    for row in graph.query(query):  # type: ignore[attr-defined]
        s, o = row["s"].value, row["o"].value
        if s in kind_of and o in kind_of:
            edges.add((s, predicates[row["p"].value], o))

    # Concepts that something points at, and the concepts above them.
    used = {o for s, _, o in edges if kind_of[o] == "Concept" and kind_of[s] != "Concept"}
    broader: dict[str, set[str]] = {}
    for s, relation, o in edges:
        if relation == "broader":
            broader.setdefault(s, set()).add(o)
    stack = list(used)
    while stack:
        for parent in broader.get(stack.pop(), ()):
            if parent not in used:
                used.add(parent)
                stack.append(parent)
    keep = {n for n, k in kind_of.items() if k != "Concept" or n in used}

    attributes: dict[str, dict[str, Any]] = {n: {} for n in keep}
    by_predicate = {iri: (name, many) for name, (iri, many) in ATTRIBUTES.items()}
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(by_predicate)} }} ?s ?p ?o FILTER(isLiteral(?o)) }}"
    for row in graph.query(query):  # type: ignore[attr-defined]
        node = row["s"].value
        if node not in attributes:
            continue
        name, many = by_predicate[row["p"].value]
        value = _literal(row["o"])
        if many:
            attributes[node].setdefault(name, []).append(value)
        else:
            attributes[node].setdefault(name, value)  # one value: the first, deterministically below
    for node in sorted(keep):
        attrs = attributes[node]
        for name, value in attrs.items():
            if isinstance(value, list):
                attrs[name] = sorted(set(value), key=str)
        attrs.setdefault("label", _local(node))
        net.add_node(node, kind=kind_of[node], subtype=subtype_of[node], iri=node, **attrs)
    for s, relation, o in sorted(edges):
        if s in keep and o in keep:
            if relation in _PARTIES:  # the annotator chose this party: the text does not name it
                net.add_edge(s, o, key=relation, relation=relation, inferred=f"{relation}_inference" in attributes[s])
            else:
                net.add_edge(s, o, key=relation, relation=relation)
    if kinds is not None or relations is not None:
        return select(net, kinds, relations)
    return net


def check_names(given: Iterable[str], known: Sequence[str], what: str) -> list[str]:
    lookup = {k.lower(): k for k in known}
    names = []
    for name in given:
        for part in str(name).split(","):
            part = part.strip()
            if not part:
                continue
            if part.lower() not in lookup:
                raise NormgraphError(f"unknown {what} {part!r}; choose from {', '.join(known)}")
            names.append(lookup[part.lower()])
    return names


def select(net: nx.MultiDiGraph, kinds: Iterable[str] | None = None,
           relations: Iterable[str] | None = None) -> nx.MultiDiGraph:  # fmt: skip
    """Keep the nodes of some kinds and/or the edges of some relations (names as in
    :data:`KINDS` and :data:`RELATIONS`, case-insensitive, comma-separated lists accepted).

    With ``relations``, only the nodes those edges touch stay: the question is then "who is
    linked by these relations". ``None`` keeps everything.
    """
    keep_kinds = set(check_names(kinds, KINDS, "node type")) if kinds is not None else None
    keep_relations = set(check_names(relations, tuple(RELATIONS), "relation")) if relations is not None else None
    nodes = [n for n, k in net.nodes(data="kind") if keep_kinds is None or k in keep_kinds]
    sub = net.subgraph(nodes)
    if keep_relations is None:
        return sub.copy()
    kept = [(u, v, k) for u, v, k in sub.edges(keys=True) if k in keep_relations]
    out = sub.edge_subgraph(kept).copy()
    return out


def resolve(net: nx.MultiDiGraph, ref: str) -> str:
    """The node a person means by ``ref``: an IRI, ``ngr:…``/``ng:…``, an id path such as
    ``instrument/icrmw``, ``icrmw`` or ``ipu-118-migrant-workers/p38``, a label or alternative
    label (any case), or a paragraph number (``38``, ``¶38``) when only one document has it."""
    ref = ref.strip()
    if ref in net:
        return ref
    candidates: list[str] = []
    for prefix, base in (("ngr:", NGR), ("ng:", NG)):
        if ref.startswith(prefix) and base + ref[len(prefix):] in net:
            return base + ref[len(prefix):]
    tail = ref.lstrip("/")
    candidates = [n for n in net if n.endswith("/" + tail) or n.endswith("#" + tail)]
    if not candidates:
        folded = ref.casefold()
        candidates = [n for n, d in net.nodes(data=True)
                      if str(d.get("label", "")).casefold() == folded
                      or any(str(a).casefold() == folded for a in d.get("alt_labels", ()))]  # fmt: skip
    if not candidates and re.fullmatch(r"¶?\s*\d+", ref):
        number = int(ref.lstrip("¶ "))
        candidates = [n for n, d in net.nodes(data=True) if d.get("kind") == "Paragraph" and d.get("number") == number]
    candidates = sorted(set(candidates))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NormgraphError(f"no node {ref!r} in the graph; give an IRI, an id such as instrument/icrmw, or a label")
    shown = ", ".join(c.removeprefix(NGR) for c in candidates[:5]) + (", …" if len(candidates) > 5 else "")
    raise NormgraphError(f"{ref!r} matches {len(candidates)} nodes ({shown}); be more specific")


def ego(net: nx.MultiDiGraph, ref: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of the node ``ref`` names (see :func:`resolve`),
    following edges in either direction, and the edges among them."""
    import networkx as nx

    if depth < 0:
        raise NormgraphError(f"depth must be 0 or more, not {depth}")
    centre = resolve(net, ref)
    sub = nx.ego_graph(net, centre, radius=depth, undirected=True).copy()
    sub.graph["centre"] = centre
    return sub


# --------------------------------------------------------------------------------------------
# Aggregation


def collapse_paragraphs(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Each paragraph merged into its document: its edges move to the document (parallel edges of
    one relation merge, their ``count`` adding up) and the document's ``paragraphs`` counts them.
    A paragraph whose document is not in the graph stays."""
    import networkx as nx

    home: dict[str, str] = {}
    for p, d, relation in net.edges(keys=True):
        if relation == "partOf" and net.nodes[p].get("kind") == "Paragraph" and net.nodes[d].get("kind") == "Document":
            home.setdefault(p, d)
    out = nx.MultiDiGraph(**net.graph)
    for node, data in net.nodes(data=True):
        if node not in home:
            out.add_node(node, **data)
    for document in set(home.values()):
        out.nodes[document]["paragraphs"] = out.nodes[document].get("paragraphs", 0) + sum(
            1 for d in home.values() if d == document)  # fmt: skip
    for u, v, relation, data in net.edges(keys=True, data=True):
        u2, v2 = home.get(u, u), home.get(v, v)
        if u2 == v2:
            continue  # a paragraph's partOf, or a mention of its own document
        count = data.get("count", 1)
        if out.has_edge(u2, v2, relation):
            out.edges[u2, v2, relation]["count"] += count
        else:
            out.add_edge(u2, v2, key=relation, relation=relation, count=count)
    return out


def top_nodes(net: nx.MultiDiGraph, k: int) -> nx.MultiDiGraph:
    """The ``k`` nodes with the highest degree (ties broken by IRI) and the edges among them."""
    ranked = sorted(net.degree(), key=lambda item: (-item[1], item[0]))
    return net.subgraph([n for n, _ in ranked[:k]]).copy()


@dataclass(frozen=True)
class Aggregation:
    """What :func:`aggregate` did: the graph to draw and sentences saying so."""

    graph: Any
    total_nodes: int
    total_edges: int
    steps: tuple[str, ...] = ()

    @property
    def aggregated(self) -> bool:
        return bool(self.steps)


def aggregate(net: nx.MultiDiGraph, max_nodes: int, max_edges: int | None = None) -> Aggregation:
    """``net`` itself when it has at most ``max_nodes`` nodes (and ``max_edges`` edges);
    otherwise paragraphs collapsed into their documents and, if that is not enough, only the
    most connected nodes: at most ``max_nodes`` of them, fewer if their edges exceed
    ``max_edges`` (drawing cost follows edges as much as nodes)."""
    total_nodes, total_edges = net.number_of_nodes(), net.number_of_edges()

    def fits(g: nx.MultiDiGraph) -> bool:
        return g.number_of_nodes() <= max_nodes and (max_edges is None or g.number_of_edges() <= max_edges)

    if fits(net):
        return Aggregation(net, total_nodes, total_edges)
    steps = []
    paragraphs = sum(1 for _, k in net.nodes(data="kind") if k == "Paragraph")
    collapsed = collapse_paragraphs(net)
    if collapsed.number_of_nodes() < total_nodes:
        merged = total_nodes - collapsed.number_of_nodes()
        steps.append(f"{merged:,} of {paragraphs:,} paragraphs are collapsed into their documents")
        net = collapsed
    if not fits(net):
        before = net.number_of_nodes()
        k = min(max_nodes, before)
        top = top_nodes(net, k)
        while max_edges is not None and top.number_of_edges() > max_edges and k > 1:
            k = max(1, int(k * max_edges / top.number_of_edges() * 0.98))
            top = top_nodes(net, k)
        net = top
        steps.append(f"only the {k:,} most connected of {before:,} nodes are shown")
    return Aggregation(net, total_nodes, total_edges, tuple(steps))


# --------------------------------------------------------------------------------------------
# Analytics


def undirected(net: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph of the same nodes: what centrality and components are about."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(net.nodes))
    simple.add_edges_from((u, v) for u, v in net.edges() if u != v)
    return simple


EXACT_BETWEENNESS_LIMIT = 2000  # nodes; above it betweenness is estimated from a sample of sources
BETWEENNESS_SAMPLE = 400


def betweenness(simple: nx.Graph, seed: int = 7, exact_limit: int | None = None,
                sample: int | None = None) -> tuple[dict[str, float], int | None]:  # fmt: skip
    """Normalised betweenness centrality; exact up to ``exact_limit`` nodes (default
    :data:`EXACT_BETWEENNESS_LIMIT`), estimated from a seeded sample of ``sample`` sources
    (default :data:`BETWEENNESS_SAMPLE`) above: exact costs O(nodes × edges). Returns the values
    and the sample size (``None`` when exact)."""
    import networkx as nx

    n = simple.number_of_nodes()
    if n <= (EXACT_BETWEENNESS_LIMIT if exact_limit is None else exact_limit):
        return nx.betweenness_centrality(simple, normalized=True), None
    k = min(BETWEENNESS_SAMPLE if sample is None else sample, n)
    return nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed), k


@dataclass(frozen=True)
class Ranked:
    iri: str
    label: str
    kind: str
    degree: int
    degree_centrality: float
    betweenness: float


@dataclass(frozen=True)
class Carrier:
    iri: str
    label: str
    norms: int


@dataclass(frozen=True)
class Component:
    size: int
    kinds: dict[str, int]
    example: str


@dataclass(frozen=True)
class NetworkReport(metaclass=Brief):
    nodes: int
    edges: int
    kinds: dict[str, int]
    relations: dict[str, int]
    components: tuple[Component, ...]
    instruments: tuple[Ranked, ...]
    actors: tuple[Ranked, ...]
    bearers: tuple[Carrier, ...]
    paragraphs: tuple[Carrier, ...]
    betweenness_sample: int | None = None
    top: int = 10
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)

    def text(self) -> str:
        lines = [f"Network: {self.nodes:,} nodes, {self.edges:,} edges"]
        lines.append("  nodes by type: " + ", ".join(f"{k} {n:,}" for k, n in self.kinds.items()))
        lines.append("  edges by relation: " + ", ".join(f"{k} {n:,}" for k, n in self.relations.items()))
        singles = sum(1 for c in self.components if c.size == 1)
        lines += ["", f"Connected components: {len(self.components):,} ({singles:,} of them single nodes)"]
        for c in [c for c in self.components if c.size > 1][:5]:
            kinds = ", ".join(f"{k} {n}" for k, n in c.kinds.items())
            lines.append(f"  {c.size:>6,} nodes  ({kinds}; e.g. {_clip(c.example, 50)})")
        sampled = f" (betweenness estimated from {self.betweenness_sample} sources)" if self.betweenness_sample else ""
        for title, rows in (("Instruments", self.instruments), ("Actors", self.actors)):
            lines += ["", f"{title} by degree centrality (top {self.top}){sampled}:"]
            if not rows:
                lines.append("  (none)")
                continue
            width = min(60, max(len(r.label) for r in rows))
            lines.append(f"  {'':<{width}}  {'degree':>6}  {'centrality':>10}  {'betweenness':>11}")
            for r in rows:
                lines.append(f"  {_clip(r.label, width):<{width}}  {r.degree:>6}  {r.degree_centrality:>10.4f}  {r.betweenness:>11.4f}")
        for title, rows in (("Actors bearing the most norms", self.bearers), ("Paragraphs asserting the most norms", self.paragraphs)):
            lines += ["", f"{title} (top {self.top}):"]
            if not rows:
                lines.append("  (none)")
            for c in rows:
                lines.append(f"  {c.norms:>4}  {_clip(c.label, 70)}")
        return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def analyse(net: nx.MultiDiGraph, top: int = 10) -> NetworkReport:
    """Degree and betweenness centrality of instruments and actors, connected components, the
    actors bearing the most norms and the paragraphs asserting the most."""
    import networkx as nx

    simple = undirected(net)
    n = simple.number_of_nodes()
    degree = dict(simple.degree())
    centrality = {k: v / (n - 1) if n > 1 else 0.0 for k, v in degree.items()}
    between, sample = betweenness(simple)

    def ranked(kind: str) -> tuple[Ranked, ...]:
        rows = [Ranked(node, str(d.get("label", node)), kind, degree[node], centrality[node], between[node])
                for node, d in net.nodes(data=True) if d.get("kind") == kind]  # fmt: skip
        rows.sort(key=lambda r: (-r.degree, -r.betweenness, r.iri))
        return tuple(rows[:top])

    def carriers(relation: str, target_kind: str) -> tuple[Carrier, ...]:
        counts: Counter[str] = Counter()
        for u, v, key in net.edges(keys=True):
            if key == relation and net.nodes[u].get("kind") == "Norm" and net.nodes[v].get("kind") == target_kind:
                counts[v] += 1
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
        return tuple(Carrier(node, str(net.nodes[node].get("label", node)), count) for node, count in rows)

    components = []
    for nodes in nx.connected_components(simple):
        kinds = Counter(net.nodes[x].get("kind") for x in nodes)
        example = min(nodes, key=lambda x: (-degree[x], x))
        components.append(Component(len(nodes), dict(sorted(kinds.items(), key=lambda i: (-i[1], i[0]))),
                                    str(net.nodes[example].get("label", example))))  # fmt: skip
    components.sort(key=lambda c: (-c.size, c.example))
    kinds = Counter(k for _, k in net.nodes(data="kind"))
    relations = Counter(k for _, _, k in net.edges(keys=True))
    return NetworkReport(
        nodes=net.number_of_nodes(),
        edges=net.number_of_edges(),
        kinds={k: kinds[k] for k in KINDS if kinds[k]},
        relations={k: relations[k] for k in RELATIONS if relations[k]},
        components=tuple(components),
        instruments=ranked("Instrument"),
        actors=ranked("Actor"),
        bearers=carriers("bearer", "Actor"),
        paragraphs=carriers("assertedIn", "Paragraph"),
        betweenness_sample=sample,
        top=top,
    )


# --------------------------------------------------------------------------------------------
# GraphML and GEXF

NETWORK_FORMATS = ("graphml", "gexf")
# XML 1.0 cannot carry these characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scalar(value: Any) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple | set | frozenset):
        return _NOT_XML.sub(" ", "; ".join(str(v) for v in value))
    return _NOT_XML.sub(" ", str(value))


def scalar_graph(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy fit for GraphML and GEXF: node ids ``n0``, ``n1``… (XML name tokens; the IRI is
    the ``iri`` attribute), unique edge keys ``e0``, ``e1``…, every attribute a string, number or
    boolean (lists joined with "; ", characters XML cannot hold replaced by spaces) and
    attribute names neither format reserves."""
    import networkx as nx

    reserved = {"id", "pid", "start", "end", "viz", "type", "weight", "key"}
    ids = {node: f"n{i}" for i, node in enumerate(sorted(net.nodes))}
    out = nx.MultiDiGraph(name=str(net.graph.get("name", "normgraph")))
    for node in sorted(net.nodes):
        data = {"iri": node}
        for name, value in net.nodes[node].items():
            value = _scalar(value)
            if value is not None and value != "":
                data[f"{name}_" if name in reserved else name] = value
        out.add_node(ids[node], **data)
    edges = sorted(net.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for i, (u, v, key, data) in enumerate(edges):
        attrs: dict[str, Any] = {"relation": str(data.get("relation", key)), "label": str(data.get("relation", key))}
        for name, value in data.items():
            if name not in ("relation", "label"):
                value = _scalar(value)
                if value is not None:
                    attrs[f"{name}_" if name in reserved else name] = value
        out.add_edge(ids[u], ids[v], key=f"e{i}", **attrs)
    return out


def network_bytes(net: nx.MultiDiGraph, fmt: str) -> bytes:
    """GraphML or GEXF (1.2) of ``net`` as bytes, via :func:`scalar_graph`."""
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise NormgraphError(f"unknown network format {fmt!r}; choose from {', '.join(NETWORK_FORMATS)}")
    flat = scalar_graph(net)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8", named_key_ids=True, edge_id_from_attribute=None)
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def write_network(net: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path:
    """Write GraphML or GEXF atomically."""
    from .._files import write_output

    write_output(path, network_bytes(net, fmt))
    return Path(path)


# --------------------------------------------------------------------------------------------
# Generated graphs (benchmarks and scale tests)


def synthetic_graph(paragraphs: int, seed: int = 0, paragraphs_per_document: int = 70) -> KnowledgeGraph:
    """A made-up corpus graph of about ``paragraphs`` paragraphs, shaped like the seed corpus
    (per paragraph about 0.7 norms, 2.4 claims, 6.5 mentions; registries growing slower than the
    text). Deterministic for a given seed. For benchmarks and tests of scale only."""
    import pyoxigraph as ox

    rng = random.Random(seed)
    quads: list[ox.Quad] = []
    graph = ox.NamedNode(NGR + "graph/synthetic")

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    label = RDFS + "label"
    n_instruments = 5 + paragraphs // 12
    n_actors = 20 + paragraphs // 3
    n_concepts = 20 + paragraphs // 10
    instruments = [f"{NGR}instrument/synthetic-{i}" for i in range(n_instruments)]
    actors = [f"{NGR}actor/synthetic-{i}" for i in range(n_actors)]
    concepts = [f"{NGR}concept/synthetic-{i}" for i in range(n_concepts)]
    for i, iri in enumerate(instruments):
        add(iri, RDF_TYPE, node(NG + "Instrument"))
        add(iri, RDF_TYPE, node(NG + rng.choice(["Convention", "Protocol", "Declaration", "Programme"])))
        add(iri, label, ox.Literal(f"Instrument {i}"))
    for i, iri in enumerate(actors):
        add(iri, RDF_TYPE, node(NG + "Actor"))
        add(iri, RDF_TYPE, node(NG + rng.choice(["StateGroup", "Organisation", "PersonGroup"])))
        add(iri, label, ox.Literal(f"Actor {i}"))
    for i, iri in enumerate(concepts):
        add(iri, RDF_TYPE, node(SKOS + "Concept"))
        add(iri, label, ox.Literal(f"Concept {i}"))
        if i >= 8:
            add(iri, SKOS + "broader", node(concepts[rng.randrange(8)]))
    roles = [NG + "SourceCountry", NG + "TransitCountry", NG + "DestinationCountry"]
    for iri in roles:
        add(iri, RDF_TYPE, node(NG + "StateRole"))
        add(iri, label, ox.Literal(_local(iri)))

    # Popular things are mentioned more: draw with a skew towards the first entries.
    def pick(pool: Sequence[str]) -> str:
        return pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.5 else rng.choice(pool)

    documents = max(1, math.ceil(paragraphs / paragraphs_per_document))
    number = 0
    for d in range(documents):
        doc = f"{NGR}doc/synthetic-{d}"
        add(doc, RDF_TYPE, node(NG + "Document"))
        add(doc, label, ox.Literal(f"Synthetic document {d}"))
        for n in range(1, min(paragraphs_per_document, paragraphs - number) + 1):
            number += 1
            p = f"{doc}/p{n}"
            add(p, RDF_TYPE, node(NG + "Unit"))
            add(p, RDF_TYPE, node(NG + "Paragraph"))
            add(p, label, ox.Literal(f"synthetic-{d} ¶{n}"))
            add(p, NG + "partOf", node(doc))
            add(p, NG + "number", ox.Literal(str(n), datatype=node("http://www.w3.org/2001/XMLSchema#integer")))
            add(p, NG + "text", ox.Literal(f"Paragraph {n} of synthetic document {d}."))
            for target in {pick(actors + instruments + concepts) for _ in range(rng.randint(2, 11))}:
                add(p, NG + "mentions", node(target))
            add(p, NG + "topic", node(pick(concepts)))
            for k in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
                norm = f"{p}/norm-{k}"
                add(norm, RDF_TYPE, node(NG + "Norm"))
                add(norm, RDF_TYPE, node(NG + rng.choice(["Obligation", "Recommendation", "Right"])))
                add(norm, label, ox.Literal(f"Norm {k} of ¶{n}"))
                add(norm, NG + "assertedIn", node(p))
                add(norm, NG + "quote", ox.Literal(f"States shall do thing {k}"))
                add(norm, NG + "bearer", node(pick(actors)))
                if rng.random() < 0.7:
                    add(norm, NG + "beneficiary", node(pick(actors)))
                if rng.random() < 0.5:
                    add(norm, NG + "instrument", node(pick(instruments)))
                if rng.random() < 0.3:
                    add(norm, NG + "appliesToRole", node(rng.choice(roles)))
            for k in range(rng.choice([0, 1, 2, 3, 4, 5])):
                claim = f"{p}/claim-{k}"
                add(claim, RDF_TYPE, node(NG + "Claim"))
                add(claim, label, ox.Literal(f"Claim {k} of ¶{n}"))
                add(claim, NG + "assertedIn", node(p))
                add(claim, NG + "quote", ox.Literal(f"Some {k} per cent"))
                for target in {pick(concepts + actors) for _ in range(rng.randint(1, 3))}:
                    add(claim, NG + "about", node(target))
    store = ox.Store()
    store.bulk_extend(quads)
    return KnowledgeGraph(store)


__all__ = [
    "KINDS",
    "RELATIONS",
    "NETWORK_FORMATS",
    "Aggregation",
    "Group",
    "NetworkReport",
    "Overview",
    "aggregate",
    "analyse",
    "collapse_paragraphs",
    "ego",
    "network_bytes",
    "overview",
    "project",
    "resolve",
    "scalar_graph",
    "select",
    "synthetic_graph",
    "top_nodes",
    "write_network",
]


# --------------------------------------------------------------------------------------------
# The overview: what the view draws first, and the groups it can open


@dataclass(frozen=True)
class Group:
    """Nodes drawn as one until opened: ``members`` are node IRIs or other groups' ids;
    ``count`` the nodes under it (all levels)."""

    id: str
    kind: str
    label: str
    members: tuple[str, ...]
    count: int
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Overview:
    """What a reader sees first: ``roots`` (nodes and groups) drawn from the start, ``opened``
    the groups opened on top of them within the budget, ``parent`` the group (or, for a
    paragraph, the document) standing for a node while it is not drawn."""

    roots: tuple[str, ...]
    groups: dict[str, Group]
    parent: dict[str, str]
    opened: tuple[str, ...]


OVERVIEW_BUDGET = 90  # nodes drawn at first: what a 1600×1000 canvas labels legibly (docs/view.md)
DRAW_ALL = 60  # a graph this small is drawn whole
TOP_ACTORS = 20  # parties drawn one by one; the rest grouped by their type
TOP_DOCUMENTS = 20
TOP_INSTRUMENTS = 8  # by the norms resting on them

_PLURAL = {"Obligation": "obligations", "Recommendation": "recommendations", "Right": "rights", "Norm": "norms"}


def _plural(subtype: str, n: int) -> str:
    word = _PLURAL.get(subtype, subtype.lower() + "s")
    return f"{n:,} {word[:-1] if n == 1 else word}"


def _short(net: nx.MultiDiGraph, node: str) -> str:
    """A node's label, or its shortest other name when the label is long ("CRC")."""
    label = str(net.nodes[node].get("label", node))
    alts = sorted(map(str, net.nodes[node].get("alt_labels", ())), key=lambda a: (len(a), a))
    return alts[0] if len(label) > 32 and alts and len(alts[0]) < len(label) else label


def overview(net: nx.MultiDiGraph, budget: int = OVERVIEW_BUDGET, centre: str | None = None) -> Overview:
    """The first picture of ``net``: instruments, state roles, documents and the actors bearing,
    holding or benefiting from norms as anchors; norms grouped by instrument and type, then by
    document, then by the article or paragraph asserting them, with counts ("Trafficking Protocol
    — 214 obligations in 38 documents"); paragraphs, claims and concepts left for a click.
    When every group, opened down to single nodes, fits ``budget`` nodes, all are opened. A graph
    of at most :data:`DRAW_ALL` nodes is drawn whole."""
    kind = {n: d.get("kind") for n, d in net.nodes(data=True)}
    label = {n: str(d.get("label", n)) for n, d in net.nodes(data=True)}
    if net.number_of_nodes() <= DRAW_ALL:
        return Overview(tuple(sorted(net)), {}, {}, ())

    def targets(node: str, relation: str, want: str | None = None) -> list[str]:
        found = [v for _, v, r in net.out_edges(node, keys=True) if r == relation and (want is None or kind[v] == want)]
        return sorted(set(found), key=lambda v: (label[v], v))

    groups: dict[str, Group] = {}
    parent: dict[str, str] = {}
    document_of: dict[str, str] = {}
    for p in (n for n, k in kind.items() if k == "Paragraph"):
        docs = targets(p, "partOf", "Document")
        if docs:
            document_of[p] = docs[0]
            parent[p] = docs[0]

    def unit_of(norm: str) -> str | None:
        """The article asserting a norm, else its paragraph."""
        units = targets(norm, "assertedIn", "Paragraph")
        if not units:
            return None
        articles = [a for a in targets(units[0], "within", "Paragraph") if net.nodes[a].get("subtype") == "Article"]
        return articles[0] if articles else units[0]

    def make(gid: str, member_kind: str, title: str, members: list[str], count: int,
             facts: tuple[tuple[str, str], ...] = ()) -> str:  # fmt: skip
        """A group of ``members``, or the member itself when there is one."""
        if len(members) == 1:
            return members[0]
        groups[gid] = Group(gid, member_kind, title, tuple(members), count, facts)
        for m in members:
            parent[m] = gid
        return gid

    # Norms: instrument × type → (instrument) → document → article/paragraph → norm. The
    # instruments most norms rest on are anchors; the others are one group, and so are their norms.
    inst_of: dict[str, str] = {}
    unit_at: dict[str, str] = {}
    for n in (n for n, k in kind.items() if k == "Norm"):
        instruments = targets(n, "instrument", "Instrument")
        inst_of[n] = instruments[0] if instruments else ""
        unit_at[n] = unit_of(n) or ""
    resting = Counter(inst_of.values())
    instruments = sorted((n for n, k in kind.items() if k == "Instrument"), key=lambda i: (-resting[i], label[i], i))
    top = set(instruments[:TOP_INSTRUMENTS])

    def number(unit: str) -> tuple[int, str]:
        value = net.nodes[unit].get("number") if unit else None
        return (value if isinstance(value, int) else 0, label.get(unit, ""))

    levels: dict[str, tuple[Any, Any, Any]] = {  # name → (key of a norm, label of a bucket, sort key)
        "instrument": (inst_of.get, lambda k, what: f"{_short(net, k)} — {what}", lambda k: (label.get(k, ""), k)),
        "document": (lambda n: document_of.get(unit_at[n], ""),
                     lambda k, what: f"{label[k]} — {what}" if k else f"{what} in no document", lambda k: (label.get(k, ""), k)),
        "unit": (unit_at.get, lambda k, what: f"{label[k]} — {what}" if k else f"{what} without a paragraph",
                 lambda k: (*number(k), k)),
    }  # fmt: skip

    def nest(gid: str, title: str, norms: list[str], names: list[str], subtype: str,
             facts: tuple[tuple[str, str], ...] = ()) -> str:  # fmt: skip
        if not names or len(norms) == 1:
            return make(gid, "Norm", title, norms, len(norms), facts)
        key, name, order = levels[names[0]]
        buckets: dict[str, list[str]] = {}
        for n in norms:
            buckets.setdefault(key(n) or "", []).append(n)
        if len(buckets) == 1:  # this level adds nothing
            return nest(gid, title, norms, names[1:], subtype, facts)
        children = [nest(f"{gid}/{k.removeprefix(NGR) or '-'}", name(k, _plural(subtype, len(ns))), ns, names[1:], subtype)
                    for k, ns in sorted(buckets.items(), key=lambda i: order(i[0]))]  # fmt: skip
        return make(gid, "Norm", title, children, len(norms), facts)

    tops: dict[tuple[int, str, str], list[str]] = {}
    for n in sorted(inst_of):
        inst = inst_of[n]
        rank = (0, label[inst]) if inst in top else (1, "") if inst else (2, "")
        tops.setdefault((*rank, str(net.nodes[n].get("subtype", "Norm"))), []).append(n)
    others = len({i for i in inst_of.values() if i and i not in top})
    norm_roots = []
    for (rank, _, subtype), norms in sorted(tops.items()):
        inst = inst_of[norms[0]] if rank == 0 else ""
        docs = {document_of.get(unit_at[n], "") for n in norms}
        what = _plural(subtype, len(norms))
        where = f" in {len(docs):,} documents" if len(docs) > 1 else ""
        head = (f"{_short(net, inst)} — {what}" if rank == 0 else f"{what.capitalize()} under {others:,} other instruments"
                if rank == 1 else f"{what.capitalize()}, no instrument named") + where  # fmt: skip
        base = f"norms/{inst.removeprefix(NGR) or ('other' if rank == 1 else '-')}/{subtype}"
        facts = (("Instrument", label[inst] if inst else "several" if rank == 1 else "none named"), ("Type", subtype),
                 ("Norms", f"{len(norms):,}"), ("Documents", f"{len(docs):,}"))  # fmt: skip
        names = ["instrument", "document", "unit"] if rank == 1 else ["document", "unit"]
        norm_roots.append(nest(base, head, norms, names, subtype, facts))

    # Actors who bear, hold or benefit from a norm: the most engaged drawn, the rest by type.
    engaged: Counter[str] = Counter()
    for u, v, r in net.edges(keys=True):
        if r in _PARTIES and kind[v] == "Actor" and kind[u] == "Norm":
            engaged[v] += 1
    actors = sorted(engaged, key=lambda a: (-engaged[a], label[a], a))
    actor_roots = actors[:TOP_ACTORS]
    by_type: dict[str, list[str]] = {}
    for a in actors[TOP_ACTORS:]:
        by_type.setdefault(str(net.nodes[a].get("subtype", "Actor")), []).append(a)
    for subtype, members in sorted(by_type.items()):
        actor_roots.append(make(f"actors/{subtype}", "Actor", f"{len(members):,} more actors ({subtype})", members, len(members)))

    documents = sorted((n for n, k in kind.items() if k == "Document"), key=lambda d: (label[d], d))
    if len(documents) > TOP_DOCUMENTS:
        paragraphs = len(document_of)
        documents = [make("documents", "Document", f"{len(documents):,} documents, {paragraphs:,} paragraphs", documents, len(documents))]
    rest = sorted(set(instruments) - top, key=lambda i: (label[i], i))
    anchors = sorted(top, key=lambda i: (label[i], i))
    if rest:
        anchors.append(make("instruments", "Instrument", f"{len(rest):,} more instruments", rest, len(rest)))
    anchors += sorted((n for n, k in kind.items() if k == "StateRole"), key=lambda n: (label[n], n))
    roots = [*anchors, *documents, *actor_roots, *norm_roots]
    if centre is not None and centre not in roots:
        roots.append(centre)
    if not roots:  # a selection without anchors or norms: its best connected nodes
        roots = [n for n, _ in sorted(net.degree(), key=lambda i: (-i[1], i[0]))[:budget]]

    # Every group opened, down to single nodes, when all of them fit the budget; else none: a
    # half-opened overview (one group's forty norms beside closed groups) drew the eye to one part.
    def inner(g: str) -> list[str]:
        return [g, *(x for m in groups[g].members if m in groups for x in inner(m))]

    closed = [r for r in roots if r in groups]
    leaves = len(roots) - len(closed) + sum(groups[g].count for g in closed)
    opened = [x for g in closed for x in inner(g)] if leaves <= budget else []
    return Overview(tuple(roots), groups, parent, tuple(opened))
