"""The ``kiosque`` command: no argument starts the kiosk; sub-commands serve technicians
and tests. A bad argument or file is one line on standard error and exit status 2."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kiosque import __version__

if TYPE_CHECKING:
    from kiosque.settings import Settings

EXIT_USAGE = 2


class UsageError(Exception):
    """A wrong argument, file or setting: shown as one line, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see --help)\n")
        raise SystemExit(EXIT_USAGE)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: SQLite in the per-machine data folder; "
        "or postgresql+psycopg://…)",
    )


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="kiosque",
        description="Borne France Services : démarches en ligne accompagnées.",
    )
    parser.add_argument("--version", action="version", version=f"kiosque {__version__}")
    parser.add_argument("--windowed", action="store_true", help="a window, not full screen")
    _add_db(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    replay = sub.add_parser("replay", help="play a recorded journey headless (JSON lines out)")
    replay.add_argument("journey", type=Path, metavar="JOURNEY.json")
    _add_db(replay)
    replay.add_argument("--out", type=Path, metavar="DIR", help="where documents are written")
    return parser


def _settings(db: str | None) -> Settings:
    from kiosque import settings as settings_module

    try:
        loaded = settings_module.load()
    except settings_module.SettingsError as exc:
        raise UsageError(str(exc)) from None
    if db:
        loaded = settings_module.replace(loaded, database_url=db)
    return loaded


def _check_db_url(url: str | None) -> None:
    if url is None:
        return
    if not url.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
        raise UsageError(f"--db: {url!r} is not a sqlite:// or postgresql+psycopg:// URL")


def cmd_replay(args: argparse.Namespace) -> int:
    from kiosque.clock import ManualClock
    from kiosque.context import open_context
    from kiosque.procedures.loader import load_catalogue
    from kiosque.replay import JourneyError, play, read_journey, write_lines

    catalogue = load_catalogue()
    try:
        journey = read_journey(args.journey, catalogue)
    except JourneyError as exc:
        raise UsageError(f"{args.journey}: {exc}") from None
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="kiosque-replay-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = ManualClock(journey.start)
    ctx = open_context(
        _settings(args.db), clock, documents_dir=lambda: out_dir, catalogue=catalogue
    )
    try:
        write_lines(play(journey, ctx.service, clock), sys.stdout)
    except JourneyError as exc:
        raise UsageError(f"{args.journey}: {exc}") from None
    finally:
        ctx.close()
    return 0


def cmd_kiosk(args: argparse.Namespace) -> int:
    from kiosque.app import run

    return run(args)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_kiosk,
    "replay": cmd_replay,
}


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        _check_db_url(getattr(args, "db", None))
        return COMMANDS[args.command](args)
    except UsageError as exc:
        sys.stderr.write(f"kiosque: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line for the person, the details in the log
        logging.getLogger("kiosque").exception("unexpected error")
        sys.stderr.write(f"kiosque: unexpected error ({type(exc).__name__}); see the log\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
