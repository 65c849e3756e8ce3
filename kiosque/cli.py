"""The ``kiosque`` command: no argument starts the kiosk; sub-commands (one module each
under :mod:`kiosque.commands`) serve technicians and tests. A bad argument or file is one
line on standard error and exit status 2, never a traceback."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

import kiosque
from kiosque.commands import EXIT_USAGE, UsageError, add_db, available, check_db_url


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
        raise SystemExit(EXIT_USAGE)


class VersionAction(argparse.Action):
    """``--version``: the installed version, read only when asked (it costs a start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> NoReturn:
        parser.exit(message=f"kiosque {kiosque.__version__}\n")


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="kiosque",
        description="Borne France Services : démarches en ligne accompagnées.",
    )
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    add_db(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in available():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(handler=module.run)
    return parser


def run_kiosk(args: argparse.Namespace) -> int:
    from kiosque.app import run

    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        check_db_url(getattr(args, "db", None))
        handler = getattr(args, "handler", run_kiosk)
        return int(handler(args))
    except UsageError as exc:
        sys.stderr.write(f"kiosque: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line for the person, the details in the log
        from kiosque.logs import log_crash

        where = log_crash(exc)
        sys.stderr.write(f"kiosque: unexpected error ({type(exc).__name__}); details in {where}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
