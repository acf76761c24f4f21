"""A PDF's creation date from its Info dictionary and its XMP metadata stream."""

from __future__ import annotations

from evidence_app.ingest.document_dates import pdf_metadata
from evidence_app.ingest.exif_metadata import ImageMetadata
from evidence_app.media.pdf_document import read_pdf
from tests.ingest.dated_files import pdf_with_xmp, xmp_packet
from tests.media.pdf_files import CREATED, CREATED_ISO, statement


def metadata_of(data: bytes) -> ImageMetadata:
    return pdf_metadata(read_pdf(data, 64), data)


def test_a_pdf_without_xmp_keeps_its_info_creation_date() -> None:
    metadata = metadata_of(statement())
    assert metadata.captured_at == CREATED_ISO
    assert metadata.captured_at_source == "PDF CreationDate"
    assert metadata.notes == []


def test_the_xmp_create_date_is_used_when_the_info_dictionary_has_none() -> None:
    metadata = metadata_of(pdf_with_xmp(xmp_packet(xmp_CreateDate="2020-02-02T10:00:00+02:00")))
    assert metadata.captured_at == "2020-02-02T10:00:00+02:00"
    assert metadata.captured_at_source == "XMP xmp:CreateDate"
    assert metadata.exif["XMP xmp:CreateDate"] == "2020-02-02T10:00:00+02:00"


def test_info_and_xmp_dates_that_disagree_are_both_kept_and_the_info_one_is_used() -> None:
    data = pdf_with_xmp(xmp_packet(xmp_CreateDate="2020-02-02T10:00:00Z"), CREATED)
    metadata = metadata_of(data)
    assert metadata.captured_at == CREATED_ISO
    assert metadata.captured_at_source == "PDF CreationDate"
    assert metadata.exif["PDF CreationDate"] == CREATED
    assert metadata.exif["XMP xmp:CreateDate"] == "2020-02-02T10:00:00Z"
    assert (
        f"The file records different capture times: PDF CreationDate {CREATED_ISO}, "
        "XMP xmp:CreateDate 2020-02-02T10:00:00+00:00; PDF CreationDate was used."
    ) in metadata.notes


def test_the_same_moment_in_info_and_xmp_is_no_disagreement() -> None:
    data = pdf_with_xmp(xmp_packet(xmp_CreateDate="2023-03-14T06:15:30Z"), CREATED)
    assert metadata_of(data).notes == []


def test_a_pdf_modification_date_never_stands_in_for_its_creation() -> None:
    data = pdf_with_xmp(xmp_packet(xmp_ModifyDate="2024-01-01T00:00:00Z"))
    metadata = metadata_of(data)
    assert metadata.captured_at is None
    assert metadata.exif["XMP xmp:ModifyDate"] == "2024-01-01T00:00:00Z"


def test_a_damaged_xmp_packet_in_a_pdf_is_survived() -> None:
    data = pdf_with_xmp(b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF></x:xmpmeta>', CREATED)
    metadata = metadata_of(data)
    assert metadata.captured_at == CREATED_ISO
