"""The ``normgraph`` command: parse arguments, call the library, print, map errors to exit codes.

Heavy libraries are imported inside the commands that need them, so ``--help`` and light
commands start fast. Every error users can cause ends as one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ._text import one_line, printable
from .errors import NormgraphError, QueryError

F = TypeVar("F", bound=Callable[..., Any])

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "xml")


def _fail(message: str, code: int = 1) -> None:
    click.echo(one_line(f"normgraph: error: {message}"), err=True)
    sys.exit(code)


class _Terminated(Exception):
    """SIGTERM, raised where the program is so that ``finally`` blocks remove temporary files."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def _terminable(func: F) -> F:
    """SIGTERM (``kill``, a CI timeout) unwinds like Ctrl-C instead of ending the process on the
    spot: commands that write files leave no temporary files behind (issue #13, finding 15)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import signal

        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        try:
            return func(*args, **kwargs)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper  # type: ignore[return-value]


def _friendly(func: F) -> F:
    """Turn the errors a user can cause into one line on stderr, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_utf8(kwargs)
            return func(*args, **kwargs)
        except NormgraphError as exc:
            _fail(str(exc))
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except _Terminated:
            _fail("terminated", 143)
        except MemoryError:  # the last resort; texts have a size limit (docs/robustness.md)
            _fail("out of memory (building takes about 30 bytes of memory per byte of text; see docs/robustness.md)")

    return wrapper  # type: ignore[return-value]


def _check_utf8(kwargs: dict[str, Any]) -> None:
    """Text arguments must be UTF-8: Python hands invalid bytes on as lone surrogates, which
    fail far away (in the SPARQL parser, in an encoder) with a traceback. Paths may hold any
    bytes the file system allows, so they are not checked."""
    for name, value in kwargs.items():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    ctx = click.get_current_context(silent=True)
                    params = ctx.command.params if ctx is not None else []
                    option = next((max(p.opts, key=len) for p in params if p.name == name), name)
                    raise NormgraphError(f"{option}: {item!r} is not valid UTF-8 text") from None


class _Seconds(click.ParamType):
    """A duration: a finite number of seconds above zero (nan, inf and -1 are not durations)."""

    name = "seconds"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        import math

        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0 or seconds > 86_400:
            self.fail(f"{value!r} is not a duration between 0 and 86400 seconds", param, ctx)
        return seconds


SECONDS = _Seconds()

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder (one sub-folder per document). Default: the corpus bundled with normgraph.",
)


from ._console import progress as _progress
from ._console import step as _step


