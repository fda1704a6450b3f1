"""Documents as they arrive: Word (.docx), PDF (its text layer) or text, read into text."""

from __future__ import annotations

from adapters.importer.model import ImportRefused
from adapters.importer.source import decode

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # a PDF with its letterhead images; the text is far less
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary Word format (.doc)


def kind_of(data: bytes) -> str:
    """'docx', 'pdf' or 'text', by what the bytes are (a file name can be wrong)."""
    if data.startswith(_PDF):
        return "pdf"
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        raise ImportRefused("cannot import: this is an old binary Word document (.doc); save "
                            "it as .docx or PDF first", "unsupported_format")
    return "text"


def document_text(data: bytes) -> str:
    """The text of a document: a .docx's paragraphs and tables, a PDF's text layer, or the
    text itself; ImportRefused when there is none to read."""
    if len(data) > DOCUMENT_MAX_BYTES:
        raise ImportRefused(f"cannot import: the document is {len(data) / 2**20:.1f} MB, over "
                            f"the {DOCUMENT_MAX_BYTES // 2**20} MB limit", "too_large")
    kind = kind_of(data)
    if kind == "docx":
        from adapters.importer.docx_text import docx_text

        return docx_text(data)
    if kind == "pdf":
        from adapters.importer.pdf_text import pdf_text

        return pdf_text(data)
    return decode(data)
