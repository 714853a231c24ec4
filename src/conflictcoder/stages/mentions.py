"""Find the sentences that report an event and give each a provisional ACLED type.

How: every sentence is checked against the trigger lexicon (``triggers.toml``). A
sentence whose best rule fires on its own opens an event; the sentences after it
(follow-ups that add a casualty toll, a police response, ...) join that event until
a sentence opens a new incident ("In a separate attack ...") or reports an event of
another kind (a protest after a bombing). Each event is then typed by the
highest-priority rule that fires on all its sentences together, so "Supporters
gathered ... Police fired tear gas" is a protest with intervention. Background,
opinion and related-headline sentences never open or join an event.

Speed: each sentence is scanned once for every string the lexicon's cues require
(``resources/prefilter.py``); a cue none of whose strings is there is never searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from conflictcoder.model import Article, Mention, Sentence, Span
from conflictcoder.resources.lexicons import Rule, TriggerLexicon, load_triggers
from conflictcoder.stages.headline import headline_end
from conflictcoder.stages.mention_masks import mask_text
from conflictcoder.taxonomy import BATTLES, RIOTS, STRATEGIC

# Cues that stop a sentence from joining an event even as a follow-up.
_NEVER_JOIN = ("background", "related_headline", "opinion", "future")
_NEW_INCIDENT = "new_incident"
_SAME_FIGHT = "same_fight"
_ANCHORS = ("place_anchor", "date_anchor")
_HEARSAY = ("group_claim", "quoted")
# A sentence this many sentences past the event's last trigger no longer joins it.
_MAX_FOLLOW_UP = 3
# At most this many sentences right before an event's first trigger join it as context.
_CONTEXT = 2
# A year that is not part of a date ("12 March 2025", "March 2025"): "the 2024 protests".
# A year, with the month when one comes before it ("in April 2022", "the 2024 protests").
_PAST_YEAR = re.compile(
    r"(?:\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (?:\d{1,2},? )?)?"
    r"(?<![\d/.-])\b((?:19|20)\d\d)\b(?![/.-]\d)",
    re.IGNORECASE,
)
# The year right after a day and month: "12 March, 2024", "March 12 2024".
_YEAR_AFTER = re.compile(r",? ((?:19|20)\d\d)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A dated month this long before publication is background, not the news of the day.
_BACKGROUND_DAYS = 62
_QUOTE_START = ('"', "“", "‘", "'")


@lru_cache(maxsize=1)
def trigger_lexicon() -> TriggerLexicon:
    """The shipped trigger lexicon with the actor dictionary's names filled in."""
    from conflictcoder.resources.actor_index import load_actor_index

    index = load_actor_index()
    return load_triggers(
        (
            ("armed_groups", index.armed_group_aliases()),
            ("parties", index.aliases_of("party")),
            ("nations", index.nation_words()),
            ("units", index.unit_aliases()),
        )
    )


@dataclass(slots=True)
class _Sentence:
    """A sentence's text prepared for matching, with caches: each cue is tested at most
    once per sentence, and its matches listed only when a span is needed."""

    sentence: Sentence
    text: str  # attribution phrases ("police said") blanked out
    lexicon: TriggerLexicon
    needs_met: frozenset[str] = frozenset()  # cues whose own patterns may match ``text``
    held: int | None = None  # the prefilter clauses ``text`` meets, as bits
    possible: frozenset[str] = frozenset()  # cues that may match: needs met, or name lists
    doc_cues: frozenset[str] = frozenset()  # article-level cues (for rules' doc_none)
    triggered: frozenset[str] = frozenset()  # names of the rules whose trigger holds here
    hearsay: bool = False
    _has: dict[str, bool] = field(default_factory=dict)
    _hits: dict[str, list[re.Match[str]]] = field(default_factory=dict)
    _names: dict[int, bool] = field(default_factory=dict)  # name lists tested, by id

    def hits(self, cue: str) -> list[re.Match[str]]:
        if cue not in self._hits:
            found = list(self.lexicon.cues[cue].finditer_scanned(self.text, self.held))
            self._hits[cue] = sorted(found, key=lambda m: m.start())
        return self._hits[cue]

    def has(self, cue: str) -> bool:
        found = self._has.get(cue)
        if found is None:
            if cue not in self.possible:
                return False  # none of the strings the cue needs is in the text
            needs_met = self.needs_met
            found = self._has[cue] = self.lexicon.cues[cue].test_scanned(
                self.text, cue in needs_met, self.held, self._names, needs_met
            )
        return found


def mask(text: str, lexicon: TriggerLexicon) -> str:
    """Blank out the lexicon's mask cues (same length, so offsets stay valid)."""
    return _mask(text, lexicon)[0]


