"""The database itself keeps the audit log append-only (migration 0002): an UPDATE or a
DELETE on ``audit_log``, from raw SQL or an ORM bulk statement (which the model's guard
does not see), is refused on SQLite and PostgreSQL; appending, reading, retention purge
and erasure work as before and leave the log whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import IntegrityError

from kiosque.store import migrate
from kiosque.store.migrate import current_revision, head_revision
from kiosque.store.models import AuditEntry
from kiosque.store.repos import PurgeTarget
from kiosque.store.store import Store

REFUSED = "journal des actions des agents ne se modifie pas"
NIR = "2850875999002"


def _append(store: Store, at: datetime, *actions: str) -> None:
    with store.unit() as repos:
        for i, action in enumerate(actions):
            repos.audit.append(
                at=at + timedelta(seconds=i),
                agent_login="agent.martin",
                action=action,
                terminal="T1",
            )


def _actions(store: Store) -> list[str]:
    with store.unit() as repos:
        return [e.action for e in reversed(repos.audit.list())]


def _triggers(engine: Engine) -> set[str]:
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    else:
        query = (
            "SELECT tgname FROM pg_trigger"
            " WHERE tgrelid = to_regclass('audit_log') AND NOT tgisinternal"
            " UNION SELECT proname FROM pg_proc"
            " WHERE pronamespace = to_regnamespace(current_schema())::oid"
        )
    with engine.connect() as connection:
        return set(connection.execute(text(query)).scalars())


def _migrate(engine: Engine, to: Callable[..., None], revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        to(config, revision)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET action = 'rien'",
        "UPDATE audit_log SET at = at WHERE action = 'purger'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE action = 'connexion'",
    ],
)
def test_the_database_refuses_raw_sql_that_changes_the_audit_log(
    store: Store, now: datetime, sql: str
) -> None:
    _append(store, now, "connexion", "purger")
    with pytest.raises(IntegrityError, match=REFUSED), store.engine.begin() as connection:
        connection.execute(text(sql))
    assert _actions(store) == ["connexion", "purger"]


def test_the_database_refuses_orm_bulk_statements_the_model_guard_cannot_see(
    store: Store, now: datetime
) -> None:
    _append(store, now, "connexion")
    with pytest.raises(IntegrityError, match=REFUSED), store.unit() as repos:
        repos.session.execute(update(AuditEntry).values(action="rien"))
    with pytest.raises(IntegrityError, match=REFUSED), store.unit() as repos:
        repos.session.execute(delete(AuditEntry).where(AuditEntry.at < now + timedelta(days=1)))
    assert _actions(store) == ["connexion"]


def test_postgresql_refuses_to_truncate_the_audit_log(
    store: Store, now: datetime, db_url: str
) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's (SQLite has none)")
    _append(store, now, "connexion")
    with pytest.raises(IntegrityError, match=REFUSED), store.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))
    assert _actions(store) == ["connexion"]


def test_appending_purging_and_erasing_work_and_keep_the_audit_log(
    store: Store, now: datetime, fill_person: Callable[..., None]
) -> None:
    """Retention and erasure delete around the log, never in it: with the triggers in
    place they still run to the end, and the log comes out whole."""
    _append(store, now - timedelta(days=400), "connexion", "purger")
    fill_person(store, nir=NIR, email="lea.ndiaye@exemple.fr", phone="0698765432")
    with store.unit() as repos:
        erased = repos.people.erase_person(NIR)
    assert erased["retraite_accounts"] == 1
    fill_person(store, nir=NIR, email="lea.ndiaye@exemple.fr", phone="0698765432")
    with store.unit() as repos:
        purged = repos.retention.purge(now + timedelta(days=1), list(PurgeTarget))
    assert purged["retraite_accounts"] == 1 and purged["kiosk_sessions"] == 1
    _append(store, now, "erasure")
    assert _actions(store) == ["connexion", "purger", "erasure"]


def test_the_migration_adds_the_triggers_and_its_downgrade_removes_them(
    engine: Engine, store: Store, now: datetime
) -> None:
    assert current_revision(engine) == head_revision()
    added = _triggers(engine)
    if engine.dialect.name == "sqlite":
        assert added == {"audit_log_no_update", "audit_log_no_delete"}
    else:  # the two triggers and their function
        assert added == {
            "audit_log_no_update_or_delete",
            "audit_log_no_truncate",
            "audit_log_refuse_change",
        }
    _append(store, now, "connexion")

    _migrate(engine, command.downgrade, "0001")
    assert _triggers(engine) == set()
    with engine.begin() as connection:  # nothing in the database stops it any more
        connection.execute(text("DELETE FROM audit_log"))
    assert _actions(store) == []

    _migrate(engine, command.upgrade, "head")
    assert _triggers(engine) == added
    _append(store, now, "connexion")
    with pytest.raises(IntegrityError, match=REFUSED), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log"))
