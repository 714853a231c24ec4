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
from dataclasses import replace

from conflictcoder.model import Article, CasualtyFigure, CasualtyKind, Sentence, Span
from conflictcoder.stages.casualty_context import (
    BACKGROUND_FLAG,
    EARLIER_FLAG,
    _context,
    _is_background,
    _is_earlier,
)
from conflictcoder.stages.casualty_deaths import (
    IMPLIED_FLAG,
    deaths_by_noun,
)
from conflictcoder.stages.casualty_gate import may_hold_figure, sentence_words
from conflictcoder.stages.casualty_implicit import (
    _bare_objects,
    _bare_singular,
    _found_bodies,
    _killed_them,
    _named_people,
    _self_killed,
    listed_people,
)
from conflictcoder.stages.casualty_lexicon import (
    _NOT_A_COUNT_AFTER,
    _PART_PREFIX,
    _PRONOUNS,
    _SEPARATOR,
    ABSURD,
    _Lexicon,
    _quantity,
    load_lexicon,
    not_a_count_before,
)
from conflictcoder.stages.casualty_phrases import (
    KNOWN_HEAD_DETERMINERS,
    _assign_kind,
    _Candidate,
    _noun_phrase,
    _NounPhrase,
    _side,
)
from conflictcoder.stages.casualty_sources import _claim_markers, _is_claimed, _source
from conflictcoder.stages.casualty_text import may_name_known_person, reading
from conflictcoder.stages.casualty_totals import _totals
from conflictcoder.stages.headline import HEADLINE_FLAG, HEADLINE_PART_FLAG, headline_end
from conflictcoder.stages.tolls import (
    PART_FLAG,
    Toll,
    count_casualties,
    split_toll,
)

__all__ = ["Toll", "count_casualties", "find_casualty_figures", "split_toll"]


# "three of the injured later died": deaths among the wounded, not among the dead
_INJURED_DIED = re.compile(
    r"\s+of\s+(?:the|those)\s+(?:[\w-]+\s+)?(?:injured|wounded)(?:\s+[\w-]+){0,4}?\s+"
    r"(?P<verb>died|die|dies|succumbed|passed\s+away)\b",
    re.IGNORECASE,
)
# "a group of five", "a family of 3": the quantity after "of" is the count
_GROUP_OF = re.compile(
    r"\s+of\s+(?:at\s+least\s+|about\s+|some\s+|around\s+)?(?:\d|(?:two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)\b)",
    re.IGNORECASE,
)

_NUMBER_NEXT = re.compile(  # a count, not an age ("her 2-year-old")
    r"\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"(?![- ](?:years?|months?|weeks?|days?)\b|-(?:year|month|week|day))",
    re.IGNORECASE,
)

_LIST_HEADS = frozenset(("a", "an", "his", "her", "their"))

_OF_THESE = re.compile(r"\s+of\s+(?:these|those|them|whom)\b", re.IGNORECASE)

_OF_THE_DEAD = re.compile(
    r"\s+of\s+(?:the|those)\s+(?:\d+\s+|[a-z]+\s+)?(?:dead|killed|deceased|fatalities)\b",
    re.IGNORECASE,
)


_MEMBER = re.compile(
    r"\s+((?:[A-Z][\w'’-]+\s+)?[A-Z][\w'’-]+)"
    r"(?=\s*(?:[,.;]|$)|\s+(?:was|were|in|on|at|near|and|during|after|while)\b)"
)


def _member_of_group(text: str, pos: int) -> _NounPhrase | None:
    """'a Koglweogo', 'an Al Shabaab' with no noun after: one member of the group named."""
    match = _MEMBER.match(text, pos)
    if match is None:
        return None
    return _NounPhrase(match.end(), head="", actor=match.group(1))


