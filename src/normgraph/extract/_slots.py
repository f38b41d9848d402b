"""Draft norms and their slots: bearer, holder, beneficiary, action, condition, negation, roles,
instrument; one norm or several. The cues themselves, and what is not a norm, are in
``_cues.py``; how each slot is filled is in ``docs/extraction.md``. Every drafted norm
says which rule made it (``rule``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ._cues import (
    NEGATING_VERB,
    _ADV,
    _BASE_CONFIDENCE,
    _CLAUSE_END,
    _Cue,
    _clause_start,
    _contained_keys,
    _cues,
    _strip_intro,
    _units,
)
from ._lexicon import ROLE_ORDER, Entry, Mention

# the words before an act that rule it out ("refrain from", "not abstain from", "should also desist
# from"): the action is the act after them, the negation is the cue's (_cues.negated_act)
_RULED_OUT = re.compile(r"(?:\s+(?:\w+ly|also|always|further|therefore|thus|not|never))*\s*" + NEGATING_VERB + r"\s+")

_CONDITION_TRAIL = re.compile(
    r"(?:,\s*|\s+)(?:where|if|unless|whenever|wherever|provided\s+that|in\s+(?:the\s+)?(?:cases?|situations?|circumstances)\s+where|"
    r"in\s+the\s+event\s+that)\b|(?<=\bcases)\s+where\b|(?<=\bsituations)\s+where\b"
)
_CUT = re.compile(
    r"\s+so\s+that\b|\s+in\s+order\s+(?:to|that)\b|\s+so\s+as\s+to\b|\s+because\b|\s+as\s+(?:they|it|he|she|we)\b|"
    r",\s*(?:as|who|which|since|because|to\s+(?=[a-z]+\s))\b|\s+\((?:non-|i\.e\.|e\.g\.)[^)]*\)(?=\s*$)"
)
_NP_CUT = re.compile(r",\s*(?:such\s+as|for\s+example|for\s+instance|e\.g\.|including|notably)\b")
# a new clause: ", the …", ", which …", or the main clause after an opening phrase (", Members should")
_NEW_CLAUSE = re.compile(r",\s+(?=(?:the|a|an|this|these|it|they|which|who|as|while|whereas|but|so)\b|[A-Z][a-z])")
_ENUM_ITEM = re.compile(r"(?:(?<=\s)|^)(?:\(?\d{1,2}\)|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+")
_FINITE = re.compile(
    r"\s+(?:is|are|was|were|has|have|had|shall|must|should|will|would|can|could|may|might|extends|applies|"
    r"includes|remains|exists|means|requires|entails|implies|covers|constitutes)\b"
)
_PRONOUN = re.compile(r"^(?:they|They|these|These|those|Those|it|It|he|He|she|She|this|This)\b")
_PASSIVE = re.compile(r"^(?:\s+(?:\w+ly|also|always|further|therefore|thus|still|then|not|never|on\s+no\s+account|"
                      r"in\s+no\s+case|under\s+no\s+circumstances|at\s+no\s+time))*\s+be\s+((?:\w+ly\s+)*)(?!to\b)(\w+)\b")
_IRREGULAR = {
    "brought": "bring", "taken": "take", "given": "give", "made": "make", "put": "put", "done": "do",
    "kept": "keep", "held": "hold", "sent": "send", "set": "set", "found": "find", "built": "build",
    "paid": "pay", "met": "meet", "shown": "show", "known": "know", "seen": "see", "drawn": "draw",
    "written": "write", "chosen": "choose", "led": "lead", "sold": "sell", "told": "tell",
    "understood": "understand", "sought": "seek", "dealt": "deal", "spent": "spend", "won": "win",
    "undertaken": "undertake", "forbidden": "forbid", "borne": "bear", "fed": "feed", "shed": "shed",
    "granted": "grant", "afforded": "afford", "shifted": "shift", "informed": "inform",
}  # fmt: skip
_NOT_PARTICIPLE = frozenset(
    "at in on under of to with within among from the a an more less able aware free available necessary "
    "conditional possible responsible subject liable part equal key".split()
)
_VERBS = frozenset(
    """afford adopt allow amend assess assist avoid combat consider cooperate create criminalize criminalise
    decide design develop disseminate eliminate enact encourage end enforce engage enhance ensure eradicate
    establish examine expand explain facilitate fight grant guarantee identify implement improve increase
    inform integrate introduce investigate involve launch maintain make monitor offer penalize penalise
    prevent prioritize prioritise prohibit promote prosecute protect provide punish raise ratify accede
    recognize recognise reduce refrain regulate reinforce remove repeal respect revise safeguard seek set
    share strengthen submit take target train treat undertake uphold address align allocate collect conduct
    contribute coordinate deliver disclose educate empower exchange extend finance harmonize harmonise
    incorporate invest mobilize mobilise permit refer register reintegrate repatriate resettle restore
    secure sign stop supply tackle withdraw give proceed act assume adapt apply bring build adjust abolish
    abstain cease condemn criminalise detect document evaluate fund impose involve pursue redress remedy
    rescue shelter strive tighten translate verify""".split()
)
_GIVING = re.compile(r"\b(?:provide|provides|give|grant|offer|afford|extend|assistance|support|help|services)\b[^;]*?\b(?:to|for)\s+"
                     r"|\b(?:assist|help|support|train|advise|protect)\s+(?=[A-Za-z])", re.IGNORECASE)
_PARTNERS = re.compile(r"\b(?:in\s+cooperation\s+with|in\s+partnership\s+with|together\s+with|that\s+involve|involving)\s+", re.IGNORECASE)
_IRRESPECTIVE = re.compile(r"\b(?:irrespective|regardless)\s+of\b", re.IGNORECASE)


@dataclass
class DraftNorm:
    type: str
    start: int
    end: int
    cue: str
    rule: str
    bearer: list[str] = field(default_factory=list)
    holder: list[str] = field(default_factory=list)
    beneficiary: list[str] = field(default_factory=list)
    action: str | None = None
    condition: str | None = None
    negated: bool = False
    roles: list[str] = field(default_factory=list)
    instrument: list[str] = field(default_factory=list)
    confidence: float = 0.5
    explicit_bearer: bool = False


@dataclass
class Context:
    """What the norm rules may look at besides the sentence: the paragraph's mentions and the
    document's defaults."""

    text: str
    sentences: Sequence[tuple[int, int]]
    actors: Sequence[Mention]
    instruments: Sequence[Mention]
    default_bearer: str
    self_instrument: str | None = None
    previous_people: Sequence[str] = ()
    previous_institution: str | None = None
    child_victims: str | None = None
    keys: set[str] | None = None
    """The cue words the unit holds, when the caller has them already (``_contained_keys``)."""
    items: Sequence[tuple[int, int]] = ()
    """The list items the document's structure found in this unit: (label start, body start) in
    ``text``, in order. Inline lists ("… : 1) to prohibit …; 2) …") are found by their labels."""
    _starts: list[int] = field(init=False, repr=False)
    _instrument_starts: list[int] | None = field(init=False, repr=False)
    by_id: dict[str, Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.actors = sorted(self.actors, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self.actors]
        self.by_id = {m.entry.id: m.entry for m in self.actors}
        starts = [m.start for m in self.instruments]
        # instruments come in text order (draft.py); then a bisection finds those in a span
        self._instrument_starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None

    def instruments_starting(self, a: int, b: int) -> Sequence[Mention]:
        """In list order, the instruments that may start in text[a:b] (all of them when the list
        is not in text order): not every instrument of a huge paragraph for every norm."""
        if self._instrument_starts is None:
            return self.instruments
        starts = self._instrument_starts
        return self.instruments[bisect_left(starts, a) : bisect_left(starts, b)]

    def within(self, a: int, b: int) -> list[Mention]:
        """The actors that lie inside text[a:b] (a bisection, not a scan: paragraphs can be huge)."""
        out = []
        for i in range(bisect_left(self._starts, a), len(self.actors)):
            m = self.actors[i]
            if m.start >= b:
                break
            if m.end <= b:
                out.append(m)
        return out

    def backwards(self, before: int) -> Iterator[Mention]:
        """The actors that end before ``before``, nearest first."""
        i = bisect_left(self._starts, before) - 1
        while i >= 0:
            if self.actors[i].end <= before:
                yield self.actors[i]
            i -= 1


def find_norms(ctx: Context) -> list[DraftNorm]:
    """Every norm the rules find in a paragraph, in text order."""
    norms: list[DraftNorm] = []
    lowered = ctx.text.lower()
    keys = _contained_keys(lowered) if ctx.keys is None else ctx.keys
    if not keys:
        return norms
    ctx.sentences = _units(ctx.text, ctx.sentences)
    for index, (s0, s1) in enumerate(ctx.sentences):
        sentence = lowered[s0:s1]
        present = {key for key in keys if key in sentence}
        if not present or sentence.rstrip().endswith("?"):
            continue
        cues = _cues(ctx.text, s0, s1, present)
        for position, cue in enumerate(cues):
            following = cues[position + 1].start if position + 1 < len(cues) else s1
            norms.extend(_build(ctx, index, cue, following, norms))
    return norms


def _build(ctx: Context, index: int, cue: _Cue, following: int, earlier: list[DraftNorm]) -> list[DraftNorm]:
    text = ctx.text
    s0, s1 = ctx.sentences[index]
    clause_start = _clause_start(text, s0, cue.start)
    clause_end = s1
    brk = _CLAUSE_END.search(text, cue.end, s1)
    if brk is not None:
        is_enum = text[brk.start()] == ":" or (text[brk.start()] == ";" and _ENUM_ITEM.search(text, cue.end, brk.start()))
        if not is_enum:
            clause_end = brk.start()
    colon = text.find(":", cue.end, following)
    owns_list = colon >= 0 and any(colon < label < following for label, _ in ctx.items)  # a later cue sits in an item
    if following < clause_end and not owns_list and re.search(r",\s+|\s+and\s+", text[cue.end : following]):
        # a second cue in the same clause: it ends where the next begins (", and their protection should")
        next_start = _clause_start(text, s0, following)
        if re.search(r"\b(?:that|whether)\s*$", text[cue.end : next_start]):
            # "shall ensure that … and it shall": the that-clause is this cue's object; cut at the "and"
            conj = None
            for conj in re.finditer(r",?\s+and\s+", text[cue.end : following]):
                pass
            next_start = cue.end + conj.start() if conj is not None else following
        if next_start > cue.end:
            clause_end = min(clause_end, next_start)
    subject_raw = text[clause_start : cue.start]
    subject, condition = _strip_intro(subject_raw)
    subject_at = cue.start - len(subject)
    # the quote: the clause, trimmed, without an item label it may start with ("c) The recruitment")
    q0, q1 = _trim(text, clause_start, clause_end)
    label = _ITEM_LABEL.match(text, q0, cue.start)
    if label is not None and label.start() == q0:
        q0 = label.end()
    norm = DraftNorm(type=cue.type, start=q0, end=q1, cue=text[cue.start : cue.end].strip(), rule=cue.rule,
                     negated=cue.negated, condition=condition)  # fmt: skip
    norm.confidence = _BASE_CONFIDENCE.get(cue.rule, 0.6)
    refrain = re.match(_ADV + r"\s+" + NEGATING_VERB, text[cue.end : clause_end])
    if refrain is not None:  # the cue the guide records: "should refrain from", "must abstain from"
        norm.cue = text[cue.start : cue.end + refrain.end()]
    tail = text[cue.end : clause_end]
    # subject, passive, pronoun
    passive = _PASSIVE.match(tail) if cue.rule in ("must", "shall", "should", "ought", "has-to") else None
    head_actors = _head_actors(ctx, subject_at, cue.start)
    pronoun = bool(_PRONOUN.match(subject))

    if cue.type == "right":
        _fill_right(ctx, norm, cue, index, subject_at, head_actors, pronoun, clause_start, clause_end)
        if not norm.type:
            return []
    else:
        _fill_bearer(ctx, norm, cue, index, subject_at, head_actors, pronoun, passive, earlier, clause_start, clause_end)
        norm.action = _action(ctx, norm, cue, subject, passive, clause_end)
    # a trailing condition
    if norm.condition is None:
        trail = _CONDITION_TRAIL.search(text, cue.end, clause_end)
        if trail is not None:
            cond = text[trail.start() : clause_end].lstrip(", ").rstrip(" .,;:")
            if len(cond.split()) >= 2:
                norm.condition = cond
    if norm.condition is None and cue.type != "right" and clause_start > s0:
        rest, sentence_condition = _strip_intro(text[s0:cue.start])
        norm.condition = sentence_condition
    if norm.condition is None and pronoun and index > 0:
        p0, p1 = ctx.sentences[index - 1]
        _, inherited = _strip_intro(text[p0:p1])
        norm.condition = inherited
    if norm.action and norm.condition and norm.condition in norm.action:
        cut = norm.action.find(norm.condition)
        norm.action = norm.action[:cut].rstrip(" ,;:") or norm.action
    if cue.rule == "as-is-their-right":
        norm.condition = None
    if norm.type != "right":
        norm.beneficiary = _beneficiaries(ctx, norm, norm.start, norm.end)
    norm.roles = _roles(ctx, norm, s0, s1)
    norm.instrument = _instruments(ctx, norm.start, norm.end, norm.condition) or _reported_by(ctx, s0, norm.start)
    if not norm.explicit_bearer and norm.type != "right":
        norm.confidence -= 0.1
    norms = _split_enumeration(ctx, norm, cue, clause_end, following)
    if len(norms) == 1 and norm.type != "right":
        norms = _split_coordination(ctx, norms[0], cue)
    elif len(norms) == 1 and cue.rule in ("right-to", "right-of-to", "right-of-access", "entitled"):
        norms = _split_right_complements(ctx, norms[0], clause_end)
    elif cue.rule == "following-rights":  # "(iv) Not to be compelled …; to examine …": one right per complement
        norms = [piece for n in norms for piece in _split_right_complements(ctx, n, n.end)]
    for n in norms:
        n.confidence = round(min(0.95, max(0.3, n.confidence)), 2)
    return norms


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",;:"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def _head_actors(ctx: Context, subject_at: int, cue_at: int, *, loose: bool = False) -> list[Mention]:
    """Actors at the head of the subject ("Destination countries should", "Governments and NGOs
    should"): the first actor after determiners, and actors coordinated with it."""
    inside = ctx.within(subject_at, cue_at)
    if not inside:
        return []
    lead = ctx.text[subject_at : inside[0].start]
    if not re.fullmatch(r"\s*(?:(?:[Aa]ll|[Ee]ach|[Ee]very|[Tt]he|[Tt]hese|[Tt]hose|[Ss]uch|[Mm]any|[Ss]ome|[Mm]ost|[Bb]oth|[Ss]everal|[Oo]ther|[Tt]heir|[Ii]ts)\s+)*", lead):
        return []
    heads = [inside[0]]
    for m in inside[1:]:
        if m.start < heads[-1].end:  # "Countries of origin and destination": one phrase, two groups
            heads.append(m)
            continue
        between = ctx.text[heads[-1].end : m.start]
        if re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or|and/or)\s*(?:the\s+)?", between):
            heads.append(m)
        else:
            break
    tail = ctx.text[heads[-1].end : cue_at]
    if loose:
        return heads
    if _HEAD_MODIFIER.match(tail):
        # "Each Member of the International Labour Organisation which ratifies this Convention
        # shall": the head bears the duty, not the organisation inside its modifier
        return heads
    if not re.fullmatch(r"\s*(?:\([^)]*\))?\s*(?:,[^,]*,)?\s*(?:\w+ly\s*)?", tail) and len(tail.split()) > 6:
        return []
    return heads


