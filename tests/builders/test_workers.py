"""A corpus read in worker processes is the corpus read in one (issue 16, goal 4): the same
documents, the same graph, the same bytes out, the same first error."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

from normgraph.builders import _workers
from normgraph.builders.corpus import load_corpus
from normgraph.errors import NormgraphError
from normgraph.graph.export import serialize
from normgraph.graph.store import build_graph

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate_corpus  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workers") / "corpus"
    assert generate_corpus.main(["--triples", "40000", "--out", str(folder), "--seed", "5"]) == 0
    assert len([p for p in folder.iterdir() if p.is_dir()]) >= 4
    return folder


def build_with(workers: int, folder: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NORMGRAPH_WORKERS", str(workers))
    return build_graph(folder)


@pytest.mark.parametrize("workers", [2, 3])
def test_exports_are_byte_identical_to_one_process(generated, monkeypatch, workers):  # type: ignore[no-untyped-def]
    one = build_with(1, generated, monkeypatch)
    many = build_with(workers, generated, monkeypatch)
    assert len(many) == len(one) > 25_000
    for fmt in ("nquads", "trig", "turtle"):
        assert serialize(many, fmt) == serialize(one, fmt), fmt


def test_real_documents_build_alike_in_two_processes(restates_corpus, monkeypatch):  # type: ignore[no-untyped-def]
    """The seed report beside two real treaty texts from ../shared, whose units the report's
    restated provisions point into (resolved across documents, after the registries merge): the
    same bytes in one process and in two."""
    one = build_with(1, restates_corpus, monkeypatch)
    two = build_with(2, restates_corpus, monkeypatch)
    assert len(two) == len(one) > 10_000
    for fmt in ("nquads", "trig"):
        assert serialize(two, fmt) == serialize(one, fmt), fmt


def pid_and(item: int) -> tuple[int, int]:
    return os.getpid(), item


def test_the_workers_really_ran():
    """Items go to other processes (not a silent fallback to this one) and come back in order."""
    seen = list(_workers.ordered_map(pid_and, range(6), 2))
    assert [item for _, item in seen] == list(range(6))
    assert os.getpid() not in {pid for pid, _ in seen}
    assert list(_workers.ordered_map(pid_and, range(3), 1)) == [(os.getpid(), 0), (os.getpid(), 1), (os.getpid(), 2)]


def test_documents_read_alike(generated, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NORMGRAPH_WORKERS", "1")
    one = load_corpus(generated)
    monkeypatch.setenv("NORMGRAPH_WORKERS", "2")
    many = load_corpus(generated)
    assert [d.id for d in many.documents] == [d.id for d in one.documents]
    assert [d.annotations for d in many.documents] == [d.annotations for d in one.documents]
    assert [d.text.paragraphs for d in many.documents] == [d.text.paragraphs for d in one.documents]
    assert many.instruments == one.instruments and many.actors == one.actors


def test_the_first_error_in_document_order_is_the_one_raised(generated, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(generated, corpus)
    documents = sorted(p for p in corpus.iterdir() if p.is_dir())
    # two broken documents: the later one in order fails faster (a YAML error at line 1)
    (documents[-1] / "annotations.yaml").write_text("document: [unclosed\n", encoding="utf-8")
    second = documents[1] / "annotations.yaml"
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace("quote: ", "quote: NOT IN THE TEXT ", 1), encoding="utf-8")
    messages = []
    for workers in (1, 2):
        monkeypatch.setenv("NORMGRAPH_WORKERS", str(workers))
        with pytest.raises(NormgraphError) as caught:
            load_corpus(corpus)
        messages.append((type(caught.value), str(caught.value), caught.value.path, caught.value.line))
    assert messages[0] == messages[1]
    assert messages[0][2] == second


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_a_bad_worker_count_is_one_line(generated, value):  # type: ignore[no-untyped-def]
    result = subprocess.run([sys.executable, "-m", "normgraph", "stats", "--corpus", str(generated)],
                            capture_output=True, text=True, timeout=120,
                            env={"NORMGRAPH_WORKERS": value, "NORMGRAPH_CACHE": "0", "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert result.stderr.startswith("normgraph: error: $NORMGRAPH_WORKERS must be")
    assert len(result.stderr.strip().splitlines()) == 1


def test_small_corpora_and_busy_machines_stay_in_one_process(generated, seed_folder, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("NORMGRAPH_WORKERS", raising=False)
    folders = sorted(p for p in generated.iterdir() if p.is_dir())
    monkeypatch.setattr(_workers, "_cores", lambda: 4)
    monkeypatch.setattr(_workers, "_others_running", lambda: 0.2)
    assert _workers.worker_count(folders) == 1  # about 1 MB: below MIN_BYTES (2 MB)
    assert _workers.worker_count([seed_folder]) == 1
    monkeypatch.setattr(_workers, "MIN_BYTES", 1)
    assert _workers.worker_count(folders) == min(len(folders), 4)  # every core idle
    monkeypatch.setattr(_workers, "_others_running", lambda: 2.6)
    assert _workers.worker_count(folders) == 1  # 1.4 idle cores: not worth a second process
    monkeypatch.setattr(_workers, "_others_running", lambda: 1.4)
    assert _workers.worker_count(folders) == min(len(folders), 3)
    monkeypatch.setattr(_workers, "_others_running", lambda: 9.0)
    assert _workers.worker_count(folders) == 1
    monkeypatch.setenv("NORMGRAPH_WORKERS", "2")  # chosen: whatever the load
    assert _workers.worker_count(folders) == 2
    monkeypatch.setattr(_workers, "_can_fork", lambda: False)  # but not where nothing forks
    assert _workers.worker_count(folders) == 1


class Unpicklable:
    """A lock cannot be pickled: a task holding one proves the workers inherited it."""

    def __init__(self) -> None:
        import threading

        self.lock = threading.Lock()
        self.offset = 100


def test_forked_workers_inherit_the_task_and_answer_in_order():
    held = Unpicklable()
    seen = list(_workers.forked_map(lambda i: (os.getpid(), i + held.offset), 7, 2))
    assert [value for _, value in seen] == list(range(100, 107))
    assert os.getpid() not in {pid for pid, _ in seen}
    assert list(_workers.forked_map(lambda i: (os.getpid(), i), 3, 0)) == [(os.getpid(), i) for i in range(3)]
    one = list(_workers.forked_map(lambda i: (os.getpid(), i), 3, 1))
    assert [value for _, value in one] == [0, 1, 2] and len({pid for pid, _ in one}) == 1 and one[0][0] != os.getpid()


def test_a_forked_tasks_first_error_in_order_is_raised():
    def task(i: int) -> int:
        if i in (2, 5):
            raise NormgraphError(f"item {i}")
        return i

    results = _workers.forked_map(task, 8, 2)
    assert [next(results), next(results)] == [0, 1]
    with pytest.raises(NormgraphError, match="item 2"):
        next(results)


def test_other_runnable_processes_are_counted_now(tmp_path):  # type: ignore[no-untyped-def]
    """Two processes spinning on the CPU are two tasks wanting a core, at once: the count does
    not wait a minute for the load average to notice (nor to forget)."""
    spin = [sys.executable, "-c", "import time\nend = time.time() + 30\nwhile time.time() < end: pass"]
    spinners = [subprocess.Popen(spin) for _ in range(2)]
    try:
        import time

        time.sleep(0.3)
        assert _workers._others_running() >= 2
        assert _workers._idle_cores() <= _workers._cores() - 2
    finally:
        for process in spinners:
            process.kill()
            process.wait()


def test_results_pass_through_a_scratch_folder_that_is_removed(tmp_path):  # type: ignore[no-untyped-def]
    """Results come back as files in a private folder (``/dev/shm``): it is gone afterwards,
    after a whole run, an error, and a consumer that stops early alike."""
    memory = Path(_workers._memory_folder() or tempfile.gettempdir())
    before = set(memory.glob("normgraph-*"))
    big = b"x" * (3 << 20)  # larger than a pipe's buffer many times over
    assert [len(r) for r in _workers.forked_map(lambda i: big * (i + 1), 3, 2)] == [3 << 20, 6 << 20, 9 << 20]

    def task(i: int) -> int:
        if i == 1:
            raise NormgraphError("bad")
        return i

    with pytest.raises(NormgraphError):
        list(_workers.forked_map(task, 4, 2))
    early = _workers.forked_map(lambda i: i, 50, 2)
    assert next(early) == 0
    early.close()
    assert set(memory.glob("normgraph-*")) == before


def test_a_full_scratch_folder_sends_results_through_the_pipe(monkeypatch):  # type: ignore[no-untyped-def]
    """/dev/shm is 64 MB in a default Docker container: when a result cannot be written there,
    it comes back the slow way, and the build goes on."""
    import errno

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)  # the workers, forked after this, inherit it
    big = b"y" * (1 << 20)
    assert [len(r) for r in _workers.forked_map(lambda i: big * (i + 1), 4, 2)] == [1 << 20, 2 << 20, 3 << 20, 4 << 20]
    assert [d for _, d in _workers.ordered_map(pid_and, range(5), 2)] == list(range(5))


def test_a_killed_worker_is_an_error_not_a_wait():  # type: ignore[no-untyped-def]
    """A worker killed outright (the kernel's out-of-memory killer) ends the build with one
    clear error, where a multiprocessing Pool would wait for the lost result for ever."""
    import signal

    def task(i: int) -> int:
        if i == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    with pytest.raises(NormgraphError, match="worker process stopped.*NORMGRAPH_WORKERS=1"):
        list(_workers.forked_map(task, 5, 2))


def test_scratch_folders_of_dead_processes_are_swept():  # type: ignore[no-untyped-def]
    """A build killed before it could clean up leaves its folder in memory: the next one removes
    it (and leaves a living process's folder alone)."""
    memory = Path(_workers._memory_folder() or tempfile.gettempdir())
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = memory / f"normgraph-{int(dead.stdout)}-abc"
    stale.mkdir()
    (stale / "result").write_bytes(b"x" * 1000)
    living = memory / f"normgraph-{os.getpid()}-keep"
    living.mkdir()
    try:
        assert list(_workers.forked_map(lambda i: i, 3, 2)) == [0, 1, 2]
        assert not stale.exists() and living.is_dir()
    finally:
        shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(living, ignore_errors=True)
