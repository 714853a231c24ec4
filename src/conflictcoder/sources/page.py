"""Main text and metadata of a news page or a plain text, as an :class:`Article`.

trafilatura finds the article body and drops navigation, bylines, captions, tags
and most related-story lists; it can keep a "Read more: ..." headline inside the
body, so such lines are filtered here, or they would become false events.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from conflictcoder.limits import MAX_ELEMENTS, MAX_TEXT_CHARS, cap_text, current_limits
from conflictcoder.model import Article
from conflictcoder.sources.page_meta import page_metadata
from conflictcoder.stages.headline import MAX_HEADLINE_CHARS, words

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())
# trafilatura warns "discarding data: None" for pages without text, naming no input;
# the reader reports those pages itself, with their names.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# libxml2's HTML parser drops everything nested deeper than this (without its "huge"
# option, which we never set: it also lifts the guards against entity expansion).
PARSER_MAX_DEPTH = 255
# Never coded and often the bulk of a heavy page (icons, tracking, widgets). JSON-LD
# scripts are kept: they carry the publication date.
# The page reader runs regular expressions over class and id values: a 10 MB attribute
# took 30 s. No attribute we read (class, id, itemprop, content, datetime) is this long.
MAX_ATTRIBUTE_CHARS = 2_000
_HEAVY_TAGS = ("svg", "math", "style", "noscript", "template", "iframe", "object", "canvas")

# Lines that are links to other stories, credits or page furniture, never report text.
_RELATED_LINE = re.compile(
    r"^\s*(?:read more|read also|also read|see also|related(?: stories| articles| coverage)?|"
    r"more for you|more from|recommended|watch|listen|trending|most read|don't miss|"
    r"you may also like|further reading|sign up|subscribe|click here|follow us|share this)"
    r"\b\s*[:|\-–—]?",
    re.I,
)
_CREDIT_LINE = re.compile(
    r"^\s*(?:\(?\s*(?:reporting|additional reporting|writing|editing|compiled) by\b|"
    r"our standards:|©|copyright\b|all rights reserved)",
    re.I,
)
_WIRES = (
    ("Reuters", re.compile(r"\(Reuters\)|\bReuters\s*[-–—]|^\s*Reuters\b")),
    ("AP", re.compile(r"\(AP\)|\bAssociated Press\b|^\s*AP\s*[-–—]")),
    ("AFP", re.compile(r"\(AFP\)|\bAgence France-Presse\b|^\s*AFP\s*[-–—]|\bAFP\s*$")),
    ("Xinhua", re.compile(r"\(Xinhua\)")),
    ("Anadolu", re.compile(r"\(AA\)|\bAnadolu Agency\b")),
    ("dpa", re.compile(r"\(dpa\)")),
)


def clean_body(text: str) -> str:
    """Drop related-story, credit and empty lines; keep paragraph breaks."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or _RELATED_LINE.match(stripped) or _CREDIT_LINE.match(stripped):
            continue
        kept.append(stripped)
    return "\n\n".join(kept)


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines of a plain text; blank lines and sentence ends stay breaks."""
    out: list[str] = []
    joinable = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
            joinable = False
            continue
        if joinable and out and not _RELATED_LINE.match(stripped):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
        joinable = not (
            stripped.endswith((".", "!", "?", '"', "”", ":", "'")) or _RELATED_LINE.match(stripped)
        )
    return "\n".join(out)


# Any of the credits at all (most texts credit none): one search instead of six.
_ANY_WIRE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _WIRES))


def detect_wire(text: str) -> str:
    """The wire service credited at the start or the end of the text, or ""."""
    edges = text[:300] + "\n" + text[-300:]
    if _ANY_WIRE.search(edges) is None:
        return ""
    for name, pattern in _WIRES:
        if pattern.search(edges):
            return name
    return ""


# Headlines carry the site's name after a separator ("Man shot in Tulsa - KOTV.com |",
# "... - WMC Action News 5 - Memphis, Tennessee"): a segment naming an outlet, and the
# short place names between it and the headline, are no part of the report.
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-{1,2}|–|—)\s+|\s*\|\s*$")
_OUTLET_SEGMENT = re.compile(
    r"\.(?:com|net|org|co\.uk|tv)\b|\b(?:news|weather|sports|video|tv|radio|channel|online|"
    r"times|post|tribune|herald|gazette|journal|daily|press|chronicle|courier|register|"
    r"examiner|dispatch|telegraph|inquirer|observer|reporter|abc|cbs|nbc|fox|cnn|"
    r"wire|blog|magazine|reuters|afp|bbc|xinhua|al\s+jazeera|associated\s+press)\b|^AP$|^[KW][A-Z]{2,3}(?:-?TV|[\s-]?\d+)?$|^[A-Z]{2,5}\d{1,2}$",
    re.IGNORECASE,
)
_CALL_SIGN = re.compile(r"[KW][A-Z]{3}\b")  # a US station: "KAIT Jonesboro, AR"
# Possessive words (*+): a long run of capitals is one word, never split every way (a
# 400-letter title took 37 s); as a yes/no test it answers as before.
_SHORT_NAME = re.compile(r"^(?:[A-Z][\w.'’&-]*+,?\s*){1,4}$")


def headline_of(title: str, outlet: str = "") -> str:
    """The headline of a page title: the site's name and its place after it dropped."""
    head = " ".join(title.split())
    segments = _TITLE_SEPARATOR.split(head)
    cut = len(segments)
    while cut > 1:
        segment = segments[cut - 1].strip()
        if (
            not segment
            or _OUTLET_SEGMENT.search(segment)
            or (outlet and segment.lower() == outlet.strip().lower())
            or (_CALL_SIGN.match(segment) and _SHORT_NAME.match(segment))
        ):
            cut -= 1
            continue
        # "Memphis, Tennessee" only goes with an outlet segment to its left
        if _SHORT_NAME.match(segment) and any(
            _OUTLET_SEGMENT.search(s) for s in segments[1 : cut - 1]
        ):
            cut -= 1
            continue
        break
    first = 0  # "CBS 58 - Five killed in ...": a station's name before the headline
    if cut > 1 and len(segments[0].split()) <= 3 and (
        _OUTLET_SEGMENT.search(segments[0]) or _CALL_SIGN.fullmatch(segments[0])
    ):
        first = 1
    if first or cut < len(segments):
        head = " - ".join(s.strip() for s in segments[first:cut])
    return head.strip(" |-–—")


