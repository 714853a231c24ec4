"""The actor dictionary: named armed and political groups, state forces of every
country with their government periods, and the generic nouns news uses for actors.

Data files (``resources/data``), all written for conflictcoder or generated from
pycountry: ``actors.csv`` (named groups, aliases, ACLED actor type, validity dates),
``state_forces.csv`` (start and end of governments, for the bracket year in
``Military Forces of Pakistan (2018-2022)``), ``countries.csv`` (ACLED country
names, demonyms, aliases) and ``generic_actors.toml`` (nouns, units, ethnic groups).
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from conflictcoder.resources.lexicons import is_acronym
from conflictcoder.resources.prefilter import (
    HeadWords,
    NeedsScan,
    alternation,
    required_strings,
)

_DATA = "conflictcoder.resources.data"
STATE_FORCE_KINDS = ("police", "military")
GENERIC_KINDS = (
    "police",
    "military",
    "armed",
    "gang",
    "communal",
    "protesters",
    "rioters",
    "civilians",
    "participant",
)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str  # may hold "{country}": "Islamic State ({country})"
    inter: int
    kind: str  # armed | party | state | external
    countries: tuple[str, ...]  # where it operates (ACLED names), home first; () = anywhere
    aliases: tuple[str, ...]
    valid_from: date | None = None
    valid_to: date | None = None  # exclusive

    @property
    def country(self) -> str:
        return self.countries[0] if self.countries else ""

    def name_in(self, country: str) -> str:
        return self.name.replace("{country}", country or self.country).replace(" ()", "")

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Government:
    country: str
    start: date
    end: date | None

    @property
    def label(self) -> str:
        return f"({self.start.year}-{self.end.year if self.end else ''})"


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    iso2: str
    iso_numeric: int
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Category:
    kind: str
    name: str  # template with {country} and {forces}
    inter: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Unit:
    unit: str
    force: str
    country: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Found:
    """A stretch of text that names an actor, before roles are assigned."""

    start: int
    end: int
    written: str
    kind: str  # "named", "state", "unit", "ethnic", or a generic kind
    entries: tuple[ActorEntry, ...] = ()
    country: str = ""  # the country of state forces named by nationality
    force: str = ""  # police / military
    unit: str = ""
    group: str = ""  # ethnic group name
    category: Category | None = None
    label: str = ""  # ethnic militias: "Ethnic", "Clan" or "Tribal"


def _words(patterns: list[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    body = "|".join(sorted(patterns, key=len, reverse=True))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", flags)


def _literals(
    words: Iterable[str], *, case_sensitive: bool = False, end: str = r"(?![\w-])"
) -> re.Pattern[str]:
    """Literal words, matched as :func:`_words` would (the longest that ends a word
    wins) but as a prefix tree, which ``re`` scans many times faster than an alternation
    of hundreds of names. Case-insensitive words must be lower-case (one spelling each)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + alternation(words) + end, flags)


# A name may end in a hyphenated participle that keeps it the actor ("Taliban-planted
# mines", "Houthi-held town", "RSF-led assault") or in its local branch ("PDF-Yinmarbin"),
# but not in another acronym ("CODECO-ALC" is another group).
_NAME_END = (
    r"(?!\w)(?!-(?!(?:planted|laid|led|held|controlled|occupied|fired|launched|run|"
    r"triggered|detonated|claimed|manned)(?![\w-])|[A-Z][a-z]|\d))"
)


_NEVER = re.compile(r"(?!)")  # a unit known only by acronyms has no other pattern


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


