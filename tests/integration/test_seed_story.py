"""The seed nota 2026-0000261701, recorded from its first draft to its last commitment."""

from __future__ import annotations

from domain.actor import Actor

NPLV = Actor("VRO", "drafter", key_id="k-nplv", person_id="p-drafter-1")
MVRO = Actor("VRO", "decider", key_id="k-mvro", person_id="p-minister-vro")
CLERK = Actor("VRO", "registrar", key_id="k-clerk", person_id="p-clerk")
OCW_CLERK = Actor("OCW", "registrar", key_id="k-clerk-ocw", person_id="p-clerk-ocw")
CONSULTED = ("SZW", "OCW", "JenV", "VWS", "gebieden")
DEBATE = {"debate_kind": "commissiedebat", "debate_date": "2026-04-08",
          "debate_title": "Leefbaarheid en Veiligheid"}
COMMITMENTS = [
    ("informeert de Tweede Kamer voor de zomer 2026 over hoe de goede voorbeelden en "
     "resultaten extra aandacht kunnen krijgen", [], True),
    ("gaat in gesprek met haar collega van SZW over afname van kinderopvanglocaties in "
     "NPLV-gebieden en informeert de Kamer over gratis kinderopvang",
     [{"name": "Moorman", "party": "PRO"}], False),
    ("informeert de Tweede Kamer over wat er nodig is om budgetten per gebied te bundelen",
     [{"name": "Grinwis", "party": "CU"}], False),
    ("bezien hoe gemeenten buiten de twintig NPLV-gebieden kunnen profiteren van "
     "kennisuitwisseling en best practices", [], True),
    ("gaat met haar collega van VWS in gesprek over het verhogen van de vaccinatiegraad in de "
     "NPLV-gebieden", [{"name": "van Asten", "party": "D66"}], False),
]


def record_seed_story(ledger, relations: list[str] | None = None) -> dict:
    """Play the seed nota's life through the application service; return the ids."""
    note = ledger.draft_note(
        NPLV, reference="2026-0000261701",
        title="Kamerbrief: toezeggingen en aanbieding eindrapportage SPUK monitor eerste "
              "tranche en toezeggingen",
        kind="decision", date="2026-06-05", from_unit="NPLV", to_official="MVRO",
        ministry="VRO", actively_public=True,
        drafted_by=["p-drafter-1", "p-drafter-2", "p-drafter-3"], collaborating=["SZW", "OCW"],
    ).id
    ledger.revise_section(note, NPLV, "aanleiding", "Met bijgaande Kamerbrief biedt u de "
                          "Kamer de eindrapportage van de monitor SPUK Kansrijke Wijk aan.")
    ledger.add_advised_decision(note, NPLV, "Akkoord met de inhoud van de Kamerbrief.")
    ledger.add_advised_decision(note, NPLV, "Akkoord met verzending van bijgaande stukken aan "
                                "de Tweede Kamer in de week van 29 juni.")
    for number, name in enumerate([
            "BRIEF: Aanbieding eindrapportage SPUK Kansrijke Wijk monitor eerste tranche",
            "BIJLAGE 1: Eindrapportage Monitor SPUK Kansrijke Wijk",
            "BIJLAGE 2: Publiekssamenvatting Monitor SPUK Kansrijke Wijk",
            "BIJLAGE 3: Procesevaluatie integrale aanpak NPLV"], start=2):
        ledger.add_attachment(note, NPLV, number, name)

    commitments = [ledger.register_commitment(
        CLERK, text=text, minister="de minister van VRO", ministry="VRO", recipients=members,
        to_several_members=several, deadline="voor zomer 2026", **DEBATE).id
        for text, members, several in COMMITMENTS]
    held = ledger.submit_motion(
        CLERK, text="verzoekt de regering de continuïteit van School en Omgeving te borgen",
        submitters=[{"name": "Grinwis", "party": "CU"}], debate_kind="tweeminutendebat",
        debate_date="2026-06-03", debate_title="Leefbaarheid en Veiligheid", ministry="VRO").id
    ledger.hold_motion(held, CLERK)
    taken = ledger.submit_motion(
        OCW_CLERK, text="verzoekt de regering in kaart te brengen welke geïndiceerde kinderen nog "
                    "onvoldoende worden bereikt",
        submitters=[{"name": "Armut", "party": "CDA"}, {"name": "Rooderkerk", "party": "D66"}],
        debate_kind="tweeminutendebat", debate_date="2026-06-17",
        debate_title="Onderwijskansen", ministry="OCW").id
    ledger.take_over_motion(taken, OCW_CLERK, by="de staatssecretaris van OCW")
    ledger.add_motion_co_owner(taken, OCW_CLERK, "VRO")  # OCW's consent: VRO's letter reports
    for commitment, relation in zip(commitments, relations or ["fulfils"] * len(commitments),
                                    strict=True):
        ledger.link_commitment(note, NPLV, commitment, relation)
    ledger.link_motion(note, NPLV, held)
    ledger.link_motion(note, NPLV, taken)

    for organisation in CONSULTED:
        role = "co_responsible" if organisation in ("SZW", "OCW") else "consulted"
        ledger.request_consultation(note, NPLV, organisation, role, reply_by="2026-06-19")
    for organisation in CONSULTED:
        ledger.answer_consultation(note, Actor(organisation, "consultee"), organisation, "agreed")

    ledger.set_paraph_route(note, NPLV, [{"role": "head of unit", "unit": "NPLV"},
                                         {"role": "director", "unit": "DGVRO"}])
    ledger.start_review(note, NPLV)
    ledger.initial(note, Actor("VRO", "drafter", person_id="p-head"), 0)
    ledger.initial(note, Actor("VRO", "drafter", person_id="p-director"), 1)
    ledger.add_co_sender(note, NPLV, "de minister van Werk en Participatie")
    ledger.add_co_sender(note, NPLV, "de staatssecretaris Onderwijs en Emancipatie")
    ledger.plan_letter(note, NPLV, "in de week van 29 juni")
    ledger.submit_note(note, NPLV)
    ledger.record_outcome(note, MVRO, 1, "approved")
    ledger.record_outcome(note, MVRO, 2, "approved")
    ledger.decide_note(note, MVRO)
    ledger.sign_letter(note, MVRO)
    ledger.send_letter(note, NPLV, "TK")
    ledger.register_letter(note, CLERK, "32847-1300")
    ledger.publish_note(note, NPLV)
    return {"note": note, "commitments": commitments, "held": held, "taken": taken}


