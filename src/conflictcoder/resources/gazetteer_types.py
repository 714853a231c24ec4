"""The gazetteer's records: a place, a name's reading of it, a country."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlaceKind = Literal["city", "admin1", "admin2", "country"]


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer place: a populated place, an admin1 or admin2 area, or a country."""

    id: int
    name: str  # display name, ASCII-folded ("Queretaro", "Luhansk")
    kind: PlaceKind
    iso2: str
    admin1: str = ""
    admin2: str = ""
    admin1_id: int | None = None
    admin2_id: int | None = None
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    seat: str = ""  # areas: the town that stands for them (capital or largest place)


@dataclass(frozen=True, slots=True)
class Hit:
    entry: GazEntry
    exact: bool  # the key is the place's own name, not an alternate name


@dataclass(frozen=True, slots=True)
class CountryInfo:
    iso2: str
    name: str  # ACLED spelling
    iso_numeric: int | None
    region: str  # ACLED region
    place_id: int | None = None
