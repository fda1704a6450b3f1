"""The seed nota 2026-0000261701 played over HTTP, each step by the user who takes it."""

from __future__ import annotations

import uuid

from api.http.schemas.base import camel
from tests.integration.test_seed_story import COMMITMENTS, CONSULTED, DEBATE

WIRE_DEBATE = {camel(name): value for name, value in DEBATE.items()}
REF = "2026-0000261701"
DRAFT = {"reference": REF, "title": "Kamerbrief: toezeggingen en aanbieding eindrapportage "
         "SPUK monitor eerste tranche en toezeggingen", "kind": "decision",
         "date": "2026-06-05", "fromUnit": "NPLV", "toOfficial": "MVRO", "ministry": "VRO",
         "activelyPublic": True, "draftedBy": ["p-drafter-1", "p-drafter-2", "p-drafter-3"],
         "collaborating": ["SZW", "OCW"]}
ATTACHMENTS = ["BRIEF: Aanbieding eindrapportage SPUK Kansrijke Wijk monitor eerste tranche",
               "BIJLAGE 1: Eindrapportage Monitor SPUK Kansrijke Wijk",
               "BIJLAGE 2: Publiekssamenvatting Monitor SPUK Kansrijke Wijk",
               "BIJLAGE 3: Procesevaluatie integrale aanpak NPLV"]


class Caller:
    """One user of the API: a key, a person id, and the habit of sending Idempotency-Keys."""

    def __init__(self, client, headers: dict, person: str | None = None) -> None:
        self.client, self.headers = client, dict(headers)
        if person:
            self.headers["X-Person-Id"] = person
        self.last_position = 0

    def post(self, path: str, body: dict | None = None, expect: int = 200, **headers):
        sent = {**self.headers, "Idempotency-Key": uuid.uuid4().hex, **headers}
        response = self.client.post(path, json=body, headers=sent)
        assert response.status_code == expect, (path, response.get_json())
        self.last_position = max(self.last_position, response.get_json().get("position") or 0)
        return response.get_json()

    def get(self, path: str, expect: int = 200, fresh: int | None = None, **params):
        if fresh:
            params["minPosition"] = fresh
        response = self.client.get(path, headers=self.headers, query_string=params)
        assert response.status_code == expect, (path, response.get_json())
        return response.get_json()


PEOPLE = {"nplv": ("VRO", "drafter", "p-drafter-1"), "head": ("VRO", "drafter", "p-head"),
          "director": ("VRO", "drafter", "p-director"),
          "minister": ("VRO", "decider", "p-minister-vro"),
          "clerk": ("VRO", "registrar", "p-clerk"), "ocw_clerk": ("OCW", "registrar", None),
          "auditor": ("ADR", "auditor", None), "outsider": ("EZ", "drafter", None)}


def register_people(persons) -> None:
    """Each person the story names (X-Person-Id), in their organisation and role; a name
    or kind a test registered first is kept."""
    for organisation, role, person_id in PEOPLE.values():
        if person_id is None:
            continue
        known = persons.get(person_id)
        kind = "minister" if role == "decider" else "civil_servant"
        persons.register(person_id, known.name if known else person_id,
                         known.kind if known else kind, organisation, (role,))


def users(site, client) -> dict[str, Caller]:
    """Everyone in the seed story, each with a key of their own organisation and role."""
    register_people(site.services.persons)
    found = {name: Caller(client, site.key(org, role), person)
             for name, (org, role, person) in PEOPLE.items()}
    for organisation in CONSULTED:
        found[organisation] = Caller(client, site.key(organisation, "consultee"))
    return found


