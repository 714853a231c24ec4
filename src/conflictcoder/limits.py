"""Limits that keep hostile input from hanging or exhausting a batch.

Four limits, each with a clear message when it is hit:

- page size (``max_page_bytes``): a larger file is refused from its size alone, never read;
- elements per page (``max_elements``): a larger HTML tree is refused before the
  page reader walks it (trafilatura's cost grows faster than the element count);
- text per article (``max_text_chars``): only the first 100,000 characters of an
  article are coded, cut at a paragraph or sentence end. Some stages look back over
  earlier sentences for each mention, so their cost grows with the square of the
  length: 100,000 characters of dense reporting take about 25 s, 10,000 about 1 s;
- time per article (``article_seconds``): reading a page and coding an article each
  run under a wall-clock budget. In the main thread of a process (the CLI, and every
  process-pool worker) a SIGALRM timer interrupts the work, even inside a regular
  expression; a C call such as lxml's parser finishes first, which is why the size
  and element limits come before it. Elsewhere (a server thread) the budget cannot
  interrupt, and only the size limits apply.

Every limit can be set by an environment variable (``CONFLICTCODER_MAX_PAGE_BYTES``,
``CONFLICTCODER_MAX_ELEMENTS``, ``CONFLICTCODER_MAX_TEXT_CHARS``,
``CONFLICTCODER_ARTICLE_SECONDS``; 0 turns the time budget off), by :func:`set_limits`
(what the CLI's ``--max-page-bytes``, ``--max-text-chars`` and ``--article-seconds``
call), or passed in.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

from conflictcoder.model import Article, ArticleResult, Rejection

if TYPE_CHECKING:
    from conflictcoder.pipeline import Resources, Scope

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a news page over 20 MB is not a news page
MAX_ELEMENTS = 40_000  # heavy live blogs reach ~15,000; trafilatura takes ~6 s per 40,000
MAX_TEXT_CHARS = 100_000  # about 15,000 words: a long feature; the rest is not coded
ARTICLE_SECONDS = 30.0  # reading one page, or coding one article

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Limits:
    max_page_bytes: int = MAX_PAGE_BYTES
    max_elements: int = MAX_ELEMENTS
    max_text_chars: int = MAX_TEXT_CHARS
    article_seconds: float = ARTICLE_SECONDS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        env = os.environ if environ is None else environ
        defaults = cls()

        def number(name: str, default: float, kind: type) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = kind(raw)
            except ValueError:
                log.warning("ignoring %s=%r: not a number", name, raw)
                return default
            return value if value >= 0 else default

        return cls(
            max_page_bytes=int(number("CONFLICTCODER_MAX_PAGE_BYTES", defaults.max_page_bytes,
                                      int)),
            max_elements=int(number("CONFLICTCODER_MAX_ELEMENTS", defaults.max_elements, int)),
            max_text_chars=int(number("CONFLICTCODER_MAX_TEXT_CHARS", defaults.max_text_chars,
                                      int)),
            article_seconds=float(number("CONFLICTCODER_ARTICLE_SECONDS",
                                         defaults.article_seconds, float)),
        )


ENV_NAMES = {
    "max_page_bytes": "CONFLICTCODER_MAX_PAGE_BYTES",
    "max_elements": "CONFLICTCODER_MAX_ELEMENTS",
    "max_text_chars": "CONFLICTCODER_MAX_TEXT_CHARS",
    "article_seconds": "CONFLICTCODER_ARTICLE_SECONDS",
}


def current_limits() -> Limits:
    """The limits in force: the defaults, overridden by the environment."""
    return Limits.from_env()


def set_limits(
    *,
    max_page_bytes: int | None = None,
    max_elements: int | None = None,
    max_text_chars: int | None = None,
    article_seconds: float | None = None,
) -> Limits:
    """Set limits for this process and the worker processes it starts; None keeps one.

    They are written to the environment, which every reader of the limits consults and
    every worker process (fork or spawn) inherits, so a pool codes under the same limits.
    Raises ValueError for a negative value, or a page size of 0.
    """
    given = {"max_page_bytes": max_page_bytes, "max_elements": max_elements,
             "max_text_chars": max_text_chars, "article_seconds": article_seconds}
    for name, value in given.items():
        if value is None:
            continue
        if value < 0 or (name == "max_page_bytes" and value == 0):
            least = "1" if name == "max_page_bytes" else "0"
            raise ValueError(f"{name} must be {least} or more, got {value}")
        os.environ[ENV_NAMES[name]] = repr(value) if isinstance(value, float) else str(value)
    return current_limits()


_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
               "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}


def parse_size(text: str) -> int:
    """Bytes in "5000000", "512K", "20MB" or "1.5GiB" (K, M, G are powers of 1024)."""
    raw = text.strip().lower().replace(" ", "").replace("_", "")
    number = raw.rstrip("kmgib")
    unit = raw[len(number):]
    if unit not in _SIZE_UNITS or not number:
        raise ValueError(f"not a size (like 20MB, 512K or 5000000): {text!r}")
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"not a size (like 20MB, 512K or 5000000): {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a size (like 20MB, 512K or 5000000): {text!r}")
    return int(value * _SIZE_UNITS[unit])


class BudgetExceeded(BaseException):
    """The time budget ran out.

    A BaseException, like KeyboardInterrupt, so a library's ``except Exception``
    cannot swallow it half-way through the work it interrupts.
    """

    def __init__(self, seconds: float, what: str = "") -> None:
        self.seconds = seconds
        self.what = what
        super().__init__(f"{what or 'work'} took longer than the budget of {seconds:g} s")


def cap_text(text: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut to at most ``max_chars``, at the last paragraph or sentence end.

    Cutting only removes a tail, so every offset into the result is the same offset
    into the whole text.
    """
    if max_chars <= 0 or len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars // 2  # never throw away more than half to find a clean break
    for mark in ("\n\n", "\n", ". ", "? ", "! "):
        cut = head.rfind(mark)
        if cut >= floor:
            return head[: cut + (1 if mark[0] in ".?!" else 0)].rstrip()
    return head


