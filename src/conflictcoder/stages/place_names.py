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

from conflictcoder.resources.gazetteer import (
    Gazetteer,
    Hit,
    area_word_countries,
    name_key,
    place_stopwords,
)
from conflictcoder.stages.place_lookup import _TWO_LETTER_POP, name_reach
from conflictcoder.stages.place_lookup import too_short as _too_short
from conflictcoder.stages.place_lookup import two_letter_name as _two_letter_name
from conflictcoder.stages.place_tokens import Tokens, tokens


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CONNECTORS = _words(
    "de del la las los le les do da dos das di du al el ez ed es ul e and of sur sul upon on an y"
)
_MAX_TOKENS = 6
_DIRECTIONS = _words("north south east west northern southern eastern western central")
CITY_WORDS = _words(
    "city town village hamlet settlement locality suburb neighbourhood neighborhood ward"
    " quarter community camp bazaar bazar market"
    # Latin America's rural localities: "La Esperanza vereda (Cauca)".
    " corregimiento vereda barrio aldea caserio"
)
ADMIN1_WORDS = _words(
    "province provinces region state governorate oblast division prefecture department territory"
    " countryside"
)
ADMIN2_WORDS = _words(
    "district districts county raion rayon tehsil zila upazila municipality subdistrict agency"
    " sub-division subdivision block mandal taluka circle township commune"
)
# "Kabul, Kandahar and Herat provinces": a plural kind word names the kind of every place
# of the list before it.
_PLURALS = {
    "provinces": "province",
    "regions": "region",
    "states": "state",
    "governorates": "governorate",
    "districts": "district",
    "counties": "county",
    "municipalities": "municipality",
    "upazilas": "upazila",
    "tehsils": "tehsil",
    "towns": "town",
    "villages": "village",
    "cities": "city",
    "areas": "area",
}
KIND_WORDS = CITY_WORDS | ADMIN1_WORDS | ADMIN2_WORDS | frozenset(("area",)) | frozenset(_PLURALS)
# "the port of X", "the outskirts of X": X is written as a place.
_OF_CUES = KIND_WORDS | _words("port capital outskirts suburbs suburb heart centre center")

_OF_WORD = re.compile(r"\b([a-z]+) of\s*\Z")
# Where something happened: "in X", and the target of an attack verb ("struck Kharkiv").
_STRONG_LOCATIVE = _words(
    "in at near outside inside across around outskirts struck hit attacked shelled bombed"
    " raided stormed captured seized overran targeted pounded besieged entered"
)
_LOCATIVE = _STRONG_LOCATIVE | _words("from to of into towards toward between")
_NEAR_CUES = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts of|\boutside(?: of)?|\bclose to|\bvicinity of|\bon the road"
    r" (?:to|from|between)|\bkm\b[^.;]{0,25}\b(?:of|from)|\bkilomet(?:er|re)s?\b[^.;]{0,25}\b"
    r"(?:of|from)|\bmiles?\b[^.;]{0,25}\b(?:of|from)|\bsuburbs? of|\bborder(?:s)? of)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_GROUP_NOUNS = _words(
    "herders herdsmen tribe tribesmen clan clansmen community communities militia militiamen"
    " raiders warriors elders youths pastoralists fighters rebels tribes rustlers"
)
_PEOPLE_AFTER = re.compile(
    r"(?:\s*(?:and|&|or)\s+[A-Z][\w'-]*)?\s+(?:cattle\s+|ethnic\s+|armed\s+)?([a-z]+)\b"
)
# The last word of every phrase _NEAR_CUES ends with: a cheap test before the regex.
_NEAR_WORDS = _words("near nearby of outside to from between")
_FOLLOWERS_PERSON = _words("said says told added stated claimed noted")
# A place name followed by these names a facility or body of that place ("Savar Bus Stand",
# "Quetta Press Club", "Peshawar High Court"), not a longer place name.
_ORG_WORDS = _words(
    "police army airport university hospital district province region state city town county"
    " village division governorate oblast raion road highway street market camp border valley"
    " bridge station area areas press times post news bus stand chowk bazar bazaar square"
    " stadium mosque church temple school college medical office club hotel court high"
    " prison jail base barracks checkpoint crossing junction gate park mall cantonment cantt"
    " avenue port airbase central municipal municipality corporation council"
    " assembly secretariat hall centre center superintendent sp ssp dsp collector commissioner"
    " magistrate parliamentary constituency crime"
    # "Kushtia Sadar" (a district's headquarters subdistrict), "Tangail Shaheed Minar",
    # "Rajshahi Water Development Board", "Bissa Gold mine": a place's part or body.
    " sadar government shaheed minar board development water union parishad pourashava"
    " paurashava company mine mines mining gold factory institute madrasa madrassa cemetery"
    " graveyard forest river lake sub-county polytechnic old secondary primary deputy"
    # "Lamu West", "Mbeere South": a part of the place, named after it.
    " north south east west central"
)
# Arabic articles written as separate words ("Ar Raqqa") do not join a name to a longer one.
_ARTICLES = _words("al ar as ad an ash at az el")
_CALENDAR = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may"
    " june july august september october november december"
)
_TITLES = _words(
    "mr mrs ms dr gen general president minister governor commander chief leader spokesman"
    " sheikh maulana mullah imam senator judge colonel major captain lt col brig prince king"
    " queen saint st sir lord v vs versus"
)
# "QUETTA, Pakistan (Reuters) -", "Raipur, Jan 27 (PTI)", "MOGADISHU (AP) —": a city, maybe
# a country and a date, then the agency or a dash.
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Za-z .'’-]{1,40}?)(?:,\s*(?P<country>[A-Z][A-Za-z .'-]{2,40}?))?"
    r"(?:,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})?"
    r"\s*(?P<agency>\([^)\n]{1,30}\))?\s*(?:[-—–:]|(?<=\))\s)"
)


