"""Where each event happened: place mentions found with the gazetteer, disambiguated as a
coder would, and the event's place chosen from the words around its mention.

One pass over the article (:func:`article_geo_context`) finds the place names, decides the
article's country (dateline, country names, the places' own countries) and resolves every
name against it, using administrative containment ("Pasni in Gwadar district") and
population. :func:`resolve_place` then picks, for one mention, the place where the action
happened, and sets the precision ACLED and UCDP use. Villages no gazetteer lists fall back,
as ACLED codes them, to the nearest known place named with them or to their admin area.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from conflictcoder.model import Article, Mention, Place, PlacePrecision, Sentence, Span
from conflictcoder.resources.gazetteer import GazEntry, Gazetteer, Hit, name_key
from conflictcoder.stages.place_names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    CITY_WORDS,
    Dateline,
    NameCandidate,
    UnknownName,
    find_dateline,
    person_like,
    scan_names,
)

_KIND_RANK = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in the text and the gazetteer entry it was resolved to."""

    start: int
    end: int
    written: str
    entry: GazEntry
    cue: str  # the kind word that names it ("district", "village"), "" when none
    near: bool  # written "near X", "5 km west of X", "outskirts of X"
    score: float
    locative: bool = False  # written "in X", "at X", "X district": where something happened
    others: tuple[GazEntry, ...] = ()  # the other places of that name
    origin: bool = False  # written "from X"


@dataclass(frozen=True, slots=True)
class GeoContext:
    country: str  # ACLED country name of the article, "" when unknown
    iso2: str = ""
    dateline: PlaceMention | None = None
    places: tuple[PlaceMention, ...] = ()
    unknown: tuple[UnknownName, ...] = ()
    country_span: tuple[int, int] | None = None  # where the country is named, if anywhere


def _country_votes(
    text: str, cands: list[NameCandidate], gaz: Gazetteer, dateline: Dateline | None
) -> tuple[Counter[str], dict[str, tuple[int, int]]]:
    votes: Counter[str] = Counter()
    spans: dict[str, tuple[int, int]] = {}
    for word in set(re.findall(r"\b[A-Z][a-z]+s?\b", text)):
        info = gaz.demonym(word)
        if info:
            votes[info.iso2] += 1.0
    words, pattern = _area_words()
    lowered = text.lower()
    present = [w for w in words if w in lowered]  # substring tests first: most texts have none
    seen = Counter(m.group(0) for m in pattern.finditer(lowered)) if present else Counter()
    for word, count in seen.items():
        for iso2 in words[word]:
            votes[iso2] += 1.5 * min(2, count) / len(words[word])
    city, country = (dateline.city, dateline.country) if dateline else ("", "")
    if country:
        info = gaz.country_by_name(country)
        if info:
            votes[info.iso2] += 6
    if city:
        hits = gaz.lookup(city)
        if hits:
            votes[max(hits, key=lambda h: h.entry.population).entry.iso2] += 4
    for c in cands:
        if c.stop:
            continue
        countries = {h.entry.iso2 for h in c.hits}
        kinds = {h.entry.kind for h in c.hits}
        if "country" in kinds:
            iso2 = next(h.entry.iso2 for h in c.hits if h.entry.kind == "country")
            votes[iso2] += 3
            spans.setdefault(iso2, (c.start, c.end))
            continue
        strength = (1.5 if c.strong else 1.0) * (1.0 if any(h.exact for h in c.hits) else 0.5)
        if len(countries) == 1:
            weight = 2.0 if kinds & {"admin1", "admin2"} else 1.0
            votes[countries.pop()] += weight * strength
            continue
        # Homonyms abroad: a place far bigger than the others speaks for its country.
        top = max(c.hits, key=lambda h: h.entry.population)
        others = max(h.entry.population for h in c.hits if h.entry.iso2 != top.entry.iso2)
        if top.exact and top.entry.population >= 5 * others + 1000:
            votes[top.entry.iso2] += 0.75 * strength
    return votes, spans


