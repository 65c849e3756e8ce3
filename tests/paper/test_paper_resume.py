"""Resuming: a code issued on one terminal resumes on another terminal sharing the store
(SQLite and PostgreSQL), at the step where the session stopped with its public answers;
it fails after its expiry and after the wrong-try limit; and codes cannot be guessed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosque import paper
from kiosque.services import KioskSession
from kiosque.store.repos.sessions import KioskSessions
from tests.paper.conftest import MakeTerminal
from tests.paper.helpers import (
    LEA_PASSWORD,
    PAUL_PASSWORD,
    Terminal,
    paul_ris,
    pdf_text,
    register_lea,
)


def issue_and_leave(terminal: Terminal, session: KioskSession) -> paper.ResumeTicket:
    """The citizen takes the code and leaves with « Terminer et tout effacer »."""
    ticket = terminal.service.resume_code(session)
    terminal.service.end(session, wiped=True)
    assert session.journey.answers == {} and session.ticket is None  # memory wiped
    return ticket


def resumed(result: KioskSession | paper.ResumeRefusal) -> KioskSession:
    assert isinstance(result, KioskSession), result.text()  # type: ignore[union-attr]
    return result


def refused(result: KioskSession | paper.ResumeRefusal, reason: str) -> paper.ResumeRefusal:
    assert isinstance(result, paper.ResumeRefusal), f"resumed {result.id}"  # type: ignore[union-attr]
    assert result.reason == reason, result.text()
    return result


def test_a_code_issued_on_one_terminal_resumes_on_another(
    terminals: MakeTerminal, data_dir: Path
) -> None:
    first, second = terminals("B-01"), terminals("B-02")
    session = register_lea(first)
    ticket = issue_and_leave(first, session)

    typed = ticket.display.lower().replace("-", " ")  # as a person may type it
    again = resumed(second.service.resume(typed))
    assert again.id == session.id
    assert (again.procedure, again.step) == ("retraite-creer-espace", "enregistre")
    identite = again.journey.answers["retraite-creer-espace/identite"]
    assert identite["nom_naissance"] == "N'Diaye" and identite["prenom"] == "Léa"
    contact = again.journey.answers["retraite-creer-espace/contact"]
    assert contact["email"] == "lea.ndiaye@exemple.fr"
    assert "mot_de_passe" not in contact and "reponse_secrete" not in contact

    # the receipt on the second terminal: its name, the same code, the activation date
    text = pdf_text(second.service.issue_receipt(again, data_dir / "s2"))
    assert "borne B-02" in text
    assert ticket.display.replace("-", " ") in text
    assert "Lien d'activation valable jusqu'au 17/03/2026 inclus" in text

    # and the procedure goes on from there, on the second terminal
    second.act(again)
    second.act(again, "ouvrir-lien")
    second.act(again, nir="2 85 08 2B 999 002", mot_de_passe=LEA_PASSWORD)
    assert again.step == "espace-actif"


def test_the_scanned_qr_content_resumes_too(sqlite_terminals: MakeTerminal) -> None:
    first, second = sqlite_terminals("B-01"), sqlite_terminals("B-02")
    ticket = issue_and_leave(first, register_lea(first))
    # a handheld scanner types the whole QR content, then Enter
    assert resumed(second.service.resume(ticket.qr_text)).step == "enregistre"


def test_a_step_that_needs_a_login_resumes_at_the_login_step(
    terminals: MakeTerminal,
) -> None:
    first, second = terminals("B-01"), terminals("B-02")
    second.clock.set(first.clock.now() + timedelta(minutes=10))
    session, _ = paul_ris(first)
    assert session.step == "ris-disponible"
    ticket = issue_and_leave(first, session)

    again = resumed(second.service.resume(ticket.code))
    # the login lived only in the first terminal's memory: log in again
    assert (again.procedure, again.step) == ("retraite-releve-carriere", "connexion")
    view = second.service.view(again)
    assert view.answers["nir"] == "1 80 01 75 999 001"  # public answer, filled in
    assert "mot_de_passe" not in view.answers
    second.act(again, nir="1 80 01 75 999 001", mot_de_passe=PAUL_PASSWORD)
    assert again.step == "mes-services"


def test_a_code_works_to_its_last_day_then_fails(terminals: MakeTerminal) -> None:
    first, second = terminals("B-01"), terminals("B-02")
    ticket = issue_and_leave(first, register_lea(first))
    assert ticket.valid_until.isoformat() == "2026-04-01"  # 30 days (settings default)

    second.clock.set(datetime(2026, 4, 1, 21, 30, tzinfo=UTC))  # 23 h 30 in Paris
    again = resumed(second.service.resume(ticket.code))
    second.service.end(again, wiped=True)

    second.clock.set(datetime(2026, 4, 1, 22, 0, 1, tzinfo=UTC))  # 2 April, 0 h 00 Paris
    refusal = refused(second.service.resume(ticket.code), "expired")
    assert "01/04/2026" in refusal.text()
    assert not second.service.resume_guard.failures  # a known code: not a guess


def test_the_expiry_follows_the_settings(sqlite_terminals: MakeTerminal) -> None:
    first = sqlite_terminals("B-01", resume_code_days=2)
    second = sqlite_terminals("B-02")
    ticket = issue_and_leave(first, register_lea(first))
    assert ticket.valid_until.isoformat() == "2026-03-04"
    second.clock.set(datetime(2026, 3, 4, 23, 30, tzinfo=UTC))  # 5 March in Paris
    refused(second.service.resume(ticket.code), "expired")


def test_a_code_is_locked_after_the_wrong_try_limit(terminals: MakeTerminal) -> None:
    first, second = terminals("B-01"), terminals("B-02")
    ticket = issue_and_leave(first, register_lea(first))
    code = ticket.code
    limit = second.settings.resume_code_max_failures
    assert limit == 5
    for i in range(limit):  # five typos of that code: one wrong character each time
        wrong = next(c for c in paper.ALPHABET if c != code[i])
        typo = code[:i] + wrong + code[i + 1 :]
        refusal = refused(second.service.resume(typo), "typo")
        assert "mal recopié" in refusal.text()
    refusal = refused(second.service.resume(code), "locked")
    assert "bloqué" in refusal.text()
    refused(first.service.resume(code), "locked")  # on every terminal of the store
    with first.context.store.unit() as repos:
        assert repos.sessions.get(ticket_session(first, code)).resume_failures == limit
    # typos are not guesses: the terminal is not braked
    assert not second.service.resume_guard.failures


def ticket_session(terminal: Terminal, code: str) -> str:
    with terminal.context.store.unit() as repos:
        record = repos.sessions.find_by_resume_code(code)
    assert record is not None
    return record.id


def test_the_wrong_try_limit_follows_the_settings(sqlite_terminals: MakeTerminal) -> None:
    first = sqlite_terminals("B-01")
    second = sqlite_terminals("B-02", resume_code_max_failures=2)
    code = issue_and_leave(first, register_lea(first)).code
    for i in range(2):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped == code:  # two equal neighbours: one wrong character instead
            swapped = code[:i] + next(c for c in paper.ALPHABET if c != code[i]) + code[i + 1 :]
        refused(second.service.resume(swapped), "typo")
    refused(second.service.resume(code), "locked")


def test_codes_cannot_be_enumerated(
    terminals: MakeTerminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = terminals("B-01"), terminals("B-02")
    real = issue_and_leave(first, register_lea(first)).code
    lookups: list[str] = []
    original = KioskSessions.find_by_resume_code

    def spy(self: KioskSessions, code: str) -> object:
        lookups.append(code)
        return original(self, code)

    monkeypatch.setattr(KioskSessions, "find_by_resume_code", spy)
    guesses = iter(paper.new_resume_code() for _ in range(100))
    service = second.service
    for _ in range(service.resume_guard.free_tries):
        refusal = refused(service.resume(next(guesses)), "unknown")
        assert refusal.text().startswith("Ce code ne correspond à aucune démarche")
    # the terminal is braked: every try now waits, even the right code, and the store
    # is not even asked
    asked = len(lookups)
    for attempt in (next(guesses), next(guesses), real):
        refusal = refused(service.resume(attempt), "wait")
        assert "attendez 1 minute(s)" in refusal.text()
    assert len(lookups) == asked

    # a minute later one try gets through (a citizen can resume); success does not
    # reset the brake, so guesses cannot be interleaved with a valid code
    second.clock.advance(timedelta(minutes=1))
    service.end(resumed(service.resume(real)), wiped=True)
    refused(service.resume(next(guesses)), "unknown")
    assert "attendez 2 minute(s)" in refused(service.resume(real), "wait").text()

    # the brake is per terminal; the others' are untouched
    assert resumed(first.service.resume(real)).step == "enregistre"


def test_typos_never_brake_the_terminal(sqlite_terminals: MakeTerminal) -> None:
    terminal = sqlite_terminals("B-01")
    for _ in range(30):
        code = paper.new_resume_code()
        typo = code[:-1] + next(c for c in paper.ALPHABET if c != code[-1])
        refused(terminal.service.resume(typo), "typo")
    refused(terminal.service.resume("pas un code"), "format")
    assert not terminal.service.resume_guard.failures


def test_the_code_is_stored_only_as_a_keyed_hash(
    sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    terminal.service.issue_receipt(session, data_dir / "s")
    code = session.ticket.code  # type: ignore[union-attr]
    terminal.context.close()
    for name in ("kiosque.db", "kiosque.db-wal"):
        path = data_dir / name
        if path.exists():
            raw = path.read_bytes()
            for form in (code, code.lower(), paper.display_code(code)):
                assert form.encode() not in raw, name
    with sqlite3.connect(data_dir / "kiosque.db") as db:
        (stored,) = db.execute("SELECT resume_code_hash FROM kiosk_sessions").fetchone()
    assert stored and len(stored) == 64 and code not in stored


def test_leaving_without_a_code_still_wipes_the_answers(sqlite_terminals: MakeTerminal) -> None:
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    terminal.service.end(session, wiped=True)
    with terminal.context.store.unit() as repos:
        record = repos.sessions.get(session.id)
    assert record is not None and record.status == "wiped" and record.answers == {}


def test_one_code_per_visit(sqlite_terminals: MakeTerminal, data_dir: Path) -> None:
    first, second = sqlite_terminals("B-01"), sqlite_terminals("B-02")
    session = register_lea(first)
    one = first.service.resume_code(session)
    first.act(session)  # on to the mailbox: same code, QR for the step reached
    assert first.service.resume_code(session).code == one.code
    first.service.end(session, wiped=True)
    again = resumed(second.service.resume(one.code))
    assert again.step == "messagerie"
    assert second.service.resume_code(again).code == one.code
