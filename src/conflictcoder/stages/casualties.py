"""Find every casualty figure in an article: who was killed, injured, abducted or
arrested, how many (low/best/high), on which side, and who says so.

A figure is a quantity ("seven", "at least 22", "dozens of", "a") followed by the
people it counts ("security officials", "civilians"), tied to a verb of harm
after it ("were killed") or before it ("killing"), or a running total ("the death
toll rose to 58"). Numbers that count anything else (a town of 50,000 people,
5 km, 9 pm, a 12-year-old, six offices) stay out because their noun is not a
person, or no verb of harm governs them. The lexicon is in
``resources/data/casualties.toml``; the conservative count is in :mod:`tolls`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from text_to_num import text2num

from conflictcoder.model import Article, CasualtyFigure, CasualtyKind, Sentence, Span
from conflictcoder.stages.tolls import (
    CODER_SOURCE,
    PART_FLAG,
    Toll,
    count_casualties,
    split_toll,
)

__all__ = ["Toll", "count_casualties", "find_casualty_figures", "split_toll"]


def _read_data() -> dict[str, Any]:
    path = resources.files("conflictcoder.resources").joinpath("data", "casualties.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


_GRAMMAR: dict[str, list[str]] = _read_data()["grammar"]  # closed word classes, read once
ABSURD = 100_000  # more dead than this in one report is a misread number (a year, a sum)
_KINDS: tuple[CasualtyKind, ...] = ("killed", "injured", "abducted", "arrested")
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
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b|(?:st|nd|rd|th)\b|%|:\d|/|\.\d)",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\baged?|\bages|\bno\.?|#|\$|€|£|\brs\.?|\busd|\bpkr|\binr|\broute|\bhighway|\bsection|"
    r"\barticle|\bblock|\bward|\bsector|\bbattalion|\bbrigade|\bcorps|\bregiment|\bdivision|"
    r"\bunit|\bnumber|\bplot|\bhouse|\bflat|\bkm|\bkilometre|\bmile|\bphase|\broom|\bpage|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\bno|\bnone\s+of|"
    r"\bat|\bby|\bsince|\bin|\bon|\buntil|\btill|\bfrom)\s*$",
    re.IGNORECASE,
)
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
    rf"(?:\d|(?:a|an|the|his|her|their|him|them|its|several|dozens|many|scores|hundreds|"
    rf"{'|'.join(_NUMBER_WORDS)})\b)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.-]*\w|[A-Za-z0-9]|[^\s\w]")
_STOP_WORDS = frozenset(_GRAMMAR["stop_words"])
_PLURAL_ODD = frozenset(_GRAMMAR["plural_odd"])
_CAPTION = re.compile(r"^[A-Z][\w'’.-]*$")


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


def _alternation(words: object) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@lru_cache(maxsize=1)
def load_lexicon() -> _Lexicon:
    data = _read_data()
    kinds = data["kinds"]
    passive = {w: k for k in _KINDS for w in kinds[f"{k}_passive"]}
    active = {w: k for k in _KINDS for w in kinds[f"{k}_active"]}
    sides = {w: side for side, words in data["sides"].items() for w in words}
    vague = {k: int(v) for k, v in data["vague"].items()}
    qualifiers = dict(data["qualifiers"])
    quantity = re.compile(
        rf"(?<![\w.,/-])(?:(?P<qual>{_alternation(qualifiers)})\s+)?"
        rf"(?:between\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})"
        rf"|(?P<age>\d{{1,3}}-(?:year|month|week)s?-old)"
        rf"|(?P<num>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<num2>{_NUM}))?"
        rf"|(?P<vague>{_alternation(vague)})"
        rf"|(?P<det>{'|'.join(_DETERMINERS)}))(?![\w-])",
        re.IGNORECASE,
    )
    passive_re = re.compile(
        rf"(?:\s*\([^()]{{0,60}}\))?(?:\s*,\s*(?!\d[\d,]*\s+[a-z])[^,;]{{1,90}}?,)?"
        rf"(?:\s+(?:of|from|belonging\s+to|in|at|near|inside|aboard)\s+"
        rf"(?:(?!who\b|that\b|which\b)[\w'’.-]+\s+){{1,4}}?)?"
        rf"(?:\s+(?:including|among\s+them)\s+[^,;.]{{1,60}}?)?"
        rf"\s*{_AUX}"
        rf"(?P<verb>{_alternation(passive)})(?![\w-])",
        re.IGNORECASE,
    )
    active_re = re.compile(
        rf"(?<![\w-])(?P<verb>{_alternation(active)})\s+"
        rf"(?:(?:a\s+total\s+of|also|another|altogether|reportedly|all|of)\s+)*$",
        re.IGNORECASE,
    )
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
        r"(?:fatalit(?:y|ies)|deaths?|killed)\s+(?:(?:were|was|are|is|have|has|been)\s+)*"
        r"coded\s+(?:as|at)\s+(?:(?:a|the)\s+)?(?:(?:low|lowest|conservative)\s+)?"
        r"(?:estimate\s+(?:of\s+)?)?(?P<q>QTY)",
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
    )


def _with_quantity(pattern: re.Pattern[str]) -> re.Pattern[str]:
    qty = rf"(?:(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+)?{_NUM}"
    return re.compile(pattern.pattern.replace("QTY", qty), pattern.flags)


def _number(text: str) -> int | None:
    """The value of a number written in digits or words; None when unreadable."""
    cleaned = text.strip().lower().replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    try:
        return int(text2num(cleaned.replace(" and ", " "), "en"))
    except ValueError:
        return None


@dataclass(slots=True)
class _NounPhrase:
    end: int
    head: str = ""  # the person noun, lower case ("" when the number stands alone)
    side: str = "unknown"
    actor: str = ""
    rejected: bool = False
    open_head: bool = False  # a noun not in the lexicon: counts only with a clear verb


_GENERIC_HEADS = frozenset(_GRAMMAR["generic_heads"])
_FAMILY_WORDS = frozenset(_GRAMMAR["family_words"])
_SECURITY_WORDS = frozenset(_GRAMMAR["security_words"])
_GROUP_WORDS = frozenset(_GRAMMAR["group_words"])
_DETERMINER_WORDS = frozenset(_GRAMMAR["determiner_words"])


def _of_phrase(text: str, pos: int) -> tuple[str, str, int] | None:
    """'members of the security forces' / 'of the Taliban': the side an 'of' phrase names."""
    match = re.match(r"\s+(?:of|from)\s+(?:the\s+|a\s+|an\s+|his\s+|their\s+)?", text[pos:])
    if not match:
        return None
    words: list[str] = []
    end = pos + match.end()
    for token in _TOKEN.finditer(text, end, end + 70):
        word = token.group(0)
        lower = word.lower()
        if (
            _CAPTION.match(word)
            or lower in _SECURITY_WORDS
            or lower in _GROUP_WORDS
            or (lower in _FAMILY_WORDS)
        ):
            words.append(lower)
            end = token.end()
            continue
        if word in "()" or (
            len(words) < 2
            and lower not in _STOP_WORDS
            and word[0].isalpha()
            and not word.endswith(("ed", "ing"))
        ):
            words.append(lower)
            continue
        break
    if not words:
        return None
    phrase = " ".join(words)
    if any(w in phrase for w in _FAMILY_WORDS):
        return "civilians", "", end
    if any(w in words for w in _SECURITY_WORDS):
        return "security", "", end
    capitals = [w for w in text[pos:end].split() if _CAPTION.match(w)]
    if capitals or any(w in words for w in _GROUP_WORDS):
        return "militants", " ".join(capitals).strip("()"), end
    return None


def _tokens(text: str, pos: int) -> list[tuple[str, int, int]]:
    """Word tokens from ``pos``, skipping a bracketed acronym ("Forces (KDF) soldiers")."""
    out = []
    skip_until = -1
    for m in _TOKEN.finditer(text, pos, min(len(text), pos + 100)):
        if m.start() < skip_until:
            continue
        if m.group(0) == "(":
            close = re.match(r"\(\s*[A-Z][\w.&-]{0,15}\s*\)", text[m.start() :])
            if close:
                skip_until = m.start() + close.end()
                continue
        out.append((m.group(0), m.start(), m.end()))
    return out


def _is_modifier(word: str, lex: _Lexicon) -> bool:
    """A word that may stand inside a noun phrase before its head."""
    lower = word.lower()
    return (
        bool(word[0].isalnum())
        and lower not in _STOP_WORDS
        and (lower not in _DETERMINER_WORDS)
        and lower not in lex.passive
        and lower not in lex.active
    )


_AGE = re.compile(r"\d{1,3}-(?:year|month|week)s?-old|year-old|\d{1,3}-yr-old", re.IGNORECASE)
_AGE_WORDS = re.compile(r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:year|month)s?\s+old", re.IGNORECASE)


def _lexicon_head(tokens: list[tuple[str, int, int]], i: int, lex: _Lexicon) -> int:
    """How many tokens from ``i`` form a person noun of the lexicon (0 when none); an age
    ("the 15-year-old", "a two year old") stands for a person too."""
    if _AGE.fullmatch(tokens[i][0]):
        return 1
    if i + 3 <= len(tokens) and _AGE_WORDS.fullmatch(" ".join(t[0] for t in tokens[i : i + 3])):
        return 3
    for size in (3, 2, 1):
        if i + size <= len(tokens):
            phrase = " ".join(t[0].lower() for t in tokens[i : i + size])
            if phrase in lex.sides:
                return size
    return 0


def _noun_phrase(text: str, pos: int, singular: bool, lex: _Lexicon) -> _NounPhrase:
    """Read the people a quantity counts, from ``pos`` on: modifiers and a head noun.

    The head is the last person noun of the phrase ("police members", "local leader");
    a generic head ("members", "men") takes its side from the noun before it or from
    an 'of' phrase after it. A phrase whose nouns are all unknown is kept as an open
    head: it counts only with a clear verb of harm ("a rider was killed")."""
    tokens = _tokens(text, pos)
    modifiers: list[str] = []
    heads: list[tuple[str, int]] = []  # (phrase, end)
    i = 0
    if tokens and tokens[0][0].lower() == "of":
        if len(tokens) > 1 and tokens[1][0].lower() in ("them", "whom", "those", "these", "us"):
            return _NounPhrase(tokens[1][2], head="them")
        i = 1
        if i < len(tokens) and tokens[i][0].lower() in ("the", "those", "these", "a", "an"):
            i += 1
    while i < len(tokens) and len(modifiers) + len(heads) < 6:
        word, _start, end = tokens[i]
        lower = word.lower().strip(".")
        if heads and lower in lex.passive:
            break  # "officers dead": the verb, not a second noun
        size = _lexicon_head(tokens, i, lex)
        if size:
            phrase = " ".join(t[0].lower() for t in tokens[i : i + size])
            if phrase not in lex.sides:
                phrase = "year-old"  # an age standing for a person
            heads.append((phrase, tokens[i + size - 1][2]))
            i += size
            continue
        if lower in lex.nonpersons:
            if i + 1 < len(tokens) and _is_modifier(tokens[i + 1][0], lex):
                modifiers.append(word)  # "cattle rustlers", "bus passengers", "12 year old"
                i += 1
                continue
            return _NounPhrase(end, rejected=True)
        if (
            heads
            and _is_modifier(word, lex)
            and any(_lexicon_head(tokens, j, lex) for j in range(i + 1, min(i + 3, len(tokens))))
            and all(_is_modifier(t[0], lex) for t in tokens[i : i + 2])
        ):
            heads.pop()  # "Christian church leader": the first noun was a modifier
            continue
        if (
            lower in _STOP_WORDS
            or lower in _DETERMINER_WORDS
            or lower in lex.passive
            or lower in lex.active
            or not word[0].isalnum()
            or heads
        ):
            break
        if re.fullmatch(r"[\d,]+", word):  # "one of the 12 soldiers": the head decides
            modifiers.append(word)
            i += 1
            continue
        modifiers.append(word)
        i += 1
    if heads:
        phrase, head_end = heads[-1]
        side = lex.sides.get(phrase, "unknown")
        last = phrase.split()[-1]
        if last in _GENERIC_HEADS and len(heads) > 1:
            side = lex.sides.get(heads[-2][0], "unknown")
        actor = " ".join(m for m in modifiers if _CAPTION.match(m))
        if singular and _is_plural(phrase):
            return _NounPhrase(head_end, rejected=True)
        if last in _GENERIC_HEADS or last in ("cadres", "cadre", "fighters", "militants"):
            named = _of_phrase(text, head_end)
            if named and (last in _GENERIC_HEADS or named[0] == "militants"):
                return _NounPhrase(named[2], phrase, named[0], named[1] or actor)
        return _NounPhrase(head_end, phrase, side, actor)
    if modifiers and all(_CAPTION.match(m) for m in modifiers) and len(modifiers) <= 2:
        # "killing 15 Taliban": a proper name stands for the people
        return _NounPhrase(tokens[i - 1][2], head="", actor=" ".join(modifiers))
    if modifiers:
        words = [m.lower() for m in modifiers]
        if singular and words[-1].endswith("s") and not words[-1].endswith("ss"):
            return _NounPhrase(pos, rejected=True)
        return _NounPhrase(tokens[i - 1][2], head=words[-1], open_head=True)
    if singular:
        return _NounPhrase(pos, rejected=True)
    return _NounPhrase(pos)


def _is_plural(phrase: str) -> bool:
    last = phrase.split()[-1]
    return last.endswith("s") or last in _PLURAL_ODD or last.endswith("men")


@dataclass(slots=True)
class _Candidate:
    start: int  # sentence-relative
    end: int
    low: int
    best: int
    high: int
    np: _NounPhrase
    vague: bool
    kind: CasualtyKind | None = None
    how: str = ""  # passive, active, chain, part, noun
    part: bool = False
    kind_start: int = -1
    kind_end: int = -1
    parent: int = -1  # for a part: the figure it is part of


_IMPLIED_KILLED = frozenset(_GRAMMAR["implied_killed"])


def _quantity(match: re.Match[str], lex: _Lexicon) -> tuple[int, int, int, bool] | None:
    """low, best, high and whether the figure is vague; None when not a count."""
    qual = (match.group("qual") or "").lower()
    qual_kind = lex.qualifiers.get(re.sub(r"\s+", " ", qual), "")
    if match.group("det") or match.group("age"):
        low = best = high = 1
        vague = False
    elif match.group("vague"):
        best = lex.vague[re.sub(r"\s+", " ", match.group("vague").lower())]
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


def _candidates(text: str, lex: _Lexicon) -> list[_Candidate]:
    """Every quantity in one sentence that counts people, with the kind of harm if any."""
    found: list[_Candidate] = []
    consumed = 0
    headline = _bare_singular(text, lex)
    if headline is not None:
        found.append(headline)
        consumed = headline.np.end
    for match in lex.quantity.finditer(text):
        if match.start() < consumed:
            continue
        if match.group("num") and not match.group("qual"):
            if (
                _NOT_A_COUNT_BEFORE.search(text, 0, match.start())
                or text[max(0, match.start() - 1) : match.start()] == "("
            ):
                continue
        if match.group("num") or match.group("b1"):
            if _NOT_A_COUNT_AFTER.match(text, match.end()):
                continue
        det = (match.group("det") or "").lower()
        if det in ("one",):
            det = ""  # "one" is a number; it counts a singular noun or stands alone
        quantity = _quantity(match, lex)
        if quantity is None:
            continue
        low, best, high, vague = quantity
        if det and text[max(0, match.start() - 3) : match.start()].lower().endswith("no "):
            continue
        singular = bool(det)
        if match.group("age"):  # "killed 24-year-old Alex Smith": one person
            det, singular = "age", True
        np = _noun_phrase(text, match.start() if det == "age" else match.end(), singular, lex)
        if np.rejected and det in _PRONOUNS:  # "injuring another", "killing him", "he died"
            np = _NounPhrase(match.end(), open_head=det != "another")
        elif (
            det in ("he", "she", "him")
            or np.rejected
            or (det in ("the", "his", "her", "their", "its") and not np.head)
        ):
            continue
        elif np.open_head and det in ("the", "their", "its", "this", "that"):
            continue  # "the floods", "the attack": only known nouns after "the"
        number = match.group("num") or ""
        if not np.head and not np.actor and re.fullmatch(r"(?:19|20)\d\d", number):
            continue  # a year
        candidate = _Candidate(match.start(), np.end, low, best, high, np, vague)
        _assign_kind(candidate, text, lex)
        found.append(candidate)
        consumed = np.end
    found.extend(_named_people(text, found, lex))
    found.sort(key=lambda c: c.start)
    _inherit(found, text)
    for c in found:  # a part is on its whole's side when that is known ("one of the leaders")
        if (
            c.part
            and c.parent >= 0
            and found[c.parent].np.head
            and not found[c.parent].np.open_head
        ):
            parent_side = _side(found[c.parent].np)
            if parent_side != "unknown":
                c.np.side, c.np.head = parent_side, c.np.head or "them"
    return [c for c in found if c.kind is not None]


def _side(np: _NounPhrase) -> str:
    if np.head in ("", "them") or np.open_head:
        return "militants" if np.actor and not np.head else "unknown"
    return np.side


_BE = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get|gets)\b", re.IGNORECASE)
_INTRANSITIVE = frozenset(_GRAMMAR["intransitive"])


_NAME = re.compile(
    r"(?<![\w.’'-])[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'.-]+){0,2}(?![\w-])"
)
_NOT_A_NAME = frozenset(
    [
        "on",
        "in",
        "at",
        "police",
        "officials",
        "authorities",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "reuters",
        "afp",
    ]
)


def _named_people(text: str, found: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """A named person with a clear verb of harm: "Eric Brown was killed", "Ryan Welch, 4, died".
    One word counts only with an age beside it ("Kaleb, 2, died")."""
    out = []
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        first = words[0].lower()
        if first in _NOT_A_NAME or first in _STOP_WORDS or first in _DETERMINER_WORDS:
            continue
        if any(w.lower() in lex.sides or w.lower() in lex.passive for w in words):
            continue
        if any(c.start <= match.start() < c.np.end for c in found):
            continue
        age = re.match(r",\s*\d{1,3},", text[match.end() :])
        plain = re.match(
            r"\s+(?:was|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:killed|shot\s+dead"
            r"|shot\s+to\s+death|murdered|pronounced\s+dead)\b|\s+died\b",
            text[match.end() :],
        )
        if len(words) == 1 and not age and not plain:
            continue
        np = _NounPhrase(match.end(), head=first, open_head=True)
        candidate = _Candidate(match.start(), match.end(), 1, 1, 1, np, False)
        _assign_kind(candidate, text, lex)
        if candidate.how == "passive":
            out.append(candidate)
    return out


def _bare_singular(text: str, lex: _Lexicon) -> _Candidate | None:
    """Headline style, no article: "Teenage boy killed by raiders" counts one person."""
    if not text[:1].isupper() or lex.quantity.match(text):
        return None
    np = _noun_phrase(text, 0, True, lex)
    if np.rejected or np.open_head or not np.head or np.head in _IMPLIED_KILLED:
        return None
    candidate = _Candidate(0, np.end, 1, 1, 1, np, False)
    _assign_kind(candidate, text, lex)
    return candidate if candidate.how == "passive" else None


def _assign_kind(c: _Candidate, text: str, lex: _Lexicon) -> None:
    before = text[max(0, c.start - 60) : c.start]
    left = lex.left_re.search(before)
    if left:
        kind_word = re.match(
            r"\s*(dead|killed|to\s+death|injured|wounded|hurt|missing)\b", text[c.np.end :]
        )
        if kind_word:
            word = kind_word.group(1).lower()
            c.kind = (
                "killed"
                if word in ("dead", "killed") or word.startswith("to")
                else ("abducted" if word == "missing" else "injured")
            )
            c.how = "active"
            c.kind_start = c.start - len(before) + left.start()
            c.kind_end = c.np.end + kind_word.end()
            return
    after = lex.passive_re.match(text, c.np.end)
    if after:
        verb = re.sub(r"\s+", " ", after.group("verb").lower())
        be = _BE.search(text, c.np.end, after.start("verb"))
        transitive = (
            not be and verb not in _INTRANSITIVE and _OBJECT_AFTER.match(text[after.end() :])
        )
        kind = lex.passive[verb]
        clear = be or verb in _INTRANSITIVE
        if not transitive and (not c.np.open_head or (kind in ("killed", "injured") and clear)):
            c.kind = kind
            c.how, c.kind_start, c.kind_end = "passive", after.start("verb"), after.end("verb")
            return
    active = lex.active_re.search(before)
    if active:
        strong = _strong_bare(active.group("verb"))
        if (c.np.head and not c.np.open_head) or c.np.actor or strong:
            if c.np.open_head and not c.np.head and not strong:
                return
            c.kind = lex.active[re.sub(r"\s+", " ", active.group("verb").lower())]
            c.how, c.kind_start = "active", c.start - len(before) + active.start()
            c.kind_end = c.start
            return
    if c.np.head in _IMPLIED_KILLED and not c.np.open_head:
        c.kind, c.how = "killed", "noun"


_WEAK_ACTIVE = frozenset(_GRAMMAR["weak_active"])


def _strong_bare(verb: str) -> bool:
    """A verb clear enough to count people named by an unknown noun ("killed a rider")."""
    return re.sub(r"\s+", " ", verb.lower()) not in _WEAK_ACTIVE


def _inherit(found: list[_Candidate], text: str) -> None:
    """Coordinated figures share a verb; figures after 'including' are parts of another."""
    for i, c in enumerate(found):
        prefix = _PART_PREFIX.search(text, max(0, c.start - 40), c.start)
        if not prefix:
            continue
        c.part = True
        parent = found[i - 1] if i > 0 else None
        if (
            parent is not None
            and parent.kind is None
            and c.kind is not None
            and re.fullmatch(r"[\w\s]{0,25},?\s*", text[parent.np.end : prefix.start()])
        ):
            parent.kind, parent.how = (
                c.kind,
                "chain",
            )  # "three people, including a child, were hurt"
        if parent is not None:
            c.parent = i - 1
        if (c.kind is None or c.how == "noun") and parent is not None:
            source = (
                parent if parent.kind else next((p for p in reversed(found[:i]) if p.kind), None)
            )
            if source is not None:
                c.kind, c.how = source.kind, "part"
        elif c.kind is None:
            # "Among the dead were seven officers": the prefix says what happened to them
            words = prefix.group(0).lower()
            if re.search(r"dead|killed|victims", words):
                c.kind, c.how = "killed", "part"
            elif re.search(r"injured|wounded", words):
                c.kind, c.how = "injured", "part"
    for i in range(1, len(found)):  # "killing 5 soldiers and 2 civilians"
        c, prev = found[i], found[i - 1]
        if c.np.open_head or prev.np.open_head:
            continue  # an unknown noun or a pronoun needs its own verb
        if (
            c.kind is None
            and prev.kind
            and prev.how in ("active", "chain", "part")
            and (
                _SEPARATOR.match(text[prev.np.end : c.start])
                or not text[prev.np.end : c.start].strip()
            )
        ):
            c.kind, c.how, c.part, c.parent = prev.kind, "chain", prev.part, prev.parent
    for i in range(len(found) - 2, -1, -1):  # "five soldiers and two civilians were killed"
        c, nxt = found[i], found[i + 1]
        if c.kind is not None or not nxt.kind or nxt.how not in ("passive", "chain"):
            continue
        if c.np.open_head or nxt.np.open_head:
            continue
        between = text[c.np.end : nxt.start]
        if _SEPARATOR.match(between) or (nxt.part and _PART_PREFIX.match(between.strip())):
            c.kind, c.how = nxt.kind, "chain"  # "12 people including four children died"


_CLAUSE_BREAK = re.compile(
    r";|\b(?:while|whereas|however|meanwhile|although|though)\b", re.IGNORECASE
)


def _claim_markers(sentence: str, lex: _Lexicon) -> list[int]:
    """Where a party's claim is marked in the sentence ("claimed", "gave no evidence")."""
    positions = []
    for pattern in lex.claims:
        for match in pattern.finditer(sentence):
            if "claim" in match.group(0).lower() and re.search(
                r"^\W*(?:[\w,]+\s+){0,2}lives\b", sentence[match.end() : match.end() + 30]
            ):
                continue  # "claimed 12 lives" reports deaths, it is no claim
            positions.append(match.start())
    return positions


