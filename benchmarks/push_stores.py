"""Push to real triple stores (issue #12): ``normgraph.graph.push.push`` against a bare HTTP PUT
per graph, on an Oxigraph server and on a Virtuoso, the same graph, in the same run.

    python benchmarks/push_stores.py --sizes 100k,1m                 # both stores, 3 runs a case
    python benchmarks/push_stores.py --sizes 100k --stores oxigraph --repeat 5 --json push.json

For each size the benchmark corpus is generated as ``bench.py`` does (kept in ``--workdir``,
``<size>/corpus``) and built once (``cached_graph``): neither is timed. Then, per store — a fresh
Oxigraph server (``oxigraph serve``, an on-disk RocksDB store) or a fresh Virtuoso
(``tests/virtuoso.py``, the writing user, Digest auth) — these cases, with the store emptied
(untimed) before each: Oxigraph restarted on a new, empty store (see ``Oxigraph.clear``),
Virtuoso by ``SPARQL CLEAR GRAPH`` of our graphs:

* **bare PUT per graph** (the baseline): for every named graph, ``Store.dump(N_TRIPLES,
  from_graph=…)`` and one HTTP ``PUT`` of it to the Graph Store endpoint, nothing else (no probe,
  no confirmation). Oxigraph: plain ``urllib``; Virtuoso: ``/sparql-graph-crud-auth`` through
  normgraph's ``HttpClient`` (for Digest). The store's count is checked afterwards, untimed.
* **bare PUT, one graph**: the union as ``normgraph.serialize(graph, "ntriples")`` (what
  ``push(into=…)`` sends) in one ``PUT`` — the baseline of ``push --graph``.
* **push** (Graph Store, found from the query endpoint), **push into one graph** (``into=``),
  and **push through SPARQL Update** (``update_url=`` alone, batches of ``--batch`` triples
  into a staging graph moved into place).

The cheap cases run ``--repeat`` times, interleaved (every case once, then again, each round
starting one case later), and the median is reported; the Update case runs once. It stops when it has taken ``--update-budget``
seconds (reported as ``>budget`` with how far it got), and is not started at a size where the
throughput of a smaller size's Update run on the same store says it would not finish in time.

Printed per size: one table, the stores side by side: wall time, triples/s, HTTP requests (every
request on the wire: probes, authentication challenges, confirmation counts included) and the
ratio to the matching bare PUT; then where push's time went (dumping the graphs, the probe,
sending, the confirming count) and each server's peak memory. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))  # virtuoso.py

from bench import SIZES, env, log  # noqa: E402

import pyoxigraph as ox  # noqa: E402

from normgraph.graph import _http  # noqa: E402
from normgraph.graph import push as push_module  # noqa: E402
from normgraph.graph._http import Credentials, HttpClient  # noqa: E402

INTO = "urn:normgraph:bench:all"
BASE_GRAPHS = "bare PUT per graph"
BASE_ONE = "bare PUT, one graph"
PUSH = "push (Graph Store)"
PUSH_INTO = "push into one graph"
PUSH_UPDATE = "push through SPARQL Update"
CHEAP = (BASE_GRAPHS, BASE_ONE, PUSH, PUSH_INTO)
BASELINE_OF = {PUSH: BASE_GRAPHS, PUSH_INTO: BASE_ONE, PUSH_UPDATE: BASE_GRAPHS}


# --- counting what goes on the wire -------------------------------------------------------------

class Wire:
    """Every HTTP request made through normgraph's client (and the bare urllib PUTs), with the
    statuses that were not a success."""

    def __init__(self) -> None:
        self.requests = 0
        self.refused: dict[int, int] = {}
        original = HttpClient._once

        def counted(client: HttpClient, method: str, url: str, body: bytes | None,
                    headers: dict[str, str]) -> _http.Response:
            response = original(client, method, url, body, headers)
            self.note(response.status)
            return response

        HttpClient._once = counted  # type: ignore[method-assign]

    def note(self, status: int) -> None:
        self.requests += 1
        if not 200 <= status < 300:
            self.refused[status] = self.refused.get(status, 0) + 1

    def reset(self) -> None:
        self.requests, self.refused = 0, {}


class Phases:
    """Where a push's time goes: wraps push's own steps (dumping the graphs, the probe, the
    confirming count); sending is the rest."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        for name, key in (("_probe", "probe"), ("_confirm", "confirm")):
            self._wrap(name, key)
        original_graphs = push_module._graphs

        def graphs(graph: Any, into: str | None):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            made = list(original_graphs(graph, into))
            self.times["dump"] = self.times.get("dump", 0.0) + time.perf_counter() - started
            return iter(made)

        push_module._graphs = graphs  # type: ignore[assignment]

    def _wrap(self, name: str, key: str) -> None:
        original = getattr(push_module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.times[key] = self.times.get(key, 0.0) + time.perf_counter() - started

        setattr(push_module, name, timed)

    def reset(self) -> None:
        self.times = {}


# --- the stores ---------------------------------------------------------------------------------

def sparql_count(endpoint: str, names: list[str]) -> int:
    values = " ".join(f"<{n}>" for n in names)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        return int(json.load(answer)["results"]["bindings"][0]["n"]["value"])


def peak_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Oxigraph:
    name = "Oxigraph"

    def __init__(self, args: argparse.Namespace) -> None:
        from normgraph.graph.serve import free_port, oxigraph_binary

        self.binary, self.free_port = oxigraph_binary(), free_port
        self.credentials: Credentials | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="normgraph-push-bench-"))
        self.peak: float | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._start()

    def _start(self) -> None:
        location = self.folder / "store"
        shutil.rmtree(location, ignore_errors=True)
        port = self.free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.endpoint, self.graph_store, self.update = self.base + "/query", self.base + "/store", self.base + "/update"
        self.process = subprocess.Popen([self.binary, "serve", "--location", str(location), "--bind",
                                         f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Oxigraph server did not come up") from None
                time.sleep(0.1)

    def _stop(self) -> None:
        if self.process is None:
            return
        self.peak = max(filter(None, (self.peak, peak_mb(self.process.pid))), default=None)
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def peak_mb(self) -> float | None:
        if self.process is not None:
            self.peak = max(filter(None, (self.peak, peak_mb(self.process.pid))), default=None)
        return self.peak

    def clear(self, names: list[str]) -> None:
        """A fresh, empty store: after ``DROP ALL`` Oxigraph's RocksDB store loads more slowly each
        time (3.6 s for the 100k baseline on a new store, then 4.7, 5.4, 5.6 s after successive
        DROP ALLs), which would favour whichever case ran first."""
        self._stop()
        self._start()

    def bare_put(self, name: str, data: bytes, timeout: float, wire: Wire) -> None:
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': name})}"
        request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            wire.note(answer.status)
            answer.read()

    def stop(self) -> None:
        self._stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class VirtuosoStore:
    name = "Virtuoso"

    def __init__(self, args: argparse.Namespace) -> None:
        from virtuoso import USER, Virtuoso

        self.server = Virtuoso(buffers=args.buffers)
        self.server.start()
        self.endpoint = self.server.sparql
        self.graph_store = self.server.base + "/sparql-graph-crud-auth"
        self.update = self.server.sparql + "-auth"
        self.credentials = Credentials(USER, self.server.password)
        self.client: HttpClient | None = None

    def peak_mb(self) -> float | None:
        assert self.server.process is not None
        return peak_mb(self.server.process.pid)

    def clear(self, names: list[str]) -> None:
        # Only our graphs (and push's staging graphs, left behind by a stopped Update run):
        # Virtuoso keeps system graphs of its own. RDF_GLOBAL_RESET() works too, but drops more.
        staging = [push_module.STAGING + hashlib.sha256(n.encode()).hexdigest()[:24] for n in names]
        statements = [f"SPARQL CLEAR GRAPH <{n}>;" for n in (*names, *staging)]
        for start in range(0, len(statements), 50):
            self.server.sql(*statements[start:start + 50])

    def bare_put(self, name: str, data: bytes, timeout: float, wire: Wire) -> None:
        if self.client is None or self.client.timeout != timeout:
            self.client = HttpClient(self.credentials, timeout)  # the first PUT learns the Digest challenge
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': name})}"
        response = self.client.send("PUT", url, data, {"Content-Type": "application/n-triples"})
        if not response.ok:
            raise RuntimeError(f"PUT of <{name}> refused: HTTP {response.status} {response.text()}")

    def stop(self) -> None:
        self.server.stop()


STORES: dict[str, Callable[[argparse.Namespace], Any]] = {"oxigraph": Oxigraph, "virtuoso": VirtuosoStore}


# --- the cases ----------------------------------------------------------------------------------

class OverBudget(Exception):
    def __init__(self, sent: int, total: int) -> None:
        super().__init__(f"{sent} of {total} triples sent")
        self.sent, self.total = sent, total


def corpus(size: str, workdir: Path) -> Path:
    """The benchmark corpus of ``bench.py`` (same generator, same place), made once."""
    folder = workdir / size / "corpus"
    if not folder.is_dir():
        log(f"[{size}] generating the corpus …")
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--triples", str(SIZES[size]),
                        "--out", str(folder)], check=True, env=env())  # fmt: skip
    return folder


