"""Running totals and coders' counts in a sentence, read apart from the figures that count
people: "the death toll rose to 58", "a third victim has died" (three dead), "fatalities
coded as 4". Each is a figure of its own, the whole toll so far (see :mod:`casualties`).
"""

from __future__ import annotations

import re

from conflictcoder.model import CasualtyKind, Sentence
from conflictcoder.stages.casualty_deaths import NUMERIC_ORDINAL_DEATH
from conflictcoder.stages.casualty_lexicon import _CASE_ODD, _Lexicon, _number
from conflictcoder.stages.tolls import CODER_SOURCE

_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL_DEATH = re.compile(  # "the fifth youth died" may be the fifth one wounded
    rf"\b(?:a\s+|the\s+(?=\w+\s+(?:\w+\s+)?also\b))(?P<ord>{'|'.join(_ORDINALS)})\s+"
    r"(?:(?:person|victim|man|woman|teen|teenager|child|boy|girl|officer|soldier|policeman|civilian|individual|student|resident)\b)?"
    r"\s*(?:,[^,;.]{1,40},\s*)?(?:(?:has|have|had)\s+)?(?:also\s+|later\s+|since\s+|now\s+)?"
    r"(?:died|dies|succumbed|(?:was|been)\s+(?:killed|pronounced\s+dead|found\s+dead))\b",
    re.IGNORECASE,
)


_NUMERIC_ORDINAL = re.compile(r"[2-9](?:nd|rd|th)", re.IGNORECASE)  # in every ordinal death


# Every ordinal death ends in one of these ("a third victim has died", "5th person dies").
_DEATH_WORDS = ("die", "dead", "killed", "succumb")
# The verbs that raise a total ("bringing the total to 12") and the nouns that name a toll
# only beside another word ("body count", "number of dead"): see lex.total_re.
_RAISING = ("bringing", "taking", "raising", "pushing", "put", "brought", "took", "raised",
            "pushed", "set")
_COUNTED = ("dead", "death", "fatalities", "victims", "casualties", "injured", "wounded",
            "killed")


# The words the tests below look for first: a sentence's scan for the casualty gate finds
# them with the hints of harm (casualty_gate.sentence_words), in the same pass.
TOTAL_WORDS = (
    *_DEATH_WORDS, *_ORDINALS, "toll", "coded", "count", "figure", "number", "total",
    "fatalities",
)


def _may_die(text: str, lower: str, words: frozenset[str] | None = None) -> bool:
    """False only when no ordinal death can match: none of its verbs is there (``words``:
    those of TOTAL_WORDS that ``lower`` holds, when already found)."""
    if words is not None:
        return not words.isdisjoint(_DEATH_WORDS)
    if not text.isascii() and not _CASE_ODD.isdisjoint(text):
        return True  # letters that fold apart when case is ignored: the patterns decide
    return any(map(lower.__contains__, _DEATH_WORDS))


def _may_total(text: str, lower: str, words: frozenset[str] | None = None) -> bool:
    """False only when neither lex.total_re nor lex.coded_re can match ``text``: a toll
    noun ("toll", "body count", "casualty figure", "number of dead") or a raised total
    ("bringing the total to") is needed for the one, "coded" for the other."""
    if words is not None:
        has = words.__contains__
    elif not text.isascii() and not _CASE_ODD.isdisjoint(text):
        return True  # letters that fold apart when case is ignored: the patterns decide
    else:
        has = lower.__contains__
    return (
        has("toll")
        or has("coded")
        or (has("count") and ("body" in lower or "casualty" in lower or "fatality" in lower))
        or (has("figure") and "casualty" in lower)
        or (has("number") and any(map(lower.__contains__, _COUNTED)))
        or ((has("total") or has("fatalities")) and any(map(lower.__contains__, _RAISING)))
    )


def _totals(
    sentence: Sentence,
    lex: _Lexicon,
    lower: str | None = None,
    words: frozenset[str] | None = None,
) -> list[tuple[int, int, CasualtyKind, str, int]]:
    """Running totals and coders' counts: (start, end, kind, source, value). ``words``:
    those of TOTAL_WORDS the sentence holds, when already found (None: read here)."""
    text = sentence.text
    lower = text.lower() if lower is None else lower
    out: list[tuple[int, int, CasualtyKind, str, int]] = []
    dies = _may_die(text, lower, words)
    if dies and (
        any(map(lower.__contains__, _ORDINALS))
        if words is None
        else not words.isdisjoint(_ORDINALS)
    ):
        for match in _ORDINAL_DEATH.finditer(text):  # "a third victim has died": 3 dead
            value = _ORDINALS.index(match.group("ord").lower()) + 2
            out.append((match.start(), match.end(), "killed", "", value))
    if (
        dies
        and ("th " in lower or "rd " in lower or "nd " in lower)
        and _NUMERIC_ORDINAL.search(text)
    ):
        for match in NUMERIC_ORDINAL_DEATH.finditer(text):  # "5th victim dies": 5 dead
            out.append((match.start(), match.end(), "killed", "", int(match.group("n"))))
    if not _may_total(text, lower, words):
        # no toll noun and no total raised: neither pattern below can match
        return out
    for match in lex.total_re.finditer(sentence.text):
        q = "q" if match.group("q") else "q2"
        noun = (match.group("noun") or match.group("noun2") or "").lower()
        value = _number(
            re.sub(
                r"^(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+",
                "",
                match.group(q),
                flags=re.IGNORECASE,
            )
        )
        if value is None:
            continue
        kind: CasualtyKind = "injured" if re.search(r"injur|wound", noun) else "killed"
        out.append((match.start(), match.end(), kind, "", value))
    for match in lex.coded_re.finditer(sentence.text):
        value = _number(
            re.sub(
                r"^(?:at\s+least|more\s+than|over|nearly|about|around|some)\s+",
                "",
                match.group("q"),
                flags=re.IGNORECASE,
            )
        )
        if value is not None:
            out.append((match.start(), match.end(), "killed", CODER_SOURCE, value))
    return out
