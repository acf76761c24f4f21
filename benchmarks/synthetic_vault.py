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

from evidence_app.custody.events import append_event
from evidence_app.custody.log_state import record_head
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
    with vault.writer() as session:
        session.add(Blob.of(blob, "original", now, None))
    for start in range(0, count, batch):
        with vault.writer() as session:
            for n in range(start, min(start + batch, count)):
                make, model = CAMERAS[n % len(CAMERAS)]
                sha256 = uuid.uuid4().hex + uuid.uuid4().hex
                item_id = uuid.uuid4().hex
                name = f"IMG_{n:06d}.JPG"
                exif = {f"EXIF Tag{t}": str(rng.random()) for t in range(40)}
                session.add(
                    Item(
                        id=item_id,
                        sha256=sha256,
                        size=rng.randrange(10**5, 10**7),
                        blob_id=blob.blob_id,
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
                session.flush()
                append_event(
                    session,
                    vault.signing_key,
                    vault.display_name,
                    "item.ingested",
                    subject=item_id,
                    subject_sha256=sha256,
                    details={"source": "synthetic", "original_name": name},
                )
                session.add(ItemCase(item_id=item_id, case_ref=f"case-{n % 20}"))
                index_text(session, "item", item_id, name, f"{name} {make} {model}")
    record_head(vault)


def add_testimonies(vault: Vault, count: int, batch: int = 500, seed: int = 2) -> None:
    rng = random.Random(seed)
    for start in range(0, count, batch):
        with vault.writer() as session:
            for n in range(start, min(start + batch, count)):
                sections = {
                    name: " ".join(rng.choice(WORDS) for _ in range(rng.randrange(30, 120)))
                    for name in ("arrest", "detention", "treatment", "narrative")
                }
                body = {
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
                save_record(
                    session, vault.signing_key, vault.display_name, "testimony", f"t-{n:05d}", body
                )
    record_head(vault)


def build(path: Path, items: int, testimonies: int) -> str:
    """Create the vault at `path`; returns its recovery code."""
    from evidence_app.core import vault_service

    created = vault_service.create_vault(path, "benchmark passphrase", "Synthetic", 0)
    with created.vault as vault:
        add_items(vault, items)
        add_testimonies(vault, testimonies)
    return created.recovery_code
