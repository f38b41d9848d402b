"""Progress and timing (issue 16, goal 5): on a terminal every long step says what it does and how
long it took; in a pipe or a log nothing is written; ``--quiet`` silences the terminal too. The
terminal is a real pseudo-terminal (``pty``), the command the real CLI in its own process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from terminal import run_on_terminal


def _run(args: list[str], *, terminal: bool, cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """The CLI with stderr on a pseudo-terminal (or a pipe); stdout always a pipe."""
    if terminal:
        return run_on_terminal(args, cwd=cwd, env=env)
    done = subprocess.run([sys.executable, "-m", "normgraph", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "NORMGRAPH_CACHE_DIR": str(tmp_path / "cache"), "TERM": "xterm"}


def _lines(stderr: str) -> list[str]:
    """What a person sees: each line as it ends up after its carriage returns and erasures."""
    return [re.sub(r"\x1b\[K", "", line.split("\r")[-1]).strip() for line in stderr.replace("\r\n", "\n").split("\n")
            if line.strip()]


def test_a_build_on_a_terminal_says_each_step_and_its_time(tmp_path: Path, env: dict[str, str], mini_corpus: Path) -> None:
    code, out, err = _run(["build", "--corpus", str(mini_corpus), "--out", "out"], terminal=True, cwd=tmp_path, env=env)
    assert code == 0, err
    steps = [line for line in _lines(err) if re.fullmatch(r"normgraph: .+: \d+\.\d s", line)]
    assert [s.rsplit(":", 1)[0] for s in steps] == [
        "normgraph: building the graph", "normgraph: writing Turtle", "normgraph: writing TriG",
        "normgraph: drawing the HTML view", "normgraph: saving to out"]
    assert "wrote out/normgraph.ttl" in out  # the summary stays on stdout
    # built again with nothing changed: the terminal says where the graph came from
    _, _, again = _run(["build", "--corpus", str(mini_corpus), "--out", "out"], terminal=True, cwd=tmp_path, env=env)
    assert "normgraph: the graph of 1 document(s) came from the build cache (nothing changed)" in _lines(again)


def test_one_edited_document_is_said_to_be_rebuilt_alone(tmp_path: Path, env: dict[str, str], mini_corpus: Path) -> None:
    shutil.copytree(mini_corpus / "mini-doc", mini_corpus / "mini-doc-2")
    _run(["build", "--corpus", str(mini_corpus), "--out", "out"], terminal=True, cwd=tmp_path, env=env)
    annotations = mini_corpus / "mini-doc-2" / "annotations.yaml"
    annotations.write_text(annotations.read_text(encoding="utf-8") + "# reviewed again\n", encoding="utf-8")
    _, _, err = _run(["build", "--corpus", str(mini_corpus), "--out", "out"], terminal=True, cwd=tmp_path, env=env)
    assert "normgraph: rebuilt 1 of 2 document(s); the others came from the build cache" in _lines(err)


@pytest.mark.parametrize("how", ["pipe", "quiet", "dumb terminal"])
def test_nothing_but_the_data_in_a_pipe_with_quiet_or_on_a_dumb_terminal(how: str, tmp_path: Path, env: dict[str, str],
                                                                       mini_corpus: Path) -> None:
    args = ["build", "--corpus", str(mini_corpus), "--out", "out"]
    if how == "quiet":
        args = ["--quiet", *args]
    if how == "dumb terminal":
        env = {**env, "TERM": "dumb"}
    code, out, err = _run(args, terminal=how != "pipe", cwd=tmp_path, env=env)
    assert code == 0 and err == ""
    assert "wrote out/normgraph.html" in out


def test_export_with_inference_says_each_step(tmp_path: Path, env: dict[str, str], mini_corpus: Path) -> None:
    code, out, err = _run(["export", "--corpus", str(mini_corpus), "-f", "trig", "--infer", "-o", "g.trig"],
                          terminal=True, cwd=tmp_path, env=env)
    assert code == 0, err
    lines = _lines(err)
    steps = [line.rsplit(":", 1)[0] for line in lines if re.fullmatch(r"normgraph: .+: \d+\.\d s", line)]
    assert steps == ["normgraph: building the graph", "normgraph: inferring OWL 2 RL entailments", "normgraph: writing trig"]
    inferred = next(line for line in lines if line.startswith("normgraph: inferred "))
    assert re.fullmatch(r"normgraph: inferred [\d,]+ triples \(graph ngr:graph/inferred\)", inferred)
    assert int(inferred.split()[2].replace(",", "")) > 0


def test_validate_says_its_steps_and_keeps_the_report_on_stdout(tmp_path: Path, env: dict[str, str],
                                                                mini_corpus: Path) -> None:
    code, out, err = _run(["validate", "--corpus", str(mini_corpus)], terminal=True, cwd=tmp_path, env=env)
    assert code == 0, err
    steps = [line.rsplit(":", 1)[0] for line in _lines(err) if re.fullmatch(r"normgraph: .+: \d+\.\d s", line)]
    assert len(steps) == 2 and steps[0] == "normgraph: building the graph"
    assert re.fullmatch(r"normgraph: validating [\d,]+ quads \(auto engine\)", steps[1])
    assert out == "Conforms: the graph satisfies every shape.\n"
