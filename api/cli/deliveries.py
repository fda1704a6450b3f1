"""``notaledger subscriptions …`` and ``notaledger deliveries list|show|retry|replay|run``."""

from __future__ import annotations

import json
import logging
import signal
import sys

from api.bootstrap import bootstrap
from domain.delivery import STATUSES, TOPICS
from domain.errors import InvalidInput


def register(subcommands) -> None:
    _register_subscriptions(subcommands)
    deliveries = subcommands.add_parser("deliveries", help="the outbox: what left, what waits")
    actions = deliveries.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="deliveries, newest event first")
    listing.add_argument("--organisation", "--org")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--subscription")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="one delivery with every attempt")
    show.add_argument("delivery_id")
    show.set_defaults(handler=run_show)
    retry = actions.add_parser("retry", help="send dead-lettered deliveries again")
    retry.add_argument("delivery_id", nargs="*", help="these (default: every dead one)")
    retry.add_argument("--organisation", "--org", help="only this organisation's")
    retry.set_defaults(handler=run_retry)
    replay = actions.add_parser("replay", help="send a subscription's messages of a range of "
                                               "the log again (same ids: receivers dedupe)")
    replay.add_argument("subscription_id")
    replay.add_argument("--from", dest="after", type=int, default=0,
                        help="after this log position (default: the beginning)")
    replay.add_argument("--to", dest="until", type=int, help="up to this position")
    replay.set_defaults(handler=run_replay)
    status = actions.add_parser("status", help="the outbox's position behind the log, and "
                                               "deliveries by outcome")
    status.add_argument("--max-lag", type=int, help="exit 1 when the outbox is more than this "
                                                    "many events behind the log")
    status.set_defaults(handler=run_status)
    run = actions.add_parser("run", help="derive deliveries from the log and send them until "
                                         "stopped (SIGTERM): the delivery worker")
    run.set_defaults(handler=run_worker)


def _register_subscriptions(subcommands) -> None:
    subscriptions = subcommands.add_parser("subscriptions", help="webhooks and e-mail per "
                                                                 "organisation")
    actions = subscriptions.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="subscribe an organisation's webhook or person")
    create.add_argument("--organisation", "--org", required=True)
    target = create.add_mutually_exclusive_group(required=True)
    target.add_argument("--webhook", metavar="URL", help="the https address to post to")
    target.add_argument("--email-person", metavar="PERSON_ID",
                        help="mail this person of the organisation")
    create.add_argument("--topic", action="append", choices=list(TOPICS),
                        help="a topic to receive (repeat; default: the default set)")
    create.add_argument("--digest", action="store_true", help="e-mail: one mail a day")
    create.add_argument("--label", default="")
    create.set_defaults(handler=run_subscribe)
    listing = actions.add_parser("list", help="subscriptions (never their secrets)")
    listing.add_argument("--organisation", "--org")
    listing.add_argument("--all", action="store_true", help="include stopped ones")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_subscriptions)
    rotate = actions.add_parser("rotate-secret", help="a new signing secret; the old one "
                                                      "signs beside it for the overlap")
    rotate.add_argument("subscription_id")
    rotate.set_defaults(handler=run_rotate)
    stop = actions.add_parser("stop", help="end a subscription")
    stop.add_argument("subscription_id")
    stop.set_defaults(handler=run_stop)


def run_subscribe(arguments) -> int:
    channel = "webhook" if arguments.webhook else "email"
    with bootstrap() as found:
        made, secret = found.subscriptions.create(
            arguments.organisation, channel, arguments.webhook, arguments.email_person,
            arguments.topic, arguments.digest, arguments.label)
    print(f"subscription {made.subscription_id} for {made.organisation} ({channel}): "
          f"{', '.join(made.topics)}")
    if secret:
        print(secret)
        print("this is the only time the signing secret is shown; store it now", flush=True)
    return 0


