"""From the casualty figures of one event to its toll, by the conservative rule.

ACLED (DESIGN.md §5) wants one number, ``fatalities``: reported deaths, the most
conservative estimate when reports disagree, a party's claim only when it is the
only figure. UCDP (DESIGN.md §7) wants deaths by side (A = the government, B = the
non-state side, civilians, unknown) with low/best/high, where claims about enemy
losses raise ``high`` at most.

How the figures of one event combine:
- only ``killed`` figures count; flagged ones (absurd numbers) never do;
- claims and disputed figures are kept apart in ``claims``;
- figures for different sides add up ("22 officials and 36 civilians");
- figures for the same side are repeated reports of one group: the first stated
  (the report's lead) is ``best`` and later ones mostly tell of some of the same dead;
  figures from different named sources disagree, and the lower is ``best`` (UCDP's
  rule for conflicting reports); the highest is ``high``, unless a figure says it is
  more ("another soldier", "two others");
- a figure for people of unknown status and the sum of the figures by side
  describe the same dead: the larger stands, the rest of it is ``deaths_unknown``;
- the attacker's own death ("then killed himself", "the gunman was killed by police")
  adds one to the people he killed, however often it is told;
- a death told by a noun only ("a fatal shooting") counts when no figure says how many;
- a part of another figure ("including seven officers") is never added; it only
  says which side some of the dead were on;
- a running total ("the death toll rose to 58") replaces the sum of its parts;
- the headline's figures are never added to the body's: they count only when the body
  gives no killed figure (:mod:`headline`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from conflictcoder.model import CasualtyFigure
from conflictcoder.stages.casualty_deaths import IMPLIED_DEATH, IMPLIED_FLAG
from conflictcoder.stages.casualty_implicit import SELF_KILLED
from conflictcoder.stages.headline import HEADLINE_FLAG, HEADLINE_PART_FLAG

PART_FLAG = "part"  # a figure inside another ("including N ..."), never added
CODER_SOURCE = "coder"  # a coder's own "fatalities coded as N": the figure to use
_SIDES = ("security", "militants", "attackers", "civilians")
_ADDITIVE = re.compile(
    r"^\s*(?:another|a\s+further|further|an?\s+additional|additional)\b"
    r"|\bmore\b(?!\s+than)|\bothers?\b|\bof\s+(?:the|those)\s+(?:[\w-]+\s+)?(?:injured|wounded)\b"
    r"|" + SELF_KILLED.pattern,  # the attacker's own death; a bare "himself" is none
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Toll:
    fatalities: int  # ACLED: reported fatalities, the conservative count
    deaths_a: int  # UCDP side A: the government (security forces)
    deaths_b: int  # UCDP side B: the non-state side (militants, attackers)
    deaths_civilians: int
    deaths_unknown: int
    low: int
    best: int
    high: int
    claims: tuple[CasualtyFigure, ...]
    counted: tuple[CasualtyFigure, ...]


@dataclass(slots=True)
class _Range:
    low: int = 0
    best: int = 0
    high: int = 0


def split_toll(total: int, parts: int) -> list[int]:
    """An even integer split with the remainder to the first parts (DESIGN.md §5:
    20 over 3 events -> 7, 7, 6; 10 over 3 -> 4, 3, 3)."""
    if parts <= 0:
        return []
    base, rest = divmod(max(total, 0), parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def _side(figure: CasualtyFigure) -> str:
    return figure.side if figure.side in _SIDES else "unknown"


def _is_additive(figure: CasualtyFigure) -> bool:
    return bool(_ADDITIVE.search(figure.text))


_REFERENCE = re.compile(
    # "the officer", "killed his father", "shot and killed her": one known person
    r"^\s*(?:[a-z]+\s+(?:and\s+[a-z]+\s+)?)?(?:the|this|that|his|her|their|he|she|him)\b"
    r"(?!\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d))"
    r"|\b\d{1,3}-year-old\b",  # a person told apart by age
    re.IGNORECASE,
)


# "Jane Roe, 32, was shot dead", "Tom Poe died": one of the dead, named
_NAMED = re.compile(
    r"^\s*(?!(?:A|An|The|One|This|That|His|Her|Their|Its|Another)\b)[A-Z][a-z’'-]+"
    r"(?:\s+[A-Z][a-z’'.-]+){0,3}\s*(?:,\s*\d{1,3}\s*,)?\s+"
    r"(?:was|were|is|has|had|died|dies)\b"
)


_SELF = SELF_KILLED


def _is_reference(figure: CasualtyFigure) -> bool:
    """'the officer who was killed', 'he died', 'Jane Roe was killed': one of a group already
    counted, not a report of the group's size ("turning the gun on himself" is one more)."""
    return (
        figure.best == 1
        and bool(
            _REFERENCE.match(figure.text)
            or _NAMED.match(figure.text)
            or IMPLIED_DEATH.match(figure.text)  # "a fatal shooting": someone died
        )
        and not _SELF.search(figure.text)
    )


