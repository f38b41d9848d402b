"""Shared fixtures: the bundled seed document, built once per test session, and real servers
for the remote tests (an Oxigraph server, a Virtuoso, small misbehaving HTTP servers), all on
127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from normgraph.builders.corpus import bundled_corpus
from normgraph.graph.serve import oxigraph_binary
from harness import Harness
from virtuoso import _listening_ports

# CI runs the property tests with a fixed seed (a submission's result must not depend on luck);
# local runs keep exploring new examples, and what they find becomes a fixed test.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
SEED_ID = "ipu-118-migrant-workers"


# --- the build cache: never the real one ------------------------------------------------------

# Set at import, before any test runs or starts a subprocess: CLI tests run `python -m normgraph`,
# which inherits os.environ, and the cache honours NORMGRAPH_CACHE_DIR (graph/cache.py).
_REAL_CACHE_DIR = os.environ.get("NORMGRAPH_CACHE_DIR")
_SESSION_CACHE = Path(tempfile.mkdtemp(prefix="normgraph-test-cache-"))
os.environ["NORMGRAPH_CACHE_DIR"] = str(_SESSION_CACHE)


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir() -> Iterator[Path]:
    """The suite's build cache: a temporary folder, removed at the end; every test, in-process or
    through the command line, caches there and never in ~/.cache/normgraph."""
    assert os.environ["NORMGRAPH_CACHE_DIR"] == str(_SESSION_CACHE)
    yield _SESSION_CACHE
    shutil.rmtree(_SESSION_CACHE, ignore_errors=True)


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A build cache of the test's own (the tests that look into the cache)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NORMGRAPH_CACHE_DIR", str(folder))
    monkeypatch.delenv("NORMGRAPH_CACHE", raising=False)
    return folder


@pytest.fixture(scope="session")
def seed_folder() -> Path:
    return bundled_corpus() / SEED_ID


@pytest.fixture(scope="session")
def seed_text_path(seed_folder: Path) -> Path:
    return seed_folder / "text.txt"


@pytest.fixture(scope="session")
def seed_document(seed_text_path: Path):  # type: ignore[no-untyped-def]
    from normgraph.builders.document import read_document

    return read_document(seed_text_path)


@pytest.fixture(scope="session")
def seed_graph():  # type: ignore[no-untyped-def]
    from normgraph import build_graph

    return build_graph()


@pytest.fixture()
def mini_corpus(tmp_path: Path) -> Path:
    """A writable copy of the small hand-made corpus in tests/data/mini-corpus."""
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(DATA / "mini-corpus", target)
    return target


@pytest.fixture()
def subgroup_corpus(mini_corpus: Path) -> Path:
    """The mini corpus with a two-step actor hierarchy: transit countries are some of all States,
    which are States (ng:subgroupOf); para 2's norm is borne by transit countries."""
    annotations = next(mini_corpus.glob("*/annotations.yaml"))
    text = annotations.read_text(encoding="utf-8")
    old = "  transit-countries:\n    label: transit countries\n    type: StateGroup\n"
    assert old in text
    annotations.write_text(text.replace(old, (
        "  all-states:\n    label: all States\n    type: StateGroup\n    subgroup_of: states\n"
        + old + "    subgroup_of: all-states\n")), encoding="utf-8")
    return mini_corpus


TREATY_TEXTS = {"coe-trafficking-convention": "coe-trafficking-convention",
                "un-trafficking-protocol": "trafficking-protocol"}  # document id → the instrument it is the text of


@pytest.fixture()
def restates_corpus(seed_folder: Path, tmp_path: Path) -> Path:
    """The seed beside the texts of the two treaties its norms restate (from ../shared, read-only;
    copied into a temporary corpus, never into the repository), each annotated with its
    instrument only: the seed's ng:restates then point at the treaties' own units."""
    corpus = tmp_path / "restates-corpus"
    shutil.copytree(seed_folder, corpus / seed_folder.name)
    sources = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "sources"
    for doc, instrument in TREATY_TEXTS.items():
        (corpus / doc).mkdir()
        shutil.copyfile(sources / f"{doc}.txt", corpus / doc / "text.txt")
        (corpus / doc / "annotations.yaml").write_text(
            f"document:\n  title: {doc}\n  kind: treaty\n  instrument: {instrument}\n", encoding="utf-8")
    return corpus


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def oxigraph_server() -> Iterator[str]:
    """A real in-memory Oxigraph server (PyPI `oxigraph`) on loopback; yields its base URL. It binds
    port 0 (the kernel picks a free port and nobody can take it between choosing and binding);
    the port is read from the process's own listening socket."""
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (ports := _listening_ports(process.pid)):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Oxigraph server did not listen (exit code {process.poll()})")
            time.sleep(0.02)
        (port,) = ports
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port where nothing listens, kept so for the block: a socket bound to it but not
    listening holds it (no other process can bind it), and connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oxigraph_url() -> Iterator[str]:
    """The session's shared Oxigraph server; yields its query URL."""
    with oxigraph_server() as base:
        yield f"{base}/query"


@pytest.fixture(scope="session")
def virtuoso():  # type: ignore[no-untyped-def]
    """A real Virtuoso (Debian's virtuoso-opensource, installed by scripts/test.sh) with a fresh
    database, a random dba password and one user allowed to write (tests/virtuoso.py)."""
    from virtuoso import Virtuoso

    with Virtuoso() as server:
        yield server


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.server.behaviour == "hang":  # type: ignore[attr-defined]
            time.sleep(30)
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"Internal failure: the store is broken")

    do_POST = do_GET  # noqa: N815
    do_PUT = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def misbehaving_server(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A real HTTP server on loopback that answers 500 ('error') or never answers ('hang')."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    server.daemon_threads = True
    server.behaviour = request.param  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def harness() -> Iterator[Callable[..., Harness]]:
    """Make harness servers (tests/harness.py); all are shut down after the test."""
    made: list[Harness] = []

    def make(**kwargs: object) -> Harness:
        made.append(Harness(**kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for h in made:
        h.close()
