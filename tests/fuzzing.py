"""Hostile inputs for the fuzz run (tests/test_fuzz.py, scripts/fuzz.sh): annotation files and
document texts made from the small hand-made corpus by seeded random mutations, so that a failing
case is reproduced from its seed and number alone.

Two kinds of mutation: of the YAML's structure (a value replaced by a nasty one, a key renamed,
removed or added, an item repeated; then dumped as valid YAML) and of raw text (characters, lines
and bytes inserted, removed or repeated: control characters, anchors and aliases, labels, invalid
UTF-8)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

MINI = Path(__file__).parent / "data" / "mini-corpus"

NASTY_TEXT = [
    "", " ", "\n", "x\n", "a\x00b", "\x07", "\x1b]0;PWNED\x07", "\x0c", "\u202e", "\ufeff", "\ud7ff", "\U0001f600",
    "²", "٣", "1e999999999", "-0", "NaN", ".inf", "0x1F", "1_000", "9" * 40, "99999999999999999999",
    "see the treaty site", "http://", "https://example.org/a b", "urn:x", "<script>", "&a", "*a", "!!str", "%TAG",
    "obligation-1", "claim-1", "states\n", "states ", "STATES", "registry", "inferred", "art_6", "art_6\n",
    "para_1", "preamble", "1\n", "Article 6(3)(b)", "2008-02-30", "2008-13", "unknown", "true", "null", "~",
    "États", "移民", "مهاجرين", "x" * 5_000, "a: b", "- a", "[a, b]", "{a: b}", "'", '"', "\\", "#",
]  # fmt: skip
NASTY_VALUES: list[Any] = [
    *NASTY_TEXT, 0, 1, -1, 2**70, 10**40, 1.5, float("nan"), float("inf"), True, False, None,
    [], {}, ["a", ["b"]], {"a": {"b": {"c": None}}}, [[[[[[[[[[["deep"]]]]]]]]]]], {"": ""}, {1: 2},
]  # fmt: skip
SNIPPETS = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\t", "\r", "\r\n",
    "\n", "\n\n", ":", ": ", "- ", "-", "&a ", "*a", "&a [1, *a]", "!!binary ", "!!python/object:os.system ", "? ",
    "|", ">", "{", "}", "[", "]", ",", "'", '"', "#", "%YAML 1.1\n", "---\n", "...\n", "  ", "    ", "é", "²",
    "1. ", "2. ", "Article 1\n", "Article 99999\n", "(a) ", "(iv) ", "PART I\n", "Preamble\n", "Annex\n",
    "States must protect victims. ", "The Convention shall not apply. ", "9" * 30, "<b>", "\u202e",
]  # fmt: skip
BAD_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xef\xbb\xbf"]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


# free-text fields: odd text there must build, and reach the exports
TEXT_KEYS = {"title", "label", "note", "description", "action", "condition", "definition", "place", "qualifier",
             "alt_labels", "authors", "publisher_name", "symbol", "event", "adoption_reference", "treaty_reference"}  # fmt: skip


def odd_text(rng: random.Random) -> str:
    """Text that is legal in a free-text field, and odd: controls, bidi, scripts, markup, breaks."""
    pieces = [rng.choice(NASTY_TEXT + SNIPPETS) for _ in range(rng.randint(1, 5))]
    text = "".join(pieces).replace("\x00", "").strip() or "x"
    return text


def mutate_structure(data: Any, rng: random.Random) -> Any:
    """One to four changes to the parsed annotation file."""
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return rng.choice(NASTY_VALUES)
        texts = [p for p in paths if any(step in TEXT_KEYS for step in p if isinstance(step, str))
                 and isinstance(_parent(data, p)[p[-1]], str)]  # fmt: skip
        if texts and rng.random() < 0.5:
            path = rng.choice(texts)
            _parent(data, path)[path[-1]] = odd_text(rng)
            continue
        path = rng.choice(paths)
        parent, last = _parent(data, path), path[-1]
        action = rng.random()
        if action < 0.55:
            parent[last] = rng.choice(NASTY_VALUES)
        elif action < 0.7 and isinstance(parent, dict):
            parent[rng.choice(NASTY_TEXT) or "k"] = parent.pop(last)  # a key renamed
        elif action < 0.8:
            del parent[last]
        elif action < 0.9 and isinstance(parent, list):
            parent.insert(last, parent[last])  # an item repeated (an id twice)
        elif isinstance(parent, dict):
            parent[rng.choice(["id", "quote", "type", "url", "occurrence", "confidence", "value", "roles", "bearer",
                               "paragraphs", "norms", "claims", "date", "label", "party_to"])] = rng.choice(NASTY_VALUES)  # fmt: skip
    return data


def mutate_text(text: str, rng: random.Random) -> str:
    """One to six raw edits: snippets inserted, spans removed or repeated, lines swapped."""
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(text))
        action = rng.random()
        if action < 0.5:
            text = text[:at] + rng.choice(SNIPPETS) + text[at:]
        elif action < 0.7:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        elif action < 0.85:
            end = min(len(text), at + rng.randint(1, 80))
            text = text[:end] + text[at:end] * rng.randint(1, 3) + text[end:]
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(BAD_BYTES) + data[at:]


def make_case(root: Path, seed: int, case: int) -> tuple[Path, str]:
    """A corpus folder for case ``case`` under ``root`` (the mini corpus, mutated) and what was
    done to it."""
    rng = random.Random(f"{seed}:{case}")
    corpus = root / f"case-{case}"
    shutil.copytree(MINI, corpus)
    folder = corpus / "mini-doc"
    annotations = folder / "annotations.yaml"
    text_file = folder / "text.txt"
    kind = rng.choices(["structure", "text-alone", "text", "yaml-text", "yaml-bytes", "text-bytes", "both"],
                       weights=[35, 20, 10, 15, 5, 5, 10])[0]  # fmt: skip
    if kind == "text-alone":  # the splitter on its own: a text without annotations builds too
        annotations.unlink()
    if kind in ("structure", "both"):
        data = mutate_structure(yaml.safe_load(annotations.read_text(encoding="utf-8")), rng)
        try:
            dumped = yaml.safe_dump(data, allow_unicode=rng.random() < 0.5, sort_keys=False)
        except yaml.YAMLError:
            dumped = "document: {title: x}\n"
        annotations.write_text(dumped, encoding="utf-8")
    if kind == "yaml-text":
        annotations.write_text(mutate_text(annotations.read_text(encoding="utf-8"), rng), encoding="utf-8", errors="surrogatepass")
    if kind == "yaml-bytes":
        annotations.write_bytes(mutate_bytes(annotations.read_bytes(), rng))
    if kind in ("text", "text-alone", "both"):
        text_file.write_text(mutate_text(text_file.read_text(encoding="utf-8"), rng), encoding="utf-8", errors="surrogatepass")
    if kind == "text-bytes":
        text_file.write_bytes(mutate_bytes(text_file.read_bytes(), rng))
    return corpus, kind


def make_text(root: Path, seed: int, case: int) -> Path:
    """A raw text for ``normgraph extract``: the mini document's or a generated report's, mutated."""
    rng = random.Random(f"text:{seed}:{case}")
    base = (MINI / "mini-doc" / "text.txt").read_text(encoding="utf-8")
    if rng.random() < 0.5:
        base = "A report\n\n" + "".join(f"{n}. {rng.choice(SNIPPETS)}States must protect {rng.choice(NASTY_TEXT)} victims "
                                        f"under the Convention.\n\n" for n in range(1, rng.randint(2, 12)))  # fmt: skip
    path = root / f"text-{case}.txt"
    if rng.random() < 0.15:
        path.write_bytes(mutate_bytes(base.encode("utf-8"), rng))
    else:
        path.write_text(mutate_text(base, rng), encoding="utf-8", errors="surrogatepass")
    return path
