"""The rule checks of the mentions stage, written as plain loops for speed, give the answers
of the plain ``any()`` formulation on every shipped rule."""

from __future__ import annotations

from datetime import date

from conflictcoder.model import Article
from conflictcoder.stages import mentions
from conflictcoder.stages.split import split_sentences

TEXT = (
    "Gunmen shot dead four villagers and burned houses in Kagoro on Sunday, police said. "
    "Protesters marched on the governor's office and threw stones at riot police, who "
    "fired tear gas. Troops repelled an attack by insurgents on their base near Dikwa; "
    "two soldiers were wounded. A suicide bomber blew himself up at a checkpoint, killing "
    "three. The army said it arrested 12 suspects. Rebels and government forces clashed "
    "for hours. In 2019, a similar raid killed 30 people. Talks on a ceasefire resume "
    "next week, the minister said. Hundreds rallied peacefully for higher wages."
)


def _plain_conditions(rule: mentions.Rule, group: list) -> bool:
    if rule.doc_none and not group[0].doc_cues.isdisjoint(rule.doc_none):
        return False
    for cue in rule.all:
        if not any(cue in s.possible and s.has(cue) for s in group):
            return False
    if rule.any and not any(cue in s.possible and s.has(cue) for s in group for cue in rule.any):
        return False
    return not any(cue in s.possible and s.has(cue) for s in group for cue in rule.none)


def _plain_trigger_ok(rule: mentions.Rule, s: object, background: bool) -> bool:
    if not s.has(rule.trigger):  # type: ignore[attr-defined]
        return False
    if background and "background" in rule.veto:
        return False
    return not any(
        cue in s.possible and s.has(cue) for cue in rule.veto  # type: ignore[attr-defined]
    )


def test_rule_checks_agree_with_the_plain_formulation() -> None:
    lexicon = mentions.trigger_lexicon()
    article = Article("loops", TEXT, published=date(2025, 3, 3))
    prepared = [mentions._prepare(s, lexicon) for s in split_sentences(article)]
    assert len(prepared) >= 8
    groups = [[p] for p in prepared] + [prepared[i:i + 3] for i in range(len(prepared) - 2)]
    held = checked = 0
    for rule in lexicon.rules:
        for group in groups:
            answer = mentions._conditions_hold(rule, group)
            assert answer == _plain_conditions(rule, group), (rule.name, group[0].text)
            held += answer
            checked += 1
        for p in prepared:
            for background in (False, True):
                assert mentions._trigger_ok(rule, p, background) == _plain_trigger_ok(
                    rule, p, background
                ), (rule.name, p.text)
    assert 0 < held < checked  # some rules hold and some do not: the test can tell them apart
