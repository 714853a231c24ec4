"""The dashboard's files: our own (committed) and the front-end libraries (installed).

The libraries (Leaflet, its marker clusters, topojson-client, the world-atlas
country outlines and Swagger UI for the API docs) come from the npm registry at
set-up time: ``npm ci`` in ``interfaces/web`` (versions pinned by its
package.json and package-lock.json), then ``python -m
conflictcoder.interfaces.web_assets`` copies the few files the dashboard uses
into ``web/vendor/`` (git-ignored). The server serves only the names listed
here, from local files: no CDN, no tile server, and no request path ever
reaches the file system.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import MappingProxyType

WEB_DIR = Path(__file__).resolve().parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
NODE_MODULES = WEB_DIR / "node_modules"

# Our own files: URL name -> (file in web/, media type).
OWN_FILES: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    "app.js": ("app.js", "text/javascript; charset=utf-8"),
    "docs.js": ("docs.js", "text/javascript; charset=utf-8"),
    "app.css": ("app.css", "text/css; charset=utf-8"),
})

# Vendored files: URL name -> (path inside node_modules, media type).
VENDOR_FILES: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    "leaflet.js": ("leaflet/dist/leaflet.js", "text/javascript; charset=utf-8"),
    "leaflet.css": ("leaflet/dist/leaflet.css", "text/css; charset=utf-8"),
    "leaflet.markercluster.js": (
        "leaflet.markercluster/dist/leaflet.markercluster.js", "text/javascript; charset=utf-8"),
    "MarkerCluster.css": ("leaflet.markercluster/dist/MarkerCluster.css",
                          "text/css; charset=utf-8"),
    "MarkerCluster.Default.css": ("leaflet.markercluster/dist/MarkerCluster.Default.css",
                                  "text/css; charset=utf-8"),
    "topojson-client.min.js": ("topojson-client/dist/topojson-client.min.js",
                               "text/javascript; charset=utf-8"),
    # Natural Earth 1:50m country outlines (public domain) as TopoJSON, ~740 kB (gzip ~200 kB).
    "countries-50m.json": ("world-atlas/countries-50m.json", "application/json"),
    # Swagger UI renders the OpenAPI docs at /api/docs without a CDN.
    "swagger-ui-bundle.js": ("swagger-ui-dist/swagger-ui-bundle.js",
                             "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("swagger-ui-dist/swagger-ui.css", "text/css; charset=utf-8"),
    "LICENSE-leaflet": ("leaflet/LICENSE", "text/plain; charset=utf-8"),
    "LICENSE-world-atlas": ("world-atlas/LICENSE", "text/plain; charset=utf-8"),
})


def missing_vendor_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Names of the vendored files that are not installed (empty when the set-up ran)."""
    return [name for name in VENDOR_FILES if not (vendor_dir / name).is_file()]


def install_vendor_files(node_modules: Path = NODE_MODULES, vendor_dir: Path = VENDOR_DIR) -> int:
    """Copy the listed files from ``node_modules`` into ``vendor_dir``; returns how many."""
    missing = [src for src, _ in VENDOR_FILES.values() if not (node_modules / src).is_file()]
    if missing:
        raise FileNotFoundError(
            f"not in {node_modules}: {', '.join(missing)}; run `npm ci` in {WEB_DIR} first")
    vendor_dir.mkdir(parents=True, exist_ok=True)
    for name, (src, _) in VENDOR_FILES.items():
        tmp = vendor_dir / (name + ".part")
        shutil.copyfile(node_modules / src, tmp)
        tmp.replace(vendor_dir / name)  # a server never serves half a file
    return len(VENDOR_FILES)


def main() -> int:
    try:
        count = install_vendor_files()
    except FileNotFoundError as exc:
        print(f"conflictcoder: {exc}", file=sys.stderr)
        return 1
    print(f"conflictcoder: {count} dashboard files installed in {VENDOR_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
