"""The test suite keeps to itself: the build cache it fills is a temporary folder (conftest's
session_cache_dir), never the user's ~/.cache/normgraph, also for the command line it runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from normgraph.graph import cache


def _real_cache_dir() -> Path:
    """Where the cache would be without the suite's NORMGRAPH_CACHE_DIR: the user's own setting,
    else graph/cache.py's default."""
    from conftest import _REAL_CACHE_DIR

    if _REAL_CACHE_DIR:
        return Path(_REAL_CACHE_DIR)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "normgraph"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


def test_the_suite_caches_in_a_temporary_folder(session_cache_dir: Path):
    assert cache.cache_dir() == session_cache_dir
    assert session_cache_dir != _real_cache_dir()
    assert not session_cache_dir.is_relative_to(Path.home() / ".cache")


def test_a_cli_build_caches_in_the_suites_folder_and_leaves_the_home_cache_untouched(
    session_cache_dir: Path, mini_corpus: Path
):
    from conftest import DATA

    # a corpus no other test built, so its cache entry can only come from this run
    shutil.copytree(DATA / "mini-corpus" / "mini-doc", mini_corpus / "isolation-check")
    key = cache.corpus_key(mini_corpus)
    entry = cache._entry(key)
    assert entry.parent == session_cache_dir and not entry.exists()
    real = _real_cache_dir()
    before = _snapshot(real)
    done = subprocess.run([sys.executable, "-m", "normgraph", "stats", "--corpus", str(mini_corpus)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "isolation-check: 3 paragraphs" in done.stdout
    assert entry.is_file() and entry.stat().st_size > 0  # the command line did cache, here
    assert _snapshot(real) == before  # and wrote nothing under the home cache
    assert not any(key in name for name in _snapshot(real))
