"""Deontic cues and what is not a norm: the first half of the norm rules (the second, filling
the slots, is ``_slots.py``). Every rule is a regular expression or a word list; the
table and the reasons are in ``docs/extraction.md``.

The cues follow ``docs/annotation-guide.md`` § 6: the type follows the cue (must / shall /
requires / obligation → obligation; should / need / calls upon / urges / evaluative phrases about
an act → recommendation; right to / right of X to / entitled to → right); discourse phrases ("it
must be noted"), counterfactuals ("should have been"), guidance on terms ("should not be confused
with"), definitions ("shall mean", "is required for"), treaty housekeeping ("shall enter into
force") and questions are not norms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

import yaml

_ADV = r"(?:\s+(?:\w+ly|also|always|further|therefore|thus|still|then|only|now|first|not only|in turn|at all times|as a matter of priority))*"

# --- cues ------------------------------------------------------------------------------------------

def _load_cue_table() -> tuple[list[tuple[str, str, re.Pattern[str]]], dict[str, float], dict[str, tuple[str, ...]],
                               dict[str, dict[str, list[str]]]]:  # fmt: skip
    """The cue rules of ``cues.yaml`` (data a reviewer reads and edits): patterns, confidence priors,
    key words and each rule's examples (the tests run them)."""
    raw = yaml.load((files("normgraph.extract") / "cues.yaml").read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # fmt: skip
    cues, confidence, keys, examples = [], {}, {}, {}
    for item in raw:
        rule = item["rule"]
        cues.append((rule, "" if item["type"] == "by-modal" else item["type"], re.compile(item["pattern"])))
        prior = item["confidence"]
        confidence.update(prior if isinstance(prior, dict) else {rule: float(prior)})
        keys[rule] = tuple(item["keys"])
        examples[rule] = item.get("examples") or {}
    return cues, confidence, keys, examples


# (rule, type, pattern): earlier rules win where matches overlap; the modal's type follows the modal
_CUES, _BASE_CONFIDENCE, _KEYS, CUE_EXAMPLES = _load_cue_table()
_ALL_KEYS = tuple(sorted({k for keys in _KEYS.values() for k in keys}))
_KEY_SETS = {rule: frozenset(keys) for rule, keys in _KEYS.items()}
_KEY_RE = re.compile("|".join(sorted(map(re.escape, _ALL_KEYS), key=len, reverse=True)))


# --- what is not a norm ---------------------------------------------------------------------------

_COUNTERFACTUAL = re.compile(r"^(?:\s+not)?(?:\s+\w+ly)?\s+have\s+(?:been\s+)?\w+", re.IGNORECASE)
_DISCOURSE = re.compile(
    r"^(?:\s+(?:also|therefore|however|thus|further|again|first))*,?\s+be\s+(?:\w+ly\s+)?(?:noted|stressed|"
    r"emphasi[sz]ed|highlighted|underlined|recalled|remembered|pointed\s+out|mentioned|observed|said|added|"
    r"borne\s+in\s+mind|kept\s+in\s+mind|recogni[sz]ed\s+that|acknowledged\s+that|admitted|conceded|"
    r"understood\s+that|clear|reiterated)\b",
    re.IGNORECASE,
)
_INTERPRETIVE = re.compile(
    r"^(?:\s+(?:also|therefore|thus))*(?:\s+not)?\s+be\s+(?:confused|conflated|mistaken|understood\s+as|"
    r"interpreted(?!\s+and\s+applied)|construed|read\s+as|regarded\s+as|considered\s+as|seen\s+as|viewed\s+as|equated|distinguished)\b",
    re.IGNORECASE,
)
_DEFINITIONAL = re.compile(
    r"^(?:\s+not)?\s+(?:mean|be\s+deemed|be\s+construed|be\s+understood|be\s+interpreted(?!\s+and\s+applied)|refer\s+to|"
    r"enter\s+into\s+force|come\s+into\s+force|take\s+effect|become\s+effective|be\s+open\s+for|"
    r"be\s+subject\s+to\s+(?:ratification|acceptance|approval)|affect|"
    r"be\s+without\s+prejudice|prejudice|be\s+deposited|be\s+(?:equally\s+)?authentic|remain\s+in\s+force|cease\s+to|"
    r"be\s+the\s+depositary|be\s+designated\s+as|be\s+done\s+in|be\s+irrelevant|be\s+immaterial|"
    r"be\s+considered\s+(?:as\s+|to\s+(?:be|constitute)\s+|an?\s+|the\s+|[\"“'`])|be\s+counted\s+as|"
    r"be\s+binding\s+(?:on|upon)|(?:still\s+)?be\s+bound\s+by\s+(?:(?:the|any|such|its)\s+(?:\w+\s+)?)?(?:provisions?|"
    r"paragraphs?|articles?|amendments?|Protocol|Convention|Covenant|Treaty|Agreement)\b|still\s+be\s+bound|"
    r"be\s+composed\s+of|consist\s+of|take\s+the\s+form\s+of|"
    r"be\s+(?:read|considered|applied|interpreted)\s+(?:in\s+conjunction|together)\s+with)\b",
    re.IGNORECASE,
)
# "shall be considered ``trafficking in persons"", "shall be deemed “a child”": a quoted term is defined
_DEFINED_TERM = re.compile(r"\s+be\s+(?:considered|deemed|regarded\s+as|treated\s+as)\s+[\"“‘'`]")
# "shall include": a definition ("Exploitation shall include, at a minimum, …") unless its subject is an
# act, a measure or a service the parties owe ("Such measures shall include …", "These sanctions shall
# include …", "these programmes should include …")
_INCLUDE = re.compile(r"^(?:\s+not)?(?:\s+\w+ly)?\s+include\b", re.IGNORECASE)
_INCLUDE_NORM_SUBJECT = re.compile(
    r"\b(?:measures?|polic(?:y|ies)|programmes?|programs?|training|plans?|co-?operation|assistance|sanctions?|"
    r"penalt(?:y|ies)|steps?|actions?|activities|services?|efforts?|procedures?|legislation|arrangements?|support|"
    r"strateg(?:y|ies)|campaigns?|education|care|reports?|information|curricul(?:um|a)|safeguards?|remed(?:y|ies)|"
    r"protection|facilities|benefits?|assessments?|reviews?)\s*$",
    re.IGNORECASE,
)
# housekeeping subjects: amendments, reservations, denunciations, notifications and the like
_HOUSEKEEPING_SUBJECT = re.compile(
    r"^(?:(?:Any|Such|The|This|That|Each|An?|Every)\s+)?(?:(?:text|date)\s+of\s+(?:any|such|the|an?|each)\s+)?"
    r"(?:[a-z][\w-]*\s+)?(?:amendments?|reservations?|"
    r"denunciations?|withdrawals?|notifications?|instruments?\s+of\s+(?:ratification|acceptance|approval|accession))\b"
)
# the instrument as the subject of a relative clause: "the territories to which this Convention shall apply"
_INSTRUMENT_LAST = re.compile(
    r"\b(?:which|whom|where|when)\s+(?:this|the\s+present|that|such)\s+(?:Protocol|Convention|Covenant|Treaty|Agreement|Charter|Statute|amendment)\s*$"
)
# negation by the subject or an adverbial: "No child shall", "In no case shall", "shall on no account"
_NEG_SUBJECT = re.compile(r"^(?:No|no|Neither|neither)\s+(?!doubt\b|later\b|less\b|more\b|sooner\b)\w+")
_NEG_BEFORE = re.compile(
    r"\b(?:in\s+no\s+case|on\s+no\s+account|under\s+no\s+circumstances?|at\s+no\s+time|in\s+no\s+way|"
    r"by\s+no\s+means)\s*,?\s*$", re.IGNORECASE)
_NEG_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:in\s+no\s+case|on\s+no\s+account|under\s+no\s+circumstances?|at\s+no\s+time|"
    r"in\s+no\s+way|by\s+no\s+means)\b", re.IGNORECASE)
