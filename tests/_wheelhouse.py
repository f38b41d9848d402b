"""A local wheel index made from the test environment's own installed distributions.

The set-up test runs the README's `pip install .` in a brand-new virtual environment; tests run
offline, so pip gets `--no-index --find-links` to a folder of wheels repacked here from what this
environment already has installed (the same versions, files and tags; RECORD rewritten).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata as metadata
import io
import re
import tomllib
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_closure(roots: list[str]) -> list[metadata.Distribution]:
    """The installed distributions `roots` need, transitively (no extras beyond those named)."""
    environment = default_environment()
    seen: dict[str, metadata.Distribution] = {}
    todo = [(Requirement(root), "") for root in roots]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({**environment, "extra": extra}):
            continue
        name = _canonical(requirement.name)
        wanted_extras = sorted(requirement.extras)
        if name in seen and not wanted_extras:
            continue
        dist = metadata.distribution(requirement.name)  # raises when the environment lacks it: a real gap
        seen[name] = dist
        for child in dist.requires or []:
            for wanted in [""] + wanted_extras:
                todo.append((Requirement(child), wanted))
    return list(seen.values())


def project_requirements(pyproject: Path) -> list[str]:
    """What `pip install .` of the project needs: its dependencies and its build backend's."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(data["project"]["dependencies"]) + list(data["build-system"]["requires"])


def repack(dist: metadata.Distribution, folder: Path) -> Path:
    """Write `dist` back out as a wheel in `folder` (files inside site-packages only)."""
    info = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Tag:")]
    # one compressed tag set for the file name ("py2.py3-none-any"), as pip's wheel names have it
    parts = [tag.split("-") for tag in tags] or [["py3", "none", "any"]]
    tag = "-".join(".".join(dict.fromkeys(part[i] for part in parts)) for i in range(3))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    wheel = folder / f"{name}-{dist.version}-{tag}.whl"
    base = Path(str(dist.locate_file("")))
    record_name = None
    rows = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in dist.files or []:
            relative = entry.as_posix()
            if relative.startswith("..") or "__pycache__" in relative or relative.endswith(".pyc"):
                continue
            top, _, leaf = relative.partition("/")
            own_info = top.endswith(".dist-info") and "/" not in leaf  # not a vendored package's
            if own_info and leaf == "RECORD":
                record_name = relative
                continue
            if own_info and leaf in {"INSTALLER", "REQUESTED", "direct_url.json"}:
                continue
            data = (base / relative).read_bytes()
            archive.writestr(relative, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            rows.append((relative, f"sha256={digest}", str(len(data))))
        if record_name is None:
            raise RuntimeError(f"{dist.metadata['Name']}: no RECORD, cannot repack")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(rows + [(record_name, "", "")])
        archive.writestr(record_name, out.getvalue())
    return wheel


def wheelhouse(pyproject: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for dist in requirement_closure(project_requirements(pyproject)):
        repack(dist, folder)
    return folder