def _score(
    hit: Hit, cand: NameCandidate, iso2: str, mentioned: Counter[int], countries: Counter[str]
) -> float:
    e = hit.entry
    score = math.log10(e.population + 10) / 2
    if hit.exact:
        score += 0.5
    if iso2:
        score += 4.0 if e.iso2 == iso2 else (1.0 if countries[e.iso2] >= 3 else -3.0)
    # Containment: the article names the area this place lies in ("Pasni ... Gwadar").
    # A name does not support itself ("Kharkiv region" is not in the Kharkiv oblast twice).
    key = name_key(cand.written)
    if e.admin1_id is not None and e.kind != "admin1" and mentioned[e.admin1_id]:
        score += 3.0 if name_key(e.admin1) != key else 0.0
    if e.admin2_id is not None and e.kind != "admin2" and mentioned[e.admin2_id]:
        score += 3.0 if name_key(e.admin2) != key else 0.0
    # Area words say "an area", not which level: a Kenyan county is an admin1.
    if cand.cue in ADMIN1_WORDS or cand.cue in ADMIN2_WORDS:
        preferred = "admin1" if cand.cue in ADMIN1_WORDS else "admin2"
        score += 3.0 if e.kind == preferred else (2.0 if e.kind != "city" else -1.0)
    elif cand.cue in CITY_WORDS:
        score += 1.5 if e.kind == "city" else -1.0
    elif e.kind == "city":
        score += 0.6  # "in Herat" means the town, not the province of the same name
    elif e.kind in ("admin1", "admin2") and name_key(e.seat) == name_key(e.name):
        score -= 0.3
    return score


def _best(
    cand: NameCandidate,
    iso2: str,
    mentioned: Counter[int],
    votes: Counter[str],
    contained: frozenset[int],
) -> tuple[float, Hit]:
    scored = [
        (_score(h, cand, iso2, mentioned, votes) + (4.0 if h.entry.id in contained else 0.0), h)
        for h in cand.hits
    ]
    return max(scored, key=lambda x: (x[0], x[1].entry.population))


def _accept(
    cand: NameCandidate, best: Hit, iso2: str, countries: Counter[str], areas: frozenset[int]
) -> bool:
    """Whether a name really is a place: the evidence needed grows as the place gets obscure."""
    e = best.entry
    if e.kind == "country":
        return True
    pop = e.population
    if cand.stop:  # "Police", "Ali": only a big city written as a place ("in Jackson")
        return cand.strong and pop >= 100_000 and e.iso2 == iso2
    if (
        not best.exact
        and e.kind == "city"
        and not (cand.strong and (e.iso2 == iso2 or (not iso2 and pop >= 10_000)))
    ):
        return False  # alternate names of small places are mostly noise
    if iso2 and e.iso2 != iso2:
        if areas:
            return False  # the article names areas of its country: a homonym abroad is not meant
        return (
            (pop >= 500_000 and best.exact)
            or countries[e.iso2] >= 3
            or (cand.strong and best.exact and pop >= 100_000 and e.kind == "city")
        )
    if not iso2 and e.kind == "city":
        return (cand.strong and pop >= 1_000) or pop >= 50_000
    # Last, a small homonym outside every area the article names is not the place meant.
    return not (
        e.kind == "city"
        and pop < 50_000
        and areas
        and e.admin1_id not in areas
        and e.admin2_id not in areas
    )


def _parenthesised(text: str, cand: NameCandidate) -> bool:
    return text[max(0, cand.start - 2) : cand.start].strip() in ("(", ",")


def article_geo_context(
    article: Article, sentences: tuple[Sentence, ...], gazetteer: Gazetteer
) -> GeoContext:
    """Find and resolve every place name of the article and decide its country."""
    text = article.text
    cands, unknown = scan_names(text, 0, len(text), gazetteer)
    # Demonyms name peoples ("Somali residents"), unless written as a place ("Somali region").
    cands = [
        c
        for c in cands
        if not person_like(text, c) and (c.cue or gazetteer.demonym(c.written) is None)
    ]
    dateline = find_dateline(text)
    votes, spans = _country_votes(text, cands, gazetteer, dateline)
    iso2 = ""
    if votes:
        (top, top_votes), *rest = [*votes.most_common(2), ("", 0.0)]
        if top_votes >= 1.0 and top_votes > rest[0][1]:
            iso2 = top
    # Areas named unambiguously (in the article's country) support the places inside them.
    mentioned: Counter[int] = Counter()
    for c in cands:
        for h in c.hits:
            if h.entry.kind in ("admin1", "admin2") and (not iso2 or h.entry.iso2 == iso2):
                mentioned[h.entry.id] += 1
    first = [_best(c, iso2, mentioned, votes, frozenset()) for c in cands]
    # Areas written as areas ("Khammam District", "Luhansk region", "(Kunar)").
    areas_named = frozenset(
        h.entry.id
        for c in cands
        if c.cue in ADMIN1_WORDS or c.cue in ADMIN2_WORDS or _parenthesised(text, c)
        for h in c.hits
        if h.entry.kind in ("admin1", "admin2") and h.entry.iso2 == iso2
    )
    # An area that contains another place named beside it is that place's qualifier
    # ("Andarab district, Baghlan": Baghlan the province, not the town).
    resolved: list[PlaceMention] = []
    for c in cands:
        key = name_key(c.written)
        near_ids = frozenset(
            i
            for m, (_, h) in enumerate(first)
            if abs(cands[m].start - c.start) < 120 and name_key(cands[m].written) != key
            for i in (h.entry.admin1_id, h.entry.admin2_id)
            if i is not None
        )
        score, best = _best(c, iso2, mentioned, votes, near_ids)
        if _accept(c, best, iso2, votes, areas_named):
            others = tuple(h.entry for h in c.hits if h.entry.id != best.entry.id)
            resolved.append(
                PlaceMention(
                    c.start,
                    c.end,
                    c.written,
                    best.entry,
                    c.cue,
                    c.near,
                    score,
                    c.strong,
                    others,
                    c.origin,
                )
            )
    resolved, dropped = _drop_unqualified(text, resolved)
    unknown.extend(dropped)
    info = gazetteer.country(iso2) if iso2 else None
    dl = None
    if dateline is not None:
        dl = next((p for p in resolved if p.start == dateline.city_start), None)
    return GeoContext(
        country=info.name if info else "",
        iso2=iso2,
        dateline=dl,
        places=tuple(resolved),
        unknown=tuple(unknown),
        country_span=spans.get(iso2),
    )


