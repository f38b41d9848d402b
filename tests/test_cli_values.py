"""Values that are not what an option means get one line, never a traceback (issue #13, finding 13),
and a store that cannot be reached is named without the query text a GET carries in its URL."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import closed_port


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "abc", "1e9"])
@pytest.mark.parametrize("command", [["query", "norms-by-role", "--endpoint", "http://127.0.0.1:9/query"],
                                     ["push", "--endpoint", "http://127.0.0.1:9/query"], ["serve"]])
def test_a_timeout_is_a_duration(command, value):
    result = _cli(*command, "--timeout", value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Invalid value for '--timeout'" in result.stderr


@pytest.mark.parametrize("value", ["99999", "-1", "http"])
def test_a_port_is_a_port(value):
    result = _cli("serve", "--port", value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Invalid value for '--port'" in result.stderr
    assert ("0<=x<=65535" in result.stderr) == (value != "http")


def test_an_unreachable_store_is_named_without_the_query():
    with closed_port() as port:
        url = f"http://127.0.0.1:{port}/query"
        result = _cli("query", "norms-by-role", "--endpoint", url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"normgraph: error: cannot reach {url}: ")
    assert "query=" not in result.stderr and len(result.stderr) < 200
