"""Places written with their qualifiers: "Lujan (Lujan, Buenos Aires)", "Kharabi of Nawa
district, Helmand", "Rogers Park in Beaumont (Texas)".

Coders and reporters name a place and then the areas it lies in. Read together, the names
pick each other's homonyms: the town inside the named district, the district inside the
named province. A town the gazetteer has only outside the areas named with it is an
unlisted village of those areas, and the areas stand for it (ACLED's own fallback).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from conflictcoder.resources.gazetteer import GazEntry, name_key, place_stopwords
from conflictcoder.stages.place_names import ADMIN1_WORDS, ADMIN2_WORDS, KIND_WORDS, UnknownName


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
    qualifier: bool = False  # names the area of the place written just before it


def contains(outer: GazEntry, inner: GazEntry) -> bool:
    return outer.id in (inner.admin1_id, inner.admin2_id) and outer.id != inner.id


_KINDS = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
# What joins a place to its qualifier: "X, Y", "X (Y", "X district, Y", "X village in Y",
# "X area of Y", "X, in the state of Y".
_LINK = re.compile(
    rf"^\s*(?:(?:{_KINDS})\b\s*)?(?P<sep>[,(]|\bin\b|\bof\b)\s*(?:in\s+)?(?:the\s+)?"
    rf"(?:(?:{_KINDS})\s+of\s+)?"
    # an unlisted name between: "Goma (Alur-Djuganda, Mahagi, Ituri)", "Ratanpur (Sadar
    # upazila, Munshiganj)"
    r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}"
    rf"(?:\s+(?:{_KINDS}))?\s*,\s*)?$",
    re.IGNORECASE,
)
# What follows an item of a list: "[Quetta], Pasni and Turbat", "[Kabul] provinces and ...".
_LIST_END = re.compile(
    r"\s*(?:[a-z]+\s+)?(?:\s*,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*\s*,?\s*(?:and|or)\s+[A-Z]"
)


def in_list(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is followed by the rest of a list ("and Pasni")."""
    return bool(_LIST_END.match(text, end, end + 80))


_MAX_CHAIN = 4
_MAX_READINGS = 8


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    place: PlaceMention | None  # None: a name no gazetteer lists
    readings: tuple[GazEntry | None, ...] = (None,)


def _item(p: PlaceMention) -> _Item:
    return _Item(p.start, p.end, p, (p.entry, *p.others)[:_MAX_READINGS])


def _link(inner: GazEntry | None, outer: GazEntry | None) -> float:
    """How well ``outer`` qualifies ``inner``: 2 when it contains it, 1 a town in the same
    province (a neighbourhood written "X in Y"), 0 otherwise."""
    if inner is None or outer is None or inner.iso2 != outer.iso2:
        return 0.0
    if contains(outer, inner) or (outer.kind == "country" and inner.kind != "country"):
        return 2.0
    if outer.kind == "city" and inner.admin1_id is not None:
        return 1.0 if inner.admin1_id == outer.admin1_id else 0.0
    return 0.0


def _chains(text: str, items: list[_Item]) -> list[list[int]]:
    return [chain for chain, _ in _chains_with_links(text, items)]


def _chains_with_links(text: str, items: list[_Item]) -> list[tuple[list[int], list[str]]]:
    chains = []
    n = 0
    while n < len(items):
        chain = [n]
        separators = []
        while len(chain) < _MAX_CHAIN and chain[-1] + 1 < len(items):
            a, b = items[chain[-1]], items[chain[-1] + 1]
            m = _LINK.match(text[a.end : b.start])
            if m is None:
                break
            separators.append(m.group("sep"))
            chain.append(chain[-1] + 1)
        # "Nushki, Quetta and Pasni" is a list, not a town and its district.
        if (
            len(chain) > 1
            and all(s == "," for s in separators)
            and in_list(text, items[chain[-1]].end)
        ):
            chain = [n]
        if len(chain) > 1:
            chains.append((chain, separators))
        n = chain[-1] + 1
    return chains


def _best_reading(chain: list[_Item], iso2: str) -> tuple[float, tuple[GazEntry | None, ...]]:
    options = [item.readings for item in chain]
    best: tuple[float, tuple[GazEntry | None, ...]] = (-1.0, ())
    for combo in itertools.product(*options):
        score = 0.0
        for i, inner in enumerate(combo):
            for outer in combo[i + 1 :]:
                score += _link(inner, outer)
        for k, (item, entry) in enumerate(zip(chain, combo, strict=True)):
            if entry is None:
                continue
            score += 0.3 if entry is item.readings[0] else 0.0
            score += 0.2 if iso2 and entry.iso2 == iso2 else 0.0
            # A qualifier names an area: "(Buenos Aires)" is the province, not the city.
            score += 0.4 if k and entry.kind in ("admin1", "admin2") else 0.0
        if score > best[0]:
            best = (score, combo)
    return best


