"""The app factory on the embedded default: settings from the environment, projections inside."""

from __future__ import annotations

from api.http.app import create_app
from tests.conftest import embedded_environ


def test_the_embedded_default_serves_commands_and_their_views(tmp_path):
    environ = embedded_environ(tmp_path)
    app = create_app({"ENVIRON": environ, "RUN_PROJECTIONS": True, "LOG_LEVEL": "WARNING"})
    found = app.extensions["notaledger"]
    try:
        drafter = {"Authorization": f"Bearer {found.keys.create('VRO', 'drafter').token}"}
        client = app.test_client()
        made = client.post("/v1/notes", headers=drafter, json={
            "reference": "2026-EMBED-1", "title": "Ingebed", "kind": "information",
            "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO",
            "activelyPublic": False})
        assert made.status_code == 201
        read = client.get("/v1/notes/2026-EMBED-1", headers=drafter,
                          query_string={"minPosition": made.get_json()["position"]})
        assert read.status_code == 200 and read.get_json()["title"] == "Ingebed"
        assert client.get("/readyz").get_json()["status"] == "ready"
    finally:
        found.close()


def test_the_embedded_default_rebuilds_views_an_earlier_version_built_before_serving(tmp_path):
    from adapters.views_sqlite import SQLiteViewStore
    from projections.catalogue import SHAPES
    from projections.honesty import unstamp
    from projections.log import EventLog

    environ = embedded_environ(tmp_path)
    app = create_app({"ENVIRON": environ, "RUN_PROJECTIONS": True, "LOG_LEVEL": "WARNING"})
    found = app.extensions["notaledger"]
    drafter = {"Authorization": f"Bearer {found.keys.create('VRO', 'drafter').token}"}
    made = app.test_client().post("/v1/notes", headers=drafter, json={
        "reference": "2026-UPGRADE-1", "title": "Opgewaardeerd", "kind": "information",
        "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO", "activelyPublic": False})
    assert made.status_code == 201
    assert found.views.wait_for("notes", made.get_json()["position"], timeout=10)
    identity = EventLog(found.ledger).identity()
    found.close()
    older = SQLiteViewStore(tmp_path / "views.sqlite")
    older.claim(identity, replace=True)  # as the version before view shapes left them
    older.close()

    app = create_app({"ENVIRON": environ, "RUN_PROJECTIONS": True, "LOG_LEVEL": "WARNING"})
    found = app.extensions["notaledger"]
    try:
        assert unstamp(found.views.identity()) == (identity, SHAPES)
        client = app.test_client()
        assert client.get("/readyz").get_json()["status"] == "ready"
        read = client.get("/v1/notes/2026-UPGRADE-1", headers=drafter)
        assert read.status_code == 200 and read.get_json()["title"] == "Opgewaardeerd"
    finally:
        found.close()
