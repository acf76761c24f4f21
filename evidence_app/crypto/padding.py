"""Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
Communication with PURBs", PETS 2019).

A length L with 2^E <= L < 2^(E+1) is rounded up so that only its top floor(log2 E) + 1
bits may be non-zero. The padded length then reveals E and floor(log2 E) further bits —
O(log log L) bits in all — and the padding is less than 2^-(floor(log2 E)+1) of L, at most
about 11%.
"""

from __future__ import annotations


def padme(length: int) -> int:
    if length < 0:
        raise ValueError("a length is never negative")
    if length < 2:
        return length
    exponent = length.bit_length() - 1
    kept_bits = exponent.bit_length()
    mask = (1 << (exponent - kept_bits)) - 1
    return (length + mask) & ~mask
