"""Word and PDF versions of each nota import to the same note as its text; scans are refused."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from adapters.importer import ImportRefused
from adapters.importer.documents import document_text
from adapters.nota_import import prepare
from tests.conftest import EXAMPLE, shared_file
from tests.documents import docx_from_text, pdf_from_text, pdf_letterhead, redacted

CORPUS = ("01_ienw_impulsprogramma-chemische-stoffen.md",
          "02_bzk_evaluaties-college-rechten-van-de-mens.md",
          "03_ezk_nationaal-groeifonds-vierde-ronde.md",
          "04_jenv_verzamelbrief-politie-oktober-2024.md", "05_defensie_voorval-zrms-tromp.md",
          "06_ocw_kamervragen-eerdmans-uva.md")
SEED = ("seeds", "nota-2026-0000261701.md")
WRITERS = {
    "docx": (docx_from_text, False),
    "docx letterhead": (lambda text: docx_from_text(text, letterhead=True), False),
    "pdf": (pdf_from_text, True),
    "pdf letterhead": (pdf_letterhead, True),
}


def recorded(source) -> object:
    """What an import would record, apart from which bytes it came from."""
    return replace(prepare(source, "nota").note, source_sha256="", source_name="")


def same_note(text: str, writer: str) -> None:
    write, drawn = WRITERS[writer]
    expected = "\n".join(map(redacted, text.split("\n"))) if drawn else text
    assert recorded(write(text)) == recorded(expected)


@pytest.mark.parametrize("writer", WRITERS)
def test_the_example_nota_as_word_or_pdf_imports_as_its_text_does(writer):
    same_note(EXAMPLE.read_text(encoding="utf-8"), writer)


@pytest.mark.parametrize("writer", WRITERS)
def test_the_seed_as_word_or_pdf_imports_as_its_text_does(writer):
    same_note(shared_file(*SEED).read_text(encoding="utf-8"), writer)


@pytest.mark.parametrize("writer", ["docx", "pdf"])
@pytest.mark.parametrize("name", CORPUS)
def test_each_corpus_nota_as_word_or_pdf_imports_as_its_text_does(name, writer):
    same_note(shared_file("corpus", "notas", name).read_text(encoding="utf-8"), writer)


def test_the_letterhead_pdf_puts_the_right_hand_column_first():
    text = document_text(pdf_letterhead(EXAMPLE.read_text(encoding="utf-8")))
    assert text.index("Onze referentie") < text.index("Aanleiding")
    assert "2026-0000500123" in text.split("Aanleiding")[0]


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan():
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    canvas.save()
    with pytest.raises(ImportRefused, match="no text layer") as refused:
        prepare(out.getvalue(), "scan.pdf", "VRO")
    assert refused.value.reason == "no_text_layer"


def test_an_old_word_file_and_a_broken_docx_are_refused_plainly():
    with pytest.raises(ImportRefused, match=r"\.doc\b") as old:
        document_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    assert old.value.reason == "unsupported_format"
    with pytest.raises(ImportRefused, match="not a readable Word document"):
        document_text(b"PK\x03\x04 not really a zip")


def test_the_owner_is_read_from_the_document_and_refused_when_it_cannot_be_told():
    assert prepare(EXAMPLE.read_bytes(), "x").note.ministry == "VRO"
    text = EXAMPLE.read_text(encoding="utf-8").replace("MVRO", "ABCD")
    with pytest.raises(ImportRefused, match="does not say which ministry") as refused:
        prepare(text, "x")
    assert refused.value.reason == "no_ministry"
    assert prepare(text, "x", "VRO").note.ministry == "VRO"


