"""A soak of `normgraph serve`: many clients asking real questions while others send what should be
refused or stopped (deep queries, runaway joins, HEAD, bodies over the limit) and the engine is
killed now and then. The suite runs it briefly (tests/graph/test_serve_soak.py); for a long run:

    .venv/bin/python tests/soak.py --seconds 600 --clients 16 --kills 20
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from served import Served  # noqa: E402

PARAGRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/normgraph/ontology#Paragraph> }"
DEEP = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
STREAMED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass
class Report:
    seconds: float = 0.0
    clients: int = 0
    questions: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    """Answers that were neither the right rows nor a clear error: must stay empty."""
    retry_asked: int = 0
    """Questions answered 502 "restarted, try again" (asked during a restart)."""
    outcomes: dict[str, int] = field(default_factory=dict)
    kills: int = 0
    kills_reported: int = 0
    recovery_seconds: list[float] = field(default_factory=list)
    front_rss_mib: tuple[float, float] = (0.0, 0.0)
    """The front's resident memory before and after."""
    alive_at_end: bool = False


def soak(served: Served, seconds: float, clients: int, kills: int) -> Report:
    report = Report(seconds=seconds, clients=clients, kills=kills)
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    rss_before = served.rss_mib()

    def note(kind: str, ok: bool, detail: str = "") -> None:
        with lock:
            key = f"{kind} {'ok' if ok else 'WRONG'}"
            report.outcomes[key] = report.outcomes.get(key, 0) + 1
            if not ok:
                report.wrong.append(f"{kind}: {detail}"[:300])

    def ask() -> None:
        answer = served.query(PARAGRAPHS, timeout=120)
        with lock:
            report.questions += 1
        if answer.status == 200 and answer.text.split() == ["n", "70"]:
            with lock:
                report.right += 1
        elif answer.status == 502 and "restarted" in answer.text:
            with lock:
                report.retry_asked += 1
        else:
            note("question", False, f"{answer.status} {answer.text[:200]}")

    def hostile(turn: int) -> None:
        kind = turn % 4
        if kind == 0:
            answer = served.request("POST", "/query", DEEP, {"Content-Type": "application/sparql-query"})
            note("deep", answer.status == 400, f"{answer.status} {answer.text[:100]}")
        elif kind == 1:
            answer = served.query(RUNAWAY if turn % 8 == 1 else STREAMED, timeout=120)
            note("runaway", answer.status in (503, 502), f"{answer.status} {answer.text[:100]}")
        elif kind == 2:
            answer = served.request("HEAD", "/query?query=ASK%7B%7D", headers={"Accept": "text/csv"})
            note("head", answer.status in (200, 502) and answer.body == b"", f"{answer.status}")
        else:
            answer = served.request("POST", "/update", "DROP ALL", {"Content-Type": "application/sparql-update"})
            note("update", answer.status == 403, f"{answer.status}")

    def client(number: int) -> None:
        turn = 0
        while time.monotonic() < stop:
            # one client in four is hostile; the others ask a question with a known answer
            if number % 4 == 3:
                hostile(turn)
            else:
                ask()
            turn += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for k in range(kills):
        time.sleep(seconds / (kills + 1))
        try:
            served.kill_engine()
        except ValueError:
            continue  # between engines at this instant (being restarted): not a kill
        killed_at = time.monotonic()
        while served.query(PARAGRAPHS, timeout=120).text.split() != ["n", "70"]:
            time.sleep(0.01)
        report.recovery_seconds.append(round(time.monotonic() - killed_at, 3))
    for thread in threads:
        thread.join(timeout=seconds + 300)
    report.kills_reported = sum("killed by SIGKILL" in line for line in served.lines)
    report.front_rss_mib = (round(rss_before, 1), round(served.rss_mib(), 1))
    report.alive_at_end = served.query(PARAGRAPHS).text.split() == ["n", "70"]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--timeout", default="2")
    args = parser.parse_args()
    with Served(("--timeout", args.timeout)) as served:
        report = soak(served, args.seconds, args.clients, args.kills)
    print(json.dumps(asdict(report), indent=2))
    sys.exit(1 if report.wrong or not report.alive_at_end else 0)


if __name__ == "__main__":
    main()
