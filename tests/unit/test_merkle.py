"""The Merkle tree against RFC 6962's reference vectors and its own definitions."""

from __future__ import annotations

import hashlib

import pytest

from domain.audit.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MemoryTree,
    ProofError,
    aligned_blocks,
    block_roots,
    consistency_proof,
    frontier,
    inclusion_proof,
    leaf_hash,
    node_hash,
    nodes_needed,
    root_from_inclusion,
    root_of,
    verify_consistency,
    verify_inclusion,
)

# The Certificate Transparency reference inputs and the roots of their first 1..8 leaves.
RFC_LEAVES = [bytes.fromhex(x) for x in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]
RFC_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
LEAVES = [leaf_hash(hashlib.sha256(bytes([i])).digest()) for i in range(70)]


# The RFC 6962 definitions, written out literally, as the reference for the fast code.
def mth(leaves):
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, whole):
    if m == len(leaves):
        return [] if whole else [mth(leaves)]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if m <= k:
        return subproof(m, leaves[:k], whole) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def test_roots_match_the_rfc_6962_reference_vectors():
    hashes = [leaf_hash(leaf) for leaf in RFC_LEAVES]
    assert root_of([]).hex() == hashlib.sha256(b"").hexdigest()
    assert [root_of(hashes[:n]).hex() for n in range(1, 9)] == RFC_ROOTS


def test_the_compact_range_gives_the_root_of_every_size():
    edge = CompactRange()
    for size, leaf in enumerate(LEAVES, start=1):
        edge.append(leaf)
        assert edge.root() == mth(LEAVES[:size])


def test_appending_reports_each_completed_subtree_once():
    edge, completed = CompactRange(), []
    for leaf in LEAVES[:8]:
        completed += [(level, index) for level, index, _ in edge.append(leaf)]
    assert sorted(completed) == sorted(
        [(0, i) for i in range(8)] + [(1, i) for i in range(4)] + [(2, 0), (2, 1), (3, 0)])


def test_a_compact_range_loads_from_stored_subtrees():
    tree = MemoryTree(LEAVES[:45])
    assert frontier(45) == [(5, 0), (3, 4), (2, 10), (0, 44)]
    loaded = CompactRange.load(45, tree.subtree)
    loaded.append(LEAVES[45])
    assert loaded.root() == mth(LEAVES[:46])


def test_inclusion_proofs_equal_the_rfc_definition_and_verify():
    tree = MemoryTree(LEAVES[:33])
    for size in range(1, 34):
        root = mth(LEAVES[:size])
        for index in range(size):
            proof = inclusion_proof(index, size, tree.subtree)
            assert proof == path(index, LEAVES[:size])
            assert verify_inclusion(index, size, LEAVES[index], proof, root)


def test_an_inclusion_proof_fails_for_another_leaf_index_or_size():
    tree = MemoryTree(LEAVES[:21])
    proof = inclusion_proof(12, 21, tree.subtree)
    root = tree.root()
    assert not verify_inclusion(12, 21, LEAVES[13], proof, root)
    assert not verify_inclusion(13, 21, LEAVES[12], proof, root)
    assert not verify_inclusion(12, 40, LEAVES[12], proof, root)
    assert not verify_inclusion(12, 21, LEAVES[12], proof[:-1], root)
    assert not verify_inclusion(12, 21, LEAVES[12], [*proof, proof[0]], root)
    assert not verify_inclusion(12, 21, LEAVES[12], [proof[1], proof[0], *proof[2:]], root)


def test_a_leaf_outside_the_tree_has_no_proof():
    with pytest.raises(ProofError):
        inclusion_proof(5, 5, MemoryTree(LEAVES[:5]).subtree)
    with pytest.raises(ProofError):
        root_from_inclusion(5, 5, LEAVES[0], [])


def test_consistency_proofs_equal_the_rfc_definition_and_verify():
    tree = MemoryTree(LEAVES[:33])
    for new in range(1, 34):
        for old in range(1, new + 1):
            proof = consistency_proof(old, new, tree.subtree)
            assert proof == subproof(old, LEAVES[:new], True)
            assert verify_consistency(old, new, mth(LEAVES[:old]), mth(LEAVES[:new]), proof)


def test_a_consistency_proof_fails_for_a_changed_prefix():
    tree = MemoryTree(LEAVES[:30])
    proof = consistency_proof(11, 30, tree.subtree)
    forked = LEAVES[:5] + [leaf_hash(b"forged")] + LEAVES[6:30]
    assert not verify_consistency(11, 30, mth(forked[:11]), tree.root(), proof)
    assert not verify_consistency(11, 30, tree.root(11), mth(forked), proof)
    assert not verify_consistency(11, 30, tree.root(11), tree.root(), proof[:-1])
    assert not verify_consistency(12, 30, tree.root(11), tree.root(), proof)
    assert not verify_consistency(11, 30, tree.root(11), tree.root(), [])


def test_trivial_consistency_needs_no_proof():
    tree = MemoryTree(LEAVES[:9])
    assert consistency_proof(9, 9, tree.subtree) == []
    assert verify_consistency(9, 9, tree.root(), tree.root(), [])
    assert verify_consistency(0, 9, EMPTY_ROOT, tree.root(), [])
    assert not verify_consistency(9, 9, tree.root(), tree.root(8), [])


def test_a_proof_reads_only_a_logarithmic_number_of_stored_subtrees():
    size = 1_000_003
    needed = nodes_needed(inclusion_proof, 123_456, size)
    assert len(needed) <= 2 * size.bit_length()
    assert len(nodes_needed(consistency_proof, 777_777, size)) <= 2 * size.bit_length()


@pytest.mark.parametrize(("start", "count", "cuts"), [
    (0, 0, []), (0, 1, []), (0, 7, [3]), (5, 11, []), (6, 26, [9, 16, 31]), (1000, 3000, [2048]),
    (8192, 8192, []), (8191, 8194, [8192, 12000])])
def test_subtrees_hashed_apart_grow_the_same_tree(start, count, cuts):
    leaves = [leaf_hash(bytes([n % 256, n // 256])) for n in range(start + count)]
    whole, apart = CompactRange(), CompactRange()
    whole.extend(leaves[:start])
    apart.extend(leaves[:start])
    blocks = aligned_blocks(start, start + count, cuts)
    assert sum(1 << level for level, _ in blocks) == count
    sizes = []
    for level, root in block_roots(leaves[start:], start, cuts):
        apart.push_subtree(level, root)
        sizes.append(apart.size)
    whole.extend(leaves[start:])
    assert apart.root() == whole.root() and apart.size == whole.size
    assert {cut for cut in cuts if start < cut < start + count} <= set(sizes)


def test_a_subtree_is_pushed_only_where_it_is_aligned():
    with pytest.raises(ValueError):
        CompactRange(1, [leaf_hash(b"a")]).push_subtree(1, leaf_hash(b"b"))
