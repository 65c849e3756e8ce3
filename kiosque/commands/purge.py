"""``kiosque purge [--dry-run]``: delete now what is past its retention period."""

from __future__ import annotations

import argparse

from kiosque.commands import add_db, load_settings

NAME = "purge"
HELP = "delete what is past its retention period (--dry-run: only count it)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    add_db(parser)


def run(args: argparse.Namespace) -> int:
    from kiosque.agents import console_service
    from kiosque.clock import SystemClock
    from kiosque.texts import t

    settings = load_settings(args.db)
    with console_service(settings, SystemClock()) as service:
        report = service.purge_now(service.console_session(), dry_run=args.dry_run)
    if not report.total:
        print(t("agent.purge.rien"))
        return 0
    key = "agent.purge.simulation" if report.dry_run else "agent.purge.resultat"
    print(t(key, n=report.total))
    for table, number in sorted(report.counts.items()):
        print(t("agent.purge.ligne", table=t(f"agent.purge.tables.{table}"), n=number))
    return 0
