"""``kiosque bench``: start, step change, keystroke, documents, secrets and scale figures
against their targets (a table, or JSON with ``--json``); ``--soak N`` adds N citizen
journeys through one window. See :mod:`kiosque.bench`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosque.commands import UsageError, check_db_url, load_settings

NAME = "bench"
HELP = "measure start, taps, keystrokes, documents, hashing and 1,000,000 rows against targets"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database of the scale figures, filled if empty (default: kept under the data "
        "folder's bench/; never the terminal's own store)",
    )
    parser.add_argument(
        "--pg",
        metavar="URL",
        help="also on this PostgreSQL (default: KIOSQUE_TEST_PG_URL when set)",
    )
    parser.add_argument("--json", action="store_true", help="JSON on standard output")
    parser.add_argument("--quick", action="store_true", help="100,000 rows, fewer repeats")
    parser.add_argument(
        "--soak",
        type=int,
        default=0,
        metavar="N",
        help="also play N journeys through one window (RSS, live Qt objects)",
    )
    parser.add_argument("--rows", type=int, metavar="N", help="rows of the scale figures")
    parser.add_argument(
        "--only",
        metavar="PIECES",
        help="comma-separated: start,steps,keystroke,documents,secrets,scale,soak",
    )
    parser.add_argument(
        "--bundle",
        type=Path,
        metavar="PATH",
        help="the bundle's executable (default: dist/kiosque/kiosque if built)",
    )
    parser.add_argument(
        "--journeys",
        type=Path,
        metavar="DIR",
        help="recorded journeys to play (default: ressources/parcours)",
    )


def pieces(args: argparse.Namespace) -> tuple[str, ...]:
    from kiosque.bench.run import DEFAULT_PIECES, PIECES

    if args.only is None:
        chosen = DEFAULT_PIECES + (("soak",) if args.soak else ())
    else:
        chosen = tuple(p.strip() for p in args.only.split(",") if p.strip())
        unknown = [p for p in chosen if p not in PIECES]
        if unknown or not chosen:
            raise UsageError(
                f"--only: {','.join(unknown) or '(empty)'}: choose among {','.join(PIECES)}"
            )
    if "soak" in chosen and args.soak < 1:
        raise UsageError("--only soak needs --soak N (N ≥ 1 journeys)")
    return chosen


def run(args: argparse.Namespace) -> int:
    from kiosque.bench.run import Options, Sizes, render, stderr_progress
    from kiosque.bench.run import run as run_bench
    from kiosque.bench.scale import ScaleError

    if args.soak < 0:
        raise UsageError("--soak: N must be 0 or more")
    if args.rows is not None and args.rows < 1000:
        raise UsageError("--rows: at least 1000")
    check_db_url(args.db)
    check_db_url(args.pg)
    if args.pg and not args.pg.startswith("postgresql"):
        raise UsageError(f"--pg: {args.pg!r} is not a postgresql+psycopg:// URL")
    for option, folder in (("--journeys", args.journeys), ("--bundle", args.bundle)):
        if folder is not None and not folder.exists():
            raise UsageError(f"{option}: {folder} does not exist")
    settings = load_settings(None)  # never --db: the terminal's own store is not touched
    sizes = Sizes.quick(args.rows) if args.quick else Sizes.full(args.rows)
    options = Options(
        pieces=pieces(args),
        sizes=sizes,
        soak=args.soak,
        db=args.db,
        pg=args.pg,
        bundle=args.bundle,
        journeys=args.journeys,
        progress=stderr_progress,
    )
    try:
        meta, figures = run_bench(settings, options)
    except ScaleError as exc:
        raise UsageError(str(exc)) from None
    sys.stdout.write(render(meta, figures, args.json))
    sys.stdout.flush()  # out before any trouble at exit (a soak child may abort there)
    return 0
