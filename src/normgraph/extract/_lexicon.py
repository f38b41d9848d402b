"""The extraction lexicon (``lexicon.yaml``) and the matchers built from it: instrument names
(with typo tolerance and coreference of "the Convention"), actor names and state-role words.

Matching works on word tokens, so punctuation and spacing variants ("Supress, and Punish",
'"sending" countries') do not matter; offsets always point into the paragraph's own text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from importlib.resources import files
from typing import Any, NamedTuple

import yaml

ROLE_ORDER = ("source", "transit", "destination")

_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# Between two words of an actor's name: only white space and quotation marks.
_ACTOR_GAP = re.compile(r"[\s\"“”'‘’]*")
# Between two words of an instrument's title: also commas, brackets, dashes, colons.
_TITLE_GAP = re.compile(r"[\s\"“”'‘’,()\-–—:;]*")
_SPELLING = (("isation", "ization"), ("organis", "organiz"), ("recognis", "recogniz"),
             ("labour", "labor"), ("programme", "program"), ("centre", "center"))  # fmt: skip
_COUNTING = frozenset("first second third fourth fifth two three four five".split())
_STOP = frozenset({"the", "and", "of", "on", "for", "to", "in", "against", "all", "a", "an"})


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: an instrument or an actor."""

    id: str
    kind: str  # "instrument" | "actor"
    label: str
    type: str
    title: str | None = None
    names: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    adversary: bool = False
    subject_only: bool = False
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def person(self) -> bool:
        return self.type == "PersonGroup"

    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.label, *((self.title,) if self.title else ()), *self.names, *self.cased)))


@dataclass(frozen=True)
class Mention:
    """An entry found in a paragraph: ``text[start:end]`` is the surface form."""

    entry: Entry
    start: int
    end: int
    surface: str
    how: str = "name"  # name | typo | abbreviation | coreference | coordination


class Token(NamedTuple):
    start: int
    end: int
    raw: str
    norm: str


def normalise_word(word: str) -> str:
    return _norm(word)


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    word = word.lower().replace("’", "'").replace("-", "")
    for old, new in _SPELLING:
        if old in word:
            word = word.replace(old, new)
    return word


_NORMS: dict[str, str] = {}


def _norm_cached(word: str) -> str:
    norm = _NORMS.get(word)
    if norm is None:
        norm = _norm(word)
        if len(_NORMS) < 200_000:
            _NORMS[word] = norm
    return norm


def tokenize(text: str) -> list[Token]:
    new, known = tuple.__new__, _NORMS  # tuple.__new__ directly: Token._make costs a call per token
    return [new(Token, (*m.span(), (g := m.group()), known.get(g) or _norm_cached(g))) for m in _TOKEN.finditer(text)]


# "the Convention", "this Protocol": a reference, not a name (never used to match ids)
REFERENCE = re.compile(
    r"^(?:the|this|these|that|those)\s+(?:present\s+)?(?:convention|covenant|protocol|declaration|conference|"
    r"charter|compact|goals|programme|agenda|decades?|year|statute|treaty|instruments?|treaties)$",
    re.IGNORECASE,
)