def run_subscriptions(arguments) -> int:
    with bootstrap() as found:
        organisation = arguments.organisation
        listed = found.outbox.subscriptions(
            None if organisation is None else _org(organisation), arguments.all)
    if arguments.json:
        print(json.dumps([s.to_dict() for s in listed], indent=2))
        return 0
    for s in listed:
        state = f"stopped {s.deleted_at}" if s.deleted_at else "active"
        print(f"{s.subscription_id}  {s.organisation:<8} {s.channel:<7} "
              f"{s.url or s.person_id}  {state}  {','.join(s.topics)}")
    print(f"{len(listed)} subscription(s)")
    return 0


def _org(code: str) -> str:
    from domain.organisations import normalise

    return normalise(code)


def run_rotate(arguments) -> int:
    with bootstrap() as found:
        secret, until = found.subscriptions.rotate(arguments.subscription_id, None)
    print(secret)
    print(f"the previous secret keeps signing beside it until {until}", flush=True)
    return 0


def run_stop(arguments) -> int:
    with bootstrap() as found:
        stopped = found.subscriptions.stop(arguments.subscription_id, None)
    print(f"stopped {stopped.subscription_id} at {stopped.deleted_at}")
    return 0


def run_list(arguments) -> int:
    if not 1 <= arguments.limit <= 10_000:
        raise InvalidInput(f"--limit must be from 1 to 10000, not {arguments.limit}")
    with bootstrap() as found:
        total, listed = found.outbox.deliveries(
            None if arguments.organisation is None else _org(arguments.organisation),
            arguments.status, arguments.subscription, 0, arguments.limit)
    if arguments.json:
        print(json.dumps({"total": total, "items": [d.to_dict() for d in listed]}, indent=2))
        return 0
    for d in listed:
        print(f"{d.delivery_id}  {d.organisation:<8} {d.topic:<24} {d.status:<9} "
              f"attempts {d.attempts}  {d.last_error}".rstrip())
    print(f"{len(listed)} of {total} deliveries")
    return 0


def run_show(arguments) -> int:
    with bootstrap() as found:
        delivery = found.outbox.delivery(arguments.delivery_id)
        if delivery is None:
            raise InvalidInput(f"no delivery {arguments.delivery_id}")
        attempts = found.outbox.attempts(arguments.delivery_id)
    print(json.dumps({**delivery.to_dict(), "attempts": attempts}, indent=2))
    return 0


def run_retry(arguments) -> int:
    with bootstrap() as found:
        count = found.outbox.retry(arguments.delivery_id, None if arguments.organisation is None
                                   else _org(arguments.organisation))
    print(f"{count} dead-lettered deliveries will be sent again")
    return 0


def run_replay(arguments) -> int:
    with bootstrap() as found:
        count = found.outbox.replay(arguments.subscription_id, arguments.after,
                                    arguments.until)
    print(f"{count} deliveries will be sent again to {arguments.subscription_id}")
    return 0


def run_status(arguments) -> int:
    from projections.outbox import OUTBOX

    with bootstrap() as found:
        head = found.ledger.recorder.max_notification_id() or 0
        position = found.outbox.position(OUTBOX.name)
        stats = found.outbox.stats()
    lag = head - (position or 0) if position is not None else None
    counts = ", ".join(f"{count} {status}" for status, count in stats["by_status"].items())
    print(f"outbox at {position if position is not None else 'nothing yet'} of {head} "
          f"(lag {lag if lag is not None else '-'}); deliveries: {counts}; oldest pending "
          f"{stats['oldest_pending_seconds']:.0f} s")
    if arguments.max_lag is not None and (lag or 0) > arguments.max_lag:
        return 1
    return 0


def run_worker(arguments) -> int:
    from projections.outbox_runner import OutboxRunner

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with bootstrap() as found:
        runner = OutboxRunner(found.ledger, found.outbox)
        sender = found.sender()

        def stop(*_: object) -> None:
            runner.stop()
            sender.stop()

        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, stop)
        runner.start()
        print("deriving and sending deliveries", file=sys.stderr, flush=True)
        sender.run()
        runner.join(timeout=10)
        sender.join(timeout=10)
    print(f"stopped; the outbox is at position {runner.position}", file=sys.stderr)
    return 0
