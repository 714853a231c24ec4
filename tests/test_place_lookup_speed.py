"""The name scanner's lookup shortcuts give the answers of the plain lookups they replace.

Runs of words are looked up only as far as some listed name goes on from their first
words (:func:`conflictcoder.stages.place_lookup.name_reach`); the prefix probe behind it is
checked against the keys themselves, and the scanner with it against the scanner without.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import write_old_gazetteer
from conflictcoder.resources.gazetteer import (
    _HITS_QUERY,
    PREFIX_FILTER_BITS,
    Hit,
    SqliteGazetteer,
    _entry,
    open_gazetteer,
)
from conflictcoder.stages import place_names
from conflictcoder.stages.place_tokens import TOKEN, capitalised, tokens


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


class _WithoutPrefixes:
    """The gazetteer without its prefix probe: the scanner looks up every run of words."""

    def __init__(self, gaz: SqliteGazetteer) -> None:
        self._gaz = gaz

    def lookup(self, name: str) -> tuple[Hit, ...]:
        return self._gaz.lookup(name)

    def similar_areas(self, name: str) -> tuple[Hit, ...]:
        return self._gaz.similar_areas(name)


def test_prefix_probe_answers_what_the_keys_say(gaz: SqliteGazetteer) -> None:
    keys = [k for (k,) in gaz._conn.execute("SELECT DISTINCT key FROM name ORDER BY key")]
    multi = [k for k in keys[::50] if " " in k]
    heads = {k.rsplit(" ", 1)[0] for k in multi} | {k.split(" ", 1)[0] for k in multi}
    asked = sorted(heads | {f"{h} police" for h in heads} | {k for k in keys[::997]})
    asked += ["", "a", "police", "police chief", "zzzz", "san", "deir ez", "new york city"]
    fresh = SqliteGazetteer(gaz.path)
    found = 0
    for prefix in asked:
        # Plainly: the first key from "prefix " on starts with it.
        n = bisect.bisect_left(keys, f"{prefix} ")
        expected = n < len(keys) and keys[n].startswith(f"{prefix} ")
        assert fresh._has_prefix(prefix) == expected, prefix  # the index, exactly
        if expected:
            assert fresh.has_prefix(prefix), prefix  # the filter never hides a prefix
        found += expected
    assert found > len(heads) // 2  # most heads go on: the check is not vacuous


def test_every_word_prefix_of_a_key_has_its_filter_bit_set(gaz: SqliteGazetteer) -> None:
    bits = gaz._prefix_filter
    assert bits is not None and len(bits) * 8 == PREFIX_FILTER_BITS
    prefixes = set()
    for (key,) in gaz._conn.execute("SELECT DISTINCT key FROM name WHERE key GLOB '* *'"):
        words = key.split(" ")
        prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
    assert len(prefixes) > 100_000
    assert all(gaz.has_prefix(p) for p in prefixes)  # no prefix is ever hidden
    # And it answers "no" for most words that begin no key (under 5% read as a prefix).
    others = [f"{p} police station" for p in sorted(prefixes)[::50]]
    assert sum(gaz.has_prefix(o) for o in others) < len(others) / 20
    assert sum(gaz._has_prefix(o) for o in others) == 0


def test_a_file_without_the_prefix_filter_asks_the_index(tmp_path: Path) -> None:
    path = write_old_gazetteer(
        tmp_path / "old.sqlite",
        "INSERT INTO place VALUES (1, 'Deir ez-Zor', 'city', 'SY', 'Deir ez-Zor', '', NULL,"
        " NULL, 300000, 35.3, 40.1, NULL, '');"
        "INSERT INTO name VALUES ('deir ez zor', 1, 1);",
        name_index=True,
    )
    small = SqliteGazetteer(path)
    assert small._prefix_filter is None
    assert [small.has_prefix(p) for p in ("deir", "deir ez", "deir ez zor", "zor")] == [
        True, True, False, False
    ]
    text = "Troops entered Deir ez-Zor on Monday."
    (found,), _ = place_names.scan_names(text, 0, len(text), small)
    assert found.written == "Deir ez-Zor"


SCAN_TEXTS = [
    "Militants raided al-Raqqa and Deir ez-Zor; residents of Olho d'Agua das Flores fled"
    " to l’Aquila-Nord and Ras al-Ain.",
    "Police Chief Ali Khan Said told the New York City Police Department in Dera Ismail Khan.",
    "Gunmen hit Santa Maria da Boa Vista, Santa Cruz de la Sierra and San Jose del Monte.",
    "The Khyber Pakhtunkhwa police and Ar Raqqa council met in Abu Dhabi—Sharjah talks.",
    "Santa Cruz`s mayor, Santa 5Cruz, Santa ĸruz, Santa Éz and Ciudad de México were named.",
    "Dhaka's Shahbagh, Mymensingh's Trishal upazila and Kishoreganj District's Pakundia.",
    "In Rio de Janeiro, the Complexo da Maré and Cidade de Deus saw raids. St. Louis too.",
    # Keys that join across the gap, where the words' own keys do not: "san jose".
    "Gunmen hit San Jo—Se and San Jo`Se; Kabul Ŋ and Dera Ismail Ŋ Khan were calm.",
    "Ümit Öztürk said the İzmir office and the Łódź branch were closed. ſoldiers x--y A5b",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_scanning_with_name_reach_finds_what_every_run_finds(
    text: str, gaz: SqliteGazetteer
) -> None:
    fast = place_names.scan_names(text, 0, len(text), gaz)
    plain = place_names.scan_names(text, 0, len(text), _WithoutPrefixes(gaz))
    assert repr(fast) == repr(plain)


def test_name_reach_keeps_long_names_found(gaz: SqliteGazetteer) -> None:
    text = "Troops entered Deir ez-Zor and Dera Ismail Khan, and Santa Cruz de la Sierra."
    found, _ = place_names.scan_names(text, 0, len(text), gaz)
    assert {"Deir ez-Zor", "Dera Ismail Khan", "Santa Cruz de la Sierra"} <= {
        c.written for c in found
    }


_WORDS = [
    "Santa", "Cruz", "de", "la", "Sierra", "San", "Jose", "Dera", "Ismail", "Khan", "Police",
    "Chief", "Deir", "ez-Zor", "al-Raqqa", "Ar", "Raqqa", "New", "York", "City", "Abu",
    "Dhabi", "Ras", "al-Ain", "México", "ĸruz", "Éz", "Kabul's", "Boa", "Vista", "the", "of",
    "Jo", "Se", "Ŋ", "Kabul",
]
_GAPS = [" ", " ", " ", ", ", "—", "`", " `", "-", ". ", "5", " ’", "\n", "(", "'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12))
def test_scanning_with_name_reach_agrees_on_generated_runs(
    pieces: list[tuple[str, str]],
) -> None:
    gaz = open_gazetteer()
    text = "".join(word + gap for word, gap in pieces)
    fast = place_names.scan_names(text, 0, len(text), gaz)
    plain = place_names.scan_names(text, 0, len(text), _WithoutPrefixes(gaz))
    assert repr(fast) == repr(plain)


def test_rows_sorted_here_come_in_the_order_sqlite_sorts_them(gaz: SqliteGazetteer) -> None:
    # Keys of many places, most with ties of population and exactness: the tie order too.
    many = [
        k
        for (k,) in gaz._conn.execute(
            "SELECT key FROM name GROUP BY key HAVING count(*) > 3 ORDER BY key"
        )
    ][::25]
    assert len(many) > 300
    fresh = SqliteGazetteer(gaz.path)
    tied = 0
    for key in [*many, "santa cruz", "san jose", "washington", "franklin"]:
        ordered = gaz._conn.execute(_HITS_QUERY, (key,)).fetchall()
        expected = tuple(Hit(_entry(r[:-1]), bool(r[-1])) for r in ordered)
        assert fresh.lookup(key) == expected, key
        tied += len({(r[-1], r[8]) for r in ordered}) < len(ordered)
    assert tied > 50  # ties are compared, not only distinct populations


_PIECES = ["al-", "el-", "ash-", "as-", "ul-", "d'", "l’", "d’", "A", "R", "x", "aq", " ", "5",
           "-", "'", "’", "É", "é", ".", "ul", "l", "D"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_words_an_article_starts_are_capitalised_as_one_by_one(pieces: list[str]) -> None:
    text = "".join(pieces)
    for start, end in ((0, len(text)), (min(2, len(text)), max(0, len(text) - 1))):
        got = tokens(text, start, end)
        found = list(TOKEN.finditer(text, start, end))
        assert got.words == [m.group() for m in found]
        assert got.caps == [capitalised(m.group()) for m in found]


BASE_TEXTS = [
    *SCAN_TEXTS,
    "Gunmen killed two policemen in Andarab district, Baghlan, and in Herat province.",
    "QUETTA, Pakistan (Reuters) - A bomb hit a market in Pasni, in Gwadar district, and the"
    " town of Turbat; Kwale county and Kwale town, Samburu Central and Washington were calm.",
    "Fighting in Sagaing Region's Kani Township and the village of Kosovo near Mogadishu.",
]


@pytest.mark.parametrize("text", BASE_TEXTS)
def test_base_scores_read_once_are_each_readings_score(text: str, gaz: SqliteGazetteer) -> None:
    from collections import Counter

    from conflictcoder.stages import place_context

    cands, _ = place_names.scan_names(text, 0, len(text), gaz)
    assert cands
    areas = Counter(
        h.entry.id for c in cands for h in c.hits if h.entry.kind in ("admin1", "admin2")
    )
    countries = Counter(h.entry.iso2 for c in cands for h in c.hits)
    for iso2 in ("", "PK", "AF", "US", "KE"):
        for sphere in (frozenset(), frozenset({"PK", "SO"})):
            for mentioned in (Counter(), areas):
                for c in cands:
                    got = place_context._base_scores(c, iso2, mentioned, countries, sphere)
                    plain = [
                        (place_context._score(h, c, iso2, mentioned, countries, sphere), h)
                        for h in c.hits
                    ]
                    assert got == plain