def data_options(func: F) -> F:
    """``--data FILE`` (repeatable) and ``--data-format``: work on RDF files instead of a corpus.
    The files are kept for :func:`_graph`, which every command here builds its graph with."""

    @functools.wraps(func)
    def wrapper(*args: Any, data: tuple[Path, ...] = (), data_format: str | None = None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        ctx.meta["normgraph.data"] = (data, data_format, kwargs.get("corpus") is not None)
        return func(*args, **kwargs)  # errors are raised in _data_graph, inside the command's _friendly

    wrapper = click.option("--data-format", default=None, metavar="FORMAT",
                           help="The format of the --data files (default: from each file's extension).")(wrapper)
    wrapper = click.option("--data", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
                           metavar="FILE", help="Use these RDF files (repeatable: one graph) instead of a corpus: "
                                                "ttl, nt, nq, trig, jsonld, rdf/owl/xml.")(wrapper)
    return wrapper  # type: ignore[return-value]


def _data_graph():  # type: ignore[no-untyped-def]
    """The graph of the command's --data files, or None when it has none."""
    ctx = click.get_current_context(silent=True)
    data, data_format, with_corpus = ctx.meta.get("normgraph.data", ((), None, False)) if ctx is not None else ((), None, False)
    if not data:
        return None
    if with_corpus:
        raise NormgraphError("--data and --corpus: give one or the other")
    from .graph.store import load_graph

    with _step(f"loading {len(data)} file(s)"):
        return load_graph(*data, format=data_format)


def jsonld_options(func: F) -> F:
    """``--jsonld``, ``--jsonld-context``, ``--frame``: how JSON-LD is written (docs/jsonld.md)."""
    func = click.option("--frame", default=None, metavar="NAME|FILE",
                        help="JSON-LD framed: one object per match, with what the frame nests (norm: each norm with "
                             "its paragraph, bearers and instruments; or a frame file). Implies -f jsonld.")(func)
    func = click.option("--jsonld-context", "jsonld_context", default=None, metavar="URL",
                        help="Reference the JSON-LD context at URL instead of embedding it (normgraph serve "
                             "publishes it at /context.jsonld).")(func)
    return click.option("--jsonld", "jsonld_form", type=click.Choice(("compact", "expanded")), default=None,
                        help="JSON-LD compacted with normgraph's context (the default), or expanded (no context, "
                             "as before).")(func)


def _jsonld_settings(fmt: str, form: str | None, context_url: str | None, frame: str | None) -> dict[str, Any]:
    """The JSON-LD options for serialize(), refused in one line where they cannot apply."""
    if fmt != "jsonld":
        if form or context_url or frame:
            raise NormgraphError("--jsonld, --jsonld-context and --frame apply to JSON-LD only (-f jsonld, or a "
                                 ".jsonld file)")
        return {}
    if form == "expanded" and (context_url or frame):
        raise NormgraphError("--jsonld expanded has no context and no frame: leave out --jsonld-context and --frame")
    if context_url is not None and (not context_url.strip() or any(c.isspace() for c in context_url)):
        raise NormgraphError(f"--jsonld-context {context_url!r}: not a URL")
    if frame is not None:
        from .graph._jsonld import load_frame

        load_frame(frame)  # a missing or broken frame is refused before any building
    return {"jsonld": form or "compact", "context_url": context_url, "frame": frame}


def _graph(corpus: Path | None, infer: bool | str = False):  # type: ignore[no-untyped-def]
    # The graph built last time is reused while the corpus, the ontology and normgraph are
    # unchanged, and each unchanged document's part of it when some changed
    # (normgraph.graph.cache; NORMGRAPH_CACHE=0 turns that off).
    from ._console import note
    from .graph.cache import cached_build

    graph = _data_graph()
    if graph is None:
        with _step("building the graph"):
            built = cached_build(corpus, progress=_progress)
        if built.how == "hit":
            note(f"the graph of {built.documents:,} document(s) came from the build cache (nothing changed)")
        elif built.how == "pieces":
            note(f"rebuilt {len(built.rebuilt):,} of {built.documents:,} document(s); the others came from the build cache")
        graph = built.graph
    if infer:  # True, or the name of an engine (graph.inference.ENGINES)
        from .graph.inference import infer as run_inference

        with _step("inferring OWL 2 RL entailments"):
            added = run_inference(graph, "auto" if infer is True else infer)
        note(f"inferred {added:,} triples (graph ngr:graph/inferred)")
    return graph


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normgraph")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress or timing on stderr (shown only on a terminal anyway, never in pipes or logs).")
def main(quiet: bool) -> None:
    """Policy and legal texts as a knowledge graph of instruments, obligations and actors."""
    from ._console import set_quiet

    set_quiet(quiet)


@main.command()
@corpus_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for normgraph.ttl, normgraph.trig and normgraph.html.")
@_friendly
@_terminable
def build(corpus: Path | None, out: Path) -> None:
    """Build the graph; write Turtle, TriG and the HTML view; print a summary."""
    from ._files import write_outputs
    from .graph.export import serialize
    from .graph.view import render_html
    from .queries.stats import compute_stats

    graph = _graph(corpus)
    # all three in memory first, then replaced as a set: never new Turtle beside an old view
    outputs = []
    with _step("writing Turtle"):
        outputs.append((out / "normgraph.ttl", serialize(graph, "turtle")))
    with _step("writing TriG"):
        outputs.append((out / "normgraph.trig", serialize(graph, "trig")))
    with _step("drawing the HTML view"):
        outputs.append((out / "normgraph.html", render_html(graph, heading="normgraph").encode("utf-8")))
    with _step(f"saving to {out}"):
        write_outputs(outputs)
    written = [path for path, _ in outputs]
    stats = compute_stats(graph)
    click.echo(printable(stats.text()))
    click.echo("")
    for path in written:
        click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")


@main.command(name="export")
@corpus_option
@data_options
@click.option("--format", "-f", "fmt", default=None, metavar="FORMAT",
              help="turtle (ttl), ntriples (nt), nquads (nq), trig, jsonld or xml (rdf, owl). Default: from -o's extension.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (atomically). Default: standard output.")
