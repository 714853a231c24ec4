"""Resolve each mention's date against the article's publication date.

One pass over the article finds every date expression (cached per article): explicit
dates ("31 January 2026", "Jan. 31", "2026-01-31"), ranges ("from 24 April to 8 May",
"between 3 and 5 May"), the wire style "Saturday (31)", bare weekdays ("late on
Monday"), relative words ("yesterday", "last week", "earlier this month") and words
relative to the date before them ("the previous day", "a day after"). Each becomes a
candidate with its span. Candidates that date something other than an action are
marked: statements ("police said on Wednesday"), datelines ("KANO, Feb 3 (Reuters) -"),
background ("since 2019"), counts ("the toll rose to 23 on Sunday") and dates naming
another event ("his October 26 election win"). A mention then takes, in order (the
strategy is recorded in ``method``):

1. the action date of its own sentence: the sentence's opening date ("On 4 March
   2020, ...") or else the one closest to the trigger in the trigger's clause;
2. the main date of the nearest earlier sentence in the same or the previous paragraph
   (``:context``; pluperfect background sentences are passed over);
3. a statement date in its own sentence (``:statement``);
4. the first action date of the lead, the first paragraph of real prose (``:lead``);
5. the day of a count in its own sentence (``:count``);
6. the publication date, precision "days" (``publication``, span None).

Contract: a value is never after the publication date (such candidates are rejected
and the reason is appended to ``method``, e.g. ``;rejected-future``). ``end`` is the
date ACLED codes for day/days/week precision (the known end of a range);
:func:`acled_event_date` gives the month mid-point for month precision. Without a
publication date, the dateline (or else the latest full date in the text) is the
reference (``;ref-article-date``); with no usable date at all the value is
``date(1, 1, 1)`` with precision "year" and method ``"unknown"``, which ``assemble``
drops. dateparser is not used: its readings of weekdays and of "Saturday (31)" are
wrong (DESIGN.md), and this grammar covers the explicit forms news and coder notes
use, at about 0.1-0.2 ms of CPU per mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from conflictcoder.model import Article, DatePrecision, DateValue, Mention, Sentence, Span
from conflictcoder.stages.date_grammar import (
    _DATA,
    _NUM,
    _alternation,
    _matches,
)
from conflictcoder.stages.date_values import _number, _resolve

__all__ = ["UNKNOWN_DATE", "acled_event_date", "resolve_date"]

_STATEMENT = frozenset(_DATA["statements"]["verbs"])
_FILLERS = frozenset(_DATA["statements"]["fillers"])
_STATEMENT_AFTER = frozenset(_DATA["statements_after"]["verbs"])
_HEDGES = tuple(_DATA["hedges"]["before"])
_AFTER_DAYS = frozenset(_DATA["hedges"]["after_days"])
_AFTER_MONTH = frozenset(_DATA["hedges"]["after_month"])
_AFTER_WEEK = frozenset(_DATA["hedges"]["after_week"])
_BACKGROUND = tuple(_DATA["background"]["before"])
UNKNOWN_DATE = date(1, 1, 1)
_PRECISION_RANK = {"day": 0, "days": 1, "week": 2, "month": 3, "year": 4}


_DURATION = re.compile(rf"\b(?P<n>{_NUM})[-\s]day\b|\b(?P<week>week-?long)\b", re.IGNORECASE)
_VAGUE = frozenset({"relative", "weekday", "period", "anaphoric"})
_EXPLICIT = frozenset(
    {"explicit", "partial", "numeric", "numeric_partial", "weekday_day", "month_day"}
)
# What may stand before a date that frames the whole sentence: "On 4 March 2020,",
# "Agreement: Around 9 May 2020 (as reported),", "Late on Monday,".
_OPENER = re.compile(
    r"\s*(?:[A-Z][\w/ -]{0,40}:\s*)?(?:(?:on|in|during|late|early|around|about|assumed|as|"
    r"reported|from|between|at|sometime|overnight|by|since)\s+)*",
    re.IGNORECASE,
)
_HEDGE = re.compile(rf"(?:^|[\s:(,])({_alternation(_HEDGES)})\s*$")
_DATELINE_BEFORE = re.compile(r"\s*[A-Z][\w.'’ -]{1,30}(?:,\s*[A-Z][\w.'’ -]{1,30}){0,2},\s*")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:-{1,2}|—|–)\s")
_EVENT_COPULA = re.compile(r"\b(?:happened|occurred|took place|came|comes|was carried out)\s+$")
# A count, not an attack: "the toll rose to 23 on Sunday", "more bodies were found on
# Tuesday" (the count's day; used for the mention only when nothing else dates it).
_TOLL_UPDATE = re.compile(
    r"(?i:(?:\btoll\b[^.;]{0,120}?\b(?:rose|risen|rises|climbed|climbs|reached|increased|"
    r"jumped|stood|stands)|\b(?:bodies|body|corpses?|remains)\b[^.;]{0,60}?\b(?:were|was|been)\s+"
    r"(?:recovered|found|discovered|retrieved|pulled|exhumed))\b[^.;,]{0,40})$"
)
_PLUPERFECT = re.compile(r"\bhad\s+(?:been\s+|already\s+)?[a-z]+(?:ed|en|wn|ung|ught)\b")
_DETERMINERS = frozenset(["the", "his", "her", "its", "their", "our", "this", "that", "last"])
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:in|at|on|and|or|to|when|as|after|before|by|with|for|near|"
    r"during|while|the|a|an|was|were|is|are|had|has|have|of)\b)[a-z]{3,}\b"
)
_CLAUSE_BREAK = re.compile(r"[;,]|\b(?:and|but|while|whereas)\b")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    first: date
    last: date
    precision: DatePrecision
    kind: str
    statement: bool = False  # dates a statement or a background state, not the action
    rejected: str = ""  # why the expression gives no usable date
    attributive: bool = False  # names another event: "the October 26 election"
    count: bool = False  # the day of a count: "the toll rose to 23 on Sunday"


@dataclass(frozen=True, slots=True)
class _Scan:
    hits: tuple[_Hit, ...]
    reference: date | None
    ref_method: str


def _words_before(text: str, start: int, limit: int = 6) -> list[str]:
    return re.findall(r"[a-z’']+", text[max(0, start - 60) : start].lower())[-limit:]


def _is_statement(text: str, start: int, end: int, sentence_start: int) -> bool:
    """True when the date dates a statement ("police said on Wednesday") or a background
    state ("since Monday") rather than an action."""
    before = text[sentence_start:start]
    if _DATELINE_BEFORE.fullmatch(before) and _DATELINE_AFTER.match(text, end):
        return True  # "OUAGADOUGOU, March 16 (Reuters) -": when the story was filed
    lowered = before.lower().rstrip()
    if any(lowered.endswith(" " + w) or lowered == w for w in _BACKGROUND):
        return True
    if any(lowered.strip() == h or lowered.strip().endswith(": " + h) for h in _HEDGES):
        return False  # "As reported on 5 March 2020," opens a coder note: the event date
    clause = re.split(r"[,;:()—]", before)[-1]  # "a spokesman said, a day after" is not
    for word in reversed(_words_before(clause, len(clause))):
        if word in _STATEMENT:
            return True
        if word not in _FILLERS:
            break
    # "Police on Monday said" (the verb right after), "On Wednesday, the ministry said"
    # (an opening date: what follows the comma is the main clause).
    following, reach = text[end : end + 60], 1
    if following.lstrip().startswith(","):
        if not _OPENER.fullmatch(text, sentence_start, start):
            return False
        following, reach = following.lstrip(" ,"), 5
    after = re.findall(r"[\w’'-]+|[^\w\s]", following)[:reach]
    for word in after:
        if not word[0].isalnum() or word.lower() == "that":
            return False
        if word.lower() in _STATEMENT_AFTER:
            return True
    return False


def _attributive(text: str, start: int, end: int) -> bool:
    """True for a date that modifies a noun after a determiner: "his October 26 election
    victory", "the 26 October poll" (but not "on the 26 October, ...")."""
    words = _words_before(text, start, 2)
    if not words or words[-1] not in _DETERMINERS:
        return False
    if len(words) == 2 and words[0] in ("on", "of", "from", "since", "until", "by", "to"):
        return False
    return bool(_NOUN_AFTER.match(text, end))


