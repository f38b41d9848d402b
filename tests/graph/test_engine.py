"""The engine behind `normgraph serve` (graph/_engine.py): a real Oxigraph server process, started
on a free port (another when that one is taken), restarted when it dies, and reported."""

from __future__ import annotations

import os
import signal
import socket
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from normgraph.graph import _engine
from normgraph.graph._engine import Engine, _describe_exit, _last_line


def _ask(engine: Engine) -> bytes:
    with urllib.request.urlopen(f"{engine.base}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=10) as answer:
        return answer.read()


@pytest.fixture()
def engine(tmp_path: Path):
    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"), ox.NamedNode("urn:g")))
    store.flush()
    del store
    lines: list[str] = []
    running = Engine(tmp_path / "store", read_only=True, timeout=5, log=lines.append)
    running.start()
    running.lines = lines  # type: ignore[attr-defined]
    yield running
    running.stop()


def test_it_answers_over_the_union_of_graphs(engine):
    assert b"true" in _ask(engine) and engine.generation == 1


def test_a_killed_engine_is_revived_and_reported(engine):
    first = engine.process.pid
    os.kill(first, signal.SIGKILL)
    assert engine.revive_if_dead(grace=5) is True
    assert engine.process.pid != first and engine.generation == 2
    assert b"true" in _ask(engine)
    (line,) = engine.lines
    assert line.startswith("the SPARQL engine stopped (killed by SIGKILL); restarted in ")
    assert engine.revive_if_dead() is False  # alive: nothing to do
    assert engine.lines == [line]


def test_a_restart_seen_by_two_requests_happens_once(engine):
    seen = engine.generation
    engine.restart("was restarted", seen=seen)
    engine.restart("was restarted", seen=seen)  # the second saw the same engine: already replaced
    assert engine.generation == seen + 1 and len(engine.lines) == 1
    assert engine.lines[0].startswith("the SPARQL engine was restarted; restarted in ")
    engine.restart("was restarted")  # no generation given: always
    assert engine.generation == seen + 2 and engine.settled() == seen + 2


def test_a_stopped_engine_is_not_revived(engine):
    engine.stop()
    assert engine.revive_if_dead() is False and not engine.alive()
    engine.restart("was restarted")
    assert not engine.alive() and engine.lines == []


def test_a_taken_port_is_given_up_for_another(tmp_path: Path, monkeypatch):
    ox.Store(str(tmp_path / "store")).flush()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        offered = iter([busy])
        real = _engine.free_port
        monkeypatch.setattr(_engine, "free_port", lambda: next(offered, None) or real())
        engine = Engine(tmp_path / "store", read_only=True, timeout=5)
        engine.start()
        try:
            assert engine.port != busy and b"false" in _ask(engine)
        finally:
            engine.stop()


def test_an_engine_that_cannot_start_says_why(tmp_path: Path):
    (tmp_path / "store").write_text("not a database")
    engine = Engine(tmp_path / "store", read_only=True, timeout=5)
    with pytest.raises(Exception, match="the Oxigraph server did not start: .+"):
        engine.start()


def test_exits_are_described():
    assert _describe_exit(None) == ""
    assert _describe_exit(-signal.SIGKILL) == " (killed by SIGKILL)"
    assert _describe_exit(-signal.SIGABRT) == " (killed by SIGABRT)"
    assert _describe_exit(-200) == " (killed by signal 200)"
    assert _describe_exit(3) == " (exit status 3)"


def test_only_last_words_that_say_why_are_reported(tmp_path: Path):
    log = tmp_path / "engine.log"
    log.write_text("thread 'x' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n")
    assert _last_line(log) == "fatal runtime error: stack overflow, aborting"
    log.write_text("fatal runtime error: stack overflow\nOxHTTP TCP error when writing response: Broken pipe\n")
    assert _last_line(log) == ""
    log.write_text("")
    assert _last_line(log) == ""
    assert _last_line(tmp_path / "missing.log") == ""


def test_a_clean_exit_and_odd_last_words():
    assert _describe_exit(0) == " (exit status 0)"


def test_last_words_are_the_last_line_whatever_the_bytes(tmp_path: Path):
    log = tmp_path / "engine.log"
    log.write_bytes(b"started\nserving\nfatal runtime error: out of memory \xff\xfe\n")
    assert _last_line(log) == "fatal runtime error: out of memory \ufffd\ufffd"
    log.write_bytes(b"first\nsecond\nthird: abort " + b"x" * 400 + b"\n")
    said = _last_line(log)
    assert said.startswith("third: abort x") and len(said) == 300


def _update(engine: Engine) -> int:
    request = urllib.request.Request(f"{engine.base}/update", data=b"INSERT DATA { <urn:n> <urn:n> <urn:n> }",
                                     headers={"Content-Type": "application/sparql-update"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_read_only_means_the_engine_refuses_writes_and_read_write_takes_them(tmp_path: Path, engine):
    assert _update(engine) == 403 and b"false" in urllib.request.urlopen(
        f"{engine.base}/query?query=ASK%7B%3Curn%3An%3E%20%3Fp%20%3Fo%7D", timeout=10).read()
    ox.Store(str(tmp_path / "rw")).flush()
    writable = Engine(tmp_path / "rw", read_only=False, timeout=5)
    writable.start()
    try:
        assert _update(writable) == 204 and b"true" in _ask(writable)
        assert writable._command()[1] == "serve" and engine._command()[1] == "serve-read-only"
    finally:
        writable.stop()


def test_a_crash_is_reported_with_its_last_words_and_a_kill_of_ours_without(engine):
    with open(engine.log_file, "ab") as log:  # what an engine writes as it aborts
        log.write(b"thread 'x' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n")
    os.kill(engine.process.pid, signal.SIGABRT)
    assert engine.revive_if_dead(grace=5) is True
    line = engine.lines[-1]
    assert line.startswith("the SPARQL engine stopped (killed by SIGABRT): fatal runtime error: stack overflow, aborting; "
                           "restarted in ")
    assert 0 <= float(line.rsplit(" in ", 1)[1].removesuffix(" s")) < 30
    with open(engine.log_file, "ab") as log:
        log.write(b"fatal runtime error: looks fatal\n")
    engine.restart("was restarted to stop a runaway query")  # our own kill: its log says nothing about why
    assert engine.lines[-1].startswith("the SPARQL engine was restarted to stop a runaway query; restarted in ")
