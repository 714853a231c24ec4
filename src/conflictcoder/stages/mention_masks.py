"""Blanking a sentence's mask cues ("police said", "no arrests were made") before the
trigger lexicon is matched, with the prefilter scan of what is left.

A mask cue is searched only when its strings are in the sentence and, when the scan
gives the clauses the sentence meets, only when one of its alternatives has them all
(an alternative lacking one cannot match: the clauses are read from the pattern).
"""

from __future__ import annotations

from conflictcoder.resources.lexicons import Cue, TriggerLexicon

Scanned = tuple[int | None, frozenset[str]]
# Per lexicon (kept alive here, so its id is never reused): each mask cue with the clause
# bits of its alternatives (() when one has none: it may match any text).
_PLANS: dict[int, tuple[TriggerLexicon, tuple[tuple[str, Cue, tuple[int, ...]], ...]]] = {}


def _plan(lexicon: TriggerLexicon) -> tuple[tuple[str, Cue, tuple[int, ...]], ...]:
    kept = _PLANS.get(id(lexicon))
    if kept is None or kept[0] is not lexicon:
        plan = []
        for cue in lexicon.masks:
            compiled = lexicon.cues[cue]
            masks = tuple(b.mask for b in compiled.branches)
            plan.append((cue, compiled, () if not masks or 0 in masks else masks))
        kept = _PLANS[id(lexicon)] = (lexicon, tuple(plan))
    return kept[1]


def mask_text(text: str, lexicon: TriggerLexicon) -> tuple[str, Scanned]:
    """The text with the lexicon's mask cues blanked (same length) and its scan
    (:meth:`TriggerLexicon.scan`), done again only when a mask changed the text."""
    scanned = lexicon.scan(text.lower())
    for cue, compiled, masks in _plan(lexicon):
        needs = compiled.needs
        if needs is not None:
            if compiled.shared:
                if not any(word in text.lower() for word in needs):
                    continue
            elif cue not in scanned[1]:
                continue  # most sentences hold none of the strings the cue needs
        held = scanned[0]
        if held is not None and masks and not compiled.shared:
            for mask in masks:  # (a plain loop: this runs for most sentences)
                if mask & held == mask:
                    break
            else:
                continue  # no alternative has all its clauses here
        changed = False
        for match in compiled.finditer_scanned(text, held):
            named = "mask" in match.re.groupindex and match.group("mask") is not None
            start, end = match.span("mask") if named else match.span()
            text = text[:start] + " " * (end - start) + text[end:]
            changed = True
        if changed:
            scanned = lexicon.scan(text.lower())
    return text, scanned
