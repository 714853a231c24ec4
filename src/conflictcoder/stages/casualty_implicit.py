"""Figures without a number: the people a report names or implies one by one.

"Jane Roe was shot dead", "his body was found", headline style "Gunmen kill soldier",
"assassinated Jane Roe", "abducted five farmers and killed them", "killing three, then
killed himself": each counts one person (or the people counted before) with the kind
of harm its verb says.
"""

from __future__ import annotations

import re
from functools import cache

from conflictcoder.stages.casualty_lexicon import _STOP_WORDS, _Lexicon
from conflictcoder.stages.casualty_phrases import (
    _DETERMINER_WORDS,
    _IMPLIED_KILLED,
    _assign_kind,
    _Candidate,
    _is_plural,
    _noun_phrase,
    _NounPhrase,
    may_read_passive,
    passive_limit,
)
from conflictcoder.stages.casualty_text import may_name_known_person, reading

_NAME = re.compile(
    r"(?<![\w.’'-])[A-Z][a-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z’'.-]+){0,2}"
    r"(?:,?\s+(?:Jr\.?|Sr\.?|II|III|IV)(?=[\s,.;:]|$))?(?![\w-])"  # "Atu Poe II"
)


_NOT_A_NAME = frozenset(
    [
        "on",
        "in",
        "at",
        "police",
        "officials",
        "authorities",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "reuters",
        "afp",
    ]
)


# After a name: an age in commas ("Ryan Welch, 4, died"), a plain report of the death.
_AGE_AFTER = re.compile(r",\s*\d{1,3},")
_PLAIN_DEATH = re.compile(
    r"\s+(?:was|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:killed|shot\s+dead"
    r"|shot\s+to\s+death|murdered|pronounced\s+dead)\b|\s+died\b"
)


