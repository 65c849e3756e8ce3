"""``kiosque person export|erase --nir NIR``: a citizen's rights of access and erasure."""

from __future__ import annotations

import argparse
import json
import sys

from kiosque.commands import UsageError, add_db, load_settings

NAME = "person"
HELP = "export (JSON on standard output) or erase everything held about one person"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="everything held about the person, as JSON")
    export.add_argument("--nir", required=True, metavar="NIR")
    add_db(export)
    erase = sub.add_parser("erase", help="erase everything held about the person")
    erase.add_argument("--nir", required=True, metavar="NIR")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    add_db(erase)


def confirmed() -> bool:
    from kiosque.texts import t

    sys.stderr.write(t("agent.console.effacer_question"))
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not sys.stdin.isatty():
        sys.stderr.write("\n")  # the answer came from a pipe: end the question's line
    return answer.strip().lower() in ("oui", "o")


def run(args: argparse.Namespace) -> int:
    from kiosque import rules
    from kiosque.agents import AgentError, console_service
    from kiosque.clock import SystemClock
    from kiosque.texts import t

    settings = load_settings(args.db)
    check = rules.check_nir(args.nir, allow_provisional=True)
    if not check.ok:
        raise UsageError(f"--nir: {check.errors[0].text()}")
    if args.person_command == "erase" and not args.yes and not confirmed():
        sys.stderr.write(t("agent.console.rien_efface") + "\n")
        return 1
    with console_service(settings, SystemClock()) as service:
        session = service.console_session()
        try:
            if args.person_command == "export":
                data = service.export_person(session, args.nir)
            else:
                data = {"effacees": service.erase_person(session, args.nir)}
        except AgentError as exc:
            raise UsageError(str(exc)) from None
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0
