"""Running totals and coders' counts in a sentence, read apart from the figures that count
people: "the death toll rose to 58", "a third victim has died" (three dead), "fatalities
coded as 4". Each is a figure of its own, the whole toll so far (see :mod:`casualties`).
"""

from __future__ import annotations

import re

from conflictcoder.model import CasualtyKind, Sentence
from conflictcoder.stages.casualty_deaths import NUMERIC_ORDINAL_DEATH
from conflictcoder.stages.casualty_lexicon import _Lexicon, _number, may_match
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


def _totals(
    sentence: Sentence, lex: _Lexicon, lower: str | None = None
) -> list[tuple[int, int, CasualtyKind, str, int]]:
    """Running totals and coders' counts: (start, end, kind, source, value)."""
    text = sentence.text
    lower = text.lower() if lower is None else lower
    out: list[tuple[int, int, CasualtyKind, str, int]] = []
    if any(map(lower.__contains__, _ORDINALS)):
        for match in _ORDINAL_DEATH.finditer(text):  # "a third victim has died": 3 dead
            value = _ORDINALS.index(match.group("ord").lower()) + 2
            out.append((match.start(), match.end(), "killed", "", value))
    if ("th " in lower or "rd " in lower or "nd " in lower) and _NUMERIC_ORDINAL.search(text):
        for match in NUMERIC_ORDINAL_DEATH.finditer(text):  # "5th victim dies": 5 dead
            out.append((match.start(), match.end(), "killed", "", int(match.group("n"))))
    if not may_match(text, lower, lex.total_hints):
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
