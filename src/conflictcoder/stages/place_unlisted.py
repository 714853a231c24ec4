"""Villages no gazetteer lists, coded as ACLED codes them.

"Gunmen raided Qwertabad village near Pasni", "in Dhaki village (Mithamain, Kishoreganj)":
the event happened in a place too small for any shipped gazetteer, and the text locates it
by a known place or area written with it. ACLED writes the village itself in ``location``
and gives it the coordinates and admin areas of the nearest known place (geo_precision 2).
This module finds the unlisted name that a known place stands for: the head of the chain of
names, kind words and separators that leads from the village to the known place.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from conflictcoder.resources.gazetteer import name_key, place_stopwords
from conflictcoder.stages.place_names import CITY_WORDS, KIND_WORDS, UnknownName

_KINDS = "|".join(sorted((re.escape(k) for k in KIND_WORDS), key=len, reverse=True))
# What may stand between an unlisted place and the known place that locates it: kind words
# ("village", "Township"), separators, "in", "of", "near", distances ("5 km west of").
_LINK_WORD = (
    rf"(?:{_KINDS}|in|of|near|nearby|at|the|a|located|situated|outside|close\s+to"
    r"|outskirts|vicinity|sub-county|union|ward|tehsil|upazila|rural|\d+(?:\.\d+)?"
    r"|km|kms|kilomet(?:er|re)s?|miles?|north|south|east|west|northeast|northwest"
    r"|southeast|southwest|north-east|north-west|south-east|south-west|from)"
)
# "and" never links: "Foo village and Bar" are two places.
_GAP = re.compile(rf"^(?:\s+|[,(]|\b{_LINK_WORD}\b)*$", re.IGNORECASE)
# Inside brackets of areas, an unlisted area may come first: "Foo village (Bar, Kishoreganj)".
_BRACKET_GAP = re.compile(
    rf"^(?:\s+|,|\b{_LINK_WORD}\b)*\((?:\s+|,|(?-i:[A-Z])[\w'’-]*|\b{_LINK_WORD}\b)*$",
    re.IGNORECASE,
)
_MAX_GAP = 60

# Kind words written after the name are not the name ("Kologora village", "Chardara
# District"), unless a capitalised settlement word belongs to it ("Mahad IDP Camp").
_TRAILING_KIND = re.compile(
    rf"(?:\s+(?:(?i:{'|'.join(sorted(KIND_WORDS - CITY_WORDS, key=len, reverse=True))})"
    rf"|{'|'.join(sorted(CITY_WORDS, key=len, reverse=True))}))+$"
)
_LEADING_ARTICLE = re.compile(r"^(?:the|The)\s+")


def unlisted_head(
    text: str,
    unknown: Sequence[UnknownName],
    known: tuple[int, bool],
    floor: int,
    taken: Sequence[tuple[int, int]] = (),
) -> UnknownName | None:
    """The unlisted place that a known place locates: the first name of the chain of unlisted
    names linked to it ("Dhaki village, Mithamain (Kishoreganj" -> Dhaki), written in full,
    or None when no unlisted name is written with it. ``known`` is the known place's start
    and whether it is an area; ``floor`` bounds the search (the sentence's start); ``taken``
    are the spans of the known places, which no unlisted name runs into.

    The name must clearly be a settlement: written with its kind ("Foo village", "the
    village of Foo"), inside an area ("Foo, Kharkiv region", "Foo (Bar, Baz)") or near a
    town ("in Foo, near Pasni"). A site in a town ("a rally at Rogers Park in Beaumont") is
    coded at the town.
    """
    known_start, known_is_area = known
    before = sorted(
        (u for u in unknown if floor <= u.start and u.end <= known_start),
        key=lambda u: u.start,
        reverse=True,
    )
    head: UnknownName | None = None
    pos = known_start
    cued = known_is_area
    unit: UnknownName | None = None  # an unlisted unit that coders code by its own name
    for u in before:
        if u.end > pos:
            continue  # overlaps a name already in the chain
        gap = text[u.end : pos]
        if len(gap) > _MAX_GAP or not (_GAP.match(gap) or _BRACKET_GAP.match(gap)):
            break
        if head is None and _SADAR_UNIT.search(gap):
            return None  # "Foo (Sadar upazila, Bar)": Bar's headquarters unit, coded at Bar
        if _AREA_AFTER.match(text, u.end):
            continue  # "Foo area of Bar township": an area, no settlement; Bar stands for it
        if head is None and len(u.written) <= 3 and gap.strip() in ("", "-"):
            break  # an article the scanner split from the known name ("Al" of "Al Rutba")
        if head is not None and gap.strip() in ("", "-"):
            u = UnknownName(u.start, head.end, text[u.start : head.end])  # one name, split
        head, pos = u, u.start
        if unit is None and coded_unit_after(text, u.end):
            if _SADAR.search(u.written):
                return None  # "Bar Sadar upazila": the district town (the known place)
            unit, cued = u, True
        # "Foo (Bar, Baz)": the brackets name the areas Foo lies in.
        cued = cued or "(" in gap or bool(_KIND_IN.search(gap) or _NEAR_IN.search(gap))
        cued = cued or bool(_KIND_OF.search(text, floor, u.start))
    if head is None or not cued:
        return None
    if unit is not None and head is not unit and not named_inside_unit(text, head.end):
        head = unit  # "Foo village in Bar upazila": coders locate Bar, not Foo
    whole = full_name(text, head, floor)
    if any(s < whole.end and whole.start < e for s, e in taken):
        whole = head
    # "between Foo and Bar villages": the first of the two, as coders code it.
    first = _BETWEEN.search(text, max(floor, whole.start - 60), whole.start)
    if first is not None and not any(
        s < first.end("name") and first.start("name") < e for s, e in taken
    ):
        return UnknownName(first.start("name"), first.end("name"), first.group("name"))
    return whole


@lru_cache(maxsize=1)
def _coded_unit_pattern() -> re.Pattern[str]:
    """The words of data/coded_units.csv, as written right after a unit's name."""
    text = resources.files("conflictcoder.resources").joinpath("data/coded_units.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    words = sorted((r["word"] for r in csv.DictReader(lines)), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    # "Kaliganj upazila", "Habiganj sadar upazila", "Singra Upazila".
    return re.compile(rf"\s+(?:sadar\s+)?(?:{alternatives})\b", re.IGNORECASE)


def coded_unit_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is written as a unit that conflict data code by its
    own name rather than by the villages inside it ("Kaliganj upazila")."""
    return _coded_unit_pattern().match(text, end) is not None


# What coders do locate inside such a unit: a union or town, a camp, a market, a locality.
_NAMED_SETTLEMENT_AFTER = re.compile(
    r"\s+(?:union|town|camp|locality|bazaa?r|market|pourashava|municipality)\b", re.IGNORECASE
)


def named_inside_unit(text: str, end: int) -> bool:
    """Whether the unlisted name ending at ``end`` is written as a place that coders locate
    inside a unit of coded_units.csv ("Foo union, Bar upazila"), unlike a village."""
    return _NAMED_SETTLEMENT_AFTER.match(text, end) is not None


_SADAR = re.compile(r"(?:^|\s)(?i:sadar)$")
_SADAR_UNIT = re.compile(r"\bsadar\s+upazill?as?\b", re.IGNORECASE)


# "Foo village", "Foo Bar hamlet", "the village of Foo": a settlement named by its kind.
_SETTLEMENT = r"villages?|towns?|hamlet|settlement|locality|camp"
# The smallest units, named after their main village or town: a Bangladeshi union, a Kenyan
# location, a Nepali (rural) municipality, a Myanmar township ("Nam Mar township").
_UNIT = r"union|(?:sub-)?location|(?:rural\s+)?municipality|township|village\s+tract"
# Words are possessive (*+): a hyphen taken by a word is never handed back to the
# separator, so a run of hyphenated capitals cannot be split in exponentially many ways.
_NAME = r"[A-Z][\w'’-]*+(?:[ -](?:[A-Z][\w'’-]*+|al|el|de|du|la|le)){0,5}"
_CUED = re.compile(
    rf"(?P<a>{_NAME})\s+(?:{_SETTLEMENT}|{_UNIT})\b|\b(?:{_SETTLEMENT})\s+of\s+(?P<b>{_NAME})"
)


def cued_settlements(
    text: str, start: int, end: int, taken: Sequence[tuple[int, int]]
) -> list[UnknownName]:
    """Names written as settlements in ``text[start:end]`` ("Foo village", "the village of
    Foo") that no known place covers: some have a homonym abroad, so the name scanner
    resolves them there or drops them."""
    out = []
    for m in _CUED.finditer(text, start, end):
        group = "a" if m.group("a") else "b"
        s, e = m.start(group), m.end(group)
        # The words that are no name go ("In Foo village", "Police Foo village" -> Foo).
        words = list(re.finditer(r"[^ -]+", text[s:e]))
        while words and not (words[0].group()[:1].isupper() and _name_word(words[0].group())):
            words.pop(0)
        if not words or any(a < e and s < b for a, b in taken):
            continue
        s += words[0].start()
        out.append(UnknownName(s, e, text[s:e]))
    return out


# "at Chaugachha in Jessore", "in Kalapara of Patuakhali district", "at Gazaria under
# Munshiganj": a bare name written as the scene and placed in an area named right after it.
_BARE_BEFORE = re.compile(
    rf"\b(?:in|at)\s+(?P<name>{_NAME})\s*(?:,|\(|\bin\b|\bof\b|\bunder\b)\s*(?:the\s+)?$"
)


def bare_name_before(
    text: str, floor: int, known_start: int, taken: Sequence[tuple[int, int]]
) -> UnknownName | None:
    """The bare name written as a scene just before the known area at ``known_start``
    ("at Chaugachha in Jessore" -> Chaugachha), when it is no known place and no common word,
    acronym or body ("Rajshahi University")."""
    m = _BARE_BEFORE.search(text, max(floor, known_start - 80), known_start)
    if m is None:
        return None
    s, e = m.span("name")
    if any(a < e and s < b for a, b in taken):
        return None
    words = m.group("name").replace("-", " ").split()
    if not all(_name_word(w) for w in words) or any(w.lower() in _SITE_WORDS for w in words):
        return None
    return UnknownName(s, e, m.group("name"))


_BETWEEN = re.compile(
    r"\bbetween\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,5})\s+and\s+$"
)
_AREA_AFTER = re.compile(r"\s+(?:area|areas|zone|region|sector|front)\b", re.IGNORECASE)
_NEAR_IN = re.compile(
    r"\b(?:near|close\s+to|outside|km|kms|kilomet(?:er|re)s?|miles?)\b", re.IGNORECASE
)
_KIND_IN = re.compile(rf"\b(?:{_KINDS})\b", re.IGNORECASE)
_KIND_OF = re.compile(rf"\b(?:{_KINDS})\s+of\s+(?:the\s+)?$", re.IGNORECASE)


# The words just before an unlisted name that belong to it ("Don Dit village", "Al Kawukli
# village", "Oke Ta Ra Thi Ri"): capitalised, joined by a space or a hyphen, up to five.
_WORD_BEFORE = re.compile(r"([A-Z][\w'’]*|al|el|de|du|la|le)[ -]$")
_MAX_WORDS_BEFORE = 5
# A kind word written capitalised is part of the name ("Kologora Village", "Mahad IDP Camp").
_KIND_AFTER = re.compile(
    r" (" + "|".join(sorted((w.capitalize() for w in CITY_WORDS), key=len, reverse=True)) + r")\b"
)


def full_name(text: str, u: UnknownName, floor: int) -> UnknownName:
    """The whole name of an unlisted place of which the scanner kept the last word ("Dit" of
    "Don Dit village"), with a capitalised kind word that is part of it ("Kologora Village").
    Words that are no name ("On", "Police", "JNIM") end it."""
    start, end = u.start, u.end
    begin = start
    for _ in range(_MAX_WORDS_BEFORE):
        m = _WORD_BEFORE.search(text, max(floor, begin - 30), begin)
        if m is None or not _name_word(m.group(1)):
            break
        begin = m.start(1)
        if m.group(1)[:1].isupper():
            start = begin  # a name starts with a capital, never with "al" or "de"
    after = _KIND_AFTER.match(text, end)
    if after is not None:
        end = after.end()
    if (start, end) == (u.start, u.end):
        return u
    return UnknownName(start, end, text[start:end])


def _name_word(word: str) -> bool:
    if word[:1].islower():
        return True  # a connector inside a name ("Deir el Balah")
    letters = [c for c in word if c.isalpha()]
    if len(letters) <= 5 and all(c.isupper() for c in letters):
        return False  # an acronym: a group or an office ("the KIA", "IDP"), no name
    key = name_key(word)
    return key in _NAME_PREFIXES or key not in place_stopwords()


# Words that make a name a body or a site of a place ("Kendua Press Club").
_SITE_WORDS = frozenset(
    (
        "press", "club", "police", "station", "hospital", "school", "university", "college",
        "mosque", "church", "temple", "court", "office", "stadium", "airport", "prison",
    )
)
# Common words that start many names ("Lower Baqras", "New Halfa", "North Kordofan").
_NAME_PREFIXES = frozenset(
    (
        "lower", "upper", "new", "old", "north", "south", "east", "west", "northern",
        "southern", "eastern", "western", "central", "great", "little", "big", "greater",
        "middle",
    )
)


def proper_name(written: str) -> str:
    """The name of an unlisted place as ACLED writes it: no kind word, no article, and in
    title case when the text shouts it ("KOLOGORA village" -> "Kologora")."""
    name = _LEADING_ARTICLE.sub("", written.strip())
    # "Chaipara of Sreepur": a part of Sreepur; the settlement is Sreepur.
    name = name.rsplit(" of ", 1)[-1]
    bare = _TRAILING_KIND.sub("", name).strip()
    name = bare or name
    # "Kendua Press Club": a body or site of the place, named after it.
    words = name.split(" ")
    cut = next((k for k, w in enumerate(words[1:], 1) if w.lower() in _SITE_WORDS), None)
    if cut is not None:
        name = " ".join(words[:cut])
    if name.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    return name