def _is_claimed(markers: list[int], start: int, sentence: str) -> bool:
    """A figure is claimed when a claim marker sits in its clause of the sentence."""
    for marker in markers:
        a, b = sorted((marker, start))
        if not _CLAUSE_BREAK.search(sentence, a, b):
            return True
    return False


def _source(sentence: str, lex: _Lexicon) -> str:
    lower = sentence.lower()
    attribution = re.search(r"according\s+to\s+(?:the\s+|a\s+)?([^,.;]{1,60})", lower)
    spans = [attribution.group(1)] if attribution else []
    spans += [
        m.group(1)
        for m in re.finditer(
            r"([\w\s'-]{1,40}?)\s+(?:said|says|told|confirmed|reported|stated|added)\b", lower
        )
    ]
    for chunk in spans:
        for name in (*lex.official, *lex.other_sources):
            if re.search(rf"\b{re.escape(name)}\b", chunk):
                return name
    return ""


def _totals(sentence: Sentence, lex: _Lexicon) -> list[tuple[int, int, CasualtyKind, str, int]]:
    """Running totals and coders' counts: (start, end, kind, source, value)."""
    out = []
    for match in lex.total_re.finditer(sentence.text):
        q = "q" if match.group("q") else "q2"
        noun = (match.group("noun") or match.group("noun2") or "").lower()
        value = _number(
            re.sub(
                r"^(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+",
                "",
                match.group(q),
                flags=re.IGNORECASE,
            )
        )
        if value is None:
            continue
        kind: CasualtyKind = "injured" if re.search(r"injur|wound", noun) else "killed"
        out.append((match.start(), match.end(), kind, "", value))
    for match in lex.coded_re.finditer(sentence.text):
        value = _number(
            re.sub(
                r"^(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+",
                "",
                match.group("q"),
                flags=re.IGNORECASE,
            )
        )
        if value is not None:
            out.append((match.start(), match.end(), "killed", CODER_SOURCE, value))
    return out