def _hedge(text: str, hit: _Hit, sentence_start: int) -> _Hit:
    """Lower the precision of a hedged explicit date ("Around 9 May 2020 (as reported)")."""
    start, end, precision = hit.start, hit.end, hit.precision
    window = max(sentence_start, start - 30)
    found = _HEDGE.search(text[window:start].lower())
    if found and (found.start(1) > 0 or window == sentence_start or not text[window - 1].isalnum()):
        start, precision = window + found.start(1), "days"
    note = re.match(r"\s*\(([^()]{1,60})\)", text[end : end + 70])
    if note:
        words = note.group(1).strip().lower()
        if words in _AFTER_MONTH:
            precision = "month"
        elif words in _AFTER_WEEK:
            precision = "week"
        elif words in _AFTER_DAYS or re.search(r"\d", words):
            precision = "days" if precision == "day" else precision
        else:
            note = None  # "(Reuters)": not about the date
        end += note.end() if note else 0
    if (start, end, precision) == (hit.start, hit.end, hit.precision):
        return hit
    return replace(hit, start=start, end=end, precision=precision)


@lru_cache(maxsize=256)
def _scan(text: str, published: date | None, starts: tuple[int, ...]) -> _Scan:
    matches = _matches(text)
    reference, ref_method = published, ""
    if reference is None:
        # The dateline ("Published July 2 2016", "AFP Monday 18 Aug 2014") if there is one,
        # else the latest full date in the text.
        explicit = [
            (m.start, r[1])
            for m in matches
            if m.kind in ("explicit", "numeric")
            and isinstance(r := _resolve(m, text, None, None), tuple)
        ]
        if explicit:
            dateline = explicit[0][1] if explicit[0][0] < 300 else None
            reference = dateline or max(day for _start, day in explicit)
            ref_method = ";ref-article-date"
    hits: list[_Hit] = []
    anchor: date | None = None
    anchor_at = -1
    for m in matches:
        kind, start, end = m.kind, m.start, m.end
        s_start = starts[max(0, bisect_right(starts, start) - 1)] if starts else 0
        # "X on Sunday, a day after Y" and "The attack came a day after Y" date Y from
        # the anchor backwards; "Y on Saturday. Z two days after Y" dates Z forwards.
        invert = anchor_at >= s_start or bool(_EVENT_COPULA.search(text, max(0, start - 20), start))
        value = _resolve(m, text, reference, anchor, invert)
        count = bool(_TOLL_UPDATE.search(text[s_start:start]))
        statement = count or _is_statement(text, start, end, s_start)
        if isinstance(value, str):
            hits.append(
                _Hit(start, end, UNKNOWN_DATE, UNKNOWN_DATE, "year", kind, statement, value)
            )
            continue
        first, last, precision = value
        rejected = "rejected-future" if published is not None and first > published else ""
        if not rejected and published is not None and last > published:
            last = published
        attributive = kind in _EXPLICIT and _attributive(text, start, end)
        hit = _Hit(
            start, end, first, last, precision, kind, statement, rejected, attributive, count
        )
        if kind in ("explicit", "partial"):
            hit = _hedge(text, hit, s_start)
        hits.append(hit)
        if not rejected:
            anchor, anchor_at = last, start
    return _Scan(_absorb_comments(text, hits), reference, ref_method)