def _mask(
    text: str, lexicon: TriggerLexicon
) -> tuple[str, tuple[int | None, frozenset[str]]]:
    """The masked text and its prefilter scan (:meth:`TriggerLexicon.scan`), done again
    only when a mask changed the text."""
    if lexicon is trigger_lexicon():
        return _mask_shipped(text)
    return _mask_with(text, lexicon)


# Sentences: a few articles' worth. The actor stage masks the sentences of each event
# again (and boilerplate recurs across pages): the scan is most of a mask's cost.
@lru_cache(maxsize=4096)
def _mask_shipped(text: str) -> tuple[str, tuple[int | None, frozenset[str]]]:
    return _mask_with(text, trigger_lexicon())


def _mask_with(
    text: str, lexicon: TriggerLexicon
) -> tuple[str, tuple[int | None, frozenset[str]]]:
    return mask_text(text, lexicon)


def _prepare(sentence: Sentence, lexicon: TriggerLexicon) -> _Sentence:
    text, (held, needs_met) = _mask(sentence.text, lexicon)
    return _Sentence(sentence, text, lexicon, needs_met, held, needs_met | lexicon.named)


def _is_past_background(sentence: Sentence, article: Article, lexicon: TriggerLexicon) -> bool:
    """'In 2019 ...' or 'in April 2022' in an article published later is background; a
    date late in the previous year ('31 December 2025' reported on 2 January) is not, nor
    is a sentence that also dates its news to now ("On Monday, students marched against
    the 2021 act")."""
    published = article.published
    if published is None or ("19" not in sentence.text and "20" not in sentence.text):
        return False  # no year in it (most sentences): spare the scan
    past = False
    for m in _PAST_YEAR.finditer(sentence.text):
        year = int(m.group(2))
        if year >= published.year:
            continue
        if m.group(1) is None:
            past = True
            break
        month = _MONTHS.index(m.group(1).lower()[:3]) + 1
        if (published - date(year, month, 28)).days > _BACKGROUND_DAYS:
            past = True
            break
    return past and not _dated_now(sentence.text, published, lexicon)


def _dated_now(text: str, published: date, lexicon: TriggerLexicon) -> bool:
    """Whether the sentence names a day that is not in a past year ("on Monday",
    "On 10 January 2022" in 2022): the sentence reports news, whatever else it dates."""
    cue = lexicon.cues.get("date_anchor")
    if cue is None:
        return False
    for m in cue.finditer(text):
        year = _YEAR_AFTER.match(text, m.end())
        if year is None or int(year.group(1)) >= published.year:
            return True
        if (published - date(int(year.group(1)), 12, 31)).days <= _BACKGROUND_DAYS:
            return True
    return False


@lru_cache(maxsize=4)
def _rules_in_scope(scope: str) -> tuple[tuple[Rule, ...], dict[str, tuple[Rule, ...]]]:
    """The rules of a scope (highest priority first) and, by trigger cue, the rules it
    triggers: a sentence is weighed only against the triggers it may hold."""
    rules = tuple(
        r for r in trigger_lexicon().rules if r.scope == "political" or scope == "all-violence"
    )
    by_trigger: dict[str, list[Rule]] = {}
    for rule in rules:
        by_trigger.setdefault(rule.trigger, []).append(rule)
    return rules, {cue: tuple(group) for cue, group in by_trigger.items()}


def _triggered(
    s: _Sentence, by_trigger: dict[str, tuple[Rule, ...]], background: bool
) -> frozenset[str]:
    """The names of the rules whose trigger holds in ``s`` (and no veto): the rules
    ``_trigger_ok`` passes, looking only at triggers the sentence may hold."""
    names: list[str] = []
    possible = s.possible
    has = s.has
    for cue in by_trigger.keys() & possible:
        if not has(cue):
            continue
        for rule in by_trigger[cue]:  # _trigger_ok, its trigger known to hold
            if background and "background" in rule.veto:
                continue
            for veto in rule.veto:
                if veto in possible and has(veto):
                    break
            else:
                names.append(rule.name)
    return frozenset(names)


def _trigger_ok(rule: Rule, s: _Sentence, background: bool) -> bool:
    if not s.has(rule.trigger):
        return False
    if background and "background" in rule.veto:
        return False
    possible = s.possible
    # Plain loops here and below (half the cost of any() over a generator): they run for
    # every rule weighed.
    for cue in rule.veto:  # noqa: SIM110
        if cue in possible and s.has(cue):
            return False
    return True


def _conditions_hold(rule: Rule, group: list[_Sentence]) -> bool:
    """Whether the rule's conditions hold on these sentences together: no cue of its
    ``doc_none`` in the article, each ``all`` cue, one ``any`` cue and no ``none`` cue in
    one of them (``cue in s.possible`` first: most cues cannot match most sentences)."""
    if rule.doc_none and not group[0].doc_cues.isdisjoint(rule.doc_none):
        return False
    for cue in rule.all:
        for s in group:
            if cue in s.possible and s.has(cue):
                break
        else:
            return False
    if rule.any and not _any_holds(rule.any, group):
        return False
    return not (rule.none and _any_holds(rule.none, group))


