"""The date grammar: every date expression an article holds, found in one pass.

The patterns (and the word lists in ``resources/data/dates.toml`` they are built from)
are tried in priority order and the longest match wins at each start position; the
:mod:`dates` stage turns the matches into dates and picks one per mention. Most
patterns can only start at a cased month or weekday name, at a digit or at one of a few
phrases ("yesterday", "the next day", "last"): those are tried only where such a start
is (found once per text by a cheap scan), which gives the same matches as scanning the
whole text with each pattern, in about half the time.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from conflictcoder.resources.prefilter import finditer_from, occurrences

_DATA = tomllib.loads(
    resources.files("conflictcoder.resources").joinpath("data/dates.toml").read_text("utf-8")
)
_MONTHS: dict[str, int] = _DATA["months"]
_WEEKDAYS: dict[str, int] = _DATA["weekdays"]
_NUMBERS: dict[str, int] = _DATA["numbers"]


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
_PERIOD_MODS = (
    "earlier this", "early this", "late last", "earlier last", "later this", "next", "last",
    "this", "earlier in the", "over the", "at the", "past",
)  # in the order they are tried
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
            rf"\b(?P<mod>(?i:{'|'.join(_PERIOD_MODS)}))\s+"
            r"(?P<unit>weekend|week|month|year)\b",
        ),
    )
)
_PREFIX_WORD = re.compile(r"(?i:\b(from|between|the|last|this past|past|next|coming|this)\s+)$")
_PREFIX_WEEKDAY = re.compile(rf"\b{_WD_ANY},?\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class _Match:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


# Where a pattern can start. Most patterns begin with a cased month name, a cased weekday
# name or a digit (after a word boundary or a look-behind): every start of theirs begins a
# match of a finder below, which one plain scan of the text lists; finders match letters or
# digits only, so no start hides inside an earlier finder match. A few begin with one of a
# closed list of phrases (any case): their starts are where a phrase occurs in the
# lower-cased text, as long as lower-casing keeps every position and no letter in the text
# matches an ASCII letter only when the case is ignored (dotted and dotless i, long s).
_WEEKDAY_FINDER = re.compile(_cased(_WEEKDAYS))
_FINDERS: dict[str, re.Pattern[str]] = {
    "month": _MONTH_GATE,
    "weekday": _WEEKDAY_FINDER,
    "digit": re.compile(r"\d+"),
}
_CASE_ODD = ("\u0130", "\u0131", "\u017f")


def _phrases(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({w.lower() for w in words}))


# The finder of each pattern in _PATTERNS (None: the pattern scans the whole text).
_STARTS: tuple[str | tuple[str, ...] | None, ...] = (
    "digit", "month", "digit", "month", "digit", "digit", "digit", "month", None, None,
    "weekday", "weekday", "weekday", "digit", "weekday",
    _phrases(_DATA["relative_days"]), _phrases(_DATA["anaphoric_days"]), None, None,
    _phrases(_PERIOD_MODS),
)
assert len(_STARTS) == len(_PATTERNS)


@dataclass(frozen=True, slots=True)
class _Anchor:
    """Where a pattern with no start finder can start: every match ends its first part
    (a few words, at most ``head`` characters) right before a run of ``run`` characters
    that ends where ``pattern`` matches (``offset`` characters into that match). Those
    matches are rare and found by a fast scan, so the pattern is tried only in the
    ``head`` characters before each run instead of at every position of the text."""

    pattern: re.Pattern[str]
    head: int
    hyphens: bool = False  # the run is of whitespace and hyphens, not whitespace only
    offset: int = 0


def _anchored_starts(text: str, anchor: _Anchor) -> list[int]:
    """Every position a match of the anchored pattern may start at (a superset)."""
    starts: set[int] = set()
    hyphen = anchor.hyphens
    at = 0
    # Resuming the search one past each match start finds overlapping anchors too.
    while (m := anchor.pattern.search(text, at)) is not None:
        end = m.start() + anchor.offset
        while end > 0 and (text[end - 1].isspace() or (hyphen and text[end - 1] == "-")):
            end -= 1  # ``\s`` in ``re`` is ``str.isspace``
        starts.update(range(max(0, end - anchor.head), end))
        at = m.start() + 1
    return sorted(starts)


_NUM_CHARS = max(2, *(len(w) for w in _NUMBERS))  # "\d{1,2}" or a number word
# The anchor of each pattern in _PATTERNS the start finders leave to a whole-text scan.
_ANCHORS: dict[int, _Anchor] = {
    # "in|during|...|earlier in|later in" [\s-]+ Month
    8: _Anchor(_FULL_MONTH_GATE, len("earlier in"), hyphens=True),
    # "in|during|early|late|mid" \s+ year: the gate's match opens with the space.
    9: _Anchor(_YEAR_GATE, len("during"), offset=1),
    # number \s+ "days earlier"
    17: _Anchor(_DAYS_AFTER_GATE, _NUM_CHARS),
    # number|"a few"|"several" \s+ "weeks ago"
    18: _Anchor(
        re.compile(r"(?:days?|weeks?|months?)\s+ago\b"), max(_NUM_CHARS, len("several"))
    ),
}


def _matches(text: str, *, shortcuts: bool = True) -> list[_Match]:
    """Non-overlapping date expressions, longest first at each position. ``shortcuts``
    (cues, gates and start finders) never change the result, only the time it takes."""
    found: list[tuple[int, int, int, _Match]] = []
    lowered = text.lower()
    # Answers kept per text, keyed by identity: several patterns share cues and gates (and
    # hashing a compiled pattern hashes its code).
    cued: dict[int, bool] = {}
    opened: dict[int, bool] = {}
    starts: dict[str, list[int]] = {}
    for priority, (kind, cues, gate, pattern) in enumerate(_PATTERNS):
        finder = _STARTS[priority] if shortcuts else None
        if shortcuts:
            if id(cues) not in cued:
                cued[id(cues)] = any(map(lowered.__contains__, cues))
            if not cued[id(cues)]:
                continue  # a cheap test that spares most patterns on most texts
        anchor = _ANCHORS.get(priority) if shortcuts else None
        # (An anchored pattern's gate is the anchor scan, or finds less: not searched.)
        if shortcuts and gate is not None and anchor is None:
            if id(gate) not in opened:
                opened[id(gate)] = gate.search(text) is not None
            if not opened[id(gate)]:
                continue
        matches: Iterable[re.Match[str]]
        if anchor is not None:
            matches = finditer_from(pattern, text, _anchored_starts(text, anchor))
        elif finder is None or (
            isinstance(finder, tuple)
            and (len(lowered) != len(text) or any(map(text.__contains__, _CASE_ODD)))
        ):
            matches = pattern.finditer(text)
        elif isinstance(finder, tuple):
            matches = finditer_from(pattern, text, occurrences(lowered, finder))
        else:
            if finder not in starts:
                starts[finder] = [m.start() for m in _FINDERS[finder].finditer(text)]
            matches = finditer_from(pattern, text, starts[finder])
        for m in matches:
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
