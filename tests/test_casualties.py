"""Casualty figures found in text: what counts, on which side, and what stays out."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from importlib import resources

import pytest

from conflictcoder.model import Article, CasualtyFigure
from conflictcoder.stages.casualties import (
    _candidates,
    _totals,
    count_casualties,
    find_casualty_figures,
    load_lexicon,
)
from conflictcoder.stages.casualty_lexicon import may_match
from conflictcoder.stages.split import split_sentences


def figures(text: str) -> tuple[CasualtyFigure, ...]:
    article = Article(id="t", text=text)
    return find_casualty_figures(article, split_sentences(article))


def killed(text: str) -> int:
    return count_casualties(figures(text)).fatalities


def only(text: str, kind: str = "killed") -> CasualtyFigure:
    found = [f for f in figures(text) if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


# --- the lexicon file ---


def test_lexicon_file_is_complete_and_consistent() -> None:
    path = resources.files("conflictcoder.resources").joinpath("data", "casualties.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for section in ("vague", "qualifiers", "kinds", "sides", "nonpersons", "claims", "sources"):
        assert section in data
    assert set(data["sides"]) == {"militants", "security", "civilians", "unknown"}
    assert set(data["qualifiers"].values()) <= {"floor", "above", "approx", "ceiling"}
    assert all(isinstance(v, int) and v > 0 for v in data["vague"].values())
    # ACLED's own values for vague quantities (DESIGN.md §5)
    assert (data["vague"]["tens"], data["vague"]["dozens"], data["vague"]["hundreds"]) == (
        10,
        12,
        100,
    )
    for kind in ("killed", "injured", "abducted", "arrested"):
        assert data["kinds"][f"{kind}_passive"] and data["kinds"][f"{kind}_active"]
    people = {w for words in data["sides"].values() for w in words}
    assert not people & set(data["nonpersons"]["nouns"])
    # a person noun names one side only
    assert len(people) == sum(len(set(words)) for words in data["sides"].values())
    lexicon = load_lexicon()
    assert len(lexicon.claims) == len(data["claims"]["markers"])


# --- numbers, in digits, in words and vague ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Security forces said 197 militants were killed during the operation.", 197),
        ("Seven officers were killed when their vehicle hit a mine.", 7),
        ("Twenty-two passengers died after the bus was set on fire.", 22),
        ("The floods aside, 1,200 people were killed in the fighting that year.", 1200),
        ("A dozen villagers were killed in the raid.", 12),
        ("Dozens of people were killed in the shelling of the market.", 12),
        ("Hundreds of civilians have been killed since the siege began.", 100),
        ("Tens of fighters were killed in the counter-attack.", 10),
        ("Gunmen killed several people at the market.", 3),
        ("A policeman was killed at a checkpoint.", 1),
        ("Insurgents ambushed the convoy, killing a soldier.", 1),
        ("One person died in the blast.", 1),
        ("Two people were shot dead outside the court.", 2),
        ("At least six people were killed in the blast.", 6),
        ("More than 40 people were killed on Sunday.", 40),
        ("Nearly 30 people died, officials said.", 30),
        ("Between 10 and 15 villagers were killed, residents said.", 10),
    ],
)
def test_numbers_of_dead(text: str, expected: int) -> None:
    assert killed(text) == expected


def test_at_least_keeps_the_number_as_low_best_and_high() -> None:
    figure = only("At least six people were killed.")
    assert (figure.low, figure.best, figure.high) == (6, 6, 6)


def test_up_to_has_a_low_of_one() -> None:
    figure = only("Up to 10 people were killed, according to witnesses.")
    assert (figure.low, figure.best, figure.high) == (1, 10, 10)


def test_a_range_keeps_the_lower_end_as_best() -> None:
    figure = only("Eight to ten soldiers were killed in the ambush.")
    assert (figure.low, figure.best, figure.high) == (8, 8, 10)


def test_vague_figures_have_a_low_of_one() -> None:
    figure = only("Several soldiers were killed in the ambush.")
    assert (figure.low, figure.best) == (1, 3)


# --- the mission's seed report ---

SEED = (
    "More than 22 security officials and 36 civilians were killed in coordinated attacks "
    "across Balochistan, officials said. The death toll rose to 58 on Monday. Among the dead "
    "were the seven officers of a police station in Nushki, a town of about 50,000 people. "
    "The BLA claimed 280 soldiers killed but gave no evidence."
)


def test_seed_report_sides_total_and_claim() -> None:
    found = figures(SEED)
    toll = count_casualties(found)
    assert toll.fatalities == 58
    assert toll.deaths_a == 22
    assert toll.deaths_civilians == 36
    assert [c.best for c in toll.claims] == [280]
    assert toll.high == 280
    assert all(f.best != 50000 for f in found)


def test_seed_report_spans_cover_the_figure_phrases() -> None:
    found = figures(SEED)
    for figure in found:
        assert SEED[figure.span.start : figure.span.end] == figure.text
    texts = [f.text for f in found]
    assert any(t.startswith("More than 22 security officials") for t in texts)
    assert any("rose to 58" in t for t in texts)
    total = next(f for f in found if "rose to 58" in f.text)
    assert total.is_total


def test_including_the_seven_officers_is_a_part() -> None:
    found = figures(SEED)
    part = next(f for f in found if f.best == 7)
    assert part.flag == "part" and part.side == "security"


# --- sides ---


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Four militants were killed in the exchange of fire.", "militants"),
        ("Two insurgents died when their bomb went off early.", "militants"),
        ("Three terrorists were killed in the raid, the military said.", "militants"),
        ("Five rebels were killed near the river.", "militants"),
        ("Six soldiers were killed in the ambush.", "security"),
        ("Two policemen were killed at a checkpoint.", "security"),
        ("Three FC personnel were killed in the attack.", "security"),
        ("Four security personnel were injured in the blast.", "security"),
        ("Nine troops were wounded in the assault.", "security"),
        ("Two paramilitary soldiers were killed near the border.", "security"),
        ("Seven civilians were killed in the shelling.", "civilians"),
        ("Five villagers were abducted from their homes.", "civilians"),
        ("Three women and two children were killed.", "civilians"),
        ("Eleven passengers were injured when the train was bombed.", "civilians"),
        ("Six worshippers were killed inside the mosque.", "civilians"),
        ("Eight people were killed in the explosion.", "unknown"),
        ("Two persons were wounded in the firing.", "unknown"),
        ("Five members of the security forces were killed.", "security"),
        ("Two members of a family were shot dead.", "civilians"),
    ],
)
def test_side_comes_from_the_people_counted(text: str, side: str) -> None:
    found = figures(text)
    assert found, text
    assert {f.side for f in found} == {side}


# --- kinds and verbs ---


@pytest.mark.parametrize(
    ("text", "kind", "best"),
    [
        ("Three soldiers were wounded in the attack.", "injured", 3),
        ("The explosion left 15 people injured.", "injured", 15),
        ("Two bystanders were hurt by shrapnel.", "injured", 2),
        ("Gunmen kidnapped four engineers from the site.", "abducted", 4),
        ("Six students were abducted from their dormitory.", "abducted", 6),
        ("Police arrested 27 activists after the rally.", "arrested", 27),
        ("Twelve suspects were detained in overnight raids.", "arrested", 12),
        ("The attack claimed 14 lives.", "killed", 14),
        ("The assault left nine dead.", "killed", 9),
        ("Rescuers recovered 11 bodies from the rubble.", "killed", 11),
        ("The ministry reported 31 deaths in the province.", "killed", 31),
        ("Two soldiers lost their lives in the clash.", "killed", 2),
        ("Five people were shot dead at the wedding.", "killed", 5),
    ],
)
def test_kind_of_harm(text: str, kind: str, best: int) -> None:
    figure = only(text, kind)
    assert figure.best == best


def test_killed_and_injured_in_one_sentence() -> None:
    found = figures("The blast killed four soldiers and injured nine civilians.")
    assert [(f.kind, f.best, f.side) for f in found] == [
        ("killed", 4, "security"),
        ("injured", 9, "civilians"),
    ]


def test_coordinated_people_share_the_verb_after_them() -> None:
    found = figures("Five soldiers and two civilians were killed when the convoy was hit.")
    assert sorted((f.side, f.best) for f in found) == [("civilians", 2), ("security", 5)]
    assert killed("Five soldiers and two civilians were killed when the convoy was hit.") == 7


def test_coordinated_people_share_the_verb_before_them() -> None:
    assert killed("The rebels shelled the town, killing three soldiers and four civilians.") == 7


def test_a_man_and_his_son() -> None:
    assert killed("A man and his son were killed when gunmen opened fire on their car.") == 2


def test_killing_another_adds_one() -> None:
    assert killed("A soldier was killed in the morning. Another soldier died in hospital.") == 2


def test_pronouns_count_one_person() -> None:
    assert killed("Attackers stopped a trader on the road and shot him dead.") == 1
    assert killed("Police said she was killed by a stray bullet.") == 1


def test_a_soldier_who_kills_is_not_killed() -> None:
    assert killed("Two soldiers killed the gunman after a chase.") == 1


# --- numbers that are not casualties ---


@pytest.mark.parametrize(
    "text",
    [
        "Nushki, a town of about 50,000 people, was placed under curfew.",
        "The district has a population of about 120,000.",
        "The convoy was attacked 5 km from the city.",
        "The attack began at 9 pm and lasted for 12 hours.",
        "Militants attacked six district offices and burned 20 vehicles.",
        "Dozens of gunmen stormed the compound in 2019.",
        "Attacks were reported in 11 places across the province.",
        "The ministry announced a grant of 50 million rupees for the victims' families.",
        "Battalion 7 and Route 15 were closed on Tuesday.",
        "No one was hurt in the attack.",
        "Two cows were killed when the shell hit a barn.",
    ],
)
def test_numbers_that_count_no_casualties(text: str) -> None:
    assert killed(text) == 0
    assert not [f for f in figures(text) if f.best >= 5]


def test_ages_are_not_counts() -> None:
    assert killed("A 12-year-old boy was shot dead in the market.") == 1
    assert killed("Ahmed (25) was killed on his way home.") == 0
    assert killed("The victim, aged 35, was killed by unknown assailants.") == 1


def test_an_absurd_figure_is_flagged_and_not_counted() -> None:
    found = figures("Reports claimed that 250000 people were killed overnight in the city.")
    assert found and found[0].flag == "absurd"
    assert killed("Officials said 250000 people were killed overnight in the city.") == 0


# --- claims ---


@pytest.mark.parametrize(
    "text",
    [
        "The BLA claimed 280 soldiers killed but gave no evidence.",
        "The group said it had killed 40 soldiers in the attack.",
        "The army said they killed 25 insurgents, a figure that could not be verified.",
        "The rebels claim to have killed 12 troopers in the ambush.",
        "Militants said 30 policemen died, without providing evidence.",
    ],
)
def test_claims_are_marked(text: str) -> None:
    assert {f.status for f in figures(text)} == {"claimed"}


def test_claimed_lives_is_no_claim() -> None:
    assert only("The bombing claimed 14 lives on Friday.").status != "claimed"


def test_claimed_responsibility_is_no_casualty_claim() -> None:
    text = (
        "Five soldiers were killed in the ambush. The Taliban claimed responsibility "
        "for the attack."
    )
    assert {f.status for f in figures(text)} == {"reported"}


def test_a_claim_in_another_clause_leaves_the_report_alone() -> None:
    found = figures("Two villagers were killed, while the rebels said they killed 20 soldiers.")
    statuses = {f.best: f.status for f in found}
    assert statuses == {2: "reported", 20: "claimed"}
    assert killed("Two villagers were killed, while the rebels said they killed 20 soldiers.") == 2


def test_a_lone_claim_is_coded() -> None:
    assert killed("Al Shabaab said it killed two soldiers in the attack.") == 2


def test_official_sources_are_named() -> None:
    figure = only("Four people were killed, police said.")
    assert figure.source == "police"
    assert figure.status == "official"


# --- totals and coders' notes ---


def test_death_toll_rose_to() -> None:
    text = "Eight people were killed on Monday. By Tuesday the death toll had risen to 13."
    assert killed(text) == 13


def test_bringing_the_total_to() -> None:
    text = "Two more bodies were recovered on Wednesday, bringing the death toll to nine."
    found = figures(text)
    assert any(f.is_total and f.best == 9 for f in found)
    assert killed(text) == 9


def test_a_coded_as_statement_is_the_figure() -> None:
    assert killed("Fighting killed an unknown number of people. Fatalities coded as 10.") == 10
    assert killed("Local media reported 5 fatalities. Fatalities coded as 3.") == 3


def test_context_deaths_behind_a_protest_are_not_counted() -> None:
    text = (
        "Students protested in the capital demanding justice for two classmates who "
        "were killed by a bus last week."
    )
    assert killed(text) == 0


# --- single victims, as local news writes them ---


@pytest.mark.parametrize(
    "text",
    [
        "Marcus Hale, 19, was killed outside a convenience store on Friday night.",
        "Deputies said Laura Finch was pronounced dead at the scene.",
        "The 16-year-old died at a hospital two days later.",
        "A shooting on Elm Street killed 23-year-old Dion Parks, police said.",
        "Officers found a 40-year-old man who had been shot several times and died later.",
        "That little boy died on the way to the hospital.",
        "Police recovered the body of a missing shopkeeper from a canal.",
        "His body was found in a field two days later.",
        "A man was shot to death in his driveway.",
        "Four people were shot, one fatally, outside the club.",
        "Investigators are looking into the shooting death of a 15-year-old girl.",
    ],
)
def test_one_named_or_described_victim(text: str) -> None:
    assert killed(text) == 1


def test_references_to_one_of_a_group_do_not_lower_it() -> None:
    text = (
        "Five police officers were killed in the ambush. The officer who was killed first had "
        "served for twenty years."
    )
    assert killed(text) == 5


def test_a_coordinated_pair_of_one_side_and_unknown_adds_up() -> None:
    assert killed("A mother and her 2-year-old were killed in the fire.") == 2


def test_parts_take_the_side_of_their_whole() -> None:
    found = figures("Four members of the armed group were killed, including one of the leaders.")
    assert {f.side for f in found} == {"militants"}
    assert killed("Four members of the armed group were killed, including one of the leaders.") == 4


def test_a_coded_at_low_estimate_statement() -> None:
    assert killed("An unknown number were killed; fatalities coded at low estimate of 3.") == 3


def test_an_upper_body_is_no_death() -> None:
    assert killed("The boy was shot in the upper body and is expected to survive.") == 0


def test_a_title_case_name_is_not_a_group() -> None:
    found = figures("Relatives said that Jeremiah Stone died at home.")
    assert [f.side for f in found] == ["unknown"]


def test_an_age_between_commas_is_not_a_count() -> None:
    assert killed("Ana Ruiz, 32, of Tulsa, was dead when officers arrived.") == 1


# --- statements, context and earlier events ---


@pytest.mark.parametrize(
    "text",
    [
        "The front said in a statement posted online that its fighters had killed 90 soldiers.",
        "The group said on its radio station that it had stormed the base and had killed 45 "
        "troops.",
    ],
)
def test_a_party_statement_is_a_claim(text: str) -> None:
    assert {f.status for f in figures(text)} == {"claimed"}


def article_on(text: str, published: date) -> tuple[CasualtyFigure, ...]:
    article = Article(id="t", text=text, published=published)
    return find_casualty_figures(article, split_sentences(article))


def test_an_earlier_event_in_a_relative_clause_is_context() -> None:
    text = (
        "Two guards were killed at the gate on Monday. The group also carried out a 2019 "
        "bombing of the same market that killed 40 people."
    )
    found = article_on(text, date(2024, 5, 2))
    assert count_casualties(found).fatalities == 2
    assert any(f.best == 40 and f.flag == "earlier" for f in found)


def test_an_earlier_year_elsewhere_in_the_sentence_leaves_the_figure_alone() -> None:
    text = "Three people were killed, including a councillor elected in the 2019 local polls."
    assert count_casualties(article_on(text, date(2024, 5, 2))).fatalities == 3


def test_a_wars_whole_toll_is_context() -> None:
    text = (
        "Shelling killed four civilians in the town on Friday. The conflict, which began in "
        "2014, has killed tens of thousands of people."
    )
    assert count_casualties(article_on(text, date(2024, 5, 2))).fatalities == 4


def test_last_year_is_context() -> None:
    text = (
        "It was the worst attack since March last year, when nine soldiers were killed in "
        "the same valley. Two soldiers died on Sunday."
    )
    assert killed(text) == 2


def test_among_the_dead_lists_are_parts_of_the_toll() -> None:
    text = (
        "The death toll rose to 23 on Sunday. Among the dead were four soldiers, a police "
        "officer and a nine-year-old girl."
    )
    toll = count_casualties(figures(text))
    assert toll.fatalities == 23
    assert (toll.deaths_a, toll.deaths_civilians, toll.deaths_unknown) == (5, 1, 17)


def test_some_of_the_dead_are_part_of_them() -> None:
    text = "A missile strike killed six people. Officials said two of the dead were children."
    assert killed(text) == 6


def test_a_unit_name_does_not_break_a_coordinated_subject() -> None:
    text = (
        "Five commandos of the army's special forces unit and their driver were killed when "
        "the truck hit a mine."
    )
    assert killed(text) == 6


def test_a_quoted_label_is_read_through() -> None:
    assert killed("Troops said a 'bomb maker' was killed in the raid.") == 1


# --- the prefilters are only shortcuts: with or without them, the same figures ---

# Sentences of our own, written to reach every way a figure gets its kind of harm: passive
# and active verbs, "left dead", "and died", "among the victims", nouns that imply a death,
# bodies found, running totals and coders' counts, and sentences with none.
_PREFILTER_TEXTS = (
    "Gunmen shot dead three traders in the market on Monday.",
    "Two police officers were wounded and a passer-by died later in hospital.",
    "The attack left four villagers dead and six injured, residents said.",
    "Jonah Mbeki, 19, was in the car and later died of his wounds.",
    "Among the victims were a teacher and two of her pupils.",
    "The bodies of five fishermen were recovered from the lake.",
    "Police said the body of a farmer was found in a ditch.",
    "The death toll rose to 31 on Sunday, the health ministry said.",
    "Fatalities were coded as a conservative estimate of 12.",
    "Rebels claimed the lives of seven soldiers, according to the army.",
    "Officers arrested nine suspects and seized two rifles.",
    "The ministry said 1,200 houses were damaged by the floods.",
    "A 14-year-old boy was hurt when the wall collapsed.",
    "Troops neutralised a militant commander, the military said.",
    "The clashes killed at least 40 fighters, a monitor reported.",
    "The soldiers held a meeting with village elders on Tuesday.",
    "Seventy people lost their lives in the fire.",
    "Officials gave no figures for the raid on the camp.",
    "He was taken into custody after the protest.",
    "The KILLED list was read aloud (the K is a Kelvin sign).".replace("K", "\u212a", 1),
)


def test_prefilters_never_change_the_figures() -> None:
    lexicon = load_lexicon()
    open_lexicon = replace(lexicon, harm_hints=("",))  # every text passes
    for text in _PREFILTER_TEXTS:
        article = Article(id="p", text=text)
        sentences = split_sentences(article)
        assert repr(_candidates(text, lexicon)) == repr(_candidates(text, open_lexicon)), text
        for sentence in sentences:
            assert _totals(sentence, lexicon) == _totals(sentence, open_lexicon), text
    assert killed(_PREFILTER_TEXTS[0]) == 3  # the texts do reach figures


def test_every_verb_of_harm_holds_a_hint_word() -> None:
    lexicon = load_lexicon()
    for phrase in (*lexicon.passive, *lexicon.active):
        assert may_match(phrase, phrase.lower(), lexicon.harm_hints), phrase
    assert not may_match("The council met on Monday.", "the council met on monday.",
                         lexicon.harm_hints)
    odd = "\u212aILLED"  # the Kelvin sign folds onto "k" in the case-insensitive patterns
    assert may_match(odd, odd.lower(), lexicon.harm_hints)


# ------------------------------------------------ figures without a number, and their kin


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Gunmen kill teacher in northern town", 1),  # headline: a bare singular noun
        ("Bandits kill herder, steal cattle near the river", 1),
        ("Mob kills suspected robber in market", 1),
        ("Police shoot dead one suspect after a chase.", 1),  # present tense
        ("Militants assassinated Omar Haddad near the market.", 1),  # a name
        ("Fighters killed a Zandor during the night raid.", 1),  # one member of a group
        ("Soldiers killed Al Shabaab militants in the forest.", 0),  # a group, no number
        ("Gunmen kill civilians in a village raid", 0),  # plural, no number: unknown
    ],
)
def test_a_verb_of_killing_counts_the_one_person_it_names(text: str, dead: int) -> None:
    assert killed(text) == dead


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Two raiders and one police reservist killed in a gunfight at the well.", 3),
        ("Clashes in the district: 3 rioters killed.", 3),
        ("Rebels attacked the post. One ranger killed and a truck burned.", 1),
        ("Four guards (or five, by another account) were killed at the gate.", 4),
        ("Gunmen attacked the Red Hand Movement (North wing) leader and shot him dead.", 1),
    ],
)
def test_more_people_nouns_and_asides_in_noun_phrases(text: str, dead: int) -> None:
    assert killed(text) == dead


def test_the_wounded_who_later_died_add_to_the_dead() -> None:
    text = (
        "Two soldiers were killed and six were wounded in the ambush. "
        "Three of the wounded later died in hospital."
    )
    assert killed(text) == 5


def test_a_family_of_n_counts_n() -> None:
    assert killed("A family of four were killed when gunmen stormed their home.") == 4
    assert killed("The blast killed a group of six police officers.") == 6


def test_others_share_the_verb_across_a_place_phrase() -> None:
    text = "Gunmen executed three men in the market and two others at a checkpoint."
    assert killed(text) == 5


def test_an_acronym_does_not_break_a_list_of_victims() -> None:
    text = "Militants raided the village, killing two militiamen (CDF) and six civilians."
    assert killed(text) == 8


def test_people_taken_and_then_killed_are_counted_as_killed() -> None:
    assert killed("Troops detained four farmers near the dam and executed them at dawn.") == 4
    assert killed("Troops detained four farmers near the dam and released them at dawn.") == 0


def test_an_apposition_is_the_same_person() -> None:
    assert killed("Gunmen shot dead his father, a retired judge, outside the house.") == 1
    assert killed("The bomb killed one civilian, a 40-year-old farmer, on the road.") == 1


def test_a_coders_low_estimate_is_the_count() -> None:
    assert killed("Fatalities were not reported (coded at a low estimate of 3).") == 3


@pytest.mark.parametrize(
    "text",
    [
        "Riots broke out in the town after a motorcyclist was killed by a lorry.",
        "Residents protested on Monday following the death of a trader in custody.",
        "Students marched demanding justice for two classmates who were shot dead by police.",
    ],
)
def test_a_death_told_as_the_cause_of_a_protest_or_riot_is_background(text: str) -> None:
    assert killed(text) == 0
    assert any(f.flag == "background" for f in figures(text))


def test_a_death_in_the_riot_itself_still_counts() -> None:
    assert killed("Protesters clashed with police and 5 people were killed after being shot.") == 5


def test_the_attacker_who_killed_himself_after_others_is_one_more() -> None:
    assert killed("The gunman shot dead four people and then killed himself.") == 5
    assert killed("A man killed his wife before turning the gun on himself.") == 2
    assert killed("A teenager accidentally shot himself while cleaning a rifle.") == 0


def test_an_ordinal_victim_gives_the_running_toll() -> None:
    text = "Two people were shot at the bus stop. A third victim has died, police said on Monday."
    assert killed(text) == 3
    assert killed("The second attack on the convoy killed a soldier.") == 1


def test_a_possessive_before_a_number_lets_the_number_count() -> None:
    assert killed("Investigators said the woman killed her two sons.") == 2


def test_a_named_victim_is_one_of_the_dead_already_counted() -> None:
    text = "Two people were killed at the checkpoint. Amos Kiprono, 41, was shot dead."
    assert killed(text) == 2


def test_an_intended_killing_is_no_killing() -> None:
    assert killed("Militants attempted to assassinate a councilman, leaving him wounded.") == 0
    assert killed("The group threatened to kill two hostages.") == 0
    assert killed("The siege led to the death of 28 people, police said.") == 28


def test_a_killed_person_as_an_adjective_is_no_report() -> None:
    assert killed("Protesters marched in memory of a killed reporter.") == 0


def test_the_second_day_of_a_date_range_is_no_count() -> None:
    assert killed("From March 3 to 9, about 12 union activists were killed in the unrest.") == 12


@pytest.mark.parametrize(
    "text",
    [
        "One guard was killed or wounded by a sniper at the post.",
        "A crowd beat up the suspect and almost killed him before police arrived.",
        "Armed men killed 25 heads of cattle near the village.",
    ],
)
def test_no_death_is_counted_where_none_is_said(text: str) -> None:
    assert killed(text) == 0


def test_a_share_of_the_dead_is_a_part_of_them() -> None:
    text = "Nineteen people were killed over two days and six of these were killed by fire."
    assert killed(text) == 19


def test_unconfirmed_deaths_are_kept_apart() -> None:
    text = "Two officers were killed in the riots. Five other deaths are feared but unconfirmed."
    assert killed(text) == 2


def test_some_of_a_group_not_yet_dead_are_new_dead() -> None:
    assert killed("Raiders stopped four forest guards and shot dead one of them.") == 1
    assert killed("Rebels attacked the troops with mines, killing two of them.") == 2


def test_a_death_after_the_clause_of_cause_is_news() -> None:
    text = "Demonstrators fought police after the result was declared, and a body was later found."
    assert killed(text) == 1


# --- crime reports: addresses, ages and lists of the dead ---


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        # a street address, a clip's running time, "times more likely": no one counted
        ("Lena Voss, 41, of the 2700 block of Cedar Lane was pronounced dead at the scene.", 1),
        ("Watch: 0:43 Man found dead in Elmwood park; 1:12 Storm closes schools", 0),
        ("Children here are eleven times more likely to die in shootings than adults.", 0),
        ("Two brothers, ages 5 and 11, and their grandmother were found dead at the farm.", 3),
        ("Tomas Reyes, 22, and Idris Cole, 30, were gunned down outside a diner.", 2),
        ("Ana Brill, 31; Joe Tate, 19; and Mia Ross, 25, died in the shooting.", 3),
        ("Deputies said he shot his wife, his stepson and his mother-in-law dead.", 3),
        ("Detectives are looking into the shooting deaths of a woman, son and little girl.", 3),
        ("He killed his uncle, a retired firefighter, on Sunday.", 1),
        ("The blast injured three villagers and a teacher, and another villager died.", 1),
    ],
)
def test_crime_report_counts(text: str, dead: int) -> None:
    assert killed(text) == dead


def test_the_shooter_turning_the_gun_on_himself_is_one_more_dead() -> None:
    text = (
        "A man opened fire at a cookout, killing three of the guests, including his cousin, "
        "before turning the gun on himself."
    )
    assert killed(text) == 4


def test_a_later_ordinal_with_the_is_the_fifth_shot_not_five_dead() -> None:
    text = "Five youths were wounded at a bus stop. The fifth youth died in the ambulance."
    assert killed(text) == 1
    assert killed("Two clerks were shot in the robbery. The second victim also died later.") == 2


def test_a_city_count_of_the_year_is_not_this_shooting() -> None:
    text = "So far in 2019, 210 people have been murdered in the city."
    assert all(f.flag for f in figures(text) if f.kind == "killed")


def test_the_lead_count_stands_against_later_details_of_the_same_dead() -> None:
    text = (
        "Three people were shot dead at a house party in Millbrook on Saturday. "
        "Two of them died in the backyard, police said. One man was found in the kitchen."
    )
    assert killed(text) == 3



@pytest.mark.parametrize(
    "text",
    [
        "Bandits stopped a bus near Funtua on Friday, wounding six people including two ladies.",
        "Gunmen raided a farm outside Kajuru; four people including three ladies were abducted.",
    ],
)
def test_a_death_word_inside_another_word_is_no_death(text: str) -> None:
    # "ladies" ends in "dies": only a whole word reports a death.
    assert killed(text) == 0


@pytest.mark.parametrize(
    ("text", "counts", "context"),
    [
        ("Three soldiers were killed in an ambush near Kidal on Sunday. Some 140 soldiers have "
         "died in the region this year, the army said.", [3], [140]),
        ("Militants killed two policemen in Bannu on Friday. Since January, 64 police officers "
         "have been killed in the province.", [2], [64]),
        ("Sixty soldiers killed in the war this year, ministry says", [], [60]),
        ("Gunmen killed nine villagers near Bama on Monday in the deadliest attack this year.",
         [9], []),
        ("Since Monday, 11 people have been killed in clashes between herders and farmers in "
         "Bokkos.", [11], []),
    ],
)
def test_a_year_or_campaign_count_is_context_not_the_event_toll(
    text: str, counts: list[int], context: list[int]
) -> None:
    found = [f for f in figures(text) if f.kind == "killed"]
    assert [f.best for f in found if f.flag != "earlier"] == counts
    assert [f.best for f in found if f.flag == "earlier"] == context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Air strike kills Palestinian in Khan Younis", 1),
        ("Gunmen kill Somali near Eastleigh mosque", 1),
        ("Junta kills Ukrainian hopes of a quick deal", 0),
        ("Police kill Chinese in Lagos raid", 0),
    ],
)
def test_a_demonym_after_a_verb_of_killing_is_one_person(text: str, expected: int) -> None:
    assert killed(text) == expected