_HEAD_MODIFIER = re.compile(r"\s+(?:of\s+(?:the\s+)?[A-Z][^,;]*?\s+)?(?:which|that|who)\s+(?:\w+\s+)?(?:ratif|accept|ha[sv]e?\s+ratified|are|is|appl)", re.IGNORECASE)


def _actor_ids(mentions: Sequence[Mention], *, people_only: bool = False, no_adversaries: bool = False,
               subjects: bool = False) -> list[str]:  # fmt: skip
    out: list[str] = []
    for m in mentions:
        e = m.entry
        if (e.subject_only and not subjects) or (people_only and not e.person) or (no_adversaries and e.adversary):
            continue
        if e.id not in out:
            out.append(e.id)
    return out


def _antecedent(ctx: Context, before: int, *, people: bool | None = None, agents: bool = False) -> Mention | None:
    """The nearest actor before ``before``; ``agents``: leave out groups named by a state role
    (countries of origin or destination are where things happen more often than who acts)."""
    for m in ctx.backwards(before):
        if m.entry.subject_only:
            continue
        if agents and m.entry.roles:
            continue
        if people is None or m.entry.person == people:
            return m
    return None


def _fill_bearer(ctx: Context, norm: DraftNorm, cue: _Cue, index: int, subject_at: int, heads: list[Mention],
                 pronoun: bool, passive: re.Match[str] | None, earlier: list[DraftNorm], c0: int, c1: int) -> None:  # fmt: skip
    """Who must or should act: the actor the cue names (``calls upon X to``, ``the obligation of
    X to``, ``requires X to``), else the subject, else the context (see docs/extraction.md)."""
    text = ctx.text
    bearers: list[str] = []
    match = cue.match
    if match is not None and "who" in (match.groupdict() or {}) and match.group("who"):
        bearers = _actor_ids(ctx.within(match.start("who"), match.end("who")), subjects=True)
    elif cue.rule in ("calls-upon", "urges", "operative", "requires", "obligations-imposed"):
        window_end = c1
        to = re.search(r"\s(?:not\s+)?to\s+[a-z]", text[cue.end : c1])
        if to is not None:
            window_end = cue.end + to.start()
        elif cue.rule == "requires":
            window_end = cue.end  # "requires a detailed analysis": no bearer named
        that = re.match(r"\s+that\s+", text[cue.end : c1])
        if that is not None:  # "Recommends that States …"
            found = _head_actors(ctx, cue.end + that.end(), c1, loose=True)
        else:
            found = ctx.within(cue.end, window_end)
            found = [m for m in found if not _after_partner_word(text, cue.end, m.start)]
        if cue.rule == "obligations-imposed":
            found = found[:1]
        bearers = _actor_ids(found, subjects=True)
    if not bearers and cue.rule == "evaluative-it" and match is not None and match.group().endswith("that"):
        # "It is essential that labour inspectors have access …": the subject of the that-clause
        heads_that = _head_actors(ctx, cue.end, c1, loose=True)
        passive_that = heads_that and re.match(r"\s+(?:is|are|be)\s+(?:\w+ly\s+)?\w+ed\b", text[heads_that[-1].end : c1])
        if heads_that and not (passive_that and all(m.entry.person for m in heads_that)):
            bearers = _actor_ids(heads_that, subjects=True)
    agentless = False
    if not bearers and passive is not None:
        # "shall be elected by the Committee of the Parties": the agent of the passive acts
        agent = re.match(r"\s+by\s+(?:the\s+|a\s+|its\s+)?", text[cue.end + passive.end() : c1])
        if agent is not None:
            at = cue.end + passive.end() + agent.end()
            named = [m for m in ctx.within(at, c1) if m.start == at and not m.entry.person]
            bearers = _actor_ids(named[:1])
    if not bearers and heads:
        if passive is not None and all(m.entry.person for m in heads):
            agentless = True  # "victims should be informed": the victims benefit
        else:
            bearers = _actor_ids(heads, subjects=True)
    if not bearers and not _ITEM_LABEL.sub("", text[subject_at : cue.start]).strip() and any(
            body <= cue.start and not text[body : cue.start].strip() for _, body in ctx.items):  # fmt: skip
        # a list item that starts with its own modal ("III. should consider …"): the chapeau's bearer
        chapeau = next((n for n in reversed(earlier) if n.explicit_bearer and n.type != "right"), None)
        if chapeau is not None:
            bearers = list(chapeau.bearer)
    if not bearers and pronoun:
        antecedent = _antecedent(ctx, subject_at)
        if antecedent is not None and not (passive is not None and antecedent.entry.person):
            bearers = [antecedent.entry.id]
    if not bearers and passive is None and cue.rule not in ("calls-upon", "urges", "operative", "evaluative-act", "evaluative-it"):
        # an organisation or group of States inside the subject ("campaigns in destination
        # countries", "initiatives between governments and NGOs"), examples ("such as …") aside
        subject_end = subject_at + len(_NP_CUT.split(text[subject_at : cue.start])[0])
        # the head of a long subject bears it, not a body or State its modifiers name ("The State
        # Party of which a victim is a national … of the receiving State Party shall")
        head = [m for m in _head_actors(ctx, subject_at, subject_end, loose=True) if not m.entry.person]
        comma = text.rfind(", ", subject_at, subject_end)
        if not head and comma > 0:  # "At the request of a receiving State Party, a requested State Party shall"
            head = [m for m in ctx.within(comma + 2, subject_end) if not m.entry.person][:1]
        inside = head or [m for m in ctx.within(subject_at, subject_end) if not m.entry.person]
        bearers = _actor_ids(inside)
    if not bearers and (passive is not None or cue.rule in ("calls-for", "needed", "required", "the-need-to")):
        by = re.search(r"\bby\s+", text[cue.end : c1])
        if by is not None:
            agents = ctx.within(cue.end + by.end(), cue.end + by.end() + 60)[:1]
            if passive is not None and agents and agents[0].entry.person and not agents[0].entry.adversary and (
                    norm.negated or _CHARGED.search(passive.group(2))):
                agents = []  # "the costs shall not be borne by the migrant worker": the protected group
            bearers = _actor_ids(agents)
    if bearers:
        norm.explicit_bearer = True
        norm.bearer = bearers
        return
    agentless = agentless or passive is not None
    partners = _PARTNERS.search(text, c0, c1)
    partner_ids = _actor_ids([m for m in ctx.within(partners.end(), partners.end() + 100) if not m.entry.person]) if partners else []
    if agentless:
        # an agentless passive: the bearer of the norm just before, else the last institution named
        s0 = ctx.sentences[max(0, index - 2)][0]
        previous = []
        for n in reversed(earlier):
            if n.start < s0:
                break
            if n.explicit_bearer and n.type != "right":
                previous = [n]
                break
        # in a treaty, an agentless passive binds its parties, not the last body named
        institution = None if ctx.self_instrument else _antecedent(ctx, subject_at, people=False, agents=True)
        if previous:
            bearers = list(previous[-1].bearer)
        elif institution is not None:
            bearers = [institution.entry.id]
        elif ctx.previous_institution and not ctx.self_instrument:
            bearers = [ctx.previous_institution]
        if bearers:
            norm.explicit_bearer = True
            norm.confidence -= 0.05
    if not bearers and partner_ids:
        bearers = partner_ids
        norm.explicit_bearer = True
    elif bearers:
        bearers += [i for i in partner_ids if i not in bearers]
    norm.bearer = bearers or [ctx.default_bearer]


