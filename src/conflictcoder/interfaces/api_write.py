"""``POST /api/articles``: submit one article, get its events, store them.

Only on a server started with a write token, and only with that token (checked
before the body is read). The body is one article in the JSONL input contract
(``{"id"?, "text" | "html", "published"?, "url"?, "title"?, "source"?}``), at most
:data:`~api_support.MAX_BODY_BYTES`. Writes are serialised: one at a time per
server, and the store's writer lock refuses them (409) while a ``conflictcoder
run`` writes to the same database.
"""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from conflictcoder.interfaces import api_queries as q
from conflictcoder.interfaces.api_support import (
    ApiError,
    check_token,
    read_body,
    read_connection,
    store_error,
)
from conflictcoder.model import Rejection, content_id
from conflictcoder.store.database import StoreError
from conflictcoder.store.queries import get_event

FIELDS = {"id": (str, int), "text": str, "html": str, "published": str, "url": str,
          "title": str, "source": str}
LIMITS = {"id": 200, "url": 2000, "title": 1000, "source": 200, "published": 10}


def parse_article(body: bytes) -> dict[str, Any]:
    """The submitted article as a JSONL object, or a 4xx :class:`ApiError`."""
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "bad-json", f"the body is not JSON (UTF-8): {exc}") from None
    if not isinstance(obj, dict):
        raise ApiError(422, "invalid-body", "expected a JSON object")
    unknown = sorted(set(obj) - set(FIELDS))
    if unknown:
        raise ApiError(422, "invalid-body", f"unknown field(s): {', '.join(unknown)}",
                       [{"parameter": name, "message": "unknown field"} for name in unknown])
    for name, value in obj.items():
        if value is not None and not isinstance(value, FIELDS[name]):
            raise ApiError(422, "invalid-body", f"{name}: wrong type",
                           [{"parameter": name, "message": "wrong type"}])
        if name in LIMITS and value is not None and len(str(value)) > LIMITS[name]:
            raise ApiError(422, "invalid-body", f"{name}: at most {LIMITS[name]} characters",
                           [{"parameter": name, "message": "too long"}])
    if not any(isinstance(obj.get(k), str) and obj[k].strip() for k in ("text", "html")):
        raise ApiError(422, "invalid-body", 'the article needs a "text" or an "html" string')
    if obj.get("id") in (None, ""):
        content = obj.get("html") or obj.get("text") or ""
        obj["id"] = "api-" + content_id(obj.get("url") or "", content)
    obj["id"] = str(obj["id"])
    return obj


def _check_readable(obj: dict[str, Any]) -> None:
    """Read the article the way ``run`` will, so a bad one is a 422 before any write."""
    from conflictcoder.sources.reader import read_jsonl_lines

    item = next(read_jsonl_lines([json.dumps(obj)], "api", None))
    if isinstance(item, Rejection):
        raise ApiError(422, item.code, item.reason.split(": ", 1)[-1])


def store_article(db_path: str, obj: dict[str, Any]) -> dict[str, Any]:
    """Extract, store and merge one article; its events as the API shows them."""
    from conflictcoder.runner import run_inputs

    _check_readable(obj)
    with tempfile.TemporaryDirectory(prefix="conflictcoder-api-") as folder:
        # The runner reads inputs by path: hand it the article as a one-line JSONL file
        # of our own making (nothing from the request names a path).
        path = Path(folder) / "submitted.jsonl"
        path.write_text(json.dumps(obj, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            summary = run_inputs([str(path)], db_path, input_format="jsonl", progress=False)
        except StoreError as exc:
            raise store_error(exc, db_path) from exc
    if summary.rejections:
        first = summary.rejections[0]
        raise ApiError(422, first.code, first.reason)
    with read_connection(db_path) as conn:
        row = conn.execute("SELECT records, duplicate_of FROM articles WHERE id = ?",
                           (obj["id"],)).fetchone()
        event_ids = [r[0] for r in conn.execute(
            "SELECT DISTINCT e.id FROM records r JOIN events e ON e.id = r.event_id "
            "WHERE r.article_id = ? ORDER BY e.event_date, e.id", (obj["id"],))]
        events = []
        for event_id in event_ids:
            detail = get_event(conn, event_id)
            if detail is not None:
                events.append(q.event_summary(detail.stored))
    return {
        "article_id": obj["id"],
        "stored": summary.articles_new > 0,
        "already_stored": summary.already_stored > 0,
        "duplicate_of": row["duplicate_of"] if row is not None else None,
        "records": row["records"] if row is not None else 0,
        "events": events,
        "run": summary.run_no,
    }


def install_write(app: FastAPI, db_path: str, write_token: str | None) -> None:
    lock = threading.Lock()  # one write at a time per server (the store allows one writer)

    @app.post("/api/articles", tags=["write"], status_code=201,
              summary="Submit an article; its events are extracted, stored and returned "
                      "(needs the server's token)",
              responses={401: {"description": "missing or wrong token"},
                         403: {"description": "the server is read-only"},
                         413: {"description": "body too large"}})
    async def submit(request: Request) -> JSONResponse:
        check_token(request, write_token)  # before reading a byte of the body
        body = await read_body(request)
        obj = parse_article(body)

        def work() -> dict[str, Any]:
            if not lock.acquire(timeout=30):
                raise ApiError(409, "locked", "another write is in progress; try again")
            try:
                return store_article(db_path, obj)
            finally:
                lock.release()

        result = await run_in_threadpool(work)
        return JSONResponse(result, status_code=201 if result["stored"] else 200)
