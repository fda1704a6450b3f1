"""``notaledger keys create|list|revoke``: API keys, whose secret is printed once."""

from __future__ import annotations

import json

from api.bootstrap import bootstrap
from domain.actor import KEY_ROLES
from domain.errors import InvalidInput, NotPermitted
from domain.organisations import normalise


def register(subcommands) -> None:
    keys = subcommands.add_parser("keys", help="API keys: one organisation and role each")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="make a key and print its secret, once")
    create.add_argument("--organisation", "--org", required=True, help="e.g. VRO, SZW, JenV")
    create.add_argument("--role", required=True, choices=KEY_ROLES)
    create.add_argument("--label", default="", help="who or what uses it")
    create.add_argument("--person", help="bind the key to this one registered person of the "
                                         "organisation, who holds the role")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="list keys (never their secrets)")
    listing.add_argument("--all", action="store_true", help="include revoked keys")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("key_id")
    revoke.set_defaults(handler=run_revoke)


def run_create(arguments) -> int:
    if arguments.person:
        check_person(arguments.person, normalise(arguments.organisation), arguments.role)
    with bootstrap() as found:
        made = found.keys.create(arguments.organisation, arguments.role, arguments.label,
                                 arguments.person)
    key = made.key
    bound = f", bound to {key.person_id}" if key.person_id else ""
    print(f"key {key.key_id} for {key.organisation} as {key.role}{bound}")
    print(made.token)
    print("this is the only time the key is shown; store it now", flush=True)
    return 0


def check_person(person_id: str, organisation: str, role: str) -> None:
    """A key is bound only to a registered person of its organisation who holds its role."""
    with bootstrap() as found:
        person = found.persons.get(person_id)
    if person is None or person.erased:
        raise InvalidInput(f"person {person_id} is not registered"
                           + (" (erased)" if person else ""))
    why = person.refusal(organisation, role)
    if why:
        raise NotPermitted(why)


def run_list(arguments) -> int:
    with bootstrap() as found:
        keys = found.keys.list(include_revoked=arguments.all)
    if arguments.json:
        print(json.dumps([key.to_dict() for key in keys], indent=2))
        return 0
    for key in keys:
        state = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        person = f"  as {key.person_id}" if key.person_id else ""
        print(f"{key.key_id}  {key.organisation:<10} {key.role:<10} {key.created_at}  {state}"
              f"{person}  {key.label}".rstrip())
    print(f"{len(keys)} key(s)")
    return 0


def run_revoke(arguments) -> int:
    with bootstrap() as found:
        key = found.keys.revoke(arguments.key_id)
    print(f"revoked {key.key_id} ({key.organisation}, {key.role}) at {key.revoked_at}")
    return 0
