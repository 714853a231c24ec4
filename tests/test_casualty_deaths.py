"""Deaths told without a plain count of people: nouns of death, the shooter's own death,
ordinal running tolls, names with suffixes, headline labels, "shot ... dies"."""

from __future__ import annotations

from datetime import date

from conflictcoder.model import Article
from conflictcoder.stages.casualties import count_casualties, find_casualty_figures
from conflictcoder.stages.split import split_sentences


def _killed(text: str) -> int:
    article = Article(id="t", text=text, published=date(2023, 9, 4))
    return count_casualties(find_casualty_figures(article, split_sentences(article))).fatalities


def test_a_double_or_triple_homicide_counts_its_dead() -> None:
    assert _killed("Detectives are investigating a double homicide on Birch Lane.") == 2
    assert _killed("Two men were charged on Friday in the triple murder at a motel.") == 3


def test_a_murder_on_record_is_no_death_of_the_event() -> None:
    assert _killed("Two men were arrested in connection with a double murder case.") == 0
    assert _killed("He took part in raids and was involved in the triple murder, "
                   "police said, but killed nobody on Monday.") == 0
    # and the same words as the event reported still count
    assert _killed("Police are hunting a gunman after a double murder on Oak Road.") == 2


def test_a_death_told_by_a_noun_counts_one_only_when_no_figure_says_how_many() -> None:
    assert _killed("Police are investigating a fatal shooting outside a bakery.") == 1
    assert _killed("Deputies arrested a man in the deadly stabbing at a bus stop.") == 1
    assert _killed("Police are investigating a fatal shooting outside a bakery. "
                   "Three men were killed, the chief said.") == 3


def test_a_murder_suicide_is_two_dead_unless_attempted_or_counted() -> None:
    assert _killed("Investigators believe the deaths were a murder-suicide.") == 2
    assert _killed("Investigators called it an attempted murder-suicide.") == 0
    assert _killed("A mother, father and their toddler were found dead in what police "
                   "called a murder-suicide.") == 3


def test_the_shooters_own_death_told_alone_is_one_death() -> None:
    assert _killed("A 14-year-old boy fatally shot himself with his father's rifle, "
                   "deputies said.") == 1


def test_the_shooters_own_death_before_his_victims_adds_one() -> None:
    assert _killed("The gunman fatally shot himself after killing his wife and her mother, "
                   "police said.") == 3


def test_the_shooters_own_death_told_twice_counts_once() -> None:
    assert _killed("A man shot dead his neighbour and then killed himself on Sunday. "
                   "Police said the man killed his neighbour before he killed himself.") == 2


def test_an_ordinal_in_digits_is_the_running_toll() -> None:
    assert _killed("A 5th victim dies after last week's warehouse attack.") == 5
    assert _killed("Police: 3rd victim dies after Main Street shooting") == 3


def test_a_headline_label_does_not_hide_the_person_killed() -> None:
    assert _killed("Police: Woman killed in Elm Street shooting") == 1
    assert _killed("Report: Man dies after crash on the interstate") == 1


def test_deceased_is_a_word_of_death() -> None:
    assert _killed("He was taken to a hospital where he was declared deceased.") == 1
    assert _killed("The driver was pronounced deceased at the scene.") == 1


def test_a_name_with_a_suffix_is_one_person() -> None:
    assert _killed("Marcus Dale Jr. died at Mercy Hospital late Friday.") == 1
    assert _killed("Atu Poe II died at a hospital on Saturday.") == 1


def test_shot_then_dies_is_one_dead() -> None:
    assert _killed("Teen shot in Riverside dies, two others wounded") == 1
    assert _killed("A man who was stabbed outside a bar on Friday has died, police said.") == 1
    # "shot" and then "hurt" is no death
    assert _killed("A man who was shot outside a bar on Friday was hurt, police said.") == 0


def test_a_juvenile_is_a_person() -> None:
    assert _killed("Female Juvenile Killed After Accidental Shooting") == 1


def test_shot_then_killed_counts_only_the_killed() -> None:
    assert _killed("4 Shot, 2 Killed In Riverside Apartment Complex") == 2
    assert _killed("6 Shot, 1 Fatally, At Westside Party") == 1


def test_an_age_before_a_hometown_is_no_count() -> None:
    assert _killed("Dana Reyes, 32 of Millbrook, was killed on Friday.") == 1


def test_the_gunman_killed_is_not_one_of_his_victims() -> None:
    assert _killed("Police said the gunman was killed by officers after he shot dead "
                   "two people at a diner.") == 3
    # told alone, he is one dead
    assert _killed("The gunman was killed by deputies after a long standoff.") == 1


def test_people_before_a_noun_of_death_are_not_its_dead() -> None:
    assert _killed("Police released one of the suspects in the shooting death of a "
                   "5-month-old girl.") == 1


def test_in_a_headline_the_one_who_fired_is_not_the_dead() -> None:
    assert _killed("Deputy fatally shot teen during domestic call") == 1
    assert _killed("Two men fatally shot in Dayton") == 2  # no object: they are the dead
    # after a bare number the verb is an adjective: "20 wounded people" are the wounded
    article = Article(id="t", text="A hospital received 20 wounded people from the blast.")
    figures = find_casualty_figures(article, split_sentences(article))
    assert [(f.kind, f.best) for f in figures] == [("injured", 20)]