class ActorIndex:
    """Lookups over the actor dictionary. Build with :func:`load_actor_index`."""

    def __init__(
        self,
        entries: list[ActorEntry],
        governments: list[Government],
        countries: list[Country],
        generic: Mapping[str, Any],
    ) -> None:
        self.entries = tuple(entries)
        self.countries = {c.name: c for c in countries}
        self._governments: dict[str, list[Government]] = defaultdict(list)
        for gov in sorted(governments, key=lambda g: g.start):
            self._governments[gov.country].append(gov)
        by_alias: dict[str, list[ActorEntry]] = defaultdict(list)
        for entry in entries:
            for alias in {entry.name, *entry.aliases}:
                key = alias if is_acronym(alias) else alias.lower()
                by_alias[key].append(entry)
        self._by_alias = dict(by_alias)
        acronyms = [a for a in by_alias if is_acronym(a)]
        names = [a for a in by_alias if not is_acronym(a)]  # lower-cased keys
        self._acronym_re = (
            _literals(acronyms, case_sensitive=True, end=_NAME_END) if acronyms else None
        )
        self._name_re = _literals(names, end=_NAME_END) if names else None
        # Names tried only where the text holds all the words of one (see HeadWords); the
        # case-sensitive acronyms scan faster than the text's words are listed.
        self._name_finder = HeadWords.of(self._name_re, names) if self._name_re else None
        # Nationality + force noun: "Russian forces", "Pakistan Army", "Indian troops".
        self._nation_of: dict[str, str] = {}
        for c in countries:
            for word in (c.name, *c.demonyms, *c.aliases):
                self._nation_of.setdefault(word.lower(), c.name)
        words = sorted(self._nation_of, key=len, reverse=True)
        force_nouns = (
            r"(?:armed |security |military |ground |occupation |special |government |"
            r"border |air |naval )?(?:forces|troops|soldiers|army|military|police|"
            r"policemen|border guards?|navy|air force|marines|jets|warplanes|drones?|"
            r"aircraft|artillery|gunboats?|coast guard|security personnel|servicemen|"
            r"(?:helicopter )?gunships?|helicopters?|(?:land)?mines?|snipers?|tanks?|mortars?|"
            r"paratroopers|units?|(?:ballistic |cruise |guided )?missiles?|rockets?|shells|"
            r"shelling|air ?strikes?|strikes?|bombs?|bombardment)"
        )
        # Acronyms ("US", "DRC") match case-sensitively: "us" is a pronoun.
        self._state_res: list[re.Pattern[str]] = []
        self._country_res: list[re.Pattern[str]] = []
        originals = {w.lower(): w for c in countries for w in (c.name, *c.demonyms, *c.aliases)}
        for acronyms in (True, False):
            # A prefix tree tries the longest name first, as the longest-first list did;
            # case-insensitive names as their lower-case keys (one spelling each).
            group = [
                originals[w] if acronyms else w
                for w in words
                if is_acronym(originals[w]) == acronyms
            ]
            if not group:
                continue
            flags = 0 if acronyms else re.IGNORECASE
            body = alternation(group)
            self._state_res.append(
                re.compile(
                    r"(?<![\w-])(?:the )?(" + body + r")(?:'s)? " + force_nouns + r"(?![\w-])",
                    flags,
                )
            )
            # "Russia launched 112 drones", "Israel struck": a state as the one who attacks.
            self._state_res.append(
                re.compile(
                    r"(?<![\w-])(" + body + r") (?:(?:has|have|had) )?(?:launched|fired|struck|"
                    r"shelled|bombed|attacked|hit|pounded|targeted|invaded|strikes|launches|"
                    r"fires|shells|bombs|attacks)(?![\w-])",
                    flags,
                )
            )
            self._country_res.append(re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", flags))
        self.categories = tuple(
            Category(c["kind"], c["name"], int(c["inter"]), _words(c["patterns"]))
            for c in generic.get("category", [])
        )
        self._unit_patterns = tuple(tuple(u["patterns"]) for u in generic.get("unit", []))
        # A unit's bare acronyms ("BSF", "UPDF") are scanned for all units at once, case
        # sensitively; its other names per unit, behind the prefilter (an acronym gives the
        # prefilter nothing to require, so a pattern holding one ran on every sentence).
        units = generic.get("unit", [])
        self._unit_acronyms: dict[str, int] = {}
        for i, u in enumerate(units):
            for pattern in u["patterns"]:
                if is_acronym(pattern) and re.escape(pattern) == pattern:
                    self._unit_acronyms.setdefault(pattern, i)
        self._unit_acronym_re = (
            _literals(self._unit_acronyms, case_sensitive=True) if self._unit_acronyms else None
        )
        self.units = tuple(
            Unit(
                u["unit"],
                u["force"],
                u["country"],
                _words(rest, case_sensitive=any(is_acronym(p) for p in rest))
                if (rest := [p for p in u["patterns"] if p not in self._unit_acronyms])
                else _NEVER,
            )
            for u in units
        )
        # The strings each per-text pattern needs, found in one scan of a text: most
        # sentences name no unit and few of the generic nouns (see prefilter).
        self._prefilter = NeedsScan.build(
            {
                **{f"g{i}": required_strings(c.pattern) for i, c in enumerate(self.categories)},
                **{f"u{i}": required_strings(u.pattern) for i, u in enumerate(self.units)},
                **{f"s{i}": required_strings(p) for i, p in enumerate(self._state_res)},
            },
            {},
        )
        self._last_scan: tuple[str, frozenset[str] | None] = ("", None)
        # The prefilter's key of each per-text pattern, in order (not formatted per lookup).
        self._category_keys = tuple(f"g{i}" for i in range(len(self.categories)))
        self._unit_keys = tuple(f"u{i}" for i in range(len(self.units)))
        self._state_keys = tuple(f"s{i}" for i in range(len(self._state_res)))
        # Ethnic group -> the countries listing it, in file order, with the militia label.
        self._ethnic_homes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for e in generic.get("ethnic", []):
            for group in e["groups"]:
                self._ethnic_homes[group].append((e["country"], e.get("label", "Ethnic")))
        self._ethnic_res: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = ()
        self._ethnic_any: re.Pattern[str] | None = None
        if self._ethnic_homes:
            groups = alternation(self._ethnic_homes)
            self._ethnic_res = _ethnic_patterns(groups)
            # One scan for any group name first: most sentences name none.
            self._ethnic_any = re.compile(r"(?<![\w-])" + groups)

    # ------------------------------------------------------------------ lookups
    def ethnic_homes(self, group: str) -> tuple[str, ...]:
        """The countries whose lists name an ethnic group ("Pokot" -> Kenya)."""
        return tuple(country for country, _ in self._ethnic_homes.get(group, ()))

    def aliases_of(self, *kinds: str) -> tuple[str, ...]:
        """Aliases of the entries of these kinds (for the mention stage's actor cues)."""
        return tuple(sorted({a for e in self.entries if e.kind in kinds for a in e.aliases}))

    def armed_group_aliases(self) -> tuple[str, ...]:
        return self.aliases_of("armed", "external", "state")

    def unit_aliases(self) -> tuple[str, ...]:
        """Literal names of state-force units ("RAB", "Border Security Force")."""
        return tuple(
            sorted(
                {
                    p
                    for u in self._unit_patterns
                    for p in u
                    if re.escape(p) == p or p.replace(" ", "").isalnum()
                }
            )
        )

    def nation_words(self) -> tuple[str, ...]:
        """Country names, aliases and demonyms ("Pakistan", "Pakistani", "DRC")."""
        return tuple(
            sorted({w for c in self.countries.values() for w in (c.name, *c.demonyms, *c.aliases)})
        )

    def government(self, country: str, day: date | None) -> Government | None:
        periods = self._governments.get(country, [])
        if not periods:
            return None
        if day is None:
            return periods[-1]
        current = [g for g in periods if g.start <= day and (g.end is None or day < g.end)]
        if current:
            return current[-1]
        earlier = [g for g in periods if g.start <= day]
        return earlier[-1] if earlier else None

    def state_forces_name(self, country: str, force: str, day: date | None, unit: str = "") -> str:
        """``Military Forces of Pakistan (2018-2022)``; no bracket when the period is unknown."""
        gov = self.government(country, day)
        label = f" {gov.label}" if gov else ""
        kind = "Police" if force == "police" else "Military"
        # The country unknown: "Military Forces", never "Military Forces of ".
        name = f"{kind} Forces of {country}{label}" if country else f"{kind} Forces"
        return f"{name} {unit}" if unit else name

    def country_of(self, word: str) -> str:
        """The ACLED country for a country name, alias or demonym ("" if none)."""
        return self._nation_of.get(word.lower(), "")

    def resolve_entry(
        self,
        entries: tuple[ActorEntry, ...],
        country: str,
        day: date | None,
        *,
        local_only: bool = False,
    ) -> ActorEntry | None:
        """The entry an alias means in this country on this day.

        ``local_only``: a group active elsewhere does not count (short acronyms: "PTI" is
        a Pakistani party, but in an Indian report it is the Press Trust of India).
        """
        valid = [e for e in entries if e.valid_on(day)] or (
            [] if day is not None else list(entries)
        )
        if not valid:
            return None
        for entry in valid:  # a group at home first, then one active here
            if country and entry.country == country:
                return entry
        for entry in valid:
            if country and country in entry.countries:
                return entry
        for entry in valid:
            if not entry.countries:
                return entry
        return None if local_only and country else valid[0]

    # ------------------------------------------------------------------ scanning
    def _can_match(self, text: str) -> frozenset[str] | None:
        """Keys ("g3", "u0", "s1") of the per-text patterns that may match ``text``;
        None: all may (a letter case-folding matches otherwise). Kept for the last text,
        which the next lookup nearly always asks about again."""
        last_text, last = self._last_scan
        if text == last_text and last_text:
            return last
        held, names = self._prefilter.scan(text.lower())
        found = None if held is None else names
        self._last_scan = (text, found)
        return found

    def find_named(self, text: str) -> Iterator[Found]:
        acronyms = self._acronym_re.finditer(text) if self._acronym_re else ()
        names = self._name_finder.finditer(text) if self._name_finder else ()
        for matches, cased in ((acronyms, True), (names, False)):
            for m in matches:
                key = m.group(0) if cased else m.group(0).lower()
                entries = self._by_alias.get(key)
                if entries:
                    yield Found(m.start(), m.end(), m.group(0), "named", tuple(entries))

    def find_state(self, text: str) -> Iterator[Found]:
        can = self._can_match(text)
        patterns = [
            p for key, p in zip(self._state_keys, self._state_res, strict=True)
            if can is None or key in can
        ]
        for m in (m for p in patterns for m in p.finditer(text)):
            country = self._nation_of.get(m.group(1).lower(), "")
            noun = m.group(0).lower()
            force = "police" if "police" in noun else "military"
            unit = ""
            if any(w in noun for w in ("air force", "jets", "warplanes", "aircraft")):
                unit = "Air Force"
            elif "navy" in noun or "naval" in noun:
                unit = "Navy"
            if country:
                yield Found(
                    m.start(), m.end(), m.group(0), "state", country=country, force=force, unit=unit
                )

    def find_units(self, text: str, country: str) -> Iterator[Found]:
        """Named units; a unit of another country's forces is that country's ("Indian BSF")."""
        matches: list[tuple[re.Match[str], Unit]] = []
        if self._unit_acronym_re is not None:
            for m in self._unit_acronym_re.finditer(text):
                matches.append((m, self.units[self._unit_acronyms[m.group(0)]]))
        can = self._can_match(text)
        for key, unit in zip(self._unit_keys, self.units, strict=True):
            if unit.pattern is _NEVER or (can is not None and key not in can):
                continue
            matches.extend((m, unit) for m in unit.pattern.finditer(text))
        for m, unit in matches:
            yield Found(
                    m.start(),
                    m.end(),
                    m.group(0),
                    "unit",
                    force=unit.force,
                    unit=unit.unit,
                    country=unit.country,
                )

    def find_ethnic(self, text: str, country: str) -> Iterator[Found]:
        """Armed men of an ethnic group or clan ("Pokot raiders", "clashes between the
        Borana and Gabra communities", "Degodia attacked"), named after the event's
        country when the group lives there, else after the group's first home."""
        if self._ethnic_any is None or self._ethnic_any.search(text) is None:
            return
        seen: set[int] = set()
        for pattern, groups in self._ethnic_res:
            for m in pattern.finditer(text):
                for g in groups:
                    if m.start(g) in seen:
                        continue
                    seen.add(m.start(g))
                    group = m.group(g)
                    homes = self._ethnic_homes.get(group, [])
                    home, label = next(
                        ((c, lab) for c, lab in homes if c == country),
                        homes[0] if homes else (country, "Ethnic"),
                    )
                    whole = len(groups) == 1  # else each group is its own actor
                    start, end = (m.start(), m.end()) if whole else (m.start(g), m.end(g))
                    yield Found(
                        start, end, text[start:end], "ethnic", group=group, country=home,
                        label=label,
                    )

    def find_generic(self, text: str) -> Iterator[Found]:
        can = self._can_match(text)
        for key, category in zip(self._category_keys, self.categories, strict=True):
            if can is not None and key not in can:
                continue
            for m in category.pattern.finditer(text):
                yield Found(m.start(), m.end(), m.group(0), category.kind, category=category)

    def find_countries(self, text: str) -> Iterator[tuple[int, str]]:
        for pattern in self._country_res:
            for m in pattern.finditer(text):
                yield m.start(), self._nation_of[m.group(0).lower()]


_ETHNIC_QUALIFIER = r"(?: ethnic| tribal| clan| community| pastoral| pastoralist| Moran)?"
# Armed men of a group ("Fulani herders"); not its people ("members of the Fulani
# community" are mostly victims), except where two groups are said to clash.
_ETHNIC_NOUN = (
    r" (?:militia(?:men|s)?|raiders|herders|herdsmen|gunmen|warriors|youths?|fighters|"
    r"attackers|men|bandits|cattle rustlers|rustlers|pastoralists|tribesmen|clansmen|"
    r"vigilantes)"
)
_ETHNIC_SIDES = _ETHNIC_NOUN[:-1] + r"|community members|communities|community|groups?|clans?)"


def _ethnic_patterns(groups: str) -> tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]:
    """Patterns over the ethnic group names, each with the groups (capture numbers) it
    names: one group and its armed men, two groups side by side, or a group attacking."""
    g = r"(" + groups + r")"
    return (
        (re.compile(r"(?<![\w-])" + g + r" (?:and|&) (?:the )?" + g + _ETHNIC_QUALIFIER
                    + _ETHNIC_SIDES + r"(?![\w-])"), (1, 2)),
        (re.compile(r"\b(?:between|among) (?:the |members of the )?" + g + r"s?(?: communities"
                    r"| community| groups?| clans?)? and (?:the )?" + g + r"s?(?![\w-])"), (1, 2)),
        (re.compile(r"(?<![\w-])" + g + r"s? (?:vs\.?|versus) " + g + r"s?(?![\w-])"), (1, 2)),
        (re.compile(r"(?<![\w-])" + g + _ETHNIC_QUALIFIER + _ETHNIC_NOUN + r"(?![\w-])"), (1,)),
        (re.compile(r"(?<![\w-])" + g + r" (?:ethnic |tribal |clan )?(?:militia )?groups? "
                    r"(?:attack|attacked|attacks|raided|killed|clashed)(?![\w-])"), (1,)),
        (re.compile(r"(?<![\w-])" + g + r" (?:attack|attacked|attacks|raid|raided|raids|kill|"
                    r"killed|kills|clash|clashed|fight|fought|torched|burned|ambushed|stormed)"
                    r"(?![\w-])"), (1,)),
    )


