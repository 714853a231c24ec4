"""Load and validate the event-trigger lexicon (``data/triggers.toml``).

The lexicon is knowledge, not code: named cue lists (regular expressions) and rules
that combine them into ACLED event and sub-event types with a priority. This module
compiles it once and checks it; the mention stage only reads the compiled form.
Compiling also reads from each pattern the strings a text must hold for it to match,
so that one scan of a sentence rules most cues out (see ``prefilter``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from conflictcoder.resources.prefilter import (
    Branch,
    BranchIndex,
    NeedsScan,
    alternation,
    finditer_alternatives,
    literal_needs,
    required_clauses,
    required_strings,
    search_branches,
)
from conflictcoder.taxonomy import EVENT_TYPES, is_valid_pair

__all__ = ["Cue", "Rule", "TriggerLexicon", "compile_triggers", "load_triggers",
           "required_strings"]

_DATA_PACKAGE = "conflictcoder.resources.data"
TRIGGERS_FILE = "triggers.toml"
# "@name" as a whole pattern: the aliases of a set of actors (acronyms case-sensitive);
# "@name" inside a pattern: an alternation of those words, case-insensitive.
PLACEHOLDER = re.compile(r"@([a-z_]+)")
SCOPES = ("political", "all-violence")

_GAP = re.compile(r"\{w(\d*)\}")
# A backreference or a conditional group: "\1", "(?P=name)", "(?(1)...)".
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_MACRO = re.compile(r"\{([a-z_]+)\}")


def is_acronym(name: str) -> bool:
    """True for names that must match case-sensitively: "AA", "TTP", "JeI", "CPI (Maoist)"."""
    letters = [c for c in name if c.isalpha()]
    if not letters:
        return True
    caps = sum(c.isupper() for c in letters)
    return caps == len(letters) or (len(name) <= 5 and caps >= 2)


def expand_macros(pattern: str, macros: Mapping[str, str] | None = None) -> str:
    """``{wN}`` -> a gap of up to N words (default 6); ``{name}`` -> the [macros] entry."""
    if macros:
        pattern = _MACRO.sub(
            lambda m: "(?:" + macros[m.group(1)] + ")" if m.group(1) in macros else m.group(0),
            pattern,
        )
    # Possessive runs: "\W+" and "[\w'-]+" overlap on "-" and "'", and plain quantifiers
    # backtrack exponentially on a run of dashes (found by fuzzing).
    return _GAP.sub(lambda m: rf"(?:\W++[\w'’\-]++){{0,{m.group(1) or 6}}}?\W++", pattern)


@dataclass(frozen=True, slots=True)
class Cue:
    """One named cue list, compiled: a case-insensitive pattern of its own and, for each
    "@name" list it names whole, a case-insensitive pattern of the names and a
    case-sensitive one of the acronyms ("AA" must not match "aa"). The name patterns are
    shared by every cue that names the list, so a caller can test them once per text."""

    name: str
    own: tuple[re.Pattern[str], ...]
    shared: tuple[re.Pattern[str], ...] = ()
    # Lower-case strings one of which is in every text the own patterns match (None: no
    # such set known): most sentences hold none, and a substring test is cheaper than a
    # scan of the pattern.
    needs: frozenset[str] | None = None
    # The own pattern's alternatives, each compiled alone with the strings it needs: only
    # those that can match a text are searched (see ``prefilter``).
    branches: tuple[Branch, ...] = ()
    # For each shared pattern, its key in the prefilter scan ("@armed_groups#1"; "": none).
    shared_keys: tuple[str, ...] = ()
    # ``branches`` filed by clause, once their masks are set (None: search them in turn).
    index: BranchIndex | None = None
    # For each shared pattern, a pattern that matches wherever it does (None: none): the
    # acronyms of every name list at once, searched once per text for all of them.
    gates: tuple[re.Pattern[str] | None, ...] = ()

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return (*self.own, *self.shared)

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        for pattern in self.patterns:
            yield from pattern.finditer(text)

    def finditer_scanned(self, text: str, held: int | None) -> Iterable[re.Match[str]]:
        """:meth:`finditer` for a text already scanned (``held``: the bits of the clauses it
        meets, see :meth:`test_scanned`): the own pattern's matches found by the
        alternatives that can match the text alone, the same matches (group names
        included: an alternative's groups are its own)."""
        if held is None or len(self.branches) < 2:
            yield from self.finditer(text)
            return
        live = [b.pattern for b in self.branches if b.mask & held == b.mask]
        if live:
            yield from finditer_alternatives(live, text)
        for pattern in self.shared:
            yield from pattern.finditer(text)

    def test(
        self,
        text: str,
        memo: dict[int, bool] | None = None,
        lowered: str | None = None,
    ) -> bool:
        """Whether the cue matches anywhere; ``memo`` keeps the shared name patterns'
        answers for this text (long name lists are the costliest to scan), keyed by the
        pattern's ``id`` (hashing a ``re.Pattern`` hashes its compiled code: 50 µs for
        the longest name list); ``lowered`` is ``text.lower()`` when the caller has it."""
        if self.needs is not None:
            low = text.lower() if lowered is None else lowered
            possible = any(word in low for word in self.needs)
        else:
            possible = True
        if possible and any(p.search(text) is not None for p in self.own):
            return True
        return self._test_shared(text, memo)

    def test_scanned(
        self,
        text: str,
        needs_met: bool,
        held: int | None,
        memo: dict[int, bool] | None = None,
        scanned: frozenset[str] | None = None,
    ) -> bool:
        """:meth:`test` for a text already scanned (:meth:`TriggerLexicon.scan`):
        ``needs_met``: whether it holds one of ``needs``; ``held``: the bits of the
        clauses it meets (None: search whole patterns); ``scanned``: the names the scan
        gave, with the keys of the name lists that may match (None: search them all)."""
        if needs_met:
            if held is not None and self.index is not None:
                if self.index.search(text, held):
                    return True
            elif held is not None and self.branches:
                if search_branches(self.branches, text, held):
                    return True
            elif any(p.search(text) is not None for p in self.own):
                return True
        if not self.shared:
            return False
        return self._test_shared(text, memo, None if held is None else scanned)

    def _test_shared(
        self,
        text: str,
        memo: dict[int, bool] | None,
        scanned: frozenset[str] | None = None,
    ) -> bool:
        keys = self.shared_keys or ("",) * len(self.shared)
        gates = self.gates or (None,) * len(self.shared)
        for key, pattern, gate in zip(keys, self.shared, gates, strict=True):
            found = None if memo is None else memo.get(id(pattern))
            if found is None:
                # A list none of whose names is in the text cannot match it.
                skip = scanned is not None and key != "" and key not in scanned
                if not skip and gate is not None and memo is not None:
                    opened = memo.get(id(gate))
                    if opened is None:
                        opened = memo[id(gate)] = gate.search(text) is not None
                    skip = not opened  # no acronym of any list: not one of this list's
                found = not skip and pattern.search(text) is not None
                if memo is not None:
                    memo[id(pattern)] = found
            if found:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        found = [m for p in self.patterns if (m := p.search(text))]
        return min(found, key=lambda m: m.start()) if found else None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    event_type: str
    sub_event_type: str
    priority: int
    trigger: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    veto: tuple[str, ...] = ()
    doc_none: tuple[str, ...] = ()  # cues that veto the rule anywhere in the article
    scope: str = "political"


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    cues: Mapping[str, Cue]
    rules: tuple[Rule, ...]  # highest priority first
    groups: Mapping[str, frozenset[str]]  # event type -> names of the groups it belongs to
    version: int
    masks: tuple[str, ...] = ()  # cues blanked out of a sentence before matching
    prefilter: NeedsScan | None = None  # every cue's required strings, in one scan
    named: frozenset[str] = frozenset()  # cues with name lists ("@name"), never prefiltered

    def scan(self, lowered: str) -> tuple[int | None, frozenset[str]]:
        """For a text (``lowered``: its ``str.lower()``): the bits of the alternatives'
        clauses it meets (None: unknown) and the names of the cues whose ``needs`` it
        meets (see :class:`NeedsScan`)."""
        if self.prefilter is None:
            return None, frozenset(self.cues)
        return self.prefilter.scan(lowered)


def read_triggers_raw() -> dict[str, Any]:
    text = resources.files(_DATA_PACKAGE).joinpath(TRIGGERS_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def validate_triggers(raw: Mapping[str, Any]) -> list[str]:
    """Every problem in a raw trigger lexicon, as readable messages (empty: valid)."""
    errors: list[str] = []
    macros = raw.get("macros", {})
    for name, body in macros.items():
        try:
            re.compile(body)
        except re.error as exc:
            errors.append(f"macro {name!r}: bad pattern: {exc}")
    cues = raw.get("cues", {})
    if not isinstance(cues, dict) or not cues:
        return ["[cues] is missing or empty"]
    for name, patterns in cues.items():
        if not isinstance(patterns, list) or not patterns:
            errors.append(f"cue {name!r}: needs a non-empty list of patterns")
            continue
        if len(set(patterns)) != len(patterns):
            errors.append(f"cue {name!r}: duplicate patterns")
        for pattern in patterns:
            if PLACEHOLDER.fullmatch(pattern):
                continue
            try:
                compiled = re.compile(
                    expand_macros(PLACEHOLDER.sub("x", pattern), macros), re.IGNORECASE
                )
            except re.error as exc:
                errors.append(f"cue {name!r}: bad pattern {pattern!r}: {exc}")
                continue
            if compiled.search(""):
                errors.append(f"cue {name!r}: pattern {pattern!r} matches the empty string")
        plain = [PLACEHOLDER.sub("x", p) for p in patterns if not PLACEHOLDER.fullmatch(p)]
        try:  # a cue's patterns are compiled as one alternation: group names must not clash
            re.compile(expand_macros("|".join(f"(?:{p})" for p in plain), macros), re.IGNORECASE)
        except re.error as exc:
            errors.append(f"cue {name!r}: its patterns do not compile together: {exc}")
    rules = raw.get("rule", [])
    if not rules:
        errors.append("no [[rule]] entries")
    seen: set[str] = set()
    for rule in rules:
        name = rule.get("name", "?")
        if name in seen:
            errors.append(f"rule {name!r}: duplicate name")
        seen.add(name)
        if not is_valid_pair(rule.get("event_type", ""), rule.get("sub_event_type", "")):
            errors.append(
                f"rule {name!r}: {rule.get('event_type')!r}/{rule.get('sub_event_type')!r} "
                "is not an ACLED event/sub-event pair"
            )
        if not isinstance(rule.get("priority"), int):
            errors.append(f"rule {name!r}: priority must be an integer")
        if rule.get("scope", "political") not in SCOPES:
            errors.append(f"rule {name!r}: scope must be one of {SCOPES}")
        for key in ("trigger",):
            if rule.get(key) not in cues:
                errors.append(f"rule {name!r}: {key} names an unknown cue {rule.get(key)!r}")
        for key in ("all", "any", "none", "veto", "doc_none"):
            for cue in rule.get(key, []):
                if cue not in cues:
                    errors.append(f"rule {name!r}: {key} names an unknown cue {cue!r}")
        extra = set(rule) - {
            "name",
            "event_type",
            "sub_event_type",
            "priority",
            "trigger",
            "all",
            "any",
            "none",
            "veto",
            "doc_none",
            "scope",
        }
        if extra:
            errors.append(f"rule {name!r}: unknown keys {sorted(extra)}")
    for cue in raw.get("mask", []):
        if cue not in cues:
            errors.append(f"mask names an unknown cue {cue!r}")
    for group in raw.get("group", []):
        for event_type in group.get("event_types", []):
            if event_type not in EVENT_TYPES:
                errors.append(f"group {group.get('name')!r}: unknown event type {event_type!r}")
    return errors


def _name_groups(names: tuple[str, ...]) -> list[list[str]]:
    """The acronyms, then the other names (each group non-empty), as _name_patterns
    compiles them."""
    upper = [n for n in names if is_acronym(n)]
    other = [n for n in names if not is_acronym(n)]
    return [group for group in (upper, other) if group]


def _name_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A list of names as patterns: acronyms case-sensitive, the rest case-insensitive."""
    upper = [n for n in names if is_acronym(n)]
    other = [n for n in names if not is_acronym(n)]
    compiled = []
    if upper:
        compiled.append(re.compile(r"(?<![\w-])" + alternation(upper) + r"(?![\w-])"))
    if other:
        compiled.append(re.compile(r"\b" + alternation(other) + r"\b", re.IGNORECASE))
    return tuple(compiled)


def _acronym_gate(values: Mapping[str, tuple[str, ...]]) -> re.Pattern[str] | None:
    """The acronyms of every name list as one pattern (as _name_patterns compiles each
    list's): it matches a text wherever one of the lists' acronym patterns does."""
    upper = {n for names in values.values() for n in names if is_acronym(n)}
    return re.compile(r"(?<![\w-])" + alternation(upper) + r"(?![\w-])") if upper else None


def _compile_cue(
    name: str,
    patterns: list[str],
    values: Mapping[str, tuple[str, ...]],
    macros: Mapping[str, str],
    named: Mapping[str, tuple[re.Pattern[str], ...]],
    gate: re.Pattern[str] | None = None,
) -> Cue:
    keys: list[str] = []
    def inline(pattern: str) -> str:
        return PLACEHOLDER.sub(
            lambda m: alternation(values.get(m.group(1), ()) or ("@",)), pattern
        )

    plain = [expand_macros(inline(p), macros) for p in patterns if not PLACEHOLDER.fullmatch(p)]
    # Whole words: no word character right before or after (works for "[”\"],? said" too).
    body = r"(?<!\w)(?:" + "|".join(plain) + r")(?!\w)"
    own = (re.compile(body, re.IGNORECASE),) if plain else ()
    shared: list[re.Pattern[str]] = []
    for pattern in patterns:
        whole = PLACEHOLDER.fullmatch(pattern)
        if whole:
            lists = named.get(whole.group(1), ())
            shared.extend(lists)
            keys.extend(f"@{whole.group(1)}#{i}" for i in range(len(lists)))
    needs = required_strings(own[0]) if own else None
    if any(_GROUP_REFERENCE.search(p) for p in plain):
        # Group numbers differ once alternatives are compiled alone: search it whole.
        branches: tuple[Branch, ...] = (Branch(own[0], ()),)
    elif len(plain) > 1:
        branches = tuple(
            Branch(re.compile(r"(?<!\w)(?:" + p + r")(?!\w)", re.IGNORECASE), required_clauses(p))
            for p in plain
        )
    else:
        branches = tuple(Branch(own[0], required_clauses(p)) for p in plain)
    # The acronym patterns are the lists' case-sensitive ones (see _name_patterns).
    gates = tuple(None if p.flags & re.IGNORECASE else gate for p in shared)
    return Cue(name, own, tuple(shared), needs, branches, tuple(keys), gates=gates)


def compile_triggers(
    raw: Mapping[str, Any], placeholders: Mapping[str, tuple[str, ...]] | None = None
) -> TriggerLexicon:
    """Compile a raw lexicon; ``placeholders`` gives the words of each "@name"."""
    errors = validate_triggers(raw)
    if errors:
        raise ValueError("invalid trigger lexicon: " + "; ".join(errors))
    values = dict(placeholders or {})
    macros = raw.get("macros", {})
    named = {key: _name_patterns(tuple(names)) for key, names in values.items() if names}
    # The strings a name list needs: its names (the acronyms too, lower-cased: a
    # case-sensitive match is in the lower-cased text as well).
    list_needs = {
        f"@{key}#{i}": literal_needs(group)
        for key, names in values.items()
        if names
        for i, group in enumerate(_name_groups(tuple(names)))
    }
    gate = _acronym_gate({key: names for key, names in values.items() if names})
    cues = {
        name: _compile_cue(name, pats, values, macros, named, gate)
        for name, pats in raw["cues"].items()
    }
    clauses: dict[frozenset[str], int] = {}  # each clause's bit in the prefilter scan
    for cue in cues.values():
        for branch in cue.branches:
            for clause in branch.clauses:
                clauses.setdefault(clause, len(clauses))
    for name, cue in cues.items():
        branches = tuple(
            replace(b, mask=sum(1 << clauses[clause] for clause in b.clauses))
            for b in cue.branches
        )
        cues[name] = replace(cue, branches=branches, index=BranchIndex.build(branches, clauses))
    rules = tuple(
        sorted(
            (
                Rule(
                    name=r["name"],
                    event_type=r["event_type"],
                    sub_event_type=r["sub_event_type"],
                    priority=r["priority"],
                    trigger=r["trigger"],
                    all=tuple(r.get("all", ())),
                    any=tuple(r.get("any", ())),
                    none=tuple(r.get("none", ())),
                    veto=tuple(r.get("veto", ())),
                    doc_none=tuple(r.get("doc_none", ())),
                    scope=r.get("scope", "political"),
                )
                for r in raw["rule"]
            ),
            key=lambda rule: -rule.priority,
        )
    )
    groups: dict[str, set[str]] = {e: set() for e in EVENT_TYPES}
    for group in raw.get("group", []):
        for event_type in group["event_types"]:
            groups[event_type].add(group["name"])
    return TriggerLexicon(
        cues=MappingProxyType(cues),
        rules=rules,
        groups=MappingProxyType({k: frozenset(v) for k, v in groups.items()}),
        version=int(raw.get("version", 0)),
        masks=tuple(raw.get("mask", ())),
        prefilter=NeedsScan.build(
            {**{c.name: c.needs for c in cues.values()}, **list_needs}, clauses
        ),
        named=frozenset(c.name for c in cues.values() if c.shared),
    )


@lru_cache(maxsize=4)
def load_triggers(placeholders: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> TriggerLexicon:
    """The shipped lexicon, compiled once per set of placeholder values."""
    return compile_triggers(read_triggers_raw(), dict(placeholders))
