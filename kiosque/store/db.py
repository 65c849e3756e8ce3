"""Engines, sessions and the unit of work.

SQLite is the embedded default; PostgreSQL is chosen by URL when the terminals of a site
share their data. Durability comes first ("nothing committed is ever lost on a crash or a
power cut"): on SQLite every connection runs in WAL mode with ``synchronous=FULL``, and
every transaction starts with ``BEGIN IMMEDIATE`` so that two writers queue on the busy
timeout instead of failing half-way through a unit of work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

APP_NAME = "Kiosque"
APP_AUTHOR = "FranceServices"
DB_FILENAME = "kiosque.db"

BUSY_TIMEOUT_MS = 10_000

# Applied, in this order, on every new SQLite connection.
SQLITE_PRAGMAS: tuple[tuple[str, str], ...] = (
    ("journal_mode", "WAL"),
    ("synchronous", "FULL"),
    ("foreign_keys", "ON"),
    ("secure_delete", "ON"),
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
)


def data_dir() -> Path:
    """The per-machine data folder if this process may write there, else the user's one.

    The folder is created if needed.
    """
    site = Path(platformdirs.site_data_dir(APP_NAME, APP_AUTHOR))
    with suppress(OSError):
        site.mkdir(parents=True, exist_ok=True)
    if site.is_dir() and os.access(site, os.W_OK | os.X_OK):
        return site
    user = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    user.mkdir(parents=True, exist_ok=True)
    return user


def default_url() -> str:
    """URL of the embedded SQLite database in :func:`data_dir`."""
    return sqlite_url(data_dir() / DB_FILENAME)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve().as_posix()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` (in-memory database or another backend)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``: ``sqlite:///file``, ``sqlite://`` (memory, for tests) or
    ``postgresql+psycopg://…``."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(url, **kwargs)
    raise ValueError(f"Base de données non prise en charge : {backend}")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module (its implicit BEGIN
        # breaks SAVEPOINT and runs PRAGMAs inside transactions); see the "begin" hook.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for name, value in SQLITE_PRAGMAS:
                cursor.execute(f"PRAGMA {name}={value}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at the start: a read-then-write unit of work
        # cannot fail with SQLITE_BUSY_SNAPSHOT when another terminal wrote meanwhile.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One session, committed once at the end, rolled back if anything raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def checkpoint(engine: Engine, *, vacuum: bool = False) -> None:
    """Fold the SQLite write-ahead log into the database file and truncate it.

    After an erasure, this (with ``secure_delete``) leaves no trace of the deleted rows in
    the files; ``vacuum`` also rebuilds the file. On PostgreSQL it runs ``VACUUM``. Call it
    outside any unit of work.
    """
    if is_sqlite(engine):
        # A raw connection is in autocommit mode (see _configure_sqlite): no BEGIN
        # IMMEDIATE around statements that must run outside a transaction.
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            try:
                if vacuum:
                    cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                cursor.close()
        finally:
            raw.close()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM"))
