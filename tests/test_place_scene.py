"""The event's place among several in one sentence: the town placed by its area wins."""

from __future__ import annotations

import pytest

from conflictcoder.model import Article, Mention, Place, Span
from conflictcoder.resources.gazetteer import SqliteGazetteer, open_gazetteer
from conflictcoder.stages.places import article_geo_context, resolve_place
from conflictcoder.stages.split import split_sentences


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


def _place(text: str, trigger: str, gaz: SqliteGazetteer) -> Place:
    article = Article(id="s", text=text)
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    s = sentences[0]
    at = text.index(trigger)
    mention = Mention(
        s, Span(article.id, at, at + len(trigger)), trigger, "Protests", "Peaceful protest",
        Span(article.id, s.start, s.end),
    )
    place = resolve_place(mention, article, sentences, gaz, geo)
    assert place is not None, text
    return place


def test_a_site_named_after_the_trigger_outside_the_named_area_is_no_scene(
    gaz: SqliteGazetteer,
) -> None:
    # "San Martin" and "Colon" are towns elsewhere; here they name a square and a theatre.
    text = "In Santa Rosa (Capital, La Pampa), teachers held a protest in the San Martin Square."
    place = _place(text, "protest", gaz)
    assert (place.name, place.admin1) == ("Santa Rosa", "La Pampa")
    text = "On Sunday, in Guasave (Sinaloa), families held a protest in the Colon theatre."
    place = _place(text, "protest", gaz)
    assert (place.name, place.admin1) == ("Guasave", "Sinaloa")
    # A second scene written as an area is no site: it stays a candidate.
    text = "Troops and rebels held a protest in Kandahar district and in Arghandab district."
    place = _place(text, "protest", gaz)
    assert place.admin1 == "Kandahar"


def test_the_part_of_a_split_state_is_read_from_the_text(gaz: SqliteGazetteer) -> None:
    # No district says which part of Shan State; the text does.
    text = "Troops held a protest near Wan Hpai village (Self-Administered Zone, Shan-South)."
    assert _place(text, "protest", gaz).admin1 == "Shan-South"
    text = "Militias held a protest in several villages of northern Shan State on Monday."
    assert _place(text, "protest", gaz).admin1 == "Shan-North"
    # Two parts named: the text does not tell.
    text = "Monks held a protest in Shan State, from Shan-North to Shan-East."
    assert _place(text, "protest", gaz).admin1 == "Shan"


def test_a_town_that_only_names_a_site_yields_to_the_town_named_beside_it(
    gaz: SqliteGazetteer,
) -> None:
    # Lafayette and Amambai are towns too; here they name a square and a neighbourhood.
    text = "Hundreds marched through Lafayette Square to a protest at City Hall in New Orleans."
    assert _place(text, "protest", gaz).name == "New Orleans"
    text = "In Campo Grande, residents staged a protest in the Amambai neighborhood on Friday."
    assert _place(text, "protest", gaz).name == "Campo Grande"
    # Beside an area alone, the site's town stands: the university is in Maseno.
    text = "Students of Maseno University in Kisumu county staged a protest over fees."
    assert _place(text, "protest", gaz).name == "Maseno"


def test_a_township_known_by_another_spelling_is_named_as_written(
    gaz: SqliteGazetteer,
) -> None:
    # The gazetteer spells the town "Dimawso" and "Danai"; the townships are written otherwise.
    text = "Residents held a protest in Demoso township against the curfew on Friday."
    place = _place(text, "protest", gaz)
    assert (place.name, place.admin1) == ("Demoso", "Kayah")
    text = "Miners held a protest in Tanai township (Kachin State) over land seizures."
    assert _place(text, "protest", gaz).name == "Tanai"
    # A town written as itself keeps the gazetteer's name.
    text = "Hundreds held a protest in Myitkyina township (Kachin State) on Sunday."
    assert _place(text, "protest", gaz).name == "Myitkyina"
    # A district spelt otherwise than the gazetteer's "Chahar Bolak".
    text = "Farmers held a protest in Charbolak district of Balkh over water rights."
    place = _place(text, "protest", gaz)
    assert (place.name, place.admin1) == ("Charbolak", "Balkh")


def test_a_people_named_after_its_homeland_is_no_town(gaz: SqliteGazetteer) -> None:
    # "Samburu" is also a hamlet on the coast; the Samburu people's county is the area.
    text = "Armed herders raided Samburu villagers and drove off their camels."
    place = _place(text, "raided", gaz)
    assert (place.admin1, place.name) == ("Samburu", "Maralal")
    # Kikuyu the town is no scene when the text means the people, here or later.
    text = "Police shot a Kikuyu tribesman during a protest that pitted Maasai and Kikuyu youths."
    article = Article(id="k", text=text)
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    assert any(p.written == "Kikuyu" for p in geo.places)  # the town, until read as a people
    s = sentences[0]
    mention = Mention(
        s, Span("k", s.start, s.start), "", "Protests", "Peaceful protest",
        Span("k", s.start, s.end),
    )
    place = resolve_place(mention, article, sentences, gaz, geo)
    assert place is None or place.name != "Kikuyu"


def test_a_namesake_outside_the_province_written_after_it_is_a_misreading(
    gaz: SqliteGazetteer,
) -> None:
    # Mexico has several towns and boroughs called Benito Juarez; the one meant is in Nuevo
    # Leon, which the gazetteer does not list: the state stands for it.
    text = "In Benito Juarez, Nuevo Leon, residents held a protest over water cuts on Monday."
    place = _place(text, "protest", gaz)
    assert place.admin1 == "Nuevo Leon"
    # A name the country has once is trusted over a qualifier that contradicts it.
    text = "Traders held a protest in Noakhali, Sylhet, over a new market levy on Monday."
    assert _place(text, "protest", gaz).name == "Noakhali"
