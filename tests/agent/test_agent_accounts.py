"""Agent accounts, sign-in, the idle lock and the password asked again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from kiosque.agents import AgentError, AgentService, AgentSession, SessionLocked
from kiosque.clock import ManualClock
from kiosque.context import Context
from tests.agent.conftest import AGENT, PASSWORD, audit_actions


def test_agent_passwords_have_twelve_characters_at_least(service: AgentService) -> None:
    with pytest.raises(AgentError, match="au moins 12 caractères"):
        service.add_agent("paul", "onze-caract")
    service.add_agent("paul", "douze-caract")
    assert [a.login for a in service.list_agents()] == ["paul"]


@pytest.mark.parametrize(
    "login", ["", "a", "Paul", "paul martin", "1paul", "paul@site.fr", "p12345"]
)
def test_agent_logins_are_plain_and_never_look_like_a_nir(
    service: AgentService, login: str
) -> None:
    with pytest.raises(AgentError, match="identifiant d'agent"):
        service.add_agent(login, PASSWORD)


def test_a_login_is_taken_once(service: AgentService) -> None:
    service.add_agent("paul", PASSWORD)
    with pytest.raises(AgentError, match="existe déjà"):
        service.add_agent("paul", PASSWORD)


def test_the_store_keeps_an_argon2id_hash_never_the_password(
    service: AgentService, ctx: Context
) -> None:
    service.add_agent("paul", PASSWORD)
    with ctx.store.unit() as repos:
        record = repos.agents.find("paul")
    assert record is not None
    assert record.password_hash.startswith("$argon2id$")
    assert PASSWORD not in record.password_hash


def test_sign_in_with_the_right_password_only(service: AgentService, ctx: Context) -> None:
    service.add_agent(AGENT, PASSWORD)
    for login, password in ((AGENT, "mauvais mot de passe"), ("inconnu", PASSWORD)):
        with pytest.raises(AgentError, match="Identifiant ou mot de passe incorrect"):
            service.authenticate(login, password)
    session = service.authenticate(" Marie.Dupont ", PASSWORD)
    assert session.login == AGENT and not session.locked
    assert audit_actions(ctx) == [
        "agent-ajout",
        "connexion-refusee",
        "connexion-refusee",
        "connexion",
    ]
    with ctx.store.unit() as repos:
        logins = [e.agent_login for e in reversed(repos.audit.list())]
    assert logins == ["console", AGENT, "(inconnu)", AGENT]


def test_a_disabled_agent_cannot_sign_in(service: AgentService) -> None:
    service.add_agent(AGENT, PASSWORD)
    service.disable_agent(AGENT)
    with pytest.raises(AgentError):
        service.authenticate(AGENT, PASSWORD)
    with pytest.raises(AgentError, match="Aucun agent"):
        service.disable_agent("personne")
    [info] = service.list_agents()
    assert info.disabled_at is not None


def test_five_failed_sign_ins_pause_the_login_for_a_minute(
    service: AgentService, clock: ManualClock
) -> None:
    service.add_agent(AGENT, PASSWORD)
    for _ in range(5):
        with pytest.raises(AgentError, match="incorrect"):
            service.authenticate(AGENT, "mauvais mot de passe")
    with pytest.raises(AgentError, match="Attendez une minute"):
        service.authenticate(AGENT, PASSWORD)
    clock.advance(timedelta(minutes=1))
    assert service.authenticate(AGENT, PASSWORD).login == AGENT


def test_the_agent_session_locks_after_the_idle_limit(
    service: AgentService, agent: AgentSession, clock: ManualClock, ctx: Context
) -> None:
    assert ctx.settings.agent_idle_minutes == 5
    clock.advance(timedelta(minutes=4, seconds=59))
    assert not service.lock_if_idle(agent)
    service.todays_sessions(agent)  # an action is activity
    clock.advance(timedelta(minutes=4, seconds=59))
    service.touch(agent)  # so is a touch on screen
    clock.advance(timedelta(minutes=4, seconds=59))
    assert not agent.locked
    clock.advance(timedelta(seconds=1))
    with pytest.raises(SessionLocked):
        service.todays_sessions(agent)
    assert agent.locked
    service.touch(agent)  # a touch does not unlock
    with pytest.raises(SessionLocked):
        service.unblock_account(agent, "1 80 01 75 999 001")
    with pytest.raises(AgentError, match="Mot de passe incorrect"):
        service.unlock(agent, "mauvais mot de passe")
    service.unlock(agent, PASSWORD)
    assert service.todays_sessions(agent) == []
    assert audit_actions(ctx)[-6:] == [
        "connexion",
        "seances-du-jour",
        "verrouillage",
        "mot-de-passe-refuse",
        "deverrouillage",
        "seances-du-jour",
    ]


def test_the_idle_limit_is_the_setting(
    context_factory: Callable[..., Context], clock: ManualClock
) -> None:
    ctx = context_factory(agent_idle_minutes=1)
    service = AgentService(ctx.store, clock, ctx.settings)
    service.add_agent(AGENT, PASSWORD)
    session = service.authenticate(AGENT, PASSWORD)
    clock.advance(timedelta(seconds=59))
    assert not service.lock_if_idle(session)
    clock.advance(timedelta(seconds=1))
    assert service.lock_if_idle(session)


@pytest.mark.parametrize(
    "action",
    [
        lambda s, a, p: s.purge_now(a, p),
        lambda s, a, p: s.export_person(a, "1 80 01 75 999 001", p),
        lambda s, a, p: s.erase_person(a, "1 80 01 75 999 001", p),
        lambda s, a, p: s.save_settings(a, {"site_name": "Mairie de Lyon"}, p),
    ],
    ids=["purge", "export", "erase", "settings"],
)
def test_sensitive_actions_ask_for_the_password_again(
    service: AgentService,
    agent: AgentSession,
    ctx: Context,
    action: Callable[[AgentService, AgentSession, str], object],
) -> None:
    with pytest.raises(AgentError, match="Mot de passe incorrect"):
        action(service, agent, "mauvais mot de passe")
    assert audit_actions(ctx)[-1] == "mot-de-passe-refuse"
    action(service, agent, PASSWORD)
    assert audit_actions(ctx)[-1] != "mot-de-passe-refuse"


def test_logout_is_recorded_and_ends_the_session(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    service.logout(agent)
    assert audit_actions(ctx)[-1] == "deconnexion"
    with pytest.raises(SessionLocked):
        service.todays_sessions(agent)
