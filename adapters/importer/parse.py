"""parse_nota: the text of a nota in, a structured and checked description of it out."""

from __future__ import annotations

import re
from dataclasses import replace

from adapters.importer.attachments import read_attachments
from adapters.importer.fields import find_reference
from adapters.importer.footnotes import mark_footnotes
from adapters.importer.header import Header, read_header
from adapters.importer.header_fields import header_consulted, header_values
from adapters.importer.labels import match_kind, match_label
from adapters.importer.model import ImportRefused, ParsedAttachment, ParsedNota
from adapters.importer.organisations import co_senders_in, consulted_in, unique_co_senders
from adapters.importer.owner import owner_of
from adapters.importer.pages import Body, Margin, clean_body
from adapters.importer.parliament import Parliament
from adapters.importer.sections import (
    advised_decisions,
    body_start,
    heading_of,
    section_blocks,
    section_texts,
    split_sections,
)
from adapters.importer.source import clean_lines, decode
from adapters.importer.text import Block, sentences, without_notes

MIN_MARKERS = 2
_MEMO_WORD = re.compile(r"^#*\s*(?:beslis)?nota\b", re.I)
_LOOSE_CONSULTATION = re.compile(r"\bafgestemd\b(?!\s+met)", re.I)


def parse_nota(source: str | bytes) -> ParsedNota:
    """The nota in this text (or UTF-8 bytes); ImportRefused when it cannot be one."""
    lines = clean_lines(decode(source))
    _require_markers(lines)
    start = body_start(lines)
    header = read_header(lines[:start])
    values, warnings = header_values(header)
    values["reference"] = values["reference"] or find_reference(lines)
    if not values["reference"]:
        raise ImportRefused("cannot import: no reference found (looked for 'Onze referentie' "
                            "or 'Kenmerk', also 'Referentie' and 'Ons kenmerk')", "no_reference")
    body = clean_body(lines[start:], _margin(lines[:start], header))
    owner = owner_of(values["to"], lines[:start], values["reference"])
    return replace(_nota(header, values, warnings, body), owner=owner and owner[0],
                   owner_source=owner and owner[1])


def _nota(header: Header, values: dict, warnings: list[str], body: Body) -> ParsedNota:
    """The ParsedNota from the header's values and the cleaned body."""
    sections = split_sections(body.lines)
    blocks = section_blocks(sections)
    mark_footnotes(blocks, body.footnotes)
    parliament = Parliament(body.footnotes, values["date"])
    parliament.read(blocks)
    commitments, motions, parliament_warnings = parliament.results()
    attachments = _attachments(header, dict(sections).get("bijlagen", []), values, warnings)
    consulted = _consulted(header, blocks, warnings)
    advice = advised_decisions(blocks)
    if not advice:
        warnings.append("no advised decision found (looked for 'Geadviseerd besluit')")
    if not values["title"]:
        warnings.append("no title found")
    return ParsedNota(
        **values, sections=_with_attachment_list(section_texts(blocks), attachments),
        advised_decisions=advice,
        commitments=tuple(commitments), motions=tuple(motions), consulted=consulted,
        co_senders=_co_senders(header, blocks), attachments=attachments,
        warnings=tuple(dict.fromkeys([*header.warnings, *warnings, *parliament_warnings])))


def _with_attachment_list(sections: tuple[tuple[str, str], ...],
                          attachments: tuple[ParsedAttachment, ...]) -> tuple[tuple[str, str], ...]:
    """The sections, with the 'Bijlagen' table written as the list it was read as."""
    if not attachments:
        return sections
    listed = "\n".join(f"{item.number}. {item.name}" + (f": {item.information}"
                                                       if item.information else "")
                       for item in attachments)
    return tuple((name, listed if name == "bijlagen" else text) for name, text in sections)


def _require_markers(lines: list[str]) -> None:
    """Refuse text that carries too few of the marks every nota has."""
    found = set()
    for line in lines:
        text = line.strip()
        label = match_label(text)
        if match_kind(text):
            found.add("status")
        elif heading_of(text) in {"aanleiding", "geadviseerd besluit", "kern", "toelichting"}:
            found.add(heading_of(text))
        elif label and label[0] in {"reference", "actively_public", "drafted_by"}:
            found.add(label[0])
        elif _MEMO_WORD.match(text) and len(text.split()) <= 8:
            found.add("nota")
        if len(found) >= MIN_MARKERS:
            return
    raise ImportRefused(
        "cannot import: this text is not a nota (it lacks the usual markers such as "
        "'TER BESLUITVORMING', 'Onze referentie', 'Aanleiding' and 'Geadviseerd besluit')",
        "not_a_nota")


def _margin(header_lines: list[str], header: Header) -> Margin:
    """The header's lines and values, to recognise the header block a new page repeats."""
    lines = frozenset(line.strip().casefold() for line in header_lines if line.strip())
    values = {key: frozenset(" ".join(value).casefold() for _, value in entries if value)
              for key, entries in header.fields.items()}
    return Margin(lines, values)


def _attachments(header: Header, lines: list[str], values: dict,
                 warnings: list[str]) -> tuple[ParsedAttachment, ...]:
    """Attachments from the 'Bijlagen' table or list, else from the header's numbered lines."""
    found, problems = read_attachments(lines) if lines else ([], [])
    warnings.extend(problems)
    found = found or list(header.attachments)
    stated = values["attachments_count"]
    if found and stated is not None and stated != len(found):
        warnings.append(f"the header counts {stated} attachments, the table lists {len(found)}")
    return tuple(found)


def _consulted(header: Header, blocks: list[tuple[str, list[Block]]],
               warnings: list[str]) -> tuple[str, ...]:
    """Organisations consulted: the header field, then every 'afgestemd met' in the body."""
    codes = list(header_consulted(header, warnings))
    for _, section in blocks:
        for block in section:
            for sentence in sentences(without_notes(block.text)):
                found, rejected = consulted_in(sentence)
                codes.extend(code for code in found if code not in codes)
                warnings.extend(f"consulted party not understood: {item!r}" for item in rejected)
                if _LOOSE_CONSULTATION.search(sentence) and not found:
                    warnings.append(f"consultation mentioned without organisations: {sentence!r}")
    return tuple(codes)


def _co_senders(header: Header, blocks: list[tuple[str, list[Block]]]) -> tuple[str, ...]:
    """Who the letter is also sent on behalf of, each office once."""
    found = [sender for line in header.co_sender_lines for sender in co_senders_in(line)]
    for _, section in blocks:
        for block in section:
            found.extend(co_senders_in(without_notes(block.text)))
    return tuple(unique_co_senders(found))
