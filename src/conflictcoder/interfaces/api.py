"""The HTTP API and the dashboard: ``create_app(db_path)`` builds the FastAPI app.

Read-only by default: every read opens the database read-only (a run may be
writing; readers see the last commit). ``POST /api/articles`` exists only for a
server started with a write token, and needs that token. Every error has one
JSON shape (:mod:`api_support`); SQL is always parameterised; the only files
served are a fixed list (:mod:`web_assets`), never a path taken from a request.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import anyio
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from conflictcoder.export.rows import ACLED_COLUMNS, acled_row, record_row
from conflictcoder.export.writers import geojson_feature
from conflictcoder.interfaces import api_queries as q
from conflictcoder.interfaces import web_assets
from conflictcoder.interfaces.api_support import (
    ApiError,
    ReadQueue,
    bbox_value,
    clean_text,
    date_range,
    error_body,
    error_response,
    event_type_value,
    read_connection,
    reject_unknown,
    store_error,
)
from conflictcoder.store.database import StoreError
from conflictcoder.store.queries import EventDetail, EventFilter, get_event

log = logging.getLogger(__name__)

PAGE_MAX = 1000
GEOJSON_MAX = 20_000
# Without a limit, a page of 2,000 events (about 2.5 MB of full rows) and a link to the
# next: a client that wants a whole map asks for it (the dashboard asks for 20,000
# summaries), and a careless one does not make the server build 10,000 full rows.
GEOJSON_DEFAULT = 2_000
EXPORT_MAX = 200_000
OFFSET_MAX = 1_000_000
GEOJSON_SECONDS = 15.0
EXPORT_SECONDS = 600.0
SORTS = ("date", "-date", "fatalities", "-fatalities", "changed", "-changed")
Sort = Literal["date", "-date", "fatalities", "-fatalities", "changed", "-changed"]
FILTER_PARAMS = frozenset({"country", "admin1", "event_type", "actor", "since", "until", "bbox",
                           "min_fatalities", "q"})
_EVENT_ID = r"^[A-Za-z0-9_-]{1,64}$"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'none'")


class Filters:
    """The event filters every list route shares, validated."""

    def __init__(
        self,
        country: Annotated[str | None, Query(max_length=64, description=(
            "Country name, ISO 3166 alpha-2 or alpha-3 code"))] = None,
        admin1: Annotated[str | None, Query(max_length=100, description=(
            "First-level subdivision, as coded (e.g. Balochistan)"))] = None,
        event_type: Annotated[str | None, Query(max_length=64, description=(
            "ACLED event type or sub-event type"))] = None,
        actor: Annotated[str | None, Query(max_length=200, description=(
            "Part of an actor's name"))] = None,
        since: Annotated[date | None, Query(description="First event date (YYYY-MM-DD)")] = None,
        until: Annotated[date | None, Query(description="Last event date (YYYY-MM-DD)")] = None,
        bbox: Annotated[str | None, Query(max_length=120, description=(
            "Bounding box: min_lon,min_lat,max_lon,max_lat"))] = None,
        min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
        text: Annotated[str | None, Query(alias="q", max_length=200, description=(
            "Words in the notes, the location or the actors"))] = None,
    ) -> None:
        date_range(since, until)
        self.value = q.ApiFilter(
            EventFilter(
                country=clean_text("country", country, 64),
                since=since,
                until=until,
                bbox=bbox_value(bbox),
                event_type=event_type_value(event_type),
                actor=clean_text("actor", actor, 200),
                min_fatalities=min_fatalities,
                text=clean_text("q", text, 200),
            ),
            admin1=clean_text("admin1", admin1, 100),
        )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
        return error_response(store_error(exc, app.state.db_path))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"parameter": str(e.get("loc", ["", "?"])[-1]), "message": e.get("msg", "")}
                   for e in exc.errors()]
        message = "; ".join(f"{d['parameter']}: {d['message']}" for d in details)
        return JSONResponse(error_body(422, "invalid-parameter", message, details),
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed"}
        return JSONResponse(error_body(exc.status_code, codes.get(exc.status_code, "http-error"),
                                       str(exc.detail)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse(error_body(500, "internal-error", "internal error (see the server "
                                       "log)"), status_code=500)


def _file(path: Any, media_type: str, *, cache: bool) -> FileResponse:
    headers = {"Cache-Control": "public, max-age=86400" if cache else "no-cache"}
    return FileResponse(path, media_type=media_type, headers=headers)


def _install_static(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return _file(web_assets.WEB_DIR / "index.html", "text/html; charset=utf-8", cache=False)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        return _file(web_assets.WEB_DIR / "docs.html", "text/html; charset=utf-8", cache=False)

    @app.get("/static/{name}", include_in_schema=False)
    def own(name: str) -> Response:
        entry = web_assets.OWN_FILES.get(name)
        if entry is None:
            raise ApiError(404, "not-found", "no such file")
        return _file(web_assets.WEB_DIR / entry[0], entry[1], cache=False)

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        entry = web_assets.VENDOR_FILES.get(name)
        if entry is None:
            raise ApiError(404, "not-found", "no such file")
        path = web_assets.VENDOR_DIR / name  # name is a key of a fixed table, never user text
        if not path.is_file():
            raise ApiError(404, "not-installed", f"{name} is not installed: run `make demo` "
                           "or python -m conflictcoder.interfaces.web_assets")
        return _file(path, entry[1], cache=True)


def _file_state(db_path: str) -> tuple[tuple[int, int], ...]:
    states = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(db_path + suffix)
            states.append((st.st_mtime_ns, st.st_size))
        except OSError:
            states.append((0, 0))
    return tuple(states)


class TotalsCache:
    """The totals of a filtered set (a scan of every matching event: a fifth of a second
    on 100,000 events, whatever the page size), kept until the database changes (its file
    or its write-ahead log) so that paging and repeated map loads do not repeat the scan."""

    def __init__(self, db_path: str, size: int = 256) -> None:
        self.db_path, self.size = db_path, size
        self.values: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, conn: Any, where: q.ApiFilter) -> dict[str, Any]:
        clause, params = where.where()
        # The state is read before the query: a commit in between only makes the stored
        # value newer than its key, never older.
        key = (clause, tuple(params), _file_state(self.db_path))
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
                return dict(value)
        value = q.totals(conn, where)
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return dict(value)


def _links(request: Request, offset: int, limit: int, returned: int,
           total: int) -> dict[str, str | None]:
    """Relative links to the previous and next pages, the other parameters kept."""
    def at(start: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        return f"{request.url.path}?{urlencode([*params, ('offset', str(start))])}"

    following = offset + returned
    more = returned and following < total and following <= OFFSET_MAX
    return {"next": at(following) if more else None,
            "prev": at(max(0, offset - limit)) if offset else None}


def _install_reads(app: FastAPI, db_path: str) -> None:
    facet_cache: dict[str, object] = {}
    queue = ReadQueue()
    totals = TotalsCache(db_path)

    @app.get("/api/health", tags=["meta"], summary="Is the database readable; how big is it")
    def health() -> dict[str, Any]:
        with read_connection(db_path) as conn:
            events = conn.execute("SELECT count(*) FROM events WHERE status = 'active'"
                                  ).fetchone()[0]
        return {"status": "ok", "events": events, "writable": app.state.writable,
                "dashboard_assets": not web_assets.missing_vendor_files()}

    @app.get("/api/events", tags=["events"], summary="Events matching the filters, a page")
    def events(
        request: Request,
        filters: Annotated[Filters, Depends()],
        sort: Sort = "-date",
        limit: Annotated[int, Query(ge=1, le=PAGE_MAX)] = 100,
        offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
    ) -> dict[str, Any]:
        reject_unknown(request, FILTER_PARAMS | {"sort", "limit", "offset"})
        with read_connection(db_path) as conn:
            summary = totals.get(conn, filters.value)
            rows = list(q.iter_summaries(conn, filters.value, order=sort, limit=limit,
                                         offset=offset))
        return {"total": summary["events"], "limit": limit, "offset": offset, "sort": sort,
                "totals": summary, "events": rows,
                "links": _links(request, offset, limit, len(rows), summary["events"])}

    @app.get("/api/events.geojson", tags=["events"],
             summary="Events matching the filters as a GeoJSON FeatureCollection",
             description=(f"A page of at most `limit` events (default {GEOJSON_DEFAULT:,}, "
                          f"at most {GEOJSON_MAX:,}); `links.next` fetches the next page."),
             response_class=JSONResponse)
    async def events_geojson(
        request: Request,
        filters: Annotated[Filters, Depends()],
        sort: Sort = "-date",
        limit: Annotated[int, Query(ge=1, le=GEOJSON_MAX)] = GEOJSON_DEFAULT,
        offset: Annotated[int, Query(ge=0, le=OFFSET_MAX)] = 0,
        properties: Annotated[Literal["full", "summary"], Query(description=(
            "full: every ACLED/UCDP column; summary: what a map marker needs"))] = "full",
    ) -> JSONResponse:
        reject_unknown(request, FILTER_PARAMS | {"sort", "limit", "offset", "properties"})

        def page() -> JSONResponse:
            # A longer CPU budget than one page; the body is rendered here too, on the
            # pool thread, not in the event loop.
            with read_connection(db_path, seconds=GEOJSON_SECONDS) as conn:
                summary = totals.get(conn, filters.value)
                total = summary["events"]
                if properties == "summary":
                    rows = list(q.iter_summaries(conn, filters.value, order=sort, limit=limit,
                                                 offset=offset))
                    for row in rows:  # a marker needs no narrative; the detail has it
                        del row["notes"]
                else:
                    rows = [q.event_row(s) for s in q.iter_events(
                        conn, filters.value, order=sort, limit=limit, offset=offset,
                        light=True)]
            features = [f for f in map(geojson_feature, rows) if f is not None]
            body = {"type": "FeatureCollection", "features": features,
                    "total": total, "totals": summary, "returned": len(rows),
                    "located": len(features), "limit": limit, "offset": offset,
                    "truncated": offset + len(rows) < total,
                    "links": _links(request, offset, limit, len(rows), total)}
            return JSONResponse(body, media_type="application/geo+json")

        # A whole map's worth of events: it waits, without a thread, behind other map-sized
        # reads, then reads on a pool thread.
        async with queue.turn():
            return await anyio.to_thread.run_sync(page)

    @app.get("/api/events.csv", tags=["events"],
             summary="Events matching the filters as ACLED CSV (31 columns)",
             response_class=StreamingResponse)
    def events_csv(
        request: Request,
        filters: Annotated[Filters, Depends()],
        sort: Sort = "date",
        limit: Annotated[int, Query(ge=1, le=EXPORT_MAX)] = EXPORT_MAX,
    ) -> StreamingResponse:
        reject_unknown(request, FILTER_PARAMS | {"sort", "limit"})
        with read_connection(db_path) as conn:  # fail early (bad db) with a JSON error
            q.count_events(conn, filters.value)
        return StreamingResponse(
            _csv_lines(db_path, filters.value, sort, limit), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="conflictcoder-acled.csv"'})

    @app.get("/api/timeline", tags=["events"],
             summary="Events and fatalities per day for the filtered set")
    def timeline_route(
        request: Request,
        filters: Annotated[Filters, Depends()],
    ) -> dict[str, Any]:
        reject_unknown(request, FILTER_PARAMS)
        with read_connection(db_path) as conn:
            days = q.timeline(conn, filters.value)
        return {"days": days}

    @app.get("/api/facets", tags=["events"],
             summary="Values the filters can take: countries, admin1, types, actors, dates")
    def facets_route(request: Request) -> dict[str, Any]:
        reject_unknown(request, frozenset())
        # Kept until the database changes (its file or its write-ahead log).
        key = _file_state(db_path)
        cached = facet_cache.get("value")
        if cached is not None and facet_cache.get("key") == key:
            return cached  # type: ignore[no-any-return]
        with read_connection(db_path, seconds=GEOJSON_SECONDS) as conn:
            value = q.facets(conn)
        facet_cache.update(key=key, value=value)
        return value

    @app.get("/api/events/{event_id}", tags=["events"],
             summary="One event: its records, articles, evidence sentences, claims, toll history")
    def event_detail(
        request: Request,
        event_id: Annotated[str, Path(pattern=_EVENT_ID)],
    ) -> dict[str, Any]:
        reject_unknown(request, frozenset())
        with read_connection(db_path) as conn:
            detail = get_event(conn, event_id)
        if detail is None:
            raise ApiError(404, "not-found", f"no event {event_id}")
        return _detail_body(detail)


def _detail_body(detail: EventDetail) -> dict[str, Any]:
    records_by_article: dict[str, list[Any]] = {}
    for record in detail.records:
        records_by_article.setdefault(record.article_id, []).append(record)
    articles = []
    for article in detail.articles:
        body = q.article_dict(article, copies=detail.copies.get(article.id, ()))
        body["evidence"] = q.evidence(article, records_by_article.get(article.id, []))
        articles.append(body)
    row = q.event_row(detail.stored)
    return {
        "event": row,
        "records": [record_row(r) for r in detail.records],
        "articles": articles,
        "claims": row["claims"],
        "toll_history": [
            {"reported": t.reported.isoformat() if t.reported else None,
             "fatalities": t.fatalities, "article_id": t.article_id, "source": t.source}
            for t in detail.toll_history
        ],
        "merge_log": list(detail.merge_log),
    }


def _csv_lines(db_path: str, where: q.ApiFilter, sort: str, limit: int) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    # The export may take longer than one page: a generous, still bounded, time limit.
    with read_connection(db_path, seconds=EXPORT_SECONDS) as conn:
        for count, stored in enumerate(q.iter_events(conn, where, order=sort, limit=limit), 1):
            row = q.event_row(stored)
            writer.writerow(acled_row(row, event_id=stored.id_cnty, timestamp=stored.timestamp))
            if count % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def create_app(db_path: str, *, write_token: str | None = None,
               cors_origins: Sequence[str] = ()) -> FastAPI:
    """The API and dashboard over the database at ``db_path`` (read-only unless a
    ``write_token`` is given; CORS only for the listed ``cors_origins``)."""
    app = FastAPI(
        title="conflictcoder",
        summary="Political violence events coded from news reports, with their evidence.",
        version=_version(),
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.writable = write_token is not None
    app.state.db_path = db_path
    _install_error_handlers(app)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET"], allow_headers=[])

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    _install_static(app)
    _install_reads(app, db_path)
    from conflictcoder.interfaces.api_write import install_write

    install_write(app, db_path, write_token)
    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("conflictcoder")
    except Exception:
        return "0"


__all__ = ["create_app"]
