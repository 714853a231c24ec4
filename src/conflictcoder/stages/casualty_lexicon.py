"""The casualty lexicon and the number reader behind :mod:`casualties`.

Word lists live in ``resources/data/casualties.toml``; this module turns them into
the regular expressions the figure finder runs, and reads quantities ("seven",
"1,200", "at least 22", "dozens of", "between 10 and 15") into low/best/high.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from text_to_num import text2num

from conflictcoder.model import CasualtyKind
from conflictcoder.resources.prefilter import alternation, folds_apart


def _read_data() -> dict[str, Any]:
    path = resources.files("conflictcoder.resources").joinpath("data", "casualties.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


_GRAMMAR: dict[str, list[str]] = _read_data()["grammar"]  # closed word classes, read once

_KINDS: tuple[CasualtyKind, ...] = ("killed", "injured", "abducted", "arrested")
ABSURD = 100_000  # more dead than this in one report is a misread number (a year, a sum)

_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
]

_WORD_NUM = r"(?:{w})(?:(?:\s+and\s+|[\s-]+)(?:{w}))*".format(w="|".join(_NUMBER_WORDS))

_DIGIT_NUM = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?![\d,.]\d)"

_NUM = rf"(?:{_DIGIT_NUM}|{_WORD_NUM})"

_DETERMINERS = ("a", "an", "another", "the", "his", "her", "their", "its", "one", "this", "that")
_DETERMINERS += ("he", "she", "him")  # pronouns: one person

_PRONOUNS = frozenset({"another", "he", "she", "him", "her"})  # stand for one person alone

_SEPARATOR = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+|plus\s+|along\s+with\s+"
    r"|&\s*)$",
    re.IGNORECASE,
)

_PART_PREFIX = re.compile(
    r"(?:including|includ(?:es|ed)|among\s+them|among\s+whom|of\s+whom|of\s+them|comprising"
    r"|namely|among\s+the\s+(?:dead|killed|victims|injured|wounded)(?:\s+(?:were|are|was|is))?"
    r"|among\s+those\s+(?:killed|dead|injured|wounded)(?:\s+(?:were|are|was|is))?)\s*,?\s*"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)

_NOT_A_COUNT_AFTER = re.compile(
    r"(?:-|\s)?(?:(?:years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|storey"
    r"|stor(?:y|ies)|member|strong|points?|km|kms|kg|mm|cm|percent|per\s+cent|million|billion"
    r"|lakh|crore|thousand\s+(?:rupees|dollars)|o'clock|[ap]\.?m"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    # a street address ("the 3900 block of Elm Street"), an age ("8 yo girl"), a calibre
    r"|blocks?|blk|yo|y\.o|caliber|calibre|gauge|rounds|bullets|times)\b"
    r"|(?:st|nd|rd|th)\b|%|:\d|/|\.\d)",
    re.IGNORECASE,
)

_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\baged?|\bages|\bno\.?|#|\$|€|£|\brs\.?|\busd|\bpkr|\binr|\broute|\bhighway|\bsection|"
    r"\barticle|\bblock|\bward|\bsector|\bbattalion|\bbrigade|\bcorps|\bregiment|\bdivision|"
    r"\bunit|\bnumber|\bplot|\bhouse|\bflat|\bkm|\bkilometre|\bmile|\bphase|\broom|\bpage|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?\s*(?:and|to|-|–))?|\bno|\bnone\s+of|"  # "October 25 and 28"
    r"\bat|\bby|\bsince|\bin|\bon|\buntil|\btill|\bfrom"
    r"|\bages?\s+\d{1,3}\s*(?:,|and|to|-|–)|\d:)\s*$",  # "ages 7 and 10", a clip's "0:27"
    re.IGNORECASE,
)

# What _NOT_A_COUNT_BEFORE's match ends with, before the spaces up to the number: a sign
# (an alternative of its own), another mark, or a run of word characters that is one of
# these words (each an alternative of its own, after a word boundary: "in", "aged"),
# "of" ("none of"), a month's name or its start, or ends with "and"/"to" after a number
# ("October 25 and", "ages 7 to").
_BEFORE_SIGNS = frozenset("#$€£")
_BEFORE_MARKS = frozenset(".-–,:")
_BEFORE_WORDS = frozenset(
    (
        "age", "aged", "ages", "no", "rs", "usd", "pkr", "inr", "route", "highway", "section",
        "article", "block", "ward", "sector", "battalion", "brigade", "corps", "regiment",
        "division", "unit", "number", "plot", "house", "flat", "km", "kilometre", "mile",
        "phase", "room", "page", "at", "by", "since", "in", "on", "until", "till", "from",
    )
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def not_a_count_before(text: str, start: int) -> bool:
    """``_NOT_A_COUNT_BEFORE.search(text, max(0, start - 30), start)``, read from the last
    word or mark before ``start`` where that decides it, the pattern tried otherwise."""
    low = max(0, start - 30)
    head = text[low:start].rstrip()  # each alternative ends with no space: the \s* is cut
    if not head:
        return False
    last = head[-1]
    if last in _BEFORE_SIGNS:
        return True  # "$", "#": an alternative that ends there
    if last not in _BEFORE_MARKS and not folds_apart(head):
        tail = head.lower()  # (no letter folds apart: the same length, letters in place)
        word = tail[len(tail.rstrip(_WORD_CHARS)) :]  # the run of ASCII word characters
        if not word:
            return False  # a mark or a letter no alternative ends with
        at = len(head) - len(word)
        before = head[at - 1] if at else ""
        # a word boundary before it: the run is a whole word ("\b" in each alternative)
        whole = (low == 0) if not at else not (before.isalnum() or before == "_")
        if word in _BEFORE_WORDS:
            if whole:
                return True  # "in 2019", "aged 25": the word's alternative
        elif word.startswith(_MONTHS):
            if whole and word.isalpha():
                return True  # "March 2019", "Sept": the month's alternative
        elif word.endswith(("and", "to")):
            if not any(map(str.isdigit, head)):
                return False  # "and"/"to" end an alternative only after a number
        elif word != "of":
            return False  # a word no alternative ends with
    return _NOT_A_COUNT_BEFORE.search(text, low, start) is not None


_AUX = (
    r"(?:(?:were|was|are|is|have|has|had|been|being|be|got|get|gets|reportedly|allegedly|also|"
    r"all|later|subsequently|both|each|too|then|eventually|reported|confirmed|feared|believed|"
    r"said|thought|to|likely|critically|seriously|grievously|severely|badly|mortally|"
    r"initially|instantly|immediately|apparently|now|already|who|that|which|left|found|"
    r"[a-z]+ly|(?:police|officials|authorities|officers|investigators)\s+(?:say|said)|"
    r"[a-z]+ed\s+and|[a-z]+ed\s+and\s+then|"
    r"(?:shot|hit|struck|taken|rushed|hospitali[sz]ed)(?:\s+[\w-]+){0,4}?\s+and(?:\s+later)?)\s+)"
    r"{0,6}"  # "attacked and killed"
)

_OBJECT_AFTER = re.compile(
    rf"^\s+(?:at\s+least\s+|more\s+than\s+|about\s+|nearly\s+|some\s+)?"
    rf"(?:\d|(?:a|an|the|his|her|their|him|them|its|himself|herself|themselves|several|dozens"
    rf"|many|scores|hundreds|"
    rf"{'|'.join(_NUMBER_WORDS)})\b)",
    re.IGNORECASE,
)

_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.-]*\w|[A-Za-z0-9]|[^\s\w]")

_STOP_WORDS = frozenset(_GRAMMAR["stop_words"])

_PLURAL_ODD = frozenset(_GRAMMAR["plural_odd"])

_CAPTION = re.compile(r"^[A-Z][\w'’.-]*$")

_SPACES = re.compile(r"\s+")  # compiled once: read for every quantity and verb


@dataclass(frozen=True, slots=True)
class _Lexicon:
    vague: dict[str, int]
    qualifiers: dict[str, str]
    passive: dict[str, CasualtyKind]
    active: dict[str, CasualtyKind]
    sides: dict[str, str]
    nonpersons: frozenset[str]
    claims: tuple[re.Pattern[str], ...]
    official: tuple[str, ...]
    other_sources: tuple[str, ...]
    quantity: re.Pattern[str] = field(repr=False, default=re.compile(""))
    passive_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    active_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    left_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    total_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    coded_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    # Prefilters (see :func:`may_match`): a sentence with none of these words can hold no
    # figure with a kind of harm, and no running total.
    harm_hints: tuple[str, ...] = field(repr=False, default=())
    side_firsts: frozenset[str] = field(repr=False, default=frozenset())  # first words of sides
    # A verb that kills whoever it names next, with no number ("kill soldier", "assassinated
    # Jane Roe"): the strong active verbs of killing.
    kill_verb_re: re.Pattern[str] = field(repr=False, default=re.compile(""))
    # The passive verbs as passive_re reads them (a whole word, then no letter or hyphen),
    # spelt backwards, to search a reversed sentence for the last one (casualty_phrases),
    # and the length of the shortest.
    passive_verb_reversed: re.Pattern[str] = field(repr=False, default=re.compile(""))
    passive_verb_shortest: int = 0


# Words every kind of harm needs somewhere in its sentence besides the verbs: the kind words
# after "left"/"shot" ("left dead"), "and died", "pronounced dead", the nouns that imply a
# death ("bodies", "lives"), "of the dead/deceased/fatalities", "among the victims" (its
# rarer word) and "body was found".
_HARM_WORDS = (
    "dead", "killed", "death", "injured", "wounded", "hurt", "missing", "died", "pronounced",
    "deceased", "among", "body", "homicide", "himself", "herself",
)
# Stems that make the best hint for a phrase that holds one: rarer in text than the other
# words ("lost their lives": "lives", not "their"; "shot dead": "dead", not "shot"), and one
# stem stands for all its forms ("kill": killed, killing, kills).
_HINT_STEMS = (
    "dead", "death", "kill", "lives", "life", "hostage", "injur", "wound", "fatal", "abduct",
    "arrest", "apprehend", "assassinat", "behead", "captur", "detain", "eliminat", "execut",
    "kidnap", "lynch", "maim", "massacr", "neutrali",
)
# Letters that re.IGNORECASE matches to an ASCII letter although str.lower() does not give
# it (dotted and dotless i, long s, the Kelvin sign).
_CASE_ODD = frozenset("\u0130\u0131\u017f\u212a")


def _hints(phrases: object, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """One literal word of each phrase (any of its words must occur where it matches), then
    only the words that contain no other (\"kill\" finds \"killed\" too)."""
    words = set(extra)
    for phrase in phrases:  # type: ignore[attr-defined]
        tokens = str(phrase).lower().split()
        stem = next((s for t in tokens for s in _HINT_STEMS if s in t), None)
        words.add(stem or max(tokens, key=len))
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


def may_match(text: str, lower: str, hints: tuple[str, ...]) -> bool:
    """False only when no pattern of a case-insensitive lexicon can match ``text``: none of
    its hint words is in ``lower`` (``text.lower()``)."""
    if not text.isascii() and not _CASE_ODD.isdisjoint(text):
        return True  # such letters fold differently: let the patterns decide
    return bool(hints) and _hint_finder(hints).search(lower) is not None


# One scan for all the hints of a list (a prefix tree: about twice as fast as a substring
# test per hint), by the list's id; the list is kept so that its id stays its own.
_HINT_FINDERS: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {}


def _hint_finder(hints: tuple[str, ...]) -> re.Pattern[str]:
    known = _HINT_FINDERS.get(id(hints))
    if known is None or known[0] is not hints:
        known = _HINT_FINDERS[id(hints)] = (hints, re.compile(alternation(hints)))
    return known[1]


def _alternation(words: object) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _trie(words: object) -> str:
    """Literal phrases as a prefix tree, the same language as :func:`_alternation` (a space
    stands for any run of spaces): shared prefixes are tried once, so the scan is cheaper."""
    return alternation((str(w) for w in words), space=r"\s+")  # type: ignore[attr-defined]


def _quantity_pattern(
    qualifiers: dict[str, str], vague: dict[str, int], *, trie: bool = True
) -> str:
    """The quantity pattern. Word lists go in as prefix trees (``trie``) or as plain
    alternations: the same matches (each list is followed by a space or by a word end, so
    at most one of its words that match at a position can be part of a match; the test
    suite compares both), the trees scan in about half the time."""
    words = _trie if trie else _alternation
    word_num = (
        r"(?:{w})(?:(?:\s+and\s+|[\s-]+)(?:{w}))*".format(w=_trie(_NUMBER_WORDS))
        if trie
        else _WORD_NUM
    )
    num = rf"(?:{_DIGIT_NUM}|{word_num})"
    dets = _trie(_DETERMINERS) if trie else "|".join(_DETERMINERS)
    return (
        rf"(?<![\w.,/-])(?:(?P<qual>{words(qualifiers)})\s+)?"
        rf"(?:between\s+(?P<b1>{num})\s+and\s+(?P<b2>{num})"
        rf"|(?P<age>\d{{1,3}}-(?:year|month|week)s?-old)"
        rf"|(?P<num>{num})(?:\s*(?:-|–|to|or)\s*(?P<num2>{num}))?"
        rf"|(?P<vague>{words(vague)})"
        rf"|(?P<det>{dets}))(?![\w-])"
    )


def _verb_patterns(
    passive: dict[str, CasualtyKind], active: dict[str, CasualtyKind], *, trie: bool = True
) -> tuple[str, str, str]:
    """The passive, active and strong-killing verb patterns, their verb lists as prefix
    trees (``trie``) or as plain alternations: the same matches, the trees scan in a third
    to two thirds of the time (the test suite compares both)."""
    words = _trie if trie else _alternation
    passive_re = (
        r"""['"”’]?"""  # a closing quote: "a 'bomb maker' was killed"
        rf"(?:\s*\([^()]{{0,60}}\))?(?:\s*,(?:\s*(?!\d[\d,]*\s+[a-z])[^,;]{{1,90}}?,){{1,2}})?"
        rf"(?:\s+(?:of|from|belonging\s+to|in|at|near|inside|aboard)\s+"
        rf"(?:(?!who\b|that\b|which\b)[\w'’.-]+\s+){{1,6}}?)?"
        rf"(?:\s+(?:including|among\s+them)\s+[^,;.]{{1,60}}?)?"
        rf"\s*,?\s*{_AUX}"
        # a whole word: "two ladies" is not "two la... dies"
        rf"(?<![\w-])(?P<verb>{words(passive)})(?![\w-])"
    )
    active_re = (
        # not "tried to kill", but "led to the death of"
        rf"(?<![\w-])(?:(?<!\bto\s)|(?=the\s))(?P<verb>{words(active)})\s+"
        rf"(?:(?:a\s+total\s+of|an?\s+(?:group|family|band|team|crew|batch)\s+of|also|another"
        rf"|altogether|reportedly|all|of|his|her|their|its"
        rf"|and\s+(?:then\s+)?(?:burned|burnt|torched|mutilated"
        rf"|dumped|robbed|beheaded|set\s+ablaze))\s+)*$"
    )
    kill_re = rf"(?<![\w-])(?<!\bto\s)(?P<verb>{words(_strong_killing(active))})\s+"
    return passive_re, active_re, kill_re


@lru_cache(maxsize=1)
def load_lexicon() -> _Lexicon:
    data = _read_data()
    kinds = data["kinds"]
    passive = {w: k for k in _KINDS for w in kinds[f"{k}_passive"]}
    active = {w: k for k in _KINDS for w in kinds[f"{k}_active"]}
    sides = {w: side for side, words in data["sides"].items() for w in words}
    vague = {k: int(v) for k, v in data["vague"].items()}
    qualifiers = dict(data["qualifiers"])
    quantity = re.compile(_quantity_pattern(qualifiers, vague), re.IGNORECASE)
    passive_pattern, active_pattern, kill_pattern = _verb_patterns(passive, active)
    passive_re = re.compile(passive_pattern, re.IGNORECASE)
    # The prefix tree hides the verbs' required strings; the plain alternation shows them.
    from conflictcoder.stages.casualty_text import share_needs  # it imports this module

    plain = _verb_patterns(passive, active, trie=False)
    share_needs(passive_re, re.compile(plain[0], re.IGNORECASE))
    active_re = re.compile(active_pattern, re.IGNORECASE)
    share_needs(active_re, re.compile(plain[1], re.IGNORECASE))
    kill_verb_re = re.compile(kill_pattern, re.IGNORECASE)
    share_needs(kill_verb_re, re.compile(plain[2], re.IGNORECASE))
    left_re = re.compile(
        r"(?<![\w-])(?:left|leaving|leaves|leave|shot|shooting|stabbed|stabbing|hacked|hacking|beat"
        r"|beating|beaten|stoned|stoning|burnt|burned|burning|hanged|tortured|clubbed|bludgeoned"
        r"|crushed)\s+$",
        re.IGNORECASE,
    )
    toll_noun = (
        r"(?:death\s+toll|toll|body\s+count|casualty\s+(?:toll|figure|count)|fatality\s+count"
        r"|number\s+of\s+(?:the\s+)?(?:dead|deaths|fatalities|victims|casualties|injured|wounded"
        r"|(?:people|persons|those|civilians|soldiers|militants)\s+(?:killed|dead|injured|wounded)))"
    )
    total_re = re.compile(
        rf"(?P<noun>{toll_noun})(?:\s+[\w-]+){{0,5}}?\s+(?:has\s+|had\s+|have\s+)?(?:now\s+)?"
        rf"(?:rose|risen|rises|rising|climbed|climbs|climbing|jumped|reached|reaches|increased"
        rf"|mounted|went\s+up|gone\s+up|grew|stands|stood|is|was|hit|touched|crossed|soared)"
        rf"\s+(?:to\s+|at\s+)?(?P<q>QTY)"
        rf"|(?:bringing|taking|raising|pushing|putting|puts|put|brought|took|raised|pushed|sets?)"
        rf"\s+(?:the\s+)?(?:overall\s+|total\s+)?(?P<noun2>{toll_noun}|total|fatalities)"
        rf"(?:\s+[\w-]+){{0,4}}?\s+(?:to|at)\s+(?P<q2>QTY)",
        re.IGNORECASE,
    )
    coded_re = re.compile(
        r"(?:(?:fatalit(?:y|ies)|deaths?|killed)\s+(?:(?:were|was|are|is|have|has|been)\s+)*"
        r"coded\s+(?:as|at)\s+(?:(?:a|the)\s+)?(?:(?:low|lowest|conservative)\s+)?"
        r"(?:estimate\s+(?:of\s+)?)?"
        # "(coded at low estimate of 3)" after "fatalities are unclear"
        r"|\bcoded\s+(?:as|at)\s+(?:(?:a|the)\s+)?(?:low|lowest|conservative)\s+estimate\s+"
        r"(?:of\s+)?)(?P<q>QTY)",
        re.IGNORECASE,
    )
    return _Lexicon(
        vague=vague,
        qualifiers=qualifiers,
        passive=passive,
        active=active,
        sides=sides,
        nonpersons=frozenset(data["nonpersons"]["nouns"])
        | frozenset(data["nonpersons"]["animals"]),
        claims=tuple(re.compile(p, re.IGNORECASE) for p in data["claims"]["markers"]),
        official=tuple(data["sources"]["official"]),
        other_sources=tuple(data["sources"]["other"]),
        quantity=quantity,
        passive_re=passive_re,
        active_re=active_re,
        left_re=left_re,
        total_re=_with_quantity(total_re),
        coded_re=_with_quantity(coded_re),
        harm_hints=_hints((*passive, *active), _HARM_WORDS),
        side_firsts=frozenset(phrase.split(" ")[0] for phrase in sides),
        kill_verb_re=kill_verb_re,
        passive_verb_reversed=re.compile(
            r"(?<![\w-])" + alternation((w[::-1] for w in passive), space=r"\s+"), re.IGNORECASE
        ),
        passive_verb_shortest=min(len(w) for w in passive),
    )


def _strong_killing(active: dict[str, CasualtyKind]) -> list[str]:
    """Active verbs of killing that name their victim right after them ("executed", not
    "the killing of" or "destroyed")."""
    weak = set(_GRAMMAR["weak_active"])
    return [
        verb
        for verb, kind in active.items()
        if kind == "killed" and verb not in weak and not verb.endswith(" of")
    ]


def _with_quantity(pattern: re.Pattern[str]) -> re.Pattern[str]:
    qty = rf"(?:(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+)?{_NUM}"
    return re.compile(pattern.pattern.replace("QTY", qty), pattern.flags)


@lru_cache(maxsize=4096)  # a pure function of the words: reports repeat their numbers
def _number(text: str) -> int | None:
    """The value of a number written in digits or words; None when unreadable."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned.isdigit():
        # No toll runs to 16 digits; int() of a huge digit run is slow and can raise.
        return int(cleaned) if len(cleaned) <= 15 else None
    try:
        return int(text2num(cleaned.replace(" and ", " "), "en"))
    except ValueError:
        return None


def _quantity(match: re.Match[str], lex: _Lexicon) -> tuple[int, int, int, bool] | None:
    """low, best, high and whether the figure is vague; None when not a count."""
    qual = (match.group("qual") or "").lower()
    qual_kind = lex.qualifiers.get(_SPACES.sub(" ", qual), "") if qual else ""
    if match.group("det") or match.group("age"):
        low = best = high = 1
        vague = False
    elif match.group("vague"):
        best = lex.vague[_SPACES.sub(" ", match.group("vague").lower())]
        low, high, vague = 1, best, True
    else:
        first = match.group("b1") or match.group("num")
        second = match.group("b2") or match.group("num2")
        value = _number(first)
        if value is None:
            return None
        low = best = high = value
        if second:
            other = _number(second)
            if other is not None and other > value:
                high = other  # "10 to 15": the lower end is the conservative best
        vague = False
    if qual_kind == "ceiling":
        low = 1 if best > 0 else 0
    return low, best, high, vague
