"""Data is purged after the retention period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from kiosque.store.repos import NewRetraiteAccount, PurgeTarget, Repositories
from kiosque.store.store import Store


def test_old_sessions_go_with_their_receipts(repos: Repositories, now: datetime) -> None:
    old = repos.sessions.create(procedure="aide", step="recherche", terminal="T1", now=now)
    repos.receipts.add(old.id, issued_at=now, terminal="T1", procedure="aide", content={})
    recent = repos.sessions.create(
        procedure="aide", step="recherche", terminal="T1", now=now + timedelta(days=40)
    )
    counts = repos.retention.purge(now + timedelta(days=30), PurgeTarget.SESSIONS)
    assert counts == {"receipts": 1, "kiosk_sessions": 1}
    assert repos.sessions.get(old.id) is None
    assert repos.sessions.get(recent.id) is not None


def test_old_messages_attempts_and_codes_go(
    repos: Repositories, profile: Callable[..., NewRetraiteAccount], now: datetime
) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    for day in (0, 10):
        at = now + timedelta(days=day)
        repos.retraite.record_failure(account.id, at=at, terminal="T1")
        repos.mailbox.add(
            channel="email",
            recipient="a@b.fr",
            organism="retraite",
            kind="x",
            payload={},
            created_at=at,
        )
    counts = repos.retention.purge(
        now + timedelta(days=5), [PurgeTarget.MAIL, PurgeTarget.LOGIN_ATTEMPTS]
    )
    assert counts == {"mail_messages": 1, "login_attempts": 1}
    assert len(repos.mailbox.list_for("email", "a@b.fr")) == 1
    assert len(repos.retraite.attempts(account.id)) == 1
    found = repos.retraite.get(account.id)
    assert found is not None and found.failed_attempts == 2  # the lock counter is not history


def test_expired_registrations_go_but_not_active_accounts(
    repos: Repositories, profile: Callable[..., NewRetraiteAccount], now: datetime
) -> None:
    expired = repos.retraite.create_pending(
        profile(), activation_token="t1", activation_expires_at=now + timedelta(days=15), now=now
    )
    repos.retraite.record_failure(expired.id, at=now, terminal="T1")
    waiting = repos.retraite.create_pending(
        profile(nir="2920799999003"),
        activation_token="t2",
        activation_expires_at=now + timedelta(days=30),
        now=now,
    )
    active = repos.retraite.create_active(profile(nir="285082B999002"), now=now)
    counts = repos.retention.purge(now + timedelta(days=20), PurgeTarget.EXPIRED_ACTIVATIONS)
    assert counts == {"login_attempts": 1, "ris_requests": 0, "retraite_accounts": 1}
    assert repos.retraite.get(expired.id) is None
    assert repos.retraite.get(waiting.id) is not None
    assert repos.retraite.get(active.id) is not None


def test_practice_accounts_go_but_personas_stay(
    store: Store, profile: Callable[..., NewRetraiteAccount], password_hash: str, now: datetime
) -> None:
    with store.unit() as repos:
        practice = repos.retraite.create_active(profile(), now=now)
        persona = repos.retraite.create_active(
            profile(nir="2920799999003", is_persona=True), now=now
        )
        repos.ris.add(practice.id, requested_at=now, available_at=now, document_date=now.date())
        caf = repos.caf.create(
            identifiant="P1",
            nom="N",
            prenom="P",
            email=None,
            phone="0600000000",
            password_hash=password_hash,
            now=now,
        )
        repos.caf_codes.add(caf.id, code="1", canal="sms", created_at=now, expires_at=now)
        repos.caf.create(
            identifiant="P2",
            nom="N",
            prenom="P",
            email=None,
            phone=None,
            password_hash=password_hash,
            now=now,
            is_persona=True,
        )
    with store.unit() as repos:
        counts = repos.retention.purge(now + timedelta(days=1), PurgeTarget.ACCOUNTS)
    assert counts == {
        "login_attempts": 0,
        "ris_requests": 1,
        "retraite_accounts": 1,
        "caf_codes": 1,
        "caf_accounts": 1,
        "fc_accounts": 0,
    }
    with store.unit() as repos:
        assert repos.retraite.get(persona.id) is not None
        assert repos.caf.find_by_identifiant("P2") is not None
        assert repos.caf.find_by_identifiant("P1") is None
