"""Where each event happened: the event's place chosen from the words around its mention.

:func:`~conflictcoder.stages.place_context.article_geo_context` reads the article's
geography once (its place names, its country, every name resolved). :func:`resolve_place`
then picks, for one mention, the place where the action happened, and sets the precision
ACLED and UCDP use. Villages no gazetteer lists fall back, as ACLED codes them, to the
nearest known place named with them or to their admin area.
"""

from __future__ import annotations

import re
from functools import lru_cache

from conflictcoder.model import Article, Mention, Place, PlacePrecision, Sentence, Span
from conflictcoder.resources.gazetteer import Gazetteer, admin1_coded, admin1_splits, name_key
from conflictcoder.stages.place_capital import capital_entry
from conflictcoder.stages.place_chains import PlaceMention, contains
from conflictcoder.stages.place_context import GeoContext, article_geo_context
from conflictcoder.stages.place_names import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    UnknownName,
    coordinated,
    elsewhere,
    listed_as_scene,
)
from conflictcoder.stages.place_readings import (
    misread_before_province,
    peoples_as_areas,
    sites_dropped,
)
from conflictcoder.stages.place_unlisted import (
    bare_name_before,
    coded_unit_after,
    cued_settlements,
    named_inside_unit,
    proper_name,
    unlisted_head,
)

__all__ = ["GeoContext", "article_geo_context", "resolve_event_places", "resolve_place"]

_AREA_CUES = ADMIN1_WORDS | ADMIN2_WORDS
_KIND_RANK = {"city": 3, "admin2": 2, "admin1": 1, "country": 0}


def _sentence_places(geo: GeoContext, start: int, end: int) -> list[PlaceMention]:
    # The dateline says where the reporter filed from, not where the event happened.
    return [p for p in geo.places if start <= p.start and p.end <= end and p is not geo.dateline]


def _holds_another(area: PlaceMention, places: list[PlaceMention]) -> bool:
    """An area that contains another place named as a scene qualifies it ("Pasni, Gwadar
    district"); a town a road is named after ("the Yangon-Mandalay railway") is no scene."""
    return any(contains(area.entry, q.entry) for q in places if q.locative or not q.near)


def _spans(geo: GeoContext) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in geo.places]


def _village(
    article: Article,
    geo: GeoContext,
    unknown: list[UnknownName],
    pm: PlaceMention,
    sent: Sentence,
) -> UnknownName | None:
    """The unlisted village ``pm`` locates in its sentence, if the text names one."""
    taken = _spans(geo)
    names = list(unknown)
    for c in cued_settlements(article.text, sent.start, min(pm.start, sent.end), taken):
        if not any(u.start < c.end and c.start < u.end for u in names):
            names.append(c)
    is_area = pm.entry.kind in ("admin1", "admin2")
    # "at Chaugachha in Jessore": a bare name in an area (or a town that names its area).
    iso2 = pm.entry.iso2
    if is_area or any(o.kind in ("admin1", "admin2") and o.iso2 == iso2 for o in pm.others):
        bare = bare_name_before(article.text, sent.start, pm.start, taken)
        if bare is not None and not any(u.start < bare.end and bare.start < u.end for u in names):
            names.append(bare)
            is_area = True
    head = unlisted_head(article.text, names, (pm.start, is_area), sent.start, taken)
    if head is not None and coded_unit_after(article.text, pm.end):
        # "Foo village in Bar upazila": coders code Bar, not its villages.
        return head if named_inside_unit(article.text, head.end) else None
    return head


def _lone_village(article: Article, geo: GeoContext, sent: Sentence) -> UnknownName | None:
    """The one settlement the sentence names by its kind ("Foo village", "the village of
    Foo") when it names no known place; None when it names none or several."""
    taken = _spans(geo)
    if any(
        sent.start <= p.start and p.end <= sent.end and p.entry.kind != "country"
        for p in geo.places
    ):
        return None
    found = cued_settlements(article.text, sent.start, sent.end, taken)
    return found[0] if len(found) == 1 else None


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
    specific = [p for p in subnational if not _holds_another(p, subnational)]
    specific = _outside_named_areas_dropped(specific, subnational)

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