# ---------------------------------------------------------------------- loading
def _read(name: str) -> str:
    return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")


def read_entries() -> list[ActorEntry]:
    rows = csv.DictReader(_read("actors.csv").splitlines())
    return [
        ActorEntry(
            name=row["name"].strip(),
            inter=int(row["inter"]),
            kind=row["kind"].strip(),
            countries=tuple(c.strip() for c in row["country"].split("|") if c.strip()),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
            valid_from=_date(row["valid_from"]),
            valid_to=_date(row["valid_to"]),
        )
        for row in rows
    ]


def read_governments() -> list[Government]:
    rows = csv.DictReader(_read("state_forces.csv").splitlines())
    return [
        Government(row["country"], date.fromisoformat(row["start"]), _date(row["end"]))
        for row in rows
    ]


def read_countries() -> list[Country]:
    rows = csv.DictReader(_read("countries.csv").splitlines())
    return [
        Country(
            name=row["country"],
            iso2=row["iso2"],
            iso_numeric=int(row["iso_numeric"]),
            demonyms=tuple(d for d in row["demonyms"].split("|") if d),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in rows
    ]


def read_generic() -> dict[str, Any]:
    return tomllib.loads(_read("generic_actors.toml"))


@lru_cache(maxsize=1)
def load_actor_index() -> ActorIndex:
    """The shipped actor dictionary, loaded once per process."""
    return ActorIndex(read_entries(), read_governments(), read_countries(), read_generic())
