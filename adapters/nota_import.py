"""From a parsed nota document to the domain's NoteImport, and a readable plan of it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from adapters import nota_links
from adapters.importer import ImportRefused, ParsedNota, parse_nota
from adapters.importer.documents import document_text
from domain.actor import Actor
from domain.errors import InvalidInput
from domain.importing import MAX_BYTES, NoteImport, build_commitment, build_motion, build_note
from domain.organisations import normalise
from domain.parliament import DEBATE_KINDS
from domain.persons import PersonRegistry

SKIPPED_SECTIONS = {"geadviseerd besluit", "geadviseerd_besluit", "bijlagen", "bijlage"}


@dataclass(frozen=True)
class Prepared:
    """A document read and mapped: what will be recorded, and what could not be placed."""

    parsed: ParsedNota
    note: NoteImport
    warnings: tuple[str, ...]


def prepare(raw: bytes | str, source_name: str, ministry: str | None = None,
            persons: PersonRegistry | None = None) -> Prepared:
    """Read a nota (text, .docx or PDF) and map it onto the domain for its ministry, or for
    the ministry the document names when none is given; refusals raise ImportRefused."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    text = document_text(data)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ImportRefused(f"cannot import {source_name}: its text is over {MAX_BYTES:,} "
                            "bytes", "too_large")
    parsed = parse_nota(text)
    warnings = list(parsed.warnings)
    ministry = _ministry(ministry, parsed, source_name)
    if not parsed.date:
        raise ImportRefused(f"cannot import {source_name}: no date found in note "
                            f"{parsed.reference}", "no_date")
    motions = [motion for motion in (_motion(m, ministry, warnings) for m in parsed.motions)
               if motion]
    note = NoteImport(
        reference=parsed.reference, title=parsed.title or f"nota {parsed.reference}",
        kind=parsed.kind or _warn(warnings, "decision", "no kind stated; recorded as "
                                                       "'decision'"),
        date=parsed.date, from_unit=parsed.from_ or ministry, to_official=parsed.to or ministry,
        ministry=ministry, actively_public=bool(parsed.actively_public),
        source_sha256=hashlib.sha256(data).hexdigest(), source_name=source_name,
        drafted_by=_drafters(parsed, persons), collaborating=_organisations(
            parsed.collaborated_with, warnings),
        sections=_sections(parsed, warnings), advised=parsed.advised_decisions,
        attachments=tuple((a.number, a.name, a.information) for a in parsed.attachments),
        consulted=_organisations(parsed.consulted, warnings), co_senders=parsed.co_senders,
        commitments=linked_commitments(
            [_commitment(c, parsed, ministry, warnings) for c in parsed.commitments],
            motions, parsed.date),
        motions=tuple(motions),
        warnings=tuple(warnings),
    )
    return Prepared(parsed, note, tuple(warnings))


def _ministry(given: str | None, parsed: ParsedNota, source_name: str) -> str:
    """The owning ministry: the one given, else the one the document names."""
    if given is None and parsed.owner is None:
        raise ImportRefused(f"cannot import {source_name}: the document does not say which "
                            "ministry owns it (no addressee such as 'Aan: MVRO', no letterhead, "
                            "no reference pattern); name it with --ministry", "no_ministry")
    try:
        return normalise(given if given is not None else parsed.owner)
    except InvalidInput as error:
        raise ImportRefused(f"cannot import {source_name}: {error}", "bad_ministry") from None


def _warn(warnings: list[str], value, message: str):
    warnings.append(message)
    return value


def _drafters(parsed: ParsedNota, persons: PersonRegistry | None) -> tuple[str, ...]:
    """Redacted drafters become unknown persons; named ones are registered, never invented."""
    unknown = tuple(f"unknown:{parsed.reference}:{n}"
                    for n in range(1, parsed.drafted_by_count - len(parsed.drafted_by_names) + 1))
    named = []
    for name in parsed.drafted_by_names:
        person_id = "person:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
        known = persons.get(person_id) if persons is not None else None
        if persons is not None and (known is None or not known.erased):
            persons.register(person_id, name, "civil_servant", known and known.organisation,
                             known.roles if known else ())
        named.append(person_id)
    return tuple(named) + unknown


def _organisations(codes, warnings: list[str]) -> tuple[str, ...]:
    result = []
    for code in codes:
        try:
            result.append(normalise(code))
        except InvalidInput:
            warnings.append(f"organisation {code!r} is not a code; left out")
    return tuple(dict.fromkeys(result))


def _sections(parsed: ParsedNota, warnings: list[str]) -> tuple[tuple[str, str], ...]:
    result = []
    for name, text in parsed.sections:
        if name.lower() in SKIPPED_SECTIONS or not text.strip():
            continue
        slug = _slug(name)
        if slug:
            result.append((slug, text))
        else:
            warnings.append(f"section {name!r} has no usable name; left out")
    return tuple(result)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:40]
    return slug if slug[:1].isalpha() else ""


