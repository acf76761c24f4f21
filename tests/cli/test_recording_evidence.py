"""Phone videos and voice notes from the shell: ingested with duration, codecs, capture time
and place (and the tag each came from), a thumbnail; broken ones stored as received; the
dossier shows a video's key frames and a voice note's duration and hash."""

from __future__ import annotations

import json
import os
from pathlib import Path

from evidence_app.core import records_service
from tests.cli.cli_runner import evidence_app
from tests.cli.test_pdf_evidence import _images_on, _page_with, _pdftotext
from tests.conftest import VaultCopy
from tests.media.recording_files import (
    APPLE_DATE_ISO,
    CREATION_ISO,
    iphone_movie,
    phone_video,
    video,
    voice_note,
)
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"


def test_videos_and_voice_notes_are_ingested_shown_and_exhibited(
    vault_copy: VaultCopy, secret_files: dict[str, Path], tmp_path: Path
) -> None:
    with vault_copy.open() as vault:
        add_sample_case(vault)
    received = tmp_path / "received"
    received.mkdir()
    clip = phone_video()
    files = {
        "VID_20240305.mp4": clip,
        "IMG_0042.MOV": iphone_movie(),
        "PTT-20240305-WA0007.opus": voice_note(),
        "cut.mp4": clip[: len(clip) // 2],
        "noise.mp4": os.urandom(50_000),
        "empty.opus": b"",
        "forwarded.mkv": video(
            container="matroska", codec="mpeg4", size=(240, 180), bit_rate=150_000, sound=False
        ),
    }
    for name, data in files.items():
        (received / name).write_bytes(data)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {"TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    args = ["--vault", str(vault_copy.path), "--recovery-file", str(secret_files["recovery"])]

    def run(*words: str) -> str:
        result = evidence_app(*words, *args, env=env)
        assert result.code == 0, result.out + result.err
        assert "Traceback" not in result.err
        return result.out

    ingested = json.loads(run("ingest", str(received), "--case", CASE, "--json"))

    # Every file stored; the batch went on past the bad ones.
    assert ingested["stored"] == len(files) and ingested["failed"] == 0
    outcome = {Path(f["path"]).name: f for f in ingested["files"]}
    assert any("could not be read" in note for note in outcome["cut.mp4"]["notes"])
    assert outcome["noise.mp4"]["media_type"] == "application/octet-stream"
    assert any("Named as a recording (.mp4)" in n for n in outcome["noise.mp4"]["notes"])
    assert any("empty" in note for note in outcome["empty.opus"]["notes"])

    def show(name: str) -> dict[str, object]:
        shown: dict[str, object] = json.loads(run("items", "show", outcome[name]["id"], "--json"))
        return shown

    phone = show("VID_20240305.mp4")
    assert phone["media_type"] == "video/mp4"
    assert phone["duration"] is not None and abs(float(phone["duration"]) - 6.0) < 0.1  # type: ignore[arg-type]
    assert phone["captured_at"] == CREATION_ISO
    assert phone["captured_at_source"] == "QuickTime creation_time"
    assert phone["gps"] == {"lat": 55.7512, "lon": 37.6184}
    assert phone["width"] == 320 and phone["height"] == 240
    assert phone["has_thumbnail"] is True
    media = phone["media"]
    assert isinstance(media, dict)
    assert media["video_codec"] == "h264" and media["audio_codec"] == "aac"
    assert media["location_source"] == "QuickTime location"
    assert phone["notes"] == []

    # Apple's own date is when it was filmed, with its offset; the container's is not.
    movie = show("IMG_0042.MOV")
    assert movie["media_type"] == "video/quicktime"
    assert movie["captured_at"] == APPLE_DATE_ISO
    assert movie["captured_at_source"] == "QuickTime CreationDate"
    assert movie["gps"] == {"lat": -33.8688, "lon": 151.2093} and movie["altitude"] == 10.0
    assert isinstance(movie["exif"], dict)
    assert movie["exif"]["Container creation_time"].startswith("2024-03-06")

    note = show("PTT-20240305-WA0007.opus")
    assert note["media_type"] == "audio/ogg"
    assert abs(float(note["duration"]) - 4.0) < 0.1  # type: ignore[arg-type]
    assert isinstance(note["media"], dict) and note["media"]["audio_codec"] == "opus"
    assert note["media"]["video_codec"] is None
    assert note["has_thumbnail"] is True  # its waveform
    assert note["captured_at"] is None and note["gps"] is None

    cut = show("cut.mp4")
    assert cut["duration"] is None and cut["has_thumbnail"] is False

    # A messenger's re-encode of the phone video (smaller, another codec and container).
    similar = show("forwarded.mkv")["similar"]
    assert isinstance(similar, list)
    assert [found["id"] for found in similar] == [outcome["VID_20240305.mp4"]["id"]]

    text_shown = run("items", "show", outcome["PTT-20240305-WA0007.opus"]["id"])
    assert "Duration     0:04" in text_shown and "Audio codec  opus" in text_shown

    _link_to_a_consenting_person(
        vault_copy,
        tmp_path,
        [outcome[name]["sha256"] for name in ("VID_20240305.mp4", "PTT-20240305-WA0007.opus")],
    )
    dossier = tmp_path / "dossier"
    run("export", "accountability", "--case", CASE, "-o", str(dossier))
    manifest = json.loads((dossier / "manifest.json").read_text(encoding="utf-8"))
    exhibits = {exhibit["original_name"]: exhibit for exhibit in manifest["exhibits"]}
    assert abs(exhibits["VID_20240305.mp4"]["duration"] - 6.0) < 0.1
    assert exhibits["VID_20240305.mp4"]["media"]["video_codec"] == "h264"
    assert exhibits["PTT-20240305-WA0007.opus"]["media"]["audio_codec"] == "opus"

    pdf = dossier / "dossier.pdf"
    page = _page_with(pdf, ": VID_20240305.mp4", "Video codec")
    page_text = _pdftotext(pdf, page)
    assert "Frames at 0:01, 0:03, 0:05 of the recording" in page_text
    assert "0:06" in page_text and "h264" in page_text and "aac" in page_text
    assert exhibits["VID_20240305.mp4"]["sha256"] in page_text.replace("\n", "").replace(" ", "")
    assert _images_on(pdf, page), "no key frames on the video's page"
    page = _page_with(pdf, ": PTT-20240305-WA0007.opus", "Audio codec")
    page_text = _pdftotext(pdf, page)
    assert "0:04" in page_text and "opus" in page_text
    assert "The loudness of the sound over time." in page_text
    assert _images_on(pdf, page), "no waveform on the voice note's page"

    checked = evidence_app("verify-dossier", str(dossier), env=env)
    assert checked.code == 0, checked.out + checked.err

    # Nothing decoded, drawn or exported went through a temporary folder.
    assert list(temp.iterdir()) == []


def _link_to_a_consenting_person(vault_copy: VaultCopy, tmp_path: Path, hashes: list[str]) -> None:
    document = records_document()
    document["evidence"] = [
        {"sha256": sha256, "cases": [CASE], "people": ["p-017"], "caption": "Received"}
        for sha256 in hashes
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with vault_copy.open() as vault:
        records_service.import_records(vault, path)