_CHARGED = re.compile(r"^(?:borne|charged|paid|incurred|deducted|levied|imposed)$", re.IGNORECASE)


def _after_partner_word(text: str, start: int, at: int) -> bool:
    return _PARTNERS.search(text[start:at]) is not None


def _fill_right(ctx: Context, norm: DraftNorm, cue: _Cue, index: int, subject_at: int, heads: list[Mention],
                pronoun: bool, c0: int, c1: int) -> None:  # fmt: skip
    text = ctx.text
    s0, s1 = ctx.sentences[index]
    match = cue.match
    holders: list[str] = []
    if match is not None and "who" in (match.groupdict() or {}) and match.group("who"):
        inside = ctx.within(match.start("who"), match.end("who"))
        rest = match.group("who")
        for m in inside:
            rest = rest.replace(m.surface, " ")
        rest = re.sub(r"\b(?:the|all|every|each|any|such|their|its|his|her|these|those|a|an)\b", " ", rest, flags=re.IGNORECASE)
        holders = _actor_ids(inside) if not rest.strip(" ,-") else []
        after_head = text[inside[0].end : match.end("who")] if inside else ""
        clause_verb = re.search(r"^(?:(?!\b(?:who|whom|which|that)\b).)*?\b(?:means|is|are|has|have|was|were|will|shall|must|"
                                r"should|can|may|constitutes?|requires?)\b", after_head)  # "of migrants means …": no right
        if not holders and inside and not clause_verb and _actor_ids(inside[:1]) and match.start("who") + 40 > inside[0].start:
            # "the right of the disabled child to", "of every child alleged as … to": the group at the head
            holders = _actor_ids(inside[:1])
        if not holders:
            norm.type = ""  # "the … rights of migrants means …": no holder named, not a right
            return
    if not holders and cue.rule == "right-to":  # "shall guarantee the following rights to migrant workers"
        to = re.search(r"\bto\s+", text[cue.start : cue.end])
        at = cue.start + to.end() if to is not None else -1
        granted = [m for m in ctx.within(at, c1) if m.start == at and m.entry.person]
        if granted:
            holders = [granted[0].entry.id]
    # The subject holds the right: "X possesses rights", "X is entitled", "X has the right (to)".
    subject_holds = (
        cue.rule in ("possess-rights", "entitled", "following-rights")
        or re.search(r"\b(?:have|has)\s+(?:the|an?)\s+(?:[\w-]+\s+)?right\s*$", text[max(c0, cue.start - 40) : cue.start + 40].split(" to ")[0])
        or re.search(r"\b(?:have|has|hold|holds)\s+(?:the|an?)\s+(?:[\w-]+\s+)?rights?\s+to\b", text[c0 : cue.end + 5])
    )
    that = list(re.finditer(r"\b(?:that|whereby)\s+", text[subject_at : cue.start]))
    if that:  # "Each Member shall ensure that domestic workers enjoy the same rights": the that-clause's subject
        heads = _head_actors(ctx, subject_at + that[-1].end(), cue.start)
    if not holders and subject_holds:
        if heads:
            holders = _actor_ids(heads)
        elif pronoun:
            antecedent = _antecedent(ctx, subject_at)
            if antecedent is not None:
                holders = [antecedent.entry.id]
    if not holders:
        antecedent = _antecedent_in(ctx, s0, cue.start)
        if antecedent is not None:
            holders = [antecedent]
    if not holders:
        after = [m for m in ctx.within(cue.end, s1) if m.entry.person and not m.entry.adversary and not _compared(text, m.start)]
        if after:
            holders = [after[0].entry.id]
    if not holders:
        before = next((m for m in ctx.backwards(s0) if m.entry.person and not m.entry.adversary), None)
        if before is not None:
            holders = [before.entry.id]
        elif ctx.previous_people:
            holders = [ctx.previous_people[-1]]
        else:
            holders = ["everyone"]
    norm.holder = holders
    norm.explicit_bearer = True
    # quote and action
    matched = text[cue.start : cue.end]
    if cue.rule == "as-is-their-right":
        start = s0
        norm.start, norm.end = _trim(text, start, cue.end)
        clause = text[start : cue.start]
        clause, _cond = _strip_intro(clause) if not re.match(r"\s*(?:If|When|Where)\b", clause) else (re.sub(r"^\s*(?:If|When|Where)\s+", "", clause), None)
        for m in ctx.within(s0, cue.start)[:1]:
            clause = clause.replace(m.surface, "", 1)
        clause = re.sub(r"^\s*(?:wish|wishes|want|wants|choose|chooses|decide|decides|seek|seeks|intend|intends)\s+to\s+", "", clause.strip())
        norm.action = clause.rstrip(" ,") or None
        return
    if cue.rule in ("possess-rights",):
        rights = re.search(r"(?:possess|possesses|enjoy|enjoys|have|has|hold|holds)\s+", matched)
        start = cue.start + (rights.end() if rights else 0)
        end = _np_end(text, start, c1)
        norm.action = text[start:end].strip(" ,") or None
        return
    start = cue.start
    end = _np_end(text, cue.end, c1)
    norm.start, norm.end = _trim(text, start, end)
    to = re.search(r"\bto\s+", matched)
    if cue.rule == "right-of-access":
        norm.action = re.sub(r"^(?:an?|the|their|its|his|her)\s+", "", matched, flags=re.IGNORECASE)
    elif to is not None:
        norm.action = _clean(text[cue.start + to.end() : end])
    if norm.end - norm.start < 12 or norm.end <= norm.start:
        norm.start, norm.end = _trim(text, c0, c1)


