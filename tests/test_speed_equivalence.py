"""The speed-ups give the answers of the slow paths they replace.

Each fast path (one prefilter scan for every cue, alternatives searched alone, name
lists as prefix trees, the page walk skipped, metadata without categories) is checked
against the plain computation it stands in for.
"""

from __future__ import annotations

import re

import pytest
import trafilatura
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from conflictcoder.model import Sentence
from conflictcoder.resources.actor_index import _NAME_END, _literals, _words, load_actor_index
from conflictcoder.resources.prefilter import (
    HeadWords,
    NeedsScan,
    alternation,
    finditer_alternatives,
    required_clauses,
    search_branches,
)
from conflictcoder.sources.page import MAX_ATTRIBUTE_CHARS, load_page
from conflictcoder.sources.page_meta import page_metadata
from conflictcoder.stages import mentions
from conflictcoder.stages.mentions import trigger_lexicon

TEXTS = [
    "Gunmen shot dead a trader and torched two lorries near the MARKET on Friday.",
    "Suspected militants ambushed an army convoy, killing four soldiers, officials said.",
    "Police fired tear gas at students who marched on parliament against the fuel levy.",
    "Troops repelled an attack on their base; two insurgents were killed.",
    "The ſoldiers were ambuſhed near the ıdlib road, a monitor ſaid.",  # case-fold letters
    "Rebels of the Kivu Liberation Front seized the town after fighting with the army.",
    "A roadside bomb wounded three policemen on patrol in the district on Tuesday.",
    "The minister said talks with the union would resume next week.",
]
WORDS = [
    "gunmen", "killed", "soldiers", "police", "fired", "at", "on", "protesters", "army",
    "attacked", "the", "a", "base", "militants", "were", "ambushed", "said", "Troops",
    "shot", "dead", "bomb", "explosion", "clashed", "with", "rebels", "arrested", "ſ",
    "Police", "MARCHED", "rally", "seized", "town", "by", "two", "injured", "convoy",
]


def _full_test(cue: object, text: str) -> bool:
    return any(p.search(text) is not None for p in cue.patterns)  # type: ignore[attr-defined]


def _scanned_test(lexicon: object, cue: object, text: str) -> bool:
    held, needs_met = lexicon.scan(text.lower())  # type: ignore[attr-defined]
    return cue.test_scanned(text, cue.name in needs_met, held, {})  # type: ignore[attr-defined]


def test_scanned_cue_tests_agree_with_whole_patterns() -> None:
    lexicon = trigger_lexicon()
    for text in TEXTS:
        for cue in lexicon.cues.values():
            scanned = _scanned_test(lexicon, cue, text)
            # Always what the cue's own test says (its ``needs`` prefilter included) ...
            assert scanned == cue.test(text, {}, text.lower()), (cue.name, text)
            if text.isascii():  # ... and, barring case-folding letters, the patterns' answer
                assert scanned == _full_test(cue, text), (cue.name, text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from([" ", ", "]))
def test_scanned_cue_tests_agree_on_generated_sentences(tokens: list[str], sep: str) -> None:
    lexicon = trigger_lexicon()
    text = sep.join(tokens)
    for cue in lexicon.cues.values():
        scanned = _scanned_test(lexicon, cue, text)
        assert scanned == cue.test(text, {}, text.lower()), (cue.name, text)
        if text.isascii():
            assert scanned == _full_test(cue, text), (cue.name, text)


def test_the_scan_reports_overlapping_and_nested_strings() -> None:
    scan = NeedsScan.build(
        {"kill": frozenset({"kill", "killed"}), "led": frozenset({"led"}), "none": None},
        {frozenset({"illed"}): 0, frozenset({"zzz"}): 1},
    )
    held, cues = scan.scan("they killed him")
    assert cues == {"kill", "led", "none"}  # "killed" holds "kill" and "led" inside it
    assert held == 0b01
    held, cues = scan.scan("nothing here")
    assert (held, cues) == (0, {"none"})
    assert scan.scan("ſome text")[0] is None  # a long s: only the cue-level test is trusted


def test_required_clauses_hold_in_every_match() -> None:
    clauses = required_clauses(r"(?:fired|opened fire) (?:on|at) (?:the )?(?:police|troops)")
    assert frozenset({"police", "troops"}) in clauses
    assert frozenset({"fired", "opened fire"}) in clauses
    assert required_clauses(r"\w+ \d+") == ()


