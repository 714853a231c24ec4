import csv
import io
import json

from builders import make_record
from conflictcoder.export.rows import ACLED_COLUMNS, UCDP_COLUMNS, record_row
from conflictcoder.export.writers import write_rows


def test_record_row_has_contract_columns_and_claims_apart() -> None:
    row = record_row(make_record())
    assert row["article_id"] == "a"
    assert row["event_date"] == "2026-01-31"
    assert row["time_precision"] == 1
    assert row["interaction"] == 12
    assert row["fatalities"] == 7
    assert row["location"] == "Nushki" and row["admin1"] == "Balochistan"
    assert row["geo_precision"] == 1 and row["iso"] == 586
    assert [c["best"] for c in row["claims"]] == [280]
    assert row["claims"][0]["status"] == "claimed"


def test_record_row_lone_actor_interaction_is_type_times_ten() -> None:
    record = make_record(actor2=None, event_type="Protests", sub_event_type="Peaceful protest")
    row = record_row(record)
    assert row["interaction"] == 20
    assert row["inter2"] == 0


def test_acled_csv_has_the_31_columns_in_acled_order() -> None:
    out = io.StringIO()
    assert write_rows([record_row(make_record())], "acled-csv", out) == 1
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31
    (row,) = list(reader)
    assert row["actor1"] == "BLA: Baloch Liberation Army"
    assert row["fatalities"] == "7"


def test_ucdp_csv_puts_government_on_side_a() -> None:
    out = io.StringIO()
    write_rows([record_row(make_record())], "ucdp-csv", out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == list(UCDP_COLUMNS)
    assert row["side_a"].startswith("Police Forces of Pakistan")
    assert row["side_b"] == "BLA: Baloch Liberation Army"
    assert row["geom_wkt"] == "POINT (66.02 29.55)"
    assert row["best"] == "7" and row["high"] == "280"


def test_geojson_is_a_feature_collection_and_skips_unplaced_events() -> None:
    out = io.StringIO()
    count = write_rows(
        [record_row(make_record()), record_row(make_record(place=None))], "geojson", out
    )
    collection = json.loads(out.getvalue())
    assert count == 1
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [66.02, 29.55]}
    assert feature["properties"]["event_type"] == "Battles"
