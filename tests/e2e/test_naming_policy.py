"""One naming and redaction policy, followed alike by every view that shows a person.

The seed nota's life over HTTP, then its people read back through the JSON API's trail,
the public (Woo) view and the command line's trail (as auditors and as the public see it):
the minister named everywhere; a civil servant named to authorised readers and redacted
(5.1.2e Woo) in public; an erased person never named again.
"""

from __future__ import annotations

import json

import pytest

from api.cli.main import main
from domain.names import ERASED, REDACTED
from tests.e2e.story import REF, play

NOTE = f"/v1/notes/{REF}"
MINISTER, CIVIL_SERVANT, ERASED_PERSON = "p-minister-vro", "p-head", "p-director"
POLICY = {  # person id: (shown to authorised readers, shown to the public)
    MINISTER: ("Mona Keijzer", "Mona Keijzer"),
    CIVIL_SERVANT: ("Els de Vries", REDACTED),
    ERASED_PERSON: (ERASED, REDACTED),
}
AUTHORISED = {person: shown for person, (shown, _) in POLICY.items()}
PUBLIC = {person: shown for person, (_, shown) in POLICY.items()}


@pytest.fixture
def story(site, client, tmp_path, monkeypatch):
    """The seed nota published, its three people registered and one of them erased."""
    persons = site.services.persons
    persons.register(MINISTER, "Mona Keijzer", "minister")
    persons.register(CIVIL_SERVANT, "Els de Vries", "civil_servant")
    persons.register(ERASED_PERSON, "Kees Bakker", "civil_servant")
    played = play(site, client)
    persons.erase(ERASED_PERSON)
    site.settle()
    for name, value in {"NOTALEDGER_STORE": "sqlite",
                        "NOTALEDGER_SQLITE_PATH": str(tmp_path / "events.sqlite"),
                        "NOTALEDGER_PERSONS_PATH": str(tmp_path / "persons.sqlite")}.items():
        monkeypatch.setenv(name, value)
    return played


def shown_by_person(pairs) -> dict[str, str | None]:
    """The names shown, by the person id they stand for, for the three people of POLICY."""
    shown: dict[str, set] = {}
    for person, name in pairs:
        if person in POLICY:
            shown.setdefault(person, set()).add(name)
    assert all(len(names) == 1 for names in shown.values()), shown  # alike in every row
    return {person: names.pop() for person, names in shown.items()}


def cli_trail(capsys, *flags: str) -> list[dict]:
    assert main(["audit", "trail", REF, "--format", "jsonl", *flags]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_http_trail_names_people_as_authorised_readers_see_them(story):
    events = story["who"]["auditor"].get(f"{NOTE}/audit")["events"]

    assert shown_by_person((e["actor"]["person"]["id"], e["actor"]["person"]["name"])
                           for e in events if e["actor"]["person"]) == AUTHORISED
    assert all(set(e["actor"]) == {"organisation", "role", "keyId", "person"} for e in events)


def test_the_cli_trail_names_people_as_the_http_trail_does(story, capsys):
    rows = cli_trail(capsys)

    assert shown_by_person((row["person_id"], row["person"]) for row in rows) == AUTHORISED


def test_the_public_cli_trail_redacts_as_the_public_view_does(story, capsys):
    people = {row["version"]: row["person_id"] for row in cli_trail(capsys)}
    rows = cli_trail(capsys, "--public")

    assert all("person_id" not in row for row in rows)
    assert shown_by_person((people[row["version"]], row["person"]) for row in rows) == PUBLIC


def test_the_public_view_names_the_minister_and_redacts_the_civil_servants(story, client):
    note = story["who"]["auditor"].get(NOTE)
    public = client.get(f"/v1/public/notes/{REF}").get_json()
    pairs = [(note["decidedBy"]["id"], public["decidedBy"]["name"]),
             *((step["initialledBy"]["id"], shown["person"]["name"])
               for step, shown in zip(note["route"], public["initialledBy"], strict=True))]

    assert shown_by_person(pairs) == PUBLIC
    assert not {"Els de Vries", "Kees Bakker"} & set(json.dumps(public).split('"'))
    assert public["draftedBy"] == [{"id": None, "name": REDACTED}] * 3  # unknown drafters
    assert not {MINISTER, CIVIL_SERVANT, ERASED_PERSON} & set(json.dumps(public).split('"'))


def test_the_note_names_its_people_as_authorised_readers_see_them(story):
    note = story["who"]["auditor"].get(NOTE)
    pairs = [(note["decidedBy"]["id"], note["decidedBy"]["name"]),
             *((step["initialledBy"]["id"], step["initialledBy"]["name"])
               for step in note["route"])]

    assert shown_by_person(pairs) == AUTHORISED