NAMES = ["al-shabaab", "shabaab", "islamic state", "islamic state west africa province",
         "boko haram", "iswap", "state", "haram"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*NAMES, "in", "the", "West", "Africa", "Province", "-", "x"]),
                min_size=1, max_size=10))
def test_name_tries_find_what_longest_first_lists_find(tokens: list[str]) -> None:
    text = " ".join(tokens).title()
    trie = _literals(NAMES)
    listed = _words([re.escape(n) for n in NAMES])
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in listed.finditer(text)]
    assert alternation(["ab", "abcd"]).startswith("(?:")


def _walked(html: str, max_elements: int, max_chars: int) -> bytes:
    """What load_page returned before its fast path: every element walked and cut."""
    tree = trafilatura.load_html(html)
    run_limit = 2 * max_chars if max_chars > 0 else 0
    for element in tree.iter():
        for key, value in element.attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                element.set(key, value[:MAX_ATTRIBUTE_CHARS])
        limit = MAX_ATTRIBUTE_CHARS if element.tag == "title" else run_limit
        if limit and element.text and len(element.text) > limit:
            element.text = element.text[:limit]
        if run_limit and element.tail and len(element.tail) > run_limit:
            element.tail = element.tail[:run_limit]
    return etree.tostring(tree)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Short</title></head><body><p>Two killed.</p></body></html>",
        f"<html><head><title>{'T' * 2500}</title></head><body><p>x</p></body></html>",
        f'<html><body><div class="{"c" * 2500}"><p>Text</p></div></body></html>',
        f"<html><body><p>{'word ' * 900}</p><!-- {'n' * 3000} --></body></html>",
        f"<html><body><p>{'a' * 1500}</p><p>{'b' * 1500}</p></body></html>",
        "<html><body>" + "<p>one <b>two</b> three</p>" * 50 + "</body></html>",
    ],
)
def test_load_page_cuts_what_the_element_walk_cut(html: str) -> None:
    tree = load_page(html, max_elements=10_000, max_chars=1_000)
    assert tree is not None
    assert etree.tostring(tree) == _walked(html, 10_000, 1_000)


PAGE = """<!doctype html><html><head>
<meta property="og:site_name" content="The Lakeside Courier">
<meta property="article:published_time" content="2025-11-03T07:30:00Z">
<meta name="author" content="Joseph Okello">
<meta name="keywords" content="security, Kasese">
<title>Attackers raid border post in Kasese | The Lakeside Courier</title></head>
<body><article><h1>Attackers raid border post in Kasese</h1>
<p>KASESE - Armed men raided a border post near Mpondwe on Sunday night, killing a guard,
police said on Monday.</p><p>The attackers fled across the river, residents said.</p>
</article><footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY
</a></footer></body></html>"""


def test_page_metadata_is_trafilaturas_less_the_unused_fields() -> None:
    tree = trafilatura.load_html(PAGE)
    ours = page_metadata(tree, "https://courier.example/raid", extensive=False)
    theirs = trafilatura.bare_extraction(
        trafilatura.load_html(PAGE), url="https://courier.example/raid", with_metadata=True
    )
    assert ours is not None and theirs is not None
    for field in ("title", "author", "url", "hostname", "date", "sitename", "description"):
        assert getattr(ours, field) == getattr(theirs, field), field
    assert ours.title == "Attackers raid border post in Kasese"
    assert ours.date == "2025-11-03"


def test_a_cue_with_a_backreference_is_searched_whole() -> None:
    from conflictcoder.resources.lexicons import compile_triggers

    raw = {
        "cues": {"again": [r"(\w+) and \1 again", "shelled"]},
        "rule": [
            {"name": "r", "event_type": "Battles", "sub_event_type": "Armed clash",
             "priority": 1, "trigger": "again"}
        ],
    }
    lexicon = compile_triggers(raw)
    cue = lexicon.cues["again"]
    for text in ("They fired and fired again at the post.", "Troops shelled the ridge.",
                 "They fired and shot again."):
        assert _scanned_test(lexicon, cue, text) == _full_test(cue, text), text
    assert _scanned_test(lexicon, cue, "They fired and fired again at the post.")


