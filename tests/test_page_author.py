"""The reader's one-pass byline gives trafilatura's ``extract_author`` answer.

Random pages are built from the tags, classes and ids the byline expressions test (and
the ones whose elements trafilatura deletes first: dates, figures, comment lists), so
every path is taken: a byline found by each expression, one inside a deleted element,
one holding a date (answered by trafilatura itself), none at all.
"""

from __future__ import annotations

from html import escape

import pytest
import trafilatura
from hypothesis import example, given, settings
from hypothesis import strategies as st
from trafilatura.metadata import extract_author

from conflictcoder.sources import page_author
from conflictcoder.sources.page_author import page_author as author_of

TAGS = ["div", "span", "p", "a", "section", "strong", "h3", "h4", "address", "time",
        "figure", "author", "li", "header", "link"]
CLASSES = [None, "author", "byline", "author-name", "AuthorName", "post-author", "date",
           "comments", "commentlist", "sidebar", "title", "print-only", "byl", "BBL",
           "writer", "meta-date", "article-share", "username", "content", "Comments box",
           "screenname", "quote", "channel-name"]
IDS = [None, "author", "comments", "comments-1", "authorbox", "main", "zuozhe", "Author"]
OTHER = [None, ("itemprop", "author"), ("itemprop", "author name"), ("rel", "author"),
         ("data-component", "Byline"), ("data-component", "Figure"),
         ("data-testid", "AuthorCard")]
TEXTS = ["", "By Amina Yusuf", "Staff reporter", "12 May 2024", "Jo", "Comments (3)",
         "x" * 130, "Reporting by Lena Park and Omar Haddad"]


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = []
    for name, values in (("class", CLASSES), ("id", IDS)):
        value = draw(st.sampled_from(values))
        if value is not None:
            attrs.append(f'{name}="{escape(value)}"')
    other = draw(st.sampled_from(OTHER))
    if other is not None:
        attrs.append(f'{other[0]}="{other[1]}"')
    children = (
        draw(st.lists(elements(depth + 1), max_size=3)) if depth < 3 and tag != "link" else []
    )
    text, tail = draw(st.sampled_from(TEXTS)), draw(st.sampled_from(TEXTS))
    if tag == "link":
        return f"<link {' '.join(attrs)}>{tail}"
    inner = escape(text) + "".join(children)
    return f"<{tag} {' '.join(attrs)}>{inner}</{tag}>{escape(tail)}"


def _page(body: list[str]) -> str:
    return "<html><head><title>A page</title></head><body>" + "".join(body) + "</body></html>"


def test_the_fast_path_is_used_exactly_when_trafilatura_is_the_release_it_replays() -> None:
    # With the trafilatura this was written from (2.3.1) the one-pass reading is on; with
    # any other, whose functions may answer otherwise, trafilatura's own function answers.
    known = page_author.replayed_source_sha256() == page_author.FUNCTIONS_SHA256
    assert page_author.KNOWN is known
    if trafilatura.__version__ == "2.3.1":
        assert page_author.KNOWN


def test_without_the_fast_path_trafilatura_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    html = _page(['<span class="byline">By Amina Yusuf</span>'])
    tree = trafilatura.load_html(html)
    monkeypatch.setattr(page_author, "_walk", lambda tree: pytest.fail("fast path used"))
    monkeypatch.setattr(page_author, "KNOWN", False)
    assert author_of(tree) == extract_author(tree) == "Amina Yusuf"


@settings(max_examples=400, deadline=None)
@given(st.lists(elements(), min_size=1, max_size=6))
@example(['<div class="byline">By Amina Yusuf <time>12 May</time></div>'])
@example(['<div class="comments"><span class="author">Jo Bloggs</span></div>'])
@example(['<p class="author">Jo</p>', '<span class="post-author">Lena Park</span>'])
@example(['<div><rel>me</rel>By Amina Yusuf</div>'])
@example(['<p>No byline at all.</p>'])
def test_page_author_agrees_with_trafilatura(body: list[str]) -> None:
    tree = trafilatura.load_html(_page(body))
    assert tree is not None
    assert author_of(tree) == extract_author(tree)


def test_a_byline_inside_a_deleted_element_is_not_taken() -> None:
    html = _page([
        '<div class="comments"><span class="author">Jo Bloggs</span></div>',
        '<span class="byline">By Amina Yusuf</span>',
    ])
    tree = trafilatura.load_html(html)
    assert author_of(tree) == extract_author(tree) == "Amina Yusuf"