def test_the_seed_nota_is_recorded_from_draft_to_publication(ledger):
    ids = record_seed_story(ledger)
    note = ledger.note(ids["note"])

    assert note["reference"] == "2026-0000261701"
    assert (note["from_unit"], note["to_official"]) == ("NPLV", "MVRO")
    assert note["collaborating"] == ["OCW", "SZW"] and note["actively_public"] is True
    assert note["status"] == "published"
    assert [a["outcome"] for a in note["advised"]] == ["approved", "approved"]
    assert [a["number"] for a in note["attachments"]] == [2, 3, 4, 5]
    assert sorted(note["consultations"]) == sorted(["SZW", "OCW", "JenV", "VWS", "gebieden"])
    assert {c["status"] for c in note["consultations"].values()} == {"answered"}
    assert note["co_senders"] == ["de minister van Werk en Participatie",
                                  "de staatssecretaris Onderwijs en Emancipatie"]
    assert note["letter"]["planned"] == {"text": "in de week van 29 juni",
                                         "start": "2026-06-29", "end": "2026-07-05"}
    assert (note["letter"]["chamber"], note["letter"]["parliament_number"]) == ("TK",
                                                                                  "32847-1300")


def test_sending_the_letter_fulfils_its_commitments_and_reports_the_taken_over_motion(ledger):
    ids = record_seed_story(ledger)

    commitments = [ledger.commitment(c) for c in ids["commitments"]]
    assert [c["status"] for c in commitments] == ["fulfilled"] * 5
    assert commitments[1]["recipients"] == [{"name": "Moorman", "party": "PRO"}]
    assert commitments[0]["to_several_members"] is True
    assert commitments[4]["deadline"]["text"] == "voor zomer 2026"
    assert commitments[4]["deadline"]["end"] is not None
    assert all(c["debate"]["date"] == "2026-04-08" for c in commitments)
    assert all(c["settlements"][-1]["reference"] == "2026-0000261701" for c in commitments)
    taken = ledger.motion(ids["taken"])
    assert taken["status"] == "taken_over"
    assert taken["taken_over_by"] == "de staatssecretaris van OCW"
    assert taken["execution_reports"][0]["reference"] == "2026-0000261701"
    held = ledger.motion(ids["held"])
    assert held["status"] == "held" and held["execution_reports"] == []


def test_the_letter_and_its_settlements_are_one_atomic_save(ledger):
    ids = record_seed_story(ledger)
    sent = [e for e in ledger.history(ids["note"]) if e["type"] == "LetterSent"][0]
    fulfilled = [e for c in ids["commitments"] for e in ledger.history(c)
                 if e["type"] == "Fulfilled"]
    assert len(fulfilled) == 5
    assert {e["timestamp"] >= sent["timestamp"] for e in fulfilled} == {True}
    positions = ledger.recorder.select_notifications(None, 10_000)
    by_type = [(n.topic.split(":")[1], str(n.originator_id)) for n in positions]
    first = by_type.index(("LetterSent", str(ids["note"])))
    next_six = [t for t, _ in by_type[first + 1:first + 7]]
    assert next_six == ["Fulfilled"] * 5 + ["ExecutionReported"]


def test_every_chain_of_the_seed_story_verifies(ledger):
    record_seed_story(ledger)
    report = ledger.verify()
    assert report.ok, report.breaks
    assert report.aggregates == 8
    assert report.events == len(ledger.recorder.select_notifications(None, 10_000))