def run_case(case: str, store: Any, graph: Any, names: list[str], args: argparse.Namespace,
             wire: Wire, phases: Phases) -> dict[str, Any]:
    from normgraph.graph.export import serialize
    from normgraph.graph.push import push

    store.clear(names + [INTO])
    if case == PUSH_UPDATE:
        time.sleep(args.settle)
    wire.reset()
    phases.reset()
    result: dict[str, Any] = {}
    started = time.perf_counter()
    try:
        if case == BASE_GRAPHS:
            dumped = 0.0
            for name in names:
                t = time.perf_counter()
                data = graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                dumped += time.perf_counter() - t
                result["sent_triples"] = result.get("sent_triples", 0) + data.count(b"\n")
                store.bare_put(name, data, args.timeout, wire)
            phases.times["dump"] = dumped
        elif case == BASE_ONE:
            t = time.perf_counter()
            data = serialize(graph, "ntriples")
            phases.times["dump"] = time.perf_counter() - t
            result["sent_triples"] = data.count(b"\n")
            store.bare_put(INTO, data, args.timeout, wire)
        else:
            kwargs: dict[str, Any] = {"credentials": store.credentials, "timeout": args.timeout}
            if case == PUSH_INTO:
                kwargs["into"] = INTO
            if case == PUSH_UPDATE:
                kwargs["update_url"] = store.update
                kwargs["batch"] = args.batch

                def progress(done: int, graphs: int, sent: int, total: int) -> None:
                    result["sent"], result["total"] = sent, total
                    if time.perf_counter() - started > args.update_budget:
                        raise OverBudget(sent, total)

                kwargs["progress"] = progress
            report = push(graph, store.endpoint, **kwargs)
            result["push_requests"] = sum(g.requests for g in report.graphs)
            result["methods"] = sorted({g.method for g in report.graphs})
            result["target"] = report.target
    except OverBudget as exc:
        result["over_budget"] = True
        result["sent"], result["total"] = exc.sent, exc.total
    except Exception as exc:  # noqa: BLE001 — a store refusing something is a result too
        result["error"] = " ".join(f"{type(exc).__name__}: {exc}".split())[:400]
    result["seconds"] = time.perf_counter() - started
    result["requests"] = wire.requests
    result["refused"] = dict(wire.refused)
    result["phases"] = dict(phases.times)
    if case in (BASE_GRAPHS, BASE_ONE) and "error" not in result:  # untimed: did it all arrive?
        result["held"] = sparql_count(store.endpoint, [INTO] if case == BASE_ONE else names)
    return result