def _not_a_count(match: re.Match[str], text: str) -> bool:
    """A number that is a date, a time, an age, a distance, a sum or a unit's number."""
    if not (match.group("num") or match.group("b1")):
        return False
    if _NOT_A_COUNT_AFTER.match(text, match.end()):
        return True
    if match.group("qual"):
        return False
    before = text[max(0, match.start() - 2) : match.start()]
    after = text[match.end() : match.end() + 1]
    if before.endswith("(") or (
        before.rstrip().endswith(",") and (after == "," or _OF_PLACE.match(text, match.end()))
    ):
        return True  # "Ahmed (25)", "John Smith, 32, of Chester", "Jo Poe, 32 of Dunbar"
    return not_a_count_before(text, match.start())


_YEAR = re.compile(r"(?:19|20)\d\d")
_OF_PLACE = re.compile(r"\s+of\s+[A-Z]")


def _candidates(
    text: str, lex: _Lexicon, lower: str | None = None, words: frozenset[str] | None = None
) -> list[_Candidate]:
    """Every quantity in one sentence that counts people, with the kind of harm if any
    (``words``: casualty_gate.sentence_words of the sentence, when already read)."""
    if not may_hold_figure(text, text.lower() if lower is None else lower, lex, words):
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
        if det in KNOWN_HEAD_DETERMINERS and not may_name_known_person(text, match.end(), lex):
            continue  # "the attack": no person noun follows, and only one would count here
        np = _noun_phrase(text, match.start() if det == "age" else match.end(), singular, lex)
        if det in _LIST_HEADS and np.head and not np.open_head and not np.rejected:
            more, list_end = listed_people(text, np.end, lex)
            if more:  # "his wife and two sons", "a mother, son and little girl"
                np = replace(np, end=list_end)
                low, best, high = low + more, best + more, high + more
        if det in ("his", "her", "their", "its") and _NUMBER_NEXT.match(text, match.end()):
            continue  # "killed her two daughters": the number counts them
        if det in ("a", "an") and (np.open_head or not np.head) and _GROUP_OF.match(text, np.end):
            continue  # "a family of five": the number after it counts the people
        if det in ("a", "an") and np.rejected:
            member = _member_of_group(text, match.end())
            if member is not None:  # "killed a Koglweogo": one member of a named group
                np = member
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
            and (_YEAR.fullmatch(number) or best >= 5000)
        ):
            continue  # a year, a postcode: a bare number this large counts no one
        candidate = _Candidate(match.start(), np.end, low, best, high, np, vague)
        candidate.numeral = bool(match.group("num") or match.group("b1"))
        _assign_kind(candidate, text, lex)
        if (
            np.head == "them"
            and _OF_THESE.match(text, match.end())
            and any(f.kind == "killed" for f in found)
        ):
            candidate.part = True  # "19 were killed ... five of these in arson attacks"
        if _OF_THE_DEAD.match(text, match.end()):  # "three of the dead were soldiers"
            candidate.part = True
            candidate.kind = candidate.kind or "killed"
        died = _INJURED_DIED.match(text, match.end())
        if died:  # "two of the wounded later died": more dead, counted on top (tolls)
            candidate.kind, candidate.how = "killed", "passive"
            candidate.kind_start, candidate.kind_end = died.start("verb"), died.end("verb")
        found.append(candidate)
        if candidate.kind or not np.open_head:
            consumed = np.end  # an unknown noun without a verb may hide a count inside it
    found.extend(_named_people(text, found, lex))
    found.extend(_found_bodies(text, found))
    found.extend(_bare_objects(text, found, lex))
    found.extend(_killed_them(text, found, lex))
    found.extend(_self_killed(text, found))
    found.extend(deaths_by_noun(text, found))
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


# "three volunteer fighters (VDP) and eleven civilians": an acronym does not part them;
# nor do ages ("two boys, ages 7 and 10, and two adults")
_BRACKETED = re.compile(
    r"^\s*\([^()]{1,20}\)|^\s*,\s*(?:ages?|aged)\s+\d{1,3}(?:\s*(?:,|and|to|-|–)\s*\d{1,3})*(?=\s*,)",
    re.IGNORECASE,
)
# "four men in the village of X and five others at Y": the others share the verb
_PLACE_GAP = re.compile(r"\s+(?:in|at|near|on|from)\s+[^,;.]{1,60}?\s+and\s+", re.IGNORECASE)


