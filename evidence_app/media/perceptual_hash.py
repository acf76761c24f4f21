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

from collections.abc import Iterable
from typing import Any, Final

import imagehash
import numpy as np
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


class HashIndex:
    """Perceptual hashes held in memory, searched all at once (a vault holds many)."""

    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        self._keys: list[str] = []
        self._values: list[int] = []
        self._array: np.ndarray[Any, np.dtype[np.uint64]] | None = None
        for key, value in entries:
            self.add(key, value)

    def add(self, key: str, value: str) -> None:
        if is_hash(value):
            self._keys.append(key)
            self._values.append(int(value, 16))
            self._array = None

    def near(
        self, value: str, within: int = NEAR_DUPLICATE_BITS, exclude: str | None = None
    ) -> list[tuple[str, int]]:
        """(key, distance) of every hash within `within` bits, the closest first."""
        if not is_hash(value) or not self._keys:
            return []
        if self._array is None:
            self._array = np.array(self._values, dtype=np.uint64)
        distances = np.bitwise_count(self._array ^ np.uint64(int(value, 16)))
        found = [
            (self._keys[index], int(distances[index]))
            for index in np.flatnonzero(distances <= within)
            if self._keys[index] != exclude
        ]
        return sorted(found, key=lambda pair: (pair[1], pair[0]))
