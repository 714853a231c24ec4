"""The place stage's fast paths give the answers of the plain computations they replace.

Words are read by splitting instead of matching one by one; name keys are made with one
translation table instead of two regular expressions; unlisted capitalised words without a
cue skip the scanner's cue reading; the admin area keys for fuzzy matching are read whole
from the gazetteer file, and compared only where their length lets them come close enough.
Each is checked against the plain way.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from builders import write_old_gazetteer
from conflictcoder.model import Article
from conflictcoder.resources.gazetteer import (
    _ENTRY_COLUMNS,
    _HITS_QUERY,
    ARABIC_WORLD,
    AREA_KEYS_QUERY,
    KEY_FILTER_BITS,
    GazEntry,
    Hit,
    SqliteGazetteer,
    _entry,
    _name_key_reference,
    key_filter_bit,
    name_key,
    open_gazetteer,
)
from conflictcoder.stages import place_context, place_names
from conflictcoder.stages.place_tokens import TOKEN, capitalised, tokens
from conflictcoder.stages.split import split_sentences

TEXTS = [
    "QUETTA, Pakistan (Reuters) - Gunmen stormed a checkpoint in Pasni, Gwadar district,"
    " and others struck Nushki's bazaar, officials said.",
    "Militants raided al-Raqqa and Deir ez-Zor; residents of Olho d'Agua das Flores fled"
    " to l’Aquila-Nord.",
    "Troops shelled the Awapalli-Basaguda road near the village of Kistaram in Sukma.",
    "A bomb hit Vaupur village, 5km west of Garwah District, in Jharkhand state.",
    "Ümit Öztürk said the İzmir office and the Łódź branch were closed. ſoldiers x--y A5b",
    "The mayor of Chilapa, in the state of Guerrero, said 12 people were killed.",
    "",
    "   ",
    "no capital letters here at all, only words and 3 numbers.",
]


def _plain_tokens(text: str, start: int, end: int) -> tuple[list, list, list, list]:
    found = list(TOKEN.finditer(text, start, end))
    return (
        [m.start() for m in found],
        [m.end() for m in found],
        [m.group() for m in found],
        [capitalised(m.group()) for m in found],
    )


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_the_words_the_pattern_finds(text: str) -> None:
    for start, end in ((0, len(text)), (min(3, len(text)), max(0, len(text) - 4))):
        got = tokens(text, start, end)
        assert (got.starts, got.ends, got.words, got.caps) == _plain_tokens(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAdlLeuZ -'’`.,()5_Éé\nİıß"), max_size=40))
def test_tokens_match_the_pattern_on_any_text(text: str) -> None:
    got = tokens(text, 0, len(text))
    assert (got.starts, got.ends, got.words, got.caps) == _plain_tokens(text, 0, len(text))


@pytest.mark.parametrize(
    "name",
    ["Deir ez-Zor", "Nushki's", "O'Brien", "Querétaro", "Łódź", "Ar Raqqa", "`Ayn", "Gəncə",
     "Saint-Étienne (Loire)", "  Kharkiv   region ", "d’Agua", "Ma´arrat", "中文", ""],
)
def test_name_key_matches_the_regular_expressions(name: str) -> None:
    assert name_key(name) == _name_key_reference(name)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_name_key_matches_on_any_text(name: str) -> None:
    assert name_key(name) == _name_key_reference(name)


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


def test_stored_area_keys_are_those_the_query_gives(gaz: SqliteGazetteer) -> None:
    rows = gaz._conn.execute(AREA_KEYS_QUERY).fetchall()
    keys, ids = gaz._area_keys()
    assert keys == [r[0] for r in rows]
    assert ids == [r[1] for r in rows]
    by_initial: dict[str, list[str]] = {}
    for key in keys:
        if key:
            by_initial.setdefault(key[0], []).append(key)
    assert gaz._area_keys_by_initial() == by_initial


def test_a_file_without_stored_area_keys_is_read_by_query(tmp_path: Path) -> None:
    path = write_old_gazetteer(
        tmp_path / "old.sqlite",
        "INSERT INTO place VALUES (1, 'Garhwa', 'admin2', 'IN', 'Jharkhand', 'Garhwa', 2, 1,"
        " 1300000, 24.2, 83.8, NULL, 'Garhwa');"
        "INSERT INTO place VALUES (2, 'Jharkhand', 'admin1', 'IN', 'Jharkhand', '', 2, NULL,"
        " 33000000, 23.6, 85.3, NULL, 'Ranchi');"
        "INSERT INTO place VALUES (3, 'Garhwa', 'city', 'IN', 'Jharkhand', 'Garhwa', 2, 1,"
        " 50000, 24.2, 83.8, NULL, '');"
        "INSERT INTO name VALUES ('garhwa', 1, 1), ('garhwa', 3, 1), ('jharkhand', 2, 1);",
    )
    small = SqliteGazetteer(path)
    assert small._key_filter is None  # nor a key filter: every key is probed
    assert [h.entry.kind for h in small.lookup("Garhwa")] == ["admin2", "city"]
    assert small.lookup("Quetta") == ()
    assert small._area_keys() == (["garhwa", "jharkhand"], [1, 2])
    (hit,) = small.similar_areas("Garwah")
    assert (hit.entry.name, hit.entry.kind) == ("Garhwa", "admin2")


SCAN_TEXTS = [
    *TEXTS,
    "Gunmen attacked Tokar village and the Makhmal camp of Kassala state, Sudan's army said.",
    "Police in Mombasa said Kwale County and the town of Ukunda were calm. Ruto spoke on Monday.",
    "Fighting spread across Sagaing Region's Kani Township and Yinmarbin District.",
    "Villagers from the Dhaka-Barisal highway said Barisal city and Jhalokathi upazila flooded.",
    "Ali Khan, Mr Mark Smith and Chief Okoro of the Police Department visited Garwah District.",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_scanning_without_the_plain_word_shortcut_finds_the_same(
    text: str, gaz: SqliteGazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = place_names.scan_names(text, 0, len(text), gaz)
    monkeypatch.setattr(place_names, "_plain_word", lambda *_: False)
    slow = place_names.scan_names(text, 0, len(text), gaz)
    assert repr(fast) == repr(slow)


def test_the_shortcut_keeps_unlisted_places_written_with_their_kind(
    gaz: SqliteGazetteer,
) -> None:
    text = "Gunmen burnt Xqzvillo village and the hamlet of Qwzrtland, police said."
    _, unknown = place_names.scan_names(text, 0, len(text), gaz)
    assert [u.written for u in unknown] == ["Xqzvillo", "Qwzrtland"]


def _similar_areas_plain(gaz: SqliteGazetteer, key: str) -> tuple[Hit, ...]:
    """similar_areas as first written: one scan over every area key."""
    keys, ids = gaz._area_keys()
    same_initial = gaz._area_keys_by_initial().get(key[0], [])
    if not process.extractOne(key, same_initial, scorer=fuzz.ratio, score_cutoff=80):
        return ()
    found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=80, limit=8)
    best = max((score for _, score, _ in found), default=0)
    out = []
    for other, score, n in found:
        entry = gaz.get(ids[n])
        if score >= best - 1 and other[0] == key[0] and entry is not None:
            out.append(Hit(entry, False))
    return tuple(sorted(out, key=lambda h: -h.entry.population))


def _misspelt(keys: list[str]) -> list[str]:
    """Area keys a letter off (dropped, doubled, changed) and with a kind word after."""
    out = []
    for n, key in enumerate(keys[::700]):
        i = n % max(1, len(key))
        out += [key, key[:i] + key[i + 1 :], key[:i] + key[i] + key[i:]]
        out += [key[:i] + "aeiou"[n % 5] + key[i + 1 :], f"{key} {('region', 'district')[n % 2]}"]
    return out


def test_similar_areas_by_length_give_what_one_scan_of_all_keys_gives(
    gaz: SqliteGazetteer,
) -> None:
    words = [
        "garwah", "sarguja", "northern region", "fire department", "homicide division",
        "criminal investigation", "eastern provinces", "the western region", "judicial",
        "enforcement", "maharastra", "khyber pakhtunkwa", "balochistaan", "kandahaar",
    ]
    queries = [q for q in [*words, *_misspelt(gaz._area_keys()[0])] if len(q) >= 5]
    assert len(queries) > 500
    kept = 0
    for key in queries:
        plain = _similar_areas_plain(gaz, key)
        assert gaz._similar_areas(key) == plain, key
        kept += bool(plain)
    assert kept > 300  # most of them have near spellings: the comparison is not vacuous


def test_entries_are_read_by_position_in_the_order_of_their_fields() -> None:
    renamed = {"lat": "latitude", "lon": "longitude"}
    columns = [renamed.get(c.strip(), c.strip()) for c in _ENTRY_COLUMNS.split(",")]
    assert columns == [f.name for f in dataclasses.fields(GazEntry)]
    row = (7, "Pasni", "city", "PK", "Balochistan", "Gwadar", 2, 3, 31000, 25.3, 63.5, 9, "")
    assert _entry(row) == GazEntry(**dict(zip(columns, row, strict=True)))


def _lookup_plain(gaz: SqliteGazetteer, name: str) -> tuple[Hit, ...]:
    """lookup as first written: the file read for every name."""
    key = name_key(name)
    if not key:
        return ()
    rows = gaz._conn.execute(_HITS_QUERY, (key,)).fetchall()
    if not rows and re.match(r"^(?:al|el|ad|ar|as|ash|az|at|an|ath|adh|ed|es|er)\s", key):
        bare = _lookup_plain(gaz, re.sub(r"^\w+\s", "", key, count=1))
        return tuple(h for h in bare if h.entry.iso2 in ARABIC_WORLD)
    return tuple(Hit(_entry(r[:-1]), bool(r[-1])) for r in rows)


def test_every_key_has_its_filter_bit_set(gaz: SqliteGazetteer) -> None:
    bits = gaz._key_filter
    assert bits is not None and len(bits) * 8 == KEY_FILTER_BITS
    keys = [key for (key,) in gaz._conn.execute("SELECT DISTINCT key FROM name")]
    assert len(keys) > 400_000
    unset = [k for k in keys if not bits[key_filter_bit(k) >> 3] >> (key_filter_bit(k) & 7) & 1]
    assert unset == []  # the filter never hides a key
    # And it spares the file most names that are none: under 5% of these have their bit set.
    others = [f"{k} police station" for k in keys[::100]]
    set_bits = sum(bits[key_filter_bit(k) >> 3] >> (key_filter_bit(k) & 7) & 1 for k in others)
    assert set_bits < len(others) / 20


def test_names_are_looked_up_by_key_as_before(gaz: SqliteGazetteer) -> None:
    # Listed names of several words, with the words of the text around them, spelt several
    # ways: one read of the file per key gives every spelling the same hits.
    keys = [k for k in gaz._area_keys()[0][::400] if " " in k]
    names = [
        *keys, *(f"{k} police" for k in keys), *(f"Chief {k}" for k in keys),
        "Police Chief Fred Fletcher", "Deir ez-Zor", "Ar Raqqa", "al-Hasakah City",
        "El Paso", "Santa Maria da Boa Vista", "New York City Police", "Dera Ismail Khan",
        "Khyber Pakhtunkhwa", "Saint-Étienne", "Mr Kabul", "Kabul", "", "  ",
        *(k.upper() for k in keys), *(k.title() for k in keys),
    ]
    fresh = SqliteGazetteer(gaz.path)
    listed = 0
    for name in names:
        expected = _lookup_plain(fresh, name)
        assert fresh.lookup(name) == expected, name
        listed += bool(expected)
    assert listed > len(keys)  # the listed names are found: the check is not vacuous
    # Names sharing a key come from one read of the file.
    assert fresh.lookup("KABUL") is fresh.lookup("Kabul")


GEO_TEXTS = [
    "Gunmen killed two policemen in Andarab district, Baghlan, on Tuesday, officials said.",
    "QUETTA, Pakistan (Reuters) - A bomb hit a market in Pasni, in Gwadar district, and"
    " another exploded near Turbat.",
    "Clashes spread from Kharkiv to Izium and Balakliia in the Kharkiv region overnight.",
    "Troops shelled Andarab and Doshi districts of Baghlan province, and Pul-e-Khumri.",
    "Police in Garissa county said attackers from Somalia raided Dadaab and Hulugho.",
    "Gunmen attacked a checkpoint in Mogadishu on Sunday, a police officer said.",
]


def test_readings_ranked_once_are_those_ranked_again_without_support(
    gaz: SqliteGazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    supported = []

    def ranked_again(
        scores: list[tuple[float, Hit]], alone: list[tuple[float, Hit]], contained: frozenset[int]
    ) -> list[tuple[float, Hit]]:
        supported.append(bool(contained))
        return place_context._ranked(scores, contained)

    for text in GEO_TEXTS:
        article = Article(id="a", text=text)
        fast = place_context.article_geo_context(article, split_sentences(article), gaz)
        with monkeypatch.context() as patch:
            patch.setattr(place_context, "_ranked_near", ranked_again)
            plain = place_context.article_geo_context(article, split_sentences(article), gaz)
        assert repr(fast) == repr(plain)
        assert fast.places  # the texts name places: the comparison is not vacuous
    assert any(supported) and not all(supported)  # both ways were taken
