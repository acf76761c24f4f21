"""A perceptual hash of a picture: what stays the same when a messenger re-encodes it.

Two copies of one photo differ in every byte once an app has resized and recompressed it,
so their SHA-256 says nothing of their kinship; the 64-bit pHash (the low frequencies of
the picture's cosine transform, each above or below their median) barely moves. The
threshold is measured by `benchmarks/bench_perceptual_hash.py` (benchmarks/README.md):
resized and re-encoded copies of a photo stay within 6 bits, a brighter or grey copy within
10, while no two of 22 different photos came closer than 20. dHash kept messenger copies
within 8 bits but different photos only 15 apart: pHash leaves the wider margin. A copy
cropped by even 1 % moves 12 bits and is not found: a hash of the whole frame cannot be.
"""

from __future__ import annotations

from typing import Final

import imagehash
from PIL import Image

HASH_BITS: Final = 64
NEAR_DUPLICATE_BITS: Final = 10
"""At most this many of the 64 bits differ between a photo and its near-duplicate."""

NOT_HASHABLE: Final = ""
"""Stored for items that are no picture that can be decoded: nothing to compute, ever."""


def perceptual_hash(picture: Image.Image) -> str:
    """The pHash of an upright picture, as 16 hexadecimal digits."""
    return str(imagehash.phash(picture))


def hash_distance(a: str, b: str) -> int:
    """How many of the 64 bits differ (Hamming distance)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def is_hash(value: str | None) -> bool:
    return bool(value) and len(value or "") == HASH_BITS // 4
