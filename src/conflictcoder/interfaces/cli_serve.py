"""``conflictcoder serve``: the HTTP API and the dashboard over one database."""

from __future__ import annotations

import argparse
import os
import sys

from conflictcoder.interfaces.cli_args import EXIT_OK, EXIT_USAGE

TOKEN_ENV = "CONFLICTCODER_TOKEN"
MIN_TOKEN_LENGTH = 16


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from conflictcoder.interfaces.api import create_app
        from conflictcoder.interfaces.web_assets import missing_vendor_files
    except ImportError as exc:
        print(f"conflictcoder: serve needs the web extra ({exc.name} is missing): "
              "pip install 'conflictcoder[web]'", file=sys.stderr)
        return EXIT_USAGE
    from conflictcoder.store.database import StoreError, open_database

    token = args.token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        print(f"conflictcoder: the write token must be at least {MIN_TOKEN_LENGTH} characters",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        # A writable server may create the database; a read-only one needs it to exist.
        conn = open_database(args.db, readonly=token is None)
        conn.close()
    except StoreError as exc:
        print(f"conflictcoder: {exc}", file=sys.stderr)
        return EXIT_USAGE
    missing = missing_vendor_files()
    if missing:
        print("conflictcoder: the dashboard's map libraries are not installed (run `make setup`"
              "); the API works, the map will not", file=sys.stderr)
    app = create_app(args.db, write_token=token, cors_origins=args.cors_origin)
    mode = "read-write (token required for POST /api/articles)" if token else "read-only"
    print(f"conflictcoder: serving {args.db} ({mode}) on http://{args.host}:{args.port}/ "
          f"(API docs: /api/docs)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False,
                server_header=False)
    return EXIT_OK


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"port out of range: {port}")
    return port


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="the HTTP API and the web dashboard (map, timeline, evidence)")
    p.add_argument("--db", required=True, help="the event database (SQLite)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help=f"accept POST /api/articles with this token (or set {TOKEN_ENV}); "
                        "without one the server is read-only")
    p.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                   help="allow cross-origin GETs from this origin (repeatable; default: none)")
    p.set_defaults(func=_serve)
