"""assemble_records on hand-built mentions, dates, places, actors and figures."""

from __future__ import annotations

from datetime import date

from builders import make_place
from conflictcoder.model import (
    Actor,
    ActorRoles,
    Article,
    CasualtyFigure,
    DateValue,
    Mention,
    Span,
)
from conflictcoder.stages.assemble import assemble_records, is_background
from conflictcoder.stages.split import split_sentences

TEXT = (
    "Rebels attacked army posts in Kalama and Doru on Friday. "
    "Twelve soldiers were killed in the fighting, the army said. "
    "The rebels claimed they had killed 90 soldiers. "
    "On Sunday, troops retook Kalama."
)


def _date(day: date, precision: str = "day") -> DateValue:
    return DateValue(day, day, precision, None, "explicit")  # type: ignore[arg-type]


def _setup() -> tuple[Article, tuple, list[Mention]]:
    article = Article(id="a", text=TEXT, published=date(2026, 4, 14))
    sentences = split_sentences(article)

    def mention(index: int, word: str, sub: str, event_type: str = "Battles") -> Mention:
        sentence = sentences[index]
        start = TEXT.index(word, sentence.start)
        return Mention(sentence, Span("a", start, start + len(word)), word, event_type, sub,
                       Span("a", sentence.start, sentence.end))

    mentions = [mention(0, "attacked", "Armed clash"), mention(3, "retook",
                                                                "Government regains territory")]
    return article, sentences, mentions


def _figure(text: str, best: int, status: str = "reported") -> CasualtyFigure:
    start = TEXT.index(text)
    return CasualtyFigure("killed", best, best, best, "security", status,  # type: ignore[arg-type]
                          Span("a", start, start + len(text)), text)


ROLES = ActorRoles(Actor("Rebels", "Rebels (Testland)", 2), Actor("army", "Military Forces", 1))


def test_assemble_one_record_per_place_with_the_toll_split_and_claims_kept_apart() -> None:
    article, sentences, mentions = _setup()
    kalama, doru = make_place("Kalama"), make_place("Doru", latitude=29.9, longitude=66.5)
    friday, sunday = _date(date(2026, 4, 10)), _date(date(2026, 4, 12))
    # The first mention names two places: the pipeline passes it once per place.
    records = assemble_records(
        article, sentences,
        [mentions[0], mentions[0], mentions[1]],
        [friday, friday, sunday],
        [kalama, doru, kalama],
        [ROLES, ROLES, ROLES],
        [_figure("Twelve soldiers", 12), _figure("90 soldiers", 90, "claimed")],
    )
    by_place_day = {(r.place.name, r.date.end.day): r for r in records if r.place}
    assert set(by_place_day) == {("Kalama", 10), ("Doru", 10), ("Kalama", 12)}
    assert by_place_day[("Kalama", 10)].fatalities == 6
    assert by_place_day[("Doru", 10)].fatalities == 6
    assert by_place_day[("Kalama", 12)].sub_event_type == "Government regains territory"
    assert by_place_day[("Kalama", 12)].fatalities == 0
    claims = [c.best for r in records for c in r.claims]
    assert claims == [90]
    assert all(r.fatalities != 90 for r in records)


def test_assemble_provenance_points_at_the_words() -> None:
    article, sentences, mentions = _setup()
    at = TEXT.index("Kalama")
    place = make_place("Kalama", span=Span("a", at, at + 6))
    records = assemble_records(article, sentences, mentions[:1], [_date(date(2026, 4, 10))],
                               [place], [ROLES],
                               [_figure("Twelve soldiers", 12)])
    (record,) = records
    fields = {p.field: p for p in record.provenance}
    assert fields["event_type"].text == "attacked"
    assert fields["location"].text == "Kalama"
    assert fields["fatalities"].text == "Twelve soldiers"
    assert fields["fatalities"].sentence.startswith("Twelve soldiers were killed")


def test_assemble_drops_background_and_unknown_dates() -> None:
    article, sentences, mentions = _setup()
    unknown = DateValue(date(1, 1, 1), date(1, 1, 1), "year", None, "unknown")
    old = _date(date(2021, 6, 1))
    records = assemble_records(article, sentences, mentions, [unknown, old],
                               [make_place("Kalama"), make_place("Kalama")], [ROLES, ROLES], [])
    assert records == ()


def test_is_background_for_events_long_before_publication() -> None:
    article = Article(id="a", text="x", published=date(2026, 3, 5))
    assert is_background(_date(date(2022, 4, 30)), article, 45)
    assert not is_background(_date(date(2026, 3, 1)), article, 45)
    assert not is_background(_date(date(2022, 4, 30)), Article(id="b", text="x"), 45)


def test_assemble_keeps_different_events_at_one_place_and_day_apart() -> None:
    article, sentences, mentions = _setup()
    shelling = Mention(mentions[1].sentence, mentions[1].trigger, "retook",
                       "Explosions/Remote violence", "Shelling/artillery/missile attack",
                       mentions[1].span)
    friday = _date(date(2026, 4, 10))
    victims = ActorRoles(Actor("Rebels", "Rebels (Testland)", 2), Actor("people", "Civilians", 7))
    kalama = make_place("Kalama")
    apart = assemble_records(article, sentences, [mentions[0], shelling], [friday, friday],
                             [kalama, kalama], [ROLES, victims], [])
    assert sorted(r.event_type for r in apart) == ["Battles", "Explosions/Remote violence"]
    same_actors = assemble_records(article, sentences, [mentions[0], shelling],
                                   [friday, friday], [kalama, kalama], [ROLES, ROLES], [])
    assert len(same_actors) == 1
    assert same_actors[0].sub_event_type == "Shelling/artillery/missile attack"


def test_a_toll_sentence_typed_apart_is_the_toll_of_the_event_before_it() -> None:
    text = (
        "Supporters of two candidates clashed in Kalama on Friday. "
        "Three people were killed in the violence."
    )
    article = Article(id="a", text=text, published=date(2026, 4, 14))
    sentences = split_sentences(article)
    clash_at = text.index("clashed")
    toll_at = text.index("Three people were killed")
    riot = Mention(sentences[0], Span("a", clash_at, clash_at + 7), "clashed", "Riots",
                   "Mob violence", Span("a", sentences[0].start, sentences[0].end))
    killing = Mention(sentences[1], Span("a", toll_at + 13, toll_at + 24), "were killed",
                      "Violence against civilians", "Attack",
                      Span("a", sentences[1].start, sentences[1].end))
    figure = CasualtyFigure("killed", 3, 3, 3, "unknown", "reported",
                            Span("a", toll_at, toll_at + 24), text[toll_at : toll_at + 24])
    friday = _date(date(2026, 4, 10))
    mobs = ActorRoles(Actor("Supporters", "Rioters (Testland)", 5))
    victims = ActorRoles(Actor("people", "Civilians (Testland)", 7))
    records = assemble_records(article, sentences, [riot, killing], [friday, friday],
                               [make_place("Kalama"), None], [mobs, victims], [figure])
    assert len(records) == 1
    assert (records[0].sub_event_type, records[0].fatalities) == ("Mob violence", 3)
