"""Each agent action through the services, on citizens driven through the engine."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosque.agents import AgentError, AgentService, AgentSession
from kiosque.clock import ManualClock
from kiosque.connectors.base import Account
from kiosque.context import Context
from kiosque.replay import parse_journey, play
from tests.agent.conftest import (
    AGENT,
    LEA_NIR,
    LEA_VALUES,
    PASSWORD,
    audit_actions,
    run_journey,
)

PAUL_NIR = "1 80 01 75 999 001"  # persona: active account, password Retraite2024
DAY = date(2026, 3, 2)


def journey(
    ctx: Context, *actions: dict[str, Any], start: str = "2026-03-02T09:00:00+01:00"
) -> list[dict[str, Any]]:
    """Play inline actions (the replay format) and return the JSON lines."""
    parsed = parse_journey(json.dumps({"start": start, "actions": list(actions)}), ctx.catalogue)
    assert isinstance(ctx.clock, ManualClock)
    return list(play(parsed, ctx.service, ctx.clock))


LEA_REGISTRATION = (
    {"procedure": "retraite-creer-espace"},
    {"step": "preparation", "action": "commencer"},
    {"step": "trouver-le-site", "answers": {"resultat": "officiel"}},
    {"step": "accueil-site", "action": "je-cree-mon-espace"},
    {
        "step": "identite",
        "answers": {
            "nir": "2 85 08 2B 999 002",
            "civilite": "Madame",
            "nom_naissance": "N'Diaye",
            "prenom": "Léa",
            "date_naissance": "21/08/1985",
            "conditions_acceptees": True,
            "code_securite": "@affiche",
        },
    },
    {
        "step": "adresse",
        "answers": {
            "pays": "FR",
            "code_postal": "20000",
            "ville": "2A004",
            "numero_voie": "3",
            "complement": "",
            "nom_voie": "cours Napoléon",
        },
    },
    {
        "step": "contact",
        "answers": {
            "telephone": "06 98 76 54 32",
            "email": "lea.ndiaye@exemple.fr",
            "email_confirmation": "lea.ndiaye@exemple.fr",
            "mot_de_passe": "Corse2024Mer",
            "mot_de_passe_confirmation": "Corse2024Mer",
            "question_secrete": "premiere-ecole",
            "reponse_secrete": "Jean Moulin",
        },
    },
)


def test_todays_sessions_show_procedure_step_time_and_resume_code_only(
    service: AgentService, agent: AgentSession, ctx: Context, clock: ManualClock
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    journey(ctx, {"procedure": "aide"}, start="2026-03-01T23:30:00+01:00")  # yesterday
    clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    session = ctx.service.start("aide")
    ctx.service.resume_code(session)
    agent = service.authenticate(AGENT, PASSWORD)  # the morning's session has locked
    lines = service.todays_sessions(agent)
    # The two journeys were both replayed from 9:00: their order is the store's.
    lines.sort(key=lambda line: (line.procedure == "aide", line.procedure, line.step))
    assert [(line.procedure, line.step, line.status) for line in lines] == [
        ("retraite-connexion", "compte-bloque", "finished"),
        ("retraite-connexion", "compte-bloque", "finished"),
        ("retraite-creer-espace", "mes-services", "finished"),
        ("aide", "recherche", "active"),
    ]
    assert lines[2].procedure_title.startswith("Créer mon espace personnel")
    assert lines[0].step_title == "Votre compte est bloqué"
    assert [line.resume for line in lines] == ["aucun", "aucun", "aucun", "valable"]
    assert lines[3].resume_until is not None
    assert lines[2].started_at.hour == 8  # UTC: 9:00 in Paris
    shown = repr(lines) + str([vars(line) for line in lines])
    for value in (*LEA_VALUES, "1800175999001", "paul.martin"):
        assert value not in shown
    assert audit_actions(ctx)[-1] == "seances-du-jour"


def test_resume_code_status_expired_and_blocked(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    valid, expired, blocked = (ctx.service.start("aide") for _ in range(3))
    for session in (valid, expired, blocked):
        ctx.service.resume_code(session)
    now = ctx.clock.now()
    with ctx.store.unit() as repos:
        repos.sessions.set_resume_code(expired.id, "CODEEXPIRE", now - timedelta(seconds=1))
        for _ in range(ctx.settings.resume_code_max_failures):
            repos.sessions.register_resume_failure(blocked.id)
    lines = {line.id: line.resume for line in service.todays_sessions(agent)}
    assert lines == {valid.id: "valable", expired.id: "expire", blocked.id: "bloque"}


def test_unblock_a_practice_account_by_nir(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    lines = run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    assert lines[-1]["next"] == "compte-bloque"  # even the right password is refused now
    assert service.unblock_account(agent, PAUL_NIR) is True
    again = journey(
        ctx,
        {"procedure": "retraite-connexion"},
        {"step": "connexion", "answers": {"nir": PAUL_NIR, "mot_de_passe": "Retraite2024"}},
    )
    assert again[-1]["accepted"] and again[-1]["next"] == "mes-services"
    assert service.unblock_account(agent, PAUL_NIR) is False  # nothing left to unblock
    with pytest.raises(AgentError, match="Aucun compte"):
        service.unblock_account(agent, "1 55 06 69 999 004")
    with pytest.raises(AgentError, match="13 premiers chiffres"):
        service.unblock_account(agent, "1 80 01")
    with ctx.store.unit() as repos:
        entries = [e for e in repos.audit.list() if e.action == "deblocage-compte"]
    assert len(entries) == 2
    assert {e.target for e in entries} == {service.person_ref(PAUL_NIR)}
    assert entries[0].target is not None and "1800175999001" not in entries[0].target


def test_the_blocked_persona_is_unblocked_too(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    assert ctx.connectors.retraite.is_locked("1550669999005")
    assert service.unblock_account(agent, "1 55 06 69 999 005") is True
    assert not ctx.connectors.retraite.is_locked("1550669999005")


def test_reset_a_pending_activation_lets_the_person_register_again(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    first = journey(ctx, *LEA_REGISTRATION)
    assert first[-1]["next"] == "enregistre"
    second = journey(ctx, *LEA_REGISTRATION[:5])
    assert not second[-1]["accepted"]
    assert "inscription" in json.dumps(second[-1]["errors"], ensure_ascii=False).lower()
    service.reset_activation(agent, "2 85 08 2B 999 002")
    third = journey(ctx, *LEA_REGISTRATION)
    assert third[-1]["accepted"] and third[-1]["next"] == "enregistre"
    with pytest.raises(AgentError, match="Aucune inscription en attente"):
        service.reset_activation(agent, PAUL_NIR)  # active accounts are never touched
    assert isinstance(ctx.connectors.retraite.login("1800175999001", "Retraite2024"), Account)
    assert audit_actions(ctx)[-1] == "reinitialisation-inscription"


def test_reprint_a_receipt_with_a_new_resume_code(
    service: AgentService, agent: AgentSession, ctx: Context, tmp_path: Path
) -> None:
    session = ctx.service.start("retraite-creer-espace")
    ctx.service.act(session, "commencer")
    first_pdf = ctx.service.issue_receipt(session, tmp_path / "recu")
    old_code = session.ticket.code if session.ticket else ""
    [line] = service.todays_receipts(agent)
    assert line.procedure == "retraite-creer-espace" and line.terminal == ctx.settings.terminal_id
    pdf = service.reprint_receipt(agent, line.id, tmp_path / "reimpression")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    first = "".join(page.extract_text() for page in PdfReader(first_pdf).pages)
    first_lines, lines = first.splitlines(), text.splitlines()
    where = lines.index("Votre code de reprise :") + 1
    new_code = lines[where].replace(" ", "")
    assert new_code != old_code and first_lines[where].replace(" ", "") == old_code
    assert first_lines[:where] + first_lines[where + 1 :] == lines[:where] + lines[where + 1 :]
    with ctx.store.unit() as repos:
        assert repos.sessions.find_by_resume_code(old_code) is None  # the lost paper's
        found = repos.sessions.find_by_resume_code(new_code)
    assert found is not None and found.id == session.id
    with pytest.raises(AgentError, match="n'existe plus"):
        service.reprint_receipt(agent, "pas-un-recu", tmp_path)
    assert audit_actions(ctx)[-2:] == ["recus-du-jour", "reimpression-recu"]


def test_statistics_by_period(service: AgentService, agent: AgentSession, ctx: Context) -> None:
    aide = (
        {"procedure": "aide"},
        {"wait": "PT2M"},
        {"step": "recherche", "answers": {"question": "mon compte est bloqué"}},
        {"wait": "PT4M"},
        {"step": "reponse"},
    )
    journey(ctx, *aide)  # 6 minutes, completed
    journey(ctx, *aide[:3], {"wait": "PT2M"}, aide[4])  # 4 minutes, completed
    journey(ctx, {"procedure": "aide"})  # stopped at « recherche »
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")  # two sessions, blocked
    journey(ctx, *aide, start="2026-03-04T10:00:00+01:00")  # another day
    agent = service.authenticate(AGENT, PASSWORD)
    figures = service.statistics(agent, DAY, DAY)
    assert (figures.sessions, figures.completed) == (5, 2)
    assert figures.median_minutes == 5.0 and figures.mean_minutes == 5.0
    by_procedure = {p.procedure: p for p in figures.procedures}
    assert by_procedure["aide"].sessions == 3 and by_procedure["aide"].completed == 2
    assert by_procedure["retraite-connexion"].completed == 0
    assert [(s.procedure, s.step, s.count) for s in figures.stops] == [
        ("retraite-connexion", "compte-bloque", 2),
        ("aide", "recherche", 1),
    ]
    assert [(d.flag, d.count) for d in figures.troubles] == [("compte-bloque", 2)]
    week = service.statistics(agent, DAY, DAY + timedelta(days=6))
    assert (week.sessions, week.completed) == (6, 3)
    with pytest.raises(AgentError, match="date de fin"):
        service.statistics(agent, DAY, DAY - timedelta(days=1))
    assert audit_actions(ctx)[-2:] == ["statistiques", "statistiques"]


def test_statistics_csv_export(service: AgentService, agent: AgentSession, ctx: Context) -> None:
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    run_journey(ctx, "creer-espace-parcours-complet")
    text = service.statistics_csv(agent, DAY, DAY)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["indicateur", "demarche", "detail", "valeur"]
    table = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert table[("seances", "", "")] == "3"
    assert table[("terminees", "", "")] == "1"
    assert table[("seances", "retraite-connexion", "")] == "2"
    assert table[("arret", "retraite-connexion", "compte-bloque")] == "2"
    assert table[("difficulte", "", "compte-bloque")] == "2"
    assert table[("periode_debut", "", "")] == "2026-03-02"
    for value in LEA_VALUES:
        assert value not in text
    assert audit_actions(ctx)[-1] == "export-statistiques"


def test_purge_now_removes_what_is_due(
    service: AgentService, agent: AgentSession, ctx: Context, clock: ManualClock
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    assert service.purge_now(agent, PASSWORD).total == 0
    clock.set(clock.now() + timedelta(days=91))
    agent.last_activity = clock.now()
    dry = service.purge_now(agent, dry_run=True)
    assert dry.dry_run and dry.counts["kiosk_sessions"] == 1
    report = service.purge_now(agent, PASSWORD)
    assert report.counts == dry.counts and not report.dry_run
    assert service.purge_now(agent, PASSWORD).total == 0
    with ctx.store.unit() as repos:
        entries = [e for e in reversed(repos.audit.list()) if e.action == "purge"]
    assert [e.details.get("simulation", False) for e in entries] == [False, True, False, False]
    assert entries[2].details["lignes"] == report.counts


def test_export_then_erase_a_person(
    service: AgentService, agent: AgentSession, ctx: Context
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    data = service.export_person(agent, "2 85 08 2B 999 002", PASSWORD)
    assert [a["nir"] for a in data["retraite"]] == [LEA_NIR]
    assert len(data["sessions"]) == 1
    counts = service.erase_person(agent, "2 85 08 2B 999 002", PASSWORD)
    assert counts["retraite_accounts"] == 1 and counts["kiosk_sessions"] == 1
    empty = service.export_person(agent, "2 85 08 2B 999 002", PASSWORD)
    assert all(not rows for rows in empty.values())
    assert service.erase_person(agent, "2 85 08 2B 999 002", PASSWORD) == {}
    assert audit_actions(ctx)[-4:] == [
        "export-personne",
        "effacement-personne",
        "export-personne",
        "effacement-personne",
    ]
