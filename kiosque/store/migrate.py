"""Schema migrations, run at start: back up an existing SQLite file, then upgrade.

The Alembic configuration is built in code (no ``alembic.ini`` on disk) and points at the
``migrations`` folder beside this module, so it works from source, installed or frozen
(the bundle must ship ``kiosque/store/migrations`` as data, ``.py`` files included).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import ResolutionError
from alembic.util.exc import CommandError
from sqlalchemy import Engine

from kiosque.store.crypto import restrict_to_owner
from kiosque.store.db import sqlite_path

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class StoreTooNew(RuntimeError):
    """The database was migrated by a newer version of the application."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("Aucune migration trouvée")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, *, now: datetime | None = None) -> Path | None:
    """Bring the schema to the newest revision; a fresh database is created by the
    migrations themselves. Returns the backup made first, if any: an existing SQLite file
    whose revision is behind is copied to ``<file>.bak-<old revision>-<UTC timestamp>``."""
    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    current = current_revision(engine)
    if current == head:
        return None
    if current is not None and not _known(scripts, current):
        raise StoreTooNew(
            f"La base est à la révision {current}, inconnue de cette version du logiciel."
        )
    backup = None
    database = sqlite_path(str(engine.url))
    if current is not None and database is not None:
        backup = backup_sqlite(database, current, now or datetime.now(UTC))
        log.info("Base sauvegardée avant migration : %s", backup)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        return scripts.get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False


def backup_sqlite(database: Path, revision: str, now: datetime) -> Path:
    """A consistent copy of the database (write-ahead log checkpointed first), made with
    SQLite's online backup so that a concurrent writer cannot tear it."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = database.with_name(f"{database.name}.bak-{revision}-{stamp}")
    source = sqlite3.connect(database, isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout=10000")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        destination = sqlite3.connect(target, isolation_level=None)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    restrict_to_owner(target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return target
