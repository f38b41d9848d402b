"""Input that costs far more than its size, or is unclear when refused (issue #13, findings 12 and
16): YAML aliases, control characters, oversized texts, symlinks out of the corpus, an output
folder one cannot write. Each is refused in one line naming the file (and line and column)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normgraph.builders._yaml import load_yaml
from normgraph.builders.annotations import parse_annotations
from normgraph.builders.document import MAX_TEXT_BYTES, read_document
from normgraph.errors import AnnotationError, CorpusError, DocumentError

NORMGRAPH = Path(sys.executable).parent / "normgraph"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(NORMGRAPH), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NORMGRAPH_CACHE": "0"})  # fmt: skip


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("normgraph: error: "), result.stderr
    return lines[0]


@pytest.fixture()
def corpus(mini_corpus: Path) -> Path:
    return mini_corpus


def laughs(levels: int, width: int = 9) -> str:
    """The "billion laughs": each level a list of ``width`` aliases to the one before."""
    lines = ["document:", "  title: x", "  description: &l0 ha"]
    for level in range(1, levels + 1):
        lines.append(f"  note{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


# --- finding 12: aliases -------------------------------------------------------------------------


def test_an_alias_is_refused_with_file_line_and_column():
    text = "document:\n  title: x\ninstruments:\n  a: &a\n    label: A\n  b:   *a\n"
    with pytest.raises(AnnotationError) as caught:
        parse_annotations(text, "corpus/doc/annotations.yaml")
    assert str(caught.value).startswith("corpus/doc/annotations.yaml:6:8: YAML aliases (*name) are not allowed")


def test_an_alias_of_a_plain_word_is_refused_too():
    with pytest.raises(AnnotationError, match=r"^a.yaml:3:12: YAML aliases"):
        load_yaml("document:\n  title: &t x\n  kind:    *t\n", "a.yaml")


def test_an_anchor_without_alias_is_harmless():
    assert load_yaml("document:\n  title: &t x\n", "a.yaml") == {"document": {"title": "x"}}


def test_a_billion_laughs_is_refused_in_bounded_memory():
    # 30 levels of 9 would be 9**30 strings; refused before anything is built
    text = laughs(30)
    assert len(text) < 2_100
    tracemalloc.start()
    try:
        with pytest.raises(AnnotationError, match=r"^a.yaml:4:\d+: YAML aliases"):
            load_yaml(text, "a.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_recursive_alias_is_refused():
    with pytest.raises(AnnotationError, match=r"^a.yaml:2:\d+: YAML aliases"):
        load_yaml("document: &d\n  title: *d\n", "a.yaml")


def test_the_build_refuses_an_amplified_annotation_file(corpus: Path, tmp_path: Path):
    # the 118 KB file stood for 1.9 GB; these nine levels stand for 387 million strings
    path = corpus / "mini-doc" / "annotations.yaml"
    extra = "\n".join(f"  note{k}: &n{k} [{', '.join([f'*n{k - 1}'] * 9)}]" for k in range(1, 10))
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("document:\n", "document:\n  description: &n0 ha\n" + extra + "\n", 1),
                    encoding="utf-8")  # fmt: skip
    message = one_line_error(run("build", "--corpus", str(corpus), "--out", str(tmp_path / "out")))
    assert message.startswith(f"normgraph: error: {path}:3:"), message
    assert "YAML aliases (*name) are not allowed" in message


# --- finding 16: control characters --------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_names_file_line_and_column(char: str):
    text = f"document:\n  title: ééé €\n  kind: ab{char}c\n"
    with pytest.raises(AnnotationError) as caught:
        load_yaml(text, "doc/annotations.yaml")
    message = str(caught.value)
    assert message.startswith("doc/annotations.yaml:3:11: malformed YAML: the character "), message
    assert "\n" not in message


def test_a_control_character_through_the_command_line(corpus: Path, tmp_path: Path):
    path = corpus / "mini-doc" / "annotations.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("title: ", "title: \x0c", 1)  # a form feed, as PDFs leave them
    path.write_text("".join(lines), encoding="utf-8")
    message = one_line_error(run("build", "--corpus", str(corpus), "--out", str(tmp_path / "out")))
    assert message.startswith(f"normgraph: error: {path}:2:10: malformed YAML: the character '\\x0c' (U+000C)"), message


# --- finding 12: text size -----------------------------------------------------------------------


def test_a_text_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "text.txt"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.write(b"1. States must protect victims.\n")
        handle.truncate(MAX_TEXT_BYTES + 1)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (f"{path}: the text is larger than 64 MiB, the most normgraph reads "
                                 "(building takes about 30 bytes of memory per byte of text; split the document)")


def test_a_text_at_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "text.txt"
    path.write_bytes(b"1. States must protect victims.\n")
    assert read_document(path).paragraphs[0].text == "States must protect victims."


def test_extract_refuses_an_oversized_text_in_one_line(tmp_path: Path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.write(b"1. x\n")
        handle.truncate(MAX_TEXT_BYTES + 10)
    message = one_line_error(run("extract", str(path), "-o", str(tmp_path / "doc"), "--standalone"))
    assert message.startswith(f"normgraph: error: {path}: the text is larger than 64 MiB")


def test_running_out_of_memory_is_one_line(tmp_path: Path):
    # the last resort at the command line's edge (a real MemoryError needs gigabytes): raised
    # inside the build by a driver, it must come out as one line and exit 1
    driver = tmp_path / "driver.py"
    driver.write_text("import sys\nimport normgraph.graph.cache as cache\n"
                      "def boom(*a, **k):\n    raise MemoryError\n"
                      "cache.cached_build = boom\nfrom normgraph.cli import main\n"
                      "main(sys.argv[1:], prog_name='normgraph')\n", encoding="utf-8")  # fmt: skip
    result = subprocess.run([sys.executable, str(driver), "build", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "normgraph: error: out of memory (building takes about 30 bytes of memory per byte of text; see docs/robustness.md)"
    ]


# --- finding 16: symlinks out of the corpus, an output folder one cannot write -------------------


def test_a_document_folder_symlinked_from_outside_is_refused(corpus: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    (corpus / "mini-doc").rename(outside)
    (corpus / "mini-doc").symlink_to(outside, target_is_directory=True)
    message = one_line_error(run("build", "--corpus", str(corpus), "--out", str(tmp_path / "out")))
    assert message == (f"normgraph: error: {corpus / 'mini-doc'}: a symlink to {outside.resolve()}, "
                       f"outside the corpus folder {corpus.resolve()}; copy it into the corpus instead")


@pytest.mark.parametrize("name", ["text.txt", "annotations.yaml"])
def test_a_document_file_symlinked_from_outside_is_refused(corpus: Path, tmp_path: Path, name: str):
    secret = tmp_path / "secret.txt"
    shutil.move(corpus / "mini-doc" / name, secret)
    (corpus / "mini-doc" / name).symlink_to(secret)
    with pytest.raises(CorpusError, match="outside the corpus folder"):
        from normgraph.builders.corpus import load_corpus

        load_corpus(corpus)


def test_symlinks_inside_the_corpus_are_followed(corpus: Path, tmp_path: Path):
    from normgraph.builders.corpus import load_corpus

    shutil.move(corpus / "mini-doc" / "text.txt", corpus / "mini-doc" / "source.txt")
    (corpus / "mini-doc" / "text.txt").symlink_to("source.txt")
    (corpus / "_drafts").mkdir()
    shutil.move(corpus / "mini-doc", corpus / "_drafts" / "mini-doc")
    (corpus / "mini-doc").symlink_to(Path("_drafts") / "mini-doc", target_is_directory=True)
    loaded = load_corpus(corpus)
    assert [d.id for d in loaded.documents] == ["mini-doc"]
    assert loaded.documents[0].text.paragraphs


def test_an_unwritable_output_folder_names_the_target_not_a_temporary_file(tmp_path: Path):
    # /sys refuses new files even to root (a chmod'ed folder would not stop root)
    message = one_line_error(run("build", "--out", "/sys/kernel"))
    assert message == "normgraph: error: /sys/kernel/normgraph.ttl: Permission denied"
    message = one_line_error(run("export", "-f", "turtle", "-o", "/sys/kernel/g.ttl"))
    assert message == "normgraph: error: /sys/kernel/g.ttl: Permission denied"


_LEAF = st.one_of(st.text(max_size=8), st.integers(), st.booleans())
_TREE = st.recursive(_LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(_TREE, st.lists(st.text(max_size=5), min_size=1, max_size=3), st.sampled_from(["block", "flow"]))
def test_any_shared_node_is_refused_however_the_yaml_is_written(tree, keys, style):
    """Where PyYAML writes an anchor (a node shared by two parents) the loader refuses it, in
    block and flow style alike: the quick check for an "&" that may start an anchor never lets
    one through (it only spares the walk over the nodes when there can be none)."""
    import yaml

    shared = {"shared": tree}
    text = yaml.safe_dump({"first": shared, "second": shared, **{k: k for k in keys}},
                          default_flow_style=style == "flow", allow_unicode=True)
    assert "&id001" in text
    with pytest.raises(AnnotationError, match="YAML aliases"):
        load_yaml(text, "doc.yaml")