@click.option("--infer", is_flag=True,
              help="Add OWL 2 RL entailments, less the noise (graph ngr:graph/inferred; docs/performance.md).")
@click.option("--infer-engine", "engine", default=None, metavar="ENGINE",
              help="Inference engine: reasonable (fast; the default), owlrl (the reference) or auto. Implies --infer.")
@jsonld_options
@_friendly
@_terminable
def export_command(corpus: Path | None, fmt: str, output: Path | None, infer: bool, engine: str | None,
                   jsonld_form: str | None, jsonld_context: str | None, frame: str | None) -> None:
    """Write the graph in one format: turtle, ntriples, nquads, trig, jsonld or xml."""
    from .graph.export import format_of, serialize

    if fmt is None and output is None and frame is not None:
        fmt = "jsonld"
    if fmt is None and output is None:
        raise NormgraphError("give --format (turtle, ntriples, nquads, trig, jsonld, xml) or -o FILE with its extension")
    fmt = format_of(output or "", fmt)  # refused in one line before any building
    settings = _jsonld_settings(fmt, jsonld_form, jsonld_context, frame)
    if engine is not None:  # refused in one line before any building
        from .graph.inference import check_engine

        infer = check_engine(engine)  # type: ignore[assignment]
    graph = _graph(corpus, infer)
    with _step(f"writing {fmt}"):
        data = serialize(graph, fmt, **settings)
    _write_out(data, output)


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "from_format", default=None, metavar="FORMAT", help="SOURCE's format (default: its extension).")
@click.option("--to", "-f", "to_format", default=None, metavar="FORMAT", help="TARGET's format (default: its extension).")
@jsonld_options
@_friendly
@_terminable
def convert(source: Path, target: Path, from_format: str | None, to_format: str | None, jsonld_form: str | None,
            jsonld_context: str | None, frame: str | None) -> None:
    """Convert an RDF file into another format (ttl, nt, nq, trig, jsonld, rdf/owl/xml), written
    atomically in normgraph's canonical order; TARGET - writes to standard output."""
    from .graph.export import FORMATS, format_of, serialize
    from .graph.store import load_graph

    to_stdout = str(target) == "-"
    fmt = format_of("" if to_stdout else target, to_format, option="--to")
    format_of(source, from_format, option="--from")  # both refused in one line before any reading
    settings = _jsonld_settings(fmt, jsonld_form, jsonld_context, frame)
    with _step(f"loading {source}"):
        graph = load_graph(source, format=from_format)
    with _step(f"writing {fmt}"):
        data = serialize(graph, fmt, **settings)
    graphs = sum(1 for _ in graph.store.named_graphs())
    if graphs and not FORMATS[fmt].keeps_graphs:
        click.echo(f"note: the {graphs} named graph(s) of {source} are merged into one: {fmt} has none", err=True)
    _write_out(data, None if to_stdout else target)