# an act ruled out by the verb that introduces it: "refrain from detaining", "abstain from", "desist
# from", "forbear from"; its action is the act after "from", and the norm is negated
NEGATING_VERB = r"(?:[Rr]efrain|[Aa]bstain|[Dd]esist|[Ff]orbear)\s+from\b"
_NOT = r"(?:not|never)\b(?!\s+only\b)"  # "not only …, but also" negates nothing
_ONLY_AT = re.compile(r"\s+only\b")
# the words that may open an act, each negation counted: "not", "to", "never", "refrain from" …
_ACT_NEGATIONS = re.compile(_ADV + r"\s*(?P<not1>" + _NOT + r")?(?:\s*to\b)?" + _ADV + r"\s*(?P<not2>" + _NOT + r")?"
                            + _ADV + r"\s*(?P<verb>" + NEGATING_VERB + r")?")
# where the act starts after a cue that names its addressee first ("Urges States to …", "calls upon
# Governments, in cooperation with NGOs, not to …"): the first "to" before a verb, not before a noun
_ACT_TO = re.compile(r"\b(?:(?:not|never)\s+)?to\s+(?!(?:the|a|an|this|these|its|their|all)\b)(?=[a-z])")
# the cues whose act comes after a "to": "urges States to", "are encouraged to", "undertake to", "the
# obligation of States to", "it is important to" …
_TO_ACT_RULES = frozenset(("calls-upon", "urges", "operative", "encouraged-to", "obligation-of", "obligation-to",
                           "obliged", "required", "requires", "has-duty", "has-to", "undertake", "agree",
                           "the-need-to", "evaluative-it", "has-responsibility"))  # fmt: skip