_COMPARED = re.compile(r"(?:\b(?:as|than|like)|\bequality\s+of\s+treatment\s+with|\bon\s+an?\s+equal\s+footing\s+with|\bthat\s+(?:of|applied\s+to|which\s+applies\s+to))\s+(?:(?:the|its|their|all|other)\s+)*$", re.IGNORECASE)


def _compared(text: str, at: int) -> bool:
    """``text[at:]`` names the group a right is compared with ("the same rights as nationals"),
    not the one that holds it."""
    return _COMPARED.search(text, max(0, at - 50), at) is not None


def _antecedent_in(ctx: Context, s0: int, before: int) -> str | None:
    people = [m for m in ctx.within(s0, before) if m.entry.person and not m.entry.adversary and not _compared(ctx.text, m.start)]
    return people[-1].entry.id if people else None


def _np_end(text: str, start: int, limit: int) -> int:
    """Where a noun or infinitive phrase that starts at ``start`` ends: before the next finite
    verb, clause break or the end of the clause."""
    end = limit
    for boundary in (_FINITE, _CUT, _CONDITION_TRAIL, _NEW_CLAUSE):  # each narrows what the last left
        found = boundary.search(text, start, end)
        if found is not None:
            end = found.start()
    return end


def _action(ctx: Context, norm: DraftNorm, cue: _Cue, subject: str, passive: re.Match[str] | None, clause_end: int) -> str | None:
    text = ctx.text
    match = cue.match
    tail_start = cue.end
    if cue.rule in ("needed", "required", "evaluative-act") and not re.match(r"\s+to\s+[a-z]", text[cue.end : clause_end]):
        np = _NP_CUT.split(subject)[0].strip(" ,")
        if cue.rule == "needed":
            comp = re.match(r"\s+to\s+", text[cue.end : clause_end])
            if comp:
                np += " " + text[cue.end + comp.end() - 3 : _cut_end(text, cue.end, clause_end)].strip()
        return _clean(np)
    if cue.rule == "required" or cue.rule == "obliged":
        to = re.match(r"\s+to\s+", text[cue.end : clause_end])
        if to:
            tail_start = cue.end + to.end()
    if cue.rule in ("requires",):
        to = re.search(r"\bto\s+(?=[a-z])", text[cue.end : clause_end])
        actors_between = ctx.within(cue.end, cue.end + to.start()) if to is not None else []
        if to is not None and actors_between:
            tail_start = cue.end + to.end()
    if cue.rule in ("calls-upon", "urges", "operative"):
        to = re.search(r"\b(?:not\s+)?to\s+(?!(?:the|a|an|this|these|its|their|all)\b)(?=[a-z])", text[cue.end : clause_end])
        if to is not None:
            tail_start = cue.end + to.end()  # "not to …": the cue carries the negation (_cues.negated_after_cue)
        that = re.match(r"\s+that\s+", text[cue.end : clause_end])
        if that is not None:
            tail_start = cue.end + that.end()
    if match is not None and cue.rule in ("obligation-of", "obligation-to", "the-need-to", "evaluative-it"):
        to = re.search(r"\bto\s+(?=[a-z])|\bthat\s+", match.group())
        if to is not None:
            tail_start = cue.start + to.end()
            ruled_out = _RULED_OUT.match(text, tail_start, clause_end)  # "the obligation to refrain from …"
            if ruled_out is not None:
                tail_start = ruled_out.end()
            end = _np_end(text, tail_start, clause_end) if cue.rule in ("obligation-of",) else _cut_end(text, tail_start, clause_end)
            return _clean(text[tail_start:end])
    if cue.rule == "evaluative-act":
        return _clean(_NP_CUT.split(subject)[0])
    rest = text[tail_start:clause_end]
    refrain = _RULED_OUT.match(rest)
    if refrain:
        tail_start += refrain.end()
        return _clean(text[tail_start : _cut_end(text, tail_start, clause_end)])
    if passive is not None and cue.rule in ("must", "shall", "should", "ought", "has-to"):
        adverbs, word = passive.group(1), passive.group(2)
        after = tail_start + passive.end()
        end = _cut_end(text, after, clause_end)
        obj = _object_of(subject)
        if word.lower() in _NOT_PARTICIPLE or not (word.endswith(("ed", "en", "wn")) or word in _IRREGULAR):
            verb = "put" if word.lower() in ("at", "in", "on", "under", "within", "among") else "make"
            start = tail_start + passive.start(2)
            return _clean(f"{verb} {obj} {text[start:end].strip()}")
        return _clean(f"{adverbs}{_base(word)} {obj} {text[after:end].strip()}")
    be_to = re.match(r"(?:\s+(?:\w+ly|also|always|not|never))*\s+be\s+to\s+", text[tail_start:clause_end])
    if be_to:
        tail_start += be_to.end()
    start = tail_start
    lead = re.match(r"(?:\s+(?:not|never|also|always|further|therefore|thus|still|then|now|first|equally|likewise))+\b", text[start:clause_end])
    if lead:
        start += lead.end()
    return _clean(text[start : _cut_end(text, start, clause_end)])


