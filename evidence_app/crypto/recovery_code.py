"""The recovery code: 256 random bits written on paper.

Crockford base32 (no I, L, O, U; case-insensitive) in 13 groups of four characters, each
followed by a check character computed from the group and its position. A mistyped or
swapped group is named before any decryption is tried; the check misses one typo in 32,
and then the key slot's authentication still refuses the code.
"""

from __future__ import annotations

import hashlib

import nacl.utils

from evidence_app.kernel.errors import BadInput

CODE_BYTES = 32
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_GROUP_CHARS = 4
_GROUPS = 13  # 52 characters carry 260 bits: the 256 of the code and 4 zero bits


def new_recovery_code() -> bytes:
    return nacl.utils.random(CODE_BYTES)


def _check_char(index: int, group: str) -> str:
    digest = hashlib.blake2b(f"{index}:{group}".encode("ascii"), digest_size=1).digest()
    return _ALPHABET[digest[0] % 32]


def format_recovery_code(code: bytes) -> str:
    if len(code) != CODE_BYTES:
        raise ValueError("a recovery code is 32 bytes")
    bits = int.from_bytes(code, "big") << 4
    chars = "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(_GROUPS * 4)))
    groups = [chars[i : i + _GROUP_CHARS] for i in range(0, len(chars), _GROUP_CHARS)]
    return "-".join(group + _check_char(n, group) for n, group in enumerate(groups))


def parse_recovery_code(text: str) -> bytes:
    """Read a code as a person typed it: any case, spaces or dashes, O for 0, I or L for 1."""
    cleaned = "".join(_READ_AS.get(c, c) for c in text.upper() if not c.isspace() and c != "-")
    group_size = _GROUP_CHARS + 1
    if len(cleaned) != _GROUPS * group_size:
        raise BadInput(
            f"A recovery code has {_GROUPS} groups of {group_size} characters; "
            f"this one has {len(cleaned)} characters."
        )
    bad = [c for c in cleaned if c not in _ALPHABET]
    if bad:
        raise BadInput(f"A recovery code has no character {bad[0]!r}.")
    value = 0
    for n in range(_GROUPS):
        chunk = cleaned[n * group_size : (n + 1) * group_size]
        group, check = chunk[:_GROUP_CHARS], chunk[_GROUP_CHARS]
        if _check_char(n, group) != check:
            raise BadInput(
                f"Group {n + 1} of the recovery code ({chunk}) has a typo; "
                "compare it with the paper copy."
            )
        for c in group:
            value = (value << 5) | _ALPHABET.index(c)
    if value & 0xF:
        raise BadInput("The last group of the recovery code has a typo.")
    return (value >> 4).to_bytes(CODE_BYTES, "big")
