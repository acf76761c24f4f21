"""RFC 6962 / RFC 9162 Merkle trees: roots, inclusion proofs and consistency proofs.

Leaves are hashed as SHA-256(0x00 ‖ data) and interior nodes as SHA-256(0x01 ‖ left ‖ right).
Functions take the *leaf hashes* so that callers hash each event once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_leaf_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) computed level by level; an odd node is carried up unchanged (RFC 6962)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    return _levels(leaf_hashes)[-1][0]


def _largest_power_of_two_below(n: int) -> int:
    """The k of RFC 6962: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _levels(leaf_hashes: Sequence[bytes]) -> list[list[bytes]]:
    """Every node of the tree: levels[j][i] is MTH of leaves [i·2^j, min((i+1)·2^j, n))."""
    levels = [list(leaf_hashes)]
    while len(levels[-1]) > 1:
        level = levels[-1]
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        levels.append(paired)
    return levels


def _node(levels: list[list[bytes]], lo: int, hi: int) -> bytes:
    """MTH of leaves [lo, hi) for a range a proof needs: it starts on a multiple of a power of
    two at least its size and ends there or at the tree's end, so it is a node."""
    level = (hi - lo - 1).bit_length()
    return levels[level][lo >> level]


def inclusion_proofs(leaf_hashes: Sequence[bytes], indices: Sequence[int]) -> list[list[bytes]]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1 for each leaf index, the tree built once.

    Every subtree a path needs is a node of the tree (aligned on a power of two), so many
    proofs cost one pass over the leaves instead of one pass each.
    """
    size = len(leaf_hashes)
    if any(not 0 <= index < size for index in indices):
        raise ValueError("leaf index outside the tree")
    levels = _levels(leaf_hashes)
    proofs = []
    for index in indices:
        proof: list[bytes] = []
        lo, hi, m = 0, size, index
        while hi - lo > 1:
            k = _largest_power_of_two_below(hi - lo)
            if m < k:
                proof.append(_node(levels, lo + k, hi))
                hi = lo + k
            else:
                proof.append(_node(levels, lo, lo + k))
                lo, m = lo + k, m - k
        proof.reverse()
        proofs.append(proof)
    return proofs


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1, for the leaf at `index`."""
    return inclusion_proofs(leaf_hashes, [index])[0]


def verify_inclusion(
    leaf: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < tree_size:
        return False
    fn, sn, r = index, tree_size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2: the first `old_size` leaves are a prefix."""
    return consistency_proofs(leaf_hashes, [old_size])[0]


def consistency_proofs(leaf_hashes: Sequence[bytes], old_sizes: Sequence[int]) -> list[list[bytes]]:
    """PROOF(m, D[n]) for each old size m, the tree built once."""
    n = len(leaf_hashes)
    if any(not 0 < old_size <= n for old_size in old_sizes):
        raise ValueError("old size must be between 1 and the tree size")
    levels = _levels(leaf_hashes)

    def subproof(m: int, lo: int, hi: int, complete: bool) -> list[bytes]:
        if m == hi - lo:
            return [] if complete else [_node(levels, lo, hi)]
        k = _largest_power_of_two_below(hi - lo)
        if m <= k:
            return [*subproof(m, lo, lo + k, complete), _node(levels, lo + k, hi)]
        return [*subproof(m - k, lo + k, hi, False), _node(levels, lo, lo + k)]

    return [subproof(old_size, 0, n, True) for old_size in old_sizes]


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if old_size < 1 or old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root starts the path
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
