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
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from conflictcoder.model import Article, CasualtyFigure, CasualtyKind, Sentence, Span
from conflictcoder.stages.casualty_lexicon import (
    _NOT_A_COUNT_AFTER,
    _NOT_A_COUNT_BEFORE,
    _PART_PREFIX,
    _PRONOUNS,
    _SEPARATOR,
    ABSURD,
    _Lexicon,
    _number,
    _quantity,
    load_lexicon,
    may_match,
)
from conflictcoder.stages.casualty_phrases import (
    _assign_kind,
    _bare_singular,
    _Candidate,
    _found_bodies,
    _named_people,
    _noun_phrase,
    _NounPhrase,
    _side,
)
from conflictcoder.stages.tolls import (
    CODER_SOURCE,
    PART_FLAG,
    Toll,
    count_casualties,
    split_toll,
)

__all__ = ["Toll", "count_casualties", "find_casualty_figures", "split_toll"]


_OF_THE_DEAD = re.compile(
    r"\s+of\s+(?:the|those)\s+(?:\d+\s+|[a-z]+\s+)?(?:dead|killed|deceased|fatalities)\b",
    re.IGNORECASE,
)


def _not_a_count(match: re.Match[str], text: str) -> bool:
    """A number that is a date, a time, an age, a distance, a sum or a unit's number."""
    if not (match.group("num") or match.group("b1")):
        return False
    if _NOT_A_COUNT_AFTER.match(text, match.end()):
        return True
    if match.group("qual"):
        return False
    before = text[max(0, match.start() - 2) : match.start()]
    if before.endswith("(") or (before.rstrip().endswith(",") and text[match.end() :][:1] == ","):
        return True  # "Ahmed (25)", "John Smith, 32, of Chester"
    return bool(_NOT_A_COUNT_BEFORE.search(text, max(0, match.start() - 30), match.start()))


def _candidates(text: str, lex: _Lexicon, lower: str | None = None) -> list[_Candidate]:
    """Every quantity in one sentence that counts people, with the kind of harm if any."""
    if not may_match(text, text.lower() if lower is None else lower, lex.harm_hints):
        return []  # no word of harm: no figure can get a kind (most sentences)
    found: list[_Candidate] = []
    consumed = 0
    headline = _bare_singular(text, lex)
    if headline is not None:
        found.append(headline)
        consumed = headline.np.end
    for match in lex.quantity.finditer(text):
        if match.start() < consumed:
            continue
        if _not_a_count(match, text):
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
        if (
            np.rejected or (np.open_head and det != "her")
        ) and det in _PRONOUNS:  # "injuring another", "killing him", "he died"
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
        if (
            not np.head
            and not np.actor
            and (re.fullmatch(r"(?:19|20)\d\d", number) or best >= 5000)
        ):
            continue  # a year, a postcode: a bare number this large counts no one
        candidate = _Candidate(match.start(), np.end, low, best, high, np, vague)
        _assign_kind(candidate, text, lex)
        if _OF_THE_DEAD.match(text, match.end()):  # "three of the dead were soldiers"
            candidate.part = True
            candidate.kind = candidate.kind or "killed"
        found.append(candidate)
        if candidate.kind or not np.open_head:
            consumed = np.end  # an unknown noun without a verb may hide a count inside it
    found.extend(_named_people(text, found, lex))
    found.extend(_found_bodies(text, found))
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


# "Six commandos of the CRPF's elite unit and their driver were killed": the unit is no verb
_TRAILING_PP = re.compile(r"^\s+(?:of|from)\s+[^,;.]{1,50}?(?=\s*(?:,|\band\b))", re.IGNORECASE)


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
        between = _TRAILING_PP.sub("", text[c.np.end : nxt.start], count=1)
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


_ACCORDING_TO = re.compile(r"according\s+to\s+(?:the\s+|a\s+)?([^,.;]{1,60})")
_SAID = re.compile(
    r"([\w\s'-]{1,40}?)\s+(?:said|says|told|confirmed|reported|stated|added)\b"
)


@lru_cache(maxsize=4)
def _source_names(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(rf"\b{re.escape(name)}\b")) for name in names)


def _source(sentence: str, lex: _Lexicon, lower: str | None = None) -> str:
    lower = sentence.lower() if lower is None else lower
    names = [(n, p) for n, p in _source_names(lex.official + lex.other_sources) if n in lower]
    if not names:
        return ""  # no source named anywhere: none in any attribution either
    attribution = _ACCORDING_TO.search(lower)
    spans = [attribution.group(1)] if attribution else []
    spans += [m.group(1) for m in _SAID.finditer(lower)]
    for chunk in spans:
        for name, pattern in names:
            if pattern.search(chunk):
                return name
    return ""