# "Saenz Pena (Buenos Aires)": a capitalised name no gazetteer lists, then its area; maybe
# an unlisted area between ("Kabougou (Tansarga, Tapoa)").
_NAME_BEFORE_PAREN = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:(?!and\b|or\b)[a-z]{1,3}\s+)?[A-Z][\w'’.-]*){0,4})\s*\(\s*"
    rf"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}(?:\s+(?:{_KINDS}))?\s*,\s*)?$"
)


# "shelled Xylofka, Kharkiv region", "near Agua Fria, Sonsonate": after a word that sets a
# scene, a capitalised name no gazetteer lists, then a comma and the area it lies in.
_NAME_BEFORE_AREA = re.compile(
    r"\b(?i:in|at|near|outside|over|into|towards?|shell(?:s|ed)?|attack(?:s|ed)?|strike[sd]?"
    r"|struck|raid(?:s|ed)?|storm(?:s|ed)?|entered|captured|seized|(?:re)?took|liberated"
    r"|(?:village|town|direction|outskirts|control|capture|shelling)\s+of)"
    r"\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*,\s*$"
)


# "raided Foo in Gwadar district": the same, with "in" and an area written as one.
_NAME_IN_AREA = re.compile(
    r"\b(?i:in|at|near|outside|shelled|attacked|struck|raided|stormed|village\s+of"
    r"|town\s+of)\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s+in\s+(?:the\s+)?$"
)


def _is_area(p: PlaceMention) -> bool:
    return p.cue in ADMIN1_WORDS or p.cue in ADMIN2_WORDS or any(
        e.kind in ("admin1", "admin2") for e in (p.entry, *p.others)
    )


def _unlisted_heads(
    text: str, places: list[PlaceMention], unknown: list[UnknownName]
) -> list[_Item]:
    taken = [(p.start, p.end) for p in places] + [(u.start, u.end) for u in unknown]
    stop = place_stopwords()
    out = []
    for p in places:
        # Each pattern ends in a bracket or a comma: a window without one is no match (most
        # are not, and the patterns try every word of the window).
        lo = max(0, p.start - 60)
        m = (
            _NAME_BEFORE_PAREN.search(text, lo, p.start)
            if text.find("(", lo, p.start) >= 0
            else None
        )
        if m is not None:
            start, end = m.start("name"), m.end("name")
        elif (
            _is_area(p)
            and text.find(",", lo, p.start) >= 0
            and (m := _NAME_BEFORE_AREA.search(text, lo, p.start))
        ) or (
            (p.cue in ADMIN1_WORDS or p.cue in ADMIN2_WORDS)
            and (m := _NAME_IN_AREA.search(text, max(0, p.start - 60), p.start))
        ):
            start, end = m.start("name"), m.end("name")
            if any(name_key(w) in stop for w in m.group("name").split()):
                continue  # "in January, Kharkiv region", "at Police HQ, Kharkiv"
        else:
            continue
        if not any(s < end and start < e for s, e in taken):
            out.append(_Item(start, end, None))
    return out


# "attacked Foo, near Pasni", "in Foo near Pasni", "at Foo, 5 km from Pasni": a settlement
# no gazetteer lists, located by the town written after it.
_NAME_BEFORE_NEAR = re.compile(
    r"\b(?i:in|at|village\s+of|town\s+of|attacked|raided|stormed)\s+"
    r"(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})\s*,?\s+(?:near|close\s+to|outside"
    r"|(?:about\s+|some\s+)?\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?)"
    r"\s+(?:[a-z-]+\s+)?(?:of|from))\s+(?:the\s+)?(?:town\s+of\s+)?$"
)


def _unlisted_near(
    text: str, places: list[PlaceMention], unknown: list[UnknownName]
) -> list[UnknownName]:
    taken = [(p.start, p.end) for p in places] + [(u.start, u.end) for u in unknown]
    stop = place_stopwords()
    out = []
    for p in places:
        if not p.near:
            continue
        m = _NAME_BEFORE_NEAR.search(text, max(0, p.start - 80), p.start)
        if m is None or any(name_key(w) in stop for w in m.group("name").split()):
            continue
        start, end = m.start("name"), m.end("name")
        if not any(s < end and start < e for s, e in taken):
            out.append(UnknownName(start, end, m.group("name")))
    return out


