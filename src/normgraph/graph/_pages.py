"""The pages ``normgraph serve`` shows a person: the landing page at ``/``, the SPARQL query editor
(YASGUI, vendored in ``static/yasgui``: ``scripts/vendor-yasgui.sh``) at ``/query``, their static
files, and the JSON-LD context at ``/context.jsonld``.

The editor works offline and is told so twice: its configuration (``static/editor.js``) turns off
every completer that asks a web service (Linked Open Vocabularies) and uses the bundled prefix
list, never prefix.cc; and the page is served under a Content-Security-Policy that lets it load
scripts and styles from this server only and connect to nothing else. Its settings — the endpoint,
the named queries, the graph's prefixes — travel as JSON in a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, so no text of a query can end the block.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

EDITOR_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
"""Scripts and styles from this server, requests to this server. Inline styles are allowed:
YASGUI and CodeMirror set ``style`` attributes as they lay out (no script can come of them)."""
LANDING_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"

_STATIC = {
    "yasgui/yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui/yasgui.min.css": "text/css; charset=utf-8",
    "yasgui/LICENSE": "text/plain; charset=utf-8",
    "yasgui/VERSION": "text/plain; charset=utf-8",
    "editor.js": "text/javascript; charset=utf-8",
    "normgraph.css": "text/css; charset=utf-8",
}
"""Every file ``/static/`` serves: a fixed list, so no path a client writes reaches the disk."""
IDS = "https://w3id.org/normgraph/id/"


def static_file(name: str) -> tuple[bytes, str] | None:
    """The bytes and media type of ``/static/{name}``, or None for any other name."""
    media = _STATIC.get(name)
    return None if media is None else (_read(f"static/{name}"), media)


@cache
def _read(relative: str) -> bytes:
    return files(__package__ or "normgraph.graph").joinpath(relative).read_bytes()


def context_document() -> bytes | None:
    """``ontology/context.jsonld`` as the package holds it now (read at each request), or None."""
    resource = files("normgraph.ontology").joinpath("context.jsonld")
    try:
        return resource.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def prefixes() -> dict[str, str]:
    """The prefixes the graph is written with (the exports'), and ``ngr:`` for its own IRIs."""
    from .export import PREFIXES

    return {**PREFIXES, "ngr": IDS}


def editor_settings(query_path: str = "/query", update_path: str = "/update") -> dict[str, object]:
    from ..queries._catalog import list_queries

    known = prefixes()
    declared = "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in known.items())
    default = (f"{declared}\n\n# How many of each class of the ontology the graph holds\n"
               "SELECT ?class (COUNT(DISTINCT ?thing) AS ?count) WHERE {\n"
               "  ?thing a ?class .\n  FILTER(STRSTARTS(STR(?class), STR(ng:)))\n}\n"
               "GROUP BY ?class\nORDER BY DESC(?count) ?class\n")
    queries = [{"name": q.name, "title": q.title, "description": q.description, "sparql": q.sparql}
               for q in list_queries()]
    return {"query": query_path, "update": update_path, "prefixes": known, "defaultQuery": default,
            "queries": queries}


@cache
def editor_page() -> str:
    return _read("editor.html").decode("utf-8").replace("{{settings}}", embedded_json(editor_settings()), 1)


def embedded_json(value: object) -> str:
    """JSON to sit inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` (nothing
    can close the block or open a comment), U+2028/9 escaped; ``JSON.parse`` reads back ``value``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@cache
def landing_page() -> str:
    return _read("landing.html").decode("utf-8")


def wants_html(accept: str) -> bool:
    """Whether an Accept header asks for HTML (as a browser's navigation does), q=0 aside."""
    for item in accept.split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        if kind.lower() not in ("text/html", "application/xhtml+xml"):
            continue
        quality = next((p.split("=", 1)[1] for p in params if p.lower().startswith("q=")), "1")
        try:
            if float(quality) > 0:
                return True
        except ValueError:
            continue
    return False


__all__ = ["EDITOR_CSP", "LANDING_CSP", "context_document", "editor_page", "editor_settings", "embedded_json", "landing_page",
           "prefixes", "static_file", "wants_html"]