def _absorb_comments(text: str, hits: list[_Hit]) -> tuple[_Hit, ...]:
    """Drop hits inside the parenthesised note a hedged date took into its span, and let
    an explicit date in brackets replace the vague words before it: "yesterday (January
    11)" is January 11."""
    out: list[_Hit] = []
    for hit in hits:
        if out and hit.start < out[-1].end:
            continue
        if (
            out
            and out[-1].kind in _VAGUE
            and hit.kind in _EXPLICIT
            and not hit.rejected
            and re.fullmatch(r"\s*[(,]\s*", text[out[-1].end : hit.start])
        ):
            closing = text[hit.end : hit.end + 1] == ")"
            hit = replace(
                hit,
                start=out[-1].start,
                end=hit.end + closing,
                statement=out[-1].statement or hit.statement,
            )
            out[-1] = hit
            continue
        out.append(hit)
    return tuple(out)


def _distance(hit: _Hit, trigger: Span) -> int:
    if hit.end <= trigger.start:
        return trigger.start - hit.end
    if hit.start >= trigger.end:
        return hit.start - trigger.end
    return 0


def _value(hit: _Hit, article: Article, method: str) -> DateValue:
    return DateValue(
        hit.first,
        hit.last,
        hit.precision,
        Span(article.id, hit.start, hit.end),
        method,
        article.text[hit.start : hit.end],
    )


