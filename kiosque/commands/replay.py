"""``kiosque replay JOURNEY.json``: play a recorded journey headless (SPEC §8)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kiosque.commands import UsageError, add_db, load_settings

NAME = "replay"
HELP = "play a recorded journey headless (one JSON line per action)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("journey", type=Path, metavar="JOURNEY.json")
    add_db(parser)
    parser.add_argument("--out", type=Path, metavar="DIR", help="where documents are written")


def run(args: argparse.Namespace) -> int:
    from kiosque.clock import ManualClock
    from kiosque.context import open_context
    from kiosque.procedures.loader import load_catalogue
    from kiosque.replay import JourneyError, play, read_journey, write_lines

    settings = load_settings(args.db)
    catalogue = load_catalogue()
    try:
        journey = read_journey(args.journey, catalogue)
    except JourneyError as exc:
        raise UsageError(f"{args.journey}: {exc}") from None
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="kiosque-replay-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = ManualClock(journey.start)
    ctx = open_context(settings, clock, documents_dir=lambda: out_dir, catalogue=catalogue)
    try:
        write_lines(play(journey, ctx.service, clock), sys.stdout)
    except JourneyError as exc:
        raise UsageError(f"{args.journey}: {exc}") from None
    finally:
        ctx.close()
    return 0
