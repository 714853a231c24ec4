"""A page's byline as trafilatura's ``extract_author`` finds it, in one pass, no copy.

trafilatura (2.x) copies the whole tree, deletes from the copy what no byline is in
(comment lists, share bars, dates, figures: ``AUTHOR_DISCARD_XPATHS``) and takes the
first element that ``AUTHOR_XPATHS`` select, expression by expression, whose text is
of a byline's length. Five XPath walks with a regular expression tested in Python per
attribute, and the copy: half of the reader's own cost. Here the same predicates are
tested in one walk over the page as parsed, and an element's text is read there, which
is its text in the copy unless a deleted element lies inside it (a date in a byline):
then, and whenever trafilatura's expressions are not the ones these predicates were
written from, trafilatura's own function answers. Same answer, every page.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from lxml.html import HtmlElement

try:
    from trafilatura.metadata import extract_author

    AVAILABLE = True
except ImportError:  # pragma: no cover - another trafilatura: page_meta is not used then
    AVAILABLE = False
try:  # what the one-pass reading needs besides (else trafilatura's own function answers)
    from trafilatura.metadata import normalize_authors
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS
except ImportError:  # pragma: no cover
    AUTHOR_XPATHS = AUTHOR_DISCARD_XPATHS = []

# The SHA-256 of the expressions below, whitespace collapsed: AUTHOR_XPATHS, then
# AUTHOR_DISCARD_XPATHS, one a line (trafilatura 2.3). Another release: its own function.
_SOURCE_SHA256 = "2af94d4a6e04e948df241a9e68388d224ac8a86fb3169fc4e07dad1dbf4e0ce7"
# As lxml's ``re:test`` runs them: re.search on the attribute's value ("" when absent).
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    r"article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_NAME_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_BYLINE_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_BYLINE_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")
# Every string the class and id expressions above may match holds one of these (found in
# ``class`` + " " + ``id``), or is one of these classes; an element with neither, and with
# none of the rarer attributes tested, is selected by no expression.
_HINT = re.compile(
    r"omment|ProductReviews|sidebar|is-hidden|quote|embedly-instagram|article-|print|"
    r"category|meta-|[Aa]uthor|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|"
    r"journalist-name|screenname|writer|[Bb]yline"
)
_EQUAL_CLASSES = frozenset({"comments", "title", "date", "byline", "username", "byl", "BBL"})
_RARE = frozenset({"itemprop", "data-component", "rel", "data-testid"})
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_NAME_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_BYLINE_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_LEN_LIMIT = 120  # extract_author's len_limit


def _expressions_known() -> bool:
    text = "\n".join(" ".join(x.path.split()) for x in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS))
    return hashlib.sha256(text.encode()).hexdigest() == _SOURCE_SHA256


# The SHA-256 of the source of the trafilatura functions this module replays (2.3.1):
# a release that changes how they copy, prune or pick keeps the same expressions but
# may answer otherwise, so then trafilatura's own function answers.
FUNCTIONS_SHA256 = "89f9dd39ad7bf039cbf9565aa012b2060b86b409717fe64828b056093e4f4fc2"


def replayed_source_sha256() -> str:
    """The SHA-256 of the replayed functions' source ("" when it cannot be read)."""
    import inspect

    try:
        from trafilatura.htmlprocessing import prune_unwanted_nodes
        from trafilatura.metadata import extract_metainfo
        from trafilatura.xml import delete_element

        functions = (extract_author, extract_metainfo, prune_unwanted_nodes, delete_element)
        source = "".join(inspect.getsource(f) for f in functions)
    except (ImportError, OSError, TypeError, NameError):
        return ""
    return hashlib.sha256(source.encode()).hexdigest()


KNOWN = (
    bool(AUTHOR_XPATHS)
    and _expressions_known()
    and replayed_source_sha256() == FUNCTIONS_SHA256
)


def page_author(tree: HtmlElement) -> str | None:
    """``trafilatura.metadata.extract_author(tree)``."""
    if not KNOWN:
        return extract_author(tree)  # type: ignore[no-any-return]
    found = _walk(tree)
    if found is None:
        return extract_author(tree)  # type: ignore[no-any-return]
    selected, deleted = found
    gone, holds_deleted = _deletions(deleted)
    for elements in selected:  # each expression in turn, as extract_metainfo
        for element in elements:
            if element in gone or not gone.isdisjoint(element.iterancestors()):
                continue  # deleted from the copy with an ancestor
            if element in holds_deleted:
                return extract_author(tree)  # type: ignore[no-any-return]
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < _LEN_LIMIT:
                return normalize_authors(None, content)  # type: ignore[no-any-return]
    return None


def _walk(tree: HtmlElement) -> tuple[tuple[list[Any], ...], list[Any]] | None:
    """The elements each of AUTHOR_XPATHS selects, in document order, and those
    AUTHOR_DISCARD_XPATHS would delete (or more, inside deleted ones); None for a page
    with a ``rel`` element (the expressions test a child's text there). (libxml2's parser
    keeps the first of repeated attributes, so ``get`` reads what an expression does.)"""
    names: list[Any] = []
    bylines: list[Any] = []
    anywhere: list[Any] = []
    deleted: list[Any] = []
    for element in tree.iter("*"):  # elements: ``*`` selects no comment
        tag = element.tag
        if tag == "rel":
            return None
        if tag == "time" or tag == "figure":
            deleted.append(element)
        keys = element.keys()
        if not keys:
            if tag == "author":
                names.append(element)
            continue
        cls = element.get("class") or ""
        ident = element.get("id") or ""
        if (
            cls not in _EQUAL_CLASSES
            and _RARE.isdisjoint(keys)
            and _HINT.search(f"{cls} {ident}") is None
        ):
            if tag == "author":
                names.append(element)
            continue
        get = element.get
        itemprop = get("itemprop") or ""
        component = get("data-component") or ""
        if (
            tag in _DISCARD_TAGS
            and element is not tree  # ``.//*``: descendants only
            and (
                ident == "comments"
                or cls in ("comments", "title", "date")
                or _DISCARD_ID.search(ident)
                or _DISCARD_CLASS.search(cls)
                or "Figure" in component
            )
        ):
            deleted.append(element)
        if tag == "author" or (
            tag in _NAME_TAGS
            and (
                get("rel") == "author"
                or ident == "author"
                or cls == "author"
                or itemprop == "author name"
                or get("data-testid") in ("AuthorCard", "AuthorURL")
                or _NAME_CLASS.search(cls)
            )
        ):
            names.append(element)
        if tag in _BYLINE_TAGS and (
            cls in ("byline", "username", "byl", "BBL")
            or "author" in itemprop
            or _BYLINE_ID.search(ident)
            or _BYLINE_CLASS.search(cls)
        ):
            bylines.append(element)
        if (
            "Byline" in component
            or "author" in itemprop
            or _ANY_ID.search(ident)
            or _ANY_CLASS.search(cls)
        ):
            anywhere.append(element)
    return (names, bylines, anywhere), deleted


def _deletions(deleted: list[Any]) -> tuple[set[Any], set[Any]]:
    """The deleted elements (the root never is: it has no parent to leave), and the
    elements that hold one: their text in the pruned copy is not their text here."""
    gone = {e for e in deleted if e.getparent() is not None}
    holds: set[Any] = set()
    for element in gone:
        holds.update(element.iterancestors())
    return gone, holds