def _with_duration(value: DateValue, sentence: Sentence, reference: date | None) -> DateValue:
    """'a three-day standoff' that ended on a known day becomes a range ending that day
    (or starting on it, after "began"/"started")."""
    m = _DURATION.search(sentence.text)
    if value.precision != "day" or value.span is None or not m:
        return value
    n = 7 if m.group("week") else _number(m.group("n"))
    if not 2 <= n <= 31:
        return value
    precision: DatePrecision = "days" if n < 7 else "week"
    before = sentence.text[: max(0, value.span.start - sentence.start)]
    if re.search(
        r"\b(?:began|begun|started|beginning|starting|launched)\s+(?:\w+\s+){0,2}$", before
    ):
        start, end = value.end, value.end + timedelta(days=n - 1)
    else:
        start, end = value.end - timedelta(days=n - 1), value.end
    if reference is not None and end > reference:
        end = reference
    return DateValue(start, end, precision, value.span, value.method + ";duration", value.text)


def acled_event_date(value: DateValue) -> date:
    """The date ACLED codes for a value (see ``DateValue.acled_date``)."""
    return value.acled_date


def resolve_date(mention: Mention, article: Article, sentences: tuple[Sentence, ...]) -> DateValue:
    """The date of the action ``mention`` reports (see the module docstring for the order)."""
    starts, lead_end = _layout(sentences)
    scan = _scan(article.text, article.published, starts)
    sentence = mention.sentence
    rejected = sorted(
        {h.rejected for h in scan.hits if h.rejected and sentence.start <= h.start < sentence.end}
    )
    suffix = "".join(";" + r for r in rejected) + scan.ref_method
    usable = [h for h in scan.hits if not h.rejected]
    own = [h for h in usable if sentence.start <= h.start < sentence.end]

    actions = [
        h
        for h in own
        if not h.statement and (not h.attributive or h.end <= mention.trigger.start <= h.end + 25)
    ]
    if actions:
        chosen = _pick_own(actions, article.text, sentence, mention.trigger)
        value = _value(chosen, article, chosen.kind + suffix)
        return _with_duration(value, sentence, scan.reference)
    context = _context_hit(usable, article.text, sentences, sentence)
    if context is not None:
        return _value(context, article, context.kind + ":context" + suffix)
    spoken = [h for h in own if not h.count]
    if spoken:
        chosen = _pick_own(spoken, article.text, sentence, mention.trigger)
        return _value(chosen, article, chosen.kind + ":statement" + suffix)
    lead = [h for h in usable if h.start < lead_end]
    lead.sort(key=lambda h: (h.count, h.statement, h.start))
    if lead:
        return _value(lead[0], article, lead[0].kind + ":lead" + suffix)
    if own:  # only the day of a count: the attack was that day or before
        chosen = _pick_own(own, article.text, sentence, mention.trigger)
        return _value(chosen, article, chosen.kind + ":count" + suffix)
    if article.published is not None:
        return DateValue(article.published, article.published, "days", None, "publication" + suffix)
    return DateValue(UNKNOWN_DATE, UNKNOWN_DATE, "year", None, "unknown" + suffix)


