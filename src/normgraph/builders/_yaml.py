"""YAML → plain Python values that remember the line each mapping and item came from.

PyYAML's safe loader, with three changes: mappings become :class:`LineDict` (a dict with
``line`` and per-key ``key_lines``), a repeated key is an error instead of a silent overwrite,
and dates stay strings ("2003-07-01" is an ``xsd:date`` literal to us, not a Python date).
"""

from __future__ import annotations

import re

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..errors import AnnotationError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict[str, Any]):
    """A mapping from the file, with the 1-based line of itself and of each key."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence from the file, with the 1-based line of itself and of each item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = 0
        self.item_lines: list[int] = []


_STR = "tag:yaml.org,2002:str"
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_PLAIN_TAGS: dict[str, str] = {}  # a plain scalar's text → its implicit tag (keys repeat endlessly)
_PLAIN_TAGS_MAX = 1 << 16


class _Loader(_Base):  # type: ignore[misc,valid-type]
    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """PyYAML's resolver, asked once per distinct plain scalar: libyaml's composer calls it
        for every scalar, and its regular expressions were a sixth of reading a large corpus."""
        if kind is yaml.ScalarNode:
            if not implicit[0]:  # quoted: always a string (no path resolvers here)
                return _STR
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


def _mapping_with(node: yaml.MappingNode, build: Callable[[yaml.Node], Any]) -> LineDict:
    """A mapping node → LineDict; ``build`` makes each key and value."""
    result = LineDict()
    result.line = node.start_mark.line + 1
    key_lines = result.key_lines
    for key_node, value_node in node.value:
        key = build(key_node)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word or number", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in this mapping", key_node.start_mark
            )
        result[key] = build(value_node)
        key_lines[key] = key_node.start_mark.line + 1
    return result


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    return _mapping_with(node, lambda n: loader.construct_object(n, deep=True))


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


def _timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class _AliasFound(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _alias_error(text: str, path: str | Path, node: yaml.Node) -> AnnotationError:
    """Where the first alias is (the composed node only knows its anchor): a second, pure-Python
    scan, run only on this error path."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.AliasToken):
                line, column = token.start_mark.line + 1, token.start_mark.column + 1
                break
    except yaml.YAMLError:
        pass
    return AnnotationError(
        "YAML aliases (*name) are not allowed in annotation files: write the value out "
        "(an alias repeats a whole subtree, so a small file could stand for gigabytes)",
        path=path, line=line, column=column,
    )


class _Builder:
    """Values from the composed nodes, exactly as the loader's constructors above make them, but
    without PyYAML's generic per-node machinery for the three shapes an annotation file is made
    of (plain strings, mappings, sequences) — about half the time of reading a large corpus.
    Any other node (numbers, booleans, explicit tags…) is handed to the loader itself; a node
    reached twice through an alias is built once, and a recursive one is refused as PyYAML does
    (aliases are refused before building, see ``_refuse_aliases``)."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.scalars = loader.yaml_constructors
        self.done: dict[int, Any] = {}
        self.active: set[int] = set()

    def __call__(self, node: yaml.Node) -> Any:
        tag = node.tag
        if type(node) is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            constructor = self.scalars.get(tag)
            if constructor is not None:
                return constructor(self.loader, node)
            return self.loader.construct_object(node, deep=True)
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            raise yaml.constructor.ConstructorError(None, None, "found unconstructable recursive node", node.start_mark)
        self.active.add(key)
        if tag == _MAP and type(node) is yaml.MappingNode:
            data: Any = self.mapping(node)
        elif tag == _SEQ and type(node) is yaml.SequenceNode:
            data = LineList(self(item) for item in node.value)
            data.line = node.start_mark.line + 1
            data.item_lines = [item.start_mark.line + 1 for item in node.value]
        else:
            data = self.loader.construct_object(node, deep=True)
        self.active.discard(key)
        self.done[key] = data
        return data

    def mapping(self, node: yaml.MappingNode) -> LineDict:
        return _mapping_with(node, self)


def _refuse_aliases(root: yaml.Node) -> None:
    """Every node must be reached once: an alias (*name) makes the composer share a node, and
    nested aliases let 118 KB of annotations stand for 1.9 GB (issue #13). One walk over the
    nodes, before anything is built."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _AliasFound(node)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# Where an anchor can stand: at a line's start, after white space or a flow indicator, or right
# after a colon (a JSON-like key). An "&" inside a URL ("?a=1&b=2") is none of these.
_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:])&", re.MULTILINE)


def _load(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _ANCHOR.search(text):  # no anchor (&name), no alias: the walk can be spared
            _refuse_aliases(node)
        return None if node is None else _Builder(loader)(node)
    finally:
        loader.dispose()


def _char_offset(text: str, position: int, character: str) -> int:
    """PyYAML's offset of a bad character as an index into ``text``: the pure-Python reader
    counts characters, libyaml counts UTF-8 bytes."""
    if 0 <= position < len(text) and text[position] == character:
        return position
    head = text.encode("utf-8", "surrogatepass")[: max(position, 0)]
    return len(head.decode("utf-8", "ignore"))


def load_yaml(text: str, path: str | Path) -> Any:
    """Parse YAML text; a syntax error becomes an :class:`AnnotationError` naming the line."""
    try:
        return _load(text)
    except _AliasFound as exc:
        raise _alias_error(text, path, exc.node) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark is not None and exc.problem:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise AnnotationError(f"malformed YAML: {what}", path=path, line=line) from None
    except yaml.reader.ReaderError as exc:
        # a character YAML refuses (a control character): PyYAML gives only an offset
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        at = _char_offset(text, exc.position, chr(code))
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        raise AnnotationError(
            f"malformed YAML: the character {chr(code)!r} (U+{code:04X}) is not allowed in YAML "
            "(control characters must be written as escapes in a double-quoted string, like \"\\x0c\")",
            path=path, line=line, column=column,
        ) from None
    except yaml.YAMLError as exc:
        raise AnnotationError(f"malformed YAML: {exc}", path=path) from None