def _outside_named_areas_dropped(
    specific: list[PlaceMention], subnational: list[PlaceMention]
) -> list[PlaceMention]:
    """ "A march in Westport (Connecticut) after a rally at Bedford Square": once the sentence
    places a town in an area it names, a town named after it outside every such area is a
    site or a misread homonym (Bedford, Texas), not the scene; so is one named before it,
    when the area is written as the town's qualifier ("Westport (Connecticut)")."""
    areas = [a for a in subnational if a.entry.kind in ("admin1", "admin2") and a not in specific]
    if not areas:
        return specific

    def inside(p: PlaceMention) -> bool:
        return any(contains(a.entry, p.entry) for a in areas)

    placed = next((p for p in specific if inside(p) and not p.origin), None)
    if placed is None:
        return specific
    qualified = any(a.qualifier and contains(a.entry, placed.entry) for a in areas)
    return [
        p
        for p in specific
        if p is placed
        or inside(p)
        or p.entry.kind == "admin1"
        or p.cue in _AREA_CUES  # an area written as one ("Maqbanah district") is a scene
        or (p.start < placed.start and not qualified)
    ]


def _precision(pm: PlaceMention, unknown_near: bool) -> PlacePrecision:
    kind = pm.entry.kind
    if kind == "country":
        return "country"
    if kind == "admin1":
        return "admin1"
    if kind == "admin2":
        return "admin2"
    return "near" if pm.near or unknown_near else "exact"


def _place(
    pm: PlaceMention,
    article: Article,
    gaz: Gazetteer,
    precision: PlacePrecision,
    method: str,
    unlisted: UnknownName | None = None,
) -> Place:
    """The place ``pm`` resolves to; with ``unlisted``, the unlisted village ``pm`` locates,
    coded at ``pm``'s coordinates and areas and named as written (ACLED's practice)."""
    e = pm.entry
    info = gaz.country(e.iso2)
    # ACLED names a district event after the district (its seat mostly bears the name) and
    # a province-wide one after the provincial capital.
    name = e.seat if e.kind == "admin1" and e.seat else e.name
    if (
        e.kind in ("city", "admin2")
        and pm.cue in ADMIN2_WORDS
        and name_key(proper_name(pm.written)) != name_key(name)
    ):
        # "Demoso township", "Charbolak district": a town or district the gazetteer spells
        # otherwise ("Dimawso", "Chahar Bolak"); coders name the unit as it is written.
        name = proper_name(pm.written)
    written, start, end, nearest = pm.written, pm.start, pm.end, ""
    if unlisted is not None:
        written, start, end = unlisted.written, unlisted.start, unlisted.end
        name, nearest = proper_name(unlisted.written), name
        if precision == "exact":
            precision = "near"
    return Place(
        written=written,
        name=name,
        country=info.name if info else "",
        iso2=e.iso2,
        iso_numeric=info.iso_numeric if info else None,
        region=info.region if info else "",
        admin1=(
            _part_named(
                article.text, e.iso2, admin1_coded(e.iso2, e.admin1, e.admin2, article.published)
            )
            if e.kind != "country"
            else ""
        ),
        admin2=e.admin2,
        latitude=e.latitude,
        longitude=e.longitude,
        geonames_id=e.geonames_id,
        precision=precision,
        span=Span(article.id, start, end),
        method=method,
        nearest=nearest,
    )


