"""The data model: small frozen records that every stage reads and returns.

Stages never mutate a record; they return new ones (``dataclasses.replace``).
Every extracted value carries a :class:`Span` into ``Article.text`` so a user can
see the words it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DatePrecision = Literal["day", "days", "week", "month", "year"]
PlacePrecision = Literal["exact", "near", "admin2", "admin1", "region", "country", "water"]
CasualtyKind = Literal["killed", "injured", "abducted", "arrested"]
CasualtySide = Literal["militants", "security", "civilians", "unknown", "attackers"]
FigureStatus = Literal["reported", "official", "claimed", "disputed"]
# What is coded: "political" is what ACLED and UCDP code; "all-violence" adds crime.
Scope = Literal["political", "all-violence"]


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from content: the same input always gives the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into one article's text."""

    article_id: str
    start: int
    end: int

    def text_of(self, article: Article) -> str:
        return article.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    url: str = ""
    outlet: str = ""
    title: str = ""
    byline: str = ""
    published: date | None = None
    wire: str = ""
    language: str = "en"
    origin: str = ""  # file path or input id the article was read from

    @staticmethod
    def make_id(url: str, text: str) -> str:
        return content_id(url, text)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A sentence that reports an event, with the trigger that says so."""

    sentence: Sentence
    trigger: Span
    trigger_text: str
    event_type: str
    sub_event_type: str
    span: Span  # the whole sentence


@dataclass(frozen=True, slots=True)
class DateValue:
    start: date
    end: date
    precision: DatePrecision
    span: Span | None
    method: str
    text: str = ""

    @property
    def acled_date(self) -> date:
        """The date ACLED codes: the known end of the period, except that a month-precision
        event takes the month's mid-point (the 15th) inside the period (time precision 3)."""
        if self.precision != "month":
            return self.end
        return min(max(self.start.replace(day=15), self.start), self.end)

    @property
    def acled_time_precision(self) -> int:
        return {"day": 1, "days": 2, "week": 2, "month": 3, "year": 3}[self.precision]

    @property
    def ucdp_date_prec(self) -> int:
        return {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5}[self.precision]


@dataclass(frozen=True, slots=True)
class Place:
    written: str
    name: str
    country: str
    iso2: str
    iso_numeric: int | None
    region: str  # ACLED region
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision = "exact"
    span: Span | None = None
    method: str = ""
    # An unlisted village is coded as ACLED codes it: ``name`` is the village as written,
    # the coordinates and areas are those of the known place named here.
    nearest: str = ""

    @property
    def acled_geo_precision(self) -> int:
        return {"exact": 1, "near": 2, "admin2": 2, "admin1": 3, "region": 3, "country": 3,
                "water": 3}[self.precision]

    @property
    def ucdp_where_prec(self) -> int:
        return {"exact": 1, "near": 2, "admin2": 3, "admin1": 4, "region": 5, "country": 6,
                "water": 7}[self.precision]


@dataclass(frozen=True, slots=True)
class Actor:
    written: str
    name: str  # ACLED-style normalised name
    inter: int  # ACLED actor type 1-8
    country: str = ""
    span: Span | None = None
    is_known: bool = True  # False: a named group not in the dictionary, kept as written


@dataclass(frozen=True, slots=True)
class ActorRoles:
    """The actors of one mention in ACLED's order (order is not attacker/defender)."""

    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True)
class CasualtyFigure:
    kind: CasualtyKind
    low: int
    best: int
    high: int
    side: CasualtySide
    status: FigureStatus
    span: Span
    text: str
    source: str = ""  # who says so: police, hospital, the group itself, the outlet
    actor: str = ""  # the named actor whose losses these are, when known
    is_total: bool = False  # a running total ("rose to 58") that sums other figures
    flag: str = ""  # why a figure was not counted (absurd, a year, ...)


@dataclass(frozen=True, slots=True)
class Provenance:
    field: str
    span: Span
    text: str
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event as one article reports it."""

    id: str
    article_id: str
    date: DateValue
    place: Place | None
    event_type: str
    sub_event_type: str
    disorder_type: str
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()
    civilian_targeting: bool = False
    figures: tuple[CasualtyFigure, ...] = ()
    fatalities: int = 0
    deaths_a: int = 0
    deaths_b: int = 0
    deaths_civilians: int = 0
    deaths_unknown: int = 0
    low: int = 0
    best: int = 0
    high: int = 0
    claims: tuple[CasualtyFigure, ...] = ()
    type_of_violence: int | None = None
    source: str = ""
    notes: str = ""
    provenance: tuple[Provenance, ...] = ()

    def spans(self) -> list[Span]:
        """Every span the record carries: provenance, date, place, actors, figures, claims."""
        spans = [p.span for p in self.provenance]
        spans += [s for s in (self.date.span, self.place.span if self.place else None) if s]
        for actor in (self.actor1, self.actor2, *self.assoc_actor_1, *self.assoc_actor_2):
            if actor is not None and actor.span is not None:
                spans.append(actor.span)
        spans += [f.span for f in (*self.figures, *self.claims)]
        return spans

    @property
    def interaction(self) -> int | None:
        if self.actor1 is None:
            return None
        codes = sorted([self.actor1.inter, self.actor2.inter if self.actor2 else 0])
        if codes[0] == 0:
            return codes[1] * 10
        return codes[0] * 10 + codes[1]


@dataclass(frozen=True, slots=True)
class TollRevision:
    reported: date | None
    fatalities: int
    article_id: str
    source: str


@dataclass(frozen=True, slots=True)
class Event:
    """The canonical event merged from the records of many reports."""

    id: str
    record: EventRecord  # the canonical values, chosen by explicit rules
    record_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    toll_history: tuple[TollRevision, ...] = ()
    id_cnty: str = ""  # ACLED-style stable id: ISO3 + number (e.g. PAK12), kept across updates
    sources: tuple[str, ...] = ()  # every outlet that reported it, syndicated copies included


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be read or coded; counted in the run report."""

    origin: str
    reason: str
    code: str


@dataclass(frozen=True, slots=True)
class ArticleResult:
    article: Article
    records: tuple[EventRecord, ...]
    mentions: tuple[Mention, ...] = ()


@dataclass(slots=True)
class RunReport:
    articles_read: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    records: int = 0
