"""An RFC 6962 Merkle tree: hashing, incremental growth, proofs and their verification.

Leaves hash as ``sha256(0x00 || leaf)``, interior nodes as ``sha256(0x01 || left || right)``;
the tree of n leaves splits at the largest power of two below n (RFC 6962 section 2.1,
RFC 9162 section 2.1). A complete subtree is named by ``(level, index)``: it covers the
leaves ``index * 2**level`` up to ``(index + 1) * 2**level``, and level 0 holds the leaf
hashes. Proofs are computed from any source of complete subtrees (a function of
``(level, index)``), so a stored tree answers them with O(log² n) lookups and no rehash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat

Node = tuple[int, int]
Subtree = Callable[[int, int], bytes]

EMPTY_ROOT = hashlib.sha256(b"").digest()
_PLACEHOLDER = bytes(32)
# Many hashes at once start from a copy of the hash of their prefix byte, each step a C loop
# (``map``): a copy costs less than a new hash, and no prefixed bytes are built.
_LEAF, _NODE = hashlib.sha256(b"\x00"), hashlib.sha256(b"\x01")
_Hash = type(_LEAF)
_copy, _update, _digest = _Hash.copy, _Hash.update, _Hash.digest


class ProofError(ValueError):
    """A proof was asked for sizes or indexes the tree does not have."""


def leaf_hash(leaf: bytes) -> bytes:
    """The hash of one leaf."""
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def leaf_hashes(leaves: Sequence[bytes]) -> list[bytes]:
    """``leaf_hash`` of each leaf."""
    hashes = list(map(_copy, repeat(_LEAF, len(leaves))))
    any(map(_update, hashes, leaves))  # each update answers None: ``any`` runs them all
    return list(map(_digest, hashes))


def node_hashes(level: Sequence[bytes]) -> list[bytes]:
    """``node_hash`` of each pair of a level of an even number of hashes: the level above."""
    hashes = list(map(_copy, repeat(_NODE, len(level) // 2)))
    any(map(_update, hashes, level[0::2]))
    any(map(_update, hashes, level[1::2]))
    return list(map(_digest, hashes))


def _split(size: int) -> int:
    """The largest power of two smaller than ``size`` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


