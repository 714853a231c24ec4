"""Engines that run the per-article pipeline over a stream of articles.

- ``local``: a process pool over this machine's cores (``workers=1`` runs inline).
- ``dask``: a Dask cluster (``scheduler`` = its address, or a LocalCluster when none
  is given). Only the per-article stages run there; merging and storing stay with
  the caller, so both engines give exactly the same events for the same input.

Both stream: at most ``window`` chunks of ``chunk`` articles are in flight, so memory
stays bounded whatever the corpus size, and results come back in input order, one per
input item, so output is deterministic. A worker that dies (a parser crash on a
hostile page) costs only the article that killed it: its chunk is retried one article
at a time and the article that keeps failing becomes a :class:`Rejection`.

Items may be :class:`Article` (coded), :class:`Rejection` (passed through in order) or
a :class:`Deferred` page whose costly parsing then also runs in the workers.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from conflictcoder.model import Article, ArticleResult, Rejection, Scope

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

Engine = Literal["local", "dask"]
Result = ArticleResult | Rejection
# What codes one article: the pipeline under its limits by default; tests and other
# callers may pass their own (a module-level function, so worker processes can import it).
Extract = Callable[[Article, Scope], Result]
DEFAULT_CHUNK = 8
RETRIES = 2  # a single article is retried this many times after its worker died


@runtime_checkable
class Deferred(Protocol):
    """A page not parsed yet (e.g. a WARC record); ``load`` runs in the worker."""

    def load(self) -> Article | Rejection: ...


Item = Article | Rejection | Deferred


def default_workers() -> int:
    """The cores this process may use (cgroup/affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def code_items(
    items: list[Item], scope: Scope = "political", extract: Extract | None = None
) -> list[Result]:
    """The worker's job: load deferred pages and run the pipeline (or ``extract``);
    failures become values."""
    run = extract if extract is not None else _pipeline()
    out: list[Result] = []
    for item in items:
        if isinstance(item, Rejection):
            out.append(item)
            continue
        if not isinstance(item, Article):
            try:
                item = item.load()
            except Exception as exc:  # one bad page never stops the batch
                out.append(Rejection(_where(item), f"cannot read page: {exc}", "parse"))
                continue
            if isinstance(item, Rejection):
                out.append(item)
                continue
        try:
            out.append(run(item, scope))
        except Exception as exc:
            log.debug("extraction failed for %s", _where(item), exc_info=True)
            out.append(
                Rejection(_where(item), f"extraction failed: {type(exc).__name__}: {exc}",
                          "extract-error")
            )
    return out


def _pipeline() -> Extract:
    """The pipeline under its text and time limits, with this process's resources."""
    from conflictcoder.limits import extract_within_budget
    from conflictcoder.pipeline import default_resources

    resources = default_resources()  # loaded once per worker process, then cached

    def run(article: Article, scope: Scope) -> Result:
        return extract_within_budget(article, resources, scope=scope)

    return run


def map_articles(
    articles: Iterable[Item],
    *,
    engine: Engine = "local",
    workers: int | None = None,
    scheduler: Any = None,
    scope: Scope = "political",
    chunk: int = DEFAULT_CHUNK,
    window: int | None = None,
    processes: bool = True,
    extract: Extract | None = None,
) -> Iterator[Result]:
    """One result per input item, in input order: an ArticleResult or a Rejection.

    ``scheduler`` is a Dask scheduler address ("tcp://host:8786"), a
    ``distributed.Client``, or None for a LocalCluster of ``workers`` workers
    (``processes=False`` makes them threads of this process: for tests). ``extract``
    replaces the pipeline (local engine only).
    """
    if engine == "local":
        return _map_local(articles, workers or default_workers(), scope, chunk, window,
                          extract)
    if extract is not None:
        raise ValueError("a custom extract function runs on the local engine only")
    if engine == "dask":
        return _map_dask(articles, workers, scheduler, scope, chunk, window, processes)
    raise ValueError(f"unknown engine {engine!r}: choose local or dask")


# --- the runner's seam: a Mapper is (articles, scope) -> results in order ------------------

Mapper = Callable[[Iterable[Article], Scope], Iterator[Result]]


def local_mapper(
    workers: int | None = None, chunk: int = DEFAULT_CHUNK, extract: Extract | None = None
) -> Mapper:
    """A Mapper for ``conflictcoder.runner.run_inputs``: a process pool of ``workers``
    (all cores when None; inline when 1) that survives a worker's death."""

    def mapper(articles: Iterable[Article], scope: Scope) -> Iterator[Result]:
        return map_articles(articles, engine="local", workers=workers, scope=scope, chunk=chunk,
                            extract=extract)

    return mapper


def dask_mapper(
    scheduler: Any = None, workers: int | None = None, chunk: int = DEFAULT_CHUNK
) -> Mapper:
    """A Mapper for ``conflictcoder.runner.run_inputs`` that runs on a Dask cluster."""
    _import_dask()  # fail now, with a clear message, rather than mid-run

    def mapper(articles: Iterable[Article], scope: Scope) -> Iterator[Result]:
        return map_articles(
            articles, engine="dask", workers=workers, scheduler=scheduler, scope=scope,
            chunk=chunk,
        )

    return mapper


# --- local ---------------------------------------------------------------------------------

def _map_local(
    items: Iterable[Item], workers: int, scope: Scope, chunk: int, window: int | None,
    extract: Extract | None = None,
) -> Iterator[Result]:
    if workers <= 1:
        for batch in read_ahead(items, chunk):
            yield from code_items(batch, scope, extract)
        return
    pool = _LocalPool(workers, warm=extract is None)
    try:
        yield from _windowed(read_ahead(items, chunk),
                             partial(pool.submit, scope=scope, extract=extract),
                             window or workers * 3)
    finally:
        pool.shutdown()


class _LocalPool:
    """A process pool that replaces itself when a worker dies."""

    def __init__(self, workers: int, *, warm: bool = True) -> None:
        self.workers = workers
        self.warm = warm  # load the pipeline's resources when a worker starts
        # fork shares the already-imported code and data pages; spawn elsewhere.
        method = "fork" if "fork" in get_all_start_methods() else None
        self.context = get_context(method)
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self.context,
            initializer=_warm_worker if self.warm else None,
        )

    def submit(self, items: list[Item], *, scope: Scope, extract: Extract | None = None) -> Any:
        try:
            return self.pool.submit(code_items, items, scope, extract)
        except BrokenProcessPool:
            log.warning("a worker process died; starting a new pool")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()
            return self.pool.submit(code_items, items, scope, extract)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _warm_worker() -> None:
    from conflictcoder.pipeline import default_resources

    default_resources()


