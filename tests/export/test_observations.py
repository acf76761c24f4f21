"""Observations on exhibits: stated with their numbers for crafted items, absent for
consistent ones, and the same in manifest.json, the PDF text and the item view."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from evidence_app.core import export_service, ingest_service, records_service, similar_service
from evidence_app.export.observations import (
    Code,
    ExhibitFacts,
    Incident,
    Limits,
    Place,
    distance_km,
    observe,
)
from evidence_app.storage.vault import Vault
from tests.cli.cli_runner import evidence_app
from tests.conftest import VaultCopy
from tests.ingest import camera_files
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"
IK6 = Place("f-ik6", "ИК-6 Копейск", 55.1, 61.6)
FAR_AWAY = (52.4, 31.0)  # near Homel: 2,018 km west of Kopeisk


def facts(key: str = "a", **changes: object) -> ExhibitFacts:
    consistent = {
        "key": key,
        "label": f"exhibit {key}",
        "media_type": "image/jpeg",
        "captured_at": "2023-05-10T14:02:11+05:00",
        "gps": (55.1012, 61.6034),
        "exif": {"Image Make": "Canon", "EXIF OffsetTimeOriginal": "+05:00"},
        "received": ["2026-01-05T10:00:00.000Z"],
        "phash": None,
        "facility": IK6,
        "incident": Incident("i-1", "2023-05"),
    }
    return ExhibitFacts(**{**consistent, **changes})  # type: ignore[arg-type]


def codes(found: ExhibitFacts, limits: Limits | None = None) -> dict[str, dict[str, object]]:
    return {o.code: o.params for o in observe([found], limits).of(found.key)}


def test_a_consistent_photo_has_nothing_to_observe() -> None:
    assert codes(facts()) == {}


def test_gps_2000_km_from_the_linked_facility_is_stated_with_the_distance() -> None:
    assert 1900 < distance_km(FAR_AWAY, (55.1, 61.6)) < 2100
    found = codes(facts(gps=FAR_AWAY))
    params = found[Code.GPS_FAR_FROM_FACILITY]
    assert params["facility"] == "ИК-6 Копейск" and params["limit_km"] == 50
    assert params["distance_km"] == round(distance_km(FAR_AWAY, (55.1, 61.6)))
    assert set(found) == {Code.GPS_FAR_FROM_FACILITY}
    # The limit is the exporter's: 2,500 km lets it pass.
    assert codes(facts(gps=FAR_AWAY), Limits(distance_km=2500)) == {}


def test_a_capture_15_years_before_the_incident_month_counts_the_days() -> None:
    found = codes(facts(captured_at="2008-05-10T14:02:11+05:00"))
    params = found[Code.CAPTURED_OUTSIDE_INCIDENT]
    assert params["relation"] == "before" and params["incident_date"] == "2023-05"
    assert params["days"] == (date(2023, 5, 1) - date(2008, 5, 10)).days == 5469
    # Any day of the incident's month is inside it; the day after the month is not.
    assert codes(facts(captured_at="2023-05-31T23:59:00+05:00")) == {}
    after = codes(facts(captured_at="2023-06-01T00:00:01+05:00"))
    assert after[Code.CAPTURED_OUTSIDE_INCIDENT]["days"] == 1


def test_clock_time_zone_software_receipts_and_capture_after_receipt() -> None:
    assert Code.NO_CAPTURE_TIME in codes(facts(captured_at=None))
    assert codes(facts(captured_at=None, media_type="application/pdf")) == {}
    naive = codes(facts(captured_at="2023-05-10T14:02:11"))
    assert set(naive) == {Code.NO_TIME_ZONE}
    edited = codes(facts(exif={"XMP CreatorTool": "Adobe Photoshop 25.0 (Windows)"}))
    assert edited[Code.SOFTWARE_NAMED]["software"] == "Adobe Photoshop 25.0 (Windows)"
    twice = codes(facts(received=["2026-01-05T10:00:00.000Z", "2026-02-01T09:00:00.000Z"]))
    assert twice[Code.RECEIVED_MORE_THAN_ONCE]["count"] == 2
    late = codes(facts(captured_at="2026-01-06T09:00:00+05:00", incident=None))
    assert set(late) == {Code.CAPTURED_AFTER_RECEIVED}
    # Received, as its provenance says, before the vault: a capture on a later day is after.
    said = codes(facts(captured_at="2024-04-01T09:00:00+03:00", received_on=["2024-03"]))
    assert said[Code.CAPTURED_AFTER_RECEIVED]["received"] == "2024-03"
    same_month = codes(facts(captured_at="2024-03-31T23:00:00+03:00", received_on=["2024-03"]))
    assert Code.CAPTURED_AFTER_RECEIVED not in same_month
    # Without a time zone, only a gap wider than any zone's offset is "after".
    assert codes(facts(captured_at="2026-01-05T20:00:00", incident=None)) == {
        Code.NO_TIME_ZONE: {"captured": "2026-01-05T20:00:00"}
    }


# --- through the vault: ingest, items similar, the dossier -------------------------------


def _photo(name: str, scale: float = 1.0, quality: int = 92) -> bytes:
    import io

    from PIL import Image
    from skimage import data as samples

    with Image.open(Path(samples.__file__).parent / name) as stored:
        picture = stored.convert("RGB")
    size = (int(picture.width * 2 * scale), int(picture.height * 2 * scale))
    buffer = io.BytesIO()
    picture.resize(size).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _ingest(vault: Vault, path: Path, data: bytes) -> ingest_service.IngestOutcome:
    path.write_bytes(data)
    (outcome,) = ingest_service.ingest_paths(vault, [path], case_ref=CASE).outcomes
    assert outcome.status == "stored", outcome
    return outcome


def test_a_messenger_copy_is_similar_and_an_unrelated_photo_is_not(
    vault: Vault, tmp_path: Path
) -> None:
    add_sample_case(vault)
    original = _ingest(vault, tmp_path / "astronaut.jpg", _photo("astronaut.png"))
    # What a messenger sends on: 60 % of the size, JPEG quality 40, every byte different.
    copy = _ingest(vault, tmp_path / "IMG-2026-WA0001.jpg", _photo("astronaut.png", 0.6, 40))
    unrelated = _ingest(vault, tmp_path / "coffee.jpg", _photo("coffee.png"))
    assert [found.id for found in copy.similar] == [original.item_id]
    assert copy.similar[0].distance <= 10
    assert unrelated.similar == ()
    assert original.item_id is not None and unrelated.item_id is not None
    found = similar_service.similar_items(vault, original.item_id)
    assert [s.original_name for s in found.similar] == ["IMG-2026-WA0001.jpg"]
    assert similar_service.similar_items(vault, unrelated.item_id).similar == ()


def test_items_from_before_migration_0012_get_their_hash_when_first_looked_for(
    vault_copy: VaultCopy, tmp_path: Path
) -> None:
    from alembic import command
    from sqlalchemy import select

    from evidence_app.core import verify_service
    from evidence_app.storage.models import Item
    from evidence_app.storage.schema import alembic_config

    def kept(vault: Vault) -> dict[str, str | None]:
        with vault.reader() as session:
            return {key: value for key, value in session.execute(select(Item.id, Item.phash))}

    with vault_copy.open() as vault:
        add_sample_case(vault)
        first = _ingest(vault, tmp_path / "a.jpg", _photo("chelsea.png"))
        second = _ingest(vault, tmp_path / "b.jpg", _photo("chelsea.png", 0.5, 40))
        config = alembic_config()
        with vault.reader() as session, session.begin():
            config.attributes["connection"] = session.connection()
            command.downgrade(config, "0009")  # as the items were before hashes were kept
    with vault_copy.open() as vault:  # opening upgrades, and computes nothing
        assert set(kept(vault).values()) == {None}
        assert first.item_id is not None
        found = similar_service.similar_items(vault, first.item_id)
        assert [s.id for s in found.similar] == [second.item_id]
        assert all(value and len(value) == 16 for value in kept(vault).values())
        assert verify_service.verify_vault(vault).ok


def _crafted_case(vault: Vault, folder: Path) -> dict[str, str]:
    """Three photos linked to IK-6 and its May 2023 incident: one consistent, one with GPS
    2,000 km away, one captured 15 years before the incident."""
    add_sample_case(vault)
    folder.mkdir()
    gps = camera_files.with_gps

    def gps_photo(lat: float, lon: float) -> bytes:
        return gps(b"N", camera_files.dms(lat), b"E", camera_files.dms(lon))

    files = {
        "far": ("perimeter.jpg", gps_photo(*FAR_AWAY)),
        "old": ("yard.jpg", camera_files.dated(original=b"2008:05:10 14:02:11\x00")),
        "near": ("gate.jpg", gps_photo(55.1012, 61.6034)),
    }
    shas = {}
    for key, (name, data) in files.items():
        shas[key] = _ingest(vault, folder / name, data).sha256 or ""
    document = records_document()
    document["evidence"] = [
        {"sha256": sha, "cases": [CASE], "facility": "f-ik6", "incident": "i-1"}
        for sha in shas.values()
    ]
    path = folder.parent / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, path)
    return shas


def test_the_dossier_states_the_observations_in_the_manifest_and_the_pdf(
    vault: Vault, tmp_path: Path
) -> None:
    shas = _crafted_case(vault, tmp_path / "received")
    result = export_service.export_accountability(vault, CASE, tmp_path / "dossier")
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    by_sha = {e["sha256"]: {o["code"]: o for o in e["observations"]} for e in manifest["exhibits"]}
    far = by_sha[shas["far"]][Code.GPS_FAR_FROM_FACILITY]
    assert 1900 < far["params"]["distance_km"] < 2100
    old = by_sha[shas["old"]][Code.CAPTURED_OUTSIDE_INCIDENT]
    assert old["params"]["relation"] == "before" and old["params"]["days"] > 15 * 365 - 20
    # The crafted test JPEGs carry no capture time or no time zone: only that is said.
    assert Code.GPS_FAR_FROM_FACILITY not in by_sha[shas["near"]]
    assert Code.CAPTURED_OUTSIDE_INCIDENT not in by_sha[shas["near"]]
    summary = manifest["observations"]
    assert summary["limits"]["gps_distance_km"] == 50
    assert summary["counts"][Code.GPS_FAR_FROM_FACILITY] == 1
    assert summary["counts"][Code.CAPTURED_OUTSIDE_INCIDENT] == 1

    text = subprocess.run(
        ["pdftotext", str(result.path / "dossier.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Observations on the exhibits" in flat
    assert f"is {far['params']['distance_km']} km from the recorded coordinates" in flat
    assert f"is {old['params']['days']} days before the date of the linked incident" in flat
    assert export_service.check_dossier(result.path).ok


def test_the_item_view_shows_the_same_observations(vault: Vault, tmp_path: Path) -> None:
    shas = _crafted_case(vault, tmp_path / "received")
    from evidence_app.core.items_service import find_item

    far = find_item(vault, shas["far"])
    found = similar_service.item_observations(vault, far.id)
    assert Code.GPS_FAR_FROM_FACILITY in {o.code for o in found}


def test_the_exporter_sets_the_distance(vault: Vault, tmp_path: Path) -> None:
    _crafted_case(vault, tmp_path / "received")
    result = export_service.export_accountability(
        vault, CASE, tmp_path / "dossier", limits=Limits(distance_km=2500)
    )
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["observations"]["limits"]["gps_distance_km"] == 2500
    assert Code.GPS_FAR_FROM_FACILITY not in manifest["observations"]["counts"]


def test_items_similar_and_the_gps_distance_from_the_shell(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]
    with vault_copy.open() as vault:
        shas = _crafted_case(vault, tmp_path / "received")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "forwarded.jpg").write_bytes(_photo("astronaut.png", 0.6, 40))
    (copy / "astronaut.jpg").write_bytes(_photo("astronaut.png"))
    ingested = evidence_app("ingest", str(copy), *args)
    assert ingested.code == 0, ingested.err
    assert "similar to forwarded.jpg" in ingested.out or "similar to astronaut.jpg" in ingested.out
    # The crafted test JPEGs share their pixels and differ only in metadata: alike.
    shown = json.loads(evidence_app("items", "show", shas["far"], "--json", *args).out)
    assert {(s["original_name"], s["distance"]) for s in shown["similar"]} == {
        ("gate.jpg", 0),
        ("yard.jpg", 0),
    }
    similar = evidence_app("items", "similar", shas["far"], "--json", *args)
    assert similar.code == 0 and json.loads(similar.out)["similar"] == shown["similar"]
    refused = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"),
        "--gps-distance", "-5", *args,
    )  # fmt: skip
    assert refused.code == 2 and "not a distance" in refused.err
    exported = evidence_app(
        "export", "accountability", "--case", CASE, "-o", str(tmp_path / "d"),
        "--gps-distance", "3000", *args,
    )  # fmt: skip
    assert exported.code == 0, exported.err
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["observations"]["limits"]["gps_distance_km"] == 3000
    assert Code.GPS_FAR_FROM_FACILITY not in manifest["observations"]["counts"]
