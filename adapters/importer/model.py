"""What parsing a nota yields: frozen, plain values that serialise as they are."""

from __future__ import annotations

from dataclasses import dataclass

from domain.importing import ImportRefused  # noqa: F401 - refused here, raised by the parser

Member = tuple[str | None, str | None]  # (name, party); either may be unknown


def _members(pairs: tuple[Member, ...]) -> list[dict]:
    """(name, party) pairs as JSON objects."""
    return [{"name": name, "party": party} for name, party in pairs]


@dataclass(frozen=True)
class ParsedAttachment:
    """One row of the attachments table: sequence number, name, information."""

    number: int
    name: str
    information: str = ""

    def to_dict(self) -> dict:
        """This attachment as plain data."""
        return {"number": self.number, "name": self.name, "information": self.information}


@dataclass(frozen=True)
class ParsedCommitment:
    """A toezegging as the nota states it: text, to whom, in which debate, by when."""

    text: str
    recipients: tuple[Member, ...] = ()
    to_several_members: bool = False
    debate_kind: str | None = None
    debate_title: str | None = None
    debate_date: str | None = None
    deadline_text: str | None = None
    relation: str = "fulfils"  # what the nota does with it: fulfils, partly_fulfils, mentions
    later_occasion: bool = False  # its deadline points at a later occasion ('bij het volgende …')
    motion: int | None = None  # the motion it concerns: its place (1, 2, …) in the nota's motions

    def to_dict(self) -> dict:
        """This commitment as plain data."""
        return {
            "text": self.text, "recipients": _members(self.recipients),
            "to_several_members": self.to_several_members, "debate_kind": self.debate_kind,
            "debate_title": self.debate_title, "debate_date": self.debate_date,
            "deadline_text": self.deadline_text, "relation": self.relation,
            "later_occasion": self.later_occasion, "motion": self.motion,
        }


@dataclass(frozen=True)
class ParsedMotion:
    """A motie as the nota mentions it: submitters, state, debate, case number."""

    text: str
    submitters: tuple[Member, ...] = ()
    state: str | None = None
    taken_over_by: str | None = None
    debate_kind: str | None = None
    debate_title: str | None = None
    debate_date: str | None = None
    case_number: str | None = None

    def to_dict(self) -> dict:
        """This motion as plain data."""
        return {
            "text": self.text, "submitters": _members(self.submitters), "state": self.state,
            "taken_over_by": self.taken_over_by, "debate_kind": self.debate_kind,
            "debate_title": self.debate_title, "debate_date": self.debate_date,
            "case_number": self.case_number,
        }


@dataclass(frozen=True)
class ParsedNota:
    """Everything the parser could place from one nota, plus warnings for what it could not."""

    reference: str
    date: str | None = None
    kind: str | None = None
    actively_public: bool | None = None
    drafted_by_count: int = 0
    drafted_by_names: tuple[str, ...] = ()
    collaborated_with: tuple[str, ...] = ()
    attachments_count: int | None = None
    to: str | None = None
    from_: str | None = None
    title: str = ""
    sections: tuple[tuple[str, str], ...] = ()
    advised_decisions: tuple[str, ...] = ()
    commitments: tuple[ParsedCommitment, ...] = ()
    motions: tuple[ParsedMotion, ...] = ()
    consulted: tuple[str, ...] = ()
    co_senders: tuple[str, ...] = ()
    attachments: tuple[ParsedAttachment, ...] = ()
    owner: str | None = None
    owner_source: str | None = None
    warnings: tuple[str, ...] = ()

    def section(self, name: str) -> str | None:
        """The text of the section with this (normalised, lowercase) name, if found."""
        return dict(self.sections).get(name)

    def to_dict(self) -> dict:
        """This nota as plain data (lists and dicts, ready for JSON)."""
        return {
            "reference": self.reference, "date": self.date, "kind": self.kind,
            "actively_public": self.actively_public, "drafted_by_count": self.drafted_by_count,
            "drafted_by_names": list(self.drafted_by_names),
            "collaborated_with": list(self.collaborated_with),
            "attachments_count": self.attachments_count, "to": self.to, "from_": self.from_,
            "title": self.title, "sections": dict(self.sections),
            "advised_decisions": list(self.advised_decisions),
            "commitments": [commitment.to_dict() for commitment in self.commitments],
            "motions": [motion.to_dict() for motion in self.motions],
            "consulted": list(self.consulted), "co_senders": list(self.co_senders),
            "attachments": [attachment.to_dict() for attachment in self.attachments],
            "owner": self.owner, "owner_source": self.owner_source,
            "warnings": list(self.warnings),
        }