_SHORT_GAP = re.compile(r"[\w\s]{0,25},?\s*")


def _part_window(text: str) -> tuple[int, int]:
    """Where the required strings of _PART_PREFIX allow it to match (casualty_text)."""
    return reading(text).window(_PART_PREFIX)


def _inherit(found: list[_Candidate], text: str) -> None:
    """Coordinated figures share a verb; figures after 'including' are parts of another."""
    lo, hi = _part_window(text)
    for i, c in enumerate(found):
        low = max(0, c.start - 40)
        prefix = _PART_PREFIX.search(text, low, c.start) if c.start >= lo and low <= hi else None
        if not prefix:
            continue
        c.part = True
        parent = found[i - 1] if i > 0 else None
        if (
            parent is not None
            and parent.kind is None
            and c.kind is not None
            and _SHORT_GAP.fullmatch(text[parent.np.end : prefix.start()])
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
        between = _BRACKETED.sub("", text[prev.np.end : c.start], count=1)
        if (
            c.kind is None
            and prev.kind
            and prev.how in ("active", "chain", "part")
            and (
                _SEPARATOR.match(between)
                or not between.strip()
                or (c.np.head in ("others", "more") and _PLACE_GAP.fullmatch(between))
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
        between = _BRACKETED.sub("", between, count=1)
        if _SEPARATOR.match(between) or (nxt.part and _PART_PREFIX.match(between.strip())):
            c.kind, c.how = nxt.kind, "chain"  # "12 people including four children died"


def find_casualty_figures(
    article: Article, sentences: tuple[Sentence, ...]
) -> tuple[CasualtyFigure, ...]:
    """Every casualty figure in the article, in text order."""
    lex = load_lexicon()
    figures: list[CasualtyFigure] = []
    for sentence in sentences:
        text = sentence.text
        lower = text.lower()
        words = sentence_words(text, lower, lex)  # one scan for both readers' words
        totals = _totals(sentence, lex, lower, words)
        candidates = _candidates(text, lex, lower, words)
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
            if not flag and c.implied:
                flag = IMPLIED_FLAG
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
    head = headline_end(article) if figures else 0
    if head:  # the headline's figures repeat the body's lead: a fallback only (tolls)
        figures = [_headline_flagged(f) if f.span.start < head else f for f in figures]
    return tuple(sorted(figures, key=lambda f: (f.span.start, f.span.end)))


def _headline_flagged(figure: CasualtyFigure) -> CasualtyFigure:
    """A headline figure, flagged so that it counts only when the body gives no toll."""
    if not figure.flag:
        return replace(figure, flag=HEADLINE_FLAG)
    if figure.flag == PART_FLAG:
        return replace(figure, flag=HEADLINE_PART_FLAG)
    return figure


_COORDINATION = re.compile(
    r"(?:\s*,\s*(?:ages?|aged)\s+\d{1,3}(?:\s*(?:,|and|to|-|–)\s*\d{1,3})*)?"
    r"\s*(?:,\s*)?(?:and|as\s+well\s+as|along\s+with|plus|&|,)\s*",
    re.IGNORECASE,
)


_APPOSITION = re.compile(r",\s*(?:a|an)\s", re.IGNORECASE)


def _merge_coordinated(article: Article, found: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """Coordinated figures for the same side and harm are different people ("a man and his
    son were killed"): one figure with their sum."""
    out: list[CasualtyFigure] = []
    for figure in found:
        twin = out[-1] if out else None
        if (
            twin is not None
            and twin.best == 1
            and figure.best == 1
            and _APPOSITION.match(article.text, twin.span.end)
            and article.text[twin.span.end : figure.span.start].strip() == ","
        ):
            continue  # "killed his mother, a police officer": the same person, described
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
