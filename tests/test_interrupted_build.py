"""An interrupted build (issue #13, finding 15): SIGTERM or SIGINT while the outputs are being
written leaves the old normgraph.ttl, .trig and .html or the new ones, never a mix, and no
temporary files. A real `normgraph build` process is signalled at a chosen point: a driver
script pauses it there (it wraps the writer's steps; the product has no test hook)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
OUTPUTS = ("normgraph.ttl", "normgraph.trig", "normgraph.html")

DRIVER = '''
import os, signal, sys, time
from pathlib import Path
import normgraph._files as files
from normgraph.cli import main

where, ready = os.environ["PAUSE_AT"], Path(os.environ["READY"])
stage, replace = files._stage, os.replace
staged = []

def pausing_stage(*args):
    name = stage(*args)   # the temporary file, complete and recorded for the writer to clean
    staged.append(name)
    if where == f"staged-{len(staged)}":
        part = ready.with_name(ready.name + ".part")   # whole or absent: the test reads it as soon as it exists
        part.write_text("\\n".join(staged))
        replace(part, ready)
        while True:          # until the test's signal arrives
            time.sleep(0.05)
    return name

def signalling_replace(src, dst):
    replace(src, dst)
    if where == "renaming" and not ready.exists():
        ready.write_text(src)
        os.kill(os.getpid(), int(os.environ["SIGNAL"]))   # arrives between two renames

files._stage = pausing_stage
os.replace = signalling_replace
main(sys.argv[1:], prog_name="normgraph")
'''


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NORMGRAPH_CACHE": "0", **extra}


def _build(corpus: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "normgraph", "build", "--corpus", str(corpus), "--out", str(out)],
                   check=True, capture_output=True, env=_env(), timeout=120)


def _contents(out: Path) -> dict[str, bytes | None]:
    return {name: (out / name).read_bytes() if (out / name).exists() else None for name in OUTPUTS}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name not in OUTPUTS) if out.exists() else []


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A corpus, the outputs of its old and new states built undisturbed, and the new corpus."""
    root = tmp_path_factory.mktemp("versions")
    corpus = root / "corpus"
    shutil.copytree(DATA / "mini-corpus", corpus)
    _build(corpus, root / "old")
    annotations = corpus / "mini-doc" / "annotations.yaml"
    text = annotations.read_text(encoding="utf-8")
    annotations.write_text(text.replace("  title: ", "  title: A changed title, ", 1), encoding="utf-8")
    _build(corpus, root / "new")
    old, new = _contents(root / "old"), _contents(root / "new")
    assert all(old.values()) and all(new.values())
    assert all(old[name] != new[name] for name in OUTPUTS)  # every file differs between the two
    return {"corpus": corpus, "old": old, "new": new, "old_folder": root / "old"}


def _interrupted(versions: dict[str, object], tmp_path: Path, where: str, signum: int,
                 with_old: bool = True) -> tuple[subprocess.CompletedProcess[bytes], Path]:  # fmt: skip
    out = tmp_path / "out"
    if with_old:
        shutil.copytree(versions["old_folder"], out)  # type: ignore[arg-type]
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    ready = tmp_path / "ready"
    env = _env(PAUSE_AT=where, READY=str(ready), SIGNAL=str(int(signum)))
    process = subprocess.Popen([sys.executable, str(driver), "build", "--corpus", str(versions["corpus"]), "--out", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # fmt: skip
    try:
        if where.startswith("staged"):
            deadline = time.monotonic() + 120
            while not ready.exists():  # poll for the pause, no fixed sleep
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.02)
            temporaries = ready.read_text().splitlines()
            assert temporaries and all(Path(t).exists() for t in temporaries)  # the build is mid-way
            process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=120)
    finally:  # a failed check must not leave the driver paused for ever
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), out


@pytest.mark.parametrize("signum, code, word", [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
@pytest.mark.parametrize("where", ["staged-1", "staged-2", "staged-3"])
def test_a_signal_while_writing_keeps_the_old_outputs(versions, tmp_path: Path, where: str, signum: int,
                                                      code: int, word: str):  # fmt: skip
    result, out = _interrupted(versions, tmp_path, where, signum)
    assert result.returncode == code, result.stderr
    assert result.stderr.decode().strip() == f"normgraph: error: {word}"
    assert _leftovers(out) == []
    assert _contents(out) == versions["old"]


def test_a_signal_between_renames_completes_the_new_set(versions, tmp_path: Path):
    result, out = _interrupted(versions, tmp_path, "renaming", signal.SIGTERM)
    assert (tmp_path / "ready").exists()  # the signal was sent after the first rename
    assert result.returncode == 143, result.stderr
    assert _leftovers(out) == []
    assert _contents(out) == versions["new"]


def test_an_interrupted_first_build_leaves_nothing(versions, tmp_path: Path):
    result, out = _interrupted(versions, tmp_path, "staged-3", signal.SIGTERM, with_old=False)
    assert result.returncode == 143
    assert _leftovers(out) == []
    assert _contents(out) == dict.fromkeys(OUTPUTS)


def test_an_undisturbed_build_through_the_driver_writes_the_new_set(versions, tmp_path: Path):
    # the driver itself changes nothing: without a signal it builds what a plain build does
    result, out = _interrupted(versions, tmp_path, "nowhere", signal.SIGTERM)
    assert result.returncode == 0, result.stderr
    assert _leftovers(out) == [] and _contents(out) == versions["new"]


def test_an_interrupted_extract_leaves_no_half_document(tmp_path: Path):
    # extract writes text.txt and annotations.yaml as a pair: stopped after the first is staged,
    # neither is there, nor a temporary file
    source = tmp_path / "report.txt"
    source.write_text("A report\n\n1. States must protect victims.\n", encoding="utf-8")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    ready, out = tmp_path / "ready", tmp_path / "corpus" / "doc"
    process = subprocess.Popen([sys.executable, str(driver), "extract", str(source), "-o", str(out), "--standalone"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=_env(PAUSE_AT="staged-1", READY=str(ready), SIGNAL="15"))  # fmt: skip
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert Path(ready.read_text()).exists()
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143 and stderr.decode().strip() == "normgraph: error: terminated"
    assert sorted(p.name for p in out.iterdir()) == []
