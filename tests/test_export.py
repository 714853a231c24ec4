"""``conflictcoder export``: ACLED CSV in ACLED's 31 columns, UCDP CSV by name, GeoJSON,
Parquet with types, JSONL with the toll history; filters; clear errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conflictcoder.export.rows import ACLED_COLUMNS, UCDP_COLUMNS
from conflictcoder.interfaces.cli import main
from conflictcoder.interfaces.cli_store import export_events
from conflictcoder.merge import MergeSettings
from conflictcoder.merge.dedup import Fingerprint
from conflictcoder.model import Article
from conflictcoder.store import open_database, write_transaction
from conflictcoder.store.merging import merge_pending
from conflictcoder.store.writes import insert_article
from test_merge import OTHER_EVENTS, SAME_EVENT
from test_store import store


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    path = tmp_path / "events.db"
    conn = open_database(path)
    store(conn, SAME_EVENT + OTHER_EVENTS)
    copy = Article(id="news-1", text="Text of dawn-1 from Dawn.", outlet="The News",
                   published=date(2026, 1, 31))
    with write_transaction(conn):  # The News ran Dawn's story: a syndicated copy
        insert_article(conn, copy, Fingerprint.of(copy.text), duplicate_of="dawn-1")
    merge_pending(conn, MergeSettings(), run_no=1)
    conn.close()
    return str(path)


def export_text(db_path: str, fmt: str, tmp_path: Path, **filters: object) -> str:
    out = tmp_path / f"out.{fmt}"
    export_events(db_path, fmt, str(out), **filters)
    return out.read_text(encoding="utf-8")


def test_acled_csv_has_acleds_columns_in_order_and_one_row_per_event(
    db_path: str, tmp_path: Path
) -> None:
    text = export_text(db_path, "acled-csv", tmp_path)
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    rows = list(reader)
    assert len(rows) == 5
    assert [r["event_id_cnty"] for r in rows] == ["PAK1", "PAK2", "PAK3", "PAK4", "PAK5"]
    bombing = next(r for r in rows if "Reuters" in r["source"])
    assert bombing["fatalities"] == "6" and bombing["event_date"] == "2026-01-31"
    assert bombing["actor1"] == "BLA: Baloch Liberation Army"
    assert bombing["source"] == "Dawn; The News; Reuters; Express Tribune; Geo News"
    assert "claimed 30 security personnel killed" in bombing["notes"]
    assert "not counted" in bombing["notes"]
    assert all(r["timestamp"] == "" for r in rows)  # merged outside a run: no run time


def test_ucdp_csv_carries_the_ged_columns_by_name(db_path: str, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(db_path, "ucdp-csv", tmp_path))))
    assert set(UCDP_COLUMNS) <= set(rows[0])
    bombing = next(r for r in rows if r["best"] == "6")
    assert bombing["id"].startswith("PAK") and bombing["number_of_sources"] == "5"
    assert bombing["adm_1"] == "Balochistan" and bombing["date_prec"] == "1"


def test_geojson_is_a_feature_collection_of_points(db_path: str, tmp_path: Path) -> None:
    data = json.loads(export_text(db_path, "geojson", tmp_path))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 5
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert 60 < lon < 70 and 25 < lat < 35
    assert feature["properties"]["event_id_cnty"] == "PAK1"


def test_parquet_keeps_types(db_path: str, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(db_path, "parquet", str(out)) == 5
    table = pq.read_table(out)
    assert table.num_rows == 5
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("latitude").type == pa.float64()
    rows = table.to_pylist()
    assert rows[0]["event_date"] == date(2026, 1, 28)
    bombing = next(r for r in rows if r["fatalities"] == 6)
    assert [t["fatalities"] for t in json.loads(bombing["toll_history"])] == [3, 5, 7, 6]


def test_jsonl_rows_carry_ids_and_toll_history(db_path: str, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in export_text(db_path, "jsonl", tmp_path).splitlines()]
    bombing = next(r for r in rows if r["fatalities"] == 6)
    assert bombing["event_uid"] and bombing["event_id_cnty"].startswith("PAK")
    assert sorted(bombing["record_ids"]) == ["a1", "a2", "a3", "a4"]
    assert [(t["fatalities"], t["source"]) for t in bombing["toll_history"]][:2] == [
        (3, "Dawn"), (5, "Reuters")]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "Pakistan"}, 5),
        ({"country": "AF"}, 0),
        ({"since": date(2026, 1, 29)}, 4),
        ({"until": date(2026, 1, 28)}, 1),
        ({"bbox": (65.0, 28.0, 65.8, 29.0)}, 1),
    ],
)
def test_export_filters(db_path: str, tmp_path: Path, filters: dict[str, object],
                        expected: int) -> None:
    assert export_events(db_path, "jsonl", str(tmp_path / "x.jsonl"), **filters) == expected


def test_cli_export_writes_a_file_and_reports_a_missing_database(
    db_path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.csv"
    code = main(["export", "--db", db_path, "--format", "acled-csv", "-o", str(out),
                 "--country", "PAK", "--bbox", "65.9,29.0,66.1,29.7"])
    assert code == 0
    with out.open() as handle:
        assert len(list(csv.DictReader(handle))) == 4  # the Nushki events
    assert main(["export", "--db", str(tmp_path / "missing.db"), "--format", "jsonl"]) == 1
    assert "no such database" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", "--db", db_path, "--format", "jsonl", "--bbox", "1,2,3"])
