"""The acronym gate of the trigger lexicon's name lists: searched once per sentence in
place of each list's acronym pattern, it must match wherever one of them does, so a
cue's answer is the same with the gate as without it."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictcoder.stages.mentions import trigger_lexicon

FILLERS = ["gunmen", "attacked", "a", "convoy", "near", "the", "border", ",", "said", "-",
           "(", ")", "on", "Monday", "police", "x"]


def _acronym_lists() -> list[re.Pattern[str]]:
    lexicon = trigger_lexicon()
    return list({
        id(p): p
        for cue in lexicon.cues.values()
        for p, gate in zip(cue.shared, cue.gates, strict=True)
        if gate is not None
    }.values())


def _acronyms() -> list[str]:
    from conflictcoder.resources.actor_index import load_actor_index
    from conflictcoder.resources.lexicons import is_acronym

    index = load_actor_index()
    names = {*index.armed_group_aliases(), *index.aliases_of("party"), *index.unit_aliases()}
    return sorted(n for n in names if is_acronym(n))[:400]


def test_every_name_list_with_acronyms_is_gated() -> None:
    lists = _acronym_lists()
    assert len(lists) >= 2
    assert all(not p.flags & re.IGNORECASE for p in lists)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FILLERS), st.sampled_from(_acronyms())),
                min_size=1, max_size=10),
       st.sampled_from([" ", "-", ""]))
def test_the_gate_matches_wherever_a_list_does(words: list[str], sep: str) -> None:
    text = sep.join(words)
    lexicon = trigger_lexicon()
    gate = next(g for c in lexicon.cues.values() for g in c.gates if g is not None)
    if any(p.search(text) for p in _acronym_lists()):
        assert gate.search(text) is not None, text
    for name in sorted(lexicon.named):
        cue = lexicon.cues[name]
        plain = replace(cue, gates=())
        assert cue.test(text, {}) == plain.test(text, {}), (name, text)