def find_casualty_figures(
    article: Article, sentences: tuple[Sentence, ...]
) -> tuple[CasualtyFigure, ...]:
    """Every casualty figure in the article, in text order."""
    lex = load_lexicon()
    figures: list[CasualtyFigure] = []
    for sentence in sentences:
        text = sentence.text
        source = _source(text, lex)
        markers = _claim_markers(text, lex)
        plain = "official" if source in lex.official else "reported"
        totals = _totals(sentence, lex)
        for start, end, kind, total_source, value in totals:
            figures.append(
                _figure(
                    article,
                    sentence,
                    start,
                    end,
                    kind,
                    value,
                    value,
                    value,
                    "unknown",
                    "claimed" if not total_source and _is_claimed(markers, start, text) else plain,
                    total_source or source,
                    "",
                    is_total=True,
                )
            )
        found: list[CasualtyFigure] = []
        for c in _candidates(text, lex):
            if c.kind is None or any(s <= c.start < e for s, e, *_ in totals):
                continue
            start = min(c.start, c.kind_start) if c.kind_start >= 0 else c.start
            end = max(c.np.end, c.kind_end, c.start + 1)
            side = _side(c.np)
            flag = PART_FLAG if c.part else ""
            if c.best > ABSURD:
                flag = "absurd"
            if not flag and _is_background(text, start, end):
                flag = BACKGROUND_FLAG
            status = "claimed" if _is_claimed(markers, c.start, text) else plain
            found.append(
                _figure(
                    article,
                    sentence,
                    start,
                    end,
                    c.kind,
                    c.low,
                    c.best,
                    c.high,
                    side,
                    status,
                    source,
                    c.np.actor,
                    flag=flag,
                )
            )
        figures.extend(_merge_coordinated(article, found))
    return tuple(sorted(figures, key=lambda f: (f.span.start, f.span.end)))


