"""Input that used to end in a traceback (issue #13, finding 13), through the real command line:
each must give one line on stderr naming the file (and its line where there is one), a non-zero
exit, and no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

NORMGRAPH = Path(sys.executable).parent / "normgraph"


def run(*args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NORMGRAPH_CACHE": "0"}
    return subprocess.run([str(NORMGRAPH), *args], capture_output=True, env=env, cwd=cwd, timeout=120)


def one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode not in (0, None), err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("normgraph: error: "), err
    return lines[0]


@pytest.fixture()
def corpus(mini_corpus: Path) -> Path:
    return mini_corpus


def edit(corpus: Path, old: str, new: str) -> Path:
    path = corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def build(corpus: Path, tmp_path: Path) -> str:
    return one_line_error(run("build", "--corpus", str(corpus), "--out", str(tmp_path / "out")))


def test_the_mini_corpus_builds(corpus: Path, tmp_path: Path):
    # the edits below are what breaks each build, not the corpus itself
    result = run("build", "--corpus", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.parametrize("key", ["²", "٣", "0", "99999999999999999999", "art_6\n", "1\n"])
def test_a_paragraph_key_that_is_no_number_nor_eid(corpus: Path, tmp_path: Path, key: str):
    # "²".isdigit() is true but int("²") fails; "٣" is a digit in another script
    path = edit(corpus, "paragraphs:\n", f"paragraphs:\n  {key!r}:\n    reviewed: true\n".replace("'", '"'))
    message = build(corpus, tmp_path)
    assert message.startswith(f"normgraph: error: {path}:{line_of(path, 'paragraphs:') + 1}: "), message
    assert "neither a paragraph number nor a unit eId" in message


def test_a_url_that_is_no_iri(corpus: Path, tmp_path: Path):
    path = edit(corpus, "    unverified: [entry_into_force]\n", "    unverified: [entry_into_force]\n    url: see the treaty site\n")
    message = build(corpus, tmp_path)
    assert message == (f"normgraph: error: {path}:{line_of(path, 'url:')}: "
                       "'url': 'see the treaty site' is not an absolute IRI (like https://example.org/page)")


def test_a_relative_url(corpus: Path, tmp_path: Path):
    path = edit(corpus, "    unverified: [entry_into_force]\n", "    unverified: [entry_into_force]\n    url: treaties.un.org\n")
    assert f"{path}:{line_of(path, 'url:')}: 'url'" in build(corpus, tmp_path)


@pytest.mark.parametrize("section, old", [("actors", "  children:\n"), ("instruments", "  test-convention:\n")])
def test_a_registry_id_ending_in_a_newline(corpus: Path, tmp_path: Path, section: str, old: str):
    name = old.strip().rstrip(":")
    path = edit(corpus, old, f'  "{name}\\n":\n')
    message = build(corpus, tmp_path)
    assert message.startswith(f"normgraph: error: {path}:{line_of(path, name)}: {section}: "), message
    assert "is not an id" in message


def test_a_statement_id_ending_in_a_newline(corpus: Path, tmp_path: Path):
    path = corpus / "mini-doc" / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("      - type: ")  # the first norm or claim
    path.write_text(text[:at] + '      - id: "own-id\\n"\n        ' + text[at + 8:], encoding="utf-8")
    message = build(corpus, tmp_path)
    assert f"{path}:{line_of(path, 'own-id')}:" in message and "'id'" in message and "is not an id" in message


def test_a_reference_ending_in_a_newline(corpus: Path, tmp_path: Path):
    path = edit(corpus, "  publisher: ilo\n", '  publisher: "ilo\\n"\n')
    message = build(corpus, tmp_path)
    assert message.startswith(f"normgraph: error: {path}:{line_of(path, 'publisher')}: 'publisher'"), message


def test_a_date_in_another_script_or_with_a_newline(corpus: Path, tmp_path: Path):
    path = edit(corpus, '  date: "2008"\n', '  date: "٢٠٠٨"\n')
    assert f"{path}:{line_of(path, 'date:')}: 'date'" in build(corpus, tmp_path)
    edit(corpus, '  date: "٢٠٠٨"\n', '  date: "2008\\n"\n')
    assert f"{path}:{line_of(path, 'date:')}: 'date'" in build(corpus, tmp_path)


def test_a_document_folder_ending_in_a_newline(corpus: Path, tmp_path: Path):
    (corpus / "mini-doc").rename(corpus / "mini-doc\n")
    message = build(corpus, tmp_path)
    assert "document id" in message and "mini-doc" in message


def test_extract_into_a_folder_ending_in_a_newline(tmp_path: Path):
    text = tmp_path / "t.txt"
    text.write_text("1. States must protect victims.\n", encoding="utf-8")
    message = one_line_error(run("extract", str(text), "-o", str(tmp_path / "doc\n"), "--standalone"))
    assert "document id" in message


@pytest.mark.parametrize("args", [
    (b"query", b"--sparql", b'SELECT * WHERE {?s ?p "\xff"}'),
    (b"query", b"norms-by-role", b"--param", b"role=\xff"),
    (b"query", b"norms-by-role", b"-p", b"r\xffle=transit"),
    (b"query", b"--sparql", b"SELECT * WHERE {?s ?p ?o}", b"--format", b"csv", b"--endpoint", b"http://127.0.0.1:9/\xff"),
])  # fmt: skip
def test_invalid_utf8_in_text_arguments(args: tuple[bytes, ...]):
    message = one_line_error(run(*args))
    assert "is not valid UTF-8 text" in message
    assert message.startswith(("normgraph: error: --sparql:", "normgraph: error: --param:", "normgraph: error: --endpoint:"))


@pytest.mark.parametrize("key", ["²", "٣", "1²"])
def test_a_unit_looked_up_by_a_digit_that_is_no_number(key: str):
    # DocumentText.unit took "²" for a number (str.isdigit) and int() failed; now it is no unit
    from normgraph.builders.document import split_paragraphs

    document = split_paragraphs("1. States must protect victims.\n")
    with pytest.raises(KeyError):
        document.unit(key)
    assert document.unit(" 1 ").eid == "para_1"