def _cut_end(text: str, start: int, end: int) -> int:
    cut = _CUT.search(text, start, end)
    if cut is not None and cut.start() > start:
        end = cut.start()
    trail = _CONDITION_TRAIL.search(text, start, end)
    if trail is not None and trail.start() > start:
        end = trail.start()
    return end


def _object_of(subject: str) -> str:
    subject = _NP_CUT.split(subject)[0].strip(" ,")
    if subject[:1].isupper() and not re.match(r"[A-Z]{2}|[A-Z][a-z]*\s+[A-Z]", subject):
        first = subject.split(" ", 1)[0]
        if first in ("The", "A", "An", "Such", "These", "This", "Those", "Their", "Its", "Any", "All", "Each", "Every", "Some"):
            subject = first.lower() + subject[len(first) :]
    return subject


def _base(participle: str) -> str:
    word = participle.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith(("ated",)) and not word.endswith(("eated", "oated")):
        return word[:-1]
    if word.endswith(("ized", "ised", "uced", "ced", "ved", "ged", "ured", "ired", "ored", "uted", "oted", "ided", "uded", "osed", "ased", "used", "ised", "aced")):
        return word[:-1]
    if word.endswith("ed"):
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
            return stem[:-1]
        return stem
    if word.endswith("en"):
        return word[:-2] if word.endswith("tten") is False else word[:-3]
    return word


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split()).strip(" ,;:")
    if value.endswith(".") and not value.endswith(("etc.", "e.g.", "i.e.")):
        value = value[:-1].rstrip()
    return value or None


