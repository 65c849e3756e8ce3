"""``kiosque screenshots DIR``: every step of every procedure rendered offscreen to PNG."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from kiosque import resources
from kiosque.commands import UsageError, add_db, load_settings

NAME = "screenshots"
HELP = "render every step of every procedure to PNG (and its errors), checking text fits"
DEFAULT_SIZES = "1280x800,1920x1080"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="DIR")
    add_db(parser)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"default {DEFAULT_SIZES}")
    parser.add_argument("--text-size", type=int, choices=(1, 2, 3), default=1)
    parser.add_argument("--contrast", action="store_true", help="high-contrast theme")
    parser.add_argument("--no-errors", action="store_true", help="skip the error variants")
    parser.add_argument(
        "--journeys",
        type=Path,
        default=None,
        help="folder of recorded journeys (default: ressources/parcours)",
    )


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        width, _, height = part.strip().partition("x")
        if not (width.isdigit() and height.isdigit()) or int(width) < 640 or int(height) < 480:
            raise UsageError(f"--sizes: {part!r} is not WIDTHxHEIGHT (at least 640x480)")
        sizes.append((int(width), int(height)))
    return sizes


def run(args: argparse.Namespace) -> int:
    sizes = parse_sizes(args.sizes)
    journeys = args.journeys or resources.path("parcours")
    if not journeys.is_dir():
        raise UsageError(f"--journeys: {journeys} is not a folder")
    base = load_settings(args.db)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosque.ui.screenshots import run_command  # Qt: loaded only for this command

    return run_command(
        base,
        journeys,
        args.out,
        sizes,
        text_size=args.text_size,
        contrast=args.contrast,
        errors=not args.no_errors,
        scratch=not args.db,
    )
