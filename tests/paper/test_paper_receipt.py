"""The receipt of real sessions (driven through the service on a fresh store): every
promised item, never a secret or a full NIR, hostile text printed literally, the QR code
decoded from the printed page; and paul-martin's RIS summary."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from kiosque import paper
from kiosque.documents.model import contains_full_nir, format_resume_code
from kiosque.documents.ris import ris_paths
from kiosque.procedures.loader import load_catalogue
from kiosque.procedures.model import Catalogue
from kiosque.replay import parse_journey, play
from kiosque.services import KioskService, KioskSession
from tests.paper.conftest import MakeTerminal
from tests.paper.helpers import (
    LEA_ADDRESS,
    LEA_ANSWER,
    LEA_CONTACT,
    LEA_IDENTITY,
    LEA_NIR,
    LEA_PASSWORD,
    PAUL_ANSWER,
    PAUL_NIR,
    PAUL_PASSWORD,
    SECRET_FIELDS,
    SITE,
    decode_qr,
    no_space,
    paul_ris,
    pdf_text,
    personal_values,
    register_lea,
    render_pages,
)

JOURNEYS = Path(__file__).resolve().parent.parent / "journeys"


def assert_no_secret(text: str, secrets: list[str], nirs: list[str]) -> None:
    compact = no_space(text)
    for secret in secrets:
        if len(secret) >= 3:
            assert secret not in text and no_space(secret) not in compact, secret
    for nir in nirs:
        assert no_space(nir)[:13] not in compact
    assert not contains_full_nir(text)


def test_receipt_after_registering_prints_every_required_item(
    terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    ticket = session.ticket
    assert ticket is not None and pdf.parent == data_dir / "session"
    text = pdf_text(pdf)
    expected = [
        f"{SITE} — borne B-01",  # site and terminal, from the settings
        "le 2 mars 2026 à 9 h 00",  # date and time (Paris)
        "Créer mon espace personnel — l'Assurance retraite",  # the procedure
        "Ce que vous avez fait",
        "Votre identité",
        "Je saisis mon adresse",
        "Vos informations de contact",  # steps done, in order
        "Ce qu'il reste à faire",
        "Ma messagerie",
        "Activation de votre espace personnel",  # steps still to do
        "2 •• •• •• ••• 002",  # NIR masked: its first digit and last three
        "lea.ndiaye@exemple.fr",  # e-mail
        "Quel est le nom de votre première école ?",  # the question's wording
        "Lien d'activation valable jusqu'au 17/03/2026 inclus",  # deadline (15 days)
        "Ouvrez votre messagerie et cherchez l'e-mail de l'Assurance retraite",  # next
        "0 971 10 20 10",
        "du lundi au vendredi de 8h à 17h",
        "prix d'un appel local",
        "3960",  # phones and hours
        format_resume_code(ticket.code),  # the resume code, in groups
        "valable jusqu'au 01/04/2026 inclus",  # its expiry (30 days)
        "Mode entraînement",
    ]
    assert [item for item in expected if item not in text] == []
    assert text.index("Votre identité") < text.index("Je saisis mon adresse")
    assert_no_secret(text, [LEA_PASSWORD, LEA_ANSWER, *terminal.secrets_typed], [LEA_NIR])
    assert "premiere-ecole" not in text  # the wording, not the id


def test_receipt_is_committed_before_its_pdf_and_keeps_no_code(
    terminals: MakeTerminal, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    with terminal.context.store.unit() as repos:
        rows = repos.receipts.list_for_session(session.id)
    assert [r.id for r in rows] == [pdf.stem.removeprefix("recu-")]
    stored = json.dumps(rows[0].content, ensure_ascii=False)
    assert session.ticket is not None and session.ticket.code not in stored
    assert rows[0].terminal == "B-01" and rows[0].procedure == "retraite-creer-espace"

    import kiosque.documents.receipt as receipt_module

    def broken(*_args: Any) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(receipt_module, "render_receipt", broken)
    with pytest.raises(OSError):
        terminal.service.issue_receipt(session, data_dir / "session")
    with terminal.context.store.unit() as repos:
        assert len(repos.receipts.list_for_session(session.id)) == 2  # committed first


def test_the_qr_code_of_the_printed_receipt_opens_the_official_page_with_the_code(
    sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = sqlite_terminals("B-01")
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    ticket = session.ticket
    assert ticket is not None
    decoded = decode_qr(render_pages(pdf, data_dir / "png"))
    assert decoded == [ticket.qr_text]
    assert ticket.qr_text == f"https://www.lassuranceretraite.fr/#reprise-{ticket.code}"
    assert paper.read_typed_code(decoded[0]) == ticket.code
    forbidden = personal_values({**LEA_IDENTITY, **LEA_ADDRESS, **LEA_CONTACT, "nir2": LEA_NIR})
    for value in forbidden:
        assert value not in decoded[0], value
    assert not contains_full_nir(decoded[0])


HOSTILE_SITE = "<b>France & Services</para> \u202eLyon 😀 " + "A" * 200
HOSTILE_TERMINAL = "<b>B&1</para>"


def _hostile_catalogue() -> Catalogue:
    catalogue = load_catalogue()
    procedures = dict(catalogue.procedures)
    proc = procedures["retraite-creer-espace"]
    steps = tuple(
        dataclasses.replace(s, title="Votre identité <b>&</para>") if s.id == "identite" else s
        for s in proc.steps
    )
    procedures[proc.id] = dataclasses.replace(
        proc, title="Créer <i>mon</i> espace & </para>", steps=steps
    )
    return dataclasses.replace(catalogue, procedures=MappingProxyType(procedures))


def test_hostile_texts_print_literally(sqlite_terminals: MakeTerminal, data_dir: Path) -> None:
    """The site name and terminal (settings) and the catalogue's titles (data files)
    may hold anything: markup prints as typed, invisible and undrawable characters as
    « ? », a 200-character name whole."""
    terminal = sqlite_terminals(
        HOSTILE_TERMINAL, site_name=HOSTILE_SITE, catalogue=_hostile_catalogue()
    )
    session = register_lea(terminal)
    pdf = terminal.service.issue_receipt(session, data_dir / "session")
    text = pdf_text(pdf)
    assert "<b>France & Services</para>" in text
    assert "borne <b>B&1</para>" in text
    assert "Créer <i>mon</i> espace & </para>" in text
    assert "Votre identité <b>&</para>" in text
    assert "A" * 200 in no_space(text)
    assert "\u202e" not in text and "😀" not in text
    assert "?Lyon ?" in text  # each replaced run is one visible « ? »
    assert_no_secret(text, [LEA_PASSWORD, LEA_ANSWER, *terminal.secrets_typed], [LEA_NIR])


def test_forgotten_password_receipt_shows_the_question_never_the_answer(
    terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = terminals("B-01")
    session = terminal.service.start("retraite-connexion")
    terminal.act(session, "mot-de-passe-oublie")
    terminal.act(session, nir="1 80 01 75 999 001")
    assert session.step == "question-secrete"
    text = pdf_text(terminal.service.issue_receipt(session, data_dir / "s"))
    assert "Quel était le nom de votre premier animal de compagnie ?" in text
    assert "1 •• •• •• ••• 001" in text
    terminal.act(session, reponse_secrete=PAUL_ANSWER)
    terminal.act(session, mot_de_passe="Rivoli2025x", mot_de_passe_confirmation="Rivoli2025x")
    text = pdf_text(terminal.service.issue_receipt(session, data_dir / "s"))
    assert_no_secret(
        text, [PAUL_ANSWER, "Rivoli2025x", PAUL_PASSWORD, *terminal.secrets_typed], [PAUL_NIR]
    )


def test_caf_receipt_masks_the_identifier_and_never_prints_the_sms_code(
    terminals: MakeTerminal, data_dir: Path
) -> None:
    terminal = terminals("B-01")
    session = terminal.service.start("caf-connexion")
    terminal.act(session)
    terminal.act(session, "mot-de-passe-oublie")
    terminal.act(session, identifiant="2 85 08 2B 999 002", canal="sms")
    terminal.act(session, code="@recu")
    terminal.act(session, mot_de_passe="Nouveau2026", mot_de_passe_confirmation="Nouveau2026")
    terminal.act(session, identifiant="2 85 08 2B 999 002", mot_de_passe="Nouveau2026")
    assert session.step == "mon-compte"
    text = pdf_text(terminal.service.issue_receipt(session, data_dir / "s"))
    assert "Identifiant CAF 2 •• •• •• ••• 002" in text
    assert "Me connecter à Mon Compte CAF" in text or "Mon Compte" in text
    assert "https://www.caf.fr/" in session.ticket.qr_text  # type: ignore[union-attr]
    assert_no_secret(text, ["Nouveau2026", *terminal.secrets_typed], [LEA_NIR])


class RecordingService(KioskService):
    """Issues a receipt for every session the replay ends or leaves finished."""

    def __init__(self, base: KioskService, folder: Path) -> None:
        super().__init__(
            base.engine, base.store, base.clock, terminal=base.terminal, settings=base.settings
        )
        self.folder = folder
        self.sessions: list[KioskSession] = []
        self.receipts: list[Path] = []
        self.typed: list[dict[str, object]] = []

    def start(self, procedure_id: str) -> KioskSession:
        session = super().start(procedure_id)
        self.sessions.append(session)
        return session

    def act(
        self, session: KioskSession, action: str = "next", answers: dict[str, object] | None = None
    ) -> Any:
        self.typed.append(dict(answers or {}))
        return super().act(session, action, answers)

    def end(self, session: KioskSession, *, wiped: bool) -> None:
        self.receipts.append(self.issue_receipt(session, self.folder))
        super().end(session, wiped=wiped)


@pytest.mark.parametrize(
    "journey",
    sorted(p for p in JOURNEYS.glob("*.json") if p.name != "expected.json"),
    ids=lambda p: p.stem,
)
def test_every_recorded_journey_gets_a_receipt_without_secrets(
    journey: Path, sqlite_terminals: MakeTerminal, data_dir: Path
) -> None:
    """Issued at the end of every procedure of every recorded path (SPEC §2)."""
    terminal = sqlite_terminals("B-01")
    service = RecordingService(terminal.service, data_dir / "recus")
    plan = parse_journey(journey.read_text(encoding="utf-8"), terminal.context.catalogue)
    for _line in play(plan, service, terminal.clock):
        pass
    for session in service.sessions:
        if session.journey.visited:  # finished, never ended: still in memory
            service.receipts.append(service.issue_receipt(session, service.folder))
    assert service.receipts
    typed = service.typed
    secrets = [str(v) for a in typed for k, v in a.items() if k in SECRET_FIELDS]
    nirs = [str(v) for a in typed for k, v in a.items() if k in ("nir", "identifiant")]
    nirs = [n for n in nirs if contains_full_nir(n)]
    for receipt in service.receipts:
        text = pdf_text(receipt)
        assert "Récapitulatif de votre démarche" in text
        assert "Votre code de reprise" in text
        assert_no_secret(text, secrets, nirs)


def test_paul_martins_ris_summary_names_his_short_years_and_gap(
    terminals: MakeTerminal,
) -> None:
    terminal = terminals("B-01")
    session, outcome = paul_ris(terminal)
    assert len(outcome.documents) == 1
    ris = Path(outcome.documents[0])
    with terminal.context.store.unit() as repos:
        account = repos.retraite.find_by_nir(PAUL_NIR)
    assert account is not None
    summary = ris_paths(account.id, terminal.clock.now().date(), ris.parent)[1]
    assert ris.is_file() and summary.is_file()
    text = pdf_text(summary)
    assert "Les années à vérifier" in text
    assert "1998 : 2 trimestres seulement" in text  # short year
    assert "2015 : 3 trimestres seulement" in text  # short year
    assert "2001 : des revenus" in text and "aucun trimestre" in text  # income, no quarter
    assert "De 2003 à 2004 : rien n'apparaît sur votre relevé" in text  # the gap
    assert "Paul" in text and PAUL_NIR not in no_space(text)
    ris_text = pdf_text(ris)
    assert "Relevé de situation individuelle" in ris_text
    assert "1 •• •• •• ••• 001" in ris_text and PAUL_NIR not in no_space(ris_text)
    assert "Document d'entraînement" in ris_text
    # and the receipt of that session says what to check
    receipt = pdf_text(terminal.service.issue_receipt(session, ris.parent / "s"))
    assert "Vérifiez surtout les années avec moins de 4 trimestres" in receipt
