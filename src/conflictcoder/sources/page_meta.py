"""A page's metadata as trafilatura reads it, without what the reader never uses.

``trafilatura.bare_extraction(with_metadata=True)`` also reads the page's categories,
tags and licence: about a tenth of the reader's time, for fields no stage codes. This is
trafilatura's own ``extract_metadata`` (version 2.x), step for step, less those three;
the fields it returns (title, author, url, date, sitename) are the same. When a
trafilatura release moves the functions it calls, :func:`page_metadata` returns None
and the reader asks trafilatura for the whole metadata again. The byline is read by
``page_author`` (trafilatura's answer, at a fraction of the cost).
"""

from __future__ import annotations

import logging
from typing import Any

from lxml.html import HtmlElement

from conflictcoder.sources.page_author import AVAILABLE as AUTHOR_AVAILABLE
from conflictcoder.sources.page_author import page_author

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

try:
    from trafilatura.metadata import (
        META_URL,
        Document,
        examine_meta,
        extract_domain,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        find_date,
        set_date_params,
    )

    AVAILABLE = True
except ImportError:  # another trafilatura: the reader falls back to with_metadata=True
    AVAILABLE = False


def page_metadata(tree: HtmlElement, default_url: str | None, *, extensive: bool) -> Any | None:
    """trafilatura's metadata ``Document`` for a parsed page (its text fields unset), or
    None when this trafilatura lacks a function it needs. ``extensive`` is what
    ``bare_extraction`` passes on (its ``fast`` option). The tree is only read."""
    if not AVAILABLE or not AUTHOR_AVAILABLE:
        return None
    date_config: dict[str, Any] = set_date_params(extensive)
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # as trafilatura does: its JSON-LD reader has bugs
        log.debug("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = page_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        sitename = metadata.sitename = metadata.sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            metadata.sitename = sitename.title()
    elif metadata.url:
        match = META_URL.match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.filedate = date_config.get("max_date")
    metadata.clean_and_trim()
    assert isinstance(metadata, Document)
    return metadata
