"""``kiosque screenshots DIR``: every step of every procedure rendered offscreen to PNG."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
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

    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication

    from kiosque.clock import ManualClock
    from kiosque.context import Context, open_context
    from kiosque.settings import replace
    from kiosque.ui import theme
    from kiosque.ui.screenshots import capture

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    look = theme.Look(args.text_size, args.contrast)
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    documents = Path(tempfile.mkdtemp(prefix="kiosque-screenshots-docs-"))

    def fresh() -> Context:
        """Never the terminal's own store: a throwaway one per journey (with --db, that)."""
        settings = base
        if not args.db:
            scratch = Path(tempfile.mkdtemp(prefix="kiosque-screenshots-"))
            settings = replace(
                base,
                database_url=f"sqlite:///{scratch / 'kiosque.db'}",
                keys_file=str(scratch / "keys.json"),
                hash_memory_kib=19456,  # OWASP's minimum: a scratch store, fast to seed
                hash_time_cost=2,
            )
        return open_context(settings, clock, documents_dir=lambda: documents)

    clipped: list[str] = []
    count = 0
    for width, height in sizes:
        report = capture(
            app, fresh, journeys, args.out, QSize(width, height), look, errors=not args.no_errors
        )
        count += len(report.files)
        clipped += report.clipped
    print(f"{count} images dans {args.out}")
    for line in clipped:
        print(f"texte coupé : {line}")
    return 1 if clipped else 0