_PURPOSE = re.compile(r"\b(?:so\s+that|so\s+as\s+to|in\s+order\s+to|to\s+(?:protect|assist|help|support|improve|ensure|benefit|encourage|serve))\b", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:who|which)\b[^,;]*")
_VICTIM_GROUPS = ("victims-of-trafficking", "victims-of-xenophobia", "victims")


def _beneficiaries(ctx: Context, norm: DraftNorm, q0: int, q1: int) -> list[str]:
    """Who benefits: the groups of people the norm's words (and its condition) name — those in a
    purpose clause when there is one — and whoever something is given to ("assistance to X")."""
    text = ctx.text
    spans = [(q0, q1)]
    if norm.condition:
        at = text.find(norm.condition)
        if at >= 0:
            spans.append((at, at + len(norm.condition)))
    skip = [m.span() for m in _RELATIVE.finditer(text, q0, q1)]
    found = [m for a, b in spans for m in ctx.within(a, b) if not any(x <= m.start < y for x, y in skip)]
    purpose = _PURPOSE.search(text, q0, q1)
    if purpose is not None:
        in_purpose = [m for m in found if m.start >= purpose.end() and m.entry.person and not m.entry.adversary]
        if in_purpose:
            found = in_purpose
    people = [i for i in _actor_ids(found, people_only=True, no_adversaries=True) if i not in norm.bearer]
    giving = _GIVING.search(text, q0, q1)
    if giving is not None:
        end = _cut_end(text, giving.end(), q1)
        relative = re.search(r"\s(?:who|which|that|whose|in\s+order|so\s+that)\b|[,;]", text[giving.end() : end])
        if relative is not None:
            end = giving.end() + relative.start()
        for i in _actor_ids(ctx.within(giving.end(), end), no_adversaries=True):
            if i not in people and i not in norm.bearer:
                people.append(i)
    if "children" in people and any(v in people for v in _VICTIM_GROUPS) and ctx.child_victims:
        # "the victim is a child": a child victim
        people = [ctx.child_victims if i == "children" else i for i in people if i not in _VICTIM_GROUPS]
        people = list(dict.fromkeys(people))
    return people


