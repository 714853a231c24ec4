"""Shortcuts of the place stage that skip work give what the plain computation gives.

A pattern that ends in a bracket or a comma is not tried on a window without one; a word
of a pattern read possessively (never given back letter by letter) finds the same matches;
a name's neighbours support only the areas that are its own readings.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictcoder.resources.gazetteer import open_gazetteer
from conflictcoder.stages import place_chains, place_context, place_evidence, place_names

# Texts made of what the patterns care about: capitals, small letters, "s", apostrophes,
# spaces, brackets, commas and the words they look for.
_PIECES = st.sampled_from(
    [
        "Kenyan", "Kenyas", "Kenya's", "Nairobi", "McDonald", "Somali", " police", " government",
        " riot", " officials", " villages", "s", "'s", "’s", " ", "  ", "\n", ",", "(", ")",
        " in", " at", " near", " shelled", " Xylofka", " Kharkiv", " region", " and", "è", "Ab",
        "Sadar", " upazila", "-", ".", "the",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


_NATION_HOME_PLAIN = re.compile(place_evidence._NATION_HOME.pattern.replace("++", "+"))


def test_the_plain_nation_pattern_is_the_possessive_one_without_possessives() -> None:
    assert "++" in place_evidence._NATION_HOME.pattern
    assert "++" not in _NATION_HOME_PLAIN.pattern


CASES = [
    "Kenyas judiciary ruled and Kenyan police said",
    "the Nairobi Kenyan police and Kenyan Government officials",
    "Kenyans police, Kenyan's riot police, McDonald police, Somalis government",
    "Sudan’s security officials met Chad's border towns",
]


def test_nation_home_finds_what_the_plain_pattern_finds() -> None:
    found = [_matches(place_evidence._NATION_HOME, text) for text in CASES]
    assert found == [_matches(_NATION_HOME_PLAIN, text) for text in CASES]
    assert sum(map(len, found)) >= 8  # not vacuous: the cases do name nations at home


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_nation_home_finds_what_the_plain_pattern_finds_on_any_text(text: str) -> None:
    assert _matches(place_evidence._NATION_HOME, text) == _matches(_NATION_HOME_PLAIN, text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(0, 80))
def test_head_patterns_need_their_bracket_or_comma(text: str, lo: int) -> None:
    lo = min(lo, len(text))
    end = len(text)
    if "(" not in text[lo:end]:
        assert place_chains._NAME_BEFORE_PAREN.search(text, lo, end) is None
    if "," not in text[lo:end]:
        assert place_chains._NAME_BEFORE_AREA.search(text, lo, end) is None


def test_heads_before_a_bracket_and_a_comma_are_still_found() -> None:
    for text, name in (
        ("Gunmen attacked Saenz Pena (Buenos Aires) on Sunday.", "Saenz Pena"),
        ("Troops shelled Xylofka, Kharkiv region, overnight.", "Xylofka"),
    ):
        lo = text.index(name) - 10
        area = text.index("Buenos") if "(" in text else text.index("Kharkiv")
        paren = "(" in text
        pattern = place_chains._NAME_BEFORE_PAREN if paren else place_chains._NAME_BEFORE_AREA
        m = pattern.search(text, max(0, lo), area)
        assert m is not None and m.group("name") == name


SUPPORT_TEXTS = [
    "Militants attacked Pasni in Gwadar district of Balochistan, and Turbat, officials said.",
    "Troops shelled Andarab and Doshi districts of Baghlan province, and Pul-e-Khumri.",
    "Police in Garissa county said attackers from Somalia raided Dadaab and Hulugho.",
]


def test_support_outside_a_names_readings_ranks_them_as_none() -> None:
    """The scanner keeps only the neighbours' areas that are readings of the name: any
    other area adds to no reading, so the ranking is the one without it."""
    gaz = open_gazetteer()
    checked = 0
    for text in SUPPORT_TEXTS:
        cands, _ = place_names.scan_names(text, 0, len(text), gaz)
        for c in cands:
            base = place_context._base_scores(c, "", Counter(), Counter())
            alone = sorted(base, key=place_context._rank_key, reverse=True)
            own = {h.entry.id for h in c.hits}
            others = {h.entry.admin1_id for d in cands for h in d.hits} - own - {None}
            for support in (frozenset(others), frozenset(others | set(list(own)[:1]))):
                kept = support & own
                full = place_context._ranked_near(base, alone, support)
                assert full == place_context._ranked_near(base, alone, kept)
                checked += bool(support - kept)
    assert checked > 10  # areas outside the readings were really dropped


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 500), st.booleans(), st.booleans(), st.booleans(), st.booleans(),
    st.booleans(), st.sampled_from(["", "PK", "AF"]),
)
def test_base_scores_read_only_the_name_its_cue_and_readings(
    start: int, locative: bool, near: bool, stop: bool, strong: bool, origin: bool, iso2: str
) -> None:
    """A name written again with the same cue and readings is scored once per article: its
    scores may depend on nothing else of the candidate (where it is, how it is written)."""
    gaz = open_gazetteer()
    text = SUPPORT_TEXTS[0]
    cands, _ = place_names.scan_names(text, 0, len(text), gaz)
    mentioned = Counter({h.entry.admin2_id: 1 for c in cands for h in c.hits})
    votes = Counter({"PK": 3.0})
    for c in cands:
        moved = dataclasses.replace(
            c, start=start, end=start + len(c.written), locative=locative, near=near,
            stop=stop, strong=strong, origin=origin,
        )
        args = (iso2, mentioned, votes, frozenset({"PK"}))
        assert place_context._base_scores(moved, *args) == place_context._base_scores(c, *args)
    assert len(cands) >= 3