class CompactRange:
    """The right edge of a growing tree: one root per complete subtree, O(log n) hashes."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != bin(size).count("1"):
            raise ValueError(f"a tree of {size} leaves has {bin(size).count('1')} edge hashes")
        self.size = size
        self._hashes = list(hashes)  # largest subtree first

    @classmethod
    def load(cls, size: int, subtree: Subtree) -> CompactRange:
        """The edge of a stored tree of ``size`` leaves."""
        return cls(size, [subtree(*node) for node in frontier(size)])

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf hash; returns every subtree it completes as (level, index, hash)."""
        completed = [(0, self.size, leaf)]
        current, level, index = leaf, 0, self.size
        while index & 1:
            current = node_hash(self._hashes.pop(), current)
            level, index = level + 1, index >> 1
            completed.append((level, index, current))
        self._hashes.append(current)
        self.size += 1
        return completed

    def push(self, leaf: bytes) -> None:
        """Add one leaf hash when the completed subtrees are not needed (the fast path)."""
        hashes, index = self._hashes, self.size
        while index & 1:
            leaf = node_hash(hashes.pop(), leaf)
            index >>= 1
        hashes.append(leaf)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Add many leaf hashes: each aligned block of a power of two is hashed level by level
        and joins the edge as one complete subtree (the same tree as pushing one by one)."""
        leaves = list(leaves)
        for level, root in block_roots(leaves, self.size):
            self.push_subtree(level, root)

    def push_subtree(self, level: int, root: bytes) -> None:
        """Add the root of a complete subtree of ``2**level`` leaves; the tree's size must be
        a multiple of ``2**level``, as it is where ``aligned_blocks`` put the subtree."""
        if self.size & ((1 << level) - 1):
            raise ValueError(f"a subtree of {1 << level} leaves cannot follow {self.size}")
        hashes, index = self._hashes, self.size >> level
        while index & 1:
            root = node_hash(hashes.pop(), root)
            index >>= 1
        hashes.append(root)
        self.size += 1 << level

    def root(self) -> bytes:
        """The root hash of the tree so far."""
        if not self._hashes:
            return EMPTY_ROOT
        root = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            root = node_hash(left, root)
        return root


def aligned_blocks(start: int, stop: int, cuts: Iterable[int] = ()) -> list[Node]:
    """The complete subtrees ``(level, first leaf)`` that cover the leaves ``start`` up to
    ``stop`` in order, each aligned and as large as it can be, none across a ``cut`` (a tree
    size whose root is wanted): a tree at size ``start`` grows by pushing their roots."""
    blocks, at = [], start
    for bound in [*sorted(cut for cut in set(cuts) if start < cut < stop), stop]:
        while at < bound:
            level = min((at & -at).bit_length() - 1 if at else 62, (bound - at).bit_length() - 1)
            blocks.append((level, at))
            at += 1 << level
    return blocks


def block_roots(leaves: Sequence[bytes], start: int,
                cuts: Iterable[int] = ()) -> list[tuple[int, bytes]]:
    """The roots ``(level, hash)`` of ``aligned_blocks`` over ``leaves``, the first of which
    is leaf ``start`` of the tree: hashed level by level, a block at a time."""
    roots = []
    for level, first in aligned_blocks(start, start + len(leaves), cuts):
        block = leaves[first - start:first - start + (1 << level)]
        for _ in range(level):
            block = node_hashes(block)
        roots.append((level, block[0]))
    return roots


def frontier(size: int) -> list[Node]:
    """The complete subtrees whose roots make the tree of ``size`` leaves, largest first."""
    nodes, start = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


def root_of(leaves: Iterable[bytes]) -> bytes:
    """The root over leaf hashes."""
    edge = CompactRange()
    edge.extend(leaves)
    return edge.root()


def range_root(begin: int, end: int, subtree: Subtree) -> bytes:
    """MTH of the leaves ``begin`` up to ``end`` (RFC 6962 split), from stored subtrees."""
    size = end - begin
    if size == 0:
        return EMPTY_ROOT
    if size & (size - 1) == 0 and begin % size == 0:
        level = size.bit_length() - 1
        return subtree(level, begin >> level)
    k = _split(size)
    return node_hash(range_root(begin, begin + k, subtree), range_root(begin + k, end, subtree))


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 6962 PATH)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    return _path(index, 0, size, subtree)


def _path(index: int, begin: int, end: int, subtree: Subtree) -> list[bytes]:
    if end - begin == 1:
        return []
    k = _split(end - begin)
    if index < begin + k:
        return _path(index, begin, begin + k, subtree) + [range_root(begin + k, end, subtree)]
    return _path(index, begin + k, end, subtree) + [range_root(begin, begin + k, subtree)]


def consistency_proof(old: int, new: int, subtree: Subtree) -> list[bytes]:
    """The proof that the tree of ``old`` leaves is a prefix of that of ``new`` (RFC 6962)."""
    if not 0 <= old <= new:
        raise ProofError(f"no consistency between trees of {old} and {new} leaves")
    if old in (0, new):
        return []
    return _subproof(old, 0, new, True, subtree)


def _subproof(m: int, begin: int, end: int, whole: bool, subtree: Subtree) -> list[bytes]:
    size = end - begin
    if m == size:
        return [] if whole else [range_root(begin, end, subtree)]
    k = _split(size)
    if m <= k:
        return _subproof(m, begin, begin + k, whole, subtree) + [
            range_root(begin + k, end, subtree)]
    return _subproof(m - k, begin + k, end, False, subtree) + [range_root(begin, begin + k,
                                                                          subtree)]


def nodes_needed(proof: Callable[..., list[bytes]], *arguments: int) -> set[Node]:
    """The stored subtrees a proof reads, so a store can fetch them in one query."""
    needed: set[Node] = set()

    def record(level: int, index: int) -> bytes:
        needed.add((level, index))
        return _PLACEHOLDER

    proof(*arguments, record)
    return needed


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that an audit path leads to from a leaf hash (RFC 9162 section 2.1.3.2)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
    fn, sn, root = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            raise ProofError("the audit path is longer than the tree is deep")
        if fn & 1 or fn == sn:
            root = node_hash(sibling, root)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            root = node_hash(root, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the audit path is shorter than the tree is deep")
    return root


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """True when the audit path proves the leaf hash at ``index`` under ``root``."""
    try:
        return root_from_inclusion(index, size, leaf, proof) == root
    except ProofError:
        return False


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """True when the proof shows the old tree is a prefix of the new (RFC 9162 2.1.4.2)."""
    if not 0 <= old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = [old_root, *proof] if old & (old - 1) == 0 else list(proof)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for step in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first, second = node_hash(step, first), node_hash(step, second)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, step)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


class MemoryTree:
    """Every complete subtree of a tree held in memory: a proof source for small trees."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self._edge = CompactRange()
        self._nodes: dict[Node, bytes] = {}
        for leaf in leaves:
            self.append(leaf)

    @property
    def size(self) -> int:
        return self._edge.size

    def append(self, leaf: bytes) -> None:
        for level, index, value in self._edge.append(leaf):
            self._nodes[level, index] = value

    def subtree(self, level: int, index: int) -> bytes:
        return self._nodes[level, index]

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        return range_root(0, size, self.subtree)
