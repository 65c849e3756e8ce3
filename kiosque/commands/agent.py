"""``kiosque agent add LOGIN | list | disable LOGIN``: the counter agents' accounts."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosque.commands import UsageError, add_db, load_settings

NAME = "agent"
HELP = "add, list or disable the counter agents' accounts"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="agent_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="create an agent (the password is asked twice)")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add_db(add)
    listing = sub.add_parser("list", help="list the agents")
    add_db(listing)
    disable = sub.add_parser("disable", help="disable an agent (the account is kept)")
    disable.add_argument("login", metavar="LOGIN")
    add_db(disable)


def read_password(from_stdin: bool) -> str:
    from kiosque.texts import t

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("agent.console.mot_de_passe"))
    second = getpass.getpass(t("agent.console.mot_de_passe_encore"))
    if first != second:
        raise UsageError(t("agent.console.differents"))
    return first


def run(args: argparse.Namespace) -> int:
    from kiosque.agents import AgentError, console_service
    from kiosque.clock import SystemClock
    from kiosque.documents.fmt import date_short, paris_time
    from kiosque.texts import t

    settings = load_settings(args.db)
    password = read_password(args.password_stdin) if args.agent_command == "add" else ""
    with console_service(settings, SystemClock()) as service:
        try:
            if args.agent_command == "add":
                info = service.add_agent(args.login, password)
                print(t("agent.console.ajoute", agent=info.login))
            elif args.agent_command == "disable":
                service.disable_agent(args.login)
                print(t("agent.console.desactive", agent=args.login))
            else:
                agents = service.list_agents()
                if not agents:
                    print(t("agent.console.aucun_agent"))
                for agent in agents:
                    state = (
                        t("agent.console.actif")
                        if agent.disabled_at is None
                        else t(
                            "agent.console.desactive_etat",
                            date=date_short(paris_time(agent.disabled_at).date()),
                        )
                    )
                    print(f"{agent.login}\t{state}")
        except AgentError as exc:
            raise UsageError(str(exc)) from None
    return 0