def _members(pairs, what: str, warnings: list[str]) -> list[dict]:
    members = []
    for name, party in pairs:
        if not name and not party:
            continue
        if not name:
            warnings.append(f"a member of {party} in {what}: name not stated; left empty")
            members.append({"name": "", "party": party})
            continue
        if not party:
            warnings.append(f"{name} in {what}: party not stated; left empty")
        members.append({"name": name, "party": party or ""})
    return members


def _debate(kind: str | None) -> str:
    return kind if kind in DEBATE_KINDS else "other"


def _commitment(commitment, parsed: ParsedNota, ministry: str, warnings: list[str]) -> dict:
    return {"text": commitment.text, "minister": parsed.to or ministry, "ministry": ministry,
            "recipients": _members(commitment.recipients, "a commitment", warnings),
            "to_several_members": commitment.to_several_members,
            "debate_kind": _debate(commitment.debate_kind),
            "debate_date": commitment.debate_date,
            "debate_title": commitment.debate_title or "",
            "deadline": commitment.deadline_text or ""}


def linked_commitments(commitments: list[dict], motions: list[dict],
                       nota_date: str) -> tuple[dict, ...]:
    """Each commitment with what the letter does with it (relation) and the motion it
    concerns, made to that motion's submitters when it names nobody."""
    linked = []
    for fields in commitments:
        fields = {**fields, "relation": nota_links.relation(fields["text"], fields["deadline"],
                                                            nota_date)}
        motion = nota_links.concerned_motion(fields, motions)
        if motion is not None:
            fields["motion_id"] = nota_links.id_of(motion)
            if not fields["recipients"]:
                fields.update(recipients=list(motion["submitters"]), to_several_members=False)
        linked.append(fields)
    return tuple(linked)


def _motion(motion, ministry: str, warnings: list[str]) -> dict | None:
    submitters = _members(motion.submitters, "a motion", warnings)
    if not submitters:
        warnings.append(f"motion {motion.text[:60]!r}… names no submitter; not recorded as a "
                        "motion (its text stays in the section)")
        return None
    return {"text": motion.text, "submitters": submitters,
            "debate_kind": _debate(motion.debate_kind), "debate_date": motion.debate_date,
            "debate_title": motion.debate_title or "", "case_number": motion.case_number or "",
            "ministry": ministry, "state": motion.state, "taken_over_by": motion.taken_over_by}


def rehearse(prepared: Prepared) -> None:
    """Run every check the import runs, in memory, recording nothing (a dry run's checks)."""
    actor = Actor(prepared.note.ministry, "importer", key_id="dry-run")
    build_note(actor, prepared.note)
    for fields in prepared.note.commitments:
        build_commitment(actor, fields)
    for fields in prepared.note.motions:
        build_motion(actor, fields)


def plan(prepared: Prepared) -> list[str]:
    """What an import would record, as lines a person reads."""
    note = prepared.note
    lines = [f"note {note.reference} ({note.kind}), {note.date}, from {note.from_unit} to "
             f"{note.to_official}, ministry {note.ministry}"
             + (", actively public" if note.actively_public else ""),
             f"  title: {note.title}",
             f"  drafted by: {len(note.drafted_by)} person(s) (names not in the text are "
             "recorded as unknown persons)"]
    lines += [f"  section {name}: {len(text)} characters" for name, text in note.sections]
    lines += [f"  advised decision {n}: {text}" for n, text in enumerate(note.advised, 1)]
    lines += [f"  attachment {n}: {name}" for n, name, _ in note.attachments]
    lines += [f"  consultation answered: {org}"
              + (" (co-responsible)" if org in note.collaborating else "")
              for org in dict.fromkeys([*note.collaborating, *note.consulted])]
    lines += [f"  co-sender: {co_sender}" for co_sender in note.co_senders]
    lines += [f"  commitment ({c['debate_kind']} {c['debate_date'] or '?'}, due "
              f"{c['deadline'] or '?'}) to {_names(c['recipients'], c['to_several_members'])}: "
              f"{c['text'][:90]}" for c in note.commitments]
    lines += [f"  motion ({m['state'] or 'submitted'}) by {_names(m['submitters'], False)}: "
              f"{m['text'][:90]}" for m in note.motions]
    lines += [f"  warning: {warning}" for warning in prepared.warnings]
    return lines


def _names(members: list[dict], several: bool) -> str:
    named = ", ".join(" ".join(filter(None, (m["name"], m["party"] and f"({m['party']})")))
                      for m in members)
    return named or ("several members" if several else "nobody named")