def _totals(
    sentence: Sentence, lex: _Lexicon, lower: str | None = None
) -> list[tuple[int, int, CasualtyKind, str, int]]:
    """Running totals and coders' counts: (start, end, kind, source, value)."""
    text = sentence.text
    if not may_match(text, text.lower() if lower is None else lower, lex.total_hints):
        return []
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
        lower = text.lower()
        totals = _totals(sentence, lex, lower)
        candidates = _candidates(text, lex, lower)
        if not totals and not candidates:
            continue  # the sentence-wide reading below only qualifies figures
        source = _source(text, lex, lower)
        markers = _claim_markers(text, lex)
        context = _context(text, article.published)
        plain = "official" if source in lex.official else "reported"
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
        for c in candidates:
            if c.kind is None or any(s <= c.start < e for s, e, *_ in totals):
                continue
            start = min(c.start, c.kind_start) if c.kind_start >= 0 else c.start
            end = max(c.np.end, c.kind_end, c.start + 1)
            side = _side(c.np)
            flag = PART_FLAG if c.part else ""
            if c.best > ABSURD:
                flag = "absurd"
            if not flag and _is_background(text, start, end, context):
                flag = BACKGROUND_FLAG
            if not flag and _is_earlier(start, context):
                flag = EARLIER_FLAG
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
        sides = {figure.side, twin.side} if twin else set()
        if (
            twin is None
            or twin.flag not in ("", PART_FLAG)
            or (twin.kind, twin.status, twin.flag) != (figure.kind, figure.status, figure.flag)
            or (len(sides) > 1 and "unknown" not in sides)
            or not _COORDINATION.fullmatch(article.text[twin.span.end : figure.span.start])
        ):
            out.append(figure)
            continue
        start, end = min(twin.span.start, figure.span.start), max(twin.span.end, figure.span.end)
        merged = replace(
            twin,
            side="unknown" if len(sides) > 1 else twin.side,
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


@dataclass(frozen=True, slots=True)
class _Context:
    """What a sentence says about its figures as a whole, read once per sentence."""

    protest: bool  # a protest or an accident sentence: recalled deaths are its cause
    cumulative: bool  # a war's whole toll, or "last year"
    earlier_year: bool  # names a year before publication (not as an event date)
    relatives: tuple[int, ...]  # where "that", "which", "when", "in which" start
    breaks: tuple[int, ...]  # where "." and ";" are


def _context(text: str, published: date | None) -> _Context:
    dated = {m.group(0)[-4:] for m in _FULL_DATE.finditer(text)}  # "5 May 2019": its own date
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text) if y not in dated]
    return _Context(
        protest=bool(_PROTEST_CONTEXT.search(text)),
        cumulative=bool(_CUMULATIVE.search(text)),
        earlier_year=published is not None and any(y < published.year for y in years),
        relatives=tuple(m.start() for m in _RELATIVE.finditer(text)),
        breaks=tuple(i for i, ch in enumerate(text) if ch in ".;"),
    )


def _is_background(text: str, start: int, end: int, context: _Context) -> bool:
    """A death told as the reason for a protest ("demanding justice for two students who were
    killed") belongs to an earlier event, not to the protest this sentence reports."""
    if not context.protest:
        return False
    return bool(_RECALLED.search(text, max(0, start - 30), min(len(text), end + 5)))


EARLIER_FLAG = "earlier"  # a toll of an earlier event or of a whole war, told as context
_CUMULATIVE = re.compile(
    r"\b(?:war|conflict|insurgency|violence|fighting|crisis|unrest|uprising|campaign|"
    r"rebellion)\b[^.;]{0,90}?\b(?:has|have|had)\s+(?:so\s+far\s+|since\s+)?"
    r"(?:killed|claimed|left)\b"
    r"|\b(?:last|previous)\s+year\b|\bin\s+recent\s+years\b",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    r"\b\d{1,2}\s+[A-Z][a-z]+\.?,?\s+(?:19|20)\d\d\b|\b[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d\b"
)
_RELATIVE = re.compile(r"\b(?:that|which|when|where|whom|in\s+which)\b", re.IGNORECASE)


def _is_earlier(start: int, context: _Context) -> bool:
    """A sentence about an earlier event or a war's whole toll ("a 2021 bombing that killed 32",
    "the war has killed tens of thousands", "since January last year, when eight were
    killed"): its figures are context, not this report's event. An earlier year counts only
    for a figure in a relative clause ("that killed", "in which ... were killed")."""
    if context.cumulative:
        return True
    if not context.earlier_year:
        return False
    last_relative = bisect_right(context.relatives, start) - 1
    if last_relative < 0:
        return False
    last_break = bisect_right(context.breaks, start) - 1
    return last_break < 0 or context.breaks[last_break] < context.relatives[last_relative]


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
