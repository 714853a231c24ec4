"""The headline as the text's first paragraph: readers, events and tolls."""

from __future__ import annotations

from datetime import date

from conflictcoder.model import Article
from conflictcoder.pipeline import extract_article
from conflictcoder.sources.page import article_from_html, article_from_text, headline_of
from conflictcoder.stages.casualties import find_casualty_figures
from conflictcoder.stages.split import split_sentences

DAY = date(2024, 5, 6)


def _article(title: str, body: str) -> Article:
    """An article as the readers make it: the headline, a blank line, the body."""
    made = article_from_text(body, article_id="a1", title=title, published=DAY)
    assert made is not None
    return made


def test_headline_drops_the_sites_name_and_its_place() -> None:
    assert headline_of("Two hurt in Elm Street shooting - KQRS News 9 - Dayton, Ohio") == (
        "Two hurt in Elm Street shooting"
    )
    assert headline_of("Fire guts warehouse | Riverside Gazette |") == "Fire guts warehouse"
    assert headline_of("WKZX 12 - Man shot on porch") == "Man shot on porch"
    # a dash inside the headline stays: no segment after it names an outlet
    assert headline_of("Shooting at mall - police seek driver") == (
        "Shooting at mall - police seek driver"
    )


def test_text_begins_with_the_headline_as_its_own_paragraph_once() -> None:
    article = _article("Man shot dead outside diner - Valley Courier",
                       "The victim was found at 2 a.m. Detectives are asking for help.")
    assert article.text.startswith("Man shot dead outside diner\n\nThe victim was found")
    assert article.title == "Man shot dead outside diner - Valley Courier"  # metadata kept
    # read again (a stored text), or a body that already opens with it: no second headline
    again = article_from_text(article.text, article_id="a1", title=article.title)
    assert again is not None and again.text == article.text


def test_html_page_text_carries_its_headline() -> None:
    html = (
        "<html><head><title>Clerk wounded in store robbery</title></head><body><article>"
        "<h1>Clerk wounded in store robbery</h1>"
        "<p>A store clerk was taken to hospital on Sunday after a man fired at the counter "
        "during a robbery on Pine Avenue, police said. The man fled on foot with cash.</p>"
        "<p>Officers searched the area for an hour and asked witnesses to come forward.</p>"
        "</article></body></html>"
    )
    article = article_from_html(html, article_id="p1")
    assert article is not None
    assert article.text.startswith("Clerk wounded in store robbery\n\n")
    assert article.text.count("Clerk wounded in store robbery") == 1


def test_figure_spans_point_into_the_text_with_its_headline() -> None:
    article = _article("Three killed in lakeside shooting",
                       "Three people were killed on Saturday at a lake house, police said.")
    figures = find_casualty_figures(article, split_sentences(article))
    assert [f.text for f in figures if f.span.start == 0] == ["Three killed"]
    for figure in figures:
        assert article.text[figure.span.start : figure.span.end] == figure.text


def test_a_page_whose_body_lacks_the_story_is_coded_from_its_headline() -> None:
    article = _article("Two men shot dead at gas station in Dayton",
                       "The full story is available to members only. Already a member? Log in.")
    records = extract_article(article, scope="all-violence").records
    assert [r.fatalities for r in records] == [2]


def _with_headline(title: str, body: str) -> Article:
    """The text as the readers make it, built by hand."""
    return Article(id="a1", title=title, published=DAY, text=f"{title}\n\n{body}")


def test_headline_and_body_telling_one_toll_count_it_once() -> None:
    article = _with_headline(
        "Deputies kill suspect after chase",
        "A man was shot dead by deputies on Friday after a car chase, the sheriff said.",
    )
    records = extract_article(article, scope="all-violence").records
    assert [r.fatalities for r in records] == [1]


def test_the_body_corrects_an_outdated_headline_toll() -> None:
    article = _with_headline(
        "Two workers killed in shooting at factory",
        "Four workers were killed when a former employee opened fire at the plant on "
        "Thursday, the sheriff said.",
    )
    records = extract_article(article, scope="all-violence").records
    assert [r.fatalities for r in records] == [4]


def test_the_event_is_placed_and_typed_where_the_body_tells_it() -> None:
    article = _article(
        "Gunmen kill two farmers in Benue's Agatu",
        "Gunmen killed two farmers in Obagaji, Agatu local government area of Benue State, "
        "on Sunday, police said.",
    )
    result = extract_article(article)
    assert len(result.mentions) == 1
    assert result.mentions[0].sentence.start > article.text.index("\n\n")  # the body


def test_a_headline_gives_no_event_of_its_own_beside_the_bodys() -> None:
    article = _with_headline(
        "Army says 60 insurgents killed after wave of attacks in Balochistan",
        "QUETTA, Pakistan, May 6 - Suicide bombers struck a paramilitary camp in Nushki and "
        "a police post in Pasni on Friday, killing nine soldiers, officials said.",
    )
    records = extract_article(article).records
    assert [(r.sub_event_type, r.fatalities) for r in records] == [
        ("Suicide bomb", 5), ("Suicide bomb", 4)
    ]


def test_a_headline_part_does_not_hide_the_headline_count() -> None:
    article = _with_headline(
        "Five killed, including two children, in market attack in Kano",
        "Gunmen opened fire at a busy market in Kano on Sunday, witnesses said. Police "
        "said an investigation was under way.",
    )
    records = extract_article(article, scope="all-violence").records
    assert [r.fatalities for r in records] == [5]


def test_a_headline_count_comes_before_a_death_told_without_a_number() -> None:
    article = _with_headline(
        "Three killed in shooting at house party in Dayton",
        "Police are investigating a fatal shooting at a house party in Dayton on Saturday "
        "night. Officers found the victims in the back yard.",
    )
    records = extract_article(article, scope="all-violence").records
    assert max(r.fatalities for r in records) == 3


def test_a_headline_is_added_unless_the_body_opens_with_its_very_words() -> None:
    from conflictcoder.sources.page import with_headline

    body = "Woman shot dead outside a pharmacy on Grant Street, police said on Monday."
    assert with_headline("Man shot", body) == f"Man shot\n\n{body}"  # not "woMAN SHOT"
    assert with_headline("Woman shot dead", body) == body
    long_title = "Police say " + "the suspect fled on foot " * 15
    assert with_headline(long_title, body) == body  # report text, not a headline
