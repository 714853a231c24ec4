"""``conflictcoder run``: read, drop syndicated copies, extract, store, merge.

The run is built so that a kill at any moment, followed by the same run again,
leaves the database exactly as one clean run would:

- articles are written with their records in batch transactions, so a stored
  article is always complete and a rerun skips it;
- events are merged at checkpoints fixed by input position (every
  ``merge_every`` articles), from the records of that stretch of input only, so a
  resumed run merges the same records at the same points as a clean one;
- the run's row in ``runs`` is resumed under the same number, and its counts are
  updated in the same transactions as the data they count.

Extraction is mapped over articles by a :data:`Mapper` (here: in-process, or the
process pool of :mod:`conflictcoder.engines` when ``workers > 1``; a Dask engine can
supply its own). A mapper must yield one result per article, in input order.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Literal, TextIO

from conflictcoder.engines import DEFAULT_CHUNK, local_mapper
from conflictcoder.merge.dedup import Fingerprint, FingerprintIndex
from conflictcoder.merge.settings import MergeSettings
from conflictcoder.model import Article, ArticleResult, Rejection, Scope, content_id
from conflictcoder.store.database import StoreConnection, open_database, write_transaction
from conflictcoder.store.merging import merge_pending
from conflictcoder.store.writes import (
    ANY_TEXT,
    find_copy,
    insert_article,
    insert_record,
    insert_rejection,
    stored_text_hash,
    text_hash,
)

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

ExtractResult = ArticleResult | Rejection
Extract = Callable[[Article, Scope], ExtractResult]
Mapper = Callable[[Iterable[Article], Scope], Iterator[ExtractResult]]


@dataclass(slots=True)
class RunSummary:
    run_no: int = 0
    articles_read: int = 0
    articles_new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    records_new: int = 0
    events_new: int = 0
    events_updated: int = 0
    events_retired: int = 0
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    def rejected_by_code(self) -> Counter[str]:
        return Counter(r.code for r in self.rejections)

    def describe(self) -> str:
        rate = self.articles_read / self.seconds if self.seconds else 0.0
        lines = [
            f"run {self.run_no}: {self.articles_read} articles read in {self.seconds:.1f} s "
            f"({rate:.1f}/s): {self.articles_new} new, {self.already_stored} already stored, "
            f"{self.duplicates} syndicated copies",
            f"{self.records_new} event records; events: {self.events_new} new, "
            f"{self.events_updated} updated, {self.events_retired} merged away",
        ]
        if self.rejections:
            reasons = ", ".join(f"{code} {n}" for code, n in self.rejected_by_code().most_common())
            lines.append(f"{self.rejected} inputs rejected ({reasons})")
        return "\n".join(lines)


# --- extraction: the seam another engine replaces -------------------------------------------

def extract_one(article: Article, scope: Scope) -> ExtractResult:
    """The pipeline on one article; a failure becomes a Rejection, never an exception."""
    from conflictcoder.limits import extract_within_budget

    try:
        return extract_within_budget(article, scope=scope)  # text and time limits
    except Exception as exc:  # one bad article never stops the batch
        log.debug("extraction failed for %s", article.origin or article.id, exc_info=True)
        return Rejection(article.origin or article.id,
                         f"extraction failed: {type(exc).__name__}: {exc}", "extract-error")


def serial_mapper(extract: Extract = extract_one) -> Mapper:
    def mapper(articles: Iterable[Article], scope: Scope) -> Iterator[ExtractResult]:
        for article in articles:
            yield extract(article, scope)

    return mapper


def pool_mapper(workers: int, extract: Extract | None = None, chunk: int = DEFAULT_CHUNK) -> Mapper:
    """The process pool of :mod:`conflictcoder.engines` (one implementation: results in
    order, a bounded window, a chunk retried article by article when a worker dies)."""
    pipeline = extract is None or extract is extract_one  # the engine's own, warmed workers
    return local_mapper(workers, chunk=chunk, extract=None if pipeline else extract)


def map_extract(articles: Iterable[Article], *, scope: Scope = "political", workers: int = 1,
                extract: Extract = extract_one) -> Iterator[ExtractResult]:
    """Extract every article, in order: in this process, or a process pool when workers > 1."""
    mapper = pool_mapper(workers, extract) if workers > 1 else serial_mapper(extract)
    return mapper(articles, scope)


# --- progress ------------------------------------------------------------------------------

class Progress:
    """One status line (pages, pages/s, records) redrawn at most five times a second."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, summary: RunSummary, *, force: bool = False) -> None:
        if self.out is None:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        self.out.write(
            f"\r{summary.articles_read} pages | {summary.articles_read / elapsed:.1f} pages/s | "
            f"{summary.records_new} records | {summary.events_new} events | "
            f"{summary.duplicates} copies | {summary.rejected} rejected  "
        )
        self.out.flush()

    def close(self) -> None:
        if self.out is not None:
            self.out.write("\n")
            self.out.flush()


