"""Place names in running text: capitalised sequences the gazetteer lists, with their cues.

A name is a place candidate when the gazetteer knows it; the words around it say how it
is written: "in X" or "X district" (a locative cue: where something happened), "near X"
or "5 km west of X" (near), "the town of X" (its kind). Names that read as people or
organisations ("Ali Khan said", "Mr Mark") and common words that GeoNames also lists
("Police", "Victoria") are flagged here and judged by the resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictcoder.resources.gazetteer import Gazetteer, Hit, name_key, place_stopwords


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’\u00c0-\u024f]*(?:-[\w'’\u00c0-\u024f]+)*")
_CONNECTORS = _words(
    "de del la las los le les do da dos das di du al el ez ed es ul e and of sur sul upon on an"
)
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|az|at|an|ed|es|ez|ul)-[A-Z]")
_MAX_TOKENS = 6
_DIRECTIONS = _words("north south east west northern southern eastern western central")
CITY_WORDS = _words(
    "city town village hamlet settlement locality suburb neighbourhood neighborhood ward"
    " quarter community camp bazaar bazar market"
)
ADMIN1_WORDS = _words(
    "province provinces region state governorate oblast division prefecture department territory"
)
ADMIN2_WORDS = _words(
    "district districts county raion rayon tehsil zila upazila municipality subdistrict agency"
    " sub-division subdivision block mandal taluka circle township commune"
)
KIND_WORDS = CITY_WORDS | ADMIN1_WORDS | ADMIN2_WORDS | frozenset(("area", "areas"))
# "the port of X", "the outskirts of X": X is written as a place.
_OF_CUES = KIND_WORDS | _words("port capital outskirts suburbs suburb heart centre center")

_OF_WORD = re.compile(r"\b([a-z]+) of\s*\Z")
_STRONG_LOCATIVE = _words("in at near outside inside across around outskirts")
_LOCATIVE = _STRONG_LOCATIVE | _words("from to of into towards toward between")
_NEAR_CUES = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts of|\boutside(?: of)?|\bclose to|\bvicinity of|\bon the road"
    r" (?:to|from|between)|\bkm\b[^.;]{0,25}\b(?:of|from)|\bkilomet(?:er|re)s?\b[^.;]{0,25}\b"
    r"(?:of|from)|\bmiles?\b[^.;]{0,25}\b(?:of|from)|\bsuburbs? of|\bborder(?:s)? of)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FOLLOWERS_PERSON = _words("said says told added stated claimed noted")
_ORG_WORDS = _words(
    "police army airport university hospital district province region state city town county"
    " village division governorate oblast raion road highway street market camp border valley"
    " river bridge station area areas press times post news"
)
_CALENDAR = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may"
    " june july august september october november december"
)
_TITLES = _words(
    "mr mrs ms dr gen general president minister governor commander chief leader spokesman"
    " sheikh maulana mullah imam senator judge colonel major captain lt col brig prince king"
    " queen saint st sir lord v vs versus"
)
DATELINE = re.compile(
    r"\A\s*([A-Z][A-Z .'’-]{2,40}?)(?:,\s*([A-Z][A-Za-z .'-]{2,40}?))?\s*"
    r"(?:\([^)]{1,40}\)\s*)?(?:[-—–:]|\s-\s)"
)


def stopwords() -> frozenset[str]:
    return place_stopwords()


@dataclass(frozen=True, slots=True)
class UnknownName:
    """A capitalised name written as a place ("Vaupur village") that no gazetteer lists."""

    start: int
    end: int
    written: str


@dataclass(slots=True)
class NameCandidate:
    start: int
    end: int
    written: str
    hits: tuple[Hit, ...]
    cue: str
    locative: bool
    near: bool
    stop: bool
    strong: bool = False  # "in X", "at X", "X district", "near X"


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(_ARTICLE_PREFIX.match(word))


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z.-]+)[\s,]*$", text[max(0, start - 30) : start])
    return m.group(1).lower().rstrip(".") if m else ""


def scan_names(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[list[NameCandidate], list]:
    """Capitalised name sequences in ``text[start:end]`` that the gazetteer lists."""
    toks = _tokens(text, start, end)
    found: list[NameCandidate] = []
    unknown: list[UnknownName] = []
    stop = stopwords()
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _capitalised(tok.group()):
            i += 1
            continue
        best = None
        for n in range(min(_MAX_TOKENS, len(toks) - i), 0, -1):
            last = toks[i + n - 1]
            if last.group().lower() in _CONNECTORS or not _capitalised(last.group()):
                continue
            if any(
                t.start() - p.end() > 2
                for p, t in zip(toks[i : i + n - 1], toks[i + 1 : i + n], strict=True)
            ):
                continue  # a comma or other break inside: not one name
            words = text[tok.start() : last.end()]
            hits = gaz.lookup(words)
            if not hits and words.endswith(("'s", "’s")):
                hits = gaz.lookup(words[:-2])
            if hits and _too_short(words):
                hits = tuple(h for h in hits if h.entry.kind == "country")  # "US", not "D"
            if hits:
                best = (n, hits)
                break
        n, hits = best if best else (1, ())
        last = toks[i + n - 1]
        s_, e_ = tok.start(), last.end()
        if e_ > s_ + 2 and text[e_ - 2 : e_] in ("'s", "’s"):
            e_ -= 2
        after = toks[i + n].group() if i + n < len(toks) else ""
        after_gap = text[e_ : toks[i + n].start()] if i + n < len(toks) else ""
        before = _word_before(text, s_)
        cue = ""
        of_word = _OF_WORD.search(text, max(0, s_ - 25), s_)
        if after.lower() in KIND_WORDS and after_gap.strip() == "":
            cue = after.lower()
        elif of_word and of_word.group(1).lower() in _OF_CUES:
            cue = of_word.group(1).lower()
        near = bool(_NEAR_CUES.search(text[max(0, s_ - 60) : s_]))
        # "from X" tells where people came from, not where the event was.
        strong = (before in _STRONG_LOCATIVE or cue != "" or near) and before != "from"
        locative = strong or before in _LOCATIVE
        written = text[s_:e_]
        if hits:
            found.append(
                NameCandidate(
                    s_,
                    e_,
                    written,
                    hits,
                    cue,
                    locative,
                    near,
                    n == 1 and name_key(written) in stop,
                    strong,
                )
            )
        elif cue in KIND_WORDS and cue not in ADMIN1_WORDS and name_key(written) not in stop:
            unknown.append(UnknownName(s_, e_, written))
        i += n
    return found, unknown


def _too_short(words: str) -> bool:
    """Initials and acronyms ("D", "BCL", "ODM") are not place names, whatever GeoNames says."""
    letters = [c for c in words if c.isalpha()]
    return len(letters) < 3 or (len(letters) <= 4 and all(c.isupper() for c in letters))


def dateline_words(text: str, gaz: Gazetteer) -> tuple[str, str]:
    m = DATELINE.match(text[:120])
    if not m:
        return "", ""
    return m.group(1).strip().title(), (m.group(2) or "").strip()


def person_like(text: str, cand: NameCandidate) -> bool:
    """True when the name reads as part of a person's or organisation's name."""
    if cand.cue or cand.strong:
        return False
    before = _word_before(text, cand.start)
    if before in _TITLES:
        return True
    nxt = re.match(r"\s+([A-Z][\w'-]*)", text[cand.end : cand.end + 30])
    if nxt:
        word = nxt.group(1).lower()
        if word not in _ORG_WORDS and word not in _CALENDAR and word not in KIND_WORDS:
            return True
    follow = re.match(r"[\s,]+(\w+)", text[cand.end : cand.end + 20])
    if follow and follow.group(1).lower() in _FOLLOWERS_PERSON:
        return True
    prev = re.search(r"([A-Z][\w'-]*)\s+$", text[max(0, cand.start - 25) : cand.start])
    return (
        bool(prev)
        and prev.group(1).lower() not in _DIRECTIONS
        and not _sentence_start(text, cand.start - len(prev.group(0)))
    )


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].strip()
    return pos <= 0 or head == "" or head[-1:] in '.!?:;"“(\n'