def negated_act(text: str, at: int, end: int) -> bool:
    """Whether the act that starts at ``at`` (and ends by ``end``) rules itself out: "not to
    detain", "to never detain", "refrain from detaining", "to abstain from", "desist from"; two
    negations ("not refrain from prosecuting") make a positive act."""
    found = _ACT_NEGATIONS.match(text, at, end)
    assert found is not None  # every part is optional
    return sum(found.group(g) is not None for g in ("not1", "not2", "verb")) % 2 == 1


def negated_after_cue(text: str, rule: str, a: int, b: int, s1: int) -> bool:
    """Whether a cue other than a modal states a negated norm: "is prohibited", or the act after
    the cue's "to" is ruled out ("Urges States to refrain from detaining children", "are encouraged
    not to", "undertake to abstain from", "the obligation of States to refrain from")."""
    if rule == "prohibited":
        return True
    if rule not in _TO_ACT_RULES:
        return False
    end = _CLAUSE_END.search(text, b, s1)
    end_at = end.start() if end is not None else s1
    # the act's "to" is the cue's own ("are encouraged to", "undertake to"), or comes after the
    # addressee ("Urges States to"); "Appeals to parliaments to" holds a "to" that is not the act's
    to = _ACT_TO.search(text, b if rule == "urges" else a, end_at)
    return to is not None and negated_act(text, to.start(), end_at)  # negated_act reads "not to", "to"


def negated_modal(text: str, s0: int, s1: int, a: int, b: int, subject: str, modal_not: bool) -> bool:
    """Whether the norm of the modal at ``a:b`` (``modal_not``: "shall not", "must never") is
    negated: by the modal, the act ("should refrain from", "shall also not"; "shall not refrain
    from" is not), the subject ("No child shall") or an adverbial ("In no case shall", "shall on no
    account")."""
    modal_not = modal_not and _ONLY_AT.match(text, b) is None  # "shall not only …, but also …"
    return (modal_not != negated_act(text, b, s1)
            or _NEG_SUBJECT.match(subject) is not None or _NEG_BEFORE.search(text, max(s0, a - 40), a) is not None
            or _NEG_AFTER.match(text, b, s1) is not None)


