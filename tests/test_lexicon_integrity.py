"""The shipped knowledge files are well formed: triggers, actors, governments, countries."""

from __future__ import annotations

import csv
import itertools
import re
import tomllib
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from conflictcoder.resources import actor_index as ai
from conflictcoder.resources.lexicons import compile_triggers, read_triggers_raw, validate_triggers
from conflictcoder.taxonomy import SUB_EVENT_TYPES

DATA = resources.files("conflictcoder.resources.data")


def test_shipped_trigger_lexicon_is_valid() -> None:
    assert validate_triggers(read_triggers_raw()) == []


def test_every_sub_event_type_but_other_has_a_rule() -> None:
    raw = read_triggers_raw()
    covered = {rule["sub_event_type"] for rule in raw["rule"]}
    assert set(SUB_EVENT_TYPES) - covered == {"Other"}


def test_rule_names_unique_and_priorities_distinct_within_a_scope() -> None:
    rules = read_triggers_raw()["rule"]
    names = [r["name"] for r in rules]
    assert len(names) == len(set(names))
    seen: dict[tuple[str, int], str] = {}
    for rule in rules:
        key = (rule.get("scope", "political"), rule["priority"])
        assert key not in seen, f"{rule['name']} and {seen[key]} share a priority"
        seen[key] = rule["name"]


def test_validation_reports_broken_lexicons() -> None:
    raw = {
        "cues": {"a": ["(unclosed"], "b": ["x?"]},
        "rule": [
            {
                "name": "r",
                "event_type": "Riots",
                "sub_event_type": "Armed clash",
                "priority": 1,
                "trigger": "missing",
                "none": ["nope"],
                "colour": "red",
            },
        ],
    }
    errors = "\n".join(validate_triggers(raw))
    assert "bad pattern" in errors
    assert "matches the empty string" in errors
    assert "not an ACLED event/sub-event pair" in errors
    assert "unknown cue 'missing'" in errors
    assert "unknown cue 'nope'" in errors
    assert "unknown keys" in errors
    with pytest.raises(ValueError, match="invalid trigger lexicon"):
        compile_triggers(raw)


def test_placeholders_compile_acronyms_case_sensitively() -> None:
    raw = {
        "cues": {"armed": ["@armed_groups"], "trigger": ["attacked"]},
        "rule": [
            {
                "name": "r",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "priority": 1,
                "trigger": "trigger",
                "all": ["armed"],
            }
        ],
    }
    lexicon = compile_triggers(raw, {"armed_groups": ("AA", "Arakan Army")})
    cue = lexicon.cues["armed"]
    assert cue.search("AA fighters attacked")
    assert cue.search("the arakan army attacked")
    assert cue.search("a bazaar attacked") is None


# ------------------------------------------------------------------ actor data
def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(DATA.joinpath(name).read_text(encoding="utf-8").splitlines()))


def test_countries_file_is_unique_and_complete() -> None:
    rows = _rows("countries.csv")
    names = [r["country"] for r in rows]
    assert len(names) == len(set(names))
    for needed in (
        "Pakistan",
        "Democratic Republic of Congo",
        "Ivory Coast",
        "Palestine",
        "Russia",
        "Syria",
        "eSwatini",
        "Kosovo",
        "United States",
        "Myanmar",
    ):
        assert needed in names


def test_actor_rows_are_well_formed() -> None:
    countries = {r["country"] for r in _rows("countries.csv")}
    rows = _rows("actors.csv")
    assert len(rows) >= 150
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)), "duplicate actor names"
    for row in rows:
        assert 1 <= int(row["inter"]) <= 8, row["name"]
        assert row["kind"] in {"armed", "party", "state", "external"}, row["name"]
        for country in filter(None, row["country"].split("|")):
            assert country in countries, f"{row['name']}: unknown country {country!r}"
        assert row["aliases"].strip(), f"{row['name']} has no alias"
        if row["valid_from"] and row["valid_to"]:
            assert row["valid_from"] < row["valid_to"], row["name"]
        if ":" in row["name"]:  # "ACRONYM: Full Name"
            acronym, full = row["name"].split(": ", 1)
            assert acronym and full, row["name"]


def test_shared_aliases_are_told_apart_by_country_or_date() -> None:
    entries = ai.read_entries()
    by_alias: dict[str, list[ai.ActorEntry]] = defaultdict(list)
    for entry in entries:
        for alias in entry.aliases:
            by_alias[alias].append(entry)
    for alias, group in by_alias.items():
        if len(group) < 2:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                overlap_in_time = (
                    a.valid_to is None or b.valid_from is None or b.valid_from < a.valid_to
                ) and (b.valid_to is None or a.valid_from is None or a.valid_from < b.valid_to)
                same_place = bool(set(a.countries) & set(b.countries)) or not (
                    a.countries and b.countries
                )
                assert not (overlap_in_time and same_place and a.countries == b.countries), (
                    f"alias {alias!r} is ambiguous between {a.name} and {b.name}"
                )