def _unlisted_here(
    p: PlaceMention, entry: GazEntry, outer: tuple[GazEntry | None, ...], link: str
) -> bool:
    """A town or district outside every area named after it is an unlisted place of those
    areas ("Kamyanka, Kharkiv region"; "Chandrapur block of Rayagada district")."""
    if any(_link(entry, e) >= 2 for e in outer):
        return False
    first = next((e for e in outer if e is not None), None)
    if entry.kind not in ("city", "admin2") or first is None:
        return False
    # Only an area holds a place; a town after "in" is the place itself ("a rally at
    # Rogers Park in Beaumont": Beaumont).
    if first.kind == "city" and link.lower() != "in":
        return False
    # "X block of Y", "X in Y" say so outright; "X, Y" may be a list, so a big town is kept.
    explicit = link.lower() in ("in", "of")
    return explicit or p.entry.population < 100_000 or len(outer) >= 2


def resolve_chains(
    text: str, places: list[PlaceMention], unknown: list[UnknownName], iso2: str
) -> tuple[list[PlaceMention], list[UnknownName]]:
    """Read each place with the qualifiers written after it; returns the places (some with
    another homonym, some marked as qualifiers) and the names found to be unlisted."""
    items = sorted(
        [_item(p) for p in places]
        + [_Item(u.start, u.end, None) for u in unknown]
        + _unlisted_heads(text, places, unknown),
        key=lambda i: i.start,
    )
    changed: dict[int, PlaceMention | None] = {}  # start -> new mention, None when dropped
    # "in Foo, near Pasni": no chain of areas, but a settlement the town locates.
    dropped: list[UnknownName] = _unlisted_near(text, places, unknown)
    heads = {(u.start, u.end) for u in unknown}
    for chain_idx, links in _chains_with_links(text, items):
        chain = [items[k] for k in chain_idx]
        # A name no gazetteer lists that heads a chain of areas is an unlisted place of
        # them ("Saenz Pena (Buenos Aires)"): kept, as the text names it.
        dropped.extend(
            UnknownName(i.start, i.end, text[i.start : i.end])
            for i in chain
            if i.place is None and (i.start, i.end) not in heads
        )
        _, combo = _best_reading(chain, iso2)
        # What each name stands for: itself, or the place of the name before it when that
        # one is unlisted here (written as a scene, its qualifier takes its role).
        role: PlaceMention | None = None  # the unlisted place the next name stands for
        after_unlisted = False  # the name before is one no gazetteer lists
        for k, (item, entry) in enumerate(zip(chain, combo, strict=True)):
            p = item.place
            if p is None or entry is None:
                role, after_unlisted = None, True
                continue
            new = replace(p, entry=entry)
            if role is not None:
                new = replace(new, qualifier=False, locative=role.locative, near=role.near)
            elif after_unlisted:
                new = replace(new, qualifier=False, locative=True)
            elif k:
                new = replace(new, qualifier=True, locative=False)
            role, after_unlisted = None, False
            if k + 1 < len(chain) and _unlisted_here(p, entry, combo[k + 1 :], links[k]):
                dropped.append(UnknownName(p.start, p.end, p.written))
                changed[p.start] = None
                role = new
                continue
            changed[p.start] = new
    out = []
    for p in places:
        if p.start not in changed:
            out.append(p)
        elif changed[p.start] is not None:
            out.append(changed[p.start])  # type: ignore[arg-type]
    return out, dropped


def qualified_countries(
    text: str, names: list[tuple[int, int, tuple[GazEntry, ...]]]
) -> tuple[dict[int, str], set[int]]:
    """Countries that names read with their qualifiers are in, before the article's country
    is known: index -> country where a reading of a name lies in an area named after it
    ("Ayolas (Ayolas, Misiones)" is in Paraguay, though Argentina has a Misiones too); and
    the indices of names found in none of the areas named after them ("Kani town (Yinmarbin
    District, Sagaing Region)": an unlisted town of Sagaing, not Kani in Japan)."""
    items = [
        _Item(start, end, None, tuple(readings[:_MAX_READINGS]) or (None,))
        for start, end, readings in names
    ]
    order = sorted(range(len(items)), key=lambda k: items[k].start)
    ordered = [items[k] for k in order]
    placed: dict[int, str] = {}
    unlisted: set[int] = set()
    for chain_idx in _chains(text, ordered):
        chain = [ordered[k] for k in chain_idx]
        _, combo = _best_reading(chain, "")
        head = combo[0]
        if head is not None and any(_link(head, e) >= 2 for e in combo[1:]):
            for k, entry in zip(chain_idx, combo, strict=True):
                if entry is not None and entry.iso2 == head.iso2:
                    placed[order[k]] = head.iso2
        elif head is not None and any(
            e is not None and e.kind != "city" for e in chain[1].readings
        ):
            unlisted.add(order[chain_idx[0]])
    return placed, unlisted
