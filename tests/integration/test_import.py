"""Importing real notas: every element recorded, all or nothing, and never twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.importer import ImportRefused
from adapters.nota_import import prepare
from domain.actor import Actor
from domain.errors import DuplicateReference
from tests.conftest import SHARED, shared_file

SEED = SHARED / "seeds" / "nota-2026-0000261701.md"
CORPUS = {
    "01_ienw_impulsprogramma-chemische-stoffen.md": ("IenW", "IENW/BSK-2022/248639",
                                                     "2022-11-29", "Chemische Stoffen"),
    "02_bzk_evaluaties-college-rechten-van-de-mens.md": ("BZK", "2023-0000700225",
                                                         "2023-12-13", "Rechten van de Mens"),
    "03_ezk_nationaal-groeifonds-vierde-ronde.md": ("EZ", "DGED / 44314491", "2024-01-11",
                                                    "Nationaal Groeifonds"),
    "04_jenv_verzamelbrief-politie-oktober-2024.md": ("JenV", "5820286", "2024-10-09",
                                                      "politie"),
    "05_defensie_voorval-zrms-tromp.md": ("DEF", "BS2024021319", "2024-06-07", "Tromp"),
    "06_ocw_kamervragen-eerdmans-uva.md": ("OCW", "48137608", "2024-09-23", "Eerdmans"),
}
IMPORTER = Actor("VRO", "importer", key_id="test")



@pytest.fixture(autouse=True)
def _the_shared_folder():
    shared_file("seeds", SEED.name)
    shared_file("corpus", "notas")


def import_file(ledger, path: Path, ministry: str = "VRO"):
    prepared = prepare(path.read_bytes(), path.name, ministry)
    actor = Actor(prepared.note.ministry, "importer", key_id="test")
    return prepared, ledger.import_note(actor, prepared.note)


def test_the_seed_imports_with_its_header_text_decisions_and_attachments(ledger):
    _, imported = import_file(ledger, SEED)
    note = ledger.note(imported.note_id)
    assert (note["reference"], note["date"], note["kind"]) == ("2026-0000261701", "2026-06-05",
                                                               "decision")
    assert (note["from_unit"], note["to_official"], note["actively_public"]) == ("NPLV", "MVRO",
                                                                                 True)
    assert note["collaborating"] == ["OCW", "SZW"]
    assert len(note["drafted_by"]) == 3 and all(p.startswith("unknown:") for p in
                                                note["drafted_by"])
    assert note["title"].startswith("Kamerbrief: toezeggingen en aanbieding eindrapportage")
    assert [a["text"] for a in note["advised"]] == [
        "Akkoord met de inhoud van de Kamerbrief.",
        "Akkoord met verzending van bijgaande stukken aan de Tweede Kamer in de week van 29 juni."]
    assert [(a["number"], a["name"].split(":")[0]) for a in note["attachments"]] == [
        (2, "BRIEF"), (3, "BIJLAGE 1"), (4, "BIJLAGE 2"), (5, "BIJLAGE 3")]
    assert set(note["sections"]) == {"aanleiding", "kern", "toelichting"}
    assert note["co_senders"] == ["de minister van Werk en Participatie",
                                  "de staatssecretaris Onderwijs en Emancipatie"]


def test_the_seed_records_its_consultations_as_answered(ledger):
    _, imported = import_file(ledger, SEED)
    consultations = ledger.note(imported.note_id)["consultations"]
    assert sorted(consultations) == sorted(["SZW", "OCW", "JenV", "VWS", "gebieden"])
    assert {c["status"] for c in consultations.values()} == {"answered"}
    assert consultations["SZW"]["role"] == "co_responsible"
    assert consultations["VWS"]["role"] == "consulted"


def test_the_seed_records_each_commitment_with_members_debate_and_deadline(ledger):
    _, imported = import_file(ledger, SEED)
    commitments = [ledger.commitment(c) for c in imported.commitments]
    april = [c for c in commitments if c["debate"]["date"] == "2026-04-08"]
    assert len(april) == 6
    assert {c["debate"]["kind"] for c in april} == {"commissiedebat"}
    assert all(c["debate"]["title"].lower() == "leefbaarheid en veiligheid" for c in april)
    recipients = sorted((m["name"], m["party"]) for c in april for m in c["recipients"])
    assert recipients == [("Grinwis", "CU"), ("Moorman", "PRO"), ("Moorman", "PRO"),
                          ("van Asten", "D66")]
    summer = [c for c in april if "zomer 2026" in c["deadline"]["text"]]
    assert len(summer) == 5
    assert all(c["deadline"]["end"] == "2026-07-02" for c in summer)
    assert sum(c["to_several_members"] for c in april) == 2
    june = [c for c in commitments if c["debate"]["date"] == "2026-06-03"]
    assert [c["deadline"]["text"] for c in june] == ["voor het zomerreces"]
    assert {c["status"] for c in commitments} == {"open"}


def test_the_seed_records_each_motion_with_its_state_and_submitters(ledger):
    _, imported = import_file(ledger, SEED)
    motions = {m["status"]: m for m in (ledger.motion(i) for i in imported.motions)}
    assert set(motions) == {"held", "taken_over"}
    assert motions["held"]["submitters"] == [{"name": "Grinwis", "party": "CU"}]
    assert motions["held"]["debate"]["date"] == "2026-06-03"
    assert motions["taken_over"]["submitters"] == [{"name": "Armut", "party": "CDA"},
                                                   {"name": "Rooderkerk", "party": "D66"}]
    assert "OCW" in motions["taken_over"]["taken_over_by"]
    assert motions["taken_over"]["debate"]["kind"] == "tweeminutendebat"


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_corpus_nota_imports_with_reference_date_title_and_advice(ledger, name):
    ministry, reference, date, title_words = CORPUS[name]
    prepared, imported = import_file(ledger, SHARED / "corpus" / "notas" / name, ministry)
    note = ledger.note(imported.note_id)
    assert (note["reference"], note["date"], note["ministry"]) == (reference, date, ministry)
    assert title_words.lower() in note["title"].lower()
    assert note["advised"] and all(a["text"] for a in note["advised"])
    assert imported.status == "recorded"
    assert ledger.verify().ok


def test_the_same_document_twice_records_nothing_new(ledger):
    _, first = import_file(ledger, SEED)
    events = len(ledger.recorder.select_notifications(None, 100_000))
    _, second = import_file(ledger, SEED)
    assert (second.status, second.note_id) == ("unchanged", first.note_id)
    assert len(ledger.recorder.select_notifications(None, 100_000)) == events


def test_a_changed_document_with_a_known_reference_is_refused_and_records_nothing(ledger):
    import_file(ledger, SEED)
    events = len(ledger.recorder.select_notifications(None, 100_000))
    changed = SEED.read_text(encoding="utf-8").replace("Akkoord met de inhoud",
                                                       "Niet akkoord met de inhoud")
    prepared = prepare(changed, "changed.md", "VRO")
    with pytest.raises(DuplicateReference, match="2026-0000261701 already exists.*differs"):
        ledger.import_note(IMPORTER, prepared.note)
    assert len(ledger.recorder.select_notifications(None, 100_000)) == events


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Recept: appeltaart. Neem vier appels en een deeg.", "not_a_nota"),
    (b"TER BESLUITVORMING\n\nDatum\n5 juni 2026\n\n# nota\n\nGeen kenmerk hier.\n",
     "no_reference"),
    (b"x" * (20 * 1024 * 1024), "too_large"),
])
def test_what_is_not_an_importable_nota_is_refused_clearly(ledger, raw, reason):
    with pytest.raises(ImportRefused) as refused:
        prepare(raw, "input", "VRO")
    assert refused.value.reason == reason
    assert str(refused.value)
    assert ledger.recorder.select_notifications(None, 10) == []