# "Samburu Central Sub-County", "Tigania West": a constituency named after its area.
_PART_AFTER = re.compile(r"\s(?:North|South|East|West|Central)\b")
_ROUTE_WORDS = re.compile(
    r"\s+(?:road|highway|border|axis|route|railway|rail|line|section|corridor|bypass|stretch"
    r"|motorway|expressway|track|bridge)s?\b",
    re.IGNORECASE,
)


_ROUTE_BEFORE = re.compile(
    r"\b(?i:axis|road|highway|route|border|between|stretch|section)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w'’]*\s+)?$",
)


def _on_route(text: str, start: int, end: int) -> bool:
    return bool(
        _ROUTE_WORDS.match(text, end) or _ROUTE_BEFORE.search(text[max(0, start - 30) : start])
    )


def _hyphenated_places(text: str, start: int, end: int, written: str, gaz: Gazetteer) -> bool:
    """Whether "X-Y" names places: a road or axis between two ("the Awapalli-Basaguda
    road"), a city and its quarter ("Dhaka-Shahbagh"); not "Para-military", "Vice-Chancellor"."""
    parts = written.split("-")
    if not all(p[:1].isupper() for p in parts):
        return False
    if _on_route(text, start, end):
        return True
    return all(gaz.lookup(p) for p in parts) or any(
        h.exact and h.entry.population >= 100_000 for h in gaz.lookup(parts[0])
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
    origin: bool = False  # "from X": where people or things came from
    parted: bool = False  # "Samburu Central", "Wajir North": a part named after the area


def _word_before(text: str, start: int) -> str:
    """The word before ``start``, skipping an article ("in the Gumla district" -> "in")."""
    words = text[max(0, start - 30) : start].rstrip(" ,\n\t").rsplit(None, 2)
    if not words:
        return ""
    last = words[-1]
    if last in ("the", "The") and len(words) > 1:
        last = words[-2]
    return last.strip(",.;:()[]\"'“”‘’").lower()


def _longest_name(
    text: str, toks: Tokens, i: int, gaz: Gazetteer
) -> tuple[int, tuple[Hit, ...]]:
    """The longest run of tokens from ``i`` that the gazetteer lists: (length, hits)."""
    # A name runs over capitalised words and connectors ("Deir ez-Zor", "Ciudad de Mexico"),
    # never across punctuation.
    starts, ends, words, caps = toks.starts, toks.ends, toks.words, toks.caps
    limit = 1
    while (
        limit < _MAX_TOKENS
        and i + limit < len(starts)
        and starts[i + limit] - ends[i + limit - 1] <= 2
        and (caps[i + limit] or words[i + limit].lower() in _CONNECTORS)
    ):
        limit += 1
    if limit > 1 and (has_prefix := getattr(gaz, "has_prefix", None)) is not None:
        limit = name_reach(text, toks, i, limit, has_prefix)  # the longer runs are no name
    for n in range(limit, 0, -1):
        if not caps[i + n - 1]:
            continue
        name = words[i] if n == 1 else text[starts[i] : ends[i + n - 1]]
        hits = gaz.lookup(name)
        if not hits and name.endswith(("'s", "’s")):
            hits = gaz.lookup(name[:-2])
        if hits and _too_short(name):
            # "US", not "D"; a two-letter town written as a name ("in Po") when it is a
            # real town, not a syllable some hamlet is called.
            hits = tuple(
                h
                for h in hits
                if h.entry.kind == "country"
                or (_two_letter_name(name) and h.exact and h.entry.population >= _TWO_LETTER_POP)
            )
        if hits and n > 1 and words[i + n - 1].lower() in KIND_WORDS:
            hits = _with_bare_name(hits, gaz.lookup(text[starts[i] : ends[i + n - 2]]))
        if hits:
            return n, hits
    return 1, ()


def _similar(gaz: Gazetteer, written: str, only: frozenset[str] | None) -> tuple[Hit, ...]:
    similar = getattr(gaz, "similar_areas", None)
    hits = similar(written) if similar is not None else ()
    return tuple(h for h in hits if h.entry.iso2 in only) if only else hits


def _with_bare_name(hits: tuple[Hit, ...], bare: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """ "Bijapur District" is the district whose own name is Bijapur, not the one that
    once had that name: the hits of the name with its kind word, exact as the bare name's."""
    exact = {h.entry.id for h in bare if h.exact}
    out = [Hit(h.entry, h.exact or h.entry.id in exact) for h in hits]
    return tuple(sorted(out, key=lambda h: (not h.exact, -h.entry.population)))


def scan_names(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[list[NameCandidate], list]:
    """Capitalised name sequences in ``text[start:end]`` that the gazetteer lists."""
    toks = tokens(text, start, end)
    starts, ends, words, caps = toks.starts, toks.ends, toks.words, toks.caps
    found: list[NameCandidate] = []
    unknown: list[UnknownName] = []
    stop = stopwords()
    i = 0
    n_toks = len(words)
    while i < n_toks:
        if not caps[i]:
            # Most words are not capitalised: the next one that is, found in C.
            try:
                i = caps.index(True, i)
            except ValueError:
                break
        n, hits = _longest_name(text, toks, i, gaz)
        if not hits and _plain_word(text, toks, i):
            i += 1  # no place, no kind word, no hyphen: nothing below can use it
            continue
        s_, e_ = starts[i], ends[i + n - 1]
        if e_ > s_ + 2 and text[e_ - 2 : e_] in ("'s", "’s"):
            e_ -= 2
        written = text[s_:e_]
        is_stop = n == 1 and name_key(written) in stop
        before = _word_before(text, s_)
        if is_stop and before not in _STRONG_LOCATIVE:
            i += 1  # "Police said": a common word, and nothing says it is a place
            continue
        after = words[i + n] if i + n < n_toks else ""
        after_gap = text[e_ : starts[i + n]] if i + n < n_toks else ""
        cue = ""
        last_word = words[i + n - 1].lower().removesuffix("'s").removesuffix("’s")
        if n > 1 and last_word in KIND_WORDS:
            cue = last_word  # the name says its kind: "Rajnandgaon District", "Sagaing Region's"
        elif after.lower() in KIND_WORDS and after_gap.strip() == "":
            cue = after.lower()
        elif before == "of":
            of_word = _OF_WORD.search(text, max(0, s_ - 25), s_)
            if of_word and of_word.group(1).lower() in _OF_CUES:
                cue = of_word.group(1).lower()
        plural = cue in _PLURALS
        cue = _PLURALS.get(cue, cue)
        only = area_word_countries().get(cue) if cue else None
        if only and hits:
            # "Shahjadpur upazila" is in Bangladesh: not Shajapur of India.
            hits = tuple(h for h in hits if h.entry.iso2 in only)
        if cue in CITY_WORDS and hits:
            hits = tuple(h for h in hits if h.entry.kind != "country")  # "the village of Kosovo"
        near = before in _NEAR_WORDS and bool(_NEAR_CUES.search(text[max(0, s_ - 60) : s_]))
        # "from X" tells where people came from, not where the event was.
        strong = (before in _STRONG_LOCATIVE or cue != "" or near) and before != "from"
        locative = strong or before in _LOCATIVE
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
                    is_stop,
                    strong,
                    before == "from",
                    bool(_PART_AFTER.match(text, e_)),
                )
            )
            if plural:
                _share_kind(text, found)
        elif n == 1 and "-" in written and _hyphenated_places(text, s_, e_, written, gaz):
            # "the Awapalli-Basaguda road": a road or border named after two places (not
            # "Para-military", "Vice-Chancellor"); the road runs near them, and a place named
            # with the road ("on the Dhaka-Barisal highway, Barisal city") is the scene.
            if _on_route(text, s_, e_):
                strong, near = False, True
            for part in re.finditer(r"[A-Z][^-]+", written):
                part_hits = gaz.lookup(part.group())
                if part_hits and not _too_short(part.group()):
                    stop_part = name_key(part.group()) in stop
                    found.append(
                        NameCandidate(
                            s_ + part.start(),
                            s_ + part.end(),
                            part.group(),
                            part_hits,
                            "",
                            locative,
                            near,
                            stop_part,
                            strong,
                            before == "from",
                        )
                    )
        elif (cue in ADMIN1_WORDS or cue in ADMIN2_WORDS) and (
            near_hits := _similar(gaz, written, only)
        ):
            # "Garwah District": a district spelt another way ("Garhwa").
            found.append(
                NameCandidate(
                    s_, e_, written, near_hits, cue, locative, near, False, strong, before == "from"
                )
            )
        elif cue in KIND_WORDS and cue not in ADMIN1_WORDS and not is_stop:
            unknown.append(UnknownName(s_, e_, written))
        i += n
    return found, unknown


def _plain_word(text: str, toks: Tokens, i: int) -> bool:
    """Whether an unlisted capitalised word has no cue and no hyphen: then no branch of
    :func:`scan_names` (hyphenated places, a misspelt area, an unlisted place written with
    its kind) can take it, and its cue need not be read."""
    if "-" in toks.words[i]:
        return False
    start = toks.starts[i]
    if i + 1 < len(toks.words):
        gap = text[toks.ends[i] : toks.starts[i + 1]]
        if gap.strip() == "" and toks.words[i + 1].lower() in KIND_WORDS:
            return False  # "Vaupur village"
    window = text[max(0, start - 30) : start]
    # "the village of X": a cue read from the word before, which then has to be "of".
    return "of" not in window.lower() or _word_before(text, start) != "of"


def _share_kind(text: str, found: list[NameCandidate]) -> None:
    """Give the kind of the list's last name to the cue-less names coordinated before it."""
    last = found[-1]
    for prev in reversed(found[:-1]):
        if prev.cue or not coordinated(text, prev.end, last.start):
            break
        prev.cue, prev.strong, prev.locative = last.cue, prev.strong or not prev.origin, True
        last = prev


@dataclass(frozen=True, slots=True)
class Dateline:
    city_start: int
    city_end: int
    city: str
    country: str


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, if the article has one."""
    starts = [0, *[m.end() for m in re.finditer(r"\n\s*", text[:1500])][:4]]
    for start in starts:
        m = _DATELINE.match(text, start)
        if m is None:
            continue
        city = m.group("city").strip()
        # Upper-case city or an agency in brackets: "Kabul: officials said" is no dateline.
        if not (city.isupper() or m.group("agency")):
            continue
        end = m.start("city") + len(city)
        return Dateline(m.start("city"), end, city.title(), (m.group("country") or "").strip())
    return None


_PREV_WORD = re.compile(r"([A-Z][\w'-]*)(?<!'s)\s+$")
_LONGER_NAME = re.compile(
    r"\s+(?:(?:de|des|del|du|la|le|do|da|di)\s+[A-Z]|(?:al|el|ad|ar|as|ash|az|at|an)-[A-Z])"
)
_NEXT_WORD = re.compile(r"\s+([A-Z][\w'-]*)")
_FOLLOWING_WORD = re.compile(r"[\s,]+(\w+)")


def person_like(text: str, cand: NameCandidate) -> bool:
    """True when the name reads as part of a person's, group's or other thing's name.

    "Ali Khan said", "Mr Mark", "Sital Mandal", "Ayodhya Hills", "China Arutla village":
    a capitalised word joined to the name makes a longer name the gazetteer does not hold.
    """
    # A possessive is no join: "Chhattisgarh's Bijapur district".
    prev = _PREV_WORD.search(text[max(0, cand.start - 25) : cand.start])
    if prev is not None:
        word = name_key(prev.group(1))
        joined = word not in _DIRECTIONS and word not in stopwords() and word not in _ARTICLES
        if (joined and not _sentence_start(text, cand.start - len(prev.group(0)))) or (
            joined and not cand.strong
        ):
            return True
    if _LONGER_NAME.match(text[cand.end : cand.end + 12]):
        return True  # "Croix des Missions", "Ras al-Ain": the start of a longer name
    nxt = _NEXT_WORD.match(text[cand.end : cand.end + 30])
    if nxt and not cand.cue:
        word = nxt.group(1).lower()
        if word not in _ORG_WORDS and word not in _CALENDAR and word not in KIND_WORDS:
            return True
    if cand.cue or cand.strong:
        return False
    if _word_before(text, cand.start) in _TITLES:
        return True
    # "Turkana herders", "Pokot raiders", "Samburu and Borana herders", "Turkana & Kikuyu
    # tribes", "Kuria cattle rustlers": a people, not the scene.
    group = _PEOPLE_AFTER.match(text, cand.end, cand.end + 50)
    if group and group.group(1).lower() in _GROUP_NOUNS:
        return True
    follow = _FOLLOWING_WORD.match(text[cand.end : cand.end + 20])
    return bool(follow) and follow.group(1).lower() in _FOLLOWERS_PERSON


def _sentence_start(text: str, pos: int) -> bool:
    head = text[max(0, pos - 3) : pos].strip()
    return pos <= 0 or head == "" or head[-1:] in '.!?:;"“(\n'


# --- how a place name relates to the action of its sentence --------------------------------

# A word between a cue and the name that is not itself a preposition ("the nearby town of").
_FILLER = r"(?:(?!(?:in|at|near|on|of)\b)[a-z-]+\s+){0,3}(?:of\s+)?"
# Where people or things came from or went to, or what a place borders: not the scene.
_ELSEWHERE_BEFORE = re.compile(
    r"(?:\bfrom|\bhail(?:s|ed|ing)? from|\bnative of|\bresident of|\bbelonging to|\bbased in"
    r"|\bbordering|\bborders? (?:with|of)|\bbetween\s+[A-Z][\w'’ -]{1,40}?\s+and"
    r"|\b(?:fled|flee|fleeing|flown|flew|returned|returning|moved|shifted|taken|rushed|referred"
    r"|sent|transferred|deported|relocated|evacuated|headed|heading|travel(?:l)?(?:ed|ing)"
    r"|bound|escaped|brought|airlifted|driven|way|route|journey)\s+(?:back\s+)?"
    r"(?:to|towards?|for|into))\s+(?:the\s+)?" + _FILLER + r"$",
    re.IGNORECASE,
)
_ELSEWHERE_AFTER = re.compile(r"^(?:-|\s)based\b|^\s*-\s*(?:born|bound)\b", re.IGNORECASE)
# "officials in Quetta said": where the news came from.
_REPORTER_BEFORE = re.compile(
    r"\b(?:officials?|police|sources?|authorities|spokes(?:wo)?man|spokesperson|hospital|doctors?"
    r"|journalists?|reporters?|correspondents?|officers?|residents?)\s+(?:in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REPORTER_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:said|say|says|told|reported|confirmed|added)\b", re.IGNORECASE
)
# "including X", "among them the provincial capital X": one of several scenes.
_INCLUSIVE_BEFORE = re.compile(
    r"\b(?:including|among them|among which|among others|such as|notably|namely|especially"
    r"|particularly)\s+(?:(?:in|at)\s+)?(?:the\s+)?" + _FILLER + r"$",
    re.IGNORECASE,
)
_KIND_ALTERNATIVES = "|".join(sorted(KIND_WORDS, key=len, reverse=True))
# What may stand between two coordinated scenes: "X and Y", "X, Y and Z", "X district and in
# the fishing port of Y", "X (Kunar) and Y".
_COORDINATION = re.compile(
    rf"^(?:\s+(?:{_KIND_ALTERNATIVES})\b)?(?:\s*\([^()]{{0,40}}\))?"
    r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|as well as\s+|and also\s+|but also\s+)"
    r"(?:(?:also\s+)?(?:in|at|near|on)\s+)?(?:the\s+)?" + _FILLER + r"$",
    re.IGNORECASE,
)


def elsewhere(text: str, sent_start: int, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is an origin, destination, neighbour or the
    place a report came from ("fled to X", "from X", "X-based", "bordering X",
    "police in X said"), not where the action happened."""
    before = text[max(sent_start, start - 60) : start]
    after = text[end : end + 60]
    if _ELSEWHERE_BEFORE.search(before) or _ELSEWHERE_AFTER.match(after):
        return True
    return bool(_REPORTER_BEFORE.search(before) and _REPORTER_AFTER.match(after))


def listed_as_scene(text: str, sent_start: int, start: int) -> bool:
    """True when the name is introduced as one of several scenes ("including X")."""
    return bool(_INCLUSIVE_BEFORE.search(text[max(sent_start, start - 60) : start]))


def coordinated(text: str, prev_end: int, start: int) -> bool:
    """True when only a coordination stands between two names ("X, Y and in the town of Z")."""
    return start - prev_end <= 80 and bool(_COORDINATION.match(text[prev_end:start]))
