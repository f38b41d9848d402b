"""Escape sequences in the graph's text, or in a store's answer, are shown, never obeyed
(issue #13, finding 8): tables, reports and error lines print them as `\\x1b`; data formats keep them."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

from normgraph._text import printable

ESC_TITLE = "\x1b]0;PWNED\x07"  # retitles the terminal window
RLO = "\u202e"  # makes what follows read backwards


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=300)


def _hostile_corpus(mini_corpus: Path) -> Path:
    annotations = mini_corpus / "mini-doc" / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    assert "    label: States\n" in text
    annotations.write_text(text.replace("    label: States\n", '    label: "States\\e]0;PWNED\\a \\u202Eevil"\n'),
                           encoding="utf-8")
    return mini_corpus


def test_printable_escapes_controls_and_keeps_lines():
    assert printable(f"a{ESC_TITLE}b\n\tc{RLO}d") == "a\\x1b]0;PWNED\\x07b\n\tc\\u202ed"
    assert printable("plain text, “quotes”, é") == "plain text, “quotes”, é"


def test_query_tables_and_reports_show_escapes(mini_corpus):
    corpus = str(_hostile_corpus(mini_corpus))
    table = _cli("query", "norms-by-bearer", "--corpus", corpus)
    assert table.returncode == 0, table.stderr
    assert "States\\x1b]0;PWNED\\x07 \\u202eevil" in table.stdout
    network = _cli("stats", "--network", "--corpus", corpus)
    assert network.returncode == 0, network.stderr
    for run in (table, network):
        assert "\x1b" not in run.stdout + run.stderr and "\x07" not in run.stdout and RLO not in run.stdout
    csv = _cli("query", "norms-by-bearer", "--corpus", corpus, "-f", "csv")
    assert ESC_TITLE in csv.stdout  # data formats keep the text as it is


class _Hostile(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(f"store failed {ESC_TITLE}".encode())

    def log_message(self, *args: object) -> None:
        pass


def test_a_stores_error_text_is_shown_not_obeyed():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/query"
        result = _cli("query", "--sparql", "ASK {}", "--endpoint", url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 1
    assert "store failed \\x1b]0;PWNED\\x07" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
