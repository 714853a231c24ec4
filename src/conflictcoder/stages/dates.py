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

import calendar
import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from conflictcoder.model import Article, DatePrecision, DateValue, Mention, Sentence, Span

_DATA = tomllib.loads(
    resources.files("conflictcoder.resources").joinpath("data/dates.toml").read_text("utf-8")
)
_MONTHS: dict[str, int] = _DATA["months"]
_WEEKDAYS: dict[str, int] = _DATA["weekdays"]
_NUMBERS: dict[str, int] = _DATA["numbers"]
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


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cased(words: Iterable[str]) -> str:
    """Capitalised or upper-case forms only: "may" and "march" are verbs, "sun" a star."""
    return _alternation({f for w in words for f in (w.capitalize(), w.upper())})


_FULL_NAMES = frozenset(n.lower() for n in calendar.month_name if n) | {"febuary"}
_FULL_MON = rf"(?:{_cased(w for w in _MONTHS if w in _FULL_NAMES)})\b"
_MON = rf"(?:{_FULL_MON}|(?:{_cased(w for w in _MONTHS if w not in _FULL_NAMES)})\b\.?)"
_WD = rf"(?:{_cased(w for w in _WEEKDAYS if len(w) > 4)})\b"
_WD_ANY = rf"(?:{_cased(_WEEKDAYS)})\b\.?"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]\d\d|20\d\d)\b"
_NUM = rf"(?:\d{{1,2}}|{_alternation(_NUMBERS)})"
_TO = r"\s*(?P<conn>-|–|—|(?i:to|and|or|until|till|through|thru))\s*"