def measure(size: str, args: argparse.Namespace, wire: Wire, phases: Phases,
            update_rates: dict[str, float]) -> dict[str, Any]:
    from normgraph.graph.cache import cached_graph

    folder = corpus(size, args.workdir)
    log(f"[{size}] building the graph (untimed) …")
    graph = cached_graph(folder)
    names = [n.value for n in graph.graphs()]
    default = graph.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if default:
        raise SystemExit("the benchmark graph has triples in its default graph; the baseline does not send them")
    triples = len(graph)
    out: dict[str, Any] = {"size": size, "triples": triples, "graphs": len(names), "stores": {}}
    for key in args.stores:
        log(f"[{size}] starting {key} …")
        store = STORES[key](args)
        runs: dict[str, list[dict[str, Any]]] = {case: [] for case in (*CHEAP, PUSH_UPDATE)}
        try:
            for round_ in range(args.repeat):
                for case in CHEAP[round_ % len(CHEAP):] + CHEAP[:round_ % len(CHEAP)]:  # each case first once
                    result = run_case(case, store, graph, names, args, wire, phases)
                    runs[case].append(result)
                    log(f"[{size}] {store.name} {case} #{round_ + 1}: {result['seconds']:.2f} s, "
                        f"{result['requests']} requests{' ERROR ' + result['error'] if 'error' in result else ''}")
            estimate = triples / update_rates[key] if key in update_rates else None
            if estimate is not None and estimate > args.update_budget:
                runs[PUSH_UPDATE].append({"skipped": f"estimated {fmt_s(estimate)} from an earlier size's "
                                                     f"{update_rates[key]:,.0f} triples/s"})
                log(f"[{size}] {store.name} {PUSH_UPDATE}: skipped, estimated {estimate:.0f} s")
            elif not args.no_update:
                log(f"[{size}] {store.name} {PUSH_UPDATE} (once, budget {args.update_budget:.0f} s) …")
                result = run_case(PUSH_UPDATE, store, graph, names, args, wire, phases)
                runs[PUSH_UPDATE].append(result)
                if "error" not in result:
                    sent = result.get("sent", triples) if result.get("over_budget") else triples
                    update_rates[key] = sent / result["seconds"]
                log(f"[{size}] {store.name} {PUSH_UPDATE}: {result['seconds']:.1f} s, {result['requests']} requests"
                    f"{' (stopped at the budget)' if result.get('over_budget') else ''}"
                    f"{' ERROR ' + result['error'] if 'error' in result else ''}")
            server_peak = store.peak_mb()
        finally:
            store.stop()
        out["stores"][store.name] = {"runs": runs, "server_peak_mb": server_peak}
    return out