def _write_out(data: bytes, output: Path | None) -> None:
    """``data`` to standard output, or atomically to ``output`` with a note of its size."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ._files import write_output

    write_output(output, data)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)", err=True)


@main.command()
@corpus_option
@data_options
@click.option("--shapes", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="SHACL shapes file. Default: the shapes bundled with normgraph.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Validate this RDF file (e.g. an edited export) instead of building the corpus (as --data).")
@click.option("--engine", default="auto", show_default=True, metavar="ENGINE",
              help="fast (SHACL compiled to SPARQL on pyoxigraph), pyshacl (the reference) or auto "
                   "(fast, with pySHACL for any shape the fast engine cannot compile).")
@_friendly
def validate(corpus: Path | None, shapes: Path | None, graph_file: Path | None, engine: str) -> None:
    """Check the graph against the SHACL shapes: exit 0 when it conforms, 1 with a report when not."""
    from .graph.store import load_graph
    from .graph.validate import check_engine
    from .graph.validate import validate as run_validation

    check_engine(engine)  # refused in one line before any building
    context = click.get_current_context()
    from_files = bool(graph_file) or bool(context.meta.get("normgraph.data", ((),))[0])
    if graph_file:  # the older name of --data, for one file
        with _step(f"loading {graph_file}"):
            graph = load_graph(graph_file)
    else:
        graph = _graph(corpus)
    with _step(f"validating {len(graph):,} quads ({engine} engine)"):
        report = run_validation(graph, shapes, engine=engine)
    where = None
    if report.violations and not from_files:  # point at the annotation lines to edit
        from .builders.corpus import load_corpus
        from .graph.validate import focus_sources

        where = focus_sources(load_corpus(corpus))
    click.echo(printable(report.text(where)))
    if not report.conforms:
        sys.exit(1)


@main.command()
@corpus_option
@data_options
@click.option("--network", "network_report", is_flag=True,
              help="Also the network: centrality of instruments and actors, components, busiest paragraphs.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows per ranking with --network.")
@_friendly
def stats(corpus: Path | None, network_report: bool, top: int) -> None:
    """Counts by class and paragraph coverage (with --network, network analytics too)."""
    from .queries.stats import compute_stats

    graph = _graph(corpus)
    click.echo(printable(compute_stats(graph).text()))
    if network_report:
        from .graph.network import analyse, project

        click.echo("")
        click.echo(printable(analyse(project(graph), top=top).text()))


def _view_options(func: F) -> F:
    """The options that choose a part of the network: shared by `viz` and `network`."""
    options = [
        click.option("--ego", "ego_node", default=None, metavar="NODE",
                     help="Only what lies around NODE: an IRI, an id (instrument/icrmw, p38) or a label."),
        click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Steps from --ego."),
        click.option("--type", "kinds", multiple=True, metavar="TYPE[,TYPE]",
                     help="Keep these node types (Instrument, Norm, Actor, StateRole, Paragraph, Concept, Document, Claim)."),
        click.option("--relation", "relations", multiple=True, metavar="REL[,REL]",
                     help="Keep these relations (bearer, holder, beneficiary, instrument, assertedIn, mentions, ...)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _network(corpus: Path | None, ego_node: str | None, depth: int, kinds: tuple[str, ...],
             relations: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from .graph.network import ego, project, select

    net = project(_graph(corpus))
    if kinds or relations:
        net = select(net, kinds or None, relations or None)
    return ego(net, ego_node, depth) if ego_node else net


@main.command()
@corpus_option
@data_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("normgraph.html"),
              show_default=True, help="HTML file to write.")
@_view_options
@click.option("--size-by", type=click.Choice(("degree", "betweenness", "uniform")), default="degree",
              show_default=True, help="What node size shows (the page can switch).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Most nodes drawn at once as the reader opens nodes. Default: what a browser lays out smoothly (2000).")
@click.option("--max-edges", type=click.IntRange(min=1), default=None,
              help="Kept for scripts; the page now draws an overview and groups instead.")
@click.option("--layout", type=click.Choice(("force", "barnes-hut", "layered")), default="force", show_default=True,
              help="The layout (force reads best, measured: docs/view.md).")
@click.option("--hide", "hidden", multiple=True, metavar="TYPE[,TYPE]", help="Node types that start hidden (tick to show).")
@click.option("--heading", default="normgraph", show_default=True, help="The page's heading.")
@_friendly
@_terminable
def viz(corpus: Path | None, output: Path, ego_node: str | None, depth: int, kinds: tuple[str, ...],
        relations: tuple[str, ...], size_by: str, max_nodes: int | None, max_edges: int | None,
        hidden: tuple[str, ...], heading: str, layout: str) -> None:
    """Write the interactive HTML view (self-contained, works offline)."""
    from .graph.network import KINDS, check_names
    from .graph.view import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, write_html

    graph = _graph(corpus)
    with _step("drawing the HTML view"):
        write_html(graph, output, heading, ego_node=ego_node, depth=depth, kinds=kinds or None,
                   relations=relations or None, size_by=size_by, max_nodes=max_nodes or DEFAULT_MAX_NODES,
                   max_edges=max_edges or DEFAULT_MAX_EDGES, hidden_kinds=check_names(hidden, KINDS, "node type"),
                   layout=layout)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)")


@main.command()
@corpus_option
@data_options
@_view_options
@click.option("--format", "-f", "fmt", type=click.Choice(("graphml", "gexf")), default=None,
              help="Write the network as GraphML or GEXF (scalar attributes) instead of the report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File for --format (written atomically). Default: standard output.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows per ranking in the report.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@_friendly
@_terminable
def network(corpus: Path | None, ego_node: str | None, depth: int, kinds: tuple[str, ...], relations: tuple[str, ...],
            fmt: str | None, output: Path | None, top: int, as_json: bool) -> None:
    """The graph as a network: centrality, components and busiest paragraphs, or GraphML/GEXF."""
    from .graph.network import analyse, network_bytes

    net = _network(corpus, ego_node, depth, kinds, relations)
    if fmt is None:
        if output is not None:
            raise click.UsageError("-o needs --format graphml or gexf")
        with _step("analysing the network"):
            report = analyse(net, top=top)
        if as_json:
            import json

            click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            click.echo(printable(report.text()))
    else:
        with _step(f"writing {fmt}"):
            data = network_bytes(net, fmt)
        _write_out(data, output)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {item!r} is not NAME=VALUE")
        params[name.strip()] = value
    return params


def _credentials(url: str, user: str | None, password_stdin: bool):  # type: ignore[no-untyped-def]
    """(the URL without credentials, Credentials or None). The password comes from
    NORMGRAPH_PASSWORD, stdin (--password-stdin), ~/.netrc or a prompt: never the command line."""
    from .graph._http import Credentials, netrc_credentials, redact, split_credentials

    clean, url_user, url_password = split_credentials(url)
    if url_password is not None:
        raise QueryError(
            f"{redact(url)}: a password in the URL is visible to every user of this machine and kept in "
            "shell history; give --user NAME and the password through NORMGRAPH_PASSWORD, --password-stdin or ~/.netrc"
        )
    user = user or url_user
    if user is None:
        if password_stdin:
            raise QueryError("--password-stdin needs --user NAME")
        return clean, netrc_credentials(clean)  # sent only if the store asks
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("NORMGRAPH_PASSWORD") is not None:
        password = os.environ["NORMGRAPH_PASSWORD"]
    elif (found := netrc_credentials(clean, user)) is not None:
        return clean, found
    elif sys.stdin.isatty():
        password = click.prompt(f"password for {user} at {redact(clean)}", hide_input=True, err=True)
    else:
        raise QueryError(f"no password for user {user!r}: set NORMGRAPH_PASSWORD, pipe it with --password-stdin, "
                         "or add the host to ~/.netrc")
    return clean, Credentials(user, password)


def auth_options(func: F) -> F:
    func = click.option("--password-stdin", is_flag=True,
                        help="Read the password from the first line of stdin (else NORMGRAPH_PASSWORD, ~/.netrc, a prompt).")(func)
    return click.option("--user", default=None, metavar="NAME",
                        help="Authenticate as NAME (Basic or Digest, as the store asks).")(func)  # type: ignore[return-value]


def _target(corpus: Path | None, endpoint: str | None, timeout: float, user: str | None = None,
            password_stdin: bool = False):  # type: ignore[no-untyped-def]
    if endpoint:
        from .graph.remote import Endpoint

        url, credentials = _credentials(endpoint, user, password_stdin)
        return Endpoint(url, timeout=timeout, credentials=credentials)
    if user or password_stdin:
        raise QueryError("--user and --password-stdin go with --endpoint")
    return _graph(corpus)


@main.command()
@corpus_option
@data_options
@click.argument("name", required=False)
@click.option("--sparql", default=None, help="Run this SPARQL text instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V",
              help="A parameter of the named query (repeatable); a label works where an IRI is expected.")
@click.option("--format", "-f", "fmt", type=click.Choice(("table", "csv", "tsv", "json")), default="table",
              show_default=True, help="Output for SELECT/ASK (CONSTRUCT always prints Turtle).")
@click.option("--endpoint", default=None, metavar="URL", help="Ask this SPARQL 1.1 endpoint instead of the local graph.")
@click.option("--timeout", type=SECONDS, default=30.0, show_default=True, help="Seconds to wait for an endpoint.")
@click.option("--wide", is_flag=True, help="Tables with every cell whole (so they are when written to a pipe or a file).")
@auth_options
@_friendly
def query(corpus: Path | None, name: str | None, sparql: str | None, params: tuple[str, ...], fmt: str,
          endpoint: str | None, timeout: float, wide: bool, user: str | None, password_stdin: bool) -> None:
    """Run a named query (see `normgraph queries`), a .rq file, or --sparql TEXT."""
    from .queries import run_file, run_named, run_sparql

    if (name is None) == (sparql is None):
        raise QueryError("give a query NAME (or a .rq file) or --sparql TEXT, not both")
    values = _params(params)
    if sparql is not None and values:
        raise QueryError("--param works with named queries and .rq files, not with --sparql")
    target = _target(corpus, endpoint, timeout, user, password_stdin)
    if sparql is not None:
        result = run_sparql(target, sparql)
    elif name is not None and name.endswith(".rq"):
        result = run_file(target, name, values)
    else:
        result = run_named(target, name or "", values)
    width = None
    if fmt == "table" and not wide and sys.stdout.isatty():  # fit the terminal (COLUMNS is honoured)
        import shutil

        width = shutil.get_terminal_size().columns
    click.echo(result.render(fmt, width), nl=False)


@main.command(name="queries")
@corpus_option
@_friendly
def queries_command(corpus: Path | None) -> None:
    """List the named queries with their parameters. With --corpus, also try each one on that
    corpus with its example parameters and say how many rows it gives."""
    from .queries import list_queries, run_named

    graph = _graph(corpus) if corpus is not None else None
    for named in list_queries():
        click.echo(f"{named.name}\n  {named.title}: {named.description}")
        for param in named.params:
            click.echo(f"  --param {param.signature()}: {param.description}")
        if graph is not None:
            examples = {p.name: p.example for p in named.params if p.example}
            try:
                rows = len(run_named(graph, named.name, examples))
                click.echo(f"  on {corpus}: {rows} row(s) with the example parameters")
            except NormgraphError as exc:
                click.echo(f"  on {corpus}: {exc}")
        click.echo("")


@main.command()
@corpus_option
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query endpoint, e.g. http://127.0.0.1:7878/query (Oxigraph), …:8890/sparql (Virtuoso).")
@click.option("--graph", "into", default=None, metavar="IRI", help="Load everything into this one named graph instead of one graph per document.")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Graph Store Protocol URL. Default: found from the endpoint (Oxigraph /store, Fuseki /data, Virtuoso /sparql-graph-crud[-auth], GraphDB …/rdf-graphs/service).")
@click.option("--update", "update_url", default=None, metavar="URL",
              help="SPARQL Update URL; given alone, push uses SPARQL Update only. Default: found from the endpoint.")
@click.option("--batch", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Triples per SPARQL Update request (a larger graph is staged, then moved into place).")
@click.option("--timeout", type=SECONDS, default=120.0, show_default=True, help="Seconds to wait for each request.")
@auth_options
@_friendly
def push(corpus: Path | None, endpoint: str, into: str | None, store_url: str | None, update_url: str | None,
         batch: int, timeout: float, user: str | None, password_stdin: bool) -> None:
    """Load the graph into a triple store, replacing each graph pushed (Graph Store Protocol PUT per
    graph; SPARQL Update in batches where there is none); success only once the store's counts match."""
    from .graph.push import push as push_graph

    endpoint, credentials = _credentials(endpoint, user, password_stdin)
    graph = _graph(corpus)
    with _push_progress() as progress:
        report = push_graph(graph, endpoint, into=into, store_url=store_url, update_url=update_url,
                            credentials=credentials, timeout=timeout, batch=batch, progress=progress)
    click.echo(printable(report.text()))


