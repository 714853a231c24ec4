"""Split an article's text into sentences with character offsets.

A rule splitter is enough for wire copy: sentence ends are ``.!?`` followed by
space and an upper-case letter, digit or quote, except after abbreviations
("Gen.", "Jan.", "U.S.") and initials. Paragraphs are blank-line or newline
separated blocks.
"""

from __future__ import annotations

import re

from conflictcoder.model import Article, Sentence

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "pvt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "dept",
        "univ",
        "inc",
        "ltd",
        "co",
        "corp",
        "brig",
        "insp",
        "supt",
        "dist",
        "prov",
        "govt",
        "pres",
        "rev",
        "hon",
        "jr",
        "sr",
    ]
)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
# A sentence ends at ".!?" before a capital, or at a spaced bar, which headlines and titles
# put between their parts ("Rocket attack | Five soldiers killed in Idlib").
_CANDIDATE_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\s+\|(?=\s)")


def _is_abbreviation(text: str, dot_index: int) -> bool:
    """True when the period at ``dot_index`` ends an abbreviation or an initial."""
    if text[dot_index] != ".":
        return False
    word_start = dot_index
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot_index]
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS:
        return True
    # Initials and dotted acronyms: "J.", "U.S", "U.N".
    return (len(word) == 1 and word.isupper()) or ("." in word and len(word) <= 5)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    text = article.text
    sentences: list[Sentence] = []
    for paragraph_index, (p_start, p_end) in enumerate(_paragraphs(text)):
        start = p_start
        for match in _CANDIDATE_END.finditer(text, p_start, p_end):
            if _is_abbreviation(text, match.start()):
                continue
            end = match.end()
            _append(sentences, text, start, end, paragraph_index)
            start = end
        _append(sentences, text, start, p_end, paragraph_index)
    return tuple(sentences)


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, paragraph, text[start:end]))
