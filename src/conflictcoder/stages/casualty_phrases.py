"""Reading the people a quantity counts, and the verb that says what happened to them.

"seven officers of the police station were killed": the noun phrase after a
quantity gives the side (:func:`_noun_phrase`), the verb after it (passive) or
before it (active) gives the kind of harm (:func:`_assign_kind`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictcoder.model import CasualtyKind
from conflictcoder.stages.casualty_lexicon import (
    _CAPTION,
    _GRAMMAR,
    _OBJECT_AFTER,
    _PLURAL_ODD,
    _SPACES,
    _STOP_WORDS,
    _TOKEN,
    _Lexicon,
)
from conflictcoder.stages.casualty_text import _QUOTES, reading


@dataclass(slots=True)
class _NounPhrase:
    end: int
    head: str = ""  # the person noun, lower case ("" when the number stands alone)
    side: str = "unknown"
    actor: str = ""
    rejected: bool = False
    open_head: bool = False  # a noun not in the lexicon: counts only with a clear verb


_GENERIC_HEADS = frozenset(_GRAMMAR["generic_heads"])

_FAMILY_WORDS = frozenset(_GRAMMAR["family_words"])

_SECURITY_WORDS = frozenset(_GRAMMAR["security_words"])

_GROUP_WORDS = frozenset(_GRAMMAR["group_words"])

_DETERMINER_WORDS = frozenset(_GRAMMAR["determiner_words"])


def _of_phrase(text: str, pos: int) -> tuple[str, str, int] | None:
    """'members of the security forces' / 'of the Taliban': the side an 'of' phrase names."""
    match = re.match(r"\s+(?:of|from)\s+(?:the\s+|a\s+|an\s+|his\s+|their\s+)?", text[pos:])
    if not match:
        return None
    words: list[str] = []
    end = pos + match.end()
    for token in _TOKEN.finditer(text, end, end + 70):
        word = token.group(0)
        lower = word.lower()
        if (
            _CAPTION.match(word)
            or lower in _SECURITY_WORDS
            or lower in _GROUP_WORDS
            or (lower in _FAMILY_WORDS)
        ):
            words.append(lower)
            end = token.end()
            continue
        if word in "()" or (
            len(words) < 2
            and lower not in _STOP_WORDS
            and word[0].isalpha()
            and not word.endswith(("ed", "ing"))
        ):
            words.append(lower)
            continue
        break
    if not words:
        return None
    phrase = " ".join(words)
    if any(w in phrase for w in _FAMILY_WORDS):
        return "civilians", "", end
    if any(w in words for w in _SECURITY_WORDS):
        return "security", "", end
    capitals = [w for w in text[pos:end].split() if _CAPTION.match(w)]
    if capitals or any(w in words for w in _GROUP_WORDS):
        return "militants", " ".join(capitals).strip("()"), end
    return None


def _tokens(text: str, pos: int) -> list[tuple[str, int, int]]:
    """Word tokens from ``pos``, skipping a bracketed acronym ("Forces (KDF) soldiers")."""
    endpos = min(len(text), pos + 100)
    window = reading(text).tokens(pos, endpos)
    if not _SKIPPED_MARK.search(text, pos, endpos):
        return window  # no bracket and no quote mark: no token to skip
    out = []
    skip_until = -1
    for word, start, end in window:
        if start < skip_until:
            continue
        if word == "(":
            close = _ACRONYM.match(text, start) or _ASIDE.match(text, start)
            if close:
                skip_until = close.end()
                continue
        if word in _QUOTES:
            continue  # a quoted label: "a 'jihadist recruiter'"
        out.append((word, start, end))
    return out


# Every token the reader skips is one of these characters (tokens of two or more
# characters start with a letter or digit).
_SKIPPED_MARK = re.compile(r"[(" + re.escape(_QUOTES) + "]")


# "Forces (KDF) soldiers", "a Communist Party (Red Flag faction) leader"
_ACRONYM = re.compile(r"\(\s*[A-Z][\w.&-]{0,15}\s*\)|\(\s*[A-Z][\w .&'-]{0,30}\)(?=\s+[a-z])")
# "six police (or seven, by another count) officers": another report's figure, read apart
_ASIDE = re.compile(
    r"\(\s*(?:or|later|initially|originally|earlier|first)\b[^()]{0,60}\)", re.IGNORECASE
)


def _is_modifier(word: str, lex: _Lexicon) -> bool:
    """A word that may stand inside a noun phrase before its head."""
    lower = word.lower()
    return (
        bool(word[0].isalnum())
        and lower not in _STOP_WORDS
        and (lower not in _DETERMINER_WORDS)
        and lower not in lex.passive
        and lower not in lex.active
    )


_AGE = re.compile(r"\d{1,3}-(?:year|month|week)s?-old|year-old|\d{1,3}-yr-old", re.IGNORECASE)

_AGE_WORDS = re.compile(r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:year|month)s?\s+old", re.IGNORECASE)


def _lexicon_head(tokens: list[tuple[str, int, int]], i: int, lex: _Lexicon) -> int:
    """How many tokens from ``i`` form a person noun of the lexicon (0 when none); an age
    ("the 15-year-old", "a two year old") stands for a person too."""
    word = tokens[i][0]
    if "-" in word and _AGE.fullmatch(word):
        return 1
    if (
        i + 3 <= len(tokens)
        and tokens[i + 2][0].lower() == "old"  # what the pattern ends with: a cheap test first
        and _AGE_WORDS.fullmatch(" ".join(t[0] for t in tokens[i : i + 3]))
    ):
        return 3
    if word.lower() not in lex.side_firsts:
        return 0  # no person noun of the lexicon starts with this word
    for size in (3, 2, 1):
        if i + size <= len(tokens):
            phrase = " ".join(t[0].lower() for t in tokens[i : i + size])
            if phrase in lex.sides:
                return size
    return 0


# Determiners that count only a person noun of the lexicon ("the soldiers", not "the
# attack"): an open or a rejected phrase after them counts no one (see casualties).
KNOWN_HEAD_DETERMINERS = frozenset({"the", "its", "this", "that", "their"})


_NUMERAL = re.compile(r"[\d,]+")


def _noun_phrase(text: str, pos: int, singular: bool, lex: _Lexicon) -> _NounPhrase:
    """Read the people a quantity counts, from ``pos`` on: modifiers and a head noun.

    The head is the last person noun of the phrase ("police members", "local leader");
    a generic head ("members", "men") takes its side from the noun before it or from
    an 'of' phrase after it. A phrase whose nouns are all unknown is kept as an open
    head: it counts only with a clear verb of harm ("a rider was killed")."""
    tokens = _tokens(text, pos)
    modifiers: list[str] = []
    heads: list[tuple[str, int]] = []  # (phrase, end)
    i = 0
    if tokens and tokens[0][0].lower() == "of":
        if len(tokens) > 1 and tokens[1][0].lower() in ("them", "whom", "those", "these", "us"):
            return _NounPhrase(tokens[1][2], head="them")
        i = 1
        if i < len(tokens) and tokens[i][0].lower() in ("the", "those", "these", "a", "an"):
            i += 1
    while i < len(tokens) and len(modifiers) + len(heads) < 6:
        word, _start, end = tokens[i]
        lower = word.lower().strip(".")
        if heads and lower in lex.passive:
            break  # "officers dead": the verb, not a second noun
        size = (
            _lexicon_head(tokens, i, lex)
            if "-" in word  # the cheap part of _lexicon_head's tests: most words pass none
            or word.lower() in lex.side_firsts
            or (i + 2 < len(tokens) and tokens[i + 2][0].lower() == "old")
            else 0
        )
        if size:
            phrase = " ".join(t[0].lower() for t in tokens[i : i + size])
            if phrase not in lex.sides:
                phrase = "year-old"  # an age standing for a person
            heads.append((phrase, tokens[i + size - 1][2]))
            i += size
            continue
        if lower in lex.nonpersons:
            if i + 1 < len(tokens) and _is_modifier(tokens[i + 1][0], lex):
                modifiers.append(word)  # "cattle rustlers", "bus passengers", "12 year old"
                i += 1
                continue
            return _NounPhrase(end, rejected=True)
        if (
            heads
            and _is_modifier(word, lex)
            and any(_lexicon_head(tokens, j, lex) for j in range(i + 1, min(i + 3, len(tokens))))
            and all(_is_modifier(t[0], lex) for t in tokens[i : i + 2])
        ):
            heads.pop()  # "Christian church leader": the first noun was a modifier
            continue
        if heads and heads[-1][0] == "year-old" and word.islower() and _is_modifier(word, lex):
            heads[-1] = ("year-old", end)  # "his 3-year-old grandson": the age names the person
            i += 1
            continue
        if (
            lower in _STOP_WORDS
            or lower in _DETERMINER_WORDS
            or lower in lex.passive
            or lower in lex.active
            or not word[0].isalnum()
            or heads
        ):
            break
        if _NUMERAL.fullmatch(word):  # "one of the 12 soldiers": the head decides
            modifiers.append(word)
            i += 1
            continue
        modifiers.append(word)
        i += 1
    if heads:
        phrase, head_end = heads[-1]
        side = lex.sides.get(phrase, "unknown")
        last = phrase.split()[-1]
        if last in _GENERIC_HEADS and len(heads) > 1:
            side = lex.sides.get(heads[-2][0], "unknown")
        actor = " ".join(m for m in modifiers if _CAPTION.match(m))
        if singular and _is_plural(phrase):
            return _NounPhrase(head_end, rejected=True)
        if last in _GENERIC_HEADS or last in ("cadres", "cadre", "fighters", "militants"):
            named = _of_phrase(text, head_end)
            if named and (last in _GENERIC_HEADS or named[0] == "militants"):
                return _NounPhrase(named[2], phrase, named[0], named[1] or actor)
        return _NounPhrase(head_end, phrase, side, actor)
    if singular and modifiers and all(_CAPTION.match(m) for m in modifiers):
        return _NounPhrase(pos, rejected=True)  # "that Jeremiah Ross died": a name, read apart
    if modifiers and all(_CAPTION.match(m) for m in modifiers) and len(modifiers) <= 2:
        # "killing 15 Taliban": a proper name stands for the people
        return _NounPhrase(tokens[i - 1][2], head="", actor=" ".join(modifiers))
    if modifiers:
        words = [m.lower() for m in modifiers]
        if singular and words[-1].endswith("s") and not words[-1].endswith("ss"):
            return _NounPhrase(pos, rejected=True)
        return _NounPhrase(tokens[i - 1][2], head=words[-1], open_head=True)
    if singular:
        return _NounPhrase(pos, rejected=True)
    return _NounPhrase(pos)


def _is_plural(phrase: str) -> bool:
    last = phrase.split()[-1]
    return last.endswith("s") or last in _PLURAL_ODD or last.endswith("men")


@dataclass(slots=True)
class _Candidate:
    start: int  # sentence-relative
    end: int
    low: int
    best: int
    high: int
    np: _NounPhrase
    vague: bool
    kind: CasualtyKind | None = None
    how: str = ""  # passive, active, chain, part, noun
    part: bool = False
    kind_start: int = -1
    kind_end: int = -1
    parent: int = -1  # for a part: the figure it is part of
    numeral: bool = False  # counted by a number ("four"), not by an article ("a")
    implied: bool = False  # a death told by a noun only ("a fatal shooting"): a fallback


_IMPLIED_KILLED = frozenset(_GRAMMAR["implied_killed"])


def _side(np: _NounPhrase) -> str:
    if np.head in ("", "them") or np.open_head:
        return "militants" if np.actor and not np.head else "unknown"
    return np.side


_BE = re.compile(r"\b(?:were|was|are|is|been|being|be|got|get|gets)\b", re.IGNORECASE)

_INTRANSITIVE = frozenset(_GRAMMAR["intransitive"])


_AND_DIED = re.compile(
    r"(?:\s*,[^;.]{0,80}?,)?\s+(?:[\w'’-]+\s+){0,10}?and\s+(?:later\s+|then\s+|eventually\s+)?"
    r"(?P<verb>died|was\s+pronounced\s+dead)\b",
    re.IGNORECASE,
)


# "Teen shot in Miami dies", "a man who was stabbed outside a bar has died": hurt, then dead
_HURT_THEN_DIED = re.compile(
    r"\s+(?:(?:who|that)\s+(?:was|were|had\s+been)\s+)?(?:shot|stabbed|wounded|injured|hurt)\b"
    r"(?:\s+[\w'’.-]+){0,8}?\s*,?\s+(?:(?:has|have|later|then)\s+)?"
    r"(?P<verb>dies|died|succumbs|succumbed)\b",
    re.IGNORECASE,
)


# Kinds named by a noun: they follow their people directly ("five deaths"), never past
# a phrase between ("suspects in the shooting death")
_NOUN_KINDS = frozenset(("death", "deaths", "fatalities", "fatality", "injuries", "injury"))
_PLACE_GAP = re.compile(r"\s+(?:of|from|belonging\s+to|in|at|near|inside|aboard)\s", re.IGNORECASE)


_EITHER_OR = re.compile(
    r"\s+(?:and/)?or\s+(?:were\s+|was\s+)?(?:injured|wounded|hurt|missing|captured)\b"
)
_ALMOST = re.compile(
    r"\b(?:almost|nearly|narrowly|attempted\s+to|tried\s+to)\s+$", re.IGNORECASE
)


def _kind_gates(text: str, lex: _Lexicon) -> tuple[object, int, int, int, int, int, int, int]:
    """Where the patterns of :func:`_assign_kind` may match in a sentence, read once from
    their required strings (casualty_text.Reading): the last position each pattern tried
    at a position may match from (the hurt-then-died, passive and and-died ones), and the
    windows of the two searched before a figure (left, active)."""
    read = reading(text)
    key = ("kind gates", id(lex))
    gates = read.memo.get(key)
    if gates is None or gates[0] is not lex:  # type: ignore[index]
        passive_to = read.last_start(lex.passive_re)
        if passive_to >= 0:  # (below 0, any bound below 0 reads the same: no position)
            # passive_re ends in one of the passive verbs, a whole word: none starts after
            # the shortest one before the end of the last (found first reversed)
            last_verb = lex.passive_verb_reversed.search(text[::-1])
            verb_to = -1 if last_verb is None else len(text) - last_verb.start()
            passive_to = min(passive_to, verb_to - lex.passive_verb_shortest)
        gates = read.memo[key] = (
            lex,
            read.last_start(_HURT_THEN_DIED),
            passive_to,
            read.last_start(_AND_DIED),
            *read.window(lex.left_re),
            *read.window(lex.active_re),
        )
    return gates  # type: ignore[return-value]


def passive_limit(text: str, lex: _Lexicon) -> int:
    """A position past which no figure can get a passive reading from :func:`_assign_kind`
    (none of the patterns that give one can match from there)."""
    gates = _kind_gates(text, lex)
    return max(gates[1], gates[2], gates[3])


def may_read_passive(text: str, end: int, lex: _Lexicon) -> bool:
    """False only when :func:`_assign_kind` cannot read a figure whose noun phrase ends at
    ``end`` as passive: none of the three patterns that give that reading matches there."""
    _, hurt_to, passive_to, died_to, *_ = _kind_gates(text, lex)
    return bool(
        (end <= hurt_to and _HURT_THEN_DIED.match(text, end))
        or (end <= passive_to and lex.passive_re.match(text, end))
        or (end <= died_to and _AND_DIED.match(text, end))
    )


def _assign_kind(c: _Candidate, text: str, lex: _Lexicon) -> None:
    # Each pattern is tried only where its required strings allow a match (_kind_gates).
    _, hurt_to, passive_to, died_to, left_lo, left_hi, active_lo, active_hi = _kind_gates(
        text, lex
    )
    low = max(0, c.start - 60)
    before = text[low : c.start]
    left = lex.left_re.search(before) if c.start >= left_lo and low <= left_hi else None
    if left:
        kind_word = re.match(
            r"\s*(dead|killed|to\s+death|injured|wounded|hurt|missing)\b", text[c.np.end :]
        )
        if kind_word:
            word = kind_word.group(1).lower()
            c.kind = (
                "killed"
                if word in ("dead", "killed") or word.startswith("to")
                else ("abducted" if word == "missing" else "injured")
            )
            c.how = "active"
            c.kind_start = c.start - len(before) + left.start()
            c.kind_end = c.np.end + kind_word.end()
            return
    end = c.np.end
    later = _HURT_THEN_DIED.match(text, end) if end <= hurt_to else None
    if later and not (c.np.open_head and not c.np.head):
        c.kind, c.how = "killed", "passive"
        c.kind_start, c.kind_end = later.start("verb"), later.end("verb")
        return
    after = lex.passive_re.match(text, end) if end <= passive_to else None
    if (
        after
        and _SPACES.sub(" ", after.group("verb").lower()) in _NOUN_KINDS
        and _PLACE_GAP.match(text, c.np.end)
    ):
        after = None  # "the suspects in the shooting death": a noun of death, no verb of it
    if after and _EITHER_OR.match(text, after.end()):
        return  # "killed or wounded": not said how many died
    if after:
        verb = _SPACES.sub(" ", after.group("verb").lower())
        be = _BE.search(text, c.np.end, after.start("verb"))
        transitive = (
            not be and verb not in _INTRANSITIVE and _OBJECT_AFTER.match(text[after.end() :])
        )
        if not transitive and not be and verb not in _INTRANSITIVE and c.np.head:
            # headline style "Deputy fatally shot teen": a bare person noun is the object
            # (after a bare number the verb is an adjective: "20 wounded people")
            obj = _noun_phrase(text, after.end(), False, lex)
            transitive = bool(obj.head) and not (obj.open_head or obj.rejected) and (
                obj.head in lex.sides and not text[after.end() : after.end() + 1].isalnum()
            )
        kind = lex.passive[verb]
        clear = be or verb in _INTRANSITIVE
        if c.numeral and kind == "killed" and after.start("verb") - c.np.end <= 1:
            clear = True  # headline style "Four engineers killed in raid": a number, a verb
        if not transitive and (not c.np.open_head or (kind in ("killed", "injured") and clear)):
            c.kind = kind
            c.how, c.kind_start, c.kind_end = "passive", after.start("verb"), after.end("verb")
            return
    died = _AND_DIED.match(text, end) if end <= died_to else None
    if died and not (c.np.open_head and not c.np.head):
        c.kind, c.how = "killed", "passive"  # "Cade Booher, 16, was in the back seat and died"
        c.kind_start, c.kind_end = died.start("verb"), died.end("verb")
        return
    active = lex.active_re.search(before) if c.start >= active_lo and low <= active_hi else None
    if active and _ALMOST.search(before, 0, active.start()):
        return  # "nearly killed him": he lived
    if active:
        strong = _strong_bare(active.group("verb"))
        if (c.np.head and not c.np.open_head) or c.np.actor or strong:
            if c.np.open_head and not c.np.head and not strong:
                return
            c.kind = lex.active[_SPACES.sub(" ", active.group("verb").lower())]
            c.how, c.kind_start = "active", c.start - len(before) + active.start()
            c.kind_end = c.start
            return
    if c.np.head in _IMPLIED_KILLED and not c.np.open_head:
        c.kind, c.how = "killed", "noun"


_WEAK_ACTIVE = frozenset(_GRAMMAR["weak_active"])


def _strong_bare(verb: str) -> bool:
    """A verb clear enough to count people named by an unknown noun ("killed a rider")."""
    return _SPACES.sub(" ", verb.lower()) not in _WEAK_ACTIVE
