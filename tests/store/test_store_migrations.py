"""Schema changes go through migrations; an existing SQLite file is backed up first."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from kiosque.store import migrate
from kiosque.store.db import make_engine, sqlite_url
from kiosque.store.migrate import StoreTooNew, current_revision, head_revision, upgrade_to_head
from kiosque.store.models import Base
from kiosque.store.store import Store, open_store

HEAD = "0003"
LATER = "later"  # the revision a later release adds, in the fixture below

LATER_REVISION = f'''"""test: a later schema change"""
import sqlalchemy as sa
from alembic import op

revision = "{LATER}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("agents", sa.Column("pin_hash", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("agents", "pin_hash")
'''


@pytest.fixture
def later_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The migrations of a later release: today's plus one more revision."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_test.py").write_text(LATER_REVISION)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    return folder


def test_a_fresh_database_is_created_by_the_migrations(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is None
        assert upgrade_to_head(engine) is None  # nothing to back up
        assert current_revision(engine) == head_revision() == HEAD
        tables = set(inspect(engine).get_table_names())
        assert tables == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def test_the_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_database_at_head_is_left_alone(sqlite_engine: Engine, sqlite_file: Path) -> None:
    assert upgrade_to_head(sqlite_engine) is None
    assert list(sqlite_file.parent.glob("*.bak-*")) == []


def test_an_older_sqlite_database_is_backed_up_before_upgrading(
    sqlite_store: Store, sqlite_file: Path, password_hash: str, now: datetime, later_release: Path
) -> None:
    with sqlite_store.unit() as repos:  # committed, still in the write-ahead log
        repos.agents.create("agent.martin", password_hash=password_hash, now=now)
    backup = upgrade_to_head(sqlite_store.engine, now=now)
    assert backup == sqlite_file.with_name(f"kiosque.db.bak-{HEAD}-20260302T093000Z")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    old = sqlite3.connect(backup)
    try:
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        assert old.execute("SELECT login FROM agents").fetchall() == [("agent.martin",)]
        columns = [row[1] for row in old.execute("PRAGMA table_info(agents)")]
        assert "pin_hash" not in columns
        assert old.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        old.close()
    assert current_revision(sqlite_store.engine) == LATER
    with sqlite_store.engine.connect() as connection:
        assert connection.execute(text("SELECT login, pin_hash FROM agents")).all() == [
            ("agent.martin", None)
        ]


def test_an_older_database_is_upgraded_in_place(engine: Engine, later_release: Path) -> None:
    backup = upgrade_to_head(engine)
    # Only a SQLite file is copied; a PostgreSQL server has its own backups.
    assert (backup is not None) == (engine.dialect.name == "sqlite")
    assert current_revision(engine) == LATER
    assert "pin_hash" in {c["name"] for c in inspect(engine).get_columns("agents")}


def test_a_database_from_a_newer_release_is_refused_untouched(
    sqlite_engine: Engine, sqlite_file: Path
) -> None:
    with sqlite_engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreTooNew, match="9999"):
        upgrade_to_head(sqlite_engine)
    assert list(sqlite_file.parent.glob("*.bak-*")) == []
    assert current_revision(sqlite_engine) == "9999"


def test_migrations_need_no_alembic_ini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing to find in the working directory
    engine = make_engine(sqlite_url(tmp_path / "k.db"))
    try:
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert not (tmp_path / "alembic.ini").exists()


def test_open_store_migrates_once_and_reads_back_with_its_key_file(
    tmp_path: Path, password_hash: str, now: datetime
) -> None:
    url = sqlite_url(tmp_path / "data" / "kiosque.db")
    store = open_store(url)
    try:
        assert store.backup is None and current_revision(store.engine) == head_revision()
        with store.unit() as repos:
            repos.agents.create("agent.martin", password_hash=password_hash, now=now)
            repos.mailbox.add(
                channel="email",
                recipient="a@b.fr",
                organism="retraite",
                kind="x",
                payload={"corps": "Bonjour"},
                created_at=now,
            )
    finally:
        store.close()
    reopened = open_store(url)
    try:
        assert reopened.backup is None
        with reopened.unit() as repos:
            assert [m.payload for m in repos.mailbox.list_for("email", "a@b.fr")] == [
                {"corps": "Bonjour"}
            ]
    finally:
        reopened.close()
