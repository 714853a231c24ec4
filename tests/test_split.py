from conflictcoder.model import Article
from conflictcoder.stages.split import split_sentences


def _split(text: str) -> list[str]:
    return [s.text for s in split_sentences(Article(id="a", text=text))]


def test_split_sentences_offsets_point_into_text() -> None:
    text = (
        "Gunmen attacked a checkpoint on Friday. Two soldiers died.\n\n"
        "The army said it would respond."
    )
    article = Article(id="a", text=text)
    for sentence in split_sentences(article):
        assert text[sentence.start : sentence.end] == sentence.text


def test_split_sentences_keeps_abbreviations_and_initials_together() -> None:
    sentences = _split("Lt. Gen. Ahmed Khan said on Jan. 31 that U.S. drones struck. Nobody died.")
    assert sentences == [
        "Lt. Gen. Ahmed Khan said on Jan. 31 that U.S. drones struck.",
        "Nobody died.",
    ]


def test_split_sentences_paragraphs_are_numbered() -> None:
    sentences = split_sentences(Article(id="a", text="First one. Second one.\n\nThird one."))
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert [s.index for s in sentences] == [0, 1, 2]


def test_split_sentences_splits_before_quotes_and_digits() -> None:
    assert _split('He fled. "We were afraid," she said. 12 people were hurt.') == [
        "He fled.",
        '"We were afraid," she said.',
        "12 people were hurt.",
    ]


def test_a_spaced_bar_ends_a_headline_part() -> None:
    article = Article(id="h", text="Roadside bomb | Two soldiers killed near Kidal | Mali news")
    texts = [s.text for s in split_sentences(article)]
    assert texts == ["Roadside bomb |", "Two soldiers killed near Kidal |", "Mali news"]
    assert split_sentences(Article(id="h", text="a|b and c | d"))[0].text == "a|b and c |"
