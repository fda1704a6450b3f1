"""A readable sentence for each event, for the trail and the live feed (no names)."""

from __future__ import annotations

from collections.abc import Callable

from projections.facts import Fact

Describe = Callable[[dict], str]


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RELATION = {"fulfils": "as fulfilled by this letter",
            "partly_fulfils": "as partly fulfilled by this letter",
            "mentions": "as mentioned by this letter (it stays as it is)"}

NOTE: dict[str, Describe] = {
    "Drafted": lambda d: f"Drafted note {d['reference']} ({d['kind']}) for {d['ministry']}: "
                         f"{_clip(d['title'])}",
    "SourceRecorded": lambda d: f"Recorded the source document {d['name']} "
                                f"(sha256 {d['sha256'][:12]}…)"
                                + (f" with {len(d['warnings'])} import warnings"
                                   if d["warnings"] else ""),
    "TitleRevised": lambda d: f"Revised the title to: {_clip(d['title'])}",
    "SectionRevised": lambda d: f"Revised section {d['name']} ({len(d['text'])} characters)",
    "PublicitySet": lambda d: "Marked actively public" if d["actively_public"]
                              else "Marked not actively public",
    "AdvisedDecisionAdded": lambda d: f"Added advised decision {d['number']}: {_clip(d['text'])}",
    "AdvisedDecisionRevised": lambda d: f"Revised advised decision {d['number']}: "
                                        f"{_clip(d['text'])}",
    "AdvisedDecisionRemoved": lambda d: f"Removed advised decision {d['number']}",
    "AttachmentAdded": lambda d: f"Added attachment {d['number']}: {_clip(d['name'])}",
    "AttachmentRemoved": lambda d: f"Removed attachment {d['number']}",
    "ParaphRouteSet": lambda d: "Set the paraph route: " + " → ".join(
        f"{s['role']} {s['unit']}" for s in d["steps"]),
    "ReviewStarted": lambda d: "Sent up the paraph route",
    "Initialled": lambda d: f"Initialled step {d['step'] + 1} of the paraph route",
    "InitialRefused": lambda d: f"Refused to initial step {d['step'] + 1}: {_clip(d['reason'])}",
    "ConsultationRequested": lambda d: f"Asked {d['organisation']} for consultation "
                                       f"({d['role'].replace('_', '-')})"
                                       + (f", answer due {_reply_by(d)}" if _reply_by(d) else ""),
    "ConsultationAnswered": lambda d: f"{d['organisation']} answered the consultation: "
                                      f"{d['outcome'].replace('_', ' ')}"
                                      + (f" ({_clip(d['remarks'])})" if d["remarks"] else ""),
    "ConsultationWithdrawn": lambda d: f"Withdrew the consultation of {d['organisation']}",
    "ConsultationReopened": lambda d: f"Reopened the consultation of {d['organisation']}: "
                                      f"{d['reason']}"
                                      + (f", answer due {d['reply_by']}"
                                         if d.get("reply_by") else ""),
    "Submitted": lambda d: "Submitted for decision",
    "OutcomeRecorded": lambda d: f"Recorded the decision on advised decision {d['number']}: "
                                 f"{d['outcome'].replace('_', ' ')}",
    "Annotated": lambda d: f"Annotated: {_clip(d['text'])}",
    "Decided": lambda d: "Decided",
    "Returned": lambda d: f"Returned to draft: {_clip(d['reason'])}",
    "Withdrawn": lambda d: f"Withdrew the note: {_clip(d['reason'])}",
    "CoSenderAdded": lambda d: f"Added co-sender {d['co_sender']}",
    "CoSenderRemoved": lambda d: f"Removed co-sender {d['co_sender']}",
    "LetterPlanned": lambda d: f"Planned the letter: {d['planned']['text']}",
    "LetterSigned": lambda d: "Signed the letter",
    "LetterSent": lambda d: f"Sent the letter to the {_chamber(d['chamber'])}",
    "LetterRegistered": lambda d: f"Registered the letter as {d['parliament_number']}",
    "CommitmentLinked": lambda d: "Linked a commitment "
                                  + RELATION[d.get("relation", "fulfils")],
    "MotionLinked": lambda d: "Linked a motion whose execution this letter reports",
    "Published": lambda d: "Published (active disclosure under the Woo)",
    "ConsultationReplyDue": lambda d: f"Reminder: the answer of {d['organisation']} is due "
                                      f"by {d['reply_by']}",
    "ConsultationOverdue": lambda d: f"Reminder: the answer of {d['organisation']} is overdue "
                                     f"(due by {d['reply_by']})",
}

COMMITMENT: dict[str, Describe] = {
    "Registered": lambda d: f"Registered a commitment of {d['minister']} in the "
                            f"{d['debate']['kind']}: {_clip(d['text'])}",
    "DeadlineChanged": lambda d: f"Changed the deadline to {d['deadline']['text']!r}: "
                                 f"{_clip(d['reason'])}",
    "LinkedToNote": lambda d: f"Linked to note {d['reference']}, "
                              + RELATION[d.get("relation", "fulfils")],
    "Fulfilled": lambda d: f"Fulfilled by the letter of note {d['reference']} to the "
                           f"{_chamber(d['chamber'])}",
    "PartiallyFulfilled": lambda d: f"Partially fulfilled: {_clip(d['remarks'])}",
    "Lapsed": lambda d: f"Lapsed: {_clip(d['reason'])}",
    "StatusSet": lambda d: f"Status set to {d['status'].replace('_', ' ')} by the clerk: "
                           f"{_clip(d['reason'])}",
    "CoOwnerAdded": lambda d: f"Shared with {d['organisation']} as co-owner",
    "CommitmentDueSoon": lambda d: f"Reminder: due by {d['due']}",
    "CommitmentOverdue": lambda d: f"Reminder: overdue (due by {d['due']})",
}

MOTION: dict[str, Describe] = {
    "Submitted": lambda d: f"Motion submitted by {_members(d['submitters'])} in the "
                           f"{d['debate']['kind']}" + (f" ({d['case_number']})"
                                                      if d["case_number"] else ""),
    "Appraised": lambda d: f"Cabinet appraisal: {d['appraisal'].replace('_', ' ')}",
    "TakenOver": lambda d: f"Taken over by {d['by']}",
    "StatusChanged": lambda d: f"Status changed to {d['status'].replace('_', ' ')}"
                               + (f" on {d['on']}" if d["on"] else ""),
    "LinkedToNote": lambda d: f"Linked to note {d['reference']}",
    "ExecutionReported": lambda d: f"Execution reported by the letter of note {d['reference']}",
    "CoOwnerAdded": lambda d: f"Shared with {d['organisation']} as co-owner",
}

BY_KIND = {"note": NOTE, "commitment": COMMITMENT, "motion": MOTION}


def _reply_by(data: dict) -> str | None:
    return data.get("reply_by") or data.get("due")  # stored before version 3: due


def _chamber(code: str) -> str:
    return {"TK": "Tweede Kamer", "EK": "Eerste Kamer"}.get(code, code)


def _members(members: list[dict]) -> str:
    return ", ".join(f"{m['name']} ({m['party']})" for m in members)


def describe(fact: Fact) -> str:
    """One sentence on what the event did; unknown events are named, never dropped."""
    describer = BY_KIND.get(fact.kind, {}).get(fact.type)
    if describer is None:
        return f"{fact.type.replace('_', ' ')} ({fact.kind})"
    return describer(fact.data)