class _push_progress:  # noqa: N801 - used as a context manager, reads like a function
    """A bar on stderr (graphs, triples, rate) while pushing to a terminal; nothing otherwise."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        from ._console import shown

        self.bar = None
        self.started = __import__("time").perf_counter()
        if not shown():
            return None
        return self._update

    def _update(self, graphs: int, graphs_total: int, triples: int, triples_total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=triples_total, desc="normgraph: push", unit=" triples", unit_scale=True,
                            leave=False, file=sys.stderr)
        self.bar.set_postfix_str(f"graph {min(graphs + 1, graphs_total)}/{graphs_total}", refresh=False)
        self.bar.update(triples - self.bar.n)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
            from ._console import note

            seconds = __import__("time").perf_counter() - self.started
            note(f"pushed {self.bar.n:,} triples in {seconds:.1f} s" if not exc[0] else "push stopped")


@main.command()
@corpus_option
@data_options
@click.option("--location", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Keep the store in this folder, across restarts (default: a temporary copy). A new or empty "
                   "folder is loaded from the corpus or --data; an existing store is served as it is.")
@click.option("--reload", is_flag=True, help="With --location: replace the store's contents with the corpus or --data.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (https://host[:port], or *) read /query and /sparql (repeatable).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port; the URL printed names it).")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update and Graph Store writes (read-only without).")
@click.option("--allow-service", is_flag=True,
              help="Let queries call other endpoints with SERVICE (off: the server would fetch any URL asked of it).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name requests may address besides loopback and --host (repeatable).")
@click.option("--timeout", type=SECONDS, default=30.0, show_default=True,
              help="Seconds a query may run, its answer included, before it is stopped.")
@click.option("--max-body-mb", type=click.IntRange(1, 1 << 20), default=64, show_default=True,
              help="Largest request body accepted, in MiB.")
@click.option("--max-result-mb", type=click.IntRange(1, 1 << 20), default=512, show_default=True,
              help="Largest answer sent, in MiB (bigger ones are refused: add a LIMIT).")
@_friendly
def serve(corpus: Path | None, location: Path | None, reload: bool, cors: tuple[str, ...], host: str, port: int,
          allow_update: bool, allow_service: bool, allowed_hosts: tuple[str, ...], timeout: float, max_body_mb: int,
          max_result_mb: int) -> None:
    """Serve a SPARQL 1.1 Protocol endpoint (/query, /update, /store), a query editor (/query in a
    browser) and the view (/view)."""
    from .graph._guards import cors_origins
    from .graph.serve import MIB, ServeOptions, is_loopback
    from .graph.serve import serve as run_server

    try:
        origins = cors_origins(cors)
    except ValueError as exc:
        raise NormgraphError(f"--cors: {exc}") from None
    options = ServeOptions(host, port, allow_update, timeout, allow_service=allow_service, max_body=max_body_mb * MIB,
                           max_result=max_result_mb * MIB, allowed_hosts=allowed_hosts, cors=origins)
    chosen_token = os.environ.get("NORMGRAPH_SERVE_TOKEN", "")
    if chosen_token:
        options = dataclasses.replace(options, token=chosen_token)
    graph, view_html, kept = _served_graph(corpus, location, reload)

    def announce(base: str) -> None:
        mode = "read-write" if allow_update else "read-only"
        click.echo(f"normgraph: SPARQL endpoint at {base}/query ({mode}, {timeout:g} s timeout); in a browser: "
                   f"{base}/ (query editor at /query, view at /view)", err=True)
        if kept:
            click.echo(f"normgraph: {kept}" + (" (writes persist)" if allow_update else ""), err=True)
        if origins:
            click.echo(f"normgraph: cross-origin reads allowed from {', '.join(origins)}", err=True)
        if not is_loopback(host):
            click.echo(f"normgraph: warning: listening on {host}, not loopback: anyone who can reach this machine "
                       "can query it" + (" and change it" if allow_update else "") + ".", err=True)
        if allow_update:
            said = "$NORMGRAPH_SERVE_TOKEN" if chosen_token else f"the token {options.token}"
            click.echo(f"normgraph: writes sent as forms need {said} (HTTP Basic password or Bearer); "
                       "application/sparql-update needs none.", err=True)
        if allow_service:
            click.echo("normgraph: warning: SERVICE is on: queries can make this server fetch any URL it can reach.",
                       err=True)

    run_server(graph, view_html, options, announce, location=location)


def _served_graph(corpus: Path | None, location: Path | None, reload: bool):  # type: ignore[no-untyped-def]
    """The graph to serve and its view. With --location: a new folder is loaded, an existing store
    served as it is (its view drawn from it) unless --reload; a corpus or --data given for an
    existing store without --reload is refused rather than ignored or silently loaded."""
    from .graph import _location
    from .graph.view import render_html

    if location is None:
        if reload:
            raise NormgraphError("--reload: only with --location (without it every start loads the graph anew)")
        graph = _graph(corpus)
        return graph, render_html(graph), None
    kind = _location.inspect(location)
    if location.is_dir():  # a store, or an empty folder to load
        _location.hold(location)  # held until serve ends: no second serve loads or replaces it meanwhile
    given = corpus is not None or bool(click.get_current_context().meta.get("normgraph.data", ((),))[0])
    if kind == "store" and not reload:
        if given:
            raise NormgraphError(f"--location {location} already holds a store: add --reload to replace its contents "
                                 "with the --corpus/--data graph, or leave those out to serve it as it is")
        with _location.opened(location) as stored:
            return None, render_html(stored), f"serving the store in {location} as it is ({len(stored):,} quads)"
    graph = _graph(corpus)
    with _step(f"saving the store to {location}"):
        (_location.replace if kind == "store" else _location.create)(location, graph)
    _location.hold(location)
    done = "replaced" if kind == "store" else "loaded"
    return None, render_html(graph), f"the store in {location}: {done} ({len(graph):,} quads), kept across restarts"


@main.command(name="extract")
@click.argument("text", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Document folder to write (text.txt + annotations.yaml); its name is the document id.")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Corpus the draft will join: its registry ids are reused, not redefined. "
                   "Default: the folder the output sits in, when it holds other documents.")
@click.option("--standalone", is_flag=True, help="Read no corpus: the draft defines every id it uses.")
@click.option("--force", is_flag=True, help="Overwrite an existing annotations.yaml.")
@_friendly
@_terminable
def extract_command(text: Path, out: Path, corpus: Path | None, standalone: bool, force: bool) -> None:
    """Draft annotations for a new document: instruments, actors, state roles and norms, every norm
    machine-proposed with a confidence, in the curated format (``--corpus`` accepts it unchanged).
    TEXT is a plain text, or a PDF, HTML or Word (.docx) file whose text is read into text.txt."""
    from .extract.draft import extract_to_folder

    result = extract_to_folder(text, out, corpus=corpus, standalone=standalone, force=force)
    draft = result.draft
    document = draft.document
    source = result.source
    if source is not None and source.format != "text":  # line numbers below are text.txt's
        pages = f", {source.pages} page{'s' if source.pages != 1 else ''}" if source.pages else ""
        click.echo(f"read {text} as {source.format.upper()}{pages}" + "".join(f"; {note}" for note in source.notes))
        text = out / "text.txt"
    counts = document.counts()
    click.echo(f"structure: {document.layout}; " + ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}"
               for k in ("preamble", "annex", "part", "chapter", "section", "article", "paragraph", "point", "subpoint")
               if counts.get(k)))  # fmt: skip
    for warning in document.warnings:
        click.echo(f"  {text}:{warning.line}: {warning.message}")
    kinds = {kind: sum(n.type == kind for p in draft.paragraphs for n in p.norms) for kind in ("obligation", "recommendation", "right")}
    click.echo(f"{len(draft.paragraphs)} units drafted, {draft.norm_count} draft norms: "
               + ", ".join(f"{count} {kind}s" for kind, count in kinds.items()))
    click.echo(f"{len(draft.instruments)} instruments, {len(draft.actors)} actors"
               + (f" ({result.reused} ids reused from the corpus)" if result.reused else ""))
    click.echo(f"wrote {out / 'text.txt'} and {out / 'annotations.yaml'} (nothing reviewed yet)")


@main.command(name="evaluate")
@corpus_option
@click.option("--gold", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Curated document or corpus folder. Default: the --corpus folder.")
@click.option("--pred", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Drafted document or corpus folder (documents are paired by id).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How to print the figures.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures as JSON to this file.")
@click.option("--mistakes", is_flag=True, help="Also list the missed and spurious norms.")
@_friendly
def evaluate_command(corpus: Path | None, gold: Path | None, pred: Path, fmt: str, json_out: Path | None,
                     mistakes: bool) -> None:  # fmt: skip
    """Precision, recall and F1 of drafted against curated annotations: norms by paragraph and
    type, slot accuracy, instrument / actor / role mentions per paragraph."""
    from .builders.corpus import bundled_corpus
    from .extract.evaluate import evaluate

    report = evaluate(gold or corpus or bundled_corpus(), pred)
    if json_out is not None:
        json_out.write_text(report.json(), encoding="utf-8")
    if fmt == "json":
        click.echo(report.json(), nl=False)
        return
    click.echo(report.text(), nl=False)
    if mistakes:
        click.echo("")
        for item in report.mistakes:
            click.echo(f"  {item['kind']:<9}{item['type']:<15}{item['document']} para {item['paragraph']}: {item['quote']}")


if __name__ == "__main__":  # pragma: no cover
    main()
