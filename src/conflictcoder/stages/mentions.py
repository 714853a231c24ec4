"""Find the sentences that report an event and give each a provisional ACLED type.

How: every sentence is checked against the trigger lexicon (``triggers.toml``). A
sentence whose best rule fires on its own opens an event; the sentences after it
(follow-ups that add a casualty toll, a police response, ...) join that event until
a sentence opens a new incident ("In a separate attack ...") or reports an event of
another kind (a protest after a bombing). Each event is then typed by the
highest-priority rule that fires on all its sentences together, so "Supporters
gathered ... Police fired tear gas" is a protest with intervention. Background,
opinion and related-headline sentences never open or join an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from conflictcoder.model import Article, Mention, Sentence, Span
from conflictcoder.resources.lexicons import Rule, TriggerLexicon, load_triggers

# Cues that stop a sentence from joining an event even as a follow-up.
_NEVER_JOIN = ("background", "related_headline", "opinion", "future")
_NEW_INCIDENT = "new_incident"
# A sentence this many sentences past the event's last trigger no longer joins it.
_MAX_FOLLOW_UP = 3
_PAST_YEAR = re.compile(r"\b(?:in|since|during|by|until|of) ((?:19|20)\d\d)\b", re.IGNORECASE)


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
    """A sentence's text prepared for matching, with a cache of cue matches."""

    sentence: Sentence
    text: str  # attribution phrases ("police said") blanked out
    lexicon: TriggerLexicon
    doc_cues: frozenset[str] = frozenset()  # article-level cues (for rules' doc_none)
    _hits: dict[str, list[re.Match[str]]] = field(default_factory=dict)

    def hits(self, cue: str) -> list[re.Match[str]]:
        if cue not in self._hits:
            found = list(self.lexicon.cues[cue].finditer(self.text))
            self._hits[cue] = sorted(found, key=lambda m: m.start())
        return self._hits[cue]

    def has(self, cue: str) -> bool:
        return bool(self.hits(cue))


def mask(text: str, lexicon: TriggerLexicon) -> str:
    """Blank out the lexicon's mask cues (same length, so offsets stay valid)."""
    for cue in lexicon.masks:
        for match in lexicon.cues[cue].finditer(text):
            named = "mask" in match.re.groupindex and match.group("mask") is not None
            start, end = match.span("mask") if named else match.span()
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _prepare(sentence: Sentence, lexicon: TriggerLexicon) -> _Sentence:
    return _Sentence(sentence, mask(sentence.text, lexicon), lexicon)


def _is_past_background(sentence: Sentence, article: Article) -> bool:
    """'In 2019 ...' in an article published later is background, not news."""
    if article.published is None:
        return False
    return any(int(m.group(1)) < article.published.year for m in _PAST_YEAR.finditer(sentence.text))


def _trigger_ok(rule: Rule, s: _Sentence, background: bool) -> bool:
    if not s.has(rule.trigger):
        return False
    if background and "background" in rule.veto:
        return False
    return not any(s.has(cue) for cue in rule.veto)


def _fires(rule: Rule, group: list[_Sentence], background: set[int]) -> _Sentence | None:
    """The sentence holding the rule's trigger when the rule fires on these sentences."""
    if rule.doc_none and any(cue in group[0].doc_cues for cue in rule.doc_none):
        return None
    trigger_at = next(
        (s for s in group if _trigger_ok(rule, s, s.sentence.index in background)), None
    )
    if trigger_at is None:
        return None
    if not all(any(s.has(cue) for s in group) for cue in rule.all):
        return None
    if rule.any and not any(s.has(cue) for s in group for cue in rule.any):
        return None
    if any(s.has(cue) for s in group for cue in rule.none):
        return None
    return trigger_at


def _best(
    rules: tuple[Rule, ...], group: list[_Sentence], background: set[int]
) -> tuple[Rule, _Sentence] | None:
    for rule in rules:  # sorted by priority, highest first
        at = _fires(rule, group, background)
        if at is not None:
            return rule, at
    return None


def _tentative(rules: tuple[Rule, ...], s: _Sentence, background: set[int]) -> bool:
    return any(_trigger_ok(rule, s, s.sentence.index in background) for rule in rules)


def _opens_new_incident(s: _Sentence) -> bool:
    return _NEW_INCIDENT in s.lexicon.cues and s.has(_NEW_INCIDENT)


def find_mentions(
    article: Article, sentences: tuple[Sentence, ...], *, scope: str = "political"
) -> tuple[Mention, ...]:
    """The events an article reports, one Mention each, in reading order."""
    lexicon = trigger_lexicon()
    rules = tuple(r for r in lexicon.rules if r.scope == "political" or scope == "all-violence")
    prepared = [_prepare(s, lexicon) for s in sentences]
    doc_cues = frozenset(
        cue for rule in rules for cue in rule.doc_none if any(p.has(cue) for p in prepared)
    )
    for p in prepared:
        p.doc_cues = doc_cues
    background = {s.index for s in sentences if _is_past_background(s, article)}

    events: list[list[_Sentence]] = []
    current: list[_Sentence] | None = None
    last_trigger = -1
    for s in prepared:
        alone = _best(rules, [s], background)
        if alone is None and current is None and _tentative(rules, s, background):
            # A trigger whose conditions may be met by the sentences that follow.
            current = [s]
            events.append(current)
            last_trigger = s.sentence.index
        elif alone is not None:
            if (
                current is None
                or _opens_new_incident(s)
                or not _compatible(lexicon, current, alone[0], rules, background)
            ):
                current = [s]
                events.append(current)
            else:
                current.append(s)
            last_trigger = s.sentence.index
        elif current is not None and _may_follow(s, last_trigger, background):
            current.append(s)
        elif current is not None:
            current = None  # a gap: later follow-ups belong to no event
    mentions: list[Mention] = []
    for group in events:
        best = _best(rules, group, background)
        if best is None:
            continue
        rule, at = best
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


def _compatible(
    lexicon: TriggerLexicon,
    current: list[_Sentence],
    new_rule: Rule,
    rules: tuple[Rule, ...],
    background: set[int],
) -> bool:
    """True when a sentence typed ``new_rule`` can belong to the current event."""
    best = _best(rules, current, background)
    if best is None:
        return True
    return bool(lexicon.groups[best[0].event_type] & lexicon.groups[new_rule.event_type])


def _may_follow(s: _Sentence, last_trigger: int, background: set[int]) -> bool:
    if s.sentence.index in background or s.sentence.index - last_trigger > _MAX_FOLLOW_UP:
        return False
    return not any(s.has(cue) for cue in _NEVER_JOIN if cue in s.lexicon.cues)