_QUALIFIER_GAP = re.compile(r"\s*(?:village|town|city|area|locality)?\s*[,(]\s*\Z", re.IGNORECASE)


def _contains(outer: GazEntry, inner: GazEntry) -> bool:
    return outer.id in (inner.admin1_id, inner.admin2_id) and outer.id != inner.id


def _areas(p: PlaceMention, iso2: str) -> list[GazEntry]:
    return [e for e in (p.entry, *p.others) if e.kind in ("admin1", "admin2") and e.iso2 == iso2]


def _drop_unqualified(
    text: str, places: list[PlaceMention]
) -> tuple[list[PlaceMention], list[UnknownName]]:
    """Read "X, Y" and "X (Y)" as a place and its area, as coders write them.

    X becomes the homonym inside Y when there is one; a town the gazetteer has only
    elsewhere is an unlisted village ("Kamyanka, Kharkiv"), left to fall back on Y. Y, if
    read as a town, becomes the area of that name ("Kotwali city (Dhaka, Dhaka)").
    """
    out = list(places)
    dropped: list[UnknownName] = []
    for n in range(len(out) - 1):
        p, q = out[n], out[n + 1]
        if p.entry.kind != "city" or not _QUALIFIER_GAP.match(text[p.end : q.start]):
            continue
        areas = _areas(q, p.entry.iso2)
        if not areas:
            continue
        inside = [(a, e) for a in areas for e in (p.entry, *p.others) if _contains(a, e)]
        if inside:
            area, entry = inside[0]
            out[n] = replace(p, entry=entry)
            if q.entry.kind == "city" and not _contains(q.entry, entry):
                out[n + 1] = replace(q, entry=area, locative=False)
        elif p.entry.population < 100_000:
            dropped.append(UnknownName(p.start, p.end, p.written))
            out[n] = replace(p, score=float("nan"))
    kept = [p for p in out if p.score == p.score]  # NaN marks the dropped
    return kept, dropped


def _sentence_places(geo: GeoContext, start: int, end: int) -> list[PlaceMention]:
    # The dateline says where the reporter filed from, not where the event happened.
    return [p for p in geo.places if start <= p.start and p.end <= end and p is not geo.dateline]


def _pick(places: list[PlaceMention], anchor: int = -1) -> PlaceMention | None:
    """The place where the action happened among those one sentence names.

    ``anchor`` is the trigger's offset: of two places written alike, the nearer one wins
    ("stormed a camp in Nushki and attacked a post in Pasni").
    """
    if not places:
        return None
    subnational = [p for p in places if p.entry.kind != "country"]
    if not subnational:
        return places[0]

    # Drop areas that contain another named place ("Pasni, Gwadar district").
    specific = [p for p in subnational if not any(_contains(p.entry, q.entry) for q in subnational)]

    # A place written as the scene ("in X", "X district") before one named in passing;
    # one written just after the trigger ("raided a post in Pasni") before the others.
    def after_trigger(p: PlaceMention) -> bool:
        return anchor >= 0 and 0 <= p.start - anchor <= 80

    ranked = sorted(
        specific,
        key=lambda p: (
            not p.locative,
            p.origin,
            not after_trigger(p),
            -_KIND_RANK[p.entry.kind],
            p.start,
        ),
    )
    return ranked[0] if ranked else subnational[0]


def _precision(pm: PlaceMention, unknown_near: bool) -> PlacePrecision:
    kind = pm.entry.kind
    if kind == "country":
        return "country"
    if kind == "admin1":
        return "admin1"
    if kind == "admin2":
        return "admin2"
    return "near" if pm.near or unknown_near else "exact"


