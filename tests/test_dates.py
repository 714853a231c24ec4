"""Date resolution against the publication date (stages/dates.py)."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictcoder.model import Article, DateValue, Mention, Span
from conflictcoder.stages.dates import UNKNOWN_DATE, acled_event_date, resolve_date
from conflictcoder.stages.split import split_sentences

PUB = date(2026, 2, 4)  # a Wednesday


def resolve(
    text: str, published: date | None = PUB, trigger: str | None = None, sentence: int = 0
) -> DateValue:
    """Resolve the date of a mention in sentence ``sentence`` whose trigger is the first
    match of ``trigger`` there (the whole sentence when None)."""
    article = Article(id="t", text=text, published=published)
    sentences = split_sentences(article)
    s = sentences[sentence]
    start, end = s.start, s.end
    if trigger is not None:
        found = re.search(trigger, s.text)
        assert found, f"trigger {trigger!r} not in {s.text!r}"
        start, end = s.start + found.start(), s.start + found.end()
    mention = Mention(
        s,
        Span("t", start, end),
        text[start:end],
        "Battles",
        "Armed clash",
        Span("t", s.start, s.end),
    )
    return resolve_date(mention, article, sentences)


# --- explicit dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        ("Rebels shelled the port on Jan. 31, officials said.", date(2026, 1, 31), "Jan. 31"),
        ("Rebels shelled the port on 31 January 2026.", date(2026, 1, 31), "31 January 2026"),
        ("Rebels shelled the port on January 31, 2026.", date(2026, 1, 31), "January 31, 2026"),
        ("Rebels shelled the port on 2026-01-31.", date(2026, 1, 31), "2026-01-31"),
        ("On 4 March 2020, rebels shelled the port.", date(2020, 3, 4), "4 March 2020"),
        (
            "On 1 March 2020, two guards were shot dead at a checkpoint.",
            date(2020, 3, 1),
            "1 March 2020",
        ),
        ("The port was shelled on the 30th of January.", date(2026, 1, 30), "the 30th of January"),
        ("The port was shelled on Dec. 28, the navy said.", date(2025, 12, 28), "Dec. 28"),
        ("The port was shelled on Sept 3 last year.", date(2025, 9, 3), "Sept 3"),
        ("The port was shelled on 3 February.", date(2026, 2, 3), "3 February"),
        (
            "Gunmen opened fire on Friday, January 30, 2026 in the market.",
            date(2026, 1, 30),
            "Friday, January 30, 2026",
        ),
        ("The camp was raided on 30/01/2026.", date(2026, 1, 30), "30/01/2026"),
        ("The camp was raided on 01/30/2026.", date(2026, 1, 30), "01/30/2026"),
    ],
)
def test_explicit_dates(text: str, expected: date, words: str) -> None:
    value = resolve(text)
    assert (value.start, value.end, value.precision) == (expected, expected, "day")
    assert value.text == words
    assert value.span is not None
    assert text[value.span.start : value.span.end] == words


def test_day_and_month_without_year_take_the_latest_past_year() -> None:
    # Published 4 February: "5 February" cannot be this year, so it is last year's.
    assert resolve("Troops were ambushed on 5 February.").end == date(2025, 2, 5)
    assert resolve("Troops were ambushed on February 4.").end == date(2026, 2, 4)


def test_lower_case_may_and_march_are_verbs_not_months() -> None:
    value = resolve("Supporters may march 5 kilometres to the court, police said Tuesday.")
    assert value.end == date(2026, 2, 3)
    assert value.text == "Tuesday"


# --- wire style weekday with day of month ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        (
            "Separatists stormed a bank on Saturday (31), the army said.",
            date(2026, 1, 31),
            "Saturday (31)",
        ),
        ("Fighting resumed late on Monday (2) near the border.", date(2026, 2, 2), "Monday (2)"),
        ("A bomb went off on Tuesday (3) in the bazaar.", date(2026, 2, 3), "Tuesday (3)"),
        ("Police fired tear gas on Wednesday (4).", date(2026, 2, 4), "Wednesday (4)"),
        ("A convoy was hit on Thursday (29).", date(2026, 1, 29), "Thursday (29)"),
        ("The curfew was imposed on Friday the 30th.", date(2026, 1, 30), "Friday the 30"),
    ],
)
def test_weekday_with_day_of_month(text: str, expected: date, words: str) -> None:
    value = resolve(text)
    assert value.end == expected
    assert value.precision == "day"
    assert value.method == "weekday_day"
    assert value.text.startswith(words)


def test_weekday_with_day_reaches_across_a_year_end() -> None:
    # 2025-12-31 was a Wednesday; published 2 January 2026.
    assert resolve("Rioters burnt a bus on Wednesday (31).", date(2026, 1, 2)).end == date(
        2025, 12, 31
    )


def test_weekday_and_day_that_never_meet_are_rejected() -> None:
    # No Tuesday 31st falls within the search window before this reference... except
    # real ones: pick a pair that cannot occur (day 32 is not a day, so use weekday text).
    value = resolve("Clashes erupted on Saturday (31) in the hills.", date(2026, 3, 2))
    # The latest Saturday the 31st on or before 2 March 2026 is 31 January 2026.
    assert value.end == date(2026, 1, 31)


# --- bare weekdays -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed a teacher on Tuesday.", date(2026, 2, 3)),
        ("Gunmen killed a teacher late on Monday.", date(2026, 2, 2)),
        ("Gunmen killed a teacher on Wednesday.", date(2026, 2, 4)),  # the publication day
        ("Gunmen killed a teacher on Thursday.", date(2026, 1, 29)),
        ("Gunmen killed a teacher Sunday night.", date(2026, 2, 1)),
        ("Gunmen killed a teacher early Saturday.", date(2026, 1, 31)),
        ("Gunmen killed a teacher last Wednesday.", date(2026, 1, 28)),
        ("Saturday's attack on a teacher shocked the town.", date(2026, 1, 31)),
    ],
)
def test_bare_weekdays(text: str, expected: date) -> None:
    value = resolve(text)
    assert value.end == expected
    assert value.precision == "day"


def test_next_weekday_is_future_and_rejected() -> None:
    value = resolve("Unions will strike next Friday.")
    assert value.method.startswith("publication")
    assert "rejected-future" in value.method


# --- relative words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("A drone struck the depot yesterday.", date(2026, 2, 3), date(2026, 2, 3), "day"),
        ("A drone struck the depot last night.", date(2026, 2, 3), date(2026, 2, 3), "day"),
        ("A drone struck the depot overnight.", date(2026, 2, 4), date(2026, 2, 4), "day"),
        ("A drone struck the depot this morning.", date(2026, 2, 4), date(2026, 2, 4), "day"),
        ("A drone struck the depot today.", date(2026, 2, 4), date(2026, 2, 4), "day"),
        ("A drone struck the depot two days ago.", date(2026, 2, 2), date(2026, 2, 2), "day"),
        ("A drone struck the depot last week.", date(2026, 1, 26), date(2026, 2, 1), "week"),
        ("A drone struck the depot earlier this week.", date(2026, 2, 2), date(2026, 2, 4), "week"),
        (
            "A drone struck the depot earlier this month.",
            date(2026, 2, 1),
            date(2026, 2, 4),
            "month",
        ),
        ("A drone struck the depot last month.", date(2026, 1, 1), date(2026, 1, 31), "month"),
        ("A drone struck the depot over the weekend.", date(2026, 1, 31), date(2026, 2, 1), "days"),
    ],
)
def test_relative_expressions(text: str, start: date, end: date, precision: str) -> None:
    value = resolve(text)
    assert (value.start, value.end, value.precision) == (start, end, precision)


def test_overnight_before_a_weekday_defers_to_the_weekday() -> None:
    value = resolve("Drones hit the grid overnight into Sunday.")
    assert value.end == date(2026, 2, 1)


def test_newspaper_called_today_is_not_a_date() -> None:
    value = resolve("Militants torched a school on Monday, Pakistan Today reported.")
    assert value.end == date(2026, 2, 2)


def test_vague_word_then_bracketed_date_takes_the_bracketed_date() -> None:
    value = resolve("Police and rioters clashed yesterday (January 29) in the bazaar.")
    assert value.end == date(2026, 1, 29)
    assert value.text == "yesterday (January 29)"


# --- ranges and durations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        (
            "Fighting went on from 24 April to 8 May in the valley.",
            date(2025, 4, 24),
            date(2025, 5, 8),
            "week",
        ),
        ("Clashes between 3 and 5 May left 12 dead.", date(2025, 5, 3), date(2025, 5, 5), "days"),
        (
            "Between 1 and 7 March 2020 militias burnt 40 homes.",
            date(2020, 3, 1),
            date(2020, 3, 7),
            "week",
        ),
        ("Strikes hit the city on January 12-14.", date(2026, 1, 12), date(2026, 1, 14), "days"),
        (
            "Strikes hit the city on 30 December-2 January.",
            date(2025, 12, 30),
            date(2026, 1, 2),
            "days",
        ),
    ],
)
def test_ranges_end_on_their_last_day(text: str, start: date, end: date, precision: str) -> None:
    value = resolve(text)
    assert (value.start, value.end, value.precision) == (start, end, precision)
    assert value.method == "range"


def test_and_without_between_is_not_a_range() -> None:
    # "3 and 5 February": without "between", read as the nearest single date.
    value = resolve(
        "Police said 3 and 5 February were quiet; rebels attacked on Monday.", trigger="attacked"
    )
    assert value.end == date(2026, 2, 2)


def test_one_of_two_days_is_coded_to_the_first() -> None:
    value = resolve("A trader was killed on January 22 or 23 in the market.")
    assert (value.start, value.end, value.precision) == (date(2026, 1, 22),) * 2 + ("days",)


def test_multi_day_standoff_ends_on_the_named_day() -> None:
    value = resolve("Troops ended a three-day siege of the compound on Monday.")
    assert (value.start, value.end, value.precision) == (
        date(2026, 1, 31),
        date(2026, 2, 2),
        "days",
    )


def test_multi_day_standoff_that_began_on_a_day() -> None:
    value = resolve("A two-day strike that began on Monday shut the port.")
    assert (value.start, value.end) == (date(2026, 2, 2), date(2026, 2, 3))


# --- coder-note hedges and precision -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Around 9 May 2020 (as reported), gunmen abducted two herders.", date(2020, 5, 9), "days"),
        ("As reported on 5 March 2020, militants overran a post.", date(2020, 3, 5), "days"),
        (
            "Looting: Around 1 January 2022 (month of), raiders took cattle.",
            date(2022, 1, 1),
            "month",
        ),
        (
            "Around 3 March 2022 (between 24 February - 10 March), troops engaged militiamen.",
            date(2022, 3, 3),
            "days",
        ),
        ("On 4 March 2020, troops engaged militiamen.", date(2020, 3, 4), "day"),
    ],
)
def test_hedged_coder_notes(text: str, expected: date, precision: str) -> None:
    value = resolve(text, published=date(2022, 6, 1))
    assert (value.end, value.precision) == (expected, precision)
    assert value.span is not None


def test_month_and_year_are_month_precision() -> None:
    value = resolve("Farmers protested in March 2020 outside the assembly.")
    assert (value.start, value.end, value.precision) == (
        date(2020, 3, 1),
        date(2020, 3, 31),
        "month",
    )
    assert value.acled_time_precision == 3
    assert value.ucdp_date_prec == 4


def test_a_bare_month_this_year_is_cut_at_publication() -> None:
    value = resolve("Farmers protested in February outside the assembly.")
    assert (value.start, value.end) == (date(2026, 2, 1), PUB)


# --- the date of the action, not of the statement ----------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Police said on Wednesday that the town was retaken on Monday.",
            "retaken",
            date(2026, 2, 2),
        ),
        (
            "The army told reporters on Tuesday that rebels shelled the base on Sunday.",
            "shelled",
            date(2026, 2, 1),
        ),
        (
            "On Wednesday, the ministry said soldiers had repelled an attack on Saturday.",
            "attack",
            date(2026, 1, 31),
        ),
        ("Militants killed six guards, officials said Tuesday.", "killed", date(2026, 2, 3)),
    ],
)
def test_statement_dates_are_skipped_when_another_exists(
    text: str, trigger: str, expected: date
) -> None:
    assert resolve(text, trigger=trigger).end == expected


def test_statement_date_is_used_when_it_is_the_only_one() -> None:
    value = resolve("Militants killed six guards, officials said on Tuesday.", trigger="killed")
    assert value.end == date(2026, 2, 3)
    assert value.method.endswith(":statement")


def test_closest_date_to_the_trigger_wins() -> None:
    text = "Rebels seized a village on Saturday and troops shelled their positions on Monday."
    assert resolve(text, trigger="seized").end == date(2026, 1, 31)
    assert resolve(text, trigger="shelled").end == date(2026, 2, 2)


def test_opening_date_governs_the_main_clause() -> None:
    text = "On 20 March 2021, students marched to protest the killing of a classmate on 17 March."
    assert resolve(text, trigger="marched").end == date(2021, 3, 20)
    assert resolve(text).end == date(2021, 3, 20)


def test_since_marks_background() -> None:
    value = resolve("Gunmen shot two guards on Monday, the worst attack since 2019.")
    assert value.end == date(2026, 2, 2)


# --- context fallbacks -------------------------------------------------------------------


def test_sentence_without_date_takes_the_previous_sentence_date() -> None:
    text = (
        "Insurgents attacked a police post on Sunday. Four officers were killed.\n"
        "A curfew is in force."
    )
    value = resolve(text, sentence=1)
    assert value.end == date(2026, 2, 1)
    assert value.method == "weekday:context"
    assert value.text == "Sunday"


def test_anaphoric_day_counts_from_the_date_before_it() -> None:
    text = "Rebels attacked Kalo on 28 January. They burnt the market the next day."
    assert resolve(text, sentence=1).end == date(2026, 1, 29)


def test_lead_date_is_used_when_the_neighbourhood_has_none() -> None:
    text = "Gunmen stormed a hotel on Monday.\n\nOne.\n\nTwo.\n\nThree guests were wounded."
    value = resolve(text, sentence=3)
    assert value.end == date(2026, 2, 2)
    assert value.method == "weekday:lead"


def test_publication_date_when_no_date_at_all() -> None:
    value = resolve("Gunmen stormed a hotel in the capital.")
    assert (value.start, value.end, value.precision) == (PUB, PUB, "days")
    assert value.method == "publication"
    assert value.span is None


# --- never after publication; impossible dates -------------------------------------------


def test_future_explicit_date_is_rejected() -> None:
    value = resolve("Opposition parties plan a rally on 10 February 2026.")
    assert value.end == PUB
    assert "rejected-future" in value.method


def test_future_date_falls_back_to_the_next_strategy() -> None:
    text = "Rebels raided a depot on Monday. A rally is called for 20 February 2026."
    value = resolve(text, sentence=1)
    assert value.end == date(2026, 2, 2)
    assert "rejected-future" in value.method


def test_impossible_date_is_rejected() -> None:
    value = resolve("Police said clashes broke out on 31 February 2026.")
    assert "rejected-impossible" in value.method
    assert value.end == PUB


# --- no publication date -----------------------------------------------------------------


def test_without_publication_an_explicit_date_still_resolves() -> None:
    value = resolve("On 4 March 2020, troops engaged militiamen.", published=None)
    assert value.end == date(2020, 3, 4)


def test_without_publication_relative_words_use_the_article_date() -> None:
    text = "On 4 March 2020, troops engaged militiamen. They withdrew the next day."
    value = resolve(text, published=None, sentence=1)
    assert value.end == date(2020, 3, 5)
    assert "ref-article-date" in value.method


def test_without_any_date_the_value_is_unknown() -> None:
    value = resolve("Gunmen killed a guard on Monday.", published=None)
    assert value.method.startswith("unknown")
    assert value.end == UNKNOWN_DATE
    assert value.span is None


def test_never_after_publication_for_any_phrase() -> None:
    texts = [
        "Riots erupted today.",
        "Riots erupted this week.",
        "Riots erupted this month.",
        "Riots erupted this year.",
        "Riots erupted in February.",
        "Riots erupted on 2 to 9 February.",
    ]
    for text in texts:
        assert resolve(text).end <= PUB, text


# --- data file ---------------------------------------------------------------------------


def test_dates_data_file_is_consistent() -> None:
    data = tomllib.loads(
        resources.files("conflictcoder.resources").joinpath("data/dates.toml").read_text("utf-8")
    )
    assert set(data["months"].values()) == set(range(1, 13))
    assert set(data["weekdays"].values()) == set(range(7))
    for table in ("months", "weekdays", "relative_days", "anaphoric_days", "numbers"):
        assert all(k == k.lower() for k in data[table]), table
    for key in ("verbs", "fillers"):
        words = data["statements"][key]
        assert len(words) == len(set(words)), key
    assert all(-3 <= v <= 0 for v in data["relative_days"].values())


# --- more forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bodies were brought to the morgue on the 26th.", date(2026, 1, 26)),
        ("Bodies were brought to the morgue on the 3rd.", date(2026, 2, 3)),
        ("Police dispersed marchers on Monday 2nd with tear gas.", date(2026, 2, 2)),
        ("A village was torched overnight between 1 and 2 February.", date(2026, 2, 1)),
        ("A village was torched on the night of 30-31 January.", date(2026, 1, 30)),
    ],
)
def test_ordinal_days_and_nights(text: str, expected: date) -> None:
    assert resolve(text).end == expected


def test_month_of_year() -> None:
    value = resolve("Clans clashed repeatedly in March of 2025.")
    assert (value.start, value.end, value.precision) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
        "month",
    )


def test_range_year_comes_from_its_first_day_and_is_cut_at_publication() -> None:
    # Published 4 February: a strike "from 1 to 9 February" is this year's, still going.
    value = resolve("Dockers have been on strike from 1 to 9 February.")
    assert (value.start, value.end) == (date(2026, 2, 1), PUB)


def test_date_naming_another_event_is_not_the_action_date() -> None:
    text = (
        "Crowds burnt tyres in the city on Tuesday against the court ruling on their "
        "leader's January 12 election win."
    )
    assert resolve(text, trigger="burnt").end == date(2026, 2, 3)
    text = "Crowds marched to celebrate his January 12 election win."
    value = resolve(text, trigger="marched")
    assert value.method.endswith(":statement")  # used only because nothing else is there


def test_date_right_before_its_own_event_noun_counts() -> None:
    value = resolve("Survivors recalled the 12 January attack on the market.", trigger="attack")
    assert value.end == date(2026, 1, 12)
    assert value.method == "partial"


def test_time_adverb_after_the_verb_wins_a_tie() -> None:
    text = "A father was charged Thursday after his son shot a neighbour Tuesday night."
    assert resolve(text, trigger="shot").end == date(2026, 2, 3)
    assert resolve(text, trigger="charged").end == date(2026, 1, 29)


@pytest.mark.parametrize(
    ("text", "trigger", "expected", "method"),
    [
        (
            "The bombing on 28 January was claimed by a jihadist group on Monday.",
            "bombing",
            date(2026, 1, 28),
            "partial",
        ),
        (
            "Police on Monday said they had detained five suspects.",
            "detained",
            date(2026, 2, 2),
            "weekday:statement",
        ),
        (
            "In a statement on Tuesday, the ministry said troops had repelled an assault.",
            "assault",
            date(2026, 2, 3),
            "weekday:statement",
        ),
        (
            "The army said on Tuesday it had killed ten fighters in a raid late on Monday night.",
            "raid",
            date(2026, 2, 2),
            "weekday",
        ),
        (
            "Villagers were killed in Sahel raids on Saturday, local sources told AFP on Monday.",
            "killed",
            date(2026, 1, 31),
            "weekday",
        ),
    ],
)
def test_wire_sentences(text: str, trigger: str, expected: date, method: str) -> None:
    value = resolve(text, trigger=trigger)
    assert (value.end, value.method) == (expected, method)


def test_context_takes_the_main_date_of_the_previous_sentence() -> None:
    text = (
        "On 6 March 2022, crowds rallied against the war that began on 24 February. "
        "Police detained seven marchers."
    )
    value = resolve(text, published=date(2022, 3, 8), sentence=1)
    assert value.end == date(2022, 3, 6)
    assert value.method == "explicit:context"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Farmers protested in March 2020 outside the assembly.", date(2020, 3, 15)),
        ("Farmers protested earlier this month outside the assembly.", PUB),
        ("Looting: Around 1 January 2022 (month of), raiders took cattle.", date(2022, 1, 1)),
        ("Farmers protested on Monday outside the assembly.", date(2026, 2, 2)),
        ("Farmers protested between 1 and 3 February.", date(2026, 2, 3)),
    ],
)
def test_acled_event_date(text: str, expected: date) -> None:
    assert acled_event_date(resolve(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "29-07-2016 Militants executed villagers. They struck again on Sunday.",
            date(2016, 7, 24),
        ),
        ("Published July 27 2016. A twin bombing hit a market on Wednesday.", date(2016, 7, 27)),
        (
            "AFP Monday 18 Aug 2014. Jets bombed the town on Sunday, days after a June 3 2014 "
            "raid.",
            date(2014, 8, 17),
        ),
    ],
)
def test_dateline_is_the_reference_without_publication(text: str, expected: date) -> None:
    assert resolve(text, published=None, sentence=1).end == expected


# --- properties --------------------------------------------------------------------------

_PHRASES = [
    "on Saturday (31)",
    "late on Monday (2)",
    "on 29 February",
    "on 31 April",
    "yesterday",
    "last week",
    "earlier this month",
    "from 24 April to 8 May",
    "between 3 and 5 May",
    "on Jan. 31",
    "on 2030-01-01",
    "the next day",
    "two days later",
    "in March 2020",
    "on the 31st",
    "on Friday the 13th",
    "three days ago",
    "over the weekend",
    "next Tuesday",
    "on 12/13/2025",
    "overnight",
    "since 2019",
    "police said on Wednesday",
    "in 1999",
]


@settings(max_examples=300, deadline=None)
@given(
    phrases=st.lists(st.sampled_from(_PHRASES), min_size=0, max_size=4),
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)),
    pick=st.integers(min_value=0, max_value=3),
)
def test_never_after_publication_and_spans_point_at_the_words(
    phrases: list[str], published: date, pick: int
) -> None:
    text = " ".join(f"Rebels attacked a post {p}." for p in phrases) or "Rebels attacked."
    sentences = split_sentences(Article(id="t", text=text, published=published))
    value = resolve(
        text, published=published, sentence=min(pick, len(sentences) - 1), trigger="attacked"
    )
    assert value.start <= value.end <= published
    if value.span is None:
        assert value.method.startswith("publication")
    else:
        assert text[value.span.start : value.span.end] == value.text


# --- wire-story structure ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "KANO, Feb 3 (Reuters) - Gunmen killed nine worshippers at a mosque on Sunday.",
        "LAGOS, Nigeria, Feb. 3 (AFP) -- Gunmen killed nine worshippers at a mosque on Sunday.",
        "Kano, 3 February — Gunmen killed nine worshippers at a mosque on Sunday.",
    ],
)
def test_dateline_is_not_the_event_date(text: str) -> None:
    value = resolve(text, trigger="killed")
    assert value.end == date(2026, 2, 1)
    assert value.text == "Sunday"


def test_dateline_note_in_brackets_is_not_part_of_the_date() -> None:
    text = "KANO, Feb 3 (Reuters) - Nine worshippers died.\n\nNothing else was said."
    value = resolve(text, sentence=1)
    assert value.text == "Feb 3"


def test_days_after_an_event_named_in_the_same_sentence() -> None:
    text = (
        "The toll rose to 23 on Tuesday, a day after militants attacked a checkpoint in "
        "the capital."
    )
    assert resolve(text, trigger="attacked").end == date(2026, 2, 2)


def test_days_after_an_event_dated_in_an_earlier_sentence() -> None:
    text = "Gunmen raided the depot on Saturday. Police arrested two men two days after the raid."
    assert resolve(text, sentence=1, trigger="arrested").end == date(2026, 2, 2)


def test_headline_without_a_date_takes_the_lead_paragraph_date() -> None:
    text = (
        "Bomb toll rises to 25 in port city\n\n"
        "PORT CITY, Feb 4 (Reuters) - The death toll from Saturday's truck bombing at a "
        "checkpoint has risen to 25, a spokesman said on Wednesday."
    )
    value = resolve(text, sentence=0)
    assert value.end == date(2026, 1, 31)
    assert value.method == "weekday:lead"


def test_pluperfect_background_is_not_context() -> None:
    text = (
        "Insurgents ambushed a patrol on Monday, killing six soldiers. Troops had killed "
        "20 insurgents in the same forest last month.\n"
        "The governor condemned the ambush."
    )
    value = resolve(text, sentence=2)
    assert value.end == date(2026, 2, 2)


def test_date_of_a_toll_update_is_not_the_attack_date() -> None:
    text = (
        "The death toll from a car bombing in the capital rose to 23 on Tuesday, a "
        "spokesman said, a day after militants attacked a busy junction."
    )
    assert resolve(text, trigger="bombing").end == date(2026, 2, 2)


def test_event_that_came_days_after_another() -> None:
    text = (
        "Troops raided a village on 29 January. The raid came a day after rebels ambushed a convoy."
    )
    assert resolve(text, sentence=1, trigger="ambushed").end == date(2026, 1, 28)


def test_day_bodies_were_found_is_not_the_attack_day() -> None:
    text = (
        "Gunmen stormed a village late on Sunday, officials said.\n"
        "Nine bodies were recovered on Monday morning. The attackers also burnt a mill."
    )
    assert resolve(text, sentence=2, trigger="burnt").end == date(2026, 2, 1)
    # Alone, the finding is still the best date the sentence has.
    assert resolve("The body of a trader was found on Monday.").end == date(2026, 2, 2)


# --- the pattern gates and start finders are only shortcuts: the same matches ---


def test_gates_never_change_the_date_expressions() -> None:
    from conflictcoder.stages.date_grammar import _matches

    texts = (
        "Fighting broke out on 3 March 2025 and again between 5 and 7 Mar, 2025.",
        "The raid on April 12th, 2024 came two days after the ambush of April 10.",
        "Police said on 2025-02-14 that the curfew of 12/02/2025 had been lifted.",
        "In early January rebels struck; in mid 2023 they had struck in the same town.",
        "The bombing last week was the worst this year, a day after talks collapsed.",
        "Gunmen attacked the market on Friday the 13th, three days later troops returned.",
        "The SEPTEMBER 9 attack and the Sept. 11 one were weeks apart.",
        "No date here, only a 5-day curfew and a 20-year-old man.",
        "Officials met on 4.5.2024 and on 6/5 (Monday), over the past month.",
        # starts glued to other words, odd letters that fold apart, digits of other scripts
        "xMay 4 and MAYDAY 5, aMonday; ThE DaY BeFoRe, YESTERDAY (2 May) and lAsT WeeK.",
        "İstanbul: the next day, on 3 May; the ſame day and thıs week, ٣/5 and (1٣/5).",
        "Late last night in İzmir, overnight between 24 and 25 March, at the weekend.",
    )
    gated = [_matches(text) for text in texts]
    assert [_matches(text, shortcuts=False) for text in texts] == gated
    assert any(m.kind == "range" for m in gated[0])  # the texts do reach the gated patterns
    assert any(m.kind == "numeric" for m in gated[2])