def test_one_name_list_memo_per_text_gives_each_cue_its_own_answer() -> None:
    """The mention stage shares one memo of name-list answers between all cues of a
    sentence (keyed by pattern id: hashing a long compiled pattern costs ~50 µs)."""
    lexicon = trigger_lexicon()
    for text in TEXTS:
        memo: dict[int, bool] = {}
        for cue in lexicon.cues.values():
            assert cue.test(text, memo, text.lower()) == cue.test(text), (cue.name, text)
        assert all(isinstance(key, int) for key in memo)
        assert any(memo.values()) or not any(  # the memo records real answers
            p.search(text) for cue in lexicon.cues.values() for p in cue.shared
        )


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, *TEXTS[:3], "MPs", "an MP", "camp", "in"]),
                min_size=1, max_size=10))
def test_branch_index_searches_what_every_branch_search_finds(tokens: list[str]) -> None:
    """Cues search their alternatives through an index by first clause: the answer is
    the one testing every alternative's clauses gives."""
    lexicon = trigger_lexicon()
    for text in (" ".join(tokens), *TEXTS):
        held, _ = lexicon.scan(text.lower())
        if held is None:
            continue
        for cue in lexicon.cues.values():
            assert cue.index is not None
            plain = search_branches(cue.branches, text, held)
            assert cue.index.search(text, held) == plain, (cue.name, text)


def test_the_kept_masks_are_fresh_masks() -> None:
    """Masks of the shipped lexicon are kept per text (the actor stage asks again): what
    is kept is what masking the text afresh gives, scan included."""
    lexicon = trigger_lexicon()
    texts = [*TEXTS, "Police said the attackers, according to witnesses, fled.", TEXTS[0]]
    for text in texts:
        kept = mentions._mask(text, lexicon)
        assert kept == mentions._mask_with(text, lexicon), text
        assert mentions.mask(text, lexicon) == kept[0]
    assert mentions._mask_with(texts[-2], lexicon)[0] != texts[-2]  # a mask did apply


@pytest.mark.parametrize("scope", ["political", "all-violence"])
def test_rules_weighed_by_trigger_are_the_rules_that_pass(scope: str) -> None:
    """A sentence is weighed only against the rules of the triggers it may hold: the
    same rules as weighing it against every rule of the scope."""
    lexicon = trigger_lexicon()
    rules, by_trigger = mentions._rules_in_scope(scope)
    assert {r.name for r in rules} == {r.name for group in by_trigger.values() for r in group}
    texts = [*TEXTS, "Police fired tear gas at protesters who blocked the road in 2019."]
    fired = 0
    for index, text in enumerate(texts):
        sentence = Sentence(index, 0, len(text), 0, text)
        for background in (False, True):
            p = mentions._prepare(sentence, lexicon)
            plain = frozenset(
                r.name for r in rules if r.trigger in p.possible
                and mentions._trigger_ok(r, p, background)
            )
            q = mentions._prepare(sentence, lexicon)
            assert mentions._triggered(q, by_trigger, background) == plain, text
            fired += bool(plain)
    assert fired >= 5


HEAD_NAMES = [*NAMES, "cpi (maoist)", "people's liberation army", "18th street gang",
              "the base", "ansar al-islam", "m23", "σπάρτη force", "kurdistan workers' party"]
HEAD_PIECES = [*HEAD_NAMES, "In", "the", "The", "BASE", "Al-Shabaab-held", "Al-Shabaab-ALC",
               "(", ")", "'", "’", "-", ",", ".", "x", "_", "İslamic", "ıslamic", "ſtate",
               "ΣΠΆΡΤΗ", "Kurdistan", "M23s", "workers", "party", "gang", "2", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), min_size=1, max_size=12),
       st.lists(st.sampled_from(["", " ", " ", "-", "  "]), min_size=12, max_size=12))
def test_head_words_find_what_the_name_pattern_finds(pieces: list[str], seps: list[str]) -> None:
    """Names are tried only where the text holds every word of one: the same matches as
    scanning the text with the name pattern (glued words, case-folding letters too)."""
    text = "".join(p + s for p, s in zip(pieces, seps, strict=False))
    pattern = _literals(HEAD_NAMES, end=_NAME_END)
    finder = HeadWords.of(pattern, HEAD_NAMES)
    for variant in (text, text.title(), text.upper()):
        expected = [(m.span(), m.group(0)) for m in pattern.finditer(variant)]
        assert [(m.span(), m.group(0)) for m in finder.finditer(variant)] == expected, variant


