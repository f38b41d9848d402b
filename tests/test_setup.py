"""The README's first set-up command, run verbatim on the machine's own Python (issue 17, item 7).

Debian's /usr/bin/python3 is "externally managed": a bare `pip install .` is refused there. The
README's command makes a virtual environment first; this test runs it as written, in a copy of
the checkout, with pip pointed at a local wheel index (tests run offline) made from this
environment's installed distributions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from _wheelhouse import wheelhouse

ROOT = Path(__file__).resolve().parents[1]
DEBIAN_PYTHON = Path("/usr/bin/python3")


def first_setup_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return block.splitlines()[0].split("   #", 1)[0].strip()


def machine_python() -> Path:
    """Debian's Python when the machine has it (the case the issue names), else this one's base."""
    if DEBIAN_PYTHON.exists():
        return DEBIAN_PYTHON
    return Path(sys.base_prefix) / "bin" / "python3"


def copy_checkout(target: Path) -> None:
    ignored = shutil.ignore_patterns(".git", ".venv", "out", "build", "*.egg-info", "__pycache__", ".pytest_cache",
                                     ".hypothesis", ".mutmut-cache", "mutants")
    shutil.copytree(ROOT, target, ignore=ignored, symlinks=True)


def test_readme_first_command_installs_and_builds_on_the_machine_python(tmp_path):
    command = first_setup_command()
    assert "venv" in command and "normgraph build" in command, command
    python = machine_python()
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "python3").symlink_to(python)
    checkout = tmp_path / "checkout"
    copy_checkout(checkout)
    wheels = wheelhouse(ROOT / "pyproject.toml", tmp_path / "wheels")
    env = {
        "PATH": f"{shims}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_CACHE_DIR": "1",
        "LANG": "C.UTF-8",
    }
    marker = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip()) / "EXTERNALLY-MANAGED"
    if marker.exists():
        # the case the command is for: the bare install the README used to give is refused here
        bare = subprocess.run(["sh", "-c", "python3 -m pip install ."], cwd=checkout, env=env,
                              capture_output=True, text=True, timeout=300)
        assert bare.returncode != 0 and "externally-managed-environment" in bare.stderr, bare.stderr[-2000:]

    done = subprocess.run(["sh", "-c", command], cwd=checkout, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]

    out = checkout / "out"
    assert sorted(p.name for p in out.iterdir()) == ["normgraph.html", "normgraph.trig", "normgraph.ttl"]
    store = ox.Store()
    store.load(path=str(out / "normgraph.trig"), format=ox.RdfFormat.TRIG)
    obligations = list(store.query(
        "PREFIX ng: <https://w3id.org/normgraph/ontology#> SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { GRAPH ?g { ?n a ng:Obligation } }"))
    assert int(obligations[0]["c"].value) > 0
    # setuptools keeps its own build tree in build/ (the clash the default `out/` avoids); none of
    # the build's outputs went there
    for name in ("normgraph.ttl", "normgraph.trig", "normgraph.html"):
        assert not (checkout / "build" / name).exists()
    # the installed command is the venv's, and it is a real (non-editable) install
    installed = subprocess.run([str(checkout / ".venv/bin/python"), "-c", "import normgraph; print(normgraph.__file__)"],
                               capture_output=True, text=True, check=True).stdout
    assert "site-packages" in installed and str(checkout / "src") not in installed