def normalise_name(name: str) -> str:
    """A name reduced for comparison: lower case, no punctuation, no leading article, last word
    singular. Used to map drafted ids to curated ones by label."""
    words = [t.norm for t in tokenize(name)]
    while words and words[0] in ("the", "a", "an", "this", "these", "those"):
        words = words[1:]
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _number_variants(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    last = words[-1]
    forms = {last, _singular(last)}
    if last == _singular(last):
        forms.add(last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s")
    return {(*words[:-1], form) for form in forms}


# --- fuzzy word comparison ---------------------------------------------------------------------


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :] or (  # substitution, or transposition
            i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
    return a[i:] == b[i + 1 :]  # b has one extra character


def _similar(text_word: str, name_word: str) -> bool:
    if text_word == name_word:
        return True
    if len(name_word) < 5 or len(text_word) < 4 or text_word[0] != name_word[0]:
        return False
    return _within_one_edit(text_word, name_word)


# --- the lexicon ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]
    entry: Entry
    cased: bool
    fuzzy: bool


class Lexicon:
    """Instruments and actors with their matchers. Build once; matching is thread-safe."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.instruments: dict[str, Entry] = {}
        self.actors: dict[str, Entry] = {}
        for key, raw in (data.get("instruments") or {}).items():
            facts = {k: raw[k] for k in ("adopted", "start", "end", "place", "supplements", "adopted_at", "derived_from") if k in raw}
            self.instruments[key] = Entry(
                id=key, kind="instrument", label=raw["label"], type=raw.get("type", "Instrument"),
                title=raw.get("title"), names=tuple(raw.get("names") or ()),
                cased=tuple(raw.get("abbreviations") or ()), facts=facts,
            )  # fmt: skip
        for key, raw in (data.get("actors") or {}).items():
            self.actors[key] = Entry(
                id=key, kind="actor", label=raw["label"], type=raw.get("type", "Actor"),
                names=tuple(raw.get("names") or ()), cased=tuple(raw.get("names_cased") or ()),
                roles=tuple(raw.get("roles") or ()), adversary=bool(raw.get("adversary")),
                subject_only=bool(raw.get("subject_only")),
                facts={"subgroup_of": raw["subgroup_of"]} if raw.get("subgroup_of") else {},
            )  # fmt: skip
        for entry in self.actors.values():
            parent = entry.facts.get("subgroup_of")
            if parent is not None and parent not in self.actors:
                raise ValueError(f"lexicon: actor {entry.id!r} is a subgroup of {parent!r}, which is not an actor of the lexicon")
        self._instrument_index = self._index(self.instruments.values(), fuzzy=True)
        self._actor_index = self._index(self.actors.values(), fuzzy=False)
        # instrument names whose second word is a small word the text may leave out
        self._instrument_skips: dict[str, list[_Pattern]] = {}
        for patterns in self._instrument_index.values():
            for pattern in patterns:
                if pattern.fuzzy and len(pattern.words) > 2 and pattern.words[1] in _STOP:
                    key = f"{pattern.words[0]} {pattern.words[2]}"
                    self._instrument_skips.setdefault(key, []).append(pattern)
        self.adopted_at: dict[str, list[Entry]] = {}
        for entry in self.instruments.values():
            for conference in _as_tuple(entry.facts.get("adopted_at")):
                self.adopted_at.setdefault(conference, []).append(entry)

    @staticmethod
    def _index(entries: Iterable[Entry], *, fuzzy: bool) -> dict[str, list[_Pattern]]:
        index: dict[str, list[_Pattern]] = {}
        seen: set[tuple[tuple[str, ...], str, bool]] = set()

        def add(words: tuple[str, ...], entry: Entry, cased: bool) -> None:
            if not words or (words, entry.id, cased) in seen:
                return
            seen.add((words, entry.id, cased))
            # keyed by the first two words: most tokens of a text start no name at all
            key = words[0] if len(words) == 1 else f"{words[0]} {words[1]}"
            index.setdefault(key, []).append(_Pattern(words, entry, cased, fuzzy and not cased))

        for entry in entries:
            plain = [entry.label, *entry.names] + ([entry.title] if entry.title else [])
            for name in plain:
                if name.isupper() and len(name) <= 8:  # an abbreviation ("WHO") keeps its case
                    add(tuple(t.raw for t in tokenize(name)), entry, True)
                    continue
                words = tuple(t.norm for t in tokenize(name))
                if not words:
                    continue
                # one-word names list their own singular and plural ("countries" is not "country")
                variants = {words} if entry.kind == "instrument" or len(words) < 2 else _number_variants(words)
                for variant in variants:
                    add(variant, entry, False)
            for name in entry.cased:
                add(tuple(t.raw.replace("’", "'") for t in tokenize(name)), entry, True)
        for patterns in index.values():
            patterns.sort(key=lambda p: -len(p.words))
        return index

    # matching

    def find_instruments(self, text: str, tokens: Sequence[Token]) -> list[Mention]:
        return _scan(text, tokens, self._instrument_index, _TITLE_GAP, self._instrument_skips)

    def find_actors(self, text: str, tokens: Sequence[Token], taken: Sequence[tuple[int, int]] = ()) -> list[Mention]:
        spans = Spans(taken)
        return [m for m in _scan(text, tokens, self._actor_index, _ACTOR_GAP) if not spans.overlaps(m.start, m.end)]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (str(value),)


class Spans:
    """Spans (start, end), asked whether any overlaps a given one in O(log n): the spans sorted
    by start, with the furthest end reached by each prefix. Comparing every pair made extraction
    quadratic in paragraph length (issue #13, finding 14: 8 MB took more than a minute)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span has ``s < end and start < e`` (the old pairwise test, exactly)."""
        k = bisect_left(self.starts, end)  # the spans that start before this one ends
        return k > 0 and self.reach[k - 1] > start


def _scan(text: str, tokens: Sequence[Token], index: dict[str, list[_Pattern]], gap: re.Pattern[str],
          skip_index: dict[str, list[_Pattern]] | None = None) -> list[Mention]:  # fmt: skip
    found: list[Mention] = []
    firsts = _firsts(index)
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token.norm not in firsts and token.raw not in firsts:
            i += 1
            continue
        best: tuple[int, _Pattern, bool] | None = None
        following = tokens[i + 1] if i + 1 < n else None
        candidates = index.get(token.norm, ())
        if following is not None:
            candidates = [*candidates, *index.get(f"{token.norm} {following.norm}", ())]
            if skip_index is not None:  # the text leaves out a small word: "Convention on Rights"
                candidates += skip_index.get(f"{token.norm} {following.norm}", ())
        raw_key = token.raw.replace("’", "'")
        if raw_key != token.norm:
            candidates = [*candidates, *index.get(raw_key, ())]
            if following is not None:
                candidates += index.get(f"{raw_key} {following.raw.replace('’', chr(39))}", ())
        for pattern in candidates:
            if best is not None and len(pattern.words) <= best[0] - i:
                continue
            matched = _align(text, tokens, i, pattern, gap)
            if matched is not None and (best is None or matched[0] > best[0]):
                best = (matched[0], pattern, matched[1])
        if best is None:
            i += 1
            continue
        end_index, pattern, typo = best
        start, end = token.start, tokens[end_index - 1].end
        if pattern.words[0] in ("decade", "decades") and i > 0 and tokens[i - 1].norm in _COUNTING:
            start = tokens[i - 1].start  # "Three Decades for Action …", "the Third Decade …"
        how = "abbreviation" if pattern.cased and pattern.entry.kind == "instrument" else ("typo" if typo else "name")
        found.append(Mention(pattern.entry, start, end, text[start:end], how))
        i = end_index
    return found


_FIRSTS: dict[int, frozenset[str]] = {}


def _firsts(index: dict[str, list[_Pattern]]) -> frozenset[str]:
    """Every word a name can start with (a token that is none of them starts no name)."""
    firsts = _FIRSTS.get(id(index))
    if firsts is None:
        words = {p.words[0] for patterns in index.values() for p in patterns}
        words |= {p.words[0].replace("’", "'") for patterns in index.values() for p in patterns}
        firsts = _FIRSTS[id(index)] = frozenset(words)
    return firsts


def _align(text: str, tokens: Sequence[Token], i: int, pattern: _Pattern, gap: re.Pattern[str]) -> tuple[int, bool] | None:
    """Match ``pattern`` at token ``i``; return (index after the match, whether a typo or a
    skipped small word was tolerated) or None."""
    words = pattern.words
    if pattern.cased and tokens[i].raw.replace("’", "'") != words[0]:
        return None
    j, k, n = i + 1, 1, len(tokens)
    tolerated = False
    skips = 0
    while k < len(words):
        if j >= n:
            return None
        between = text[tokens[j - 1].end : tokens[j].start]
        if not gap.fullmatch(between) and not (between.strip() == "." and tokens[j - 1].norm == "no"):
            return None
        word = words[k]
        token = tokens[j]
        if pattern.cased:
            if token.raw.replace("’", "'") != word:
                return None
        elif token.norm != word:
            if not pattern.fuzzy:
                return None
            if _similar(token.norm, word):
                tolerated = True
            elif skips == 0 and word in _STOP:  # the text leaves out a small word
                skips, tolerated, k = 1, True, k + 1
                continue
            elif skips == 0 and token.norm in _STOP and j + 1 < n and _similar(tokens[j + 1].norm, word):
                skips, tolerated, j = 1, True, j + 1  # the text adds a small word
                continue
            else:
                return None
        j += 1
        k += 1
    if pattern.entry.kind == "instrument" and len(words) == 1 and not pattern.cased:
        # a one-word common name ("Charter") must at least be capitalised in the text
        if not tokens[i].raw[:1].isupper():
            return None
    return j, tolerated


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with normgraph (``extract/lexicon.yaml``)."""
    raw = (files("normgraph.extract") / "lexicon.yaml").read_text(encoding="utf-8")
    return Lexicon(yaml.safe_load(raw))


def load_lexicon(path: str | None = None) -> Lexicon:
    if path is None:
        return default_lexicon()
    with open(path, encoding="utf-8") as handle:
        return Lexicon(yaml.safe_load(handle))


# --- coreference of instruments -------------------------------------------------------------------

_HEADS = ("Convention", "Covenant", "Protocol", "Declaration", "Conference", "Charter", "Compact",
          "Goals", "Programme", "Agenda", "Decade", "Decades", "Year", "Statute", "Treaty", "Platform for Action")  # fmt: skip
_COREF = re.compile(
    r"\b(?:[Tt]he present|[Tt]he said|[Tt]he|[Tt]his|[Tt]hese|[Tt]hat|[Tt]hose)\s+"
    r"((?:[A-Z][\w'’\-]*\s+){0,4})(" + "|".join(_HEADS) + r")s?\b"
    r"|\b([Tt]hese|[Tt]hose)\s+(goals)\b"
)
_TYPE_OF_HEAD = {"goals": "GoalSet"}
# "the Convention" is a convention (or a covenant), "the Conference" a conference …: the head must
# name what the instrument is, not merely occur in its title ("… supplementing the Convention …")
_HEAD_TYPES = {"convention": ("Convention",), "covenant": ("Convention",), "protocol": ("Protocol",),
               "declaration": ("Declaration",), "conference": ("Conference",), "goal": ("GoalSet",),
               "decade": ("Programme",), "year": ("Observance",)}  # fmt: skip


def coreferences(text: str, history: Sequence[Entry], named: Sequence[Mention], lexicon: Lexicon,
                 own: Entry | None = None) -> list[Mention]:  # fmt: skip
    """Definite descriptions ("the Convention", "this Protocol", "The World Conference
    Declaration", "these goals") resolved to the nearest preceding instrument that fits.

    ``history``: instruments mentioned before this paragraph, oldest first; ``named``: the
    instruments named in this paragraph; ``own``: the instrument the text itself is, which "this
    Convention" / "the present Protocol" always name.

    Linear in the paragraph: matches come in text order and never overlap each other, so the
    mentions before a match only grow (``preceding`` is appended to, never re-sorted), and each
    kind of description remembers its answer and scans only what was added since (``_Newest``)."""
    out: list[Mention] = []
    named = sorted(named, key=lambda m: m.start)  # stable: as the old sort of named + out did
    spans = Spans((m.start, m.end) for m in named)
    preceding: list[Entry] = list(history)
    added = [0, 0]  # how many of named, of out, are in preceding
    answers: dict[tuple[Any, ...], _Newest] = {}
    for match in _COREF.finditer(text):
        start, end = match.start(), match.end()
        if spans.overlaps(start, end):  # earlier matches (out) never overlap a later one
            continue
        # the mentions that end before the match are those that start before it (none overlaps
        # it), in text order, a named one before a description at the same place
        while True:
            n = named[added[0]] if added[0] < len(named) and named[added[0]].start < start else None
            o = out[added[1]] if added[1] < len(out) and out[added[1]].start < start else None
            if n is None and o is None:
                break
            if n is not None and (o is None or n.start <= o.start):
                preceding.append(n.entry)
                added[0] += 1
            else:
                assert o is not None
                preceding.append(o.entry)
                added[1] += 1
        if match.group(2):
            modifiers = [normalise_word(w) for w in match.group(1).split()]
            head = match.group(2)
            deictic = re.match(r"[Tt]his\s|[Tt]he present\s", match.group()) is not None and not modifiers
            entry = own if deictic and own is not None and _resolve([own], head, [], lexicon) else None
            if entry is None:
                key = ("head", head, tuple(modifiers))
                if key not in answers:
                    answers[key] = _Newest(*_head_tests(head, modifiers, lexicon))
                entry = answers[key].answer(preceding)
        else:
            wanted = _TYPE_OF_HEAD.get(match.group(4).lower())
            key = ("type", wanted)
            if key not in answers:
                answers[key] = _Newest(lambda e, wanted=wanted: bool(wanted) and e.type == wanted)
            entry = answers[key].answer(preceding)
        if entry is not None:
            out.append(Mention(entry, start, end, text[start:end], "coreference"))
    return out


class _Newest:
    """The newest entry of a growing list that passes ``test`` (else, the first adopted at the
    newest that passes ``fallback``), scanning only the entries added since the last call."""

    def __init__(self, test: Callable[[Entry], bool], fallback: Callable[[Entry], Entry | None] | None = None) -> None:
        self.test, self.fallback = test, fallback
        self.seen = 0
        self.best: Entry | None = None
        self.best_fallback: Entry | None = None

    def answer(self, entries: Sequence[Entry]) -> Entry | None:
        new = range(len(entries) - 1, self.seen - 1, -1)
        found = next((entries[i] for i in new if self.test(entries[i])), None)
        if found is not None:
            self.best = found
        if self.fallback is not None:
            adopted = next((a for i in new if (a := self.fallback(entries[i])) is not None), None)
            if adopted is not None:
                self.best_fallback = adopted
        self.seen = len(entries)
        return self.best if self.best is not None else self.best_fallback


def _head_tests(head: str, modifiers: list[str], lexicon: Lexicon) -> tuple[Callable[[Entry], bool], Callable[[Entry], Entry | None] | None]:
    """What ``_resolve`` asks of each entry, newest first: whether it fits the description; and,
    for "the World Conference Declaration", the declaration adopted at a conference that fits."""
    head_words = [normalise_word(w) for w in head.split()]
    head_word = _singular(head_words[-1])

    def fits(entry: Entry) -> bool:
        blob = _names_blob(entry)
        is_a = entry.type in _HEAD_TYPES.get(head_word, ()) or head_word in _label_words(entry)
        return is_a and all(_singular(w) in blob or w in blob for w in head_words) and all(m in blob for m in modifiers)

    if not (modifiers and head_word in ("declaration", "programme", "program", "platform")):
        return fits, None

    def adopted_at(entry: Entry) -> Entry | None:
        if entry.type == "Conference" and all(m in _names_blob(entry) for m in modifiers):
            adopted = lexicon.adopted_at.get(entry.id, [])
            if adopted:
                return adopted[0]
        return None

    return fits, adopted_at


_BLOBS: dict[tuple[str, str], frozenset[str]] = {}


def _names_blob(entry: Entry) -> frozenset[str]:
    key = (entry.id, entry.label)
    blob = _BLOBS.get(key)
    if blob is None:
        words = {t.norm for name in entry.all_names() for t in tokenize(name)}
        blob = _BLOBS[key] = frozenset(words | {_singular(w) for w in words})
    return blob


@lru_cache(maxsize=4096)
def _label_words(entry: Entry) -> frozenset[str]:
    return frozenset(_singular(t.norm) for t in tokenize(entry.label))


def _resolve(preceding: Sequence[Entry], head: str, modifiers: list[str], lexicon: Lexicon) -> Entry | None:
    head_words = [normalise_word(w) for w in head.split()]
    head_word = _singular(head_words[-1])
    for entry in reversed(preceding):
        blob = _names_blob(entry)
        label_words = _label_words(entry)
        is_a = entry.type in _HEAD_TYPES.get(head_word, ()) or head_word in label_words
        if is_a and all(_singular(w) in blob or w in blob for w in head_words) and all(m in blob for m in modifiers):
            return entry
    if modifiers and head_word in ("declaration", "programme", "program", "platform"):
        # "the World Conference Declaration": the declaration adopted at that conference
        for entry in reversed(preceding):
            if entry.type == "Conference" and all(m in _names_blob(entry) for m in modifiers):
                adopted = lexicon.adopted_at.get(entry.id, [])
                if adopted:
                    return adopted[0]
    return None


# --- state roles -------------------------------------------------------------------------------------

_ROLE_WORD = {"source": "source", "origin": "source", "sending": "source", "home": "source",
              "transit": "transit", "destination": "destination", "receiving": "destination",
              "host": "destination"}  # fmt: skip
_RW = r"(source|origin|sending|transit|destination|receiving|host)"
_ROLE_LIST = re.compile(
    r"\b" + _RW + r"((?:\s*,\s*" + _RW + r")*)\s*,?\s+(?:and|or|and/or)\s+" + _RW
    + r"\s+(countries|country|States|State|nations)\b",
    re.IGNORECASE,
)
_ROLE_OF_LIST = re.compile(
    r"\b(countries|country|points|States|State)\s+of\s+(origin|transit|destination)((?:\s*,\s*(?:origin|transit|destination))*)"
    r"\s*,?\s+(?:and|or)\s+(origin|transit|destination)\b",
    re.IGNORECASE,
)
ROLE_ACTOR = {"source": "source-countries", "transit": "transit-countries", "destination": "destination-countries"}


def role_coordinations(text: str, lexicon: Lexicon) -> list[Mention]:
    """'source, transit or destination countries', 'Destination and transit countries',
    'countries of origin and destination': one mention of each role group."""
    out: list[Mention] = []
    lowered = text.lower()
    if not any(word in lowered for word in _ROLE_WORD) or not (" and " in lowered or " or " in lowered):
        return out
    for pattern in (_ROLE_LIST, _ROLE_OF_LIST):
        for match in pattern.finditer(text):
            words = re.findall(_RW, match.group(0), re.IGNORECASE)
            points = match.group(1).lower() == "points" if pattern is _ROLE_OF_LIST else False
            for word in words:
                role = _ROLE_WORD[word.lower()]
                entry = lexicon.actors.get(ROLE_ACTOR[role])
                if entry is not None:
                    out.append(Mention(entry, match.start(), match.end(), match.group(0),
                                       "roles-only" if points else "coordination"))  # fmt: skip
    return out
