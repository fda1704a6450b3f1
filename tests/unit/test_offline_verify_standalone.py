"""The offline verifier is one file an auditor can read: stdlib and one crypto package only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from api import offline_verify


def test_the_offline_verifier_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse(Path(offline_verify.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    foreign = imported - set(sys.stdlib_module_names) - {"__future__", "cryptography"}
    assert foreign == set()
    assert "cryptography" in imported


def test_its_canonical_form_matches_the_ledgers():
    from domain.audit.chain import canonical_bytes

    state = {"b": [1, "é"], "a": {"_type_": "uuid_hex", "_data_": "00ff"}, "prev_hash": "0"}
    ours = canonical_bytes("id", 3, "notaledger.note:Drafted", state).decode()
    assert offline_verify.canonical("id", 3, "notaledger.note:Drafted", state) == ours