def test_government_periods_do_not_overlap() -> None:
    countries = {r["country"] for r in _rows("countries.csv")}
    by_country: dict[str, list[ai.Government]] = defaultdict(list)
    for gov in ai.read_governments():
        assert gov.country in countries, gov.country
        assert gov.end is None or gov.start < gov.end, gov
        by_country[gov.country].append(gov)
    for country, periods in by_country.items():
        periods.sort(key=lambda g: g.start)
        assert sum(g.end is None for g in periods) == 1, f"{country}: one open period"
        for earlier, later in itertools.pairwise(periods):
            assert earlier.end is not None and earlier.end <= later.start, country


def test_government_table_covers_the_required_countries() -> None:
    covered = {g.country for g in ai.read_governments()}
    for country in (
        "Pakistan",
        "India",
        "Kenya",
        "Ukraine",
        "Myanmar",
        "Afghanistan",
        "Bangladesh",
        "Burkina Faso",
        "Mexico",
        "United States",
        "Syria",
    ):
        assert country in covered


def test_generic_actor_file_is_valid() -> None:
    data = tomllib.loads(DATA.joinpath("generic_actors.toml").read_text(encoding="utf-8"))
    countries = {r["country"] for r in _rows("countries.csv")}
    kinds = set()
    for category in data["category"]:
        assert category["kind"] in ai.GENERIC_KINDS
        assert 1 <= category["inter"] <= 8
        assert "{country}" in category["name"]
        kinds.add(category["kind"])
        for pattern in category["patterns"]:
            assert not re.compile(pattern).fullmatch(""), pattern
    assert kinds == set(ai.GENERIC_KINDS)
    for unit in data["unit"]:
        assert unit["force"] in ai.STATE_FORCE_KINDS
        assert unit["country"] == "" or unit["country"] in countries
    for ethnic in data["ethnic"]:
        assert ethnic["country"] in countries
        assert ethnic["groups"]
        assert len(ethnic["groups"]) == len(set(ethnic["groups"])), ethnic["country"]
        assert ethnic.get("label", "Ethnic") in {"Ethnic", "Clan", "Tribal"}


def test_the_index_loads_once() -> None:
    assert ai.load_actor_index() is ai.load_actor_index()


def test_validation_reports_patterns_that_do_not_compile_together() -> None:
    raw = {
        "cues": {"g": ["over(?P<mask> the attack)", "against(?P<mask> the killing)"]},
        "rule": [
            {
                "name": "r",
                "event_type": "Riots",
                "sub_event_type": "Mob violence",
                "priority": 1,
                "trigger": "g",
            }
        ],
    }
    assert any("do not compile together" in e for e in validate_triggers(raw))


def test_required_strings_are_read_from_the_pattern() -> None:
    from conflictcoder.resources.lexicons import required_strings

    assert required_strings(re.compile(r"(?:Foo|bar)baz?", re.I)) == {"foo", "bar"}
    assert required_strings(re.compile(r"gun ?fights?")) == {"fight"}  # the longer run
    assert required_strings(re.compile(r"a?b?")) is None
    assert required_strings(re.compile(r"\d+ (?:x|y)")) is None  # nothing long enough


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!\w)(?:shot (?:dead|and killed)|gunned down|(?:was|were) killed)(?!\w)",
        r"(?:police|troops?)(?: \w+){0,3} (?:fired|opened fire)",
        r"clash(?:ed|es)?(?:\W+\w+){0,6}?\W+(?:with|between) (?:the )?police",
        r"(?-i:march(?:ed)?)|rall(?:y|ies)",
    ],
)
def test_the_prefilter_never_rejects_a_match(pattern: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from conflictcoder.resources.lexicons import required_strings

    compiled = re.compile(pattern, re.IGNORECASE)
    needs = required_strings(compiled)
    assert needs is not None
    words = st.sampled_from(
        ["shot", "Dead", "and", "killed", "gunned", "down", "was", "were", "police", "troops",
         "fired", "opened", "fire", "clashed", "with", "between", "the", "March", "marched",
         "rally", "RALLIES", "x"]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.lists(words, min_size=1, max_size=9), st.sampled_from([" ", "  ", ", "]))
    def check(tokens: list[str], sep: str) -> None:
        text = sep.join(tokens)
        if compiled.search(text):
            assert any(word in text.lower() for word in needs)

    check()


def test_cue_tests_agree_with_their_patterns() -> None:
    from conflictcoder.stages.mentions import trigger_lexicon

    lexicon = trigger_lexicon()
    folder = Path(__file__).parent / "data" / "non_events"
    texts = [
        "Gunmen shot dead a trader and torched two lorries near the MARKET on Friday.",
        "POLICE FIRED TEAR GAS AT PROTESTERS WHO HAD BLOCKED THE HIGHWAY.",
        "Rebel fighters seized the district headquarters after a gun battle with troops.",
        "Herders and farmers clashed over grazing land; a curfew was imposed.",
    ]
    texts += [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    memo: dict[re.Pattern[str], bool] = {}
    for text in texts:
        memo.clear()
        for cue in lexicon.cues.values():
            expected = any(p.search(text) for p in cue.patterns)
            assert cue.test(text) == expected, (cue.name, text[:60])
            assert cue.test(text, memo, text.lower()) == expected, (cue.name, text[:60])