def _any_holds(cues: tuple[str, ...], group: list[_Sentence]) -> bool:
    """Whether a sentence of ``group`` holds one of ``cues`` (tested in this order)."""
    for s in group:
        possible = s.possible
        for cue in cues:
            if cue in possible and s.has(cue):
                return True
    return False


class _Typer:
    """The best rule of a group of sentences, remembered per group: the same event is
    typed again each time a sentence is weighed against it."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self._memo: dict[tuple[int, ...], tuple[Rule, _Sentence] | None] = {}
        self._order = {rule.name: i for i, rule in enumerate(rules)}  # names are unique

    def best(self, group: list[_Sentence]) -> tuple[Rule, _Sentence] | None:
        """The highest-priority rule that fires, typed by what the report itself says
        before what a quote or a party's claim says."""
        if len(group) == 1 and not group[0].triggered:
            return None  # no rule's trigger holds (most sentences)
        key = tuple([s.sentence.index for s in group])
        try:
            return self._memo[key]
        except KeyError:
            found = self._memo[key] = self._best(group)
            return found

    def _best(self, group: list[_Sentence]) -> tuple[Rule, _Sentence] | None:
        """The first rule (by priority) whose conditions hold and whose trigger a sentence
        of the report holds, not a quote or a claim; else the first whose conditions hold,
        at the first sentence holding its trigger."""
        names = (
            group[0].triggered if len(group) == 1 else set().union(*[s.triggered for s in group])
        )
        if not names:
            return None
        fallback: tuple[Rule, _Sentence] | None = None
        order = self._order
        # The rules named, by priority (as self.rules lists them: a few of its ~60).
        for i in sorted([order[n] for n in names if n in order]):
            rule = self.rules[i]
            reported = next(
                (s for s in group if rule.name in s.triggered and not s.hearsay), None
            )
            if reported is None and fallback is not None:
                continue  # it can be neither answer: a hearsay-only rule is found already
            if not _conditions_hold(rule, group):
                continue
            if reported is not None:
                return rule, reported
            fallback = rule, next(s for s in group if rule.name in s.triggered)
        return fallback


def _opens_new_incident(s: _Sentence) -> bool:
    return _NEW_INCIDENT in s.lexicon.cues and s.has(_NEW_INCIDENT)


def find_mentions(
    article: Article, sentences: tuple[Sentence, ...], *, scope: str = "political"
) -> tuple[Mention, ...]:
    """The events an article reports, one Mention each, in reading order."""
    lexicon = trigger_lexicon()
    rules, by_trigger = _rules_in_scope(scope)
    prepared = [_prepare(s, lexicon) for s in sentences]
    doc_cues = frozenset(
        cue for rule in rules for cue in rule.doc_none if any(p.has(cue) for p in prepared)
    )
    background = {s.index for s in sentences if _is_past_background(s, article, lexicon)}
    for p in prepared:
        p.doc_cues = doc_cues
        p.hearsay = _is_hearsay(p)
        in_background = p.sentence.index in background
        # Only rules whose trigger cue can match the sentence at all are weighed.
        p.triggered = _triggered(p, by_trigger, in_background)
    typer = _Typer(rules)

    events: list[list[_Sentence]] = []
    current: list[_Sentence] | None = None
    pending: list[_Sentence] = []  # sentences in no event since the last event opened
    last_trigger = -1
    for s in prepared:
        alone = typer.best([s])
        placed = True
        if alone is not None and s.hearsay and current is None and (events or _is_quote(s)):
            placed = False  # a quote, or a claim after the news, never opens an event
        elif alone is None and current is None and not events and s.triggered and not _is_quote(s):
            # A trigger whose conditions may be met by the sentences around it.
            current = _with_context(s, pending, typer, background, firm=False)
            events.append(current)
            pending = []
            last_trigger = s.sentence.index
        elif alone is not None and current is not None and s.hearsay:
            if _compatible(lexicon, typer, current, alone[0]):
                current.append(s)
                last_trigger = s.sentence.index
            else:
                placed = False
        elif alone is not None:
            if (
                current is None
                or _opens_new_incident(s)
                or not (
                    _compatible(lexicon, typer, current, alone[0])
                    or _escalates(s, alone[0], current, typer)
                )
                or _moves_on(s, alone[0], current, typer)
            ):
                current = _with_context(s, pending, typer, background, firm=True)
                events.append(current)
                pending = []
            else:
                current.append(s)
            last_trigger = s.sentence.index
        elif current is not None and s.sentence.index - last_trigger > _MAX_FOLLOW_UP:
            current = None  # a gap: later follow-ups belong to no event
            placed = False
        elif current is not None and _may_follow(s, background):
            current.append(s)
            if s.triggered or s.hearsay:
                last_trigger = s.sentence.index  # still telling the same story
        else:
            placed = False
        if not placed:
            pending.append(s)
    mentions: list[Mention] = []
    head = headline_end(article)  # the headline repeats the body: told there, it is typed there
    for group in events:
        best = typer.best(group)
        if best is None or (len(events) > 1 and group[-1].sentence.end <= head):
            continue
        rule, at = best
        if at.sentence.end <= head:
            at = next(
                (s for s in group if s.sentence.start >= head and rule.name in s.triggered
                 and not s.hearsay),
                at,
            )
        match = at.hits(rule.trigger)[0]
        start = at.sentence.start + match.start()
        end = at.sentence.start + match.end()
        mentions.append(
            Mention(
                sentence=at.sentence,
                trigger=Span(article.id, start, end),
                trigger_text=article.text[start:end],
                event_type=rule.event_type,
                sub_event_type=rule.sub_event_type,
                span=Span(article.id, at.sentence.start, at.sentence.end),
            )
        )
    return tuple(mentions)


