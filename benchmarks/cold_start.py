"""Cold start: `normgraph query` on the bundled corpus against `python -c "import rdflib"`.

    python benchmarks/cold_start.py            # 15 interleaved runs of each, medians
    python benchmarks/cold_start.py --runs 30 --query counts-by-class

Each run is a new process, as a user typing the command gets. Cases: the query with the build
cache warm (the usual case: nothing changed since last time), the query with the cache off
(``NORMGRAPH_CACHE=0``: read, check and build the corpus every time), ``python -c "import
rdflib"`` (the goal's yardstick) and ``python -c pass`` (the interpreter alone). The runs are
interleaved so that a busy machine slows every case alike. Prints medians, peak memory and the
ratio to the rdflib import. Not run by the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def normgraph_command() -> list[str]:
    """The console script when it is installed (what users run), else ``python -m normgraph``."""
    script = Path(sys.executable).with_name("normgraph")
    if script.is_file():
        return [sys.executable, str(script)] if script.read_bytes()[:2] == b"#!" else [str(script)]
    return [sys.executable, "-m", "normgraph"]


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--query", default="norms-by-role", help="named query (default: norms-by-role -p role=transit)")
    args = ap.parse_args(argv)
    cache = Path(tempfile.mkdtemp(prefix="normgraph-cold-"))
    base = {**os.environ, "PYTHONPATH": str(SRC), "NORMGRAPH_CACHE_DIR": str(cache)}
    query = [*normgraph_command(), "query", args.query] + (["-p", "role=transit"] if args.query == "norms-by-role" else [])
    cases = {
        "normgraph query (cache warm)": (query, base),
        "normgraph query (NORMGRAPH_CACHE=0)": (query, {**base, "NORMGRAPH_CACHE": "0"}),
        'python -c "import rdflib"': ([sys.executable, "-c", "import rdflib"], base),
        "python -c pass": ([sys.executable, "-c", "pass"], base),
    }
    try:
        run(query, base)  # fills the cache (and the OS file cache, for every case alike)
        for argv_, env in cases.values():
            run(argv_, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        peaks: dict[str, float] = {name: 0.0 for name in cases}
        for _ in range(args.runs):
            for name, (argv_, env) in cases.items():
                elapsed, peak = run(argv_, env)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    yardstick = statistics.median(times['python -c "import rdflib"'])
    print(f"Cold start, {args.runs} interleaved runs each ({' '.join(query[-4:])})\n")
    print("| command | median | min | peak MB | / import rdflib |")
    print("|---|---:|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.0f} ms | {min(values) * 1000:.0f} ms | {peaks[name]:.0f} | "
              f"{median / yardstick:.2f}× |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
