"""What a sentence says about its casualty figures as a whole: whether a death is told as
the cause of a protest (background), or as the toll of an earlier event or of a whole war
(earlier). Such figures are kept, flagged, and never counted for the event reported."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from conflictcoder.resources.prefilter import folds_apart
from conflictcoder.stages.casualty_text import reading

BACKGROUND_FLAG = "background"  # a death recalled as the cause of a protest, not this event

_PROTEST_CONTEXT = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ied|ies)|procession|march(?:ed|es)?|sit-in|vigil"
    r"|demand\w*|justice|condemn\w*|mourn\w*|funeral|memorial|anniversary|commemorat\w*"
    r"|hartal|blockade|agitat\w*|accident|crash|electrocut\w*|drown\w*"
    r"|riot\w*|rampage|vandali[sz]\w*)\b",
    re.IGNORECASE,
)
# "riots broke out after a driver was killed", "protested following the death of ...": the
# death that set off the protest, told in a clause of cause (which ends at a comma)
_CAUSE_CLAUSE = re.compile(
    r"\b(?:after|following|in\s+the\s+wake\s+of|in\s+(?:response|reaction|protest)\s+to"
    r"|(?:demand\w*|seek\w*|call\w*\s+for)\s+justice\s+for)\b[^;,]{0,100}$",
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


class _Context:
    """What a sentence says about its figures as a whole, read once per sentence and only
    as far as a figure asks (most sentences' figures need no part of it)."""

    __slots__ = ("_clauses", "_cumulative", "_earlier_year", "_protest", "_published", "_text")

    def __init__(self, text: str, published: date | None) -> None:
        self._text, self._published = text, published
        self._protest: bool | None = None
        self._cumulative: bool | None = None
        self._earlier_year: bool | None = None
        self._clauses: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    @property
    def protest(self) -> bool:
        """A protest or an accident sentence: recalled deaths are its cause."""
        if self._protest is None:
            self._protest = reading(self._text).may_match(_PROTEST_CONTEXT) and bool(
                _PROTEST_CONTEXT.search(self._text)
            )
        return self._protest

    @property
    def cumulative(self) -> bool:
        """A war's whole toll, or "last year"."""
        if self._cumulative is None:
            self._cumulative = _may_be_cumulative(self._text) and bool(
                _CUMULATIVE.search(self._text)
            )
        return self._cumulative

    @property
    def earlier_year(self) -> bool:
        """Names a year before publication (not as an event date)."""
        if self._earlier_year is None:
            text, published = self._text, self._published
            if published is None or ("19" not in text and "20" not in text):
                self._earlier_year = False  # no year named (each starts 19 or 20)
                return False
            dated = {m.group(0)[-4:] for m in _FULL_DATE.finditer(text)}  # "5 May 2019"
            years = [int(y) for y in _YEAR.findall(text) if y not in dated]
            self._earlier_year = any(y < published.year for y in years)
        return self._earlier_year

    def _read_clauses(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._clauses is None:
            self._clauses = (
                tuple(m.start() for m in _RELATIVE.finditer(self._text)),
                tuple(m.start() for m in _BREAK.finditer(self._text)),
            )
        return self._clauses

    @property
    def relatives(self) -> tuple[int, ...]:
        """Where "that", "which", "when", "in which" start."""
        return self._read_clauses()[0]

    @property
    def breaks(self) -> tuple[int, ...]:
        """Where "." and ";" are."""
        return self._read_clauses()[1]


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_BREAK = re.compile(r"[.;]")


def _context(text: str, published: date | None) -> _Context:
    return _Context(text, published)


def _is_background(text: str, start: int, end: int, context: _Context) -> bool:
    """A death told as the reason for a protest ("demanding justice for two students who were
    killed") belongs to an earlier event, not to the protest this sentence reports."""
    if not context.protest:
        return False
    if _CAUSE_CLAUSE.search(text, max(0, start - 120), start):
        return True
    return bool(_RECALLED.search(text, max(0, start - 30), min(len(text), end + 5)))


EARLIER_FLAG = "earlier"  # a toll of an earlier event or of a whole war, told as context
_CUMULATIVE = re.compile(
    r"\b(?:war|conflict|insurgency|violence|fighting|crisis|unrest|uprising|campaign|"
    r"rebellion)\b[^.;]{0,90}?\b(?:has|have|had)\s+(?:so\s+far\s+|since\s+)?"
    r"(?:killed|claimed|left)\b"
    r"|\b(?:last|previous)\s+year\b|\bin\s+recent\s+years\b"
    # a city's count of the year ("so far in 2017, 150 people have been murdered")
    r"|\bso\s+far\s+(?:this\s+(?:year|month)|in\s+(?:19|20)\d\d)\b"
    # a year's or a campaign's count ("72 soldiers killed in the war this year", "since
    # January, 40 have died"), not a record broken ("the deadliest attack this year")
    r"|\b(?:killed|died|dead)\b(?:(?!deadliest|worst|bloodiest|biggest|largest|most\b)[^.;])"
    r"{0,50}?\bthis\s+year\b"
    r"|\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:year|war|conflict|"
    r"fighting|offensive|insurgency|invasion)|(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b(?!\s+\d))",
    re.IGNORECASE,
)
# _CUMULATIVE's alternatives need a war's noun and a verb of its toll, or "year", or "far".
_WAR_NOUNS = (
    "war", "conflict", "insurgency", "violence", "fighting", "crisis", "unrest", "uprising",
    "campaign", "rebellion",
)
_TOLL_VERBS = ("killed", "claimed", "left")


def _may_be_cumulative(text: str) -> bool:
    """False only when _CUMULATIVE cannot match ``text``: none of its words is there."""
    if folds_apart(text):
        return True  # letters that fold apart when case is ignored: the pattern decides
    lower = reading(text).lower
    return (
        "year" in lower
        or "far" in lower
        or "since" in lower
        or (any(map(lower.__contains__, _TOLL_VERBS)) and any(map(lower.__contains__, _WAR_NOUNS)))
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