_INSTRUMENT_SUBJECT = re.compile(
    r"^(?:Nothing\b|(?:This|The\s+present|These|The)\s+(?:\w+\s+){0,2}?(?:Protocol|Convention|Covenant|Treaty|"
    r"Agreement|article|Article|provisions?|paragraph|Charter|Statute|Declaration|Decision)s?\b)"
)
_DISCOURSE_VERBS = frozenset(
    "remember note recall stress emphasize emphasise mention point bear underline highlight recognize "
    "recognise acknowledge understand consider examine look distinguish realize realise keep observe "
    "say add reiterate notice appreciate".split()
)
_NOT_AFTER = {
    "needed": re.compile(r"(?:\b(?:if|as|where|when|wherever|whenever)\s*)$", re.IGNORECASE),
    "required": re.compile(r"(?:\b(?:if|as|where|when|wherever|whenever)\s*)$", re.IGNORECASE),
    "requires": re.compile(r"(?:\b(?:if|as|where|when)\s+(?:\w+\s+){0,3})$", re.IGNORECASE),
}
_NEEDS_BEFORE = re.compile(
    r"(?:\b(?:the|their|its|his|her|our|your|my|whose|special|specific|basic|particular|local|individual|"
    r"any|no|with|of|and|or|may|might|could|would|will|not|don't|doesn't|do|does)|['’]s|s['’])\s*$",
    re.IGNORECASE,
)
_OPERATIVE_SUBJECT = re.compile(
    r"(?:^|\b(?:Assembly|Conference|Council|Committee|Commission|IPU|Union|Parliament|Parliaments|"
    r"Rapporteurs?|Secretary-General|Ministers|Parties|report|we|We|I)(?:\s+(?:\w+ly|also|further|therefore))*\s*)$"
)
_ACT_SUBJECT = re.compile(
    r"^(?:[A-Z][a-z]+ing\b(?<!During)(?<!Being)(?<!Nothing)(?<!Something)(?<!Everything)(?<!Bring)|"
    r"(?:The|the)\s+(?:\w+\s+)?(?:development|establishment|creation|adoption|implementation|introduction|"
    r"provision|promotion|strengthening|ratification|enactment|protection|prevention|identification|"
    r"elimination|improvement|harmoni[sz]ation|training|collection|sharing|exchange|review|reform|design|use|"
    r"involvement|participation|inclusion|recognition|application|enforcement|removal|reduction|expansion|"
    r"extension|provision|integration|monitoring|funding|financing)\s+of\b)"
)

# --- clauses, conditions, actions -----------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r";|:(?!\s*(?:\d{1,2}\)|\(?[a-z]\)))|,\s+(?:and|but|so|while|whereas|then|thus|hence|yet)\s+|\s+(?:then|so)\s+(?=[a-z])")
_CLAUSE_END = re.compile(r";|:(?!\s*(?:\d{1,2}\)|\(?[a-z]\)))|,\s+(?:while|whereas)\s+")
_THAT = re.compile(r"\b(?:that|whether)\s+")
_LEADING = re.compile(
    r"^(?:(?:However|Therefore|Thus|Moreover|Furthermore|Finally|First(?:ly)?|Second(?:ly)?|Third(?:ly)?|"
    r"Also|Likewise|Similarly|Accordingly|Consequently|In addition|In particular|In this context|"
    r"To this end|In this regard|Above all|Politically|Currently|Then|then|and|but|so|And|But|So)\b,?\s*)+"
)
_CONDITION_LEAD = re.compile(
    r"^(?:If|When|Where|Whenever|Wherever|Once|Unless|In\s+cases?\s+where|In\s+the\s+event\s+that|"
    r"Provided\s+that|As\s+long\s+as|In\s+case)\b[^,;]*,\s*",
)
_PURPOSE_LEAD = re.compile(r"^(?:To|In\s+order\s+to|So\s+as\s+to|For|Although|While|Since|As|Because|Given|Despite|In)\b[^,;]*,\s*")


@dataclass
class _Cue:
    rule: str
    type: str
    start: int
    end: int
    negated: bool = False
    match: re.Match[str] | None = None


def _contained_keys(lowered: str) -> set[str]:
    # findall misses keys that overlap a longer one ("has to" inside "… has to"); `in` does not
    found = set(_KEY_RE.findall(lowered))
    return {key for key in _ALL_KEYS if key in lowered} if found else found


MAX_SENTENCE = 1500