def _named_people(text: str, found: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """A named person with a clear verb of harm: "Eric Brown was killed", "Ryan Welch, 4, died".
    One word counts only with an age beside it ("Kaleb, 2, died")."""
    out: list[_Candidate] = []
    limit = passive_limit(text, lex)  # only a passive reading keeps a name (_assign_kind)
    if limit < 0:
        return out
    for match in _NAME.finditer(text):
        if match.end() > limit:
            break  # names come in text order: none after this one reads as passive
        words = match.group(0).split()
        first = words[0].lower()
        if first in _NOT_A_NAME or first in _STOP_WORDS or first in _DETERMINER_WORDS:
            continue
        if any(w.lower() in lex.sides or w.lower() in lex.passive for w in words):
            continue
        if any(c.start <= match.start() < c.np.end for c in found):
            continue
        age = _AGE_AFTER.match(text, match.end())
        plain = _PLAIN_DEATH.match(text, match.end())
        if len(words) == 1 and not age and not plain:
            continue
        if not may_read_passive(text, match.end(), lex):
            continue  # none of the patterns that give a passive reading matches after it
        np = _NounPhrase(match.end(), head=first, open_head=True)
        start, count = _names_before(text, match.start())
        candidate = _Candidate(start, match.end(), count, count, count, np, False)
        _assign_kind(candidate, text, lex)
        if candidate.how == "passive":
            out.append(candidate)
    return out


# One earlier name of a list that ends in the named person: "Jo Poe, 22, and Al Roe, 30,
# were shot dead", "Ann Lee, 31; Tim Ray, 19; and Bo Kay, 25, died"
_LIST_ITEM = re.compile(
    r"(?:\b\d{1,3}-year-old\s+)?(?P<name>[A-Z][A-Za-z’'-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][A-Za-z’'.-]+){0,3})"
    r"(?P<age>\s*,\s*(?:\d{1,3}|[a-z]+\s+years?\s+old)(?:\s+and\s+[a-z]+)?)?"
    r"(?P<joint>\s*[,;]\s*(?:and\s+)?|\s+and\s+)(?:\d{1,3}-year-old\s+)?$"
)


def _names_before(text: str, start: int) -> tuple[int, int]:
    """Where a list of named people ending at ``start`` begins, and how many it names. A
    bare comma joins two names only when an age marks them as people ("Dallas, Jo Poe")."""
    count = 1
    while True:
        item = _LIST_ITEM.search(text, max(0, start - 90), start)
        if item is None:
            return start, count
        words = item.group("name").split()
        if words[0].lower() in _NOT_A_NAME or words[0].lower() in _STOP_WORDS:
            return start, count
        if words[0].lower() in _DETERMINER_WORDS:
            return start, count
        if not item.group("age") and "and" not in item.group("joint") and ";" not in item.group(
            "joint"
        ):
            return start, count
        start, count = item.start(), count + 1


_BODY_FOUND = re.compile(
    r"\b(?:found|recovered|discovered|retrieved|exhumed|fished\s+out)\s+(?:the\s+|a\s+)?"
    r"(?:[\w-]+\s+){0,2}?body\b"
    r"|\bbody\s+(?:of\s+[^,.;]{1,60}?\s+)?(?:was|has\s+been|had\s+been|is)\s+"
    r"(?:[a-z]+ly\s+|later\s+)?(?:found|discovered|recovered|dumped|retrieved|exhumed)\b",
    re.IGNORECASE,
)


def _found_bodies(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """'His body was found', 'police recovered the body of a trader': one person dead."""
    out = []
    for match in reading(text).finditer(_BODY_FOUND):
        if any(c.kind and c.start <= match.start() < max(c.np.end, c.kind_end) for c in found):
            continue
        np = _NounPhrase(match.end(), head="body")
        candidate = _Candidate(match.start(), match.end(), 1, 1, 1, np, False, kind="killed")
        candidate.how, candidate.kind_start, candidate.kind_end = "noun", match.start(), match.end()
        out.append(candidate)
    return out


# A headline's label before its report: "Police: ", "UPDATE: ", "Sheriff's office: "
_LABEL = re.compile(r"(?:[A-Z][\w.'’&-]*\s+){0,3}[A-Z][\w.'’&-]*:\s+(?=[A-Z0-9])")


def _bare_singular(text: str, lex: _Lexicon) -> _Candidate | None:
    """Headline style, no article: "Teenage boy killed by raiders" counts one person."""
    label = _LABEL.match(text)
    start = label.end() if label else 0
    if not text[start : start + 1].isupper() or lex.quantity.match(text, start):
        return None
    if start > passive_limit(text, lex) or not may_name_known_person(text, start, lex):
        return None  # kept only when read as passive, of a person noun of the lexicon (below)
    np = _noun_phrase(text, start, True, lex)
    if np.rejected or np.open_head or not np.head or np.head in _IMPLIED_KILLED:
        return None
    count = 1
    while (joint := _LIST_JOINT.match(text, np.end)) is not None:  # "Husband, wife and baby"
        more = _noun_phrase(text, joint.end(), True, lex)
        if more.rejected or more.open_head or not more.head or more.head not in lex.sides:
            break
        np, count = more, count + 1
    candidate = _Candidate(start, np.end, count, count, count, np, False)
    _assign_kind(candidate, text, lex)
    return candidate if candidate.how == "passive" else None


_LIST_JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


# What may follow a name that a verb of killing names: the end of the clause, not a noun
# ("killed Al Shabaab militants" counts the militants, not a person named Al Shabaab).
_AFTER_NAME = re.compile(
    r"\s*(?:[,.;:(]|$)|\s+(?:in|on|at|near|and|who|while|after|during|outside|inside|from|as"
    r"|with|late|early|overnight|last)\b"
)


_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.IGNORECASE)


def _bare_objects(text: str, found: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """One person killed, named by a verb of killing with no number: headline style "Gunmen
    kill soldier", "Mob kills suspected robber", or a name, "assassinated Jane Roe"."""
    out = []
    for match in reading(text).finditer(lex.kill_verb_re):
        pos = match.end()
        if lex.quantity.match(text, pos) or any(c.start <= pos < c.np.end for c in found):
            continue  # a number or an article follows: the quantity reader has it
        if _ARTICLE_BEFORE.search(text, max(0, match.start() - 6), match.start()):
            continue  # "a killed reporter": an adjective, not a report of a killing
        # only a person noun of the lexicon counts here: skip the reading when none can follow
        np = _noun_phrase(text, pos, True, lex) if may_name_known_person(text, pos, lex) else None
        person = np is not None and not (
            np.rejected or np.open_head or not np.head or np.head in _IMPLIED_KILLED
        )
        if person and np is not None and np.head in lex.sides and not _is_plural(np.head):
            out.append(_killed_one(pos, np, match.start()))
            continue
        name = _NAME.match(text, pos)
        if name is None:
            continue
        if len(name.group(0).split()) < 2:
            # headline style, a people's name for one of them: "Drone kills Palestinian in Gaza"
            if name.group(0).lower() in _person_demonyms() and _AFTER_NAME.match(text, name.end()):
                named = _NounPhrase(name.end(), head=name.group(0).lower(), open_head=True)
                out.append(_killed_one(pos, named, match.start()))
            continue
        words = [w.lower() for w in name.group(0).split()]
        if words[0] in _NOT_A_NAME or words[0] in _STOP_WORDS or words[0] in _DETERMINER_WORDS:
            continue
        if any(w in lex.sides or w in lex.passive or w in lex.nonpersons for w in words):
            continue
        if _AFTER_NAME.match(text, name.end()):
            named = _NounPhrase(name.end(), head=words[0], open_head=True)
            out.append(_killed_one(pos, named, match.start()))
    return out


@cache
def _person_demonyms() -> frozenset[str]:
    """Demonyms that name one person as a noun ("an Afghan", "a Palestinian"); those that
    do not ("British", "Chinese", "Swiss": "the Chinese" are many) are left out."""
    from conflictcoder.resources.actor_index import read_countries

    return frozenset(
        d.lower()
        for country in read_countries()
        for d in country.demonyms
        if not d.lower().endswith(("ese", "sh", "ch", "ss", "ois"))
    )


def _killed_one(start: int, np: _NounPhrase, verb_start: int) -> _Candidate:
    candidate = _Candidate(start, np.end, 1, 1, 1, np, False, kind="killed")
    candidate.how, candidate.kind_start, candidate.kind_end = "active", verb_start, start
    return candidate


_THEM = re.compile(r"(?:all\s+(?:of\s+)?|both\s+(?:of\s+)?)?them\b", re.IGNORECASE)


def _killed_them(text: str, found: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """'abducted five farmers and killed them': the people counted before, now dead."""
    out = []
    for match in reading(text).finditer(lex.kill_verb_re):
        them = _THEM.match(text, match.end())
        if them is None:
            continue
        before = [c for c in found if c.np.end <= match.start() and c.kind != "killed"]
        counted = [c for c in before if c.best > 1 and c.np.head and not c.np.open_head]
        if not counted or counted[-1] is not before[-1]:
            continue  # "them" must point at the nearest people counted before it
        antecedent = counted[-1]
        candidate = _Candidate(
            match.start(), them.end(), antecedent.low, antecedent.best, antecedent.high,
            _NounPhrase(them.end(), antecedent.np.head, antecedent.np.side, antecedent.np.actor),
            antecedent.vague, kind="killed",
        )
        candidate.how = "active"
        candidate.kind_start, candidate.kind_end = match.start(), them.end()
        out.append(candidate)
    return out


SELF_KILLED = re.compile(  # the attacker's own death; tolls.py reads it too
    r"\b(?:(?:killed|killing|kills|kill|fatally\s+shot|fatally\s+shooting|fatally\s+shoots)\s+"
    r"(?:himself|herself)|(?:shot|shooting|shoots)\s+(?:himself|herself)\s+(?:dead|to\s+death)"
    r"|turn(?:ed|ing|s)?\s+the\s+(?:gun|weapon|rifle|pistol|handgun)\s+on\s+(?:himself|herself)"
    r"|t(?:ook|aking|akes)\s+(?:his|her)\s+own\s+life)\b",
    re.IGNORECASE,
)


def _self_killed(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """'killing three, then killed himself': the attacker, one more dead after others."""
    out = []
    for match in reading(text).finditer(SELF_KILLED):
        if any(c.kind and c.start <= match.start() < max(c.np.end, c.kind_end) for c in found):
            continue
        if not any(c.kind == "killed" and c.np.end <= match.start() for c in found):
            continue  # only after the killing of others ("a boy fatally shot himself": one)
        np = _NounPhrase(match.end(), head="others")  # on top of the victims (tolls: additive)
        candidate = _Candidate(match.start(), match.end(), 1, 1, 1, np, False, kind="killed")
        candidate.how, candidate.kind_start, candidate.kind_end = "noun", match.start(), match.end()
        out.append(candidate)
    return out


# The next person of a list after one counted with an article or a possessive: "his wife,
# his son and his mother", "a mother, son and little girl", "his fiancee, Jo Poe, 34, and
# their son" (a name and age in apposition name the person before them, not another).
_NEXT_PERSON = re.compile(
    r"(?P<appos>\s*,\s*[A-Z][A-Za-z’'.-]+(?:\s+[A-Z][A-Za-z’'.-]+){0,3}(?:\s*,\s*\d{1,3})?)?"
    r"(?P<joint>\s*;\s*(?:and\s+)?|\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?P<det>(?:his|her|their|[A-Z][A-Za-z’'-]+['’]s)\s+)?"
    r"(?:\d{1,3}-(?:year|month)-old\s+|(?:little|young|teenage|infant|baby|unborn|older|younger"
    r"|elder|eldest|youngest|adult|grown)\s+)?"
)


def listed_people(text: str, end: int, lex: _Lexicon) -> tuple[int, int]:
    """How many more people a list names after a counted person ending at ``end``, and
    where the list ends. A bare comma goes on a list only when a possessive follows ("his
    wife, his son") or the list closes with "and" ("a mother, son and little girl"); a comma
    and an article is an apposition ("his father, a police officer": one person)."""
    count, pending = 0, 0
    pending_end = end
    while (item := _NEXT_PERSON.match(text, end)) is not None:
        if not item.group("det") and lex.quantity.match(text, item.end()):
            break  # "and another villager died": a figure of its own
        if not may_name_known_person(text, item.end(), lex):
            break  # no person noun of the lexicon can follow: the test below fails
        np = _noun_phrase(text, item.end(), True, lex)
        if np.rejected or np.open_head or not np.head or np.head not in lex.sides:
            break
        if _is_plural(np.head):
            break
        joint = item.group("joint")
        if "and" in joint or ";" in joint or item.group("det"):
            count, pending = count + pending + 1, 0
            pending_end = np.end
        else:
            pending += 1
        end = np.end
    return count, pending_end
