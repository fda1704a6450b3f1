"""The nota parser: the seed nota exactly, each corpus nota, layout variants and refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from adapters.importer import (
    ImportRefused,
    ParsedAttachment,
    ParsedCommitment,
    ParsedMotion,
    ParsedNota,
    parse_nota,
)
from tests.conftest import SHARED, shared_file

SEED = SHARED / "seeds" / "nota-2026-0000261701.md"
CORPUS = SHARED / "corpus" / "notas"
NO_REFERENCE = ("cannot import: no reference found (looked for 'Onze referentie' or 'Kenmerk', "
                "also 'Referentie' and 'Ons kenmerk')")
LV = ("commissiedebat", "Leefbaarheid en Veiligheid", "2026-04-08")


def read_shared(path: Path) -> str:
    """A file from the shared folder beside the repository; a skip saying why if it is absent."""
    return shared_file(*path.relative_to(SHARED).parts).read_text(encoding="utf-8")


def corpus_text(prefix: str) -> str:
    """The text of the corpus nota whose file name starts with prefix."""
    shared_file("corpus", "notas")
    return read_shared(next(CORPUS.glob(f"{prefix}_*.md")))


def corpus(prefix: str) -> ParsedNota:
    """The parsed corpus nota whose file name starts with prefix."""
    return parse_nota(corpus_text(prefix))


@pytest.fixture(scope="module")
def seed() -> ParsedNota:
    return parse_nota(read_shared(SEED))


def committed(text: str, recipients=(), several=False, debate=LV, deadline=None,
              relation="fulfils", later=False, motion=None):
    """The commitment expected, debate given as (kind, title, date)."""
    kind, title, date = debate
    return ParsedCommitment(text, tuple(recipients), several, kind, title, date, deadline,
                            relation, later, motion)


# --- the seed, element by element ------------------------------------------------------------


def test_seed_header_fields(seed):
    assert seed.reference == "2026-0000261701"
    assert seed.date == "2026-06-05"
    assert seed.kind == "decision"
    assert seed.actively_public is True
    assert seed.drafted_by_count == 3
    assert seed.drafted_by_names == ()
    assert seed.collaborated_with == ("SZW", "OCW")
    assert seed.attachments_count == 4
    assert (seed.to, seed.from_) == ("MVRO", "NPLV")


def test_seed_title_joins_its_two_lines(seed):
    assert seed.title == ("Kamerbrief: toezeggingen en aanbieding eindrapportage SPUK monitor "
                          "eerste tranche en toezeggingen")


def test_seed_sections_have_normalised_names(seed):
    assert [name for name, _ in seed.sections] == [
        "aanleiding", "geadviseerd besluit", "kern", "toelichting", "bijlagen"]
    assert seed.section("aanleiding").startswith("Met bijgaande Kamerbrief biedt u de Kamer")
    assert seed.section("toelichting").startswith("- Deze brief is afgestemd met")


def test_seed_page_break_header_is_dropped_and_split_bullet_rejoined(seed):
    kern = seed.section("kern")
    assert "Zodra daar duidelijkheid over is, voor zomer 2026, informeert de minister" in kern
    assert "2026-0000261701" not in kern and "Onze referentie" not in kern
    assert "5 juni 2026" not in kern and "Datum" not in kern


def test_seed_advised_decisions(seed):
    assert seed.advised_decisions == (
        "Akkoord met de inhoud van de Kamerbrief.",
        "Akkoord met verzending van bijgaande stukken aan de Tweede Kamer in de week van 29 juni.",
    )


def test_seed_commitments(seed):
    assert seed.commitments == (
        committed("De minister informeert de Tweede Kamer voor de zomer 2026 over hoe de goede "
                  "voorbeelden en resultaten extra aandacht kunnen krijgen.",
                  several=True, deadline="voor de zomer 2026"),
        committed("De minister gaat in gesprek met haar collega van SZW over afname van "
                  "kinderopvanglocaties in NPLV-gebieden naar aanleiding van het signaal van "
                  "mevrouw Moorman over Utrecht Overvecht en informeert de Tweede Kamer voor zomer "
                  "2026 over de vraag of er in die gebieden eventueel gratis kinderopvang kan "
                  "worden aangeboden.",
                  [("Moorman", "PRO")], deadline="voor zomer 2026"),
        committed("De minister zal voor zomer 2026 de Tweede Kamer informeren over wat er nodig is "
                  "om budgetten per gebied te bundelen.",
                  [("Grinwis", "CU")], deadline="voor zomer 2026"),
        committed("De minister zal bezien hoe zij binnen de bestaande structuren ervoor gaat "
                  "zorgen dat gemeenten buiten de twintig NPLV-gebieden ook kunnen profiteren van "
                  "kennisuitwisseling en best practices. Zodra daar duidelijkheid over is, voor "
                  "zomer 2026, informeert de minister de Tweede Kamer.",
                  several=True, deadline="voor zomer 2026"),
        committed("De minister gaat met haar collega van VWS in gesprek over de aanpak om in de "
                  "NPLV-gebieden de vaccinatiegraad te verhogen en informeert de Tweede Kamer "
                  "hierover voor zomer 2026.",
                  [("van Asten", "D66")], deadline="voor zomer 2026"),
        committed("Bij het volgende Staat van de Volkshuisvesting debat volgt een reactie op de "
                  "kraamzorgvraag",
                  [("Moorman", "PRO")],
                  deadline="bij het volgende Staat van de Volkshuisvesting debat",
                  relation="mentions", later=True),
        committed("U heeft tijdens dit tweeminutendebat toegezegd om voor het zomerreces terug te "
                  "komen op deze aangehouden motie.",
                  debate=("tweeminutendebat", "Leefbaarheid en Veiligheid", "2026-06-03"),
                  deadline="voor het zomerreces", motion=2),
    )


def test_seed_motions(seed):
    taken_over, held = seed.motions
    assert taken_over == ParsedMotion(
        text="Ook wordt ingegaan op een motie van lid Armut (CDA) en lid Rooderkerk (D66) die is "
             "overgenomen door stass OCW tijdens het tweeminutendebat onderwijskansen van 17 juni "
             "jl. Deze motie verzoekt regering om samen met gemeenten, consultatiebureaus en "
             "voorschoolse voorzieningen in kaart te brengen welke geïndiceerde kinderen nog "
             "onvoldoende worden bereikt en welke belemmeringen daarbij spelen, goede voorbeelden "
             "te verspreiden en beter te benutten, en de Kamer te informeren over hoe het VE "
             "bereik concreet wordt vergroot.",
        submitters=(("Armut", "CDA"), ("Rooderkerk", "D66")), state="taken_over",
        taken_over_by="staatssecretaris OCW", debate_kind="tweeminutendebat",
        debate_title="onderwijskansen", debate_date="2026-06-17", case_number=None)
    assert held == ParsedMotion(
        text="Het lid Grinwis (CU) heeft tijdens het tweeminutendebat Leefbaarheid en Veiligheid "
             "van 3 juni jl. een motie aangehouden over het borgen van de continuïteit van het "
             "onderwijsprogramma School en Omgeving.",
        submitters=(("Grinwis", "CU"),), state="held", taken_over_by=None,
        debate_kind="tweeminutendebat", debate_title="Leefbaarheid en Veiligheid",
        debate_date="2026-06-03", case_number=None)


def test_seed_consulted_and_co_senders(seed):
    assert seed.consulted == ("SZW", "OCW", "JenV", "VWS", "gebieden")
    assert seed.co_senders == ("de minister van Werk en Participatie",
                               "de staatssecretaris Onderwijs en Emancipatie")


def test_seed_attachments(seed):
    assert seed.attachments == (
        ParsedAttachment(2, "BRIEF: Aanbieding eindrapportage SPUK Kansrijke Wijk monitor eerste "
                            "tranche"),
        ParsedAttachment(3, "BIJLAGE 1: Eindrapportage Monitor SPUK Kansrijke Wijk"),
        ParsedAttachment(4, "BIJLAGE 2: Publiekssamenvatting Monitor SPUK Kansrijke Wijk"),
        ParsedAttachment(5, "BIJLAGE 3: Procesevaluatie integrale aanpak NPLV"),
    )


def test_seed_warns_only_about_the_debate_dated_after_the_nota(seed):
    assert seed.warnings == ("tweeminutendebat 'onderwijskansen' of '17 juni jl.' is dated "
                             "2026-06-17, after the nota itself (2026-06-05)",)


def test_seed_serialises_to_plain_json(seed):
    data = json.loads(json.dumps(seed.to_dict()))
    assert data["reference"] == "2026-0000261701"
    assert data["sections"]["kern"] == seed.section("kern")
    assert data["motions"][0]["submitters"][0] == {"name": "Armut", "party": "CDA"}
    assert data["attachments"][0] == {"number": 2, "name": seed.attachments[0].name,
                                      "information": ""}


def test_bytes_parse_like_text():
    text = read_shared(SEED)
    assert parse_nota(text.encode("utf-8")) == parse_nota(text)


# --- the corpus ------------------------------------------------------------------------------

CORPUS_BASICS = [
    ("01", "IENW/BSK-2022/248639", "2022-11-29", "Impulsprogramma Chemische Stoffen",
     "programmaplan met aanbiedingsbrief aan de Tweede Kamer te sturen"),
    ("02", "2023-0000700225", "2023-12-13", "evaluaties College voor de Rechten van de Mens",
     "in te stemmen met bijgevoegde aanbiedingsbrief"),
    ("03", "DGED / 44314491", "2024-01-11", "vierde ronde Nationaal Groeifonds",
     "uw akkoord op de bijgevoegde concept brief"),
    ("04", "5820286", "2024-10-09", "verzamelbrief politie oktober 2024",
     "in te stemmen met het verzenden van de Kamerbrief"),
    ("05", "BS2024021319", "2024-06-07", "Voorval Zr.Ms. Tromp",
     "in te stemmen met bijgevoegde Kamerbrief"),
    ("06", "48137608", "2024-09-23", "Beantwoording kamervragen Eerdmans",
     "Akkoord gaan met de beantwoording"),
]


@pytest.mark.parametrize(("prefix", "reference", "date", "title", "advice"), CORPUS_BASICS)
def test_corpus_nota_basics(prefix, reference, date, title, advice):
    nota = corpus(prefix)
    assert nota.reference == reference
    assert nota.date == date
    assert title in nota.title
    assert len(nota.advised_decisions) == 1
    assert advice in nota.advised_decisions[0]


@pytest.mark.parametrize("prefix", ["01", "02", "03", "04", "05", "06"])
def test_corpus_nota_without_its_reference_is_refused(prefix):
    text = corpus_text(prefix)
    labels = re.compile(r"^\s*(?:Onze referentie|Kenmerk|Referentie)\s*$", re.M)
    with pytest.raises(ImportRefused, match=re.escape(NO_REFERENCE)) as refused:
        parse_nota(labels.sub("", text))
    assert refused.value.reason == "no_reference"


def test_corpus_01_ienw():
    nota = corpus("01")
    assert (nota.kind, nota.to, nota.from_, nota.attachments_count) == (
        "decision", "Stas IenW", None, 2)
    assert nota.drafted_by_count == 0  # a unit, not persons, and nothing redacted
    assert [motion.submitters for motion in nota.motions] == [(("Grinwis", None),),
                                                             (("Esch", None),)]
    assert [(m.state, m.case_number) for m in nota.motions] == [(None, "32813-833"),
                                                               ("held", "22343-3199")]
    deadlines = [commitment.deadline_text for commitment in nota.commitments]
    assert deadlines == ["nog dit jaar", "jaarlijks", None, None]
    assert "Integrale Beleidsaanpak Stoffen (zie hoofdstuk 3" in nota.commitments[2].text
    assert "Beleidsverkenning Biociden" not in nota.commitments[3].text
    assert nota.commitments[3].text.startswith("Een uitgebreidere reactie op deze verkenning")
    assert nota.consulted == ("IBP-team", "RIVM", "ODNL")
    assert [(a.number, a.name) for a in nota.attachments] == [
        (1, "Aanbiedingsbrief aan de Tweede Kamer"),
        (2, "Programmaplan Impulsprogramma Chemische Stoffen")]
    assert nota.attachments[1].information.startswith("Een plan waarin de achtergrond")
    assert any("Beslistermijn" in warning for warning in nota.warnings)


def test_corpus_01_page_margins_and_footnotes_stay_out_of_the_text():
    nota = corpus("01")
    assert "een aantal Europese richtlijnen en verordeningen" in nota.section("kern")
    toelichting = nota.section("toelichting")
    assert "KST" not in toelichting and "Cluster D" not in toelichting
    assert "De Motie Grinwis waarin de regering" in toelichting
    assert toelichting.startswith("Politieke context\nHet programmaplan is aangekondigd")


def test_corpus_02_bzk():
    nota = corpus("02")
    assert (nota.kind, nota.actively_public, nota.to, nota.from_) == (
        "signature", True, "MBZK", "CZW/CZ")
    assert (nota.drafted_by_count, nota.collaborated_with) == (0, ())
    assert any("'Opgesteld door' is empty" in warning for warning in nota.warnings)
    assert [commitment.text for commitment in nota.commitments] == [
        "Uw ambtsvoorganger heeft in een brief van 7 juli 2023 aan de Tweede Kamer toegezegd de "
        "evaluaties gezamenlijk toe te sturen, na ontvangst van beide evaluaties."]
    assert nota.motions == ()
    assert [a.number for a in nota.attachments] == [1, 2, 3, 4]
    assert nota.attachments[0].name == ("Kamerbrief bij aanbieding evaluaties College voor de "
                                        "Rechten van de Mens")
    assert "niet openbaar" in dict(nota.sections)


def test_corpus_03_ezk():
    nota = corpus("03")
    assert nota.kind == "decision"
    assert nota.to == "de Minister van Economische Zaken en Klimaat"
    assert nota.co_senders == ("Minister van Financien",)
    assert (nota.attachments_count, nota.attachments) == (2, ())
    (commitment,) = nota.commitments
    assert (commitment.debate_kind, commitment.debate_title, commitment.debate_date,
            commitment.deadline_text) == ("plenair debat", "Nationaal Groeifonds",
                                          "2023-12-18", "begin 2024")
    (motion,) = nota.motions  # 'ingediend' in Kern and 'aangenomen' in Toelichting: one motion
    assert (motion.state, motion.submitters, motion.debate_date) == ("adopted", (), "2023-12-18")
    assert nota.consulted == ()
    assert any("interdepartementaal afgestemd" in warning for warning in nota.warnings)


def test_corpus_04_jenv():
    nota = corpus("04")
    assert nota.title == "Beslisnota verzamelbrief politie oktober 2024"
    assert (nota.kind, nota.to, nota.from_) == ("decision", None, None)  # a 'Beslisnota'
    assert (nota.commitments, nota.motions, nota.attachments) == ((), (), ())
    assert "4.1. Politieke context" in nota.section("toelichting")
    assert any("Turfmarkt 147" in warning for warning in nota.warnings)


def test_corpus_05_defensie():
    nota = corpus("05")
    assert (nota.kind, nota.to, nota.from_, nota.attachments_count) == ("decision", "MINDEF",
                                                                          "DGB", 1)
    assert any("'Aan', 'Van' stand apart from their values" in warning
               for warning in nota.warnings)
    assert any("☒" in warning for warning in nota.warnings)
    assert nota.consulted == ()
    assert nota.title == "Voorval Zr.Ms. Tromp in Oost-Chinese Zee"


def test_corpus_06_ocw():
    nota = corpus("06")
    assert (nota.kind, nota.to, nota.from_) == ("signature", "MOCW", None)
    assert any("'Van' is redacted" in warning for warning in nota.warnings)
    assert nota.consulted == ("JenV",)
    assert nota.attachments == (ParsedAttachment(1, "Beantwoording kamervragen"),)
    assert [motion.submitters for motion in nota.motions] == [((None, "JA21"),)]
    assert nota.commitments == ()


# --- layout variants -------------------------------------------------------------------------

VARIANT = """| **TER BESLISSING** | |
|---|---|
| Datum | 3 maart 2025 |
| Onze referentie | 2025-0000123456 |
| Aan | MBZK |
| Van | DGOO |
| Nota actief openbaar | Nee |
| Afgestemd met | FIN, Ministerie van Justitie en Veiligheid |
| Printdatum | 2 maart 2025 |

