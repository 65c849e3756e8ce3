"""Engines, pragmas, unit of work, durability and timestamps."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import Engine, select

from kiosque.store import db
from kiosque.store.crypto import FieldCipher
from kiosque.store.db import (
    BUSY_TIMEOUT_MS,
    make_engine,
    session_factory,
    sqlite_url,
    unit_of_work,
)
from kiosque.store.migrate import upgrade_to_head
from kiosque.store.models import Agent, KioskSession
from kiosque.store.repos import LOCK_THRESHOLD, NewRetraiteAccount, Repositories
from kiosque.store.store import Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _pragmas(connection: object) -> dict[str, object]:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    values = {}
    for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout"):
        values[name] = cursor.execute(f"PRAGMA {name}").fetchone()[0]
    cursor.close()
    return values


def test_pragmas_are_set_on_every_new_connection(sqlite_engine: Engine) -> None:
    first = sqlite_engine.raw_connection()
    second = sqlite_engine.raw_connection()  # a second connection, open at the same time
    try:
        assert first.dbapi_connection is not second.dbapi_connection
        expected = {
            "journal_mode": "wal",
            "synchronous": 2,  # FULL
            "foreign_keys": 1,
            "secure_delete": 1,
            "busy_timeout": BUSY_TIMEOUT_MS,
        }
        assert _pragmas(first) == expected
        assert _pragmas(second) == expected
    finally:
        first.close()
        second.close()


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), store.unit() as repos:
        repos.receipts.add(
            "no-such-session", issued_at=NOW, terminal="T1", procedure="x", content={}
        )


def test_unit_of_work_commits_at_the_end(engine: Engine) -> None:
    factory = session_factory(engine)
    with unit_of_work(factory) as session:
        session.add(Agent(id="a1", login="agent1", password_hash="$argon2id$x", created_at=NOW))
    with unit_of_work(factory) as session:
        assert session.scalars(select(Agent.login)).all() == ["agent1"]


def test_unit_of_work_rolls_back_everything_on_error(engine: Engine) -> None:
    factory = session_factory(engine)
    with pytest.raises(RuntimeError), unit_of_work(factory) as session:
        session.add(Agent(id="a1", login="agent1", password_hash="$argon2id$x", created_at=NOW))
        session.flush()
        raise RuntimeError("boom")
    with unit_of_work(factory) as session:
        assert session.scalars(select(Agent)).all() == []


def test_datetimes_come_back_aware_in_utc(store: Store) -> None:
    paris_winter = timezone(timedelta(hours=1))
    local = datetime(2026, 3, 2, 10, 30, tzinfo=paris_winter)
    with store.unit() as repos:
        created = repos.sessions.create(
            procedure="aide", step="recherche", terminal="T1", now=local
        )
    with store.unit() as repos:
        again = repos.sessions.get(created.id)
    assert again is not None
    assert again.started_at == NOW
    assert again.started_at.utcoffset() == timedelta(0)
    assert created.started_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="fuseau"), store.unit() as repos:
        repos.sessions.create(
            procedure="aide", step="recherche", terminal="T1", now=datetime(2026, 3, 2, 9, 30)
        )


def test_failures_from_two_terminals_racing_are_all_counted(
    store: Store, profile: Callable[..., NewRetraiteAccount]
) -> None:
    with store.unit() as repos:
        account = repos.retraite.create_active(profile(), now=NOW)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def terminal(name: str) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                with store.unit() as repos:
                    repos.retraite.record_failure(account.id, at=NOW, terminal=name)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=terminal, args=(f"T{i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.unit() as repos:
        found = repos.retraite.get(account.id)
        attempts = repos.retraite.attempts(account.id)
    assert found is not None
    assert found.failed_attempts == 6 > LOCK_THRESHOLD
    assert found.locked
    assert sorted({a.terminal for a in attempts}) == ["T1", "T2"]


def test_read_then_write_units_of_work_do_not_fail_when_another_writer_commits(
    store: Store, profile: Callable[..., NewRetraiteAccount]
) -> None:
    """A login reads the account, then writes the attempt: two terminals doing it at
    once must both succeed (SQLite: BEGIN IMMEDIATE, not SQLITE_BUSY_SNAPSHOT)."""
    with store.unit() as repos:
        account = repos.retraite.create_active(profile(), now=NOW)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def login(name: str) -> None:
        try:
            barrier.wait()
            with store.unit() as repos:
                assert repos.retraite.find_by_nir(account.nir) is not None
                repos.retraite.record_failure(account.id, at=NOW, terminal=name)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=login, args=(f"T{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with store.unit() as repos:
        found = repos.retraite.get(account.id)
    assert found is not None and found.failed_attempts == 4


def test_a_commit_survives_the_process_being_killed(sqlite_file: Path) -> None:
    """Nothing committed is lost on a crash: the writer dies right after its commit,
    without closing anything; the data is there at the next start."""
    db_url = sqlite_url(sqlite_file)
    script = textwrap.dedent(
        f"""
        import os
        from datetime import UTC, datetime
        from kiosque.store.db import make_engine, session_factory, unit_of_work
        from kiosque.store.migrate import upgrade_to_head
        from kiosque.store.models import KioskSession
        engine = make_engine({db_url!r})
        upgrade_to_head(engine)
        now = datetime.now(UTC)
        with unit_of_work(session_factory(engine)) as session:
            session.add(KioskSession(id="survivor", procedure="aide", step="recherche",
                                     terminal="T1", started_at=now, updated_at=now))
        os._exit(0)  # no close, no checkpoint: like a crash
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    wal = sqlite_file.with_name(sqlite_file.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the commit is still only in the WAL
    engine = make_engine(db_url)
    try:
        with unit_of_work(session_factory(engine)) as session:
            assert session.get(KioskSession, "survivor") is not None
    finally:
        engine.dispose()


def test_in_memory_database_works(cipher: FieldCipher) -> None:
    engine = make_engine("sqlite://")
    upgrade_to_head(engine)
    with unit_of_work(session_factory(engine)) as session:
        repos = Repositories(session, cipher)
        repos.sessions.create(procedure="aide", step="recherche", terminal="T1", now=NOW)
        assert len(repos.sessions.list_between(NOW, NOW + timedelta(days=1))) == 1


def test_postgresql_urls_get_pre_ping() -> None:
    engine = make_engine("postgresql+psycopg://u@127.0.0.1:1/x")
    assert engine.pool._pre_ping


def test_unknown_backends_are_refused() -> None:
    with pytest.raises(ValueError, match="non prise en charge"):
        make_engine("mysql://u@localhost/x")


def test_default_url_is_in_the_machine_data_folder_when_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(platformdirs, "site_data_dir", lambda *a: str(tmp_path / "site"))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a: str(tmp_path / "user"))
    assert db.default_url() == f"sqlite:///{(tmp_path / 'site' / 'kiosque.db').as_posix()}"


def test_default_url_falls_back_to_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")  # the machine folder cannot be created under a file
    monkeypatch.setattr(platformdirs, "site_data_dir", lambda *a: str(blocker / "site"))
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a: str(tmp_path / "user"))
    assert db.default_url() == f"sqlite:///{(tmp_path / 'user' / 'kiosque.db').as_posix()}"
    assert (tmp_path / "user").is_dir()
