"""Assurance retraite accounts: one per NIR, lock-out, activation, recovery, RIS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from kiosque.store.hashing import OWASP_MINIMUM, hash_secret, verify_answer, verify_secret
from kiosque.store.repos import (
    LOCK_THRESHOLD,
    AlreadyExists,
    NewRetraiteAccount,
    NotFound,
    Repositories,
    RetraiteAccountRecord,
)
from kiosque.store.store import Store

Profile = Callable[..., NewRetraiteAccount]


def pending(
    repos: Repositories, profile: Profile, now: datetime, **changes: object
) -> RetraiteAccountRecord:
    return repos.retraite.create_pending(
        profile(**changes),
        activation_token=f"jeton-{changes.get('nir', 'a')}",
        activation_expires_at=now + timedelta(days=15),
        now=now,
    )


def test_an_account_is_found_by_its_nir_however_typed(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    created = pending(repos, profile, now)
    for typed in ("1800175999001", "1 80 01 75 999 001", " 180017599900 1 "):
        found = repos.retraite.find_by_nir(typed)
        assert found is not None and found.id == created.id
    found = repos.retraite.find_by_nir("1800175999001")
    assert found is not None
    assert found.nom == "Lefèvre-Dupont" and found.prenom == "Jean"
    assert found.birth_date.isoformat() == "1980-01-15"
    assert found.address == {
        "pays": "FR",
        "code_postal": "75001",
        "ville": "Paris",
        "nom_voie": "rue X",
    }
    assert found.career == [{"year": 2001, "scheme": "Régime général", "quarters": 4}]
    assert found.status == "pending" and not found.active
    assert found.activation_expires_at == now + timedelta(days=15)
    assert verify_answer(found.secret_answer_hash or "", "DUPONT")
    assert repos.retraite.find_by_nir("2920799999003") is None


def test_the_same_nir_cannot_have_two_accounts(
    store: Store, profile: Profile, now: datetime
) -> None:
    with store.unit() as repos:
        first = pending(repos, profile, now)
    with store.unit() as repos:
        with pytest.raises(AlreadyExists, match="existe déjà"):
            pending(repos, profile, now, nir="1 80 01 75 999 001", email="autre@exemple.fr")
        # the unit of work goes on after the refusal
        other = pending(repos, profile, now, nir="2920799999003")
    with store.unit() as repos:
        kept = repos.retraite.find_by_nir("1800175999001")
        assert kept is not None and kept.id == first.id and kept.email == first.email
        assert repos.retraite.get(other.id) is not None


def test_clear_text_passwords_are_refused(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    with pytest.raises(ValueError, match="argon2id"):
        pending(repos, profile, now, password_hash="Motdepasse1")
    with pytest.raises(ValueError, match="argon2id"):
        pending(repos, profile, now, secret_answer_hash="dupont")


def test_the_account_locks_at_exactly_five_consecutive_failures(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    for attempt in range(1, LOCK_THRESHOLD):
        outcome = repos.retraite.record_failure(account.id, at=now, terminal="T1")
        assert (outcome.failed_attempts, outcome.locked) == (attempt, False)
    at = now + timedelta(minutes=1)
    outcome = repos.retraite.record_failure(account.id, at=at, terminal="T2")
    assert LOCK_THRESHOLD == 5
    assert outcome.failed_attempts == 5 and outcome.locked_at == at
    found = repos.retraite.find_by_nir(account.nir)
    assert found is not None and found.locked and found.locked_at == at
    # more failures keep the first lock date
    later = repos.retraite.record_failure(account.id, at=at + timedelta(minutes=5), terminal="T1")
    assert later.locked_at == at


def test_a_success_resets_the_consecutive_failures(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    for _ in range(4):
        repos.retraite.record_failure(account.id, at=now, terminal="T1")
    repos.retraite.record_success(account.id, at=now, terminal="T1")
    found = repos.retraite.get(account.id)
    assert found is not None and found.failed_attempts == 0
    for _ in range(4):
        outcome = repos.retraite.record_failure(account.id, at=now, terminal="T1")
    assert outcome.failed_attempts == 4 and not outcome.locked
    assert [a.success for a in repos.retraite.attempts(account.id)].count(True) == 1


def test_only_an_unlock_lifts_a_lock(repos: Repositories, profile: Profile, now: datetime) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    for _ in range(5):
        repos.retraite.record_failure(account.id, at=now, terminal="T1")
    repos.retraite.record_success(account.id, at=now, terminal="T1")
    still = repos.retraite.get(account.id)
    assert still is not None and still.locked and still.failed_attempts == 5
    repos.retraite.unlock(account.id)
    unlocked = repos.retraite.get(account.id)
    assert unlocked is not None and not unlocked.locked and unlocked.failed_attempts == 0


def test_failures_on_an_unknown_account_are_an_error(repos: Repositories, now: datetime) -> None:
    with pytest.raises(NotFound):
        repos.retraite.unlock("no-such-account")


def test_activation_by_token(repos: Repositories, profile: Profile, now: datetime) -> None:
    created = pending(repos, profile, now)
    assert repos.retraite.find_by_activation_token("jeton-inconnu") is None
    found = repos.retraite.find_by_activation_token("jeton-a")
    assert found is not None and found.id == created.id
    repos.retraite.activate(created.id, now + timedelta(days=1))
    active = repos.retraite.get(created.id)
    assert active is not None and active.active
    assert active.activated_at == now + timedelta(days=1)


def test_an_expired_registration_can_be_made_again(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    pending(repos, profile, now)
    assert not repos.retraite.remove_expired_pending("1800175999001", now + timedelta(days=14))
    with pytest.raises(AlreadyExists):
        pending(repos, profile, now + timedelta(days=14))
    later = now + timedelta(days=16)
    assert repos.retraite.remove_expired_pending("1800175999001", later)
    again = pending(repos, profile, later)
    assert again.created_at == later


def test_an_active_account_is_never_removed_as_expired(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    created = pending(repos, profile, now)
    repos.retraite.activate(created.id, now)
    assert not repos.retraite.remove_expired_pending("1800175999001", now + timedelta(days=30))


def test_password_reset_token_then_new_password(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    repos.retraite.set_reset_token(account.id, "reset-1", now + timedelta(minutes=30))
    found = repos.retraite.find_by_reset_token("reset-1")
    assert found is not None and found.id == account.id
    assert found.reset_expires_at == now + timedelta(minutes=30)
    repos.retraite.set_password(account.id, hash_secret("Nouveau2024", OWASP_MINIMUM))
    assert repos.retraite.find_by_reset_token("reset-1") is None  # spent
    changed = repos.retraite.get(account.id)
    assert changed is not None and verify_secret(changed.password_hash, "Nouveau2024")


def test_changing_the_email(repos: Repositories, profile: Profile, now: datetime) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    repos.retraite.set_email(account.id, "nouvelle@exemple.fr")
    found = repos.retraite.get(account.id)
    assert found is not None and found.email == "nouvelle@exemple.fr"


def test_one_ris_request_a_day(repos: Repositories, profile: Profile, now: datetime) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    assert repos.ris.last(account.id) is None
    first = repos.ris.add(
        account.id,
        requested_at=now,
        available_at=now + timedelta(minutes=5),
        document_date=now.date(),
    )
    with pytest.raises(AlreadyExists):
        repos.ris.add(
            account.id,
            requested_at=now + timedelta(hours=2),
            available_at=now + timedelta(hours=2, minutes=5),
            document_date=now.date(),
        )
    assert repos.ris.last(account.id) == first
    tomorrow = now + timedelta(days=1)
    second = repos.ris.add(
        account.id,
        requested_at=tomorrow,
        available_at=tomorrow + timedelta(minutes=5),
        document_date=tomorrow.date(),
    )
    assert repos.ris.last(account.id) == second
    assert repos.ris.list_for(account.id) == [second, first]


def test_records_keep_personal_fields_out_of_repr(
    repos: Repositories, profile: Profile, now: datetime
) -> None:
    account = repos.retraite.create_active(profile(), now=now)
    text = repr(account) + repr(profile())
    for value in ("1800175999001", "Lefèvre", "jean.lefevre", "0612345678", "argon2"):
        assert value not in text
