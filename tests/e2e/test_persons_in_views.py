"""Every person in every view is {id, name} under the one naming policy: a walk over the
OpenAPI document and over the answers of each note, commitment and motion view."""

from __future__ import annotations

import re

import pytest

from tests.e2e.story import REF, play

# A property that names who did something holds a person; ``takenOverBy`` is the office
# that took a motion over, as said in the debate ("de staatssecretaris van OCW"), not a
# person of the registry.
PERSON_FIELD = re.compile(r"edBy$|^person$")
NOT_A_PERSON = {"takenOverBy"}
VIEWS = ("/notes", "/commitments", "/motions", "/public", "/organisations", "/dashboard")


@pytest.fixture
def client(site):
    return site.client()


def person_properties(document: dict):
    """(schema, property, its schema) for each person field of the views' answers."""
    schemas = document["components"]["schemas"]
    seen: set = set()

    def walk(schema: dict, owner: str):
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                yield from walk(schemas[name], name)
            return
        for key in ("items", "additionalProperties"):
            if isinstance(schema.get(key), dict):
                yield from walk(schema[key], owner)
        for part in schema.get("allOf", []) + schema.get("oneOf", []) + schema.get("anyOf", []):
            yield from walk(part, owner)
        for prop, inner in (schema.get("properties") or {}).items():
            if PERSON_FIELD.search(prop) and prop not in NOT_A_PERSON:
                yield owner, prop, inner
            yield from walk(inner, owner)

    for path, item in document["paths"].items():
        if path.startswith(VIEWS) and "get" in item:
            for answer in item["get"]["responses"].values():
                for content in (answer.get("content") or {}).values():
                    yield from walk(content["schema"], path)


def test_every_person_field_of_the_views_is_documented_as_a_person(site, client):
    document = client.get("/v1/openapi.json").get_json()
    found = list(person_properties(document))
    assert {prop for _, prop, _ in found} >= {"draftedBy", "decidedBy", "initialledBy",
                                              "person"}
    for owner, prop, schema in found:
        if owner == "PublicNote" and prop == "initialledBy":
            continue  # the public steps, each naming its person (walked on its own)
        schema = schema.get("items", schema)
        reference = schema.get("$ref") or next(
            (part["$ref"] for part in schema.get("allOf", []) + schema.get("anyOf", [])
             if "$ref" in part), "")
        assert reference.endswith("/Person"), f"{owner}: {prop} is {schema}"
    person = document["components"]["schemas"]["Person"]["properties"]
    assert set(person) == {"id", "name"}


def bare_people(answer, path: str = "") -> list[str]:
    """Where an answer gives a person as anything but {id, name}."""
    found = []
    if isinstance(answer, dict):
        for key, value in answer.items():
            here = f"{path}.{key}"
            if PERSON_FIELD.search(key) and key not in NOT_A_PERSON:
                for one in value if isinstance(value, list) else [value]:
                    if key == "initialledBy" and isinstance(one, dict) and "person" in one:
                        continue  # a public step; its person is walked below
                    if one is not None and not (isinstance(one, dict)
                                                and set(one) == {"id", "name"}):
                        found.append(f"{here}: {one!r}")
            found += bare_people(value, here)
        if "personId" in answer and "name" not in answer:
            found.append(f"{path}: personId without a name")
    elif isinstance(answer, list):
        for index, value in enumerate(answer):
            found += bare_people(value, f"{path}[{index}]")
    return found


def test_no_view_of_the_seed_story_gives_a_person_as_a_bare_id(site, client):
    site.services.persons.register("p-minister-vro", "Mona Keijzer", "minister")
    story = play(site, client)
    site.settle()
    auditor, note = story["who"]["auditor"], f"/v1/notes/{REF}"
    answers = {
        "note": auditor.get(note),
        "replay at a version": auditor.get(note, version=story["version"] - 1),
        "replay as of now": auditor.get(note, asOf="2099-01-01T00:00:00Z"),
        "replay effective": auditor.get(note, effectiveAt="2099-01-01T00:00:00Z"),
        "trail": auditor.get(f"{note}/audit"),
        "notes": auditor.get("/v1/notes"),
        "commitments": auditor.get("/v1/commitments"),
        "motions": auditor.get("/v1/motions"),
        "public note": client.get(f"/v1/public/notes/{REF}").get_json(),
        "public notes": client.get("/v1/public/notes").get_json(),
    }
    for name, answer in answers.items():
        assert bare_people(answer) == [], name
    assert answers["note"]["decidedBy"] == {"id": "p-minister-vro", "name": "Mona Keijzer"}
    assert answers["replay at a version"]["decidedBy"] == answers["note"]["decidedBy"]
    assert answers["public note"]["decidedBy"] == {"id": None, "name": "Mona Keijzer"}
    assert [p["id"] for p in answers["note"]["draftedBy"]] == [
        "p-drafter-1", "p-drafter-2", "p-drafter-3"]