def cap_article(article: Article, max_chars: int = MAX_TEXT_CHARS) -> Article:
    """The article with its text capped (see :func:`cap_text`), with a warning when cut."""
    text = cap_text(article.text, max_chars)
    if text is article.text:
        return article
    log.warning(
        "%s: text is %s characters; only the first %s are coded",
        article.origin or article.id, f"{len(article.text):,}", f"{len(text):,}",
    )
    return replace(article, text=text)


def _can_interrupt() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0.0  # nobody else's timer is running
    )


_COLLECTING = [False]  # a garbage collection is running (see _track_collection)


def _track_collection(phase: str, info: dict[str, int]) -> None:
    # Weak-reference callbacks and finalisers run inside a collection, and an exception
    # raised there is swallowed: first among the callbacks, so it is set before they run.
    _COLLECTING[0] = phase == "start"


gc.callbacks.insert(0, _track_collection)


def _swallowed_here(frame: FrameType | None) -> bool:
    """Whether an exception raised in ``frame`` would be swallowed as "unraisable": inside
    a garbage collection (its callbacks, weak-reference callbacks, finalisers) or a
    finaliser. The budget then waits for its next tick."""
    if _COLLECTING[0]:
        return True
    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    depth = 0
    while frame is not None and depth < 64:
        if frame.f_code in callbacks or frame.f_code.co_name in ("__del__", "_remove"):
            return True
        frame, depth = frame.f_back, depth + 1
    return False


