"""Run mutmut's mutants each in a fresh Python process (scripts/mutation.sh, targets marked
`fresh`). mutmut runs mutants in processes forked from one that has already run the tests; for
tests that start servers and threads (serve's front, the engine) every forked run hit its CPU
limit and was counted a "timeout" — that is, killed — although run on its own the same mutant
passed the tests. Here mutmut only generates the mutants; each one then runs
`pytest` in a new process with MUTANT_UNDER_TEST set, as mutmut's trampolines expect.

Usage (from a checkout copy whose pyproject.toml has the target's [tool.mutmut] section):
    python scripts/mutation_fresh.py SOURCE_FILE 'GLOB ...' PYTEST_ARGS...
Prints one `MUTANT: fate` line per mutant (fate: killed, survived, timeout), like
`mutmut results --all true`. MUTATION_WORKERS sets how many mutants run at once (default: one per core).
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def generate() -> None:
    # mutmut's own generation steps (mutmut 3.8), without its forking runner
    from mutmut import __main__ as mutmut

    mutmut.ensure_config_loaded() if hasattr(mutmut, "ensure_config_loaded") else None
    mutmut.set_mutant_under_test("mutant_generation")
    Path("mutants").mkdir(exist_ok=True)
    mutmut.copy_src_dir()
    mutmut.copy_also_copy_files()
    mutmut.setup_source_paths()
    mutmut.store_lines_covered_by_tests()
    mutmut.create_mutants(os.cpu_count() or 2)


def mutant_names(source: str, globs: list[str]) -> list[str]:
    module = source.removeprefix("src/").removesuffix(".py").replace("/", ".")
    text = (Path("mutants") / source).read_text(encoding="utf-8")
    names = [f"{module}.{m}" for m in re.findall(r"^\s*def (x[\wǁ]*__mutmut_\d+)\(", text, re.MULTILINE)]
    return [n for n in names if any(fnmatch.fnmatch(n, f"{module}.{g}") for g in globs)]


def run(name: str, tests: list[str], limit: float) -> tuple[str, float]:
    started = time.monotonic()
    env = {**os.environ, "MUTANT_UNDER_TEST": name, "PYTHONPATH": str(Path("mutants/src").resolve())}
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                              cwd="mutants", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=limit)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    return ("survived" if done.returncode == 0 else "killed"), time.monotonic() - started


def main() -> None:
    source, globs, tests = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
    generate()
    baseline, seconds = run("none", tests, 600)  # no mutant: the tests must pass as they are
    if baseline != "survived":
        sys.exit(f"mutation_fresh: the tests do not pass without mutants ({baseline})")
    limit = 3 * seconds + 10
    names = mutant_names(source, globs)
    only = os.environ.get("MUTATION_ONLY")  # a file of mutant names: rerun those alone (scripts/mutation.sh)
    if only:
        wanted = set(Path(only).read_text(encoding="utf-8").split())
        names = [n for n in names if n in wanted]
    print(f"mutation_fresh: {len(names)} mutants, baseline {seconds:.1f} s, limit {limit:.0f} s", file=sys.stderr)
    workers = int(os.environ.get("MUTATION_WORKERS", os.cpu_count() or 2))  # fewer leaves cores for other work
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for name, (fate, _) in zip(names, pool.map(lambda n: run(n, tests, limit), names)):
            print(f"    {name}: {fate}", flush=True)


if __name__ == "__main__":
    main()