def with_headline(title: str, body: str, outlet: str = "") -> str:
    """The article text: the headline as its own first paragraph, then the body.

    Some pages carry the story only in their headline (a video page, a paywall), and
    headlines state the toll plainly. A body that already opens with the headline (after
    a stray mark or a section's name, or before a "Posted:" line) is left as it is, so
    the headline is never read twice. The result depends on the title and body alone,
    and a text made by this function is returned unchanged when given again, so stored
    texts and their hashes are stable.
    """
    head = headline_of(title, outlet)
    if not head or not body or len(head) > MAX_HEADLINE_CHARS:
        return body  # a "title" that long is report text, and headline_end would not see it
    opening = body.lstrip()[: len(head) + 80]  # after a stray mark or a section's name
    if words(head) in words(opening):
        return body
    return f"{head}\n\n{body}"


class PageLimitError(ValueError):
    """A page over a structural limit; refused before the costly page reader runs."""


def _markup_count(html: str) -> int:
    """An upper bound on the elements of a page, in one pass at C speed."""
    return html.count("<") - html.count("</")


def _depth(tree: HtmlElement) -> int:
    deepest = level = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        level += 1 if event == "start" else -1
        deepest = max(deepest, level)
    return deepest


# Elements, comments and processing instructions: what ``tree.iter()`` yields (every node
# less the text nodes: two counts cost a third of one count with a test on each node).
_NODE_COUNT = etree.XPath("count(descendant-or-self::node()) - count(descendant::text())")
_LONG_ATTRIBUTE = etree.XPath("boolean(//@*[string-length(.) > $limit])")
_TEXT_CHARS = etree.XPath("string-length(string(.))")
_LONG_NOTE = etree.XPath(
    "boolean(.//comment()[string-length(.) > $limit]"
    " | .//processing-instruction()[string-length(.) > $limit])"
)


def _within_limits(tree: HtmlElement, max_elements: int, run_limit: int) -> bool:
    """True when :func:`load_page`'s walk over every element would cut nothing and count
    no more than ``max_elements``: no long attribute value or title, and all the page's
    text together within ``run_limit`` (so no one run of it is over)."""
    if _LONG_ATTRIBUTE(tree, limit=MAX_ATTRIBUTE_CHARS):
        return False
    if any(t.text and len(t.text) > MAX_ATTRIBUTE_CHARS for t in tree.iter("title")):
        return False
    if run_limit and (
        _TEXT_CHARS(tree) > run_limit
        or (tree.tail and len(tree.tail) > run_limit)
        or _LONG_NOTE(tree, limit=run_limit)
    ):
        return False
    return not max_elements or _NODE_COUNT(tree) <= max_elements


