"""find_mentions: which sentences report an event, and of which ACLED type."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictcoder.model import Article
from conflictcoder.stages.mentions import find_mentions
from conflictcoder.stages.split import split_sentences

NON_EVENTS = Path(__file__).parent / "data" / "non_events"


def mentions(text: str, *, scope: str = "political", published: date | None = None):
    article = Article(id="a1", text=text, published=published)
    return find_mentions(article, split_sentences(article), scope=scope)


def first_type(text: str, **kwargs) -> tuple[str, str]:
    found = mentions(text, **kwargs)
    assert found, f"no event found in: {text}"
    return found[0].event_type, found[0].sub_event_type


CASES = [
    # Battles
    (
        "Militants attacked a police checkpoint in Lakki Marwat on Sunday night, killing two "
        "constables, officials said.",
        "Battles",
        "Armed clash",
    ),
    (
        "Troops and Maoist rebels exchanged fire for nearly two hours in a forest near the "
        "village of Korra.",
        "Battles",
        "Armed clash",
    ),
    (
        "Government forces recaptured the town of Dolo from the insurgents after three days "
        "of heavy fighting.",
        "Battles",
        "Government regains territory",
    ),
    (
        "Rebel fighters seized control of the district headquarters after a fierce battle "
        "with the army on Tuesday.",
        "Battles",
        "Non-state actor overtakes territory",
    ),
    # Explosions / remote violence
    (
        "A suicide bomber blew himself up at the gate of a paramilitary camp, and a gunfight "
        "followed between guards and two other attackers.",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    (
        "A roadside bomb struck a van carrying wedding guests near Kandi, killing five people.",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        "Warplanes struck a market in the northern town of Saraqib, residents said.",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        "Russian forces shelled the village of Novoselivka with artillery and multiple rocket "
        "launchers overnight.",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        "Unknown men on a motorbike hurled a grenade at a police van in the old city.",
        "Explosions/Remote violence",
        "Grenade",
    ),
    # Violence against civilians
    (
        "Gunmen shot dead a village elder outside his home in Mandera late on Friday.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "Suspected jihadists abducted 14 passengers from a bus on the road to Djibo.",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    (
        "Soldiers raped two women during a raid on the village, a rights group said.",
        "Violence against civilians",
        "Sexual violence",
    ),
    # Protests
    (
        "Hundreds of teachers staged a protest outside the education ministry to demand "
        "unpaid salaries.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Garment workers formed a human chain along the highway on Monday.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Students held a sit-in at the university gate against the fee increase. Police "
        "fired tear gas to disperse them.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "Police opened fire on protesters in the capital, killing three demonstrators.",
        "Protests",
        "Excessive force against protesters",
    ),
    # Riots
    (
        "Protesters clashed with police, threw stones and torched two vehicles in the town centre.",
        "Riots",
        "Violent demonstration",
    ),
    (
        "A mob lynched a man suspected of stealing a motorcycle in the market on Thursday.",
        "Riots",
        "Mob violence",
    ),
    (
        "Supporters of the two rival factions clashed over control of the bus terminal, "
        "leaving 15 people injured.",
        "Riots",
        "Mob violence",
    ),
    # Strategic developments
    (
        "Police arrested 27 leaders and activists of the opposition party in a night raid.",
        "Strategic developments",
        "Arrests",
    ),
    (
        "A bomb disposal squad defused an explosive device planted near the bridge.",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    (
        "The army and the rebel alliance signed a ceasefire agreement in the capital on Saturday.",
        "Strategic developments",
        "Agreement",
    ),
    # Harder cases
    (
        "Journalists staged a protest outside the press club against the killing of a "
        "colleague by unidentified gunmen.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Residents blocked the highway with burning tyres and logs to demand a new bridge.",
        "Riots",
        "Violent demonstration",
    ),
    (
        "Police and armed robbers exchanged fire for an hour on the outskirts of the town.",
        "Battles",
        "Armed clash",
    ),
    (
        "Militants shot dead an off-duty police constable at a tea stall in the market.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "Suspected Al Shabaab fighters kill three soldiers near the border.",
        "Battles",
        "Armed clash",
    ),
    # Battles between communities, armed party men and forces hit by unknown attackers
    (
        "Eleven people were killed when herders and farmers clashed over grazing land near "
        "the river on Sunday.",
        "Battles",
        "Armed clash",
    ),
    (
        "Supporters of two rival councillors attacked each other with lethal weapons in the "
        "bazaar, leaving 20 injured.",
        "Battles",
        "Armed clash",
    ),
    (
        "Three policemen were killed and two wounded when their patrol came under fire on the "
        "highway.",
        "Battles",
        "Armed clash",
    ),
    (
        "Soldiers shot dead four suspected rebel fighters at a roadblock outside the town.",
        "Battles",
        "Armed clash",
    ),
    # Violence against civilians, whoever did it
    (
        "The body of a young man was found on a rural road with gunshot wounds and his hands "
        "tied behind his back.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "Soldiers beat and killed three villagers accused of feeding insurgents.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "Unknown gunmen ambushed a minibus carrying traders on the road to the market.",
        "Violence against civilians",
        "Attack",
    ),
    (
        "A local councillor was hacked to death outside his home on Wednesday night.",
        "Violence against civilians",
        "Attack",
    ),
    # Demonstrations
    (
        "Ruling party activists attacked students who were staging a sit-in at the campus "
        "gate, injuring eight of them.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "Police used tear gas to disperse hundreds of traders outside the council offices.",
        "Protests",
        "Protest with intervention",
    ),
    (
        "Students torched the national flag of the neighbouring country in protest against "
        "the border fence.",
        "Protests",
        "Peaceful protest",
    ),
    (
        "Protesters set up barricades and burned tyres; police opened fire on the crowd, "
        "killing two demonstrators.",
        "Riots",
        "Violent demonstration",
    ),
    # Strategic developments
    (
        "The army deployed hundreds of troops and armoured vehicles to the northern border "
        "town on Friday.",
        "Strategic developments",
        "Change to group/activity",
    ),
    (
        "Authorities imposed a dusk-to-dawn curfew on the district after the unrest.",
        "Strategic developments",
        "Change to group/activity",
    ),
    (
        "Some 40 militiamen surrendered to the army with their weapons at the district office.",
        "Strategic developments",
        "Agreement",
    ),
    (
        "Gunmen looted shops and set a telecom mast ablaze in the village before withdrawing.",
        "Strategic developments",
        "Looting/property destruction",
    ),
    (
        "Rebel fighters detained five men at a checkpoint and took them to an unknown location.",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), CASES)
def test_event_type_of_a_report(text: str, event_type: str, sub_event_type: str) -> None:
    assert first_type(text) == (event_type, sub_event_type)


def test_trigger_span_points_into_the_article_text() -> None:
    text = "Intro line about the weather.\n\nGunmen shot dead a trader in the market."
    [mention] = mentions(text)
    assert text[mention.trigger.start : mention.trigger.end] == mention.trigger_text
    assert mention.trigger_text == "shot dead"
    assert text[mention.span.start : mention.span.end] == mention.sentence.text
    assert mention.trigger.article_id == "a1"


def test_follow_up_sentences_join_the_event_they_describe() -> None:
    text = (
        "Thousands of opposition supporters rallied in the capital on Saturday. "
        "Police later fired tear gas and water cannon to break up the crowd. "
        "Several protesters were treated in hospital."
    )
    found = mentions(text)
    assert len(found) == 1
    assert found[0].sub_event_type == "Protest with intervention"


def test_a_new_incident_marker_opens_a_second_event() -> None:
    text = (
        "Militants ambushed an army convoy near Wana, killing four soldiers. "
        "In a separate incident, gunmen shot dead a shopkeeper in Tank."
    )
    found = mentions(text)
    assert [m.event_type for m in found] == ["Battles", "Violence against civilians"]


def test_a_protest_after_a_bombing_is_its_own_event() -> None:
    text = (
        "A bomb exploded at a bus stop in the city on Monday, killing six people. "
        "On Tuesday, hundreds of residents staged a protest against the attack."
    )
    assert [m.event_type for m in mentions(text)] == ["Explosions/Remote violence", "Protests"]


@pytest.mark.parametrize(
    "text",
    [
        "The province has grappled with a decades-long insurgency by separatist groups.",
        "Read more: Militants kill 12 soldiers in northern ambush",
        "Analysts say the offensive could trigger more attacks on civilians.",
        "The opposition said it will hold a rally next week to demand early elections.",
        "Families marked the tenth anniversary of the massacre at the school.",
    ],
)
def test_background_headlines_and_plans_are_not_events(text: str) -> None:
    assert mentions(text) == ()


def test_a_past_year_is_background() -> None:
    text = "In 2019, militants attacked the same checkpoint, killing five soldiers."
    assert mentions(text, published=date(2024, 5, 1)) == ()
    assert mentions(text) != ()  # no publication date: nothing to compare with


def test_criminal_violence_only_under_all_violence_scope() -> None:
    text = (
        "A 27-year-old man was shot dead outside a bar early on Saturday after an "
        "argument, police said."
    )
    assert mentions(text) == ()
    [mention] = mentions(text, scope="all-violence")
    assert (mention.event_type, mention.sub_event_type) == ("Violence against civilians", "Attack")


def test_us_style_crime_reporting_is_not_political_violence() -> None:
    text = (
        "Homicide detectives are investigating after a gunman shot and killed a man in an "
        "apartment complex parking lot on Friday night. The suspect was charged with "
        "first-degree murder."
    )
    assert mentions(text) == ()
    assert mentions(text, scope="all-violence") != ()


def test_a_quote_or_a_claim_never_opens_an_event() -> None:
    text = (
        "Police fired tear gas to break up a march by students in the capital on Thursday. "
        "Organisers said the march had been peaceful. "
        "\u201cThe police attacked us without any provocation,\u201d said one of them."
    )
    found = mentions(text)
    assert [(m.event_type, m.sub_event_type) for m in found] == [
        ("Protests", "Protest with intervention")
    ]
    claim = (
        "Soldiers repelled an attack on a base near Djibo on Monday. "
        "The group said in a statement that its fighters had seized the town."
    )
    assert [m.sub_event_type for m in mentions(claim)] == ["Armed clash"]


def test_another_kind_of_event_on_another_day_is_a_new_event() -> None:
    text = (
        "Separatist fighters stormed the town of Nushki on Saturday, sending suicide "
        "bombers against two security posts. "
        "Police regained control of the town late on Monday after two days of fighting."
    )
    found = mentions(text)
    assert [m.sub_event_type for m in found] == ["Suicide bomb", "Government regains territory"]


def test_a_dated_month_long_before_publication_is_background() -> None:
    text = "A truce in April 2022 largely halted the fighting between the two sides."
    assert mentions(text, published=date(2026, 3, 3)) == ()
    recent = "On 31 December 2025, gunmen shot dead a trader in the market."
    assert mentions(recent, published=date(2026, 1, 2)) != ()


def test_negated_fighting_is_not_a_battle() -> None:
    text = (
        "Nine civilians were killed when military aircraft bombed the village on Monday. "
        "\u201cThere was no fighting in the village,\u201d a resident said."
    )
    [mention] = mentions(text)
    assert mention.sub_event_type == "Air/drone strike"


def test_an_explosion_in_an_accident_story_is_not_an_attack() -> None:
    text = (
        "A gas cylinder exploded in a restaurant kitchen, killing two cooks. "
        "The blast shattered windows along the street."
    )
    assert mentions(text) == ()


def test_written_non_event_texts_yield_no_event() -> None:
    files = sorted(NON_EVENTS.glob("*.txt"))
    assert len(files) >= 20
    with_events = [f.name for f in files if mentions(f.read_text(encoding="utf-8"))]
    assert len(with_events) <= 0.1 * len(files), with_events


def test_every_mention_has_a_valid_type() -> None:
    from conflictcoder.taxonomy import is_valid_pair

    for text, _, _ in CASES:
        for mention in mentions(text):
            assert is_valid_pair(mention.event_type, mention.sub_event_type)


def test_the_sentence_before_the_trigger_says_who_acted() -> None:
    text = (
        "Troops entered the weekly cattle market in the town on Friday and searched the stalls. "
        "One trader was shot dead and several others were beaten."
    )
    [mention] = mentions(text)
    assert (mention.event_type, mention.sub_event_type) == ("Violence against civilians", "Attack")
    assert mention.trigger_text == "shot dead"


def test_a_party_claim_reports_an_event_when_nothing_else_does() -> None:
    text = (
        "The rebel group claimed to have killed 12 soldiers in an attack on an army post "
        "near the border."
    )
    [mention] = mentions(text)
    assert mention.event_type == "Battles"
    quote = "\u201cWe killed twelve soldiers at the post,\u201d a rebel commander told reporters."
    assert mentions(quote) == ()


def test_a_sentence_dated_now_is_news_even_when_it_names_a_past_year() -> None:
    text = "On Monday, hundreds of students marched in the capital against the 2021 education act."
    [mention] = mentions(text, published=date(2024, 5, 8))
    assert mention.event_type == "Protests"
    old = "Hundreds of students marched in the capital against the 2021 education act."
    assert mentions(old, published=date(2024, 5, 8)) == ()


def test_a_past_attack_named_in_a_court_story_is_not_an_event() -> None:
    text = (
        "On Monday a court jailed a former soldier for the 2016 murder of a trader. "
        "The judge said the soldier had shot the man during a quarrel."
    )
    assert mentions(text, published=date(2024, 5, 8)) == ()


def test_the_accident_a_crowd_reacts_to_does_not_veto_the_riot() -> None:
    text = (
        "Angry residents torched two lorries and blocked the highway with burning tyres "
        "after a bus accident killed a schoolgirl."
    )
    assert first_type(text) == ("Riots", "Violent demonstration")


def test_words_are_not_blows() -> None:
    text = (
        "The finance minister attacked the opposition's spending plans in parliament, "
        "saying they would kill off small businesses."
    )
    assert mentions(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Students marched to the county offices in Eldoret on Monday. No arrests were made.",
        "Traders held a sit-in outside the market in Kisumu on Friday; police said no one "
        "had been arrested.",
    ],
)
def test_no_arrests_is_no_intervention(text: str) -> None:
    assert first_type(text) == ("Protests", "Peaceful protest")


def test_no_arrests_after_a_shooting_is_no_arrest_event() -> None:
    found = mentions(
        "A man was shot dead outside a bar on Pine Street on Saturday night. Police said "
        "they had not arrested anyone and no arrests have been made.",
        scope="all-violence",
    )
    assert [m.sub_event_type for m in found] == ["Attack"]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("At least 14 people were killed in an attack on a cattle market in Tillaberi on "
         "Friday, local officials said.", "Violence against civilians"),
        ("Nine villagers dead in overnight raid on Kanam hamlet", "Violence against civilians"),
        ("Three gendarmes died in an ambush near Djibo on Tuesday.", "Battles"),
        ("Four soldiers die in rebel attack on border post", "Battles"),
    ],
)
def test_killed_in_an_attack_with_no_attacker_named(text: str, event_type: str) -> None:
    assert first_type(text)[0] == event_type


@pytest.mark.parametrize(
    "text",
    [
        "A retired teacher died of a heart attack at his home in Jos on Sunday.",
        "A boy was badly hurt in a dog attack in a park on Saturday, his mother said.",
        "Two hikers were injured in a bear attack in the national park on Monday.",
    ],
)
def test_attacks_by_animals_or_the_heart_are_not_events(text: str) -> None:
    assert mentions(text) == ()


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        ("A string of attacks by unknown gunmen on three hamlets near Arbinda left at least "
         "seven dead on Sunday.", "Violence against civilians", "Attack"),
        ("Heavy gunfire broke out between the militia and army units near Bunia on Tuesday.",
         "Battles", "Armed clash"),
        ("On 3 May, junta troops fired heavy weapons into Kyauktaw from their hilltop base.",
         "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Soldiers attack farmers at a roadblock near Kindu", "Violence against civilians",
         "Attack"),
        ("Bandits attack travellers on the Kaduna highway", "Violence against civilians",
         "Attack"),
    ],
)
def test_headline_and_coder_wording_of_attacks_and_clashes(
    text: str, event_type: str, sub_event_type: str
) -> None:
    assert first_type(text) == (event_type, sub_event_type)


def test_attack_helicopters_are_not_an_attack() -> None:
    assert mentions("Army attack helicopters flew over the capital during the parade.") == ()


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Nurses take to the streets of Kisumu over unpaid allowances", "Protests"),
        ("Traders march to the streets of Bamako to demand lower taxes.", "Protests"),
        ("Sniper fire from the ridge hit a woman fetching water in Taiz on Monday; she died "
         "in hospital.", "Violence against civilians"),
        ("The army fired artilleries at rebel positions near Hpakant on Friday.",
         "Explosions/Remote violence"),
    ],
)
def test_more_ways_of_writing_protests_sniping_and_shelling(text: str, event_type: str) -> None:
    assert first_type(text)[0] == event_type
