"""The per-article pipeline: an article in, event records out.

Stages are pure functions over the data model (no I/O, no clock); the
publication date is the reference for every relative date. The heavy
resources (gazetteer, actor dictionary) are loaded once per process and passed
in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from conflictcoder.model import Article, ArticleResult, Scope
from conflictcoder.resources.actor_index import ActorIndex, load_actor_index
from conflictcoder.resources.gazetteer import Gazetteer, open_gazetteer
from conflictcoder.stages.actors import resolve_actors
from conflictcoder.stages.assemble import assemble_records
from conflictcoder.stages.casualties import find_casualty_figures
from conflictcoder.stages.dates import resolve_date
from conflictcoder.stages.mentions import find_mentions
from conflictcoder.stages.places import article_geo_context, resolve_event_places
from conflictcoder.stages.split import split_sentences

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())



@dataclass(frozen=True, slots=True)
class Resources:
    gazetteer: Gazetteer
    actors: ActorIndex


@lru_cache(maxsize=1)
def default_resources() -> Resources:
    """The shipped gazetteer and actor dictionary, loaded once per process."""
    return Resources(gazetteer=open_gazetteer(), actors=load_actor_index())


def extract_article(
    article: Article, resources: Resources | None = None, *, scope: Scope = "political"
) -> ArticleResult:
    """Run every per-article stage and return the article's event records."""
    res = resources or default_resources()
    sentences = split_sentences(article)
    mentions = find_mentions(article, sentences, scope=scope)
    if not mentions:
        return ArticleResult(article=article, records=(), mentions=())
    geo = article_geo_context(article, sentences, res.gazetteer, res.actors)
    dates = [resolve_date(m, article, sentences) for m in mentions]
    actors = [
        resolve_actors(m, article, sentences, res.actors, country=geo.country, event_date=d.end)
        for m, d in zip(mentions, dates, strict=True)
    ]
    # One action reported in several places ("in Nushki and Pasni") is one event per place:
    # the mention is passed once for each of its places.
    rows = [
        (mention, date_value, place, roles)
        for mention, date_value, roles in zip(mentions, dates, actors, strict=True)
        for place in (resolve_event_places(mention, article, sentences, res.gazetteer, geo)
                      or (None,))
    ]
    figures = find_casualty_figures(article, sentences)
    records = assemble_records(
        article,
        sentences,
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        [r[3] for r in rows],
        figures,
        scope=scope,
    )
    return ArticleResult(article=article, records=records, mentions=mentions)
