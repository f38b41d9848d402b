"""The README's Python snippets run as written, in order, in one namespace (as a notebook would
run them), so the tour stays true. The one that pushes to a store gets a real Oxigraph server on
loopback in place of the Virtuoso it names: Credentials are sent only when a store asks, and
Oxigraph does not ask."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import oxigraph_server

README = Path(__file__).parent.parent / "README.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _snippets() -> list[str]:
    return _BLOCK.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_python_snippets():
    snippets = _snippets()
    assert len(snippets) >= 4 and any("query_df" in s for s in snippets) and any("to_pandas" in s for s in snippets)


def test_every_python_snippet_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # the snippets write out/normgraph.ttl
    monkeypatch.setenv("NORMGRAPH_PASSWORD", "unused by Oxigraph")
    namespace: dict[str, object] = {"__name__": "__readme__"}
    with oxigraph_server() as base:
        for number, snippet in enumerate(_snippets(), 1):
            code = snippet.replace("http://127.0.0.1:8890/sparql", f"{base}/query")
            exec(compile(code, f"README.md python snippet {number}", "exec"), namespace)  # noqa: S102 - our own README
    printed = capsys.readouterr().out
    assert (tmp_path / "out" / "normgraph.ttl").stat().st_size > 100_000
    assert "38 " in printed  # the transit norms of paragraph 38
    assert "ng:bearer" in printed  # the CONSTRUCT answer, with prefixes
    frame = namespace["frame"]
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0 and str(frame["number"].dtype) == "Int64"
    assert len(namespace["same"]) == len(namespace["graph"])  # type: ignore[arg-type]
