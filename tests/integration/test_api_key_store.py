"""The API-key store contract, run against SQLite and PostgreSQL."""

from __future__ import annotations

import argparse

import pytest

from adapters.keys import PostgresKeyStore, SQLiteKeyStore, digest
from domain.errors import InvalidInput, NotFound
from tests.conftest import PG


@pytest.fixture(params=["sqlite", "postgres"])
def keys(request, tmp_path):
    if request.param == "sqlite":
        store = SQLiteKeyStore(tmp_path / "keys.sqlite")
    else:
        schema = request.getfixturevalue("pg_schema")
        conninfo = (f"dbname={PG['NOTALEDGER_PG_DBNAME']} host={PG['NOTALEDGER_PG_HOST']} "
                    f"port={PG['NOTALEDGER_PG_PORT']} user={PG['NOTALEDGER_PG_USER']}")
        store = PostgresKeyStore(conninfo, schema)
    yield store
    store.close()


def test_a_key_authenticates_as_its_organisation_and_role(keys):
    made = keys.create("J&V", "consultee", "afstemming")
    key = keys.authenticate(made.token)
    assert (key.organisation, key.role, key.label) == ("JenV", "consultee", "afstemming")
    assert key.key_id == made.key.key_id and made.token.startswith(f"nl_{key.key_id}_")


def test_only_a_hash_of_the_secret_is_stored(keys):
    made = keys.create("VRO", "drafter")
    rows = keys._one(f"SELECT digest FROM {keys._table} WHERE key_id = {keys.PARAM}",
                     (made.key.key_id,))
    assert rows == (digest(made.token),) and made.token not in str(rows)


def test_a_wrong_secret_or_a_malformed_token_does_not_authenticate(keys):
    made = keys.create("VRO", "drafter")
    forged = made.token[:-4] + ("AAAA" if not made.token.endswith("AAAA") else "BBBB")
    assert keys.authenticate(forged) is None
    assert keys.authenticate("nl_garbage") is None and keys.authenticate("") is None


def test_a_revoked_key_no_longer_authenticates_but_stays_listed(keys):
    made = keys.create("VRO", "auditor")
    revoked = keys.revoke(made.key.key_id)
    assert revoked.revoked_at and keys.authenticate(made.token) is None
    assert made.key.key_id not in [k.key_id for k in keys.list()]
    assert made.key.key_id in [k.key_id for k in keys.list(include_revoked=True)]
    assert keys.revoke(made.key.key_id).revoked_at == revoked.revoked_at


def test_unknown_roles_and_keys_are_refused_clearly(keys):
    with pytest.raises(InvalidInput, match="role 'minister' must be one of"):
        keys.create("VRO", "minister")
    with pytest.raises(NotFound, match="no API key"):
        keys.revoke("000000000000")


def test_the_cli_prints_a_new_key_once_and_lists_keys_without_secrets(tmp_path, monkeypatch,
                                                                         capsys):
    from api.cli import keys as commands

    monkeypatch.setenv("NOTALEDGER_STORE", "sqlite")
    monkeypatch.setenv("NOTALEDGER_SQLITE_PATH", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("NOTALEDGER_KEYS_PATH", str(tmp_path / "keys.sqlite"))
    root = argparse.ArgumentParser()
    commands.register(root.add_subparsers(dest="command"))

    def run(*argv: str) -> str:
        arguments = root.parse_args(list(argv))
        assert arguments.handler(arguments) == 0
        return capsys.readouterr().out

    created = run("keys", "create", "--organisation", "SZW", "--role", "consultee")
    token = created.splitlines()[1]
    key_id = token.split("_")[1]
    listed = run("keys", "list")
    assert key_id in listed and token not in listed and "1 key(s)" in listed
    assert "revoked" in run("keys", "revoke", key_id)
    assert "0 key(s)" in run("keys", "list")