def _merge_same_group(figures: Iterable[CasualtyFigure]) -> _Range | None:
    """Reports of one group: the first count stands, the spread widens; additive ones
    ("another") add; a reference to one person of the group ("the officer") does not lower it.

    One report states its count first (the lead) and then tells of some of the same dead:
    "two people were killed ... one was found in the car" is one of the two, not a lower
    report. Only a later figure from a different named source ("police said three ...
    hospital officials said two") is a disagreement, where the lower stands.
    """
    figures = sorted(figures, key=lambda f: f.span.start)
    if any(not _is_reference(f) for f in figures):
        figures = [f for f in figures if not _is_reference(f)]
    base: _Range | None = None
    first_source = ""
    extra = _Range()
    own_death = False
    for figure in figures:
        if _SELF.search(figure.text):
            if own_death:
                continue  # "killed himself" told again: the shooter dies once
            own_death = True
        if _is_additive(figure):
            extra.low += figure.low
            extra.best += figure.best
            extra.high += figure.high
        elif base is None:
            base = _Range(figure.low, figure.best, figure.high)
            first_source = figure.source
        else:
            base.low = min(base.low, figure.low)
            if figure.source and first_source and figure.source != first_source:
                base.best = min(base.best, figure.best)
            base.high = max(base.high, figure.high)
    if base is None and extra.high == 0 and extra.best == 0:
        return None
    base = base or _Range()
    return _Range(base.low + extra.low, base.best + extra.best, base.high + extra.high)


@dataclass(slots=True)
class _Tally:
    sides: dict[str, int]
    unknown: int
    low: int
    best: int
    high: int


# "the gunman was killed": the attacker himself, never one of the people he killed
_LONE_ATTACKER = re.compile(
    r"^\s*(?:the|a|an)\s+(?:[\w-]+\s+)?(?:gunman|shooter|assailant|attacker|killer)\b",
    re.IGNORECASE,
)


def _is_lone_attacker(figure: CasualtyFigure) -> bool:
    return figure.best == 1 and _side(figure) == "militants" and bool(
        _LONE_ATTACKER.match(figure.text)
    )


