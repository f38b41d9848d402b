"""Shared fixtures: the bundled seed document, built once per test session, and real servers
for the remote tests (an Oxigraph server, a Virtuoso, small misbehaving HTTP servers), all on
127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from normgraph.builders.corpus import bundled_corpus
from normgraph.graph.serve import free_port, oxigraph_binary

# CI runs the property tests with a fixed seed (a submission's result must not depend on luck);
# local runs keep exploring new examples, and what they find becomes a fixed test.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
SEED_ID = "ipu-118-migrant-workers"


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
    """A real in-memory Oxigraph server (PyPI `oxigraph`) on loopback; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


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