# --- dask ----------------------------------------------------------------------------------

def _import_dask() -> Any:
    try:
        import distributed
    except ImportError as exc:  # an optional extra
        raise ImportError(
            "the dask engine needs the dask extra: pip install 'conflictcoder[dask]'"
        ) from exc
    return distributed


def _quiet_dask() -> None:
    """distributed logs every connection at INFO; keep that out of a normal run's stderr."""
    own = logging.getLogger("distributed")
    if logging.getLogger().getEffectiveLevel() > logging.INFO and own.level < logging.WARNING:
        own.setLevel(logging.WARNING)


def _map_dask(
    items: Iterable[Item],
    workers: int | None,
    scheduler: Any,
    scope: Scope,
    chunk: int,
    window: int | None,
    processes: bool,
) -> Iterator[Result]:
    distributed = _import_dask()
    _quiet_dask()
    cluster = None
    if isinstance(scheduler, distributed.Client):
        client, own_client = scheduler, False
    else:
        if scheduler:
            client = distributed.Client(scheduler)
        else:
            cluster = distributed.LocalCluster(
                n_workers=workers or default_workers(), threads_per_worker=1,
                processes=processes, dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
            )
            client = distributed.Client(cluster)
        own_client = True
    try:
        threads = sum(client.nthreads().values()) or 1

        def submit(batch: list[Item]) -> Any:
            return client.submit(code_items, batch, scope, pure=False)

        yield from _windowed(read_ahead(items, chunk), submit, window or threads * 3)
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


# --- shared: chunking and an ordered, bounded window ---------------------------------------

T = TypeVar("T")


def read_ahead(items: Iterable[T], size: int = DEFAULT_CHUNK) -> Iterator[list[T]]:
    """``items`` in lists of up to ``size``, each read whole before its items are coded.

    Reading a page (trafilatura, lxml) and coding an article each need their own code and
    data in the processor's caches; taking turns a few pages at a time rather than page by
    page costs about 6% less CPU for the same work. An error from ``items`` is raised
    after the items read before it have been handed on, as it would be one by one."""
    batch: list[T] = []
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except Exception:
            if batch:
                yield batch
            raise
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(slots=True)
class _Pending:
    future: Any
    items: list[Item]
    attempts: int = 0


def _windowed(
    chunks: Iterator[list[Item]], submit: Callable[[list[Item]], Any], window: int
) -> Iterator[Result]:
    """Results of every chunk in order, with at most ``window`` chunks in flight."""
    pending: deque[_Pending] = deque()

    def fill() -> None:
        while len(pending) < max(1, window):
            batch = next(chunks, None)
            if batch is None:
                return
            pending.append(_Pending(submit(batch), batch))

    fill()
    while pending:
        head = pending.popleft()
        try:
            results: list[Result] = head.future.result()
        except Exception as exc:  # the worker died, or the task could not run there
            if len(head.items) > 1:  # find the culprit: retry one article at a time, in order
                for item in reversed(head.items):
                    pending.appendleft(_Pending(submit([item]), [item], head.attempts + 1))
                continue
            if head.attempts < RETRIES:
                pending.appendleft(_Pending(submit(head.items), head.items, head.attempts + 1))
                continue
            item = head.items[0]
            results = [
                Rejection(_where(item), f"worker failed on this article: {type(exc).__name__}",
                          "worker-crash")
            ]
        yield from results
        fill()


def _where(item: object) -> str:
    for name in ("origin", "url", "id"):
        value = getattr(item, name, "")
        if value:
            return str(value)
    return "<unknown>"
