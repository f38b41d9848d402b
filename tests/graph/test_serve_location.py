"""`normgraph serve --location DIR` (issue 17, item 2): a persistent store that outlives the server.
Real processes on 127.0.0.1: write, stop, start again, read; the rules for an existing store, a
folder that is not one, and one in use — each refusal one line, no traceback, nothing changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from served import Served

NG = "https://w3id.org/normgraph/ontology#"
PARAGRAPHS = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p a <{NG}Paragraph> }}"
MARK = "INSERT DATA { <urn:t:persist> <urn:t:says> \"written before the restart\" }"
ASK_MARK = "ASK { <urn:t:persist> <urn:t:says> \"written before the restart\" }"


def serve_fails(*args: str, timeout: float = 300) -> str:
    """Run `normgraph serve` expecting a refusal: its one line on stderr."""
    result = subprocess.run([sys.executable, "-m", "normgraph", "serve", "--port", "0", *args],
                            capture_output=True, text=True, timeout=timeout)  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("normgraph: error: ")
    return line


def paragraphs(served: Served) -> int:
    answer = served.query(PARAGRAPHS)
    assert answer.status == 200, answer.text
    return int(answer.text.split()[1])


def asks(served: Served, sparql: str) -> bool:
    answer = served.query(sparql, accept="text/csv")
    assert answer.status == 200, answer.text
    return answer.text.strip() == "true"


def files_of(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in folder.iterdir()}


@pytest.fixture(scope="module")
def small_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "small.nt"
    path.write_text("".join(f"<urn:t:s{i}> <urn:t:p> \"{i}\" .\n" for i in range(25)), encoding="utf-8")
    return path


def test_writes_persist_across_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with Served(("--location", str(store), "--allow-update")) as first:
        assert paragraphs(first) == 70  # a new folder is loaded from the bundled corpus
        line = first.wait_for_line(r"the store in .*: loaded \([\d,]+ quads\), kept across restarts \(writes persist\)")
        assert str(store) in line
        total = first.count()
        assert first.update(MARK).status == 204
        assert asks(first, ASK_MARK)
    assert (store / "CURRENT").is_file()
    with Served(("--location", str(store))) as second:  # stopped, started again: no reload
        second.wait_for_line(r"serving the store in .* as it is")
        assert asks(second, ASK_MARK)
        assert second.count() == total + 1
        assert paragraphs(second) == 70
        # the view is drawn from what the store holds
        view = second.request("GET", "/view")
        assert view.status == 200 and b"vis.Network" in view.body


def test_reload_replaces_the_store_whole(tmp_path: Path, small_data: Path) -> None:
    store = tmp_path / "store"
    with Served(("--location", str(store), "--allow-update")) as first:
        assert first.update(MARK).status == 204
    with Served(("--location", str(store), "--reload", "--data", str(small_data))) as second:
        second.wait_for_line(r"the store in .*: replaced \(25 quads\)")
        assert second.count() == 25 and not asks(second, ASK_MARK)
    with Served(("--location", str(store), "--reload")) as third:  # back to the corpus
        assert paragraphs(third) == 70 and not asks(third, ASK_MARK)
    # nothing left beside the store: the staged folder and the old store are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_new_store_from_data_files_and_an_empty_folder(tmp_path: Path, small_data: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with Served(("--location", str(empty), "--data", str(small_data))) as served:
        assert served.count() == 25
    assert (empty / "CURRENT").is_file()


def test_corpus_or_data_for_an_existing_store_needs_reload(tmp_path: Path, small_data: Path) -> None:
    store = tmp_path / "store"
    with Served(("--location", str(store), "--data", str(small_data))):
        pass
    before = files_of(store)
    line = serve_fails("--location", str(store), "--data", str(small_data))
    assert "already holds a store: add --reload" in line
    line = serve_fails("--location", str(store), "--corpus", str(Path(__file__).parents[1] / "data" / "mini-corpus"))
    assert "already holds a store" in line
    assert files_of(store) == before


def test_a_failed_reload_leaves_the_store_as_it_was(tmp_path: Path, small_data: Path) -> None:
    store = tmp_path / "store"
    with Served(("--location", str(store), "--data", str(small_data))):
        pass
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    line = serve_fails("--location", str(store), "--reload", "--data", str(broken))
    assert "broken.ttl" in line
    with Served(("--location", str(store),)) as served:
        assert served.count() == 25
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "store"]


def test_a_folder_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    line = serve_fails("--location", str(folder))
    assert "not an Oxigraph store (it holds other files)" in line and str(folder) in line
    assert files_of(folder) == {"notes.txt": 4}  # no RocksDB files made in it
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert "not a folder" in serve_fails("--location", str(a_file))
    assert "parent folder does not exist" in serve_fails("--location", str(tmp_path / "no" / "such"))
    assert "--reload: only with --location" in serve_fails("--reload")


def test_a_store_in_use_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with Served(("--location", str(store))) as running:  # read-only: Oxigraph takes no lock then
        line = serve_fails("--location", str(store))
        assert "in use by another `normgraph serve`" in line
        line = serve_fails("--location", str(store), "--reload")
        assert "in use" in line
        assert paragraphs(running) == 70  # the running server was not disturbed
    # held open for writing by another program (RocksDB's own lock)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); "
                               "sys.stdin.read()", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        line = serve_fails("--location", str(store))
        assert "in use by another process" in line
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    with Served(("--location", str(store))) as again:  # free again once the other program ends
        assert paragraphs(again) == 70