@lru_cache(maxsize=1)
def _parts() -> dict[tuple[str, str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """(iso2, admin1) -> the parts conflict data code it in, each with how a text names it:
    "Shan-South", "Shan South", "southern Shan", "South Shan State"."""
    out: dict[tuple[str, str], list[tuple[str, re.Pattern[str]]]] = {}
    for (iso2, admin1, _), part in admin1_splits().items():
        base, _, side = part.rpartition("-")
        if not base or any(p == part for p, _ in out.get((iso2, admin1), [])):
            continue
        pattern = re.compile(
            rf"\b{re.escape(base)}[- ](?i:{side})\b|\b(?i:{side}(?:ern)?)\s+{re.escape(base)}\b"
        )
        out.setdefault((iso2, admin1), []).append((part, pattern))
    return {k: tuple(v) for k, v in out.items()}


def _part_named(text: str, iso2: str, admin1: str) -> str:
    """The part of a first-level area that conflict data code apart (Myanmar's Shan State in
    three) when the district does not tell it but the text names it ("Shan-South")."""
    parts = _parts().get((iso2, admin1))
    if not parts:
        return admin1
    named = [part for part, pattern in parts if pattern.search(text)]
    return named[0] if len(named) == 1 else admin1


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


# "stormed a farming village in Borno State": one place, named later ("Ngamdu Kura").
_ONE_UNNAMED_PLACE = re.compile(
    r"\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?:village|town|hamlet|settlement|locality|camp|market"
    r"|neighbourhood|neighborhood)\s+(?:in|of|near)\b"
)


def _named_inside(
    geo: GeoContext, sentences: tuple[Sentence, ...], sent: Sentence, area: PlaceMention
) -> PlaceMention | None:
    """A place inside ``area`` that the next sentences give as the scene: "gunmen stormed a
    village in Borno State ... They arrived in Ngamdu Kura, 5 km west of Konduga"."""
    following = [s for s in sentences if s.start >= sent.end and s.paragraph <= sent.paragraph + 1]
    for s in following[:3]:
        for p in _sentence_places(geo, s.start, s.end):
            if p.locative and not p.origin and contains(area.entry, p.entry):
                return p
    return None


def _article_scene(geo: GeoContext) -> PlaceMention | None:
    """The article's main place: its first place written as a scene, in its country."""
    local = [
        p
        for p in geo.places
        if p.entry.kind != "country"
        and p is not geo.dateline
        and (not geo.iso2 or p.entry.iso2 == geo.iso2)
    ]
    # The lead's first few places: written scenes first, a town before the area it is in
    # ("mayor of Chilapa, in the state of Guerrero").
    return _pick(local[:4])


def _without_misreadings(text: str, geo: GeoContext) -> GeoContext:
    """The article's places less the peoples and namesakes read as towns (place_readings)."""
    return misread_before_province(text, peoples_as_areas(text, geo))


def resolve_place(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> Place | None:
    """The place of one event mention, or None when no place can be told."""
    geo = _without_misreadings(article.text, geo)
    return _resolve_place(mention, article, sentences, gazetteer, geo)


def _resolve_place(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> Place | None:
    """:func:`resolve_place` over places already read without misreadings."""
    sent = mention.sentence
    trigger = mention.trigger
    here = sites_dropped(article.text, _sentence_places(geo, sent.start, sent.end))
    unknown_here = [u for u in geo.unknown if sent.start <= u.start and u.end <= sent.end]
    pick = _pick(here, trigger.start if trigger.end > trigger.start else -1)
    method = "sentence"
    if pick is None or pick.entry.kind == "country" or not pick.locative:
        # Back through the paragraph, then the article's lead, then the dateline; a place
        # the sentence names only in passing ("from X", "X police") yields to a scene.
        # The dateline is where the reporter filed from: the last resort.
        fallbacks = (
            ("paragraph", _scene_before(geo, sentences, sent)),
            ("article", _article_scene(geo)),
            ("dateline", geo.dateline),
        )
        for how, cand in fallbacks:
            if cand is None or cand.entry.kind == "country":
                continue
            # Only the paragraph's own scene overrides a place the sentence names.
            if (
                pick is None
                or pick.entry.kind == "country"
                or (how == "paragraph" and cand.locative)
            ):
                pick, method = cand, how
            break
    if pick is None or pick.entry.kind == "country":
        return _country_place(article, gazetteer, geo)
    if (
        method == "sentence"
        and pick.entry.kind != "city"
        and _ONE_UNNAMED_PLACE.search(article.text, sent.start, pick.start)
    ):
        inside = _named_inside(geo, sentences, sent, pick)
        if inside is not None:
            pick, method = inside, "following"
            unknown_here = [u for u in geo.unknown if u.end <= pick.start and u.start >= sent.end]
    unknown_near = any(u.end <= pick.start and pick.start - u.end < 40 for u in unknown_here)
    precision = _precision(pick, unknown_near)
    if method == "paragraph" and unknown_here and precision == "exact":
        precision = "near"  # an unlisted village of the scene named before
    village = _village(article, geo, unknown_here, pick, sent)
    if village is None and method in ("paragraph", "article"):
        # "They torched Foo village": the scene named before locates the village; or the
        # scene's own sentence named it with its areas ("a base in Foo (Sourou)").
        village = _lone_village(article, geo, sent)
        home = next((s for s in sentences if s.start <= pick.start < s.end), None)
        if village is None and home is not None:
            there = [u for u in geo.unknown if home.start <= u.start and u.end <= home.end]
            village = _village(article, geo, there, pick, home)
    return _place(pick, article, gazetteer, precision, method, village)


def resolve_event_places(
    mention: Mention,
    article: Article,
    sentences: tuple[Sentence, ...],
    gazetteer: Gazetteer,
    geo: GeoContext,
) -> tuple[Place, ...]:
    """Every distinct place where the mention's action happened, ``resolve_place``'s first.

    "Bombers struck posts in Nushki and in the port of Pasni, while others hit 11 more
    places, among them Quetta" names three scenes. Origins and destinations ("fled to X",
    "from X", "X-based"), the place a report came from, a reference point ("near X" beside
    another scene) and an area that contains another named place are not separate scenes.
    """
    geo = _without_misreadings(article.text, geo)
    first = _resolve_place(mention, article, sentences, gazetteer, geo)
    if first is None:
        return ()
    if first.method != "sentence" or first.span is None:
        return (first,)
    sent = mention.sentence
    here = [
        p
        for p in sites_dropped(article.text, _sentence_places(geo, sent.start, sent.end))
        if p.entry.kind != "country"
    ]
    if len(here) < 2:
        return (first,)
    scenes = _scene_chain(article.text, sent.start, here)
    primary = next((p for p in scenes if p.start == first.span.start), None)
    if primary is None:
        return (first,)
    unknown_here = [u for u in geo.unknown if sent.start <= u.start and u.end <= sent.end]
    out, seen = [first], {primary.entry.id}
    for pm in scenes:
        if pm.entry.id in seen:
            continue
        seen.add(pm.entry.id)
        unknown_near = any(u.end <= pm.start and pm.start - u.end < 40 for u in unknown_here)
        village = _village(article, geo, unknown_here, pm, sent)
        precision = _precision(pm, unknown_near)
        out.append(_place(pm, article, gazetteer, precision, "sentence", village))
    return tuple(out)


def _scene_chain(text: str, sent_start: int, here: list[PlaceMention]) -> list[PlaceMention]:
    """The sentence's places written as scenes of its action, in reading order."""
    # An area that contains another named place qualifies it ("Pasni, Gwadar district").
    specific = [p for p in here if not _holds_another(p, here)]
    scenes: list[PlaceMention] = []
    for p in specific:
        if elsewhere(text, sent_start, p.start, p.end):
            continue
        prev = scenes[-1] if scenes else None
        joined = prev is not None and coordinated(text, prev.end, p.start)
        # "in X near Y": Y only locates X; "in X and near Y" are two scenes.
        if p.near and scenes and not joined:
            continue
        if p.locative or joined or listed_as_scene(text, sent_start, p.start):
            scenes.append(p)
    return scenes


def _country_place(article: Article, gazetteer: Gazetteer, geo: GeoContext) -> Place | None:
    """A country-level place, only when the article names its country (or its police,
    government or villages). As ACLED codes it: at the capital, with the precision of a
    country (geo_precision 3); at the country itself when the capital is unknown. (An
    unlisted village is not named there: the capital does not locate it.)"""
    if not (geo.iso2 and geo.country_span):
        return None
    entry = capital_entry(gazetteer, geo.iso2)
    if entry is None:
        info = gazetteer.country(geo.iso2)
        entry = gazetteer.get(info.place_id) if info and info.place_id else None
    if entry is None:
        return None
    start, end = geo.country_span
    pm = PlaceMention(start, end, article.text[start:end], entry, "", False, 0.0)
    return _place(pm, article, gazetteer, "country", "country")
