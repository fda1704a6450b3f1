"""``notaledger verify`` and ``notaledger persons``: the ledger's own maintenance."""

from __future__ import annotations

import json

from api.bootstrap import bootstrap
from domain.actor import KEY_ROLES
from domain.errors import InvalidInput
from domain.persons import KINDS


def register(subcommands) -> None:
    verify = subcommands.add_parser("verify", help="check every hash chain in the event store")
    verify.add_argument("--note", help="only the note with this reference")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(handler=run_verify)

    persons = subcommands.add_parser("persons", help="the person registry")
    actions = persons.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register a person: name, organisation and roles")
    add.add_argument("person_id")
    add.add_argument("name")
    add.add_argument("--kind", default="civil_servant", choices=KINDS)
    add.add_argument("--organisation", "--org", help="the organisation they act for, e.g. VRO")
    add.add_argument("--role", action="append", default=[], choices=KEY_ROLES,
                     help="a role they may act in (repeat for several)")
    add.add_argument("--mandate", help="the mandate under which a civil servant decides")
    add.set_defaults(handler=run_persons_add)
    erase = actions.add_parser("erase", help="erase a person's name for good "
                                             "(history stays intact; the id stays a tombstone)")
    erase.add_argument("person_id")
    erase.set_defaults(handler=run_persons_erase)
    email = actions.add_parser("email", help="record where a person receives notification "
                                             "mail (kept outside the log, erased with them)")
    email.add_argument("person_id")
    email.add_argument("address", nargs="?", help="leave out with --remove")
    email.add_argument("--remove", action="store_true", help="forget the address")
    email.set_defaults(handler=run_persons_email)


def run_verify(arguments) -> int:
    with bootstrap() as found:
        target = found.ledger.note_id(arguments.note) if arguments.note else None
        report = found.ledger.verify(target)
    if arguments.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(f"{report.events} events in {report.aggregates} chains checked")
        for broken in report.breaks:
            print(f"BROKEN {broken.aggregate_id} at version {broken.version}: "
                  f"{broken.kind}: {broken.detail}")
        print("all chains verify" if report.ok else f"{len(report.breaks)} broken chain(s)")
    return 0 if report.ok else 1


def run_persons_add(arguments) -> int:
    if arguments.role and not arguments.organisation:
        raise InvalidInput("a person with roles needs --organisation")
    with bootstrap() as found:
        found.persons.register(arguments.person_id, arguments.name, arguments.kind,
                               arguments.organisation, tuple(arguments.role), arguments.mandate)
    roles = ", ".join(arguments.role) or "no roles"
    print(f"registered {arguments.person_id} ({arguments.organisation or 'no organisation'}: "
          f"{roles})")
    return 0


def run_persons_erase(arguments) -> int:
    with bootstrap() as found:
        erased = found.persons.erase(arguments.person_id)
    print(f"erased the name of {arguments.person_id}" if erased
          else f"{arguments.person_id} had no name to erase")
    return 0


def run_persons_email(arguments) -> int:
    if bool(arguments.address) == arguments.remove:
        raise InvalidInput("give an address, or --remove")
    with bootstrap() as found:
        found.persons.set_email(arguments.person_id, arguments.address)
    print(f"{arguments.person_id}: " + ("no e-mail address" if arguments.remove
                                        else f"mail goes to {arguments.address}"))
    return 0