# --- the run -------------------------------------------------------------------------------

@dataclass(slots=True)
class _Unit:
    """One input item, kept in input order until it is written."""

    kind: Literal["extract", "copy", "reject", "skip"]
    article: Article | None = None
    fingerprint: Fingerprint | None = None
    copy_of: str | None = None
    rejection: Rejection | None = None
    result: ExtractResult | None = None
    checkpoint: bool = False  # merge after writing this unit
    article_id: str = ""  # an article's id, added to the merge segment when written


def _resolve_id(conn: StoreConnection, article: Article, digest: str,
                pending: dict[str, str]) -> tuple[Article, bool]:
    """The article under the id it is stored by, and whether it is stored (or queued) already.

    JSONL ids are only unique within a file ("1", "2", ...): a different text under a
    taken id is re-identified by its content rather than skipped as already stored.
    """
    candidates = (article, replace(article, id=content_id(article.id, article.text)))
    for candidate in candidates:
        known = pending.get(candidate.id) or stored_text_hash(conn, candidate.id)
        if known is None:
            return candidate, False
        if known in (digest, ANY_TEXT):
            return candidate, True
    return candidates[1], True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _begin_run(conn: StoreConnection, inputs: Sequence[str]) -> int:
    """A new run number, or the number of a run that was killed (it is resumed)."""
    with write_transaction(conn):
        row = conn.execute("SELECT id, status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None and row["status"] == "running":  # we hold the lock: it died
            conn.execute("UPDATE runs SET attempts = attempts + 1, inputs = ? WHERE id = ?",
                         (" ".join(inputs), row["id"]))
            return int(row["id"])
        run_no = (row["id"] if row else 0) + 1
        conn.execute("INSERT INTO runs (id, status, started_at, inputs) VALUES (?, ?, ?, ?)",
                     (run_no, "running", _now(), " ".join(inputs)))
        return run_no


def _finish_run(conn: StoreConnection, run_no: int) -> None:
    with write_transaction(conn):
        row = conn.execute("SELECT articles_read + rejected + records_new + events_new + "
                           "events_updated + events_retired FROM runs WHERE id = ?",
                           (run_no,)).fetchone()
        if row is not None and row[0] == 0:
            # A run that changed nothing leaves no trace: rerunning the same input is a no-op.
            conn.execute("DELETE FROM runs WHERE id = ?", (run_no,))
        else:
            conn.execute("UPDATE runs SET status = 'done', finished_at = ? WHERE id = ?",
                         (_now(), run_no))


class _Writer:
    """Writes units in order, in batch transactions; merges at checkpoints."""

    def __init__(self, conn: StoreConnection, run_no: int, settings: MergeSettings,
                 summary: RunSummary, batch_size: int) -> None:
        self.conn, self.run_no, self.settings = conn, run_no, settings
        self.summary, self.batch_size = summary, batch_size
        self.in_batch = 0
        self.batch_started = 0.0
        self.segment: set[str] = set()
        self.counts = Counter[str]()

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.batch_started = time.monotonic()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self._count_into_run()
            self.conn.execute("COMMIT")
        self.in_batch = 0

    def _count_into_run(self) -> None:
        if self.counts:
            self.conn.execute(
                "UPDATE runs SET articles_read = articles_read + ?, rejected = rejected + ?, "
                "duplicates = duplicates + ?, records_new = records_new + ? WHERE id = ?",
                (self.counts["articles"], self.counts["rejected"], self.counts["duplicates"],
                 self.counts["records"], self.run_no))
            self.counts.clear()

    def write(self, unit: _Unit) -> None:
        self._begin()
        if unit.article_id:
            self.segment.add(unit.article_id)
        if unit.kind == "reject" and unit.rejection is not None:
            before = self.conn.total_changes
            insert_rejection(self.conn, unit.rejection)
            self.counts["rejected"] += self.conn.total_changes - before
        elif unit.kind == "copy" and unit.article is not None and unit.fingerprint:
            self._write_copy(unit)
        elif unit.kind == "extract" and unit.article is not None and unit.fingerprint:
            self._write_result(unit)
        self.in_batch += 1
        if unit.checkpoint:
            self.checkpoint()
        elif (self.in_batch >= self.batch_size
              or time.monotonic() - self.batch_started > 2.0):
            self.commit()

    def _reject(self, rejection: Rejection) -> None:
        self.summary.rejections.append(rejection)
        before = self.conn.total_changes
        insert_rejection(self.conn, rejection)
        self.counts["rejected"] += self.conn.total_changes - before

    def _write_copy(self, unit: _Unit) -> None:
        assert unit.article is not None and unit.fingerprint is not None
        if unit.copy_of is None or stored_text_hash(self.conn, unit.copy_of) is None:
            # Its original could not be extracted, so neither can the copy; it is not stored,
            # and a later run tries both again.
            self._reject(Rejection(unit.article.origin or unit.article.id,
                                   f"copy of {unit.copy_of}, which could not be extracted",
                                   "extract-error"))
            return
        insert_article(self.conn, unit.article, unit.fingerprint, duplicate_of=unit.copy_of)
        self.counts["articles"] += 1
        self.counts["duplicates"] += 1

    def _write_result(self, unit: _Unit) -> None:
        assert unit.article is not None and unit.fingerprint is not None
        result = unit.result
        if isinstance(result, Rejection) or result is None:
            self._reject(result or Rejection(unit.article.origin, "no result", "extract-error"))
            return
        insert_article(self.conn, unit.article, unit.fingerprint, records=len(result.records))
        self.counts["articles"] += 1
        self.summary.articles_new += 1
        for record in result.records:
            if insert_record(self.conn, record):
                self.counts["records"] += 1
                self.summary.records_new += 1

    def checkpoint(self) -> None:
        self.commit()
        counts = merge_pending(self.conn, self.settings, run_no=self.run_no,
                               article_ids=self.segment)
        self.summary.events_new += counts.events_new
        self.summary.events_updated += counts.events_updated
        self.summary.events_retired += counts.events_retired
        self.segment = set()


def run_inputs(
    inputs: Sequence[str],
    db_path: str,
    *,
    scope: Scope = "political",
    workers: int = 1,
    progress: bool | None = None,
    input_format: str = "auto",
    published: date | None = None,
    settings: MergeSettings | None = None,
    mapper: Mapper | None = None,
    batch_size: int = 200,
    merge_every: int = 2000,
) -> RunSummary:
    """Read ``inputs``, extract, store and merge into the database at ``db_path``.

    ``progress`` None shows a progress line when stderr is a terminal. Raises
    :class:`~conflictcoder.store.StoreError` when the database cannot be used.
    """
    from conflictcoder.sources.reader import read_inputs

    settings = settings or MergeSettings()
    if mapper is None:
        mapper = pool_mapper(workers) if workers > 1 else serial_mapper()
    show = sys.stderr.isatty() if progress is None else progress
    bar = Progress(sys.stderr if show else None)
    started = time.monotonic()
    summary = RunSummary()
    conn = open_database(db_path)
    try:
        summary.run_no = _begin_run(conn, inputs)
        writer = _Writer(conn, summary.run_no, settings, summary, batch_size)
        queue: deque[_Unit] = deque()
        in_flight = FingerprintIndex(max_distance=settings.duplicate_max_bits)
        pending: dict[str, str] = {}  # id -> text hash of articles queued, not yet written
        failed = FingerprintIndex(max_distance=settings.duplicate_max_bits)  # so are copies

        def feed() -> Iterator[Article]:
            position = 0
            for item in read_inputs(inputs, input_format=input_format, published=published):
                if isinstance(item, Rejection):
                    summary.rejections.append(item)
                    queue.append(_Unit("reject", rejection=item))
                    continue
                position += 1
                summary.articles_read += 1
                checkpoint = position % merge_every == 0
                digest = text_hash(item.text)
                item, is_stored = _resolve_id(conn, item, digest, pending)
                if is_stored:
                    summary.already_stored += 1
                    queue.append(_Unit("skip", checkpoint=checkpoint, article_id=item.id))
                    continue
                pending[item.id] = digest
                fingerprint = Fingerprint.of(item.text)
                original = (find_copy(conn, fingerprint, settings.duplicate_max_bits)
                            or in_flight.find(fingerprint) or failed.find(fingerprint))
                if original is not None:
                    summary.duplicates += 1
                    queue.append(_Unit("copy", item, fingerprint, copy_of=original,
                                       checkpoint=checkpoint, article_id=item.id))
                    continue
                in_flight.add(item.id, fingerprint)
                queue.append(_Unit("extract", item, fingerprint, checkpoint=checkpoint,
                                   article_id=item.id))
                yield item

        def drain(until_extract: bool) -> None:
            while queue and not (until_extract and queue[0].kind == "extract"
                                 and queue[0].result is None):
                unit = queue.popleft()
                writer.write(unit)
                if unit.article is not None:
                    in_flight.remove(unit.article.id)
                    pending.pop(unit.article.id, None)
                    if isinstance(unit.result, Rejection) and unit.fingerprint is not None:
                        failed.add(unit.article.id, unit.fingerprint)
                bar.update(summary)

        for result in mapper(feed(), scope):
            drain(until_extract=True)
            head = queue[0]  # the oldest article awaiting extraction: this is its result
            head.result = result
            drain(until_extract=True)
        drain(until_extract=False)
        writer.checkpoint()
        if conn.execute("SELECT 1 FROM records WHERE event_id IS NULL LIMIT 1").fetchone():
            counts = merge_pending(conn, settings, run_no=summary.run_no)  # leftovers
            summary.events_new += counts.events_new
            summary.events_updated += counts.events_updated
            summary.events_retired += counts.events_retired
        _finish_run(conn, summary.run_no)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        summary.seconds = time.monotonic() - started
        bar.update(summary, force=True)
        bar.close()
    return summary
