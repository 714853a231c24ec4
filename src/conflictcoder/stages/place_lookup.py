"""How far a place name can run, so that the scanner asks the gazetteer only what it may list.

The scanner reads a name from each capitalised word, trying the longest run of words first
("Police Chief Ali Khan Said", then "Police Chief Ali Khan", ...). Nearly all of those
runs are no name. A run can only be a listed name when the words before its last one begin
some listed name: :func:`name_reach` walks the run from its first word and stops where no
listed name goes on ("police" does, "police chief" does not), so the runs beyond are never
looked up. Where the words' keys do not simply join (a word of another script, a dash that
folds to nothing) the walk gives up and every run is tried, as before: the answer is the
same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from conflictcoder.resources.gazetteer import ARABIC_ARTICLE, name_key, place_stopwords
from conflictcoder.stages.place_tokens import Tokens

_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@lru_cache(maxsize=1024)
def _separates(gap: str) -> bool:
    """Whether the key of "A<gap>B" is A's key, a space and B's: the gap is ASCII, has no
    letter or digit, and something in it becomes a space (apostrophes and backticks vanish)."""
    return (
        gap.isascii()
        and not any(c.isalnum() for c in gap)
        and any(c not in "'`" for c in gap)
    )


def name_reach(
    text: str, toks: Tokens, i: int, limit: int, has_prefix: Callable[[str], bool]
) -> int:
    """How many of the ``limit`` words from word ``i`` a listed name can span: the runs
    longer than that are no name (``has_prefix(key)``: some listed key starts with the key
    and a space)."""
    words = toks.words
    key = name_key(words[i])
    # An Arabic article: the gazetteer also reads the name without it ("Ar Raqqa").
    if not key or ARABIC_ARTICLE.match(key + " "):
        return limit
    starts, ends = toks.starts, toks.ends
    m = 1
    while m < limit:
        following = words[i + m]
        # The runs longer than m words have keys that begin with this key and a space (and
        # so can be listed only if some key does) when the gap makes a space and the next
        # word starts with a letter that stays one.
        gap = text[ends[i + m - 1] : starts[i + m]]
        if following[0] not in _ASCII_LETTERS or not _separates(gap):
            return limit
        if not has_prefix(key):
            return m
        key = f"{key} {name_key(following)}"
        m += 1
    return limit


_TWO_LETTER_POP = 20_000


def two_letter_name(word: str) -> bool:
    """ "Po", "Ho", "Bo": written as a name (a capital, then a small letter), no common word."""
    return (
        len(word) == 2
        and word[0].isupper()
        and word[1].islower()
        and name_key(word) not in place_stopwords()
    )


@lru_cache(maxsize=50_000)  # asked of every name the gazetteer lists, most of them again
def too_short(words: str) -> bool:
    """Initials and acronyms ("D", "BCL", "ODM") are not place names, whatever GeoNames says."""
    letters = [c for c in words if c.isalpha()]
    return len(letters) < 3 or (len(letters) <= 4 and all(c.isupper() for c in letters))