def load_page(
    html: str, *, max_elements: int = MAX_ELEMENTS, max_chars: int = MAX_TEXT_CHARS
) -> HtmlElement | None:
    """The page's tree, or PageLimitError when it has more than ``max_elements`` elements.

    Pages over the limit get one second chance with icons, styles and other never-coded
    elements removed. The markup count refuses absurd pages before lxml builds a tree
    (a 20 MB page of empty tags takes over 1 GB as a tree). Attribute values, titles and
    text runs are cut to what could ever be used, since the page reader's regular
    expressions scan them whole (a 10 MB title took 7 s).
    """
    marks = _markup_count(html)
    if max_elements and marks > 4 * max_elements:
        raise PageLimitError(
            f"page has about {marks:,} tags, over the limit of {max_elements:,} elements"
        )
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    run_limit = 2 * max_chars if max_chars > 0 else 0
    if _within_limits(tree, max_elements, run_limit):
        return tree  # nearly every page: nothing to cut, and asked of libxml2 at C speed
    count = 0
    for element in tree.iter():
        count += 1
        for key, value in element.attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                element.set(key, value[:MAX_ATTRIBUTE_CHARS])
        limit = MAX_ATTRIBUTE_CHARS if element.tag == "title" else run_limit
        if limit and element.text and len(element.text) > limit:
            element.text = element.text[:limit]
        if run_limit and element.tail and len(element.tail) > run_limit:
            element.tail = element.tail[:run_limit]
    if not max_elements:
        return tree
    if count > max_elements:
        etree.strip_elements(tree, *_HEAVY_TAGS, with_tail=False)
        for script in list(tree.iter("script")):
            parent = script.getparent()
            if parent is not None and "ld+json" not in (script.get("type") or ""):
                parent.remove(script)
        count = sum(1 for _ in tree.iter())
    if count > max_elements:
        raise PageLimitError(f"page has {count:,} elements, over the limit of {max_elements:,}")
    return tree


def _capped(body: str, limit: int, origin: str) -> str:
    capped = cap_text(body, limit)
    if len(capped) < len(body):
        log.warning("%s: text is over %s characters; only the first %s are coded",
                    origin or "<input>", f"{limit:,}", f"{len(capped):,}")
    return capped


# Publication dates outside these years are page junk (0001-01-01, 9999-12-31), and
# relative dates counted back from them leave the calendar.
EARLIEST_PUBLISHED = date(1900, 1, 1)
LATEST_PUBLISHED = date(2199, 12, 31)


def plausible_published(value: date | None) -> date | None:
    """``value`` when it can be a news report's publication date, else None."""
    if value is None or not EARLIEST_PUBLISHED <= value <= LATEST_PUBLISHED:
        return None
    return value


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return plausible_published(date.fromisoformat(value[:10]))
    except ValueError:
        return None


def article_from_html(
    html: str,
    *,
    article_id: str,
    origin: str = "",
    published: date | None = None,
    url: str = "",
    title: str = "",
    outlet: str = "",
    max_elements: int | None = None,
    max_chars: int | None = None,
) -> Article | None:
    """Read a page with trafilatura; metadata found on the page wins over the defaults given.

    Raises PageLimitError for a page over the element limit, or one whose text lies
    nested too deep for the parser to keep. The text is capped at ``max_chars``
    (:func:`conflictcoder.limits.cap_text`). Limits default to :func:`current_limits`.
    """
    limits = current_limits()
    elements = limits.max_elements if max_elements is None else max_elements
    chars = limits.max_text_chars if max_chars is None else max_chars
    tree = load_page(html, max_elements=elements, max_chars=chars)
    if tree is None:
        return None
    # The metadata as bare_extraction(with_metadata=True) reads it, less the fields never
    # used (see page_meta); it passes its ``fast`` option (False) on as ``extensive``.
    meta = page_metadata(tree, url or None, extensive=False)
    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=meta is None,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        favor_precision=True,
        fast=True,
    )
    if document is not None and meta is not None:
        meta.text = document.text
        document = meta
    body = clean_body(document.text or "") if document is not None else ""
    page_title = (document.title if document is not None else "") or title
    if not body:
        if _depth(tree) >= PARSER_MAX_DEPTH:
            raise PageLimitError(
                f"no text above the parser's nesting limit: elements nest {PARSER_MAX_DEPTH}+ "
                "levels deep and deeper content is dropped"
            )
        return None
    assert document is not None
    site = document.sitename or outlet
    wire = detect_wire(cap_text(body, chars))  # the body's own opening and end credit a wire
    body = _capped(with_headline(page_title, body, site), chars, origin)
    return Article(
        id=article_id,
        text=body,
        url=url or (document.url or ""),
        outlet=site,
        title=page_title,
        byline=document.author or "",
        published=_parse_date(document.date) or published,
        wire=wire,
        language=document.language or "en",
        origin=origin,
    )


def article_from_text(
    text: str,
    *,
    article_id: str,
    origin: str = "",
    published: date | None = None,
    url: str = "",
    title: str = "",
    outlet: str = "",
    max_chars: int | None = None,
) -> Article | None:
    """A plain text as an Article: hard wraps joined, page furniture dropped, text capped."""
    limit = current_limits().max_text_chars if max_chars is None else max_chars
    if limit and len(text) > 2 * limit:
        text = text[: 2 * limit]  # cleaning drops little: no need to clean what is cut anyway
    body = clean_body(unwrap_lines(text))
    if not body:
        return None
    wire = detect_wire(cap_text(body, limit))
    body = _capped(with_headline(title, body, outlet), limit, origin or article_id)
    return Article(
        id=article_id,
        text=body,
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        wire=wire,
        origin=origin,
    )