# the role a treaty gives a State by describing it: the State of which the person is a national,
# or where he or she had permanent residence, is the State of origin; the receiving State, the
# State of destination
_SOURCE_STATE = re.compile(
    r"\b(?:of\s+which\s+[^;]{0,100}?\b(?:is|was|are)\s+(?:a\s+)?nationals?\b|in\s+which\s+[^;]{0,100}?\bright\s+of\s+permanent\s+residence\b)",
    re.IGNORECASE)
_SOURCE_ACTION = re.compile(r"\b(?:is|was|are|were)\s+(?:its|their)\s+nationals?\b|\bright\s+of\s+permanent\s+residence\s+in\s+its\s+territory\b", re.IGNORECASE)
_DESTINATION_STATE = re.compile(r"^\W*(?:(?:the|a|any|each)\s+)?(?:receiving|host)\s+(?:States?|Part(?:y|ies)|countr(?:y|ies))\b", re.IGNORECASE)


def _roles(ctx: Context, norm: DraftNorm, s0: int, s1: int) -> list[str]:
    roles: set[str] = set()
    for ident in norm.bearer:
        entry = ctx.by_id.get(ident)
        if entry is not None:
            roles.update(entry.roles)
    if norm.type != "right" and norm.bearer:
        cue_at = ctx.text.find(norm.cue, norm.start, norm.end) if norm.cue else -1
        if cue_at > norm.start:
            subject = ctx.text[norm.start : cue_at]
            if re.match(r"\W*(?:When|Whenever|Where|If|At|Upon|After|In)\b", subject) and ", " in subject:
                subject = subject[subject.rfind(", ") + 2 :]  # an introductory clause is not the subject
            if _SOURCE_STATE.search(subject):
                roles.discard("destination")  # the receiving State its modifiers name is not the bearer
                roles.add("source")
            elif _DESTINATION_STATE.match(subject):
                roles.add("destination")
            elif _SOURCE_ACTION.search(ctx.text, cue_at, norm.end):
                roles.add("source")
    irrespective = _IRRESPECTIVE.search(ctx.text, s0, s1)
    if irrespective is not None:
        for m in ctx.within(irrespective.end(), irrespective.end() + 120):
            if len(m.entry.roles) == 1:
                roles.update(m.entry.roles)
    return [r for r in ROLE_ORDER if r in roles]


def _instruments(ctx: Context, q0: int, q1: int, condition: str | None) -> list[str]:
    out: list[str] = []
    for m in ctx.instruments_starting(q0, q1):
        if q0 <= m.start and m.end <= q1 and m.entry.id not in out:
            out.append(m.entry.id)
    if not out and ctx.self_instrument:
        out.append(ctx.self_instrument)
    return out


_REPORTING = re.compile(
    r"\s+(?:\w+ly\s+)?(?:recogni[sz]es|provides|states|stipulates|establishes|affirms|reaffirms|guarantees|"
    r"sets\s+out|requires|declares|proclaims|enshrines|says)\b"
)


def _reported_by(ctx: Context, s0: int, start: int) -> list[str]:
    """"The Convention recognizes that domestic workers are entitled to …": a norm an instrument
    states rests on it."""
    for m in ctx.instruments_starting(s0, start):
        if s0 <= m.start and m.end <= start and _REPORTING.match(ctx.text, m.end):
            return [m.entry.id]
    return []


# An item that carries an act of its own: "to prevent …", "Ensure …", "(a) Take …"; not a noun
# phrase ("Appropriate housing;") nor a gerund naming an offence ("Participating as an accomplice").
_ITEM_INTRO = re.compile(r"^(?:(?:[A-Z][^,;:]{0,80}?|[a-z][^,;:]{0,80}?),\s+)?(?:(?:[Tt]o|[Nn]ot\s+to)\s+)?(?:\w+ly\s+)?(?P<verb>[A-Za-z]+)\b")
_ITEM_LABEL = re.compile(r"\(?(?:\d{1,2}|[a-z]{1,2}|[ivxl]{1,6})\)\s*|[IVXL]{1,6}\.\s+")
_ITEM_ACT_LEAD = re.compile(r"^(?:(?:[Nn]ot\s+|[Nn]ever\s+)?[Tt]o\s+)?(?:" + NEGATING_VERB + r"\s+)?")
_ITEM_NEGATION = re.compile(r"(?:[Tt]o\s+)?(?:" + NEGATING_VERB + r"|[Nn]ot\s+to|[Nn]ever)\b")
_OWN_MODAL = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:shall|should|must)\b")  # near the item's start


def _item_act(piece: str) -> bool:
    """Whether a list item states an act of its own (so it is a norm of its own)."""
    piece = piece.strip()
    if re.match(r"(?:[Tt]o|[Nn]ot\s+to)\s+(?:\w+ly\s+)?[a-z]", piece):
        return True
    for candidate in (piece, re.sub(r"^[^,;:]{1,80},\s+", "", piece)):  # after a leading phrase
        first = re.match(r"(?:[Tt]o\s+)?(\w+)", candidate)
        if first is not None and first.group(1).lower() in _VERBS and not first.group(1).endswith("ing"):
            return True
    return False


def _list_items(ctx: Context, colon: int, clause_end: int) -> list[tuple[int, int]]:
    """(start, end) of each item's words after the chapeau's colon: the structure's items when
    the unit has them, else inline labels."""
    starts = [(label, body) for label, body in ctx.items if colon < label < clause_end]
    if len(starts) < 2:
        starts = [(m.start(), m.end()) for m in _ENUM_ITEM.finditer(ctx.text, colon + 1, clause_end)]
    spans = []
    for k, (_, body) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else clause_end
        spans.append((body, end))
    return spans if len(spans) >= 2 else []


