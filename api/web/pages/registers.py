"""Registers: commitments and motions with filters, a chart per ministry, CSV downloads."""

from __future__ import annotations

import csv
import io
from collections import Counter

from flask import Response, flash, redirect, render_template, request, url_for

from api.http.services import services
from api.web.charts import bars
from api.web.identity import act_as
from api.web.pages.blueprints import pages
from api.web.pages.forms import field, form_token
from api.web.pages.reading import reader
from domain import commitment, motion
from domain.parliament import DEBATE_KINDS
from projections.queries import CommitmentQuery, MotionQuery, Paging

LIMIT = 500


def _commitment_query() -> CommitmentQuery:
    args = request.args
    return CommitmentQuery(status=args.get("status") or None,
                           ministry=args.get("ministry") or None,
                           party=args.get("party") or None, member=args.get("member") or None,
                           overdue=True if args.get("overdue") == "ja" else None,
                           paging=Paging(0, LIMIT))


def _motion_query() -> MotionQuery:
    args = request.args
    return MotionQuery(status=args.get("status") or None, party=args.get("party") or None,
                       submitter=args.get("member") or None,
                       ministry=args.get("ministry") or None, paging=Paging(0, LIMIT))


def ministry_chart(dashboard: dict):
    rows = [(ministry, (c["open"], c["overdue"]))
            for ministry, c in sorted(dashboard["commitments_by_ministry"].items())]
    return bars("per-ministerie", "Openstaande en verlopen toezeggingen per ministerie", rows,
                ("openstaand", "verlopen"))


def month_chart(items: list[dict]):
    months = Counter(c["deadline"]["end"][:7] for c in items
                     if c["status"] in commitment.UNSETTLED and c["deadline"].get("end"))
    rows = [(month, (count,)) for month, count in sorted(months.items())]
    return bars("per-maand", "Termijnen van openstaande toezeggingen per maand", rows,
                ("toezeggingen",))


@pages.get("/registers/toezeggingen")
def commitments():
    read = reader()
    found = read.commitments(_commitment_query())
    return render_template("commitments.html", page=found, args=request.args,
                           statuses=commitment.STATUSES, debate_kinds=DEBATE_KINDS,
                           by_ministry=ministry_chart(read.dashboard()),
                           by_month=month_chart(found.items), token=form_token())


@pages.get("/registers/moties")
def motions():
    found = reader().motions(_motion_query())
    return render_template("motions.html", page=found, args=request.args,
                           statuses=motion.STATUSES, appraisals=motion.APPRAISALS,
                           debate_kinds=DEBATE_KINDS, token=form_token())


def _csv(name: str, header: list[str], rows: list[list]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _members(people: list[dict]) -> str:
    return ", ".join(f"{p.get('name')} ({p.get('party')})" for p in people)


@pages.get("/registers/toezeggingen.csv")
def commitments_csv():
    items = reader().commitments(_commitment_query()).items
    return _csv("toezeggingen.csv", ["id", "tekst", "ministerie", "minister", "leden", "debat",
                                     "termijn", "einde termijn", "status", "verlopen"],
                [[c["id"], c["text"], c["ministry"], c["minister"], _members(c["recipients"]),
                  c["debate"]["kind"], c["deadline"].get("text"), c["deadline"].get("end"),
                  c["status"], "ja" if c.get("overdue") else "nee"] for c in items])


@pages.get("/registers/moties.csv")
def motions_csv():
    items = reader().motions(_motion_query()).items
    return _csv("moties.csv", ["id", "tekst", "indieners", "debat", "nummer", "ministerie",
                               "appreciatie", "status"],
                [[m["id"], m["text"], _members(m["submitters"]), m["debate"]["kind"],
                  m["case_number"], m["ministry"], m.get("appraisal") or "", m["status"]]
                 for m in items])


def _members_from_form() -> list[dict]:
    """Members one a line: 'naam | partij'."""
    found = []
    for line in field("members").splitlines():
        name, _, party = line.partition("|")
        if line.strip():
            found.append({"name": name.strip(), "party": party.strip()})
    return found


@pages.post("/registers/toezeggingen")
def register_commitment():
    me = act_as("registrar")
    saved = services().ledger.register_commitment(
        me.actor(request.form.get("token")), text=field("text"), minister=field("minister"),
        ministry=me.organisation, recipients=_members_from_form(),
        debate_kind=field("debate_kind"), debate_date=field("debate_date", False) or None,
        deadline=field("deadline", False))
    flash("De toezegging is geregistreerd.")
    return redirect(url_for("web.commitments", na=saved.position))


@pages.post("/registers/moties")
def submit_motion():
    me = act_as("registrar")
    saved = services().ledger.submit_motion(
        me.actor(request.form.get("token")), text=field("text"),
        submitters=_members_from_form(), debate_kind=field("debate_kind"),
        debate_date=field("debate_date", False) or None,
        case_number=field("case_number", False), ministry=me.organisation)
    flash("De motie is geregistreerd.")
    return redirect(url_for("web.motions", na=saved.position))

