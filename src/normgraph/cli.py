"""The ``normgraph`` command: parse arguments, call the library, print, map errors to exit codes.

Heavy libraries are imported inside the commands that need them, so ``--help`` and light
commands start fast. Every error users can cause ends as one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import NormgraphError

F = TypeVar("F", bound=Callable[..., Any])

EXPORT_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld", "xml")


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"normgraph: error: {message}", err=True)
    sys.exit(code)


def _friendly(func: F) -> F:
    """Turn the errors a user can cause into one line on stderr, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NormgraphError as exc:
            _fail(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}")
        except KeyboardInterrupt:
            _fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]


corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder (one sub-folder per document). Default: the corpus bundled with normgraph.",
)


def _graph(corpus: Path | None, infer: bool = False):  # type: ignore[no-untyped-def]
    from .graph.store import build_graph

    graph = build_graph(corpus)
    if infer:
        from .graph.validate import infer as run_inference

        run_inference(graph)
    return graph


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normgraph")
def main() -> None:
    """Policy and legal texts as a knowledge graph of instruments, obligations and actors."""


@main.command()
@corpus_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for normgraph.ttl, normgraph.trig and normgraph.html.")
@_friendly
def build(corpus: Path | None, out: Path) -> None:
    """Build the graph; write Turtle, TriG and the HTML view; print a summary."""
    from .graph.export import export
    from .graph.view import write_html
    from .queries.stats import compute_stats

    graph = _graph(corpus)
    written = [
        export(graph, "turtle", out / "normgraph.ttl"),
        export(graph, "trig", out / "normgraph.trig"),
        write_html(graph, out / "normgraph.html", heading="normgraph"),
    ]
    stats = compute_stats(graph)
    click.echo(stats.text())
    click.echo("")
    for path in written:
        click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")


@main.command(name="export")
@corpus_option
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Serialisation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (atomically). Default: standard output.")
@click.option("--infer", is_flag=True, help="Add OWL-RL entailments (graph ngr:graph/inferred).")
@_friendly
def export_command(corpus: Path | None, fmt: str, output: Path | None, infer: bool) -> None:
    """Write the graph in one format: turtle, ntriples, nquads, trig, jsonld or xml."""
    from .graph.export import export, serialize

    graph = _graph(corpus, infer)
    if output is None:
        sys.stdout.buffer.write(serialize(graph, fmt))
        sys.stdout.flush()
    else:
        export(graph, fmt, output)
        click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)", err=True)


@main.command()
@corpus_option
@click.option("--shapes", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="SHACL shapes file. Default: the shapes bundled with normgraph.")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Validate this RDF file (e.g. an edited export) instead of building the corpus.")
@_friendly
def validate(corpus: Path | None, shapes: Path | None, graph_file: Path | None) -> None:
    """Check the graph against the SHACL shapes: exit 0 when it conforms, 1 with a report when not."""
    from .graph.store import load_graph
    from .graph.validate import validate as run_validation

    graph = load_graph(graph_file) if graph_file else _graph(corpus)
    report = run_validation(graph, shapes)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@corpus_option
@_friendly
def stats(corpus: Path | None) -> None:
    """Counts by class and paragraph coverage."""
    from .queries.stats import compute_stats

    click.echo(compute_stats(_graph(corpus)).text())


@main.command()
@corpus_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("normgraph.html"),
              show_default=True, help="HTML file to write.")
@_friendly
def viz(corpus: Path | None, output: Path) -> None:
    """Write the interactive HTML view (self-contained, works offline)."""
    from .graph.view import write_html

    write_html(_graph(corpus), output)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes)")


if __name__ == "__main__":  # pragma: no cover
    main()