def _units(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences, a sentence longer than MAX_SENTENCE characters cut at its last semicolon,
    comma or space before the limit: a text without full stops stays linear in time."""
    out: list[tuple[int, int]] = []
    for s0, s1 in sentences:
        while s1 - s0 > MAX_SENTENCE:
            limit = s0 + MAX_SENTENCE
            cut = max(text.rfind(";", s0 + 100, limit), text.rfind(",", s0 + 100, limit))
            if cut < 0:
                cut = text.rfind(" ", s0 + 100, limit)
            if cut < 0:
                cut = limit
            out.append((s0, cut))
            s0 = cut
            while s0 < s1 and (text[s0].isspace() or text[s0] in ",;"):
                s0 += 1
        if s0 < s1:
            out.append((s0, s1))
    return out


# a modal whose verb acts on a right is a duty, not the right ("shall respect the right of the child to",
# "should include enjoyment of the right to education")

# Between a modal and a right, the words that make the modal's subject the right's holder ("shall
# have the right", "shall have, in the same manner as nationals, the right", "shall not be denied
# the right"); any other verb ("shall allow … the right", "shall respect the right") is a duty too.
_HOLDER_VERB = re.compile(
    r"(?:\s+(?:\w+ly|also|further|equally|always|still))*"
    r"(?:\s+(?:have|enjoy|possess|retain|exercise|be\s+(?:\w+ly\s+)?(?:entitled|granted|guaranteed|accorded|given|afforded|assured)|"
    r"not\s+be\s+denied))?"
    r"(?:\s*,[^,;:]{1,100},)?\s*(?:(?:the|a|an|their|his|her|its|equal|same)\s*)?",
    re.IGNORECASE,
)


def _cues(text: str, s0: int, s1: int, present: set[str]) -> list[_Cue]:
    found: list[_Cue] = []
    taken: list[tuple[int, int]] = []
    for rule, kind, pattern in _CUES:
        if _KEY_SETS[rule].isdisjoint(present):
            continue
        for match in pattern.finditer(text, s0, s1):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            cue = _accept(text, s0, s1, rule, kind, match)
            if cue is not None:
                found.append(cue)
                taken.append((a, b))
    found.sort(key=lambda c: c.start)
    # a right and a modal in the same words ("shall have the right to") are one right
    out: list[_Cue] = []
    for cue in found:
        if cue.rule in ("must", "shall", "should", "ought", "has-to") and any(
            other.type == "right" and 0 <= other.start - cue.end <= 160
            and _HOLDER_VERB.fullmatch(text, cue.end, other.start) for other in found
        ):
            continue
        if cue.rule in ("agree", "undertake") and cue.match is not None and cue.match.group().endswith("that") and any(
            other.rule in ("must", "shall", "should", "ought") and other.start > cue.end for other in found
        ):
            continue  # "The Parties agree that information shall be exchanged": the modal carries the norm
        out.append(cue)
    return out


# a finite verb not inside a restrictive relative clause ("of the child who is separated … to" is still a
# holder; "of migrant workers, who are more vulnerable to …" is not)
_VERB_OUTSIDE_RELATIVE = re.compile(
    r"^(?:(?!(?<!,)\s(?:who|whom|which|that)\b).)*?\b(?:shall|must|should|may|will|is|are|has|have|means)\b")


def _accept(text: str, s0: int, s1: int, rule: str, kind: str, match: re.Match[str]) -> _Cue | None:
    a, b = match.span()
    before = text[max(s0, a - 60) : a]
    after = text[b : min(s1, b + 80)]
    if rule == "modal":
        modal = match.group("modal").lower()
        if modal == "should" and a == s0:
            return None  # "Should the victim wish …" (a condition) or a question
        rest = text[b:s1]
        if _COUNTERFACTUAL.match(rest):
            return None  # "should have been addressed", "should not have been"
        if _DISCOURSE.match(rest) or _INTERPRETIVE.match(rest) or _DEFINITIONAL.match(rest) or _DEFINED_TERM.match(rest):
            return None
        subject = _subject_text(text, s0, a)
        relative = re.search(r"\b(?:which|who)\s*$", subject) is not None  # "…, which shall submit"
        if not relative and (_INSTRUMENT_SUBJECT.match(subject) or _HOUSEKEEPING_SUBJECT.match(subject)):
            return None
        if _INSTRUMENT_LAST.search(text[max(s0, a - 40) : a].rstrip()):
            return None
        if _INCLUDE.match(rest) and not _INCLUDE_NORM_SUBJECT.search(subject):
            return None  # a definition: "Exploitation shall include, at a minimum, …"
        rule = {"must": "must", "shall": "shall", "should": "should"}.get(modal, "ought")
        kind = "recommendation" if rule in ("should", "ought") else "obligation"
        if re.match(r"\s+(?:\w+ly\s+)?(?:preferably|ideally|desirably)\b", rest):
            kind = "recommendation"  # "shall preferably be voluntary": a preference, not a duty
        return _Cue(rule, kind, a, b, negated_modal(text, s0, s1, a, b, subject, match.group("neg") is not None), match)
    if rule == "has-to":
        if re.search(r"\b(?:do|does|did|may|might|will|would|not)\s*$", before, re.IGNORECASE):
            return None
        rest = text[b:s1]
        if re.match(r"\s+do\s+with\b", rest) or _DISCOURSE.match(rest):
            return None  # "has to do with", "two aspects have to be highlighted"
        if _INSTRUMENT_SUBJECT.match(_subject_text(text, s0, a)):
            return None
        return _Cue(rule, kind, a, b, negated_after_cue(text, rule, a, b, s1), match)
    if rule in _NOT_AFTER and _NOT_AFTER[rule].search(before):
        return None
    if rule == "right-of-to" and re.search(r"\brights?\b", match.group("who")):
        return None  # "the rights of persons … in particular the right to life": the later right is the cue
    if rule == "right-of-to" and _VERB_OUTSIDE_RELATIVE.search(match.group("who")):
        return None  # "the right of permanent residence shall agree to issue": the "to" is the modal's
    if rule == "agree":
        if re.search(r"\b(?:if|unless|where|when|as|may|might|could|would|to|not|shall|must|should|will)\s+(?:[\w-]+\s+){0,4}$",
                     before, re.IGNORECASE) or not before.strip():
            return None  # "unless the Parties agree that …", "may agree to", a modal before is the cue itself
        if _INSTRUMENT_SUBJECT.match(_subject_text(text, s0, a)):
            return None
    if rule == "required" and re.match(r"\s+(?:for|by\s+law)\b", after):
        return None  # "international movement is required for smuggling": a definition
    if rule == "the-need-to":
        stripped = _subject_text(text, s0, a)
        if stripped == "" and match.group().startswith("The"):
            return None  # "The need to control … has become a priority": a topic, not an assertion
        if re.search(r"\bno\s*$", before):
            return None
    if rule == "needs":
        if _NEEDS_BEFORE.search(before) or not before.strip():
            return None
    if rule == "evaluative-it":
        verb = match.group("verb")
        if verb and (verb.endswith("ing") or verb in _DISCOURSE_VERBS):
            return None
    if rule == "evaluative-act":
        subject = _subject_text(text, s0, a)
        if not _ACT_SUBJECT.match(subject):
            return None
    if rule == "operative":
        if not _OPERATIVE_SUBJECT.search(_strip_leading(text[s0:a])):
            return None
        word = match.group().lower()
        if word in ("recommends", "demands") and not re.match(r"\s+that\b", after) and not re.match(r"\s+\S", after):
            return None
        if word not in ("recommends", "demands") and not re.search(r"\bto\s+[a-z]", text[b:s1]):
            return None
    if rule == "calls-upon" and not re.search(r"\bto\s+[a-z]", text[b:s1]):
        return None
    return _Cue(rule, kind, a, b, negated_after_cue(text, rule, a, b, s1), match)


def _strip_leading(text: str) -> str:
    return _LEADING.sub("", text.strip())


def _subject_text(text: str, s0: int, a: int) -> str:
    """The words before the cue in its clause, without leading adverbials and conditions."""
    start = _clause_start(text, s0, a)
    return _strip_intro(text[start:a])[0].strip()


def _clause_start(text: str, s0: int, a: int) -> int:
    start = s0
    for brk in _CLAUSE_BREAK.finditer(text, s0, a):
        start = brk.end()
    that = None
    for match in _THAT.finditer(text, start, a):
        that = match.end()
    if that is not None and ("," in text[that:a] or re.search(r"\b(?:must|shall|should|ought|has\s+to|have\s+to|needs?)\b", text[that:a + 12]) is None):
        that = None
    return that if that is not None and that < a else start


def _strip_intro(clause: str) -> tuple[str, str | None]:
    """Clause without its leading adverbials, condition or purpose clause; and the condition."""
    condition = None
    rest = clause.lstrip()
    for _ in range(3):
        before = rest
        rest = _LEADING.sub("", rest)
        lead = _CONDITION_LEAD.match(rest)
        if lead:
            condition = rest[: lead.end()].rstrip(", ").strip()
            rest = rest[lead.end() :]
        else:
            purpose = _PURPOSE_LEAD.match(rest)
            if purpose and purpose.end() < len(rest):
                rest = rest[purpose.end() :]
        if rest == before:
            break
    return rest, condition


# --- building one norm ----------------------------------------------------------------------------
