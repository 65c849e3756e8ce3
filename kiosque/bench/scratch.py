"""A throw-away kiosk store for the journeys: seeded once with the practice personas (at the
terminal's own hashing parameters), snapshotted, and put back after every journey, so
that the same recorded journeys can be played again and again on one open store (one of
them locks Paul's account, others create accounts).

Never the terminal's own store: a folder of its own under a temporary directory.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosque.clock import ManualClock
from kiosque.context import Context, open_context
from kiosque.settings import Settings, replace

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@dataclass
class Scratch:
    folder: Path
    settings: Settings
    clock: ManualClock
    context: Context
    snapshot: sqlite3.Connection = field(repr=False)

    def restore(self) -> None:
        """Put the store back as it was just after seeding (on the open engine)."""
        raw = self.context.store.engine.raw_connection()
        try:
            self.snapshot.backup(_sqlite(raw.driver_connection))
        finally:
            raw.close()

    def close(self) -> None:
        self.context.close()
        self.snapshot.close()


def open_scratch(base: Settings, folder: Path) -> Scratch:
    """A seeded store in ``folder``, with the hashing parameters of ``base``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logs").mkdir(exist_ok=True)
    documents = folder / "documents"
    documents.mkdir(exist_ok=True)
    settings = replace(
        base,
        data_dir=str(folder),
        database_url="sqlite:///" + (folder / "kiosque.db").as_posix(),
        keys_file=str(folder / "keys.json"),
    )
    clock = ManualClock(START)
    context = open_context(settings, clock, documents_dir=lambda: documents)
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    raw = context.store.engine.raw_connection()
    try:
        _sqlite(raw.driver_connection).backup(snapshot)
    finally:
        raw.close()
    return Scratch(folder, settings, clock, context, snapshot)


def _sqlite(connection: object) -> sqlite3.Connection:
    assert isinstance(connection, sqlite3.Connection), "the scratch store is SQLite"
    return connection
