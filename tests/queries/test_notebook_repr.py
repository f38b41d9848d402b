"""What a notebook shows: ``_repr_html_`` of query answers and graphs (escaped: text from the graph
never becomes markup, tried on tests/data/hostile-corpus) and their ``repr``."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from conftest import DATA
from normgraph import KnowledgeGraph, build_graph

NG = "https://w3id.org/normgraph/ontology#"
OURS = {"table", "caption", "thead", "tbody", "tr", "th", "td", "p", "b"}


class _Markup(HTMLParser):
    """Every tag and attribute a browser would see, and the text it would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _parse(page: str) -> _Markup:
    parser = _Markup()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile() -> KnowledgeGraph:
    return build_graph(DATA / "hostile-corpus")


_LABELS = ("SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label "
           "FILTER(CONTAINS(?label, '<') || CONTAINS(?label, '\"')) } ORDER BY ?label")
_QUOTES = f"SELECT ?norm ?quote WHERE {{ ?norm <{NG}quote> ?quote }} ORDER BY ?quote"


@pytest.mark.parametrize("sparql", [_LABELS, _QUOTES])
def test_hostile_text_in_a_result_table_stays_text(hostile, sparql):
    result = hostile.run(sparql)
    hostile_values = [str(v) for row in result.records() for v in row.values() if "<" in str(v) or '"' in str(v)]
    assert hostile_values  # the corpus does put markup in these columns
    page = result._repr_html_()
    markup = _parse(page)
    assert set(markup.tags) <= OURS and markup.attributes == [("class", "normgraph")] and not markup.comments
    shown = "".join(markup.text)
    for value in hostile_values:  # every hostile value is there, as the text it is
        assert " ".join(value.split()) in shown
    assert "<script" not in page and "<img" not in page and "<svg" not in page


def test_a_construct_answer_and_the_graph_summary_are_escaped_too(hostile):
    construct = hostile.run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(?o, '<')) }}")
    assert len(construct) > 5
    for page in (construct._repr_html_(), hostile._repr_html_()):
        markup = _parse(page)
        assert set(markup.tags) <= OURS and not markup.comments
        assert {value for _, value in markup.attributes} == {"normgraph"}
    summary = "".join(_parse(hostile._repr_html_()).text)
    assert "Hostile </script><script>window.__xss='title'</script> document" in summary  # the title, as text
    assert "ng:Obligation" in summary and "Resources by class" in summary and "A few triples" in summary


def test_the_seed_summary_counts_classes_and_names_its_document(seed_graph):
    page = seed_graph._repr_html_()
    shown = " ".join(_parse(page).text)
    assert f"{len(seed_graph):,} triples in 3 named graphs" in shown
    stats = seed_graph.run("counts-by-class").records()
    obligations = next(r["count"] for r in stats if r["class"] == NG + "Obligation")
    assert f"<td>ng:Obligation</td><td>{obligations}</td>" in page
    assert html.escape("Migrant workers, people trafficking, xenophobia and human rights", quote=True) in page


def test_long_answers_show_their_start_and_say_how_many(seed_graph):
    result = seed_graph.run(f"SELECT ?p ?text WHERE {{ ?p a <{NG}Paragraph> ; <{NG}text> ?text }}")
    assert len(result) == 70
    page = result._repr_html_()
    assert page.count("<tr>") == 1 + 50 and "70 rows, the first 50 shown" in page
    assert max(len(cell) for cell in _parse(page).text) <= 300  # a paragraph's text is cut


def test_reprs_are_one_line_summaries(seed_graph):
    assert repr(seed_graph) == f"<KnowledgeGraph: {len(seed_graph):,} triples in 3 named graphs>"
    assert repr(seed_graph.run("norms-by-role", role="transit")) == (
        "<QueryResult SELECT: 3 rows × role, roleLabel, norm, type, bearerLabel, negated, paragraph, number, quote>")
    assert repr(seed_graph.run(f"ASK {{ ?r a <{NG}Right> }}")) == "<QueryResult ASK: true>"
    assert repr(seed_graph.run(f"CONSTRUCT {{ ?p a ?t }} WHERE {{ ?p a ?t ; <{NG}number> 38 }}")) == (
        "<QueryResult graph: 2 triples>")
    assert seed_graph.run(f"ASK {{ ?r a <{NG}Nothing> }}")._repr_html_() == "<p>ASK: <b>false</b></p>"
