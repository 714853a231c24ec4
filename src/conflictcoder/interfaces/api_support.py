"""What every API route shares: the error shape, the read-only connection with a
cost limit, parameter checks and the write token.

One JSON shape for every error::

    {"error": {"status": 422, "code": "invalid-parameter", "message": "...",
               "details": [{"parameter": "bbox", "message": "..."}]}}
"""

from __future__ import annotations

import hmac
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import JSONResponse

from conflictcoder.store.database import StoreError, open_database
from conflictcoder.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

# A read that uses more CPU than this is stopped (503), so one request cannot hog a worker.
# CPU time of the serving thread, not wall time: under load a request also waits for the
# CPU (other requests, a run writing), and that wait is no sign of a costly query.
QUERY_SECONDS = 3.0
WALL_SECONDS_MIN = 60.0  # a backstop for time not spent on the CPU (a stalled disk)
CHECK_EVERY = 20_000  # SQLite virtual-machine steps between two looks at the clock
BIG_READ_SLOTS = 4  # map-sized reads at once; more wait their turn (memory stays bounded)
QUEUE_SECONDS = 120.0  # how long a map-sized read waits for its turn before a 503
MAX_BODY_BYTES = 2_000_000  # POST /api/articles: an article, not a crawl
_TYPES = {t.lower(): t for t in (*EVENT_TYPES, *SUB_EVENT_TYPES)}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 details: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers


def error_body(status: int, code: str, message: str,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message,
                      "details": details or []}}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(error_body(exc.status, exc.code, exc.message, exc.details),
                        status_code=exc.status, headers=exc.headers)


def invalid(parameter: str, message: str) -> ApiError:
    return ApiError(422, "invalid-parameter", f"{parameter}: {message}",
                    [{"parameter": parameter, "message": message}])


STORE_STATUS = {"not-found": 503, "not-a-database": 503, "schema-too-new": 503,
                "schema-too-old": 503, "locked": 409, "read-only": 503, "disk-full": 507}


def store_error(exc: StoreError, db_path: str = "") -> ApiError:
    # A client needs to know what is wrong, not where the server keeps its files.
    message = str(exc).replace(db_path, "the database") if db_path else str(exc)
    return ApiError(STORE_STATUS.get(exc.code, 503), exc.code, message)


class _CpuSpent:
    """CPU seconds a request has spent, summed over the threads that served it: a streamed
    response's chunks run on whichever pool thread is free, and each thread has its own
    CPU clock."""

    def __init__(self) -> None:
        self.total = 0.0
        self.last: dict[int, float] = {threading.get_ident(): time.thread_time()}

    def spent(self) -> float:
        ident, now = threading.get_ident(), time.thread_time()
        before = self.last.get(ident)
        if before is not None:
            self.total += max(0.0, now - before)
        self.last[ident] = now
        return self.total


