"""The nota importer's parser: the text of a nota in, a structured description of it out."""

from adapters.importer.model import (
    ImportRefused,
    ParsedAttachment,
    ParsedCommitment,
    ParsedMotion,
    ParsedNota,
)
from adapters.importer.parse import parse_nota

__all__ = [
    "ImportRefused",
    "ParsedAttachment",
    "ParsedCommitment",
    "ParsedMotion",
    "ParsedNota",
    "parse_nota",
]
