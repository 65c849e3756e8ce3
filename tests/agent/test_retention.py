"""Retention: with the clock moved past each period, the purge removes exactly what is
due — and nothing that is not."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosque import retention
from kiosque.clock import ManualClock
from kiosque.context import Context
from kiosque.store.hashing import OWASP_MINIMUM, hash_secret
from kiosque.store.repos import NewRetraiteAccount
from tests.agent.conftest import run_journey

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
SESSIONS_DAYS = 30
ACCOUNTS_DAYS = 60
TABLES = (
    "kiosk_sessions",
    "receipts",
    "retraite_accounts",
    "login_attempts",
    "ris_requests",
    "mail_messages",
    "caf_accounts",
    "caf_codes",
    "fc_accounts",
)


@pytest.fixture
def clock() -> ManualClock:
    """Time stands still here: the limits are checked to the microsecond."""
    return ManualClock(T0)


def counts(ctx: Context) -> dict[str, int]:
    with ctx.store.engine.connect() as connection:
        return {
            t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES
        }


def practice_account(ctx: Context, nir: str, at: datetime) -> str:
    """A practice account made by a citizen at ``at``, with its history."""
    with ctx.store.unit() as repos:
        account = repos.retraite.create_active(
            NewRetraiteAccount(
                nir=nir,
                civilite="Monsieur",
                nom="Essai",
                prenom="Jean",
                birth_date=datetime(1980, 1, 15).date(),
                email=f"{nir}@exemple.fr",
                phone=None,
                address=None,
                password_hash=hash_secret("Motdepasse1", OWASP_MINIMUM),
            ),
            now=at,
        )
        repos.retraite.record_failure(account.id, at=at, terminal="borne-1")
        repos.ris.add(account.id, requested_at=at, available_at=at, document_date=at.date())
        caf = repos.caf.create(
            identifiant=nir,
            nom="Essai",
            prenom="Jean",
            email=None,
            phone=None,
            password_hash=hash_secret("Motdepasse1", OWASP_MINIMUM),
            now=at,
            nir=nir,
        )
        repos.caf_codes.add(caf.id, code="123456", canal="sms", created_at=at, expires_at=at)
        repos.mailbox.add(
            channel="email",
            recipient=f"{nir}@exemple.fr",
            organism="retraite",
            kind="activation",
            payload={},
            created_at=at,
            subject_nir=nir,
        )
    return account.id


def kiosk_session(ctx: Context, at: datetime) -> str:
    with ctx.store.unit() as repos:
        record = repos.sessions.create(procedure="aide", step="recherche", terminal="b", now=at)
        repos.receipts.add(record.id, issued_at=at, terminal="b", procedure="aide", content={})
    return record.id


def test_purge_removes_exactly_what_is_past_each_period(
    context_factory: Callable[..., Context], data_dir: Path
) -> None:
    ctx = context_factory(
        session_retention_days=SESSIONS_DAYS, practice_account_retention_days=ACCOUNTS_DAYS
    )
    clock = ctx.clock
    assert isinstance(clock, ManualClock)
    personas = counts(ctx)
    old_session = kiosk_session(ctx, T0)
    new_session = kiosk_session(ctx, T0 + timedelta(days=10))
    old_account = practice_account(ctx, "1800175999101", T0)
    new_account = practice_account(ctx, "1800175999102", T0 + timedelta(days=10))
    folders = data_dir / "sessions"
    for name, day in (("ancien", 0), ("recent", 10)):
        (folders / name).mkdir(parents=True)
        stamp = (T0 + timedelta(days=day)).timestamp()
        os.utime(folders / name, (stamp, stamp))
    filled = counts(ctx)

    # Exactly at the limit, nothing is due yet.
    clock.set(T0 + timedelta(days=SESSIONS_DAYS))
    assert retention.purge_due(ctx).counts == {}
    assert counts(ctx) == filled

    # Just past the sessions' period: the old session and its receipt, its folder.
    clock.set(T0 + timedelta(days=SESSIONS_DAYS, microseconds=1))
    dry = retention.purge_due(ctx, dry_run=True)
    assert dry.counts == {"kiosk_sessions": 1, "receipts": 1, "dossiers": 1}
    assert counts(ctx) == filled and (folders / "ancien").exists()  # a dry run deletes nothing
    report = retention.purge_due(ctx)
    assert report.counts == dry.counts
    assert not (folders / "ancien").exists() and (folders / "recent").exists()
    with ctx.store.unit() as repos:
        assert repos.sessions.get(old_session) is None
        assert repos.sessions.get(new_session) is not None
        assert repos.retraite.get(old_account) is not None  # accounts last longer

    # Just past the accounts' period: the old practice account and all its history,
    # the old messages; the personas (seeded at T0 too) stay.
    clock.set(T0 + timedelta(days=ACCOUNTS_DAYS, microseconds=1))
    report = retention.purge_due(ctx)
    assert report.counts == {
        "retraite_accounts": 1,
        "login_attempts": personas["login_attempts"] + 1,  # history goes, locks stay
        "ris_requests": 1,
        "caf_accounts": 1,
        "caf_codes": 1,
        "mail_messages": personas["mail_messages"] + 1,
        "kiosk_sessions": 1,  # the session of day 10 is past 30 days now
        "receipts": 1,
        "dossiers": 1,
    }
    with ctx.store.unit() as repos:
        assert repos.retraite.get(old_account) is None
        assert repos.retraite.get(new_account) is not None
        assert repos.caf.find_by_identifiant("1800175999101") is None
        assert repos.caf.find_by_identifiant("1800175999102") is not None
        assert repos.retraite.find_by_nir("1800175999001") is not None  # a persona
        blocked = repos.retraite.find_by_nir("1550669999005")
        assert blocked is not None and blocked.locked  # the blocked persona is still blocked

    # And past the last account's period, everything a citizen made is gone.
    clock.set(T0 + timedelta(days=10 + ACCOUNTS_DAYS, microseconds=1))
    retention.purge_due(ctx)
    after = counts(ctx)
    assert after["kiosk_sessions"] == after["receipts"] == 0
    assert after["retraite_accounts"] == personas["retraite_accounts"]
    assert after["caf_accounts"] == personas["caf_accounts"]
    assert after["fc_accounts"] == personas["fc_accounts"]
    assert retention.purge_due(ctx).counts == {}


def test_sessions_count_from_their_last_action(context_factory: Callable[..., Context]) -> None:
    ctx = context_factory(session_retention_days=SESSIONS_DAYS)
    clock = ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(T0)
    run_journey(ctx, "aide-recherche")  # starts at T0 + 1 h (9:00 in Paris)
    with ctx.store.unit() as repos:
        record = repos.sessions.list_between(T0, T0 + timedelta(days=1))[0]
    with ctx.store.unit() as repos:  # the citizen resumed ten days later
        repos.sessions.update(
            record.id, step="reponse", answers={}, now=record.updated_at + timedelta(days=10)
        )
    clock.set(record.started_at + timedelta(days=SESSIONS_DAYS + 1))
    assert retention.purge_due(ctx).counts == {}
    clock.set(record.started_at + timedelta(days=SESSIONS_DAYS + 10, seconds=1))
    assert retention.purge_due(ctx).counts == {"kiosk_sessions": 1}


def test_limits_follow_the_settings(context_factory: Callable[..., Context]) -> None:
    ctx = context_factory(session_retention_days=7, practice_account_retention_days=365)
    limits = retention.limits(ctx.settings, T0)
    assert limits == {"sessions": T0 - timedelta(days=7), "comptes": T0 - timedelta(days=365)}
    assert timedelta(days=1) == retention.INTERVAL


def test_migration_backups_are_kept_a_week_only(ctx: Context) -> None:
    """A copy made before a migration holds everything the database held: past
    BACKUP_DAYS it goes, or an erased person would live on in it."""
    url = ctx.store.engine.url
    if url.get_backend_name() != "sqlite":
        pytest.skip("backups are made of SQLite databases only")
    from kiosque.store.migrate import backup_sqlite

    database = Path(str(url.database))
    old = backup_sqlite(database, "0001", T0 - timedelta(days=retention.BACKUP_DAYS, seconds=1))
    recent = backup_sqlite(database, "0001", T0 - timedelta(days=retention.BACKUP_DAYS - 1))
    other = database.with_name(f"{database.name}.bak-a-copy-made-by-hand")
    other.write_bytes(b"")
    assert retention.purge_due(ctx, dry_run=True).counts == {retention.BACKUPS: 1}
    assert old.exists()
    assert retention.purge_due(ctx).counts == {retention.BACKUPS: 1}
    assert not old.exists() and recent.exists() and other.exists()