@contextmanager
def read_connection(db_path: str, seconds: float | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection whose statements are interrupted once this thread has spent
    ``seconds`` of CPU on the request (default :data:`QUERY_SECONDS`), or after a wall-clock
    backstop of several times that.

    Readers never wait on the writer: the database is in WAL mode, so a read sees the last
    commit while a run writes, and a writer's commit never blocks it.
    """
    seconds = QUERY_SECONDS if seconds is None else seconds
    try:
        conn = open_database(db_path, readonly=True)
    except StoreError as exc:
        raise store_error(exc, db_path) from exc
    cpu = _CpuSpent()
    wall_deadline = time.monotonic() + max(WALL_SECONDS_MIN, 4 * seconds)

    def past_deadline() -> int:
        return int(cpu.spent() > seconds or time.monotonic() > wall_deadline)

    conn.set_progress_handler(past_deadline, CHECK_EVERY)
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc).lower():
            raise ApiError(503, "query-too-costly",
                           f"the query ran past its budget of {seconds:g} s and was stopped; "
                           "narrow the filters (dates, country, bounding box) or ask for a "
                           "smaller page", headers={"Retry-After": "5"}) from exc
        raise
    finally:
        conn.close()


class ReadQueue:
    """Turns for map-sized reads: at most ``slots`` run at once and the others queue,
    instead of all slowing down together while each holds a large page in memory. A
    request that waits more than ``wait`` seconds gets a 503 with Retry-After.

    The wait is asynchronous: a queued request holds no thread of the server's pool (AnyIO
    lends sync routes 40), so a crowd of map requests cannot stall the other endpoints.
    """

    def __init__(self, slots: int = BIG_READ_SLOTS, wait: float = QUEUE_SECONDS) -> None:
        self.size = max(1, slots)
        self.wait = wait
        self._slots: anyio.Semaphore | None = None  # made in the server's event loop

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if self._slots is None:
            self._slots = anyio.Semaphore(self.size)
        try:
            try:
                self._slots.acquire_nowait()  # a free turn is taken even with no wait allowed
            except anyio.WouldBlock:
                with anyio.fail_after(max(0.0, self.wait)):
                    await self._slots.acquire()
        except TimeoutError:
            raise ApiError(503, "busy", f"the server is busy: no turn within {self.wait:g} s; "
                           "try again shortly or ask for a smaller page",
                           headers={"Retry-After": "10"}) from None
        try:
            yield
        finally:
            self._slots.release()


def clean_text(parameter: str, value: str | None, max_length: int) -> str | None:
    """A free-text filter: trimmed, bounded, and without control characters."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > max_length:
        raise invalid(parameter, f"at most {max_length} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise invalid(parameter, "control characters are not allowed")
    return value or None


def event_type_value(value: str | None) -> str | None:
    value = clean_text("event_type", value, 64)
    if value is None:
        return None
    try:
        return _TYPES[value.lower()]
    except KeyError:
        raise invalid("event_type", "not an ACLED event type or sub-event type "
                      f"(one of: {', '.join(EVENT_TYPES)}, or a sub-event type)") from None


def bbox_value(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` in degrees."""
    if value is None or not value.strip():
        return None
    parts = value.split(",")
    if len(parts) != 4 or len(value) > 120:
        raise invalid("bbox", "expected min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise invalid("bbox", "expected four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not all(-180 <= v <= 180 for v in (min_lon, max_lon)) or not all(
            -90 <= v <= 90 for v in (min_lat, max_lat)):
        raise invalid("bbox", "longitudes lie in [-180, 180] and latitudes in [-90, 90]")
    if min_lon > max_lon or min_lat > max_lat:
        raise invalid("bbox", "the minimum must not exceed the maximum")
    return min_lon, min_lat, max_lon, max_lat


def date_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise invalid("since", "must not be after until")


def reject_unknown(request: Request, allowed: frozenset[str]) -> None:
    """A misspelt parameter (``contry=``) is an error, not a silently unfiltered answer."""
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(400, "unknown-parameter",
                       f"unknown query parameter(s): {', '.join(unknown)}",
                       [{"parameter": name, "message": "not accepted here; allowed: "
                         + ", ".join(sorted(allowed))} for name in unknown])


def check_token(request: Request, expected: str | None) -> None:
    """Writes need the server's token (``Authorization: Bearer ...`` or ``X-Token``),
    compared in constant time; a server started without one refuses every write."""
    if expected is None:
        raise ApiError(403, "read-only", "this server is read-only (start it with --token or "
                       "CONFLICTCODER_TOKEN to accept articles)")
    given = request.headers.get("x-token", "")
    auth = request.headers.get("authorization", "")
    if not given and auth[:7].lower() == "bearer ":
        given = auth[7:].strip()
    if not given or not hmac.compare_digest(given.encode("utf-8", "surrogateescape"),
                                            expected.encode("utf-8")):
        raise ApiError(401, "unauthorized", "a valid token is required for writes",
                       headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused (413) once it passes ``limit`` bytes, before it is all read."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad-request", "invalid Content-Length")
        if int(declared) > limit:
            raise ApiError(413, "body-too-large", f"the body is over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, "body-too-large", f"the body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
