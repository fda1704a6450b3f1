"""A note's answer kept by its row: the same bytes the schema and jsonify make, never stale."""

from __future__ import annotations

import copy
import enum
import uuid
from datetime import UTC, date, datetime

from flask import jsonify

from api.http.app import App
from api.http.bodies import EncodedBodies
from api.http.schemas.note_views import NoteSchema

ROW = {"id": "6f1c5a52-6a1e-5d0c-9a53-1b0c2d1e9f10", "reference": "2026-BODY-1",
       "title": "Kamerbrief over één ding", "kind": "decision", "status": "draft",
       "ministry": "VRO", "version": 3, "date": "2026-06-05", "from_unit": "NPLV",
       "to_official": "MVRO", "sections": {"kern": "Tekst", "aanleiding": "Waarom"},
       "section_revisions": {"kern": 2}, "collaborating": ["SZW"], "consultations": {},
       "drafted_by": [{"id": "p-1", "name": "A. Jansen"}], "actively_public": False}


def schema_answer(row: dict) -> bytes:
    """What flask-smorest answers for the row without the keeping."""
    return jsonify(NoteSchema().dump(row)).get_data()


def test_a_kept_body_is_the_bytes_the_schema_and_jsonify_make():
    app = App(__name__)
    bodies = EncodedBodies(NoteSchema())
    with app.test_request_context():
        first = bodies.response(ROW, headers={"ETag": '"3"'})
        again = bodies.response(copy.deepcopy(ROW))
        assert first.get_data() == again.get_data() == schema_answer(ROW)
        assert first.mimetype == "application/json" and first.headers["ETag"] == '"3"'
        assert first.status_code == 200
        assert len(bodies._bodies) == 1  # the second read was served from the kept body


def test_any_change_to_the_row_is_a_new_body_even_at_the_same_version():
    app = App(__name__)
    bodies = EncodedBodies(NoteSchema())
    with app.test_request_context():
        bodies.body(ROW)
        renamed = {**ROW, "drafted_by": [{"id": "p-1", "name": "A. de Vries"}]}
        answer = bodies.response(renamed)
        assert answer.get_json()["draftedBy"][0]["name"] == "A. de Vries"
        assert answer.get_data() == schema_answer(renamed)
        assert bodies.body(ROW) == schema_answer(ROW)


def test_a_row_orjson_cannot_key_is_answered_all_the_same_and_not_kept():
    app = App(__name__)
    bodies = EncodedBodies(NoteSchema())
    with app.test_request_context():
        odd = {**ROW, "collaborating": ("SZW", "OCW"), "sections": {1: "een"}}
        assert bodies.body(odd) == schema_answer(odd)
        assert bodies._bodies == {}


def test_the_kept_bodies_stay_within_their_bound():
    app = App(__name__)
    bodies = EncodedBodies(NoteSchema(), kept=3)
    with app.test_request_context():
        for version in range(10):
            row = {**ROW, "version": version}
            assert bodies.body(row) == schema_answer(row)
            assert len(bodies._bodies) <= 3


class Kind(enum.Enum):
    DECISION = "decision"


def test_a_row_with_values_orjson_writes_otherwise_than_the_schema_is_not_kept():
    """A moment, a subclass of str or an enum would share a key with its plain form."""
    app = App(__name__)
    bodies = EncodedBodies(NoteSchema())
    moment = datetime(2026, 6, 5, 10, 0, tzinfo=UTC)
    with app.test_request_context():
        plain = {**ROW, "published_at": "2026-06-05T10:00:00+00:00"}
        assert bodies.body(plain) == schema_answer(plain)
        for odd in ({**ROW, "published_at": moment}, {**ROW, "date": date(2026, 6, 5)},
                    {**ROW, "kind": Kind.DECISION}):
            assert bodies.body(odd) == schema_answer(odd)
        assert len(bodies._bodies) == 1  # only the plain row was kept
        assert bodies.body(plain) == schema_answer(plain)
        with_id = {**ROW, "id": uuid.UUID(ROW["id"])}
        assert bodies.body(with_id) == schema_answer(with_id)