def _tally(figures: Sequence[CasualtyFigure]) -> _Tally:
    lone = [f for f in figures if not f.is_total and f.flag != PART_FLAG and _is_lone_attacker(f)]
    others = [f for f in figures if f not in lone]
    if lone and any(f.flag != PART_FLAG and not _is_reference(f) for f in others):
        rest = _tally(others)  # his victims, counted apart; then the attacker, once
        rest.sides["militants"] = rest.sides.get("militants", 0) + 1
        return _Tally(rest.sides, rest.unknown, rest.low + 1, rest.best + 1, rest.high + 1)
    wholes = [f for f in figures if f.flag != PART_FLAG and not f.is_total]
    parts = [f for f in figures if f.flag == PART_FLAG]
    totals = [f for f in figures if f.is_total]
    sides: dict[str, _Range] = {}
    for side in _SIDES:
        merged = _merge_same_group(f for f in wholes if _side(f) == side)
        if merged is None:  # a side named only inside another figure
            merged = _merge_same_group(f for f in parts if _side(f) == side and not _is_additive(f))
        if merged is not None:
            sides[side] = merged
    unknown_wholes = [f for f in wholes if _side(f) == "unknown"]
    # "killed five soldiers and three others": people of unknown status said to be more
    # than the others add to the dead by side; any other unknown figure may be the same dead.
    extra = [f for f in unknown_wholes if _is_additive(f)] if sides else []
    unknown = _merge_same_group(f for f in unknown_wholes if f not in extra) or _Range()
    added = _merge_same_group(extra) or _Range()
    by_side = _Range(*(sum(getattr(r, k) for r in sides.values()) for k in ("low", "best", "high")))
    by_side = _Range(by_side.low + added.low, by_side.best + added.best, by_side.high + added.high)
    # Unknown-status dead and the dead by side are the same people: the larger stands.
    best = max(by_side.best, unknown.best)
    low = max(by_side.low, unknown.low)
    high = max(by_side.high, unknown.high, best)
    if totals:
        coded = [f for f in totals if f.source == CODER_SOURCE]
        if coded:  # a coder's "fatalities coded as N" is the count itself
            best = low = coded[-1].best
            high = max(coded[-1].high, best)
        else:  # running totals only rise, so the largest is the latest
            best = max(best, *(f.best for f in totals))
            low = max(low, *(f.low for f in totals))
            high = max(high, best, *(f.high for f in totals))
    low = min(low, best)
    side_best = {side: r.best for side, r in sides.items()}
    named = sum(side_best.values())
    if named > best:  # a total smaller than its parts: scale nothing, trust the total
        side_best = {}
        named = 0
    return _Tally(side_best, best - named, low, best, high)


def count_casualties(figures: Sequence[CasualtyFigure], *, side_a_is_state: bool = True) -> Toll:
    """The toll of one event from the figures assigned to it (conservative rule).

    The headline and the body are one report told twice, so their figures are never
    added: the body's toll stands, and the headline's counts only when the body gives no
    killed figure (a page whose story is only in its headline). A death told without a
    number ("a fatal shooting") counts last, when neither gives how many.
    """
    dead = [f for f in figures if f.kind == "killed"]
    killed = [f for f in dead if f.flag in ("", PART_FLAG)]
    if not killed:  # the headline's count, its parts read as parts of it
        killed = [f if f.flag == HEADLINE_FLAG else replace(f, flag=PART_FLAG)
                  for f in dead if f.flag in (HEADLINE_FLAG, HEADLINE_PART_FLAG)]
    if not killed:  # "a fatal shooting": someone died, nobody says how many
        killed = [f for f in dead if f.flag == IMPLIED_FLAG]
    return _count(killed, side_a_is_state)


def _count(killed: Sequence[CasualtyFigure], side_a_is_state: bool) -> Toll:
    claims = tuple(f for f in killed if f.status in ("claimed", "disputed"))
    counted = tuple(f for f in killed if f.status not in ("claimed", "disputed"))
    if counted:
        tally = _tally(counted)
        claim_high = _tally(claims).best if claims else 0
        fatalities = tally.best
        low, best, high = tally.low, tally.best, max(tally.high, claim_high)
    elif claims:
        # DESIGN.md §5: when a party's claim is the only figure, ACLED codes it ("Al Shabaab
        # claimed to have killed two soldiers" -> 2); UCDP lets a claim raise only `high`.
        tally = _tally(claims)
        fatalities = tally.best
        low, best, high = 0, 0, tally.high
        tally = _Tally({}, 0, 0, 0, 0)
    else:
        return Toll(0, 0, 0, 0, 0, 0, 0, 0, (), ())
    state, rebels = ("security", "militants") if side_a_is_state else ("militants", "security")
    sides = tally.sides
    deaths_a = sides.get(state, 0)
    deaths_b = sides.get(rebels, 0) + sides.get("attackers", 0)
    return Toll(
        fatalities=fatalities,
        deaths_a=deaths_a,
        deaths_b=deaths_b,
        deaths_civilians=sides.get("civilians", 0),
        deaths_unknown=tally.unknown,
        low=low,
        best=best,
        high=high,
        claims=claims,
        counted=counted,
    )
