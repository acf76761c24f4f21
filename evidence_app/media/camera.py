"""Camera names as people say them, shared by ingest and the dossiers."""

from __future__ import annotations


def camera_name(make: str | None, model: str | None) -> str:
    """How people name a camera: "Canon EOS 80D", not "Canon Canon EOS 80D"."""
    make, model = (make or "").strip(), (model or "").strip()
    if make and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part)
