"""The HTML view: one self-contained page to explore the graph.

The page (template ``view.html`` beside this file) draws the network with vis-network, the
library pyvis ships and renders with; its JavaScript and CSS are inlined from pyvis's package,
so the page makes no network request and leaves no ``lib/`` folder behind. pyvis's own template
is not used: it links Bootstrap from a CDN, prints the heading unescaped, switches every tooltip
to ``innerHTML`` as soon as one contains a link, and embeds node data where ``</script>`` ends
the block. Here:

* the heading, summary and notices are HTML-escaped by Jinja's autoescape;
* every label, quote and text travels as JSON in a ``<script type="application/json">`` block
  with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX``, and the page puts it into
  the document only through ``textContent`` (vis-network draws labels on a canvas);
* a Content-Security-Policy allows exactly the page's own inline scripts (by SHA-256) and no
  connection, image, font or frame from anywhere: a second wall should the first ever crack.

The page holds the graph and draws an overview (:func:`normgraph.graph.network.overview`):
instruments, roles, documents and engaged actors as anchors, norms grouped with counts; a click
brings in a node's neighbours or opens a group, and the URL's hash records the steps. Labels are
drawn by the page, most important first, each only where it overlaps no other label or node, at
a bounded size. The layout is seeded (the same graph looks the same on every render and every
load), spread to fill the canvas, and still once settled; the force layout was chosen by
measurement (``benchmarks/view_readability.py``, ``docs/view.md``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import write_output
from .network import KINDS, OVERVIEW_BUDGET, RELATIONS, betweenness, ego, overview, project, select, undirected
from .store import KnowledgeGraph

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

# The most nodes the page draws at once (max_edges is kept for the command line). Measured in
# headless Chromium on a 2-core machine without GPU (benchmarks/view_layout.py, docs/view.md): a
# redraw (pan, zoom) takes 85 ms at 2,000 nodes / 7,100 edges and passes 100 ms by 2,600 nodes /
# 9,000 edges (settling takes 8-9 s there). Aggregation keeps the best connected, densest part,
# so the edge limit is set below the node limit's share of edges.
DEFAULT_MAX_NODES = 2000
DEFAULT_MAX_EDGES = 6000
# Above this many nodes the page trades looks for speed: straight edges, no edges while dragging
# or zooming, and no "improved" initial layout (vis-network's is quadratic).
LARGE = 400
SEED = 7
SIZE_BY = ("degree", "betweenness", "uniform")

# node kind → (fill, border, vis-network shape, dashed border). The shapes all take their size
# from the node's value (shapes that hold their label inside would not).
STYLE: dict[str, tuple[str, str, str, bool]] = {
    "Instrument": ("#4e79a7", "#2b4a6f", "square", False),
    "Norm": ("#e15759", "#8f2d2f", "dot", False),
    "Actor": ("#59a14f", "#33632d", "triangle", False),
    "StateRole": ("#b07aa1", "#6e4664", "diamond", False),
    "Paragraph": ("#9c9c9c", "#5f5f5f", "hexagon", False),
    "Concept": ("#76b7b2", "#3f7772", "triangleDown", False),
    "Document": ("#9c755f", "#5e4536", "star", False),
    "Claim": ("#f28e2b", "#9a5412", "dot", True),
}
RELATION_COLOURS: dict[str, str] = {
    "bearer": "#c0392b",
    "holder": "#27ae60",
    "beneficiary": "#16a085",
    "appliesToRole": "#8e44ad",
    "instrument": "#2c6fbb",
    "assertedIn": "#7f8c8d",
    "partOf": "#a1887f",
    "within": "#bcaaa4",
    "mentions": "#c7c7c7",
    "topic": "#9fd3cf",
    "about": "#f5c18b",
    "source": "#d35400",
    "hasRole": "#b57edc",
    "partyTo": "#1f4e79",
    "subgroupOf": "#b57edc",
    "supplements": "#1f4e79",
    "adoptedAt": "#1f4e79",
    "derivedFrom": "#1f4e79",
    "broader": "#5dade2",
    "publisher": "#795548",
}
# Legend glyphs (16×16 SVG), one per vis-network shape used above.
_GLYPHS = {
    "square": '<rect x="2.5" y="2.5" width="11" height="11"/>',
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "triangle": '<polygon points="8,2 14.5,14 1.5,14"/>',
    "triangleDown": '<polygon points="1.5,2 14.5,2 8,14"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "hexagon": '<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"/>',
    "star": '<polygon points="8,1 9.9,5.9 15,6.2 11,9.4 12.4,14.5 8,11.6 3.6,14.5 5,9.4 1,6.2 6.1,5.9"/>',
}
LABEL_WIDTH = 40  # characters of a label drawn on the canvas; the details show it whole


# --------------------------------------------------------------------------------------------
# Assets


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, as pyvis ships them."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Inlined as they are: they must not be able to end their own element.
    if re.search(r"</script|<!--", js, re.I) or re.search(r"</style", css, re.I):
        raise RuntimeError("vis-network's files cannot be inlined safely")  # pragma: no cover
    return js, css


@lru_cache(maxsize=1)
def _template():  # type: ignore[no-untyped-def]
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    source = (Path(__file__).with_name("view.html")).read_text(encoding="utf-8")
    return env.from_string(source)


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is inert inside an HTML ``<script>`` element: it can neither end the element
    (``</script>``), open a comment that changes how the element ends (``<!--``), nor break a
    JavaScript string (U+2028/U+2029). ``JSON.parse`` reads it back unchanged."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False, allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_CSP_SLOT = "NORMGRAPH-CSP"


def _csp(page: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(page)
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; frame-src 'none'; worker-src 'none'; base-uri 'none'; "
            "form-action 'none'")  # fmt: skip


# --------------------------------------------------------------------------------------------
# What the page shows about a node


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _many(items: Iterable[Any], word: str) -> str | None:
    """"1 norm", "3 norms"; None for none."""
    n = len(list(items))
    return f"{n} {word}{'' if n == 1 else 's'}" if n else None


def _join(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _details(net: nx.MultiDiGraph, node: str) -> list[list[str]]:
    """Rows (name, value) describing ``node`` from the whole projection ``net``: its attributes
    and, in words, what its relations point at."""
    data = net.nodes[node]
    out_by: dict[str, list[str]] = {}
    in_by: dict[str, list[str]] = {}
    for _, target, relation in net.out_edges(node, keys=True):
        out_by.setdefault(relation, []).append(target)
    for source, _, relation in net.in_edges(node, keys=True):
        in_by.setdefault(relation, []).append(source)

    def labels(iris: Iterable[str]) -> str:
        return _join(sorted(str(net.nodes[i].get("label", i)) for i in iris))

    def paragraphs(iris: Iterable[str]) -> str:
        parts = []
        for p in sorted(iris, key=lambda i: (str(net.nodes[i].get("label", "")), i)):
            number = net.nodes[p].get("number")
            if not str(net.nodes[p].get("eid", f"para_{number}")).startswith("para_"):
                number = None  # an article, or a paragraph inside one: its label is its citation
            docs = [d for _, d, r in net.out_edges(p, keys=True) if r == "partOf"]
            doc = str(net.nodes[docs[0]].get("label", docs[0])) if docs else ""
            parts.append(f"¶{number}" + (f" of {doc}" if doc else "") if number is not None else str(net.nodes[p].get("label", p)))
        return _join(parts)

    rows: list[tuple[str, Any]] = []
    kind = data.get("kind")
    subtype = data.get("subtype", kind)
    def party(slot: str) -> str | None:
        """The actors of a slot, and — when the text does not name them — that and why."""
        named = labels(out_by.get(slot, ()))
        why = data.get(f"{slot}_inference")
        return f"{named} (inferred: {why})" if named and why else named

    if kind == "Norm":
        rows += [("Type", subtype), ("Bearer", party("bearer")),
                 ("Holder", party("holder")), ("Beneficiary", party("beneficiary")),
                 ("Action", data.get("action")), ("Condition", data.get("condition")), ("Scope", data.get("scope")),
                 ("Hedge", data.get("hedge")),
                 ("Negated", "yes — must not / should not" if data.get("negated") else None),
                 ("Applies to", labels(out_by.get("appliesToRole", ()))),
                 ("Instrument", labels(out_by.get("instrument", ()))), ("Cue", data.get("cue")),
                 ("Quote", data.get("quote")), ("Paragraph", paragraphs(out_by.get("assertedIn", ())))]  # fmt: skip
    elif kind == "Claim":
        value = data.get("value")
        figure = f"{value:g} {data.get('unit', '')}".strip() if isinstance(value, int | float) else None
        rows += [("Type", subtype), ("Quote", data.get("quote")), ("Figure", figure), ("Date", data.get("date")),
                 ("Items", _join(data.get("items", ()))), ("Source", labels(out_by.get("source", ()))),
                 ("About", labels(out_by.get("about", ()))), ("Instrument", labels(out_by.get("instrument", ()))),
                 ("Paragraph", paragraphs(out_by.get("assertedIn", ())))]  # fmt: skip
    elif kind == "Paragraph":
        norms = [s for s in in_by.get("assertedIn", ()) if net.nodes[s].get("kind") == "Norm"]
        claims = [s for s in in_by.get("assertedIn", ()) if net.nodes[s].get("kind") == "Claim"]
        rows += [("Kind", subtype if subtype != "Paragraph" else None), ("Heading", data.get("heading")),
                 ("Document", labels(out_by.get("partOf", ()))), ("Within", labels(out_by.get("within", ()))),
                 ("Number", data.get("number")), ("Norms", len(norms) or None), ("Claims", len(claims) or None),
                 ("Mentions", labels(out_by.get("mentions", ()))), ("Text", data.get("text"))]  # fmt: skip
    elif kind == "Instrument":
        rows += [("Type", subtype), ("Official title", data.get("title")), ("Also called", _join(data.get("alt_labels", ()))),
                 ("Adopted", data.get("adopted_on")), ("Entry into force", data.get("entry_into_force")),
                 ("Supplements", labels(out_by.get("supplements", ()))), ("Adopted at", labels(out_by.get("adoptedAt", ()))),
                 ("Derived from", labels(out_by.get("derivedFrom", ()))),
                 ("Norms resting on it", sum(1 for s in in_by.get("instrument", ()) if net.nodes[s].get("kind") == "Norm") or None),
                 ("Mentioned in", _many(in_by.get("mentions", ()), "paragraph")),
                 ("Note", data.get("comment"))]  # fmt: skip
    elif kind == "Actor":
        rows += [("Type", subtype), ("Also called", _join(data.get("alt_labels", ()))),
                 ("Roles", labels(out_by.get("hasRole", ()))),
                 ("Bears", _many(in_by.get("bearer", ()), "norm")),
                 ("Holds", _many(in_by.get("holder", ()), "right")),
                 ("Benefits from", _many(in_by.get("beneficiary", ()), "norm")),
                 ("Mentioned in", _many(in_by.get("mentions", ()), "paragraph")),
                 ("Note", data.get("comment"))]  # fmt: skip
    elif kind == "StateRole":
        rows += [("Played by", labels(in_by.get("hasRole", ()))),
                 ("Norms binding it", len(in_by.get("appliesToRole", ())) or None)]  # fmt: skip
    elif kind == "Concept":
        rows += [("Definition", data.get("definition")), ("Broader", labels(out_by.get("broader", ()))),
                 ("Narrower", labels(in_by.get("broader", ()))), ("Also called", _join(data.get("alt_labels", ()))),
                 ("Topic of", len(in_by.get("topic", ())) or None)]  # fmt: skip
    elif kind == "Document":
        rows += [("Title", data.get("title")), ("Paragraphs", len(in_by.get("partOf", ())) or None),
                 ("Publisher", labels(out_by.get("publisher", ())))]  # fmt: skip
    rows.append(("IRI", node))
    return [[name, str(value)] for name, value in rows if value not in (None, "", 0)]


# --------------------------------------------------------------------------------------------
# The page


LAYOUTS = ("force", "barnes-hut", "layered")
# Level of each kind in the layered layout: where a norm comes from, the norm, who it binds.
_LEVELS = {"Instrument": 0, "Document": 0, "Paragraph": 1, "Norm": 2, "Claim": 2, "Concept": 3,
           "Actor": 4, "StateRole": 4}  # fmt: skip
# Above this many nodes the page leaves claims out (they are two thirds of a big corpus's bytes),
# cuts long texts and skips detail rows the connections list repeats: 1M triples give a page of
# ~15 MB instead of ~43 MB (docs/view.md).
DETAIL_LIMIT = 5000
LONG_TEXT = 300
_BIG_SKIP = frozenset({"IRI", "Mentions"})


def _options(nodes: int, seed: int, layout: str) -> dict[str, Any]:
    large = nodes > LARGE
    physics: dict[str, Any] = {
        "enabled": True,
        "maxVelocity": 40,
        "minVelocity": 1.5,
        "timestep": 0.5,
        # Iterations are most of the time to a settled layout (linear in them); past 150 the
        # seed graph's picture barely changes (benchmarks/view_layout.py, docs/view.md).
        "stabilization": {"enabled": True, "iterations": 300 if not large else 150, "updateInterval": 10, "fit": True},
    }
    hierarchical: Any = False
    if layout == "force":
        physics["solver"] = "forceAtlas2Based"
        physics["forceAtlas2Based"] = {"gravitationalConstant": -60, "centralGravity": 0.01, "springLength": 90,
                                       "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.6}  # fmt: skip
    elif layout == "barnes-hut":
        physics["solver"] = "barnesHut"
        physics["barnesHut"] = {"gravitationalConstant": -3000, "centralGravity": 0.3, "springLength": 95,
                                "springConstant": 0.04, "damping": 0.3, "avoidOverlap": 0.5}  # fmt: skip
    else:
        physics["solver"] = "hierarchicalRepulsion"
        physics["hierarchicalRepulsion"] = {"nodeDistance": 60, "avoidOverlap": 0.5}
        hierarchical = {"enabled": True, "direction": "LR", "sortMethod": "directed", "levelSeparation": 260,
                        "nodeSpacing": 40, "shakeTowards": "roots"}  # fmt: skip
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": not large, "hierarchical": hierarchical},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "navigationButtons": False, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": False},  # fmt: skip
        # Labels are drawn by the page (placed so that none overlaps), not by vis-network.
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3, "scaling": {"min": 7, "max": 28, "label": {"enabled": False}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.35}}, "width": 0.7, "selectionWidth": 2,
                  "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "hoverWidth": 1.5},  # fmt: skip
    }


def _terms(node: str, data: dict[str, Any]) -> str:
    """What search finds a node by besides its label: its id, other names, title, ¶number."""
    terms = [node.rsplit("/", 1)[-1], *map(str, data.get("alt_labels", ()))]
    if data.get("title"):
        terms.append(str(data["title"]))
    if data.get("kind") == "Paragraph" and data.get("number") is not None:
        terms.append(f"¶{data['number']}")
    if data.get("eid"):
        terms.append(str(data["eid"]))
    return "\n".join(terms).casefold()


def _payload(net: nx.MultiDiGraph, context: nx.MultiDiGraph, *, size_by: str, seed: int, centre: str | None,
             hidden_kinds: Iterable[str], layout: str, budget: int, max_nodes: int) -> dict[str, Any]:  # fmt: skip
    """Every node and edge of ``net`` (edges as ``[from, to, relation, inferred]``), the groups of
    the overview as extra nodes, and which of them the page draws first."""
    left_out = 0
    if net.number_of_nodes() > DETAIL_LIMIT:  # claims are most of a big page: they stay in the graph
        claims = [n for n, k in net.nodes(data="kind") if k == "Claim" and n != centre]
        left_out = len(claims)
        net = net.subgraph(set(net) - set(claims)).copy()
    plan = overview(net, budget, centre)
    order = sorted(net.nodes)
    index = {node: i for i, node in enumerate(order)}
    gindex = {g: len(order) + i for i, g in enumerate(sorted(plan.groups))}
    ref = {**index, **gindex}
    simple = undirected(net)
    degree = dict(simple.degree())
    # Node size only: a sampled estimate above 1,000 nodes keeps rendering to seconds.
    big = len(order) > DETAIL_LIMIT
    between, sample = betweenness(simple, seed=seed, exact_limit=1000, sample=10 if big else 150)
    hidden = set(hidden_kinds)
    nodes: list[dict[str, Any]] = []
    for node in order:
        data = net.nodes[node]
        details = _details(context, node) if node in context else []
        if big:  # the page stays loadable: long texts cut, lists the connections repeat left out
            details = [[k, _clip(v, LONG_TEXT) if len(v) > LONG_TEXT else v] for k, v in details if k not in _BIG_SKIP]
        entry = {"id": index[node], "name": str(data.get("label", node)), "kind": data.get("kind"),
                 "subtype": data.get("subtype"), "iri": node, "details": details, "terms": _terms(node, data),
                 "degree": degree.get(node, 0), "betweenness": round(between.get(node, 0.0), 6)}  # fmt: skip
        if node in plan.parent:
            entry["parent"] = ref[plan.parent[node]]
        nodes.append(entry)
    def leaves(gid: str) -> list[str]:
        return [x for m in plan.groups[gid].members for x in (leaves(m) if m in plan.groups else [m])]

    for gid in sorted(plan.groups):
        group = plan.groups[gid]
        entry = {"id": gindex[gid], "name": group.label, "kind": group.kind, "subtype": "Group", "iri": "group:" + gid,
                 "details": [[k, v] for k, v in group.facts] + [["Holds", f"{group.count:,}"]],
                 "terms": gid.casefold(), "degree": sum(degree.get(m, 0) for m in leaves(gid)), "betweenness": 0.0,
                 "group": [ref[m] for m in group.members], "count": group.count}  # fmt: skip
        if gid in plan.parent:
            entry["parent"] = ref[plan.parent[gid]]
        nodes.append(entry)
    relation_index = {r: i for i, r in enumerate(RELATIONS)}
    edges = []
    for u, v, relation, data in sorted(net.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        edge = [index[u], index[v], relation_index[relation]]
        if data.get("inferred"):
            edge.append(1)  # drawn dashed: the annotator's inference, not the text's words
        edges.append(edge)
    kinds_count: dict[str, int] = {}
    for _, kind in net.nodes(data="kind"):
        kinds_count[kind] = kinds_count.get(kind, 0) + 1
    relations_count: dict[str, int] = {}
    for _, _, relation in net.edges(keys=True):
        relations_count[relation] = relations_count.get(relation, 0) + 1
    kinds = [{"name": k, "colour": STYLE[k][0], "border": STYLE[k][1], "shape": STYLE[k][2], "dashes": STYLE[k][3],
              "count": kinds_count[k], "hidden": k in hidden} for k in KINDS if kinds_count.get(k)]  # fmt: skip
    relations = [{"name": r, "colour": RELATION_COLOURS[r], "count": relations_count[r]}
                 for r in RELATIONS if relations_count.get(r)]  # fmt: skip
    return {
        "seed": seed,
        "sizeBy": size_by,
        "layout": layout,
        "levels": _LEVELS,
        "centre": index.get(centre) if centre else None,
        "total": {"nodes": net.number_of_nodes(), "edges": net.number_of_edges()},
        "leftOut": left_out,
        "roots": [ref[r] for r in plan.roots],
        "opened": [ref[g] for g in plan.opened],
        "maxDrawn": max_nodes,
        "betweennessSample": sample,
        "kinds": kinds,
        "relations": relations,
        "relationNames": list(RELATIONS),
        "weak": sorted(WEAK_RELATIONS),
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(plan.roots), seed, layout),
    }


# Relations drawn only between nodes that are themselves drawn: through a group they would say
# little (every document mentions every big actor).
WEAK_RELATIONS = frozenset({"mentions", "topic", "about", "source"})


def render_view(net: nx.MultiDiGraph, heading: str = "normgraph", *, context: nx.MultiDiGraph | None = None,
                max_nodes: int = DEFAULT_MAX_NODES, max_edges: int | None = DEFAULT_MAX_EDGES,
                size_by: str = "degree", seed: int = SEED, description: str | None = None,
                hidden_kinds: Iterable[str] = (), csp: bool = True, layout: str = "force",
                budget: int = OVERVIEW_BUDGET) -> str:  # fmt: skip
    """The page for a projected network (any result of :mod:`normgraph.graph.network`).

    ``context`` is the whole projection the details are read from (default: ``net``); the page
    draws an overview of at most ``budget`` nodes first (see :func:`~normgraph.graph.network.
    overview`) and never more than ``max_nodes`` at once as the reader opens nodes
    (``max_edges`` is kept for the command line and no longer used); ``size_by`` is ``degree``,
    ``betweenness`` or ``uniform``; ``layout`` one of :data:`LAYOUTS` (measured: docs/view.md);
    ``hidden_kinds`` start unticked in the legend; ``csp=False`` leaves out the
    Content-Security-Policy (tests use it to show the escaping holds on its own).
    """
    from ..errors import NormgraphError

    if size_by not in SIZE_BY:
        raise NormgraphError(f"unknown size {size_by!r}; choose from {', '.join(SIZE_BY)}")
    if layout not in LAYOUTS:
        raise NormgraphError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    context = net if context is None else context
    centre = net.graph.get("centre")
    payload = _payload(net, context, size_by=size_by, seed=seed, centre=centre, hidden_kinds=hidden_kinds,
                       layout=layout, budget=budget, max_nodes=max_nodes)  # fmt: skip
    js, css = _vis_assets()
    from markupsafe import Markup

    total = payload["total"]
    summary = f"{total['nodes']:,} nodes and {total['edges']:,} edges"
    if description:
        summary = f"{description}: {summary}"
    notice = []
    if payload["leftOut"]:
        notice.append(f"{payload['leftOut']:,} claims are left out of this page to keep it quick to open; the graph "
                      "has them (normgraph query, or normgraph viz --ego PARAGRAPH for one paragraph's).")  # fmt: skip
    page = _template().render(
        heading=heading,
        summary=summary,
        notice=notice,
        kinds=[{**k, "glyph": Markup(_GLYPHS[k["shape"]])} for k in payload["kinds"]],
        relations=payload["relations"],
        inferred_edges=sum(1 for e in payload["edges"] if len(e) > 3),
        size_by=size_by,
        sizes=SIZE_BY,
        csp=_CSP_SLOT if csp else None,
        vis_css=Markup(css),
        vis_js=Markup(js),
        data=Markup(script_json(payload)),
    )
    if csp:
        page = page.replace(_CSP_SLOT, _csp(page), 1)
    return page


def render_html(graph: KnowledgeGraph, heading: str = "normgraph", *, ego_node: str | None = None, depth: int = 1,
                kinds: Iterable[str] | None = None, relations: Iterable[str] | None = None,
                max_nodes: int = DEFAULT_MAX_NODES, max_edges: int | None = DEFAULT_MAX_EDGES,
                size_by: str = "degree", seed: int = SEED, hidden_kinds: Iterable[str] = (),
                csp: bool = True, layout: str = "force") -> str:  # fmt: skip
    """The view of a built graph as one HTML string with everything inlined.

    ``kinds`` / ``relations`` keep some node types / relations (see
    :func:`normgraph.graph.network.select`); ``ego_node`` keeps what lies within ``depth`` steps
    of that node in what is left (an IRI, an id such as ``instrument/icrmw``, or a label).
    """
    full = project(graph)
    net = full
    description = None
    if kinds is not None or relations is not None:
        net = select(net, kinds, relations)
    if ego_node is not None:
        net = ego(net, ego_node, depth)
        centre = net.graph["centre"]
        description = f"Within {depth} step{'s' if depth != 1 else ''} of {full.nodes[centre].get('label', centre)}"
    return render_view(net, heading, context=full, max_nodes=max_nodes, max_edges=max_edges, size_by=size_by,
                       seed=seed, description=description, hidden_kinds=hidden_kinds, csp=csp,
                       layout=layout)  # fmt: skip


def write_html(graph: KnowledgeGraph, path: str | Path, heading: str = "normgraph", **options: Any) -> Path:
    """Write :func:`render_html` atomically; ``options`` as there."""
    write_output(path, render_html(graph, heading, **options).encode("utf-8"))
    return Path(path)


__all__ = ["DEFAULT_MAX_EDGES", "DEFAULT_MAX_NODES", "STYLE", "render_html", "render_view", "script_json", "write_html"]
