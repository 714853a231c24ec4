"""Villages no gazetteer lists: named as written, coded at the known place written with them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from builders import make_place, make_record
from conflictcoder.export.rows import acled_row, record_row, ucdp_row
from conflictcoder.model import Article, Mention, Place, Span
from conflictcoder.resources.gazetteer import SqliteGazetteer, open_gazetteer
from conflictcoder.stages.place_names import UnknownName
from conflictcoder.stages.place_unlisted import full_name, proper_name
from conflictcoder.stages.places import article_geo_context, resolve_place
from conflictcoder.stages.split import split_sentences


@pytest.fixture(scope="module")
def gaz() -> SqliteGazetteer:
    return open_gazetteer()


def _place(text: str, gaz: SqliteGazetteer) -> tuple[Place, Article]:
    article = Article(id="u", text=text)
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    s = sentences[0]
    mention = Mention(
        s, Span(article.id, s.start, s.start), "", "Battles", "Armed clash",
        Span(article.id, s.start, s.end),
    )
    place = resolve_place(mention, article, sentences, gaz, geo)
    assert place is not None, text
    return place, article


def test_a_village_near_a_town_keeps_its_name_at_the_towns_point(gaz: SqliteGazetteer) -> None:
    text = "Bandits torched huts in Lomurut village near Lodwar on Sunday night."
    place, article = _place(text, gaz)
    lodwar = next(h.entry for h in gaz.lookup("Lodwar") if h.entry.iso2 == "KE")
    assert (place.name, place.nearest, place.admin1) == ("Lomurut", "Lodwar", "Turkana")
    assert (place.latitude, place.longitude) == (lodwar.latitude, lodwar.longitude)
    assert place.precision == "near" and place.acled_geo_precision == 2
    assert place.span is not None and place.span.text_of(article) == "Lomurut"


def test_a_village_written_with_its_areas_in_brackets(gaz: SqliteGazetteer) -> None:
    text = (
        "Soldiers burned houses in Don Nyo Kone village (Ayadaw township, Monywa District, "
        "Sagaing Region) on Tuesday."
    )
    place, _ = _place(text, gaz)
    assert (place.country, place.admin1) == ("Myanmar", "Sagaing")
    # The whole name, though the scanner reads only the word before "village".
    assert place.name == "Don Nyo Kone"
    assert place.nearest and place.nearest != place.name


def test_a_bare_name_before_its_province(gaz: SqliteGazetteer) -> None:
    place, _ = _place("Artillery shelled Zorivka Druha, Kharkiv region, overnight.", gaz)
    assert (place.country, place.admin1, place.name) == ("Ukraine", "Kharkiv", "Zorivka Druha")
    # An area stands for it: the precision stays the area's.
    assert place.precision == "admin1" and place.nearest


def test_a_site_in_a_town_is_coded_at_the_town(gaz: SqliteGazetteer) -> None:
    place, _ = _place("Nurses rallied at Harmon Field in Lodwar on Monday.", gaz)
    assert (place.name, place.nearest) == ("Lodwar", "")
    # A month before the area is no village; nor is a name the text does not set as a scene.
    place, _ = _place("Fighting raged in January, Kharkiv region officials said.", gaz)
    assert (place.name, place.nearest) == ("Kharkiv", "")
    place, _ = _place("Ruslan Zorivka, Kharkiv region's governor, said a depot burned.", gaz)
    assert (place.name, place.nearest) == ("Kharkiv", "")


def test_full_name_stops_at_acronyms_and_common_words() -> None:
    text = "The KDF Lomurut village, and Police Lomurut camp, and Mahad IDP Camp"
    first = text.index("Lomurut")
    u = full_name(text, UnknownName(first, first + 7, "Lomurut"), 0)
    assert u.written == "Lomurut"
    second = text.index("Lomurut", first + 1)
    assert full_name(text, UnknownName(second, second + 7, "Lomurut"), 0).written == "Lomurut"
    at = text.index("IDP")
    assert full_name(text, UnknownName(at, at + 3, "IDP"), 0).written == "Mahad IDP Camp"
    # A word that starts many names belongs to the name ("Lower Kintoro", not "Kintoro").
    text = "Shells fell on Lower Kintoro village."
    at = text.index("Kintoro")
    assert full_name(text, UnknownName(at, at + 7, "Kintoro"), 0).written == "Lower Kintoro"


def test_proper_name_drops_kind_words_and_shouting() -> None:
    assert proper_name("the Sakuye village") == "Sakuye"
    assert proper_name("Chardara District") == "Chardara"
    assert proper_name("Kologora Village") == "Kologora Village"
    assert proper_name("GARBATULLA") == "Garbatulla"


def test_rows_keep_the_village_and_the_place_it_is_coded_at() -> None:
    place = replace(make_place(), name="Lomurut", written="Lomurut", precision="near",
                    nearest="Lodwar")
    row = record_row(make_record(place=place))
    assert (row["location"], row["location_nearest"]) == ("Lomurut", "Lodwar")
    assert acled_row(row)["location"] == "Lomurut" and acled_row(row)["geo_precision"] == 2
    ucdp = ucdp_row(row)
    assert (ucdp["where_coordinates"], ucdp["where_description"]) == ("Lodwar", "Lomurut")
    assert ucdp["where_prec"] == 2
    own = ucdp_row(record_row(make_record()))
    assert own["where_coordinates"] == make_place().name and own["where_description"] == ""


def test_an_unlisted_area_between_the_village_and_its_province(gaz: SqliteGazetteer) -> None:
    text = "Gunmen burned a school in Wendtenga (Boulmiougou, Tapoa) on Friday."
    place, _ = _place(text, gaz)
    assert (place.country, place.admin1, place.name) == ("Burkina Faso", "Est", "Wendtenga")
    text = "Two herders were killed in Sabtenga village (Kouritenga, Gnagna) at dawn."
    place, _ = _place(text, gaz)
    assert (place.admin1, place.name, place.nearest) == ("Est", "Sabtenga", "Gnagna")


def test_an_area_is_no_settlement_and_a_part_names_its_settlement(gaz: SqliteGazetteer) -> None:
    # "Foo area of Bar township": the township (named after its town) stands for it.
    text = "A mine exploded in Thit Sein area of Kyonmange township (Pyapon District)."
    place, _ = _place(text, gaz)
    assert (place.admin1, place.name) == ("Ayeyarwady", "Kyonmange")
    assert proper_name("Dhanpara of Kaliganj") == "Kaliganj"


def test_a_village_in_a_sentence_after_its_scene(gaz: SqliteGazetteer) -> None:
    article = Article(
        id="p",
        text="Herders clashed near Narok town on Sunday. Raiders then burned Olkiriai village.",
    )
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    s = sentences[1]
    mention = Mention(
        s, Span(article.id, s.start, s.start), "", "Violence against civilians", "Attack",
        Span(article.id, s.start, s.end),
    )
    place = resolve_place(mention, article, sentences, gaz, geo)
    assert place is not None and place.method == "paragraph"
    assert (place.name, place.nearest, place.admin1) == ("Olkiriai", "Narok", "Narok")


def test_a_bare_name_located_near_a_town(gaz: SqliteGazetteer) -> None:
    for text in (
        "Gunmen killed two men in Kashtabad, near Pasni, on Sunday.",
        "Gunmen killed two men at Kashtabad, 12 km west of Pasni.",
    ):
        place, _ = _place(text, gaz)
        assert (place.name, place.nearest, place.precision) == ("Kashtabad", "Pasni", "near")
    # "X, Y" with Y a town may be a list or a street: the town stays the place.
    place, _ = _place("Gunmen killed two men in Kashtabad, Pasni.", gaz)
    assert (place.name, place.nearest) == ("Pasni", "")


def test_a_bare_name_in_a_district_written_as_one(gaz: SqliteGazetteer) -> None:
    place, _ = _place("Gunmen killed two men in Kashtabad in Gwadar district on Sunday.", gaz)
    assert (place.name, place.nearest, place.admin2) == ("Kashtabad", "Gwadar", "Gwadar")
    # A listed town in the district is the place itself; a month is no place.
    place, _ = _place("Gunmen killed two men in Pasni in Gwadar district.", gaz)
    assert (place.name, place.nearest) == ("Pasni", "")
    place, _ = _place("Police killed two men in January in Gwadar district.", gaz)
    assert (place.name, place.nearest) == ("Gwadar", "")


def test_names_split_or_joined_by_the_scanner_are_mended(gaz: SqliteGazetteer) -> None:
    # A long Burmese name is read whole.
    text = "A bomb exploded in Oke Ta Ra Hpa Ri township (Yamethin District, Mandalay Region)."
    assert _place(text, gaz)[0].name == "Oke Ta Ra Hpa Ri"
    # Two places joined by "and" are no one name.
    text = "A mine exploded on the road between Kiunga and Mwambore (Lamu) on Sunday."
    assert _place(text, gaz)[0].name == "Kiunga"  # the first of the two
    # An article split from a district's name is no village.
    text = "A mine exploded in the desert area of Al Rutbaya district (Al Anbar) at dawn."
    assert _place(text, gaz)[0].nearest == ""


def test_small_units_named_after_their_village(gaz: SqliteGazetteer) -> None:
    # "Mar" alone is a month; "Nam Mar township" is a township named after its town.
    text = "Rebels ambushed a convoy in Nam Mar township (Mohnyin District, Kachin State)."
    assert _place(text, gaz)[0].name == "Nam Mar"
    text = "Rival groups clashed in Ghoshpara union, Kaliganj upazila (Gazipur) on Friday."
    assert _place(text, gaz)[0].name == "Ghoshpara"


def test_between_two_villages_the_first_is_coded(gaz: SqliteGazetteer) -> None:
    text = "A mine hit a truck between Ywa Thit and Kan Gyi villages (Mohnyin District)."
    assert _place(text, gaz)[0].name == "Ywa Thit"


def test_a_later_sentence_keeps_the_village_of_its_scene(gaz: SqliteGazetteer) -> None:
    article = Article(
        id="q",
        text=(
            "Militants attacked an army base in Gonbere (Sourou, Boucle du Mouhoun) on Monday. "
            "Four soldiers were killed."
        ),
    )
    sentences = split_sentences(article)
    geo = article_geo_context(article, sentences, gaz)
    s = sentences[1]
    mention = Mention(
        s, Span(article.id, s.start, s.start), "", "Battles", "Armed clash",
        Span(article.id, s.start, s.end),
    )
    place = resolve_place(mention, article, sentences, gaz, geo)
    assert place is not None and place.method == "paragraph"
    assert (place.name, place.admin1) == ("Gonbere", "Boucle du Mouhoun")


def test_more_ways_of_writing_an_unlisted_place(gaz: SqliteGazetteer) -> None:
    # At the start of a sentence.
    text = "In Xcalumtun, Campeche, farmers blocked a road over fertiliser."
    place, _ = _place(text, gaz)
    assert (place.name, place.admin1, place.nearest) == ("Xcalumtun", "Campeche", "Campeche")
    # Fronts and offensives: "control over X, Region", "in the direction of X, Region".
    for text in (
        "Russian troops took control over Zorivka Druha, Donetsk, on Friday.",
        "Russian forces advanced in the direction of Zorivka Druha, Donetsk.",
    ):
        place, _ = _place(text, gaz)
        assert (place.name, place.admin1) == ("Zorivka Druha", "Donetsk")
    # A body of the place is named after it: the place is the settlement.
    text = "Journalists were beaten near Mohanganj Press Club (Mohanganj, Netrakona)."
    assert _place(text, gaz)[0].name == "Mohanganj"
    assert proper_name("Kendrapara Press Club") == "Kendrapara"


def test_a_village_inside_an_upazila_is_coded_at_the_upazila(gaz: SqliteGazetteer) -> None:
    # Coders locate Bangladesh's upazilas, rarely the villages inside them.
    text = "Two men were hacked at Notunhat village in Kharkharia upazila (Bogra) on Monday."
    place, _ = _place(text, gaz)
    assert (place.admin1, place.name, place.nearest) == ("Rajshahi", "Kharkharia", "Bogra")
    # A union or a town inside one is a place they do locate.
    text = "Rival factions clashed in Dholpara union, Kharkharia upazila (Bogra) on Monday."
    assert _place(text, gaz)[0].name == "Dholpara"
    # The upazila is itself a listed town: the town, not the village.
    text = "A trader was shot dead at Notunhat village in Shibganj upazila, Bogra, at night."
    place, _ = _place(text, gaz)
    assert (place.name, place.nearest) == ("Shibganj", "")


def test_a_sadar_upazila_is_coded_at_its_district_town(gaz: SqliteGazetteer) -> None:
    # "Sadar upazila": the district's headquarters unit, coded at the district town.
    text = "Activists blocked a road at Notunhat (Sadar upazila, Jamalpur) on Sunday."
    place, _ = _place(text, gaz)
    assert (place.name, place.nearest) == ("Jamalpur", "")
    text = "A guard was stabbed at Notunhat village in Kharkharia Sadar upazila, Jamalpur."
    assert _place(text, gaz)[0].name == "Jamalpur"


def test_a_bare_name_placed_in_a_district_written_after_it(gaz: SqliteGazetteer) -> None:
    # "at Foo in Jessore": Jessore is a town and the district named after it.
    text = "Rival activists fought with machetes at Kholishakundi in Jessore on Thursday."
    place, _ = _place(text, gaz)
    assert (place.name, place.nearest, place.admin1) == ("Kholishakundi", "Jessore", "Khulna")
    text = "Two shops were torched in Kholishakundi of Comilla district on Monday night."
    assert _place(text, gaz)[0].name == "Kholishakundi"
    # A body or an acronym is no settlement.
    text = "Students clashed at Kholishakundi University in Jessore on Thursday."
    assert _place(text, gaz)[0].name == "Jessore"


def test_a_nepali_rural_municipality_in_its_district(gaz: SqliteGazetteer) -> None:
    # "rural municipality" names Nepal's local units: Bara the district of Nepal, not the
    # Sudanese town; the unit is coded by its own name.
    text = "Party cadres padlocked the ward office in Khairbani rural municipality (Bara district)."
    place, _ = _place(text, gaz)
    assert (place.country, place.name, place.nearest) == ("Nepal", "Khairbani", "Bara")
