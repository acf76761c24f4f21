"""A large vault made quickly: items, their custody events and testimonies.

Items get real (small) encrypted blobs and signed `item.ingested` events, written in large
transactions through the same storage and custody code as a real ingest; testimonies go
through the records store, so their revisions, facets and search index are real.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from evidence_app.custody import write_path
from evidence_app.custody.write_path import Write, write
from evidence_app.kernel.clock import utc_now
from evidence_app.records.search import index_text
from evidence_app.records.store import save_record
from evidence_app.storage.content import content_writer
from evidence_app.storage.models import Blob, Item, ItemCase
from evidence_app.storage.vault import Vault

WORDS = [
    "избивали",
    "дубинками",
    "ШИЗО",
    "электрошок",
    "карцер",
    "подвал",
    "допрос",
    "угрожали",
    "семье",
    "холод",
    "голод",
    "бессонница",
    "врач",
    "отказали",
    "адвокат",
    "свидание",
    "колония",
    "этап",
    "конвой",
    "прокурор",
    "катували",
    "погрожували",
    "побиття",
    "голодування",
]
CAMERAS = [
    ("Canon", "EOS 80D"),
    ("Apple", "iPhone 13"),
    ("samsung", "SM-G991B"),
    ("NIKON CORPORATION", "D750"),
    ("HUAWEI", "ELE-L29"),
]


def add_items(vault: Vault, count: int, batch: int = 2000, seed: int = 1) -> None:
    rng = random.Random(seed)
    blob = content_writer(vault).write_bytes(b"synthetic")  # rows share one small blob
    now = utc_now()
    with write(vault) as unit:
        unit.session.add(Blob.of(blob, "original", now, None))
    with write_path.batch(vault):
        for start in range(0, count, batch):
            with write(vault) as unit:
                for n in range(start, min(start + batch, count)):
                    _add_item(unit, blob.blob_id, n, rng, now)


def _add_item(unit: Write, blob_id: str, n: int, rng: random.Random, now: str) -> None:
    make, model = CAMERAS[n % len(CAMERAS)]
    sha256 = uuid.uuid4().hex + uuid.uuid4().hex
    item_id = uuid.uuid4().hex
    name = f"IMG_{n:06d}.JPG"
    exif = {f"EXIF Tag{t}": str(rng.random()) for t in range(40)}
    unit.session.add(
        Item(
            id=item_id,
            sha256=sha256,
            size=rng.randrange(10**5, 10**7),
            blob_id=blob_id,
            original_name=name,
            original_name_raw=name.encode(),
            media_type="image/jpeg",
            captured_at=f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00",
            camera_make=make,
            camera_model=model,
            exif_json=json.dumps(exif),
            notes_json="[]",
            file_times_json="{}",
            ingested_at=now,
        )
    )
    unit.session.flush()
    unit.event(
        "item.ingested",
        subject=item_id,
        subject_sha256=sha256,
        details={"source": "synthetic", "original_name": name},
    )
    unit.session.add(ItemCase(item_id=item_id, case_ref=f"case-{n % 20}"))
    index_text(unit.session, "item", item_id, name, f"{name} {make} {model}")


def add_testimonies(vault: Vault, count: int, batch: int = 500, seed: int = 2) -> None:
    rng = random.Random(seed)
    with write_path.batch(vault):
        for start in range(0, count, batch):
            with write(vault) as unit:
                for n in range(start, min(start + batch, count)):
                    save_record(unit, "testimony", f"t-{n:05d}", _testimony(rng))


def _testimony(rng: random.Random) -> dict[str, Any]:
    sections = {
        name: " ".join(rng.choice(WORDS) for _ in range(rng.randrange(30, 120)))
        for name in ("arrest", "detention", "treatment", "narrative")
    }
    return {
        "case": None,
        "witness": None,
        "interviewer": "Synthetic",
        "interviewed_on": "2026-01-05",
        "place": "",
        "language": "ru",
        "mode": None,
        "sections": sections,
        "methods": [rng.choice(["beating", "electric_shock"])],
        "facilities": [],
        "period": {"from": "2023-03", "to": "2023-09"},
    }


def build(path: Path, items: int, testimonies: int) -> str:
    """Create the vault at `path`; returns its recovery code."""
    from evidence_app.core import vault_service

    created = vault_service.create_vault(path, "benchmark passphrase", "Synthetic", 0)
    with created.vault as vault:
        add_items(vault, items)
        add_testimonies(vault, testimonies)
    return created.recovery_code