def _with_context(
    s: _Sentence, pending: list[_Sentence], typer: _Typer, background: set[int], *, firm: bool
) -> list[_Sentence]:
    """A new event at ``s``, with the sentences right before it that belong to no event
    ("Troops raided the cattle market. One trader was shot dead."): they say who acted,
    or that a crowd was protesting, but never hold a trigger the event is typed by alone.
    A firm event keeps its context only when it is still an event with it."""
    context: list[_Sentence] = []
    index = s.sentence.index
    for p in reversed(pending[-_CONTEXT:]):
        if p.sentence.index != index - 1 or not _may_follow(p, background):
            break
        context.insert(0, p)
        index -= 1
    if not context:
        return [s]
    group = [*context, s]
    if firm and typer.best(group) is None:
        return [s]
    return group


def _compatible(
    lexicon: TriggerLexicon, typer: _Typer, current: list[_Sentence], new_rule: Rule
) -> bool:
    """True when a sentence typed ``new_rule`` can belong to the current event."""
    best = typer.best(current)
    if best is None:
        return True
    return bool(lexicon.groups[best[0].event_type] & lexicon.groups[new_rule.event_type])


def _escalates(s: _Sentence, rule: Rule, current: list[_Sentence], typer: _Typer) -> bool:
    """A battle sentence that goes on about the riot before it ("The rival groups
    attacked each other with firearms"): the same fight, now armed (ACLED codes one
    event, by its most serious form)."""
    best = typer.best(current)
    if best is None or best[0].event_type != RIOTS or rule.event_type != BATTLES:
        return False
    return _SAME_FIGHT in s.lexicon.cues and s.has(_SAME_FIGHT)


def _anchors(s: _Sentence) -> set[str]:
    found: set[str] = set()
    for cue in _ANCHORS:
        if cue in s.lexicon.cues:
            for m in s.hits(cue):
                named = "name" in m.re.groupindex and m.group("name")
                found.add((named or m.group(0)).lower().removeprefix("on ").strip())
    return found


def _is_quote(s: _Sentence) -> bool:
    return s.sentence.text.lstrip().startswith(_QUOTE_START) or (
        "quoted" in s.lexicon.cues and s.has("quoted")
    )


def _is_hearsay(s: _Sentence) -> bool:
    """A quote or a party's claim adds to an event but never opens one."""
    if s.sentence.text.lstrip().startswith(_QUOTE_START):
        return True
    return any(cue in s.lexicon.cues and s.has(cue) for cue in _HEARSAY)


def _moves_on(s: _Sentence, rule: Rule, current: list[_Sentence], typer: _Typer) -> bool:
    """A sentence reporting another kind of event on a day of its own, or opening with
    a place of its own ("In Pasni, ..."), starts a new event: "Police regained control of
    the town late on Monday" after a Saturday assault."""
    best = typer.best(current)
    if best is None or best[0].sub_event_type == rule.sub_event_type:
        return False
    if rule.event_type == STRATEGIC or best[0].event_type == rule.event_type:
        return False  # a clash after a bombing, arrests after a riot: the same event
    seen = set().union(*(_anchors(c) for c in current))
    new = _anchors(s) - seen
    if any(s.lexicon.cues["date_anchor"].search(a) for a in new if "date_anchor" in s.lexicon.cues):
        return True
    opening = s.sentence.text[:40].lower()
    return any(opening.startswith(("in " + a, "at " + a, "near " + a)) for a in new)


def _may_follow(s: _Sentence, background: set[int]) -> bool:
    if s.sentence.index in background:
        return False
    return not any(s.has(cue) for cue in _NEVER_JOIN if cue in s.lexicon.cues)
