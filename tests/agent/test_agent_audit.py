"""The audit log records each agent action (who, what, when, which terminal, never the
personal data) and no code path of the app updates or deletes it."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosque.agents import Action, AgentService, AgentSession
from kiosque.context import Context
from kiosque.store.models import AuditEntry, AuditLogIsAppendOnly
from kiosque.store.repos import AuditLog
from tests.agent.conftest import AGENT, LEA_VALUES, PASSWORD, run_journey

ROOT = Path(__file__).resolve().parents[2]
LEA = "2 85 08 2B 999 002"


def test_every_agent_action_is_recorded_without_personal_data(
    service: AgentService, ctx: Context, config_file: Path, tmp_path: Path
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    session = ctx.service.start("aide")
    ctx.service.issue_receipt(session, tmp_path)
    service.add_agent(AGENT, PASSWORD)
    with pytest.raises(Exception, match="incorrect"):
        service.authenticate(AGENT, "mauvais mot de passe")
    agent = service.authenticate(AGENT, PASSWORD)
    day = service.today()
    service.todays_sessions(agent)
    service.unblock_account(agent, LEA)
    service.reset_activation(agent, "2 60 11 33 999 006")  # a registration left pending
    [receipt] = service.todays_receipts(agent)
    service.reprint_receipt(agent, receipt.id, tmp_path)
    service.statistics(agent, day, day)
    service.statistics_csv(agent, day, day)
    service.purge_now(agent, PASSWORD)
    service.export_person(agent, LEA, PASSWORD)
    service.settings_lines(agent)
    service.save_settings(agent, {"site_name": "Mairie de Lyon"}, PASSWORD)
    with pytest.raises(Exception, match="Mot de passe incorrect"):
        service.erase_person(agent, LEA, "mauvais mot de passe")
    service.erase_person(agent, LEA, PASSWORD)
    ctx.clock.advance(timedelta(minutes=6))  # type: ignore[attr-defined]
    assert service.lock_if_idle(agent)
    service.unlock(agent, PASSWORD)
    service.logout(agent)
    service.add_agent("paul.durand", PASSWORD)
    service.disable_agent("paul.durand")

    with ctx.store.unit() as repos:
        entries = list(reversed(repos.audit.list()))
    assert {e.action for e in entries} == {a.value for a in Action}
    assert [e.action for e in entries] == [
        "agent-ajout",
        "connexion-refusee",
        "connexion",
        "seances-du-jour",
        "deblocage-compte",
        "reinitialisation-inscription",
        "recus-du-jour",
        "reimpression-recu",
        "statistiques",
        "export-statistiques",
        "purge",
        "export-personne",
        "consultation-reglages",
        "reglages",
        "mot-de-passe-refuse",
        "effacement-personne",
        "verrouillage",
        "deverrouillage",
        "deconnexion",
        "agent-ajout",
        "agent-desactivation",
    ]
    assert all(e.terminal == ctx.settings.terminal_id for e in entries)
    assert {e.agent_login for e in entries} == {"console", AGENT}
    times = [e.at for e in entries]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)
    ref = service.person_ref(LEA)
    assert [e.target for e in entries if e.action.endswith("personne")] == [ref, ref]
    written = json.dumps([[str(v) for v in vars(e).values()] for e in entries], ensure_ascii=False)
    for value in (*LEA_VALUES, "Léa", "285082B"):
        assert value not in written
    assert "Mairie de Lyon" not in written  # the setting's key, not its value


def test_the_audit_log_refuses_a_nir_or_an_e_mail(service: AgentService, ctx: Context) -> None:
    for target in ("285082B999002", "1 80 01 75 999 001", "lea.ndiaye@exemple.fr"):
        with pytest.raises(ValueError), ctx.store.unit() as repos:
            repos.audit.append(
                at=ctx.clock.now(), agent_login="x", action="a", terminal="t", target=target
            )


def test_the_model_refuses_to_update_or_delete_an_entry(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    with pytest.raises(AuditLogIsAppendOnly), ctx.store.unit() as repos:
        entry = repos.session.scalars(select(AuditEntry)).first()
        assert entry is not None
        entry.action = "autre-chose"
    with pytest.raises(AuditLogIsAppendOnly), ctx.store.unit() as repos:
        entry = repos.session.scalars(select(AuditEntry)).first()
        assert entry is not None and entry.action == "agent-ajout"
        repos.session.delete(entry)
    with ctx.store.unit() as repos:
        assert [e.action for e in reversed(repos.audit.list())] == ["agent-ajout", "connexion"]
    assert [name for name in vars(AuditLog) if not name.startswith("_")] == [
        "table",
        "append",
        "list",
    ]


# Ways to change rows: SQLAlchemy's update()/delete(), Session.delete/merge, and SQL text.
_CHANGE_CALL = re.compile(r"\b(update|delete|merge)\s*\(\s*(AuditEntry|models\.AuditEntry)\b")
_SQL = re.compile(
    r"\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|DROP\s+TABLE\s+audit_log)", re.I
)


def test_no_code_path_updates_or_deletes_the_audit_log() -> None:
    offenders = []
    for path in sorted((ROOT / "kiosque").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        if _CHANGE_CALL.search(source) or _SQL.search(source):
            offenders.append(rel)
    assert offenders == []
    # Besides, only the model, its migrations and the append-only repository name it.
    naming = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "kiosque").rglob("*.py")
        if re.search(r"\bAuditEntry\b|[\"']audit_log[\"']", p.read_text(encoding="utf-8"))
    }
    allowed = {"kiosque/store/models.py", "kiosque/store/repos/agents.py"}
    assert {p for p in naming if not p.startswith("kiosque/store/migrations/")} <= allowed


def test_the_scan_finds_a_change_when_there_is_one() -> None:
    assert _CHANGE_CALL.search("session.execute(delete(AuditEntry).where(x))")
    assert _CHANGE_CALL.search("update(AuditEntry).values(action='x')")
    assert _SQL.search('text("DELETE FROM audit_log")')
    assert not _CHANGE_CALL.search("delete(Receipt).where(Receipt.id == 1)")
