"""Engines: the local pool and a Dask LocalCluster give exactly the same records, in order."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from conflictcoder.engines import dask_mapper, local_mapper, map_articles
from conflictcoder.model import Article, ArticleResult, Rejection

TEXTS = (
    "PESHAWAR, Pakistan - Militants attacked a police checkpoint in Bannu district of "
    "Khyber Pakhtunkhwa on Thursday, killing three policemen, officials said.",
    "KHARKIV, Ukraine - A Russian missile strike on the city of Kharkiv on Wednesday killed "
    "five civilians and wounded 12 others, the regional governor said.",
    "The home side won the final by six wickets in Lahore on Sunday after a century from "
    "their opening batsman, sending thousands of fans into the streets to celebrate.",
    "NAIROBI, Kenya - Police fired tear gas at hundreds of protesters in Nairobi on Tuesday "
    "as demonstrations against a proposed tax increase spread to several towns.",
    "MOGADISHU, Somalia - A car bomb exploded near a busy checkpoint in Mogadishu on Saturday, "
    "killing at least eight people, police said. Al Shabaab said it carried out the attack.",
)


def make_articles() -> list[Article]:
    return [
        Article(id=f"a{i}", text=text, published=date(2024, 3, 16), origin=f"test:{i}")
        for i, text in enumerate(TEXTS)
    ]


def records_of(results: list[ArticleResult | Rejection]) -> list[object]:
    return [r.records if isinstance(r, ArticleResult) else r for r in results]


@pytest.fixture(scope="module")
def inline_results() -> list[ArticleResult | Rejection]:
    return list(map_articles(make_articles(), engine="local", workers=1))


@pytest.fixture(scope="module")
def dask_client() -> object:
    # Threads of this process keep the test fast; the code path is the same as processes.
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                     dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        yield client


def test_inline_codes_events_in_order(inline_results: list[ArticleResult | Rejection]) -> None:
    assert [r.article.id for r in inline_results if isinstance(r, ArticleResult)] == [
        "a0", "a1", "a2", "a3", "a4",
    ]
    with_events = [r.article.id for r in inline_results
                   if isinstance(r, ArticleResult) and r.records]
    assert "a2" not in with_events  # a cricket final is not political violence
    assert {"a0", "a1", "a4"} <= set(with_events)


def test_local_pool_equals_inline(inline_results: list[ArticleResult | Rejection]) -> None:
    pooled = list(map_articles(make_articles(), engine="local", workers=2, chunk=2))
    assert records_of(pooled) == records_of(inline_results)


def test_dask_equals_local(
    inline_results: list[ArticleResult | Rejection], dask_client: Client
) -> None:
    on_dask = list(map_articles(make_articles(), engine="dask", scheduler=dask_client, chunk=2))
    assert records_of(on_dask) == records_of(inline_results)
    assert dask_client.status == "running"  # a client we were given is left open
    by_address = list(map_articles(make_articles()[:2], engine="dask",
                                   scheduler=dask_client.scheduler.address))
    assert records_of(by_address) == records_of(inline_results)[:2]


def test_dask_own_local_cluster_equals_local(
    inline_results: list[ArticleResult | Rejection],
) -> None:
    on_dask = list(map_articles(make_articles()[:2], engine="dask", workers=1, processes=False))
    assert records_of(on_dask) == records_of(inline_results)[:2]


def test_rejections_pass_through_in_position(dask_client: Client) -> None:
    articles = make_articles()
    items: list[Article | Rejection] = [
        articles[0], Rejection("bad.html", "empty input", "empty"), articles[1],
    ]
    for results in (
        list(map_articles(items, engine="local", workers=2, chunk=1)),
        list(map_articles(items, engine="dask", scheduler=dask_client, chunk=2)),
    ):
        assert [type(r).__name__ for r in results] == [
            "ArticleResult", "Rejection", "ArticleResult",
        ]
        assert isinstance(results[1], Rejection) and results[1].code == "empty"


@dataclass(frozen=True)
class LazyPage:
    """A deferred page: its text is made in the worker."""

    article: Article

    def load(self) -> Article | Rejection:
        return self.article


@dataclass(frozen=True)
class CrashingPage:
    """A page whose parser takes the worker process down with it."""

    origin: str = "crash.html"

    def load(self) -> Article | Rejection:
        os._exit(3)


def test_deferred_pages_are_loaded_by_the_engine(
    inline_results: list[ArticleResult | Rejection],
) -> None:
    lazy = [LazyPage(a) for a in make_articles()]
    pooled = list(map_articles(lazy, engine="local", workers=2, chunk=2))
    assert records_of(pooled) == records_of(inline_results)


def test_a_worker_crash_costs_only_its_article(
    inline_results: list[ArticleResult | Rejection],
) -> None:
    articles = make_articles()
    items = [articles[0], CrashingPage(), articles[1], articles[4]]
    results = list(map_articles(items, engine="local", workers=2, chunk=2))
    assert len(results) == 4
    crashed = results[1]
    assert isinstance(crashed, Rejection) and crashed.code == "worker-crash"
    assert crashed.origin == "crash.html"
    expected = records_of(inline_results)
    assert records_of([results[0], results[2], results[3]]) == [
        expected[0], expected[1], expected[4],
    ]


def test_extraction_error_becomes_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    import conflictcoder.pipeline as pipeline

    real = pipeline.extract_article

    def flaky(article: Article, *args: object, **kwargs: object) -> ArticleResult:
        if article.id == "a1":
            raise RuntimeError("stage blew up")
        return real(article, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    results = list(map_articles(make_articles()[:3], engine="local", workers=1))
    assert isinstance(results[1], Rejection) and results[1].code == "extract-error"
    assert "stage blew up" in results[1].reason
    assert isinstance(results[2], ArticleResult)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        list(map_articles([], engine="spark"))  # type: ignore[arg-type]


def test_runner_stores_the_same_events_with_dask(tmp_path: Path, dask_client: Client) -> None:
    """`run --engine dask` merges and stores centrally: same database content as local."""
    runner = pytest.importorskip("conflictcoder.runner")
    from conflictcoder.store import iter_events, open_database

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i, text in enumerate(TEXTS):
        (corpus / f"{i}.txt").write_text(text)

    def stored(db: Path, mapper: object) -> list[object]:
        runner.run_inputs([str(corpus)], str(db), published=date(2024, 3, 16), mapper=mapper,
                          progress=False)
        conn = open_database(str(db), readonly=True)
        try:
            return [(e.status, e.event) for e in iter_events(conn)]
        finally:
            conn.close()

    local = stored(tmp_path / "local.db", local_mapper(workers=1))
    on_dask = stored(tmp_path / "dask.db", dask_mapper(scheduler=dask_client))
    assert local, "the corpus gives events"
    assert on_dask == local


def crash_on_bomb(article: Article, scope: str) -> ArticleResult:
    """A stand-in extractor (module level, so pool workers can import it) whose worker
    dies on one article: the car bomb report."""
    if "car bomb" in article.text:
        os._exit(4)
    return ArticleResult(article=article, records=())


def test_a_custom_extract_runs_in_the_same_pool_and_survives_a_crash() -> None:
    results = list(map_articles(make_articles(), engine="local", workers=2, chunk=2,
                                extract=crash_on_bomb))
    assert [type(r).__name__ for r in results] == ["ArticleResult"] * 4 + ["Rejection"]
    assert isinstance(results[4], Rejection) and results[4].code == "worker-crash"
    assert [r.article.id for r in results[:4]] == ["a0", "a1", "a2", "a3"]


def test_a_custom_extract_is_refused_on_dask() -> None:
    with pytest.raises(ValueError, match="local engine only"):
        list(map_articles([], engine="dask", extract=crash_on_bomb))


def test_the_runner_pool_is_the_engines_pool(tmp_path: Path) -> None:
    """runner.pool_mapper is the engines' pool: a crash there costs one article, stored
    as a rejection, and the run goes on."""
    from conflictcoder.runner import pool_mapper, run_inputs

    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": a.id, "text": a.text, "published": "2024-03-16"}) + "\n"
        for a in make_articles()), encoding="utf-8")
    summary = run_inputs([str(corpus)], str(tmp_path / "db.sqlite"),
                         mapper=pool_mapper(2, crash_on_bomb), progress=False)
    assert summary.articles_new == 4
    assert [r.code for r in summary.rejections] == ["worker-crash"]
