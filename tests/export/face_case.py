"""A case with one real photograph of two faces, for the region review and its CLI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data as sample_images

from evidence_app.core import ingest_service, records_service
from evidence_app.core.region_service import list_regions
from evidence_app.storage.vault import Vault
from tests.records.sample_documents import add_sample_case, records_document

CASE = "case-ik6"
LEFT_FACE = (190, 80, 70, 70)  # the astronaut's face in the left half of the photo
RIGHT_FACE = (512 + 190, 80, 70, 70)  # the same face again in the right half
MANUAL = (20, 380, 120, 100)  # a badge on the left astronaut's suit, drawn by hand


def two_astronauts() -> np.ndarray:
    """A real photograph (scikit-image's astronaut) twice side by side: two faces."""
    astronaut = sample_images.astronaut()
    return np.concatenate([astronaut, astronaut], axis=1)


@dataclass(frozen=True)
class Photo:
    sha256: str
    original: np.ndarray


def ingest_face_case(vault: Vault, folder: Path, detect: bool = True) -> Photo:
    folder.mkdir()
    pixels = two_astronauts()
    path = folder / "yard.png"
    Image.fromarray(pixels).save(path)  # lossless: the original's pixels are known exactly
    add_sample_case(vault)
    report = ingest_service.ingest_paths(vault, [path], case_ref=CASE)
    sha = report.outcomes[0].sha256 or ""
    document = records_document()
    document["evidence"] = [{"sha256": sha, "people": ["p-017"], "caption": "Двор колонии"}]
    records = folder / "records.json"
    records.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records_service.import_records(vault, records)
    if detect:  # detection runs on first need: listing the regions stores the proposals
        list_regions(vault, sha)
    return Photo(sha, pixels)