# Patterns in priority order; at one start position the longest match wins. They are
# case-sensitive and start on a digit or a capital where they can, which keeps the scan
# fast; words before a match ("from", "between", "last", a weekday) are read afterwards.
_MONTH_CUES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RELATIVE_CUES = ("yesterday", "night", "today", "tonight", "morning", "afternoon", "evening")
# Gates: a pattern runs only on a text where its gate is found, a cheaper search for a part
# every match of the pattern holds (a cased month name, "days earlier", "12/05/2019"), which
# most texts lack. Each gate is searched at most once per text.
_MONTH_GATE = re.compile(_cased(_MONTHS))  # _MON without its word boundaries
_FULL_MONTH_GATE = re.compile(_FULL_MON)
_YEAR_GATE = re.compile(r"\s(?:1[89]\d\d|20\d\d)\b")
_ISO_GATE = re.compile(r"\d\d-[01]?\d-")
_NUMERIC_GATE = re.compile(r"\d[/.-][0-3]?\d[/.-](?:19|20)\d\d")
_DAYS_AFTER_GATE = re.compile(r"days?\s+(?:earlier|later|before|after)\b")
_PERIOD_GATE = re.compile(r"\s(?:weekend|week|month|year)\b")
# (kind, words one of which the lower-cased text must contain, gate or None, pattern)
_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str] | None, re.Pattern[str]], ...] = tuple(
    (kind, cues, gate, re.compile(rx))
    for kind, cues, gate, rx in (
        (
            "range",
            _MONTH_CUES,
            _MONTH_GATE,
            rf"\b(?P<d1>{_DAY})(?:\s+(?:of\s+)?(?P<m1>{_MON}))?(?:,?\s+(?P<y1>{_YEAR}))?{_TO}"
            rf"(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR}))?",
        ),
        (
            "range",
            _MONTH_CUES,
            _MONTH_GATE,
            rf"\b(?P<m1>{_MON})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?{_TO}"
            rf"(?:(?P<m2>{_MON})\s+)?(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?",
        ),
        (
            "dm",
            _MONTH_CUES,
            _MONTH_GATE,
            rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?",
        ),
        (
            "md",
            _MONTH_CUES,
            _MONTH_GATE,
            rf"\b(?P<m>{_MON})\s+(?:the\s+)?(?P<d>{_DAY})(?:(?:,\s*|\s+)(?P<y>{_YEAR}))?(?![:\d])",
        ),
        (
            "explicit",
            ("-",),
            _ISO_GATE,
            r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>[0-3]?\d)\b",
        ),
        (
            "numeric",
            ("/", ".", "-"),
            _NUMERIC_GATE,
            r"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:19|20)\d\d)\b",
        ),
        (
            "numeric_partial",
            ("/",),
            None,
            r"(?:(?<=\()|(?<=\bon )|(?<=\bof ))(?P<a>[0-3]?\d)/(?P<b>[01]?\d)(?![/\d])",
        ),
        ("month", _MONTH_CUES, _MONTH_GATE, rf"\b(?P<m>{_MON}),?\s+(?:of\s+)?(?P<y>{_YEAR})"),
        (
            "month",
            _MONTH_CUES,
            _FULL_MONTH_GATE,
            r"\b(?P<pre>(?i:in|during|early|late|mid|last|this|earlier in|later in))"
            rf"[\s-]+(?P<m>{_FULL_MON})(?![\s,]*\d)",
        ),
        (
            "year",
            ("19", "20"),
            _YEAR_GATE,
            rf"\b(?P<pre>(?i:in|during|early|late|mid))\s+(?P<y>{_YEAR})(?!-?\d)",
        ),
        ("weekday_day", ("(",), None, rf"\b(?P<wd>{_WD_ANY})\s*\(\s*(?P<d>{_DAY})\s*\)"),
        (
            "weekday_day",
            ("day",),
            None,
            rf"\b(?P<wd>{_WD}),?\s+(?:the\s+)?(?P<d>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b"
            r"(?!\s+(?:of\s+)?[A-Z])",
        ),
        ("weekday_day", ("day",), None, rf"\b(?P<wd>{_WD})\s+the\s+(?P<d>{_DAY})"),
        (
            "month_day",
            ("on the",),
            None,
            r"(?<=\b[Oo]n the )(?P<d>(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b"
            r"(?!\s+(?:of\s+)?[A-Z])",
        ),
        (
            "weekday",
            ("day",),
            None,
            rf"\b(?P<wd>{_WD})(?:'s|’s)?(?:\s+(?i:morning|afternoon|evening|night))?",
        ),
        (
            "relative",
            _RELATIVE_CUES,
            None,
            rf"\b(?i:{_alternation(_DATA['relative_days'])})\b"
            r"(?!\s+(?i:on\s+|into\s+|to\s+|of\s+|between\s+|from\s+)?(?:the\s+)?"
            rf"(?:{_WD_ANY}|\d|{_MON}))",
        ),
        ("anaphoric", ("day", "night"), None, rf"\b(?i:{_alternation(_DATA['anaphoric_days'])})\b"),
        (
            "anaphoric",
            ("day",),
            _DAYS_AFTER_GATE,
            rf"\b(?P<n>(?i:{_NUM}))\s+days?\s+(?P<dir>earlier|later|before|after)\b",
        ),
        (
            "ago",
            ("ago",),
            None,
            rf"\b(?i:(?P<n>{_NUM})|(?P<few>a few|several))\s+(?P<unit>days?|weeks?|months?)"
            r"\s+ago\b",
        ),
        (
            "period",
            ("week", "month", "year"),
            _PERIOD_GATE,
            r"\b(?P<mod>(?i:earlier this|early this|late last|earlier last|later this|next|"
            r"last|this|earlier in the|over the|at the|past))\s+"
            r"(?P<unit>weekend|week|month|year)\b",
        ),
    )
)
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
_PREFIX_WORD = re.compile(r"(?i:\b(from|between|the|last|this past|past|next|coming|this)\s+)$")
_PREFIX_WEEKDAY = re.compile(rf"\b{_WD_ANY},?\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class _Match:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


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


def _month(word: str | None) -> int | None:
    return _MONTHS.get(word.lower().rstrip(".")) if word else None


def _day(word: str | None) -> int | None:
    return int(re.sub(r"\D", "", word)) if word else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _latest_on_or_before(ref: date, month: int, day: int) -> date | None:
    """The latest real ``month/day`` on or before ``ref`` (year inferred, past preferred)."""
    for year in (ref.year, ref.year - 1, ref.year - 2, ref.year - 3, ref.year - 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= ref:
            return candidate
    return None


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _day_of_month(ref: date, day: int, weekday: int | None = None) -> date | None:
    """The latest date on or before ``ref`` with this day of month (and weekday, for the
    wire style "Saturday (31)"); a weekday/day pair recurs within 14 months."""
    for back in range(30):
        year, month = divmod(ref.year * 12 + ref.month - 1 - back, 12)
        if year < 1 or day > calendar.monthrange(year, month + 1)[1]:
            continue
        found = date(year, month + 1, day)
        if found <= ref and (weekday is None or found.weekday() == weekday):
            return found
    return None


def _resolve(
    m: _Match,
    text: str,
    ref: date | None,
    anchor: date | None,
    anchor_here: bool = False,
) -> tuple[date, date, DatePrecision] | str:
    """Dates for one match, or the reason it gives none."""
    g, kind, words = m.groups, m.kind, " ".join(text[m.start : m.end].lower().split())
    try:
        if kind == "explicit":
            return _single(
                date(int(g["y"] or 0), _month(g["m"]) or int(g["m"] or 0), _day(g["d"]) or 0)
            )
        if kind == "numeric":
            return _numeric(int(g["a"]), int(g["b"]), int(g["y"]), ref)
        if kind == "range":
            return _range(g, ref)
        if kind == "month":
            return _month_value(g, ref)
        if kind == "year":
            year = int(g["y"])
            return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return "rejected-impossible"
    if ref is None:
        return "no-reference"
    if kind == "numeric_partial":
        found = _latest_on_or_before(ref, int(g["b"]), int(g["a"])) or _latest_on_or_before(
            ref, int(g["a"]), int(g["b"])
        )
        return _single(found) if found else "rejected-impossible"
    if kind == "partial":
        found = _latest_on_or_before(ref, _month(g["m"]) or 0, _day(g["d"]) or 0)
        return _single(found) if found else "rejected-impossible"
    if kind in ("weekday_day", "month_day"):  # "Saturday (31)", "on the 26th"
        weekday = _WEEKDAYS[g["wd"].lower().rstrip(".")] if g.get("wd") else None
        found = _day_of_month(ref, _day(g["d"]) or 0, weekday)
        return _single(found) if found else "rejected-impossible"
    if kind == "weekday":
        mod = (g.get("pre") or "").lower()
        if mod in ("next", "coming"):
            return "rejected-future"
        back = (ref.weekday() - _WEEKDAYS[(g["wd"] or "").lower()]) % 7
        if back == 0 and mod in ("last", "past", "this past"):
            back = 7
        return _single(ref - timedelta(days=back))
    if kind == "relative":
        return _single(ref + timedelta(days=_DATA["relative_days"][words]))
    if kind == "anaphoric":
        base = anchor or ref
        if g.get("n"):
            n = _number(g["n"]) * (1 if g["dir"] in ("later", "after") else -1)
            if anchor_here and g["dir"] in ("after", "before"):
                n = -n  # "rose on Sunday, a day after militants attacked": the attack, Saturday
            return _single(base + timedelta(days=n))
        return _single(base + timedelta(days=_DATA["anaphoric_days"][words]))
    if kind == "ago":
        return _ago(g, ref)
    mod = (g["mod"] or "").lower()
    if mod in ("later this", "next"):
        return "rejected-future"  # "elections later this year"
    return _period(mod, (g["unit"] or "").lower(), ref)


def _single(day: date) -> tuple[date, date, DatePrecision]:
    return day, day, "day"


def _numeric(a: int, b: int, year: int, ref: date | None) -> tuple[date, date, DatePrecision]:
    """Day-first unless only month-first is valid or on or before the reference."""
    options = []
    for day, month in ((a, b), (b, a)):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        raise ValueError("no reading")
    if ref is not None:
        past = [o for o in options if o <= ref]
        options = past or options
    return _single(options[0])


def _range(g: dict[str, str | None], ref: date | None) -> tuple[date, date, DatePrecision] | str:
    m2 = _month(g["m2"]) or _month(g["m1"])
    m1 = _month(g["m1"]) or m2
    d1, d2 = _day(g["d1"]), _day(g["d2"])
    if not (m1 and m2 and d1 and d2):
        return "rejected-impossible"
    year2 = int(g["y2"]) if g["y2"] else int(g["y1"]) if g["y1"] else None
    if year2 is None:  # the year whose start day is the latest on or before publication
        if ref is None:
            return "no-reference"
        first = _latest_on_or_before(ref, m1, d1)
        if first is None:
            return "rejected-impossible"
        year2 = first.year + (m2 < m1)
    end = date(year2, m2, d2)
    start = date(int(g["y1"]) if g["y1"] else end.year, m1, d1)
    if start > end:
        start = date(start.year - 1, m1, d1)
    if (end - start).days > 120:
        return "rejected-impossible"
    if (g["conn"] or "").lower() == "or":  # one day of two: coders take the first
        return start, start, "days"
    if g.get("night"):  # "overnight between 24 and 25 March" is the night of the 24th
        return _single(start)
    return start, end, "days" if (end - start).days < 6 else "week"  # UCDP: 2-6 days


def _month_value(
    g: dict[str, str | None],
    ref: date | None,
) -> tuple[date, date, DatePrecision] | str:
    month = _month(g["m"]) or 0
    if g.get("y"):
        first, last = _month_bounds(int(g["y"]), month)
    else:
        if ref is None:
            return "no-reference"
        year = ref.year if month <= ref.month else ref.year - 1
        if (g.get("pre") or "").lower() == "last" and month == ref.month:
            year -= 1
        first, last = _month_bounds(year, month)
    if ref is not None and first <= ref < last:
        last = ref
    return first, last, "month"


def _ago(g: dict[str, str | None], ref: date) -> tuple[date, date, DatePrecision]:
    unit = (g["unit"] or "day").rstrip("s")
    if g["few"]:
        step = {"day": 1, "week": 7, "month": 30}[unit]
        return (
            ref - timedelta(days=6 * step),
            ref - timedelta(days=2 * step),
            "days" if unit == "day" else "month",
        )
    n = _number(g["n"] or "1")
    if unit == "day":
        return _single(ref - timedelta(days=n))
    if unit == "week":
        day = ref - timedelta(days=7 * n)
        return day - timedelta(days=3), day + timedelta(days=3), "week"
    year, month = divmod(ref.year * 12 + ref.month - 1 - n, 12)
    first, last = _month_bounds(year, month + 1)
    return first, last, "month"


def _period(mod: str, unit: str, ref: date) -> tuple[date, date, DatePrecision]:
    """'last week', 'earlier this month', 'over the weekend', 'last year' and the like."""
    monday = ref - timedelta(days=ref.weekday())
    if unit == "weekend":
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
        if mod == "last" and ref.weekday() >= 5:
            saturday -= timedelta(days=7)
        return saturday, min(saturday + timedelta(days=1), ref), "days"
    if unit == "week":
        if mod in ("last", "late last", "earlier last", "past"):
            if mod == "past":
                return ref - timedelta(days=7), ref, "week"
            return monday - timedelta(days=7), monday - timedelta(days=1), "week"
        return monday, ref, "week"
    if unit == "month":
        if "last" in mod or mod == "past":
            return (
                *_month_bounds(
                    *((ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12))
                ),
                "month",
            )
        return ref.replace(day=1), ref, "month"
    if "last" in mod or mod == "past":
        return date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), "year"
    return date(ref.year, 1, 1), ref, "year"


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


def _matches(text: str) -> list[_Match]:
    """Non-overlapping date expressions, longest first at each position."""
    found: list[tuple[int, int, int, _Match]] = []
    lowered = text.lower()
    opened: dict[re.Pattern[str], bool] = {}
    for priority, (kind, cues, gate, pattern) in enumerate(_PATTERNS):
        if not any(cue in lowered for cue in cues):
            continue  # a cheap test that spares most patterns on most texts
        if gate is not None:
            if gate not in opened:
                opened[gate] = gate.search(text) is not None
            if not opened[gate]:
                continue
        for m in pattern.finditer(text):
            match = _extend(text, kind, m)
            if match is not None:
                found.append((match.start, match.start - match.end, priority, match))
    found.sort(key=lambda f: f[:3])
    chosen: list[_Match] = []
    for _start, _neg, _priority, match in found:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def _extend(text: str, kind: str, m: re.Match[str]) -> _Match | None:
    """Read the words before a match ("between", "last", "Friday,") and settle its kind."""
    groups: dict[str, str | None] = m.groupdict()
    start = m.start()
    if kind in ("dm", "md"):
        kind = "explicit" if groups["y"] else "partial"
    prefix = _PREFIX_WORD.search(text, max(0, start - 12), start)
    if prefix and kind in ("range", "weekday", "explicit", "partial"):
        groups["pre"] = prefix.group(1).lower()
        if kind != "weekday" or groups["pre"] not in ("the", "from", "between"):
            start = prefix.start(1)
    if kind in ("explicit", "partial"):
        weekday = _PREFIX_WEEKDAY.search(text, max(0, start - 12), start)
        start = weekday.start() if weekday else start
    if kind == "range" and re.search(
        r"(?i:night|overnight)\W+(?:\w+\W+)?$", text[max(0, start - 25) : start]
    ):
        groups["night"] = "night"
    if kind == "range" and groups["conn"] in ("and", "And") and groups.get("pre") != "between":
        return None  # "5 and 6 May" counts things unless "between" opens it
    if kind == "relative" and not _relative_ok(text, m):
        return None
    return _Match(kind, start, m.end(), groups)


def _relative_ok(text: str, m: re.Match[str]) -> bool:
    """'USA Today', 'Pakistan Today' are outlets, not dates."""
    if not m.group(0)[0].isupper():
        return True
    previous = re.search(r"(\S+)\s*$", text[max(0, m.start() - 30) : m.start()])
    return not (previous and previous.group(1)[0].isupper() and previous.group(1)[-1].isalpha())


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
    starts = tuple(s.start for s in sentences)
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
    lead = [h for h in usable if h.start < _lead_end(sentences)]
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