def _pick_own(hits: list[_Hit], text: str, sentence: Sentence, trigger: Span) -> _Hit:
    """The sentence's opening date governs its main clause: later dates are details
    ("protested the killing of four on 17 April") unless one stands between the opener
    and the trigger ("..., and on Tuesday they ambushed"). Without an opener, the date
    closest to the trigger wins, a bare year only when nothing finer is there."""
    first = hits[0]
    if _OPENER.fullmatch(text, sentence.start, first.start):
        between = [
            h
            for h in hits[1:]
            if h.end <= trigger.start and h.precision != "year" and _adverbial(text, h)
        ]
        return between[-1] if between else first
    fine = [h for h in hits if h.precision != "year"] or hits
    # Time adverbs mostly follow their verb ("shot ... on Monday"): a date before the
    # trigger counts as a little further away.
    return min(
        fine,
        key=lambda h: (
            _other_clause(text, h, trigger),
            _distance(h, trigger) + 15 * (h.end <= trigger.start),
            _PRECISION_RANK[h.precision],
        ),
    )


def _other_clause(text: str, hit: _Hit, trigger: Span) -> bool:
    """True when a clause break separates the date from the trigger: in "seized X on
    Saturday and shelled Y on Monday", Monday belongs to "shelled"."""
    gap = (
        text[hit.end : trigger.start] if hit.end <= trigger.start else text[trigger.end : hit.start]
    )
    return bool(_CLAUSE_BREAK.search(gap))


def _adverbial(text: str, hit: _Hit) -> bool:
    """True when the date stands as an adverb of time ("and on Tuesday they ..."), not
    inside a name or a noun phrase ("the February 14 Coalition"). Words relative to the
    publication ("overnight") refine the opener, they do not replace it."""
    words = _words_before(text, hit.start, 1)
    if hit.kind in _VAGUE:
        return hit.kind in ("weekday", "anaphoric")
    return bool(words) and words[0] in ("on", "then", "later", "early", "late", "and")


# The last article's sentence starts and lead end: every mention of an article asks for them.
_LAYOUT: list[tuple[tuple[Sentence, ...], tuple[int, ...], int]] = []


def _layout(sentences: tuple[Sentence, ...]) -> tuple[tuple[int, ...], int]:
    """The sentence starts and the end of the lead, kept for the last sentences seen (the
    tuple itself is kept too, so its identity stands for the same sentences)."""
    last = _LAYOUT[0] if _LAYOUT else None  # taken once: another thread may replace it
    if last is not None and last[0] is sentences:
        return last[1], last[2]
    starts, lead_end = tuple(s.start for s in sentences), _lead_end(sentences)
    _LAYOUT[:] = [(sentences, starts, lead_end)]
    return starts, lead_end


def _lead_end(sentences: tuple[Sentence, ...]) -> int:
    """Where the lead ends: after the first paragraph of real prose (100 characters or
    more), so a headline, a kicker or a standfirst line never stands for it alone."""
    spans: dict[int, list[int]] = {}
    for s in sentences:
        spans.setdefault(s.paragraph, [s.start, s.end])[1] = s.end
    for first, last in spans.values():  # in paragraph order
        if last - first >= 100:
            return last
    return sentences[-1].end if sentences else 0


def _context_hit(
    usable: list[_Hit], text: str, sentences: tuple[Sentence, ...], sentence: Sentence
) -> _Hit | None:
    """The main date of the nearest earlier sentence with one, in the same or the previous
    paragraph: its opener, else its first date ("On 6 March, crowds rallied against the
    war that began on 24 February. Police detained seven." -> 6 March)."""
    for earlier in reversed([s for s in sentences if s.end <= sentence.start]):
        if earlier.paragraph < sentence.paragraph - 1:
            break
        hits = [
            h
            for h in usable
            if earlier.start <= h.start < earlier.end and not h.statement and not h.attributive
        ]
        if hits and _PLUPERFECT.search(earlier.text):
            continue  # "Troops had killed 31 rebels there last month": background
        if hits:
            return _pick_own(hits, text, earlier, Span("", earlier.start, earlier.end))
    return None