def play(site, client, send: dict | None = None) -> dict:
    """The note's whole life, as its users would; returns the callers and the ids made.
    ``send`` is the body that sends the letter; a story given one stops once it is sent."""
    who = users(site, client)
    nplv, clerk, note = who["nplv"], who["clerk"], f"/v1/notes/{REF}"
    nplv.post("/v1/notes", DRAFT, expect=201)
    nplv.post(f"{note}/sections/aanleiding/revise", {"text": "Met bijgaande Kamerbrief biedt u "
              "de Kamer de eindrapportage van de monitor SPUK Kansrijke Wijk aan."})
    nplv.post(f"{note}/advised-decisions/add",
              {"text": "Akkoord met de inhoud van de Kamerbrief."})
    nplv.post(f"{note}/advised-decisions/add", {"text": "Akkoord met verzending van bijgaande "
              "stukken aan de Tweede Kamer in de week van 29 juni."})
    for number, name in enumerate(ATTACHMENTS, start=2):
        nplv.post(f"{note}/attachments/add", {"number": number, "name": name})

    commitments = [clerk.post("/v1/commitments", {
        "text": text, "minister": "de minister van VRO", "recipients": members,
        "toSeveralMembers": several, "deadline": "voor zomer 2026", **WIRE_DEBATE},
        expect=201)["id"] for text, members, several in COMMITMENTS]
    held = clerk.post("/v1/motions", {
        "text": "verzoekt de regering de continuïteit van School en Omgeving te borgen",
        "submitters": [{"name": "Grinwis", "party": "CU"}], "debateKind": "tweeminutendebat",
        "debateDate": "2026-06-03", "debateTitle": "Leefbaarheid en Veiligheid"},
        expect=201)["id"]
    clerk.post(f"/v1/motions/{held}/hold")
    taken = who["ocw_clerk"].post("/v1/motions", {
        "text": "verzoekt de regering in kaart te brengen welke geïndiceerde kinderen nog "
                "onvoldoende worden bereikt",
        "submitters": [{"name": "Armut", "party": "CDA"}, {"name": "Rooderkerk", "party": "D66"}],
        "debateKind": "tweeminutendebat", "debateDate": "2026-06-17",
        "debateTitle": "Onderwijskansen"}, expect=201)["id"]
    who["ocw_clerk"].post(f"/v1/motions/{taken}/take-over", {"by": "de staatssecretaris van OCW"})
    who["ocw_clerk"].post(f"/v1/motions/{taken}/co-owners/add", {"organisation": "VRO"})
    for commitment in commitments:
        nplv.post(f"{note}/commitments/link", {"commitmentId": commitment})
    nplv.post(f"{note}/motions/link", {"motionId": held})
    nplv.post(f"{note}/motions/link", {"motionId": taken})

    for organisation in CONSULTED:
        role = "co_responsible" if organisation in ("SZW", "OCW") else "consulted"
        nplv.post(f"{note}/consultations/{organisation}/request",
                  {"role": role, "due": "2026-06-19"})
    for organisation in CONSULTED:
        who[organisation].post(f"{note}/consultations/{organisation}/answer",
                               {"outcome": "agreed"})

    nplv.post(f"{note}/paraph-route/set", {"steps": [{"role": "head of unit", "unit": "NPLV"},
                                                     {"role": "director", "unit": "DGVRO"}]})
    nplv.post(f"{note}/paraph-route/start")
    who["head"].post(f"{note}/paraph-route/0/initial")
    who["director"].post(f"{note}/paraph-route/1/initial")
    nplv.post(f"{note}/co-senders/add", {"coSender": "de minister van Werk en Participatie"})
    nplv.post(f"{note}/co-senders/add",
              {"coSender": "de staatssecretaris Onderwijs en Emancipatie"})
    nplv.post(f"{note}/letter/plan", {"planned": "in de week van 29 juni"})
    nplv.post(f"{note}/submit")
    minister = who["minister"]
    minister.post(f"{note}/advised-decisions/1/decide", {"outcome": "approved"})
    minister.post(f"{note}/advised-decisions/2/decide", {"outcome": "approved"})
    minister.post(f"{note}/decide")
    minister.post(f"{note}/letter/sign")
    sent = nplv.post(f"{note}/letter/send", send or {"chamber": "TK"})
    if send is not None:
        return {"who": who, "commitments": commitments, "held": held, "taken": taken,
                "position": sent["position"], "version": sent["version"]}
    clerk.post(f"{note}/letter/register", {"parliamentNumber": "32847-1300"})
    published = nplv.post(f"{note}/publish")
    return {"who": who, "commitments": commitments, "held": held, "taken": taken,
            "position": published["position"], "version": published["version"]}