@lru_cache(maxsize=1)
def _area_words() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """Country-specific unit words ("upazila") and one pattern that finds them all."""
    text = resources.files("conflictcoder.resources").joinpath("data/area_words.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    words = {r["word"]: tuple(r["countries"].split("|")) for r in csv.DictReader(lines)}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return words, re.compile(rf"\b(?:{alternatives})\b")


@lru_cache(maxsize=1)
def _admin1_history() -> dict[tuple[str, str], tuple[date, str]]:
    text = resources.files("conflictcoder.resources").joinpath("data/admin1_history.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {
        (r["iso2"], r["admin1"]): (date.fromisoformat(r["since"]), r["before"])
        for r in csv.DictReader(lines)
    }


def _admin1_then(iso2: str, admin1: str, when: date | None) -> str:
    """The admin1 as it was on the article's date (Telangana was Andhra Pradesh until 2014)."""
    change = _admin1_history().get((iso2, admin1))
    return change[1] if change and when and when < change[0] else admin1


def _place(
    pm: PlaceMention, article: Article, gaz: Gazetteer, precision: PlacePrecision, method: str
) -> Place:
    e = pm.entry
    info = gaz.country(e.iso2)
    # ACLED names a district event after the district (its seat mostly bears the name) and
    # a province-wide one after the provincial capital.
    name = e.seat if e.kind == "admin1" and e.seat else e.name
    return Place(
        written=pm.written,
        name=name,
        country=info.name if info else "",
        iso2=e.iso2,
        iso_numeric=info.iso_numeric if info else None,
        region=info.region if info else "",
        admin1=_admin1_then(e.iso2, e.admin1, article.published) if e.kind != "country" else "",
        admin2=e.admin2,
        latitude=e.latitude,
        longitude=e.longitude,
        geonames_id=e.geonames_id,
        precision=precision,
        span=Span(article.id, pm.start, pm.end),
        method=method,
    )


def _scene_before(
    geo: GeoContext, sentences: tuple[Sentence, ...], sent: Sentence
) -> PlaceMention | None:
    """The place the paragraph last set as the scene, before this sentence."""
    earlier = [s for s in sentences if s.paragraph == sent.paragraph and s.end <= sent.start]
    fallback = None
    for s in reversed(earlier):
        cand = _pick(_sentence_places(geo, s.start, s.end))
        if cand is None or cand.entry.kind == "country":
            continue
        if cand.locative:
            return cand
        fallback = fallback or cand
    return fallback


def _article_scene(geo: GeoContext) -> PlaceMention | None:
    """The article's main place: its first place written as a scene, in its country."""
    local = [
        p
        for p in geo.places
        if p.entry.kind != "country" and (not geo.iso2 or p.entry.iso2 == geo.iso2)
    ]
    scenes = [p for p in local if p.locative]
    return _pick(scenes[:3]) or _pick(local[:3])


def resolve_place(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> Place | None:
    """The place of one event mention, or None when no place can be told."""
    sent = mention.sentence
    trigger = mention.trigger
    here = _sentence_places(geo, sent.start, sent.end)
    unknown_here = [u for u in geo.unknown if sent.start <= u.start and u.end <= sent.end]
    pick = _pick(here, trigger.start if trigger.end > trigger.start else -1)
    method = "sentence"
    if pick is None or pick.entry.kind == "country" or not pick.locative:
        # Back through the paragraph, then the dateline, then the article's lead; a place
        # the sentence names only in passing ("from X", "X police") yields to a scene.
        fallbacks = (
            ("paragraph", _scene_before(geo, sentences, sent)),
            ("dateline", geo.dateline),
            ("article", _article_scene(geo)),
        )
        for how, cand in fallbacks:
            if cand is None or cand.entry.kind == "country":
                continue
            if pick is None or pick.entry.kind == "country" or cand.locative:
                pick, method = cand, how
            break
    if pick is None or pick.entry.kind == "country":
        return _country_place(article, gazetteer, geo)
    unknown_near = any(u.end <= pick.start and pick.start - u.end < 40 for u in unknown_here)
    precision = _precision(pick, unknown_near)
    if method == "paragraph" and unknown_here and precision == "exact":
        precision = "near"  # an unlisted village of the scene named before
    return _place(pick, article, gazetteer, precision, method)


def _country_place(article: Article, gazetteer: Gazetteer, geo: GeoContext) -> Place | None:
    """A country-level place, only when the article names its country."""
    if not (geo.iso2 and geo.country_span):
        return None
    info = gazetteer.country(geo.iso2)
    entry = gazetteer.get(info.place_id) if info and info.place_id else None
    if entry is None:
        return None
    start, end = geo.country_span
    pm = PlaceMention(start, end, article.text[start:end], entry, "", False, 0.0)
    return _place(pm, article, gazetteer, "country", "country")