Opgesteld door
J. de Vries
■■■■■■

# Nota

Reactie op motie over woningbouw

## Aanleiding

Tijdens het plenaire debat Woningmarkt van 12 februari jl. heeft het lid De Vries (VVD) een
motie ingediend.

## Geadviseerd besluit

1. Akkoord met de brief.
2. Akkoord met verzending voor 1 april 2025.

## Kern

• Met de brief geeft u uitvoering aan de motie-De Vries (VVD) over woningbouw (Kamerstuk
  32847, nr. 1234), die is aangenomen.
– U heeft in het debat toegezegd de Kamer voor de zomer te informeren (aan de leden De Vries,
  VVD en Van der Plas, BBB).

## Communicatie

Geen bijzonderheden.

## Bijlagen

| Volgnummer | Naam | Informatie |
|---|---|---|
| 1 | Kamerbrief | ter ondertekening |
| 2 | Rapport woningbouw | |
"""


def test_header_as_markdown_table_with_inline_fields():
    nota = parse_nota(VARIANT)
    assert (nota.reference, nota.date, nota.kind, nota.actively_public) == (
        "2025-0000123456", "2025-03-03", "decision", False)
    assert (nota.to, nota.from_, nota.title) == ("MBZK", "DGOO", "Reactie op motie over woningbouw")
    assert nota.consulted == ("FIN", "JenV")
    assert nota.warnings == ("header text not understood: 'Printdatum / 2 maart 2025'",)


def test_unredacted_drafter_names_are_kept_and_redacted_lines_counted():
    nota = parse_nota(VARIANT)
    assert (nota.drafted_by_count, nota.drafted_by_names) == (2, ("J. de Vries",))


def test_numbered_advice_other_bullets_pipe_table_and_unknown_section():
    nota = parse_nota(VARIANT)
    assert nota.advised_decisions == ("Akkoord met de brief.",
                                      "Akkoord met verzending voor 1 april 2025.")
    assert nota.attachments == (ParsedAttachment(1, "Kamerbrief", "ter ondertekening"),
                                ParsedAttachment(2, "Rapport woningbouw"))
    assert nota.section("communicatie") == "Geen bijzonderheden."


def test_two_mentions_of_one_motion_merge_and_anaphora_find_the_debate():
    nota = parse_nota(VARIANT)
    (motion,) = nota.motions
    assert (motion.submitters, motion.state, motion.case_number) == (
        (("De Vries", "VVD"),), "adopted", "32847-1234")
    (commitment,) = nota.commitments
    assert commitment.recipients == (("De Vries", "VVD"), ("Van der Plas", "BBB"))
    assert (commitment.debate_kind, commitment.debate_title, commitment.debate_date) == (
        "plenair debat", "Woningmarkt", "2025-02-12")
    assert commitment.deadline_text == "voor de zomer"


def test_missing_sections_and_odd_lines_become_warnings():
    text = ("TER INFORMATIE\nOns kenmerk: ABC-12\nDatum: 1 mei 2025\nIets onbekends hier\n\n"
            "Aanleiding\nEen korte aanleiding.\n")
    nota = parse_nota(text)
    assert (nota.reference, nota.kind, nota.date) == ("ABC-12", "information", "2025-05-01")
    assert nota.advised_decisions == ()
    assert "no advised decision found (looked for 'Geadviseerd besluit')" in nota.warnings
    assert "title taken from an unlabelled header line: 'Iets onbekends hier'" in nota.warnings


def test_damaged_text_never_crashes():
    text = read_shared(SEED)
    for end in range(0, len(text), 97):
        try:
            parse_nota(text[:end] + "\n(aan lid\n| Datum |\nPagina 1 van 2\n1")
        except ImportRefused:
            pass


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", ["", "   \n\t\n", b"", b"\n\n"],
                         ids=["text", "whitespace", "bytes", "newlines"])
def test_empty_input_is_refused(empty):
    with pytest.raises(ImportRefused, match="the input is empty") as refused:
        parse_nota(empty)
    assert refused.value.reason == "empty"


@pytest.mark.parametrize("binary", [b"%PDF-1.7\n\x00\x01\x02 stream", b"caf\xe9 au lait nota",
                                    "text with a NUL\x00 inside"],
                         ids=["nul-bytes", "not-utf8", "nul-in-text"])
def test_binary_input_is_refused(binary):
    with pytest.raises(ImportRefused, match="the input is binary") as refused:
        parse_nota(binary)
    assert refused.value.reason == "binary"


@pytest.mark.parametrize("kind", ["text", "undecodable bytes"])
def test_input_over_ten_megabytes_is_refused_before_anything_else(kind):
    big = "a" * (11 * 2**20) if kind == "text" else b"\xff" * (11 * 2**20)
    with pytest.raises(ImportRefused, match="over the 10 MB limit") as refused:
        parse_nota(big)
    assert refused.value.reason == "too_large"


def test_a_recipe_is_not_a_nota():
    recipe = ("Stamppot boerenkool\n\nIngrediënten\n- 1 kg aardappelen\n- 500 g boerenkool\n"
              "- 1 rookworst\n\nBereiding\nKook de aardappelen gaar en stamp ze met de boerenkool."
              "\nServeer met de rookworst.\n")
    with pytest.raises(ImportRefused, match="this text is not a nota") as refused:
        parse_nota(recipe)
    assert refused.value.reason == "not_a_nota"


def test_a_nota_without_reference_is_refused():
    text = ("TER BESLUITVORMING\n\nDatum\n5 juni 2026\n\nAan MVRO\n\n# nota\n\nEen titel\n\n"
            "## Aanleiding\n\nIets.\n\n## Geadviseerd besluit\n\n- Akkoord.\n")
    with pytest.raises(ImportRefused) as refused:
        parse_nota(text)
    assert str(refused.value) == NO_REFERENCE
    assert refused.value.reason == "no_reference"
