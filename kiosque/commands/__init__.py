"""Sub-commands of ``kiosque``: one module each, exposing ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``. A wrong argument, file or setting raises
:class:`UsageError` (one line, exit status 2)."""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosque.settings import Settings

EXIT_USAGE = 2
MODULES = (
    "replay",
    "screenshots",
    "self_test",
    "bench",
    "agent",
    "person",
    "stats",
    "purge",
)


class UsageError(Exception):
    """A wrong argument, file or setting: shown as one line, exit status 2."""


def available() -> list[ModuleType]:
    found = []
    for name in MODULES:
        try:
            found.append(importlib.import_module(f"kiosque.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"kiosque.commands.{name}":
                raise
    return found


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: SQLite in the per-machine data folder; "
        "or postgresql+psycopg://…)",
    )


def load_settings(db: str | None) -> Settings:
    from kiosque import settings as settings_module

    try:
        loaded = settings_module.load()
    except settings_module.SettingsError as exc:
        raise UsageError(str(exc)) from None
    if db:
        check_db_url(db)
        loaded = settings_module.replace(loaded, database_url=db)
    return loaded


def check_db_url(url: str | None) -> None:
    if url is None:
        return
    if not url.startswith(("sqlite://", "postgresql://", "postgresql+psycopg://")):
        raise UsageError(f"--db: {url!r} is not a sqlite:// or postgresql+psycopg:// URL")
