"""Canonical JSON (RFC 8785, JCS) and SHA-256: the bytes that custody hashes are taken of."""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785


def canonical_json(obj: Any) -> bytes:
    encoded: bytes = rfc8785.dumps(obj)
    return encoded


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
