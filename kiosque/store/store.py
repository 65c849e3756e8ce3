"""The store as the rest of the application sees it: open it once at start, then run each
unit of work through :meth:`Store.unit`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosque.store.crypto import KEY_FILENAME, FieldCipher, Keys
from kiosque.store.db import (
    checkpoint,
    data_dir,
    default_url,
    make_engine,
    session_factory,
    sqlite_path,
    unit_of_work,
)
from kiosque.store.migrate import upgrade_to_head
from kiosque.store.repos import Repositories


@dataclass
class Store:
    engine: Engine
    cipher: FieldCipher = field(repr=False)
    factory: sessionmaker[Session] = field(repr=False)
    backup: Path | None = None  # made by the migration at opening, if any

    @contextmanager
    def unit(self) -> Iterator[Repositories]:
        """One unit of work: committed once at the end, rolled back on error."""
        with unit_of_work(self.factory) as session:
            yield Repositories(session, self.cipher)

    def checkpoint(self, *, vacuum: bool = False) -> None:
        checkpoint(self.engine, vacuum=vacuum)

    def close(self) -> None:
        self.engine.dispose()


def keys_path_for(url: str) -> Path:
    """``keys.json`` next to a SQLite file; in the data folder for another backend
    (every terminal sharing a PostgreSQL database needs a copy of the same file)."""
    database = sqlite_path(url)
    if database is not None:
        return database.with_name(KEY_FILENAME)
    return data_dir() / KEY_FILENAME


def open_store(
    url: str | None = None,
    *,
    keys_path: Path | None = None,
    migrate: bool = True,
    now: datetime | None = None,
) -> Store:
    """Open (and by default migrate) the store at ``url`` (default: :func:`default_url`)."""
    url = url or default_url()
    database = sqlite_path(url)
    if database is not None:
        database.parent.mkdir(parents=True, exist_ok=True)
    keys = Keys.load_or_create(keys_path or keys_path_for(url))
    engine = make_engine(url)
    backup = upgrade_to_head(engine, now=now) if migrate else None
    return Store(engine, FieldCipher(keys), session_factory(engine), backup)
