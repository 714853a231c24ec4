"""Main text and metadata of a news page or a plain text, as an :class:`Article`.

trafilatura finds the article body and drops navigation, bylines, captions, tags
and most related-story lists; it can keep a "Read more: ..." headline inside the
body, so such lines are filtered here, or they would become false events.
"""

from __future__ import annotations

import re
from datetime import date

import trafilatura

from conflictcoder.model import Article

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


def detect_wire(text: str) -> str:
    """The wire service credited at the start or the end of the text, or ""."""
    edges = text[:300] + "\n" + text[-300:]
    for name, pattern in _WIRES:
        if pattern.search(edges):
            return name
    return ""


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
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
) -> Article | None:
    """Read a page with trafilatura; metadata found on the page wins over the defaults given."""
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        favor_precision=True,
    )
    if document is None:
        return None
    body = clean_body(document.text or "")
    page_title = document.title or title
    if page_title and body.startswith(page_title):
        body = body[len(page_title) :].lstrip()  # the headline is metadata, not report text
    if not body:
        return None
    return Article(
        id=article_id,
        text=body,
        url=url or (document.url or ""),
        outlet=document.sitename or outlet,
        title=page_title,
        byline=document.author or "",
        published=_parse_date(document.date) or published,
        wire=detect_wire(body),
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
) -> Article | None:
    body = clean_body(unwrap_lines(text))
    if not body:
        return None
    return Article(
        id=article_id,
        text=body,
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        wire=detect_wire(body),
        origin=origin,
    )