def _split_enumeration(ctx: Context, norm: DraftNorm, cue: _Cue, clause_end: int, following: int) -> list[DraftNorm]:
    """'… obligations are imposed upon all States: 1) to prohibit …; 2) to investigate …; and 3) …'
    and 'Each State Party shall: (a) take …; (b) ensure …' → one norm per item, each an act.
    A chapeau whose items only complete its own act ('shall provide for: a) Appropriate housing;
    b) …', 'shall establish as criminal offences: a) Participating …') is one norm, quoting the
    chapeau up to its colon; its items never inherit the cue."""
    text = ctx.text
    colon = text.find(":", cue.end, clause_end)
    lists_rights = cue.rule == "following-rights"  # "has at least the following guarantees: (i) To be …"
    if colon < 0 or (norm.type == "right" and not lists_rights):  # a right named in a chapeau is not each item's right
        return [norm]
    if following < colon:  # "… shall ensure … and they shall: (a) …": the list is the later cue's
        return [norm]
    items = _list_items(ctx, colon, clause_end)
    if not items:
        return [norm]
    # an item with a modal of its own ("III. should consider …") is drafted from its own cue
    items = [(a, b) for a, b in items if not _OWN_MODAL.match(text, a, b)]
    if not items:
        return [norm]
    if not lists_rights and not all(_item_act(text[a:b]) for a, b in items):
        chapeau = DraftNorm(**{**norm.__dict__})
        chapeau.start, chapeau.end = _trim(text, norm.start, colon)
        if chapeau.action:
            chapeau.action = _clean(chapeau.action.split(":")[0])
        return [chapeau] if chapeau.end > chapeau.start else [norm]
    out = []
    for a, b in items:
        piece = text[a:b]
        piece_trimmed = re.sub(r"(?:[;,.]\s*(?:and|or)?\s*)$|\s+(?:and|or)\s*$", "", piece.rstrip())
        a, b = _trim(text, a, a + len(piece_trimmed))
        if b <= a:
            continue
        copy = DraftNorm(**{**norm.__dict__})
        copy.start, copy.end = a, b
        copy.action = _clean(_ITEM_ACT_LEAD.sub("", text[a:b]))  # the act itself: "(b) refrain from detaining" → "detaining"
        if _ITEM_NEGATION.match(text, a, b):  # "(b) Refrain from detaining …", "(c) not to return …"
            copy.negated = True
        copy.instrument = _instruments(ctx, a, b, None) or list(norm.instrument)
        copy.beneficiary = list(norm.beneficiary) or _beneficiaries(ctx, copy, a, b)
        copy.confidence = norm.confidence - 0.05
        out.append(copy)
    if out:
        # the items share what the whole list says about who benefits
        shared = [i for n in out for i in n.beneficiary]
        for n in out:
            n.beneficiary = list(dict.fromkeys([*n.beneficiary, *shared]))
    return out or [norm]


# ", to engage in …", "and to participate …", "or to use …": another complement of the same right
_NEXT_COMPLEMENT = re.compile(
    r"(?:[,;]\s*(?:and\s+|or\s+)?|\s+and\s+)to\s+(?!(?:the|a|an|his|her|their|its|this|that|these|those|such|any|all|which|whom)\b)(?=[a-z])"
)


def _split_right_complements(ctx: Context, norm: DraftNorm, clause_end: int) -> list[DraftNorm]:
    """'the right of the child to rest and leisure, to engage in play …, and to participate freely in
    cultural life' → one right per complement, as one modal with several acts is one norm per act;
    'to' before a determiner ('the right to return to their country') is no new complement."""
    text = ctx.text
    first_to = re.search(r"\b(?:to|of\s+access\s+to)\s+", text[norm.start : norm.end])
    if first_to is None:
        return [norm]
    spans = []
    start = norm.start
    search_from = norm.start + first_to.end()
    end = norm.end
    while True:
        nxt = _NEXT_COMPLEMENT.search(text, search_from, clause_end)
        if nxt is None or (nxt.start() > end and text[end : nxt.start()].strip(" ,.;")):
            break  # no further complement, or one that does not follow on
        spans.append((start, nxt.start()))
        start = nxt.end() - len(re.search(r"to\s+$", nxt.group()).group())
        end = max(_np_end(text, nxt.end(), clause_end), nxt.end())
        search_from = nxt.end()
    if not spans:
        return [norm]
    spans.append((start, end))
    out = []
    for a, b in spans:
        a, b = _trim(text, a, b)
        if b - a < 4:
            continue
        copy = DraftNorm(**{**norm.__dict__})
        copy.start, copy.end = a, b
        copy.action = _clean(re.sub(r"^to\s+", "", text[a:b])) if a != norm.start else _clean((norm.action or "").split(", to ")[0])
        out.append(copy)
    return out if len(out) > 1 else [norm]


def _split_coordination(ctx: Context, norm: DraftNorm, cue: _Cue) -> list[DraftNorm]:
    """'must proceed on the basis that it is a child and afford the special protection …' →
    two norms: one modal whose predicates have different objects."""
    text = ctx.text
    if cue.rule not in ("must", "shall", "should", "ought", "has-to", "calls-upon", "urges", "operative"):
        return [norm]
    region_start = cue.end
    region_end = _cut_end(text, region_start, norm.end)
    for match in re.finditer(r"(?:,\s*and|\s+and)\s+(?:to\s+)?([a-z]+)\b", text[region_start:region_end]):
        verb = match.group(1)
        at = region_start + match.start()
        if verb not in _VERBS:
            continue
        before_words = text[region_start:at].split()
        after = text[region_start + match.end(1) : norm.end]
        if len(before_words) < 3 or len(after.split()) < 1 or re.match(r"\s+of\b", after):
            continue
        if before_words[-1].strip(",").lower() in _VERBS:
            continue  # "to prevent and combat trafficking": two verbs, one shared object
        first = DraftNorm(**{**norm.__dict__})
        first.start, first.end = _trim(text, norm.start, at)
        second = DraftNorm(**{**norm.__dict__})
        second.start, second.end = _trim(text, region_start + match.start(1), norm.end)
        if second.end <= second.start or first.end <= first.start:
            continue
        if first.action:
            first.action = _clean(first.action.split(" and " + verb)[0].split(", and " + verb)[0])
            second.action = _clean(text[second.start : _cut_end(text, second.start, second.end)])
        first.instrument = _instruments(ctx, first.start, first.end, None)
        second.instrument = _instruments(ctx, second.start, second.end, None)
        second.confidence = norm.confidence - 0.05
        return [first, second]
    return [norm]
