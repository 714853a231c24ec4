"""The headline an article's text opens with, and how the stages weigh it.

Readers put the headline before the body as its own first paragraph
(:func:`conflictcoder.sources.page.with_headline`): some pages carry the story only there.
A headline repeats the lead in a few words, and is often written before the toll was
final ("Two killed in factory shooting" over a body that says four died) or sums a night
of separate shootings. So an event the body reports is placed, dated and typed where the
body tells it (:mod:`mentions`), and the headline's figures are flagged and count only
when the body gives no toll (:func:`conflictcoder.stages.tolls.count_casualties`).
"""

from __future__ import annotations

import re

from conflictcoder.model import Article

HEADLINE_FLAG = "headline"  # told in the headline: counted only when the body gives no toll
HEADLINE_PART_FLAG = "headline-part"  # "including two children" in the headline: a part of it

# Longer than any headline: a first paragraph (or a title) this long is report text.
MAX_HEADLINE_CHARS = 300
_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """The words of ``text``, lower-cased, one space apart and padded with one, so that
    ``words(a) in words(b)`` tests whole words ("man shot" is not in "woman shot")."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def headline_end(article: Article) -> int:
    """Where the headline paragraph the text opens with ends (0 when it has none).

    The first paragraph is the headline when it is made of the words of the article's
    title, in order: the title less the site's name ("... - KOTV.com") is the headline.
    """
    if not article.title:
        return 0
    end = article.text.find("\n", 0, MAX_HEADLINE_CHARS + 1)
    if end <= 0:
        return 0
    first = words(article.text[:end])
    if first.strip() and first in words(article.title):
        return end
    return 0
