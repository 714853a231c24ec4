"""Shared pieces of the evaluations: scores, sampling, lenient matching, parallel extraction."""

from __future__ import annotations

import csv
import gzip
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TextIO, TypeVar

from rapidfuzz import fuzz

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Score:
    field: str
    value: float  # a rate in [0, 1], or a mean for fields such as events per note
    baseline: float | None  # what a trivial coder scores on the same rows
    n: int  # rows the score is computed over
    is_rate: bool = True


def rate(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def print_scores(kind: str, gold: str, scores: Sequence[Score], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    print(f"evaluate --kind {kind} on {gold}", file=out)
    print(f"{'field':<34} {'score':>8} {'baseline':>9} {'rows':>7}", file=out)
    for s in scores:
        value = f"{s.value:.3f}" if s.is_rate else f"{s.value:.2f}"
        base = (
            ""
            if s.baseline is None
            else (f"{s.baseline:.3f}" if s.is_rate else f"{s.baseline:.2f}")
        )
        print(f"{s.field:<34} {value:>8} {base:>9} {s.n:>7}", file=out)


def open_text(path: str) -> TextIO:
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="")
    return open(path, encoding="utf-8", errors="replace", newline="")


def read_csv_rows(path: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding=encoding, errors="replace", newline="") as handle:
        return list(csv.DictReader(handle))


def spread_sample(items: Sequence[T], limit: int | None) -> list[T]:
    """``limit`` items spread evenly over the file (files are sorted by country or time)."""
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def parallel_map(
    function: Callable[[T], R], items: Iterable[T], *, chunksize: int = 32
) -> Iterator[R]:
    """Map over a process pool sized to the machine (in order), or inline for one core."""
    workers = min(os.cpu_count() or 1, 8)
    if workers <= 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(function, items, chunksize=chunksize)


_US_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\b")


def parse_iso_date(value: Any, *, days_after: int = 0) -> date | None:
    """A gold file's date (plus ``days_after``), or None when unreadable: ``YYYY-MM-DD...``,
    or ``M/D/YYYY ...`` as the UCDP Ukraine export writes it ("1/22/2014 12:00:00 AM")."""
    text = str(value)
    try:
        if us := _US_DATE.match(text):
            month, day, year = (int(part) for part in us.groups())
            return date(year, month, day) + timedelta(days=days_after)
        return date.fromisoformat(text[:10]) + timedelta(days=days_after)
    except ValueError:
        return None


def most_frequent(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    return counts.most_common(1)[0][0] if counts else ""


_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_PREFIX = re.compile(r"^[^:]{1,20}:\s*")


def normalise_actor(name: str) -> str:
    name = _YEARS.sub("", name or "")
    return re.sub(r"\s+", " ", name).strip().lower()


def actor_matches(gold: str, predicted: Iterable[str]) -> bool:
    """Lenient: years dropped, acronym prefix optional, or a close fuzzy match."""
    target = normalise_actor(gold)
    if not target:
        return False
    bare_target = _PREFIX.sub("", target)
    for name in predicted:
        candidate = normalise_actor(name)
        if not candidate:
            continue
        bare = _PREFIX.sub("", candidate)
        if candidate == target or bare == bare_target or bare_target == candidate:
            return True
        if fuzz.token_set_ratio(bare, bare_target) >= 90:
            return True
    return False


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat = rlat2 - rlat1
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def to_float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def same_place_name(gold: str, predicted: str) -> bool:
    def forms(name: str) -> set[str]:
        name = name.strip().lower()
        parts = {name, name.split(" - ")[0].strip(), name.split(" - ")[-1].strip()}
        return {p for p in parts if p}

    return bool(forms(gold) & forms(predicted)) if gold and predicted else False


def location_matches(
    gold_name: str, gold_lat: Any, gold_lon: Any, row: dict[str, Any], *, km: float = 10.0
) -> bool:
    if same_place_name(gold_name, row.get("location") or ""):
        return True
    glat, glon = to_float(gold_lat), to_float(gold_lon)
    plat, plon = to_float(row.get("latitude")), to_float(row.get("longitude"))
    if None in (glat, glon, plat, plon):
        return False
    return haversine_km(glat, glon, plat, plon) <= km  # type: ignore[arg-type]


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparing admin names."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(
        r"\b(province|state|region|division|district|governorate|oblast|county|"
        r"department|prefecture|territory)\b",
        "",
        text,
    )
    return re.sub(r"[^a-z0-9]+", "", text)


def admin_matches(gold: str, predicted: str, *, country: str = "", strict: bool = False) -> bool:
    """Same admin area: the same name (folded, or a close spelling), or, unless ``strict``, a
    name the gazetteer lists for the very admin1 area predicted ("Chittagong" for
    "Chattogram", "North Jeolla" for "Jeollabuk-do"), in ``country`` when it is given."""
    g, p = fold(gold), fold(predicted)
    if not (g and p):
        return False
    if g == p or fuzz.ratio(g, p) >= 85:
        return True
    return not strict and same_admin1_entity(gold, predicted, country)


def same_admin1_entity(gold: str, predicted: str, country: str = "") -> bool:
    """Whether ``gold`` is one of the gazetteer's names of the admin1 area displayed as
    ``predicted`` (its own name, an alias or an ISO 3166-2 name), in ``country`` if given."""
    from conflictcoder.resources.gazetteer import open_gazetteer

    gaz = open_gazetteer()
    for hit in gaz.lookup(gold):
        entry = hit.entry
        if entry.kind != "admin1" or entry.name != predicted:
            continue
        info = gaz.country(entry.iso2)
        if not country or (info is not None and info.name == country):
            return True
    return False
