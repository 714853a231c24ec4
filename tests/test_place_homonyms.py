"""Homonyms abroad: the reading a careful coder takes from the evidence beside the name."""

from __future__ import annotations

import pytest

from conflictcoder.model import Article, Mention, Place, Span
from conflictcoder.resources.gazetteer import SqliteGazetteer, open_gazetteer
from conflictcoder.stages.places import article_geo_context, resolve_place
from conflictcoder.stages.split import split_sentences


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


def _place(text: str, trigger: str, gaz: SqliteGazetteer) -> Place | None:
    article = Article(id="h", text=text)
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    at = text.index(trigger)
    s = next(s for s in sentences if s.start <= at < s.end)
    mention = Mention(
        s, Span(article.id, at, at + len(trigger)), trigger, "Riots", "Mob violence",
        Span(article.id, s.start, s.end),
    )
    return resolve_place(mention, article, sentences, gaz, geo)


def test_a_bracketed_area_outweighs_a_bigger_town_abroad(gaz: SqliteGazetteer) -> None:
    # Oyam is a Ugandan district and a bigger Gabonese town: in brackets after a
    # sub-county it is the district.
    text = "A mob lynched a thief at Aber trading centre, Ngai sub-county (Oyam, Northern)."
    place = _place(text, "lynched", gaz)
    assert place is not None and place.country == "Uganda"


def test_a_town_that_is_its_areas_seat_outranks_a_bigger_namesake(gaz: SqliteGazetteer) -> None:
    # Kwale is the seat of a Kenyan county and a somewhat bigger Nigerian town; nothing
    # else in the text tells, and the county town is the better known.
    text = "Pupils rioted and torched a dormitory at a boarding school in Kwale on Monday."
    place = _place(text, "rioted", gaz)
    assert place is not None and place.country == "Kenya"


def test_a_two_letter_town_written_as_a_name_is_a_place(gaz: SqliteGazetteer) -> None:
    # Po is a garrison town in southern Burkina Faso; "PO" or "po" would be no name.
    text = "Mutinous soldiers rioted and fired into the air in Po overnight."
    place = _place(text, "rioted", gaz)
    assert place is not None and (place.country, place.name) == ("Burkina Faso", "Po")
    text = "Mutinous soldiers rioted after the PO office closed."
    assert _place(text, "rioted", gaz) is None


def test_a_town_with_no_namesake_abroad_is_read_after_of_or_to(gaz: SqliteGazetteer) -> None:
    # No country is named; the town is small, but the gazetteer knows no other of its name.
    text = "Youths rioted during a visit by the governor to Burnt Forest on Friday."
    place = _place(text, "rioted", gaz)
    assert place is not None and place.admin1 == "Uasin Gishu"


def test_an_unlisted_district_ending_in_a_listed_word_keeps_its_whole_name(
    gaz: SqliteGazetteer,
) -> None:
    # "Saraj" alone is a Macedonian town; "Nahri Saraj district" is an Afghan district
    # the gazetteer lacks, coded by its own name at the province it lies in.
    text = "Gunmen rioted at a checkpoint in Nahri Saraj district, Helmand, on Monday."
    place = _place(text, "rioted", gaz)
    assert place is not None and (place.name, place.admin1) == ("Nahri Saraj", "Helmand")


def test_a_spanish_name_joined_by_y_is_one_name(gaz: SqliteGazetteer) -> None:
    # "Castilla y Leon" is one region: read whole, it places the village in Spain.
    text = "Farmers rioted outside the town hall of Sabero (Castilla y Leon) on Friday."
    place = _place(text, "rioted", gaz)
    assert place is not None and (place.country, place.admin1) == ("Spain", "Castilla y Leon")
