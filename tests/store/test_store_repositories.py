"""Mailboxes, CAF, FranceConnect, kiosk sessions, receipts, agents and the audit log."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosque.store.hashing import OWASP_MINIMUM, hash_secret
from kiosque.store.models import AuditEntry, AuditLogIsAppendOnly
from kiosque.store.repos import (
    AlreadyExists,
    AuditLog,
    NotFound,
    PersonalDataRefused,
    Repositories,
)
from kiosque.store.store import Store

IDENTITY = {
    "nir": "2920799999003",
    "civilite": "Madame",
    "nom_naissance": "N'Diaye",
    "prenom": "Awa",
    "date_naissance": "1992-07-03",
}


# -- mailboxes ----------------------------------------------------------------------


def test_a_mailbox_lists_its_own_messages_newest_first(repos: Repositories, now: datetime) -> None:
    for minutes, kind in ((0, "activation"), (10, "code"), (5, "rappel")):
        repos.mailbox.add(
            channel="email",
            recipient="awa@exemple.fr",
            organism="retraite",
            kind=kind,
            payload={"subject": kind, "link_token": f"t-{kind}"},
            created_at=now + timedelta(minutes=minutes),
            expires_at=now + timedelta(days=15),
        )
    repos.mailbox.add(
        channel="email",
        recipient="autre@exemple.fr",
        organism="retraite",
        kind="activation",
        payload={},
        created_at=now,
    )
    messages = repos.mailbox.list_for("email", "Awa@Exemple.fr")
    assert [m.kind for m in messages] == ["code", "rappel", "activation"]
    assert messages[0].payload == {"subject": "code", "link_token": "t-code"}
    assert messages[0].expires_at == now + timedelta(days=15)
    assert repos.mailbox.list_for("email", "awa@exemple.fr", organism="caf") == []
    assert repos.mailbox.get(messages[0].id) == messages[0]


def test_sms_and_email_inboxes_are_apart(repos: Repositories, now: datetime) -> None:
    repos.mailbox.add(
        channel="sms",
        recipient="06 12 34 56 78",
        organism="caf",
        kind="code",
        payload={"code": "482913"},
        created_at=now,
    )
    assert [m.payload["code"] for m in repos.mailbox.list_for("sms", "0612345678")] == ["482913"]
    assert repos.mailbox.list_for("email", "0612345678") == []


# -- CAF ----------------------------------------------------------------------------


def test_caf_account_by_identifiant_or_nir(
    repos: Repositories, password_hash: str, now: datetime
) -> None:
    created = repos.caf.create(
        identifiant="2920799999003",
        nom="N'Diaye",
        prenom="Awa",
        email="awa@exemple.fr",
        phone="0612345678",
        password_hash=password_hash,
        now=now,
        nir="2920799999003",
    )
    assert repos.caf.find_by_identifiant("2 92 07 99 999 003") == created
    assert repos.caf.find_by_nir("2920799999003") == created
    assert created.nom == "N'Diaye" and created.phone == "0612345678"
    with pytest.raises(AlreadyExists):
        repos.caf.create(
            identifiant="2920799999003",
            nom="X",
            prenom="Y",
            email=None,
            phone=None,
            password_hash=password_hash,
            now=now,
        )


def test_caf_lock_out_and_reset(repos: Repositories, password_hash: str, now: datetime) -> None:
    account = repos.caf.create(
        identifiant="P1234567",
        nom="N'Diaye",
        prenom="Awa",
        email=None,
        phone="0612345678",
        password_hash=password_hash,
        now=now,
    )
    assert [repos.caf.record_failure(account.id, now) for _ in range(5)] == [1, 2, 3, 4, 5]
    locked = repos.caf.get(account.id)
    assert locked is not None and locked.locked
    repos.caf.unlock(account.id)
    repos.caf.set_reset_token(account.id, "caf-reset", now + timedelta(minutes=15))
    found = repos.caf.find_by_reset_token("caf-reset")
    assert found is not None and found.id == account.id and not found.locked
    repos.caf.set_password(account.id, hash_secret("Autre123", OWASP_MINIMUM))
    assert repos.caf.find_by_reset_token("caf-reset") is None


def test_caf_codes(repos: Repositories, password_hash: str, now: datetime) -> None:
    account = repos.caf.create(
        identifiant="P1234567",
        nom="N",
        prenom="A",
        email=None,
        phone="0612345678",
        password_hash=password_hash,
        now=now,
    )
    repos.caf_codes.add(
        account.id, code="111111", canal="sms", created_at=now, expires_at=now + timedelta(1)
    )
    later = now + timedelta(minutes=2)
    repos.caf_codes.add(
        account.id, code="482913", canal="email", created_at=later, expires_at=later
    )
    code = repos.caf_codes.latest(account.id)
    assert code is not None and code.canal == "email"
    assert repos.caf_codes.matches(code, "482913")
    assert not repos.caf_codes.matches(code, "111111")
    assert "482913" not in code.code_hash
    assert [repos.caf_codes.register_attempt(code.id) for _ in range(3)] == [1, 2, 3]
    assert repos.caf_codes.mark_used(code.id, later) is True
    assert repos.caf_codes.mark_used(code.id, later) is False  # a code is spent once
    used = repos.caf_codes.latest(account.id)
    assert used is not None and used.used_at == later and used.attempts == 3


# -- FranceConnect ------------------------------------------------------------------


def test_franceconnect_accounts_are_unique_per_provider(
    repos: Repositories, password_hash: str, now: datetime
) -> None:
    created = repos.franceconnect.create(
        provider="ameli",
        login="2920799999003",
        password_hash=password_hash,
        identity=IDENTITY,
        now=now,
        is_persona=True,
    )
    found = repos.franceconnect.find("ameli", "2 92 07 99 999 003")
    assert found == created and found.identity == IDENTITY and found.is_persona
    assert repos.franceconnect.find("impots", "2920799999003") is None
    with pytest.raises(AlreadyExists):
        repos.franceconnect.create(
            provider="ameli",
            login="2920799999003",
            password_hash=password_hash,
            identity=IDENTITY,
            now=now,
        )
    repos.franceconnect.create(
        provider="impots",
        login="2920799999003",
        password_hash=password_hash,
        identity=IDENTITY,
        now=now,
    )


def test_franceconnect_identity_must_be_complete(
    repos: Repositories, password_hash: str, now: datetime
) -> None:
    with pytest.raises(ValueError, match="date_naissance"):
        repos.franceconnect.create(
            provider="ameli",
            login="x",
            password_hash=password_hash,
            identity={k: v for k, v in IDENTITY.items() if k != "date_naissance"},
            now=now,
        )


# -- kiosk sessions and receipts ------------------------------------------------------


def test_a_session_keeps_its_step_and_answers_but_never_secrets(
    repos: Repositories, now: datetime
) -> None:
    created = repos.sessions.create(
        procedure="retraite-creer-espace", step="preparation", terminal="T1", now=now
    )
    assert created.answers == {} and created.status == "active"
    later = now + timedelta(minutes=3)
    repos.sessions.update(
        created.id,
        step="contact",
        answers={
            "identite": {"nir": "1800175999001", "civilite": "Monsieur"},
            "contact": {
                "email": "jean@exemple.fr",
                "mot_de_passe": "Motdepasse1",
                "mot_de_passe_confirmation": "Motdepasse1",
                "reponse_secrete": "Dupont",
                "question_secrete": "nom-mere",
            },
        },
        now=later,
    )
    found = repos.sessions.get(created.id)
    assert found is not None
    assert (found.step, found.last_step, found.updated_at) == ("contact", "preparation", later)
    assert found.answers == {
        "identite": {"nir": "1800175999001", "civilite": "Monsieur"},
        "contact": {"email": "jean@exemple.fr", "question_secrete": "nom-mere"},
    }


def test_a_session_is_resumed_by_its_code(repos: Repositories, now: datetime) -> None:
    created = repos.sessions.create(procedure="aide", step="recherche", terminal="T1", now=now)
    repos.sessions.set_resume_code(created.id, "K7M2-PX9Q", now + timedelta(days=7))
    found = repos.sessions.find_by_resume_code("k7m2-px9q")
    assert found is not None and found.id == created.id
    assert found.resume_expires_at == now + timedelta(days=7)
    assert repos.sessions.find_by_resume_code("K7M2-PX9R") is None
    assert [repos.sessions.register_resume_failure(created.id) for _ in range(2)] == [1, 2]
    repos.sessions.clear_resume_code(created.id)
    assert repos.sessions.find_by_resume_code("K7M2-PX9Q") is None
    with pytest.raises(NotFound):
        repos.sessions.register_resume_failure("no-such-session")


def test_a_resume_code_belongs_to_one_session(store: Store, now: datetime) -> None:
    with store.unit() as repos:
        first = repos.sessions.create(procedure="aide", step="recherche", terminal="T1", now=now)
        second = repos.sessions.create(procedure="aide", step="recherche", terminal="T2", now=now)
        repos.sessions.set_resume_code(first.id, "K7M2-PX9Q", now)
    with pytest.raises(Exception, match=r"(?i)unique"), store.unit() as repos:
        repos.sessions.set_resume_code(second.id, "K7M2-PX9Q", now)


def test_a_wiped_session_keeps_only_non_personal_figures(
    repos: Repositories, now: datetime
) -> None:
    created = repos.sessions.create(
        procedure="retraite-connexion",
        step="connexion",
        terminal="T1",
        now=now,
        answers={"connexion": {"nir": "1800175999001"}},
    )
    repos.sessions.finish(
        created.id, status="wiped", now=now, trouble_flags=["compte-bloque", "compte-bloque"]
    )
    found = repos.sessions.get(created.id)
    assert found is not None
    assert (found.status, found.answers, found.trouble_flags) == ("wiped", {}, ("compte-bloque",))
    with pytest.raises(PersonalDataRefused):
        repos.sessions.finish(created.id, status="finished", now=now, trouble_flags=["a@b.fr"])


def test_sessions_of_a_day(repos: Repositories, now: datetime) -> None:
    day = now.replace(hour=0, minute=0)
    for hours, terminal in ((-1, "T1"), (1, "T1"), (5, "T2"), (24, "T1")):
        repos.sessions.create(
            procedure="aide", step="recherche", terminal=terminal, now=day + timedelta(hours=hours)
        )
    today = repos.sessions.list_between(day, day + timedelta(days=1))
    assert [s.started_at.hour for s in today] == [1, 5]
    assert len(repos.sessions.list_between(day, day + timedelta(days=1), terminal="T2")) == 1


def test_receipts(repos: Repositories, now: datetime) -> None:
    session = repos.sessions.create(procedure="aide", step="recherche", terminal="T1", now=now)
    receipt = repos.receipts.add(
        session.id, issued_at=now, terminal="T1", procedure="aide", content={"etapes": ["a"]}
    )
    assert repos.receipts.get(receipt.id) == receipt
    assert repos.receipts.list_for_session(session.id) == [receipt]
    assert repos.receipts.list_between(now, now + timedelta(seconds=1)) == [receipt]
    assert receipt.content == {"etapes": ["a"]}


# -- agents and audit ---------------------------------------------------------------


def test_agents(repos: Repositories, password_hash: str, now: datetime) -> None:
    agent = repos.agents.create("agent.martin", password_hash=password_hash, now=now)
    assert repos.agents.find("agent.martin") == agent and agent.enabled
    with pytest.raises(AlreadyExists):
        repos.agents.create("agent.martin", password_hash=password_hash, now=now)
    repos.agents.disable("agent.martin", now)
    disabled = repos.agents.find("agent.martin")
    assert disabled is not None and not disabled.enabled
    repos.agents.enable("agent.martin")
    assert [a.login for a in repos.agents.list_all() if a.enabled] == ["agent.martin"]
    with pytest.raises(NotFound):
        repos.agents.disable("nobody", now)


def test_audit_log_appends_and_lists(repos: Repositories, now: datetime) -> None:
    for minutes, action in ((0, "debloquer"), (1, "reimprimer"), (2, "purger")):
        repos.audit.append(
            at=now + timedelta(minutes=minutes),
            agent_login="agent.martin",
            action=action,
            terminal="T1",
            target="3f2a9c1e-0000-4000-8000-000000000001",
            details={"lignes": 3},
        )
    entries = repos.audit.list()
    assert [e.action for e in entries] == ["purger", "reimprimer", "debloquer"]
    assert entries[0].details == {"lignes": 3}
    since = repos.audit.list(since=now + timedelta(minutes=1), limit=1)
    assert [e.action for e in since] == ["purger"]


def test_audit_log_has_no_way_to_change_or_remove_an_entry() -> None:
    public = {name for name, _ in inspect.getmembers(AuditLog) if not name.startswith("_")}
    assert public - {"table"} == {"append", "list"}


def test_the_audit_model_refuses_updates_and_deletes(store: Store, now: datetime) -> None:
    with store.unit() as repos:
        repos.audit.append(at=now, agent_login="a", action="purger", terminal="T1")
    with pytest.raises(AuditLogIsAppendOnly), store.unit() as repos:
        entry = repos.session.scalars(select(AuditEntry)).one()
        entry.action = "rien"
    with pytest.raises(AuditLogIsAppendOnly), store.unit() as repos:
        repos.session.delete(repos.session.scalars(select(AuditEntry)).one())
    with store.unit() as repos:
        assert [e.action for e in repos.audit.list()] == ["purger"]


def test_the_audit_log_takes_opaque_references_and_figures(
    repos: Repositories, now: datetime
) -> None:
    entry = repos.audit.append(
        at=now,
        agent_login="agent.martin",
        action="exporter-statistiques",
        terminal="T1",
        target="3f2a9c1e-0000-4000-8000-000000000001",
        details={"fichier": "stats-20260302093000.csv", "sessions": 1234},
    )
    assert entry.details["sessions"] == 1234


@pytest.mark.parametrize(
    "details",
    [
        {"nir": "1 80 01 75 999 001"},
        {"nir": "180017599900137"},
        {"nir": "(285082B999002)"},
        {"email": "jean@exemple.fr"},
    ],
)
def test_the_audit_log_refuses_personal_data(
    repos: Repositories, now: datetime, details: dict[str, str]
) -> None:
    with pytest.raises(PersonalDataRefused):
        repos.audit.append(at=now, agent_login="a", action="x", terminal="T1", details=details)
    with pytest.raises(PersonalDataRefused):
        repos.audit.append(
            at=now, agent_login="a", action="x", terminal="T1", target=next(iter(details.values()))
        )