@contextmanager
def time_budget(seconds: float, what: str = "") -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block when it runs longer than ``seconds``.

    Interrupts only in the main thread with no other interval timer running; elsewhere
    the block runs to its end unbounded. ``seconds`` <= 0 means no budget. The timer
    keeps ticking after it expires, so an interruption that landed where it could not be
    raised (a garbage-collector callback) is raised at the next tick.
    """
    if seconds <= 0 or not _can_interrupt():
        yield
        return
    state = {"done": False}

    def expire(signum: int, frame: FrameType | None) -> None:
        if state["done"] or _swallowed_here(frame):
            return
        raise BudgetExceeded(seconds, what)

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        # Set inside the try: a budget so short that it expires at once must still reach
        # the finally below, or the timer would go on ticking after the block.
        signal.setitimer(signal.ITIMER_REAL, seconds, max(0.01, min(0.25, seconds / 4)))
        yield
    finally:
        try:
            state["done"] = True
        finally:  # runs even if the last tick landed on the line above
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def run_within_budget(
    work: Callable[[], T], origin: str, *, seconds: float, what: str
) -> T | Rejection:
    """``work()``, or a ``time-budget`` Rejection for ``origin`` when it overruns."""
    started = time.monotonic()
    try:
        with time_budget(seconds, what):
            return work()
    except BudgetExceeded as exc:
        elapsed = time.monotonic() - started
        return Rejection(origin, f"{exc} (stopped after {elapsed:.1f} s)", "time-budget")


_WARMED: set[str] = set()


def _warm_up(resources: Resources, scope: Scope) -> None:
    """Code one short report per process and scope, untimed: lexicons compile on first use,
    and that cost belongs to no article."""
    from conflictcoder.pipeline import extract_article

    if scope in _WARMED:
        return
    _WARMED.add(scope)
    warm = Article("warm-up", "Gunmen killed two police officers in a town on Sunday.",
                   published=date(2026, 1, 5))
    extract_article(warm, resources, scope=scope)


def extract_within_budget(
    article: Article,
    resources: Resources | None = None,
    *,
    scope: Scope = "political",
    limits: Limits | None = None,
) -> ArticleResult | Rejection:
    """:func:`~conflictcoder.pipeline.extract_article` under the text and time limits.

    An article whose events cannot be dated (no publication date, no date in the text)
    is a ``no-date`` Rejection, never an empty result (see :func:`undated_rejection`).

    Exceptions other than the budget's propagate, as from ``extract_article``; the
    caller turns them into Rejections. Loading the resources and compiling the lexicons
    (the first call in a process) is not counted against the article. A result's spans
    index the capped text, a prefix of ``article.text``: valid offsets into both.
    """
    from conflictcoder.pipeline import default_resources, extract_article

    lim = limits or current_limits()
    res = resources or default_resources()  # a first call may build the gazetteer: not timed
    _warm_up(res, scope)
    capped = cap_article(article, lim.max_text_chars)
    result = run_within_budget(
        lambda: extract_article(capped, res, scope=scope),
        article.origin or article.id,
        seconds=lim.article_seconds,
        what="coding the article",
    )
    if isinstance(result, ArticleResult):
        undated = undated_rejection(result)
        if undated is not None:
            return undated
        if capped is not article:
            result = replace(result, article=article)
    return result


def undated_rejection(result: ArticleResult) -> Rejection | None:
    """A ``no-date`` Rejection for an article that reports events but that no date anchors:
    no publication date, and no date in its text that the events could take. The pipeline
    codes no event without a date; reporting it (rather than an article with no events)
    tells the user what to supply, and a run does not store it, so a rerun with the date
    codes it."""
    article = result.article
    if article.published is not None or result.records or not result.mentions:
        return None
    count = len(result.mentions)
    where = article.origin or article.id
    if article.origin and article.id and article.id not in article.origin:
        where = f"{article.origin} (id {article.id})"  # one line of a JSONL file, one item
    return Rejection(
        where,
        f"no publication date, and no date in the text for its {count} reported "
        f"event{'s' if count != 1 else ''}: not coded (give the date: --published "
        'YYYY-MM-DD, or "published" in JSONL)',
        "no-date",
    )
