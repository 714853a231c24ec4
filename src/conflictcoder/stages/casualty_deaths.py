"""Deaths a report tells by a noun, not by a count of people.

"a double homicide" (two dead); "5th victim dies" (five) is a running total
(casualty_totals._totals). Some say only that someone
died: "a fatal shooting", "a murder-suicide" (two), "fatally shot himself" told alone;
they are flagged ``implied`` and count only when no figure of the event says how many
died. "fatally shot himself after killing his wife" counts him on top of her.
"""

from __future__ import annotations

import re

from conflictcoder.stages.casualty_implicit import SELF_KILLED
from conflictcoder.stages.casualty_phrases import _Candidate, _NounPhrase
from conflictcoder.stages.casualty_text import reading

# A death told by a noun only, or the shooter's own death told alone: counted only when
# the event has no figure that says how many died (tolls.count_casualties).
IMPLIED_FLAG = "implied"

# "a double homicide", "the triple murder": that many dead
_MULTIPLE = {"double": 2, "triple": 3, "quadruple": 4, "quintuple": 5}
_MULTIPLE_DEATHS = re.compile(
    r"\b(?P<n>double|triple|quadruple|quintuple)[\s-]+(?:homicides?|murders?|slayings?"
    r"|killings?|fatal\s+shootings?)\b(?![\s-]+suicide)",
    re.IGNORECASE,
)
# "a murder-suicide": the killer and at least one victim
_MURDER_SUICIDE = re.compile(r"(?<!attempted\s)\bmurder[\s-]+suicide\b", re.IGNORECASE)
# "a fatal shooting", "the deadly stabbing", "his shooting death": someone died, number
# untold. tolls.py reads such a figure as one of the dead, never as their count.
IMPLIED_DEATH = re.compile(
    r"\b(?:(?:fatal|deadly)\s+(?-i:[A-Z][\w.'’-]*\s+){0,3}(?:shooting|stabbing|shootout"
    r"|attack|beating)|(?:shooting|stabbing)\s+death)\b",
    re.IGNORECASE,
)
# "5th person dies", "a 3rd victim has died": the count so far is the ordinal (a running
# total, read by casualty_totals._totals)
NUMERIC_ORDINAL_DEATH = re.compile(
    r"(?:\b(?:an?|the)\s+|^|(?<=:\s))(?P<n>[2-9])(?:nd|rd|th)\s+(?:person|victim|man|woman"
    r"|teen|child|boy|girl|officer|student)\s+(?:(?:has|had)\s+)?(?:also\s+|later\s+|now\s+)?"
    r"(?:dies|died|succumbs|succumbed)\b",
    re.IGNORECASE,
)


# "a double murder case", "participated in the triple murder": a crime on record, told of
# an arrest or a trial, not deaths of the event reported
_CASE_AFTER = re.compile(r"\s+(?:cases?|trials?|charges?|convictions?)\b", re.IGNORECASE)
_CASE_BEFORE = re.compile(
    r"\b(?:participated|involved|convicted|sentenced|acquitted|jailed|tried|role)\s+"
    r"(?:in|for)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _on_record(text: str, start: int, end: int) -> bool:
    return bool(
        _CASE_AFTER.match(text, end) or _CASE_BEFORE.search(text, max(0, start - 60), start)
    )


def _free(found: list[_Candidate], start: int, end: int) -> bool:
    return not any(
        c.kind
        and min(c.start, c.kind_start if c.kind_start >= 0 else c.start) < end
        and start < max(c.np.end, c.kind_end)
        for c in found
    )


def _dead(start: int, end: int, count: int, head: str, *, implied: bool = False) -> _Candidate:
    candidate = _Candidate(start, end, count, count, count, _NounPhrase(end, head=head), False)
    candidate.kind, candidate.how, candidate.implied = "killed", "noun", implied
    candidate.kind_start, candidate.kind_end = start, end
    return candidate


def deaths_by_noun(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Dead told by a noun of death, in a sentence the other readers have read."""
    read = reading(text)
    out: list[_Candidate] = []
    if read.may_match(_MULTIPLE_DEATHS):
        for m in _MULTIPLE_DEATHS.finditer(text):
            if not _on_record(text, m.start(), m.end()) and _free(found, m.start(), m.end()):
                out.append(_dead(m.start(), m.end(), _MULTIPLE[m.group("n").lower()], "dead"))
    if read.may_match(_MURDER_SUICIDE):
        for m in _MURDER_SUICIDE.finditer(text):
            if not _on_record(text, m.start(), m.end()) and _free(found + out, m.start(), m.end()):
                out.append(_dead(m.start(), m.end(), 2, "dead", implied=True))
    if read.may_match(IMPLIED_DEATH):
        for m in IMPLIED_DEATH.finditer(text):
            if not _on_record(text, m.start(), m.end()) and _free(found + out, m.start(), m.end()):
                out.append(_dead(m.start(), m.end(), 1, "dead", implied=True))
    if read.may_match(SELF_KILLED):
        for m in SELF_KILLED.finditer(text):
            if _free(found + out, m.start(), m.end()) and not any(
                c.kind == "killed" and c.np.end <= m.start() for c in found
            ):  # after others killed, casualty_implicit._self_killed reads it
                # before others killed ("shot himself after killing his wife"): one more
                later = any(c.kind == "killed" and c.start >= m.end() for c in found)
                out.append(_dead(m.start(), m.end(), 1, "others", implied=not later))
    return out
