"""A bounded soak of `normgraph serve` (tests/soak.py; run it longer from there): clients asking a
question with a known answer while others send deep and runaway queries, HEAD requests and
refused updates, and the engine is killed twice. Every answer is the right one or a clear error,
every kill is reported and recovered from, and the front's memory stays flat."""

from __future__ import annotations

from served import Served
from soak import soak


def test_serve_survives_hostile_clients_and_engine_kills():
    with Served(("--timeout", "2")) as served:
        report = soak(served, seconds=15, clients=6, kills=2)
    assert report.wrong == []
    assert report.alive_at_end
    assert report.kills_reported == report.kills == 2 and len(report.recovery_seconds) == 2
    # a question asked while the engine restarts may be told to try again; most are answered
    assert report.questions > 100 and report.right >= 0.9 * report.questions
    assert report.questions == report.right + report.retry_asked
    assert {"deep ok", "runaway ok", "head ok", "update ok"} <= set(report.outcomes)
    before, after = report.front_rss_mib
    assert after < before + 100