_COORDINATION = re.compile(
    r"\s*(?:,\s*)?(?:and|as\s+well\s+as|along\s+with|plus|&|,)\s*", re.IGNORECASE
)


def _merge_coordinated(article: Article, found: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """Coordinated figures for the same side and harm are different people ("a man and his
    son were killed"): one figure with their sum."""
    out: list[CasualtyFigure] = []
    for figure in found:
        twin = out[-1] if out else None
        if (
            twin is None
            or twin.flag
            or (twin.kind, twin.side, twin.status, twin.flag)
            != (figure.kind, figure.side, figure.status, figure.flag)
            or not _COORDINATION.fullmatch(article.text[twin.span.end : figure.span.start])
        ):
            out.append(figure)
            continue
        start, end = min(twin.span.start, figure.span.start), max(twin.span.end, figure.span.end)
        merged = replace(
            twin,
            low=twin.low + figure.low,
            best=twin.best + figure.best,
            high=twin.high + figure.high,
            span=Span(article.id, start, end),
            text=article.text[start:end],
        )
        out[out.index(twin)] = merged
    return out


BACKGROUND_FLAG = "background"  # a death recalled as the cause of a protest, not this event
_PROTEST_CONTEXT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ied|ies)|procession|march(?:ed|es)?|sit-in|vigil"
    r"|demand\w*|justice|condemn\w*|mourn\w*|funeral|memorial|anniversary|commemorat\w*"
    r"|hartal|blockade|agitat\w*|accident|crash|electrocut\w*|drown\w*)\b",
    re.IGNORECASE,
)
_RECALLED = re.compile(
    r"\b(?:(?:alleged|recent|brutal|custodial|extrajudicial|mysterious)\s+)?"
    r"(?:death|deaths|killing|killings|murder|murders|assassination|lynching|abduction"
    r"|kidnapping|disappearance|arrest|arrests|detention)\s+of\b"
    r"|\b(?:who|that|which)\s+(?:(?:was|were|had|has|have|been|allegedly|reportedly)\s+)*"
    r"(?:killed|died|murdered|shot|lynched|abducted|kidnapped|arrested|detained)\b",
    re.IGNORECASE,
)


def _is_background(text: str, start: int, end: int) -> bool:
    """A death told as the reason for a protest ("demanding justice for two students who were
    killed") belongs to an earlier event, not to the protest this sentence reports."""
    if not _PROTEST_CONTEXT.search(text):
        return False
    return bool(_RECALLED.search(text, max(0, start - 30), min(len(text), end + 5)))


def _figure(
    article: Article,
    sentence: Sentence,
    start: int,
    end: int,
    kind: CasualtyKind,
    low: int,
    best: int,
    high: int,
    side: str,
    status: str,
    source: str,
    actor: str,
    *,
    is_total: bool = False,
    flag: str = "",
) -> CasualtyFigure:
    a, b = sentence.start + start, sentence.start + end
    return CasualtyFigure(
        kind=kind,
        low=low,
        best=best,
        high=high,
        side=side,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        span=Span(article.id, a, b),
        text=article.text[a:b],
        source=source,
        actor=actor,
        is_total=is_total,
        flag=flag,
    )