def test_head_words_of_the_actor_dictionary_find_its_names() -> None:
    index = load_actor_index()
    finder = index._name_finder
    assert finder is not None and finder.heads is not None
    texts = [*TEXTS, "Fighters of the Islamic State West Africa Province (ISWAP) and Boko Haram "
             "clashed; al-Shabaab-held towns", "the people of the new state said"]
    found = 0
    for text in texts:
        expected = [m.span() for m in finder.pattern.finditer(text)]
        assert [m.span() for m in finder.finditer(text)] == expected, text
        found += len(expected)
    assert found >= 3
    assert HeadWords.of(finder.pattern, ["(odd) name"]).heads is None  # no first word: whole


def _found(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


ALTERNATIVES = [r"fired (?:at|on)", r"fired", r"(?P<mask>said) police", r"police(?:men)?",
                r"at(?: the)?", r"the police", r"tear gas", r"gas", r"on", r"on -", r"- the"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALTERNATIVES), min_size=1, max_size=5, unique=True),
       st.lists(st.sampled_from([*WORDS, "tear", "gas", "-", "said", "the police", "policemen"]),
                min_size=1, max_size=12))
@example(["on -", "- the", "gas"], ["on", "-", "the", "gas"])  # overlapping alternatives
def test_alternatives_searched_alone_match_as_their_alternation(
    alternatives: list[str], tokens: list[str]
) -> None:
    text = " ".join(tokens)
    whole = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    alone = [re.compile(r"(?<!\w)(?:" + a + r")(?!\w)", re.IGNORECASE) for a in alternatives]
    expected = [(span, {k: v for k, v in groups.items() if v is not None})
                for span, groups in _found(whole.finditer(text))]
    got = [(span, {k: v for k, v in groups.items() if v is not None})
           for span, groups in _found(finditer_alternatives(alone, text))]
    assert got == expected


def test_scanned_cue_matches_are_the_whole_patterns_matches() -> None:
    """Masks and trigger spans come from the alternatives that can match a sentence: the
    same matches as the cue's whole patterns (what a mask blanks, what a span covers)."""
    lexicon = trigger_lexicon()
    matched = 0
    for text in [*TEXTS, "Police said the attackers, according to witnesses, fled on Monday."]:
        held, _ = lexicon.scan(text.lower())
        for cue in lexicon.cues.values():
            expected = [(m.span(), m.group(0)) for m in cue.finditer(text)]
            got = [(m.span(), m.group(0)) for m in cue.finditer_scanned(text, held)]
            assert got == expected, (cue.name, text)
            matched += len(expected)
    assert matched >= 20


def _two_pass_best(rules: tuple, group: list) -> tuple | None:
    """The typing rule as first written: every rule tried with the trigger in the report,
    then every rule again with quotes and claims allowed to hold it."""
    names = set().union(*(s.triggered for s in group))
    for hearsay in (False, True):
        for rule in (r for r in rules if r.name in names):
            at = next((s for s in group if rule.name in s.triggered
                       and (hearsay or not s.hearsay)), None)
            if at is not None and mentions._conditions_hold(rule, group):
                return rule, at
    return None


STORY = [
    "Gunmen stormed a village in the district on Sunday, killing six people.",
    "\u201cThey shot everyone they saw,\u201d a survivor said.",
    "The Kivu Liberation Front claimed responsibility for the attack on the army post.",
    "Police fired tear gas at hundreds of traders protesting against the new market tax.",
    "Several protesters were wounded when soldiers opened fire, a witness said.",
    "Rebels said they had shot down an army helicopter and killed its crew.",
    "The minister said talks would resume next week.",
    "\u201cRebels attacked our village, clashed with soldiers and burned the market,\u201d "
    "a farmer said.",
    "The group claimed it had ambushed a police convoy and abducted two officers.",
]


@pytest.mark.parametrize("scope", ["political", "all-violence"])
def test_one_pass_typing_picks_what_two_passes_picked(scope: str) -> None:
    lexicon = trigger_lexicon()
    rules, by_trigger = mentions._rules_in_scope(scope)
    prepared = []
    for index, text in enumerate(STORY):
        p = mentions._prepare(Sentence(index, 0, len(text), 0, text), lexicon)
        p.hearsay = mentions._is_hearsay(p)
        p.triggered = mentions._triggered(p, by_trigger, False)
        prepared.append(p)
    assert any(p.hearsay and p.triggered for p in prepared)  # a quote or claim that types
    typed = 0
    for start in range(len(prepared)):
        for end in range(start + 1, min(len(prepared), start + 4) + 1):
            group = prepared[start:end]
            expected = _two_pass_best(rules, group)
            assert mentions._Typer(rules)._best(group) == expected, (start, end)
            typed += expected is not None
    assert typed >= 10