# --- the report ---------------------------------------------------------------------------------

def summary(runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Median of the good runs, with the requests and phases of the median run."""
    if not runs:
        return None
    if "skipped" in runs[0]:
        return {"skipped": runs[0]["skipped"]}
    good = [r for r in runs if "error" not in r and not r.get("over_budget")]
    if not good:
        return {"error": runs[0].get("error"), "over_budget": runs[0].get("over_budget"), "seconds": runs[0]["seconds"],
                "sent": runs[0].get("sent"), "total": runs[0].get("total"), "requests": runs[0]["requests"],
                "refused": runs[0]["refused"]}
    ordered = sorted(good, key=lambda r: r["seconds"])
    middle = ordered[(len(ordered) - 1) // 2]
    return {"seconds": statistics.median(r["seconds"] for r in good), "n": len(good), "failed": len(runs) - len(good),
            "requests": middle["requests"], "refused": middle["refused"], "phases": middle["phases"],
            "all": [round(r["seconds"], 3) for r in runs], "held": middle.get("held"), "sent": middle.get("sent_triples"),
            "errors": [r["error"] for r in runs if "error" in r]}


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def table(result: dict[str, Any], args: argparse.Namespace) -> str:
    stores = list(result["stores"])
    triples = result["triples"]
    head = "| case |" + "".join(f" {s} | triples/s | requests | × bare PUT |" for s in stores)
    lines = [f"{result['size']}: {triples:,} triples in {result['graphs']} named graphs", "", head,
             "|---|" + "---:|---:|---:|---:|" * len(stores)]
    notes: list[str] = []
    for case in (*CHEAP, PUSH_UPDATE):
        label = case + (f", batch {args.batch} (1 run)" if case == PUSH_UPDATE else "")
        cells = []
        for store in stores:
            runs = result["stores"][store]["runs"]
            s = summary(runs[case])
            if s is None:
                cells.append("— | — | — | —")
                continue
            if "skipped" in s:
                cells.append("not run | — | — | —")
                notes.append(f"{store}, {case}: not run ({s['skipped']})")
                continue
            if "n" not in s:
                if s.get("over_budget"):
                    rate = (s["sent"] or 0) / s["seconds"]
                    cells.append(f">{fmt_s(s['seconds'])} | {rate:,.0f} | {s['requests']:,}+ | —")
                    notes.append(f"{store}, {case}: stopped after {fmt_s(s['seconds'])} with "
                                 f"{s['sent']:,} of {s['total']:,} triples sent")
                else:
                    cells.append("error | — | — | —")
                    notes.append(f"{store}, {case}: {s['error']}")
                continue
            base = summary(runs[BASELINE_OF[case]]) if case in BASELINE_OF else None
            ratio = f"{s['seconds'] / base['seconds']:.2f}×" if base and "n" in base else "—"
            if case in (BASE_GRAPHS, BASE_ONE):
                ratio = "1"
            rate = triples / s["seconds"]
            cells.append(f"{fmt_s(s['seconds'])} | {rate:,.0f} | {s['requests']:,} | {ratio}")
            if s["errors"]:
                notes.append(f"{store}, {case}: {len(s['errors'])} of {len(runs[case])} runs failed: {s['errors'][0]}")
            if s["refused"]:
                notes.append(f"{store}, {case}: answered " +
                             ", ".join(f"HTTP {k} ×{v}" for k, v in sorted(s["refused"].items())) + " (median run)")
            if s.get("held") is not None and s["held"] != s["sent"]:
                notes.append(f"{store}, {case}: the store holds {s['held']:,} triples afterwards, not the {s['sent']:,} sent")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "where the time went (median run; send = the rest):", ""]
    lines.append("| case | " + " | ".join(stores) + " |")
    lines.append("|---|" + "---|" * len(stores))
    for case in (*CHEAP, PUSH_UPDATE):
        cells = []
        for store in stores:
            s = summary(result["stores"][store]["runs"][case])
            if not s or "n" not in s:
                cells.append("—")
                continue
            p = s["phases"]
            send = s["seconds"] - sum(p.values())
            parts = [f"dump {fmt_s(p.get('dump', 0))}"]
            if "probe" in p:
                parts.append(f"probe {fmt_s(p['probe'])}")
            parts.append(f"send {fmt_s(send)}")
            if "confirm" in p:
                parts.append(f"confirm {fmt_s(p['confirm'])}")
            cells.append(", ".join(parts))
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("runs (s): " + "; ".join(
        f"{store} {case}: {summary(result['stores'][store]['runs'][case]).get('all')}"  # type: ignore[union-attr]
        for store in stores for case in CHEAP if summary(result["stores"][store]["runs"][case])))
    lines.append("server peak memory: " + ", ".join(
        f"{store} {result['stores'][store]['server_peak_mb']:.0f} MB" for store in stores
        if result["stores"][store]["server_peak_mb"] is not None))
    if notes:
        lines += ["", "notes:"] + [f"* {n}" for n in notes]
    return "\n".join(lines)


def revision() -> str:
    """The commit measured, and whether src/ differs from it (the code is imported at start)."""
    def git(*argv: str) -> str:
        done = subprocess.run(["git", *argv], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "?"

    changed = git("status", "--porcelain", "--", "src")
    return git("rev-parse", "--short", "HEAD") + (f" + uncommitted changes in {len(changed.splitlines())} src file(s)"
                                                  if changed and changed != "?" else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100k,1m", help=f"comma-separated, of {', '.join(SIZES)}")
    ap.add_argument("--stores", default="oxigraph,virtuoso", help="comma-separated, of oxigraph, virtuoso")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each cheap case (the median is reported)")
    ap.add_argument("--batch", type=int, default=push_module.DEFAULT_BATCH, help="triples per SPARQL Update request")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per HTTP request (push's default)")
    ap.add_argument("--update-budget", type=float, default=900.0,
                    help="seconds before the Update case is stopped (and not started where a smaller size "
                         "says it would take longer)")
    ap.add_argument("--no-update", action="store_true", help="leave the SPARQL Update case out")
    ap.add_argument("--buffers", type=int, default=170_000, help="Virtuoso's NumberOfBuffers (8 KB pages)")
    ap.add_argument("--settle", type=float, default=5.0, help="seconds of rest before the Update run")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/normgraph-bench"), help="corpora (as bench.py)")
    ap.add_argument("--json", type=Path, default=None, help="write every run here")
    args = ap.parse_args()
    args.stores = [s.strip().lower() for s in args.stores.split(",") if s.strip()]
    unknown = [s for s in args.stores if s not in STORES]
    if unknown:
        raise SystemExit(f"unknown store(s) {unknown}; of {', '.join(STORES)}")
    wire, phases = Wire(), Phases()
    started = datetime.datetime.now().astimezone()
    header = (f"push_stores.py {' '.join(sys.argv[1:])} — {started:%Y-%m-%d %H:%M %Z}, {os.cpu_count()} cores, "
              f"load average at start {os.getloadavg()[0]:.2f}, code {revision()}")
    print(header, flush=True)
    update_rates: dict[str, float] = {}
    results = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        result = measure(size, args, wire, phases, update_rates)
        results.append(result)
        print("\n" + table(result, args), flush=True)
        if args.json:
            args.json.write_text(json.dumps({"header": header, "results": results}, indent=1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nbenchmark process peak memory {peak:.0f} MB; load average at the end {os.getloadavg()[0]:.2f}; "
          f"{(datetime.datetime.now().astimezone() - started).total_seconds() / 60:.1f} min in all", flush=True)


if __name__ == "__main__":
    main()
