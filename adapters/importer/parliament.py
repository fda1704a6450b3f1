"""Commitments (toezeggingen) and motions (moties) found in a nota's body, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypeVar

from adapters.importer.deadlines import deadline_in, later_occasion, relation_of
from adapters.importer.debates import Debate, Debates
from adapters.importer.members import RECIPIENT_NOTE, recipients_in, without_recipient_notes
from adapters.importer.model import ParsedCommitment, ParsedMotion
from adapters.importer.motions import merge_motions, motion_from
from adapters.importer.text import Block, sentences, tidy, without_notes

Item = TypeVar("Item", ParsedCommitment, ParsedMotion)
SKIPPED_SECTIONS = {"bijlagen", "niet openbaar"}
MIN_WORDS = 4  # 'Motie' or '4. Motie' alone is a heading, not a mention
_PLEDGED = re.compile(r"\btoegezegd\b|\btoezeg(?:t|gen)\b|\bzeg(?:t|gen)\b[^.]*\btoe\b", re.I)
_WILL_INFORM = re.compile(r"\b(?:zult|zal|zullen)\b[^.]*\binformeren\b", re.I)
_INTRO = re.compile(r"\btoezegging(?:en)?\b|\bmoties\b", re.I)
_MOTION = re.compile(r"\bmotie\b", re.I)
_BACK_REFERENCE = re.compile(r"\b(?:deze|die|dezelfde|dergelijke|zo'n|genoemde|bovengenoemde)"
                             r"\s+(?:\w+\s+)?$", re.I)
_ON_MOTION = re.compile(r"\b(?:deze|die|dezelfde|genoemde|bovengenoemde)\s+(?:\w+\s+)?motie\b",
                        re.I)
_DESCRIPTION = re.compile(r"^(?:Deze|De|Die)\s+motie\b")


@dataclass(frozen=True)
class _Context:
    """A list introduced as commitments ('de volgende toezeggingen uit het debat X:')."""

    debate: Debate | None
    indent: int
    from_item: bool

    def holds(self, block: Block) -> bool:
        """Whether a block is an item of this list."""
        return block.kind != "paragraph" and (not self.from_item or block.indent > self.indent)


class Parliament:
    """One pass over the body's blocks, collecting commitments and motions."""

    def __init__(self, footnotes: dict[int, str], anchor: str | None) -> None:
        self.footnotes = footnotes
        self.debates = Debates(anchor)
        self.commitments: list[ParsedCommitment] = []
        self._committed: set[str] = set()
        self.motions: list[ParsedMotion] = []
        self._concerns: dict[int, ParsedMotion] = {}  # commitment index -> the motion it is on

    def read(self, sections: list[tuple[str, list[Block]]]) -> None:
        """Read every section that can hold commitments or motions."""
        for name, blocks in sections:
            if name not in SKIPPED_SECTIONS:
                self._read_section(blocks)

    def results(self) -> tuple[list[ParsedCommitment], list[ParsedMotion], list[str]]:
        """(commitments, motions, warnings), debate titles spelled as best found."""
        motions, warnings = merge_motions([self._canonical(item) for item in self.motions])
        commitments = [replace(self._canonical(item), motion=self._motion_number(index, motions))
                       for index, item in enumerate(self.commitments)]
        return commitments, motions, [*self.debates.warnings, *warnings]

    def _motion_number(self, index: int, motions: list[ParsedMotion]) -> int | None:
        """The place (1, 2, …) among the nota's motions of the motion a commitment is on."""
        concerned = self._concerns.get(index)
        if concerned is None:
            return None
        return next((number for number, motion in enumerate(motions, 1)
                     if concerned.text in motion.text or motion.text in concerned.text), None)

    def _read_section(self, blocks: list[Block]) -> None:
        """Read a section's blocks; a list context ends with the section or a paragraph."""
        context: _Context | None = None
        for block in blocks:
            parts = sentences(block.text)
            if _is_intro(block):
                self._read_sentences(parts[:-1], None, whole=False)
                self.debates.observe(parts[-1])
                context = _Context(self.debates.debate_for(parts[-1]), block.indent,
                                   block.kind != "paragraph")
                continue
            context = None if block.kind == "paragraph" else context
            self._read_block(block, parts, context)

    def _read_block(self, block: Block, parts: list[str], context: _Context | None) -> None:
        """The motions and commitments in one block: the whole block may be one commitment."""
        fallback = context.debate if context else None
        listed = context is not None and context.holds(block)
        has_motion = any(map(_mentions_motion, parts))
        whole = bool(RECIPIENT_NOTE.search(block.text)) or (listed and not has_motion)
        self._read_sentences(parts, fallback, whole)
        if whole:
            self._commit(block.text, self.debates.debate_for(block.text, fallback))

    def _read_sentences(self, parts: list[str], fallback: Debate | None, whole: bool) -> None:
        """Motions, and unless the block is one commitment, commitments, sentence by sentence."""
        for index, sentence in enumerate(parts):
            self.debates.observe(sentence)
            if _mentions_motion(sentence):
                description = _description(parts[index + 1:])
                debate = self.debates.debate_for(sentence, fallback)
                self.motions.append(motion_from(sentence, description, debate, self.footnotes,
                                                self.debates.anchor))
            elif not whole and _promises(sentence):
                self._commit(sentence, self.debates.debate_for(sentence, fallback))

    def _commit(self, text: str, debate: Debate | None) -> None:
        """Add a commitment, unless the same words were already added."""
        recipients, several = recipients_in(without_notes(text))
        body = tidy(without_recipient_notes(text))
        if body.casefold() in self._committed:
            return
        self._committed.add(body.casefold())
        deadline = deadline_in(body)
        later = later_occasion(body, deadline)
        if self.motions and _ON_MOTION.search(body):
            self._concerns[len(self.commitments)] = self.motions[-1]
        self.commitments.append(ParsedCommitment(
            text=body, recipients=recipients, to_several_members=several,
            debate_kind=debate.kind if debate else None,
            debate_title=debate.title if debate else None,
            debate_date=debate.date if debate else None, deadline_text=deadline,
            relation=relation_of(body, later), later_occasion=later))

    def _canonical(self, item: Item) -> Item:
        """An item with its debate title spelled as capitalised best in the nota."""
        if item.debate_kind is None:
            return item
        debate = self.debates.canonical(
            Debate(item.debate_kind, item.debate_title, item.debate_date))
        return replace(item, debate_title=debate.title)


def _is_intro(block: Block) -> bool:
    """Whether a block announces a list of commitments or motions (and ends in ':')."""
    text = without_notes(block.text).rstrip()
    return text.endswith(":") and _INTRO.search(text) is not None


def _mentions_motion(sentence: str) -> bool:
    """Whether a sentence names a motion of its own, not 'deze motie' from before."""
    if len(sentence.split()) < MIN_WORDS:
        return False
    return any(not _BACK_REFERENCE.search(sentence[:match.start()])
               for match in _MOTION.finditer(sentence))


def _description(following: list[str]) -> list[str]:
    """The sentences right after a motion that describe it ('Deze motie verzoekt ...')."""
    described = []
    for sentence in following:
        if not _DESCRIPTION.match(sentence):
            break
        described.append(sentence)
    return described


def _promises(sentence: str) -> bool:
    """Whether a sentence states a commitment ('heeft toegezegd', 'zegt ... toe')."""
    if _PLEDGED.search(sentence):
        return True
    return bool(_WILL_INFORM.search(sentence)) and "kamer" in sentence.lower()
