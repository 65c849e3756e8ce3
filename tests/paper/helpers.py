"""Helpers of the paper tests: kiosk terminals (headless contexts) sharing one store,
real journeys through the service, and reading PDFs and QR codes back."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosque.clock import ManualClock
from kiosque.context import Context
from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.procedures.engine import Outcome
from kiosque.services import KioskService, KioskSession
from kiosque.settings import Settings

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 9 h in Paris
SITE = "France Services de Lyon 8e"
SECRET_FIELDS = frozenset(
    {"mot_de_passe", "mot_de_passe_confirmation", "reponse_secrete", "code", "code_securite"}
)

LEA_IDENTITY = {
    "nir": "2 85 08 2B 999 002",
    "civilite": "Madame",
    "nom_naissance": "N'Diaye",
    "prenom": "Léa",
    "date_naissance": "21/08/1985",
    "conditions_acceptees": True,
    "code_securite": "@affiche",
}
LEA_ADDRESS = {
    "pays": "FR",
    "code_postal": "20000",
    "ville": "2A004",
    "numero_voie": "3",
    "complement": "",
    "nom_voie": "cours Napoléon",
}
LEA_PASSWORD = "Corse2024Mer"
LEA_ANSWER = "Jean Moulin"
LEA_CONTACT = {
    "telephone": "06 98 76 54 32",
    "email": "lea.ndiaye@exemple.fr",
    "email_confirmation": "lea.ndiaye@exemple.fr",
    "mot_de_passe": LEA_PASSWORD,
    "mot_de_passe_confirmation": LEA_PASSWORD,
    "question_secrete": "premiere-ecole",
    "reponse_secrete": LEA_ANSWER,
}
LEA_NIR = "285082B999002"
PAUL_NIR = "1800175999001"
PAUL_PASSWORD = "Retraite2024"
PAUL_ANSWER = "Médor"


@dataclass
class Terminal:
    """One kiosk terminal: its settings, its context, its service (with the settings)."""

    settings: Settings
    context: Context
    clock: ManualClock
    secrets_typed: list[str] = field(default_factory=list)  # passwords, answers, codes

    @property
    def service(self) -> KioskService:
        return self.context.service

    def act(self, session: KioskSession, action: str = "next", **answers: Any) -> Outcome:
        """One action, typing what a person reads on screen for ``@affiche``/``@recu``."""
        state = session.journey.state
        typed: dict[str, object] = dict(answers)
        if typed.get("code_securite") == "@affiche":
            typed["code_securite"] = state[CHALLENGE].text
        if typed.get("code") == "@recu":
            typed["code"] = state[INBOX][0].code
        self.secrets_typed += [str(v) for k, v in typed.items() if k in SECRET_FIELDS]
        outcome = self.service.act(session, action, typed)
        assert outcome.accepted, {k: [m.text() for m in v] for k, v in outcome.errors.items()}
        return outcome


def register_lea(terminal: Terminal) -> KioskSession:
    """Léa creates her space up to « Enregistré » (the activation e-mail is sent)."""
    service = terminal.service
    session = service.start("retraite-creer-espace")
    terminal.act(session, "commencer")
    terminal.act(session, resultat="officiel")
    terminal.act(session, "je-cree-mon-espace")
    terminal.act(session, **LEA_IDENTITY)
    terminal.act(session, **LEA_ADDRESS)
    terminal.act(session, **LEA_CONTACT)
    assert session.step == "enregistre"
    return session


def paul_ris(terminal: Terminal) -> tuple[KioskSession, Outcome]:
    """Paul logs in, asks for his RIS, waits, refreshes and downloads it."""
    service = terminal.service
    session = service.start("retraite-releve-carriere")
    terminal.act(session, nir="1 80 01 75 999 001", mot_de_passe=PAUL_PASSWORD)
    terminal.act(session)
    terminal.act(session, "demander-ris")
    terminal.clock.advance(timedelta(minutes=6))
    terminal.act(session, "rafraichir")
    assert session.step == "ris-disponible"
    return session, terminal.act(session, "telecharger")


# -- reading documents back ------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """All the text, whitespace made single spaces."""
    pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    return " ".join(" ".join(pages).split())


def no_space(value: str) -> str:
    return "".join(value.split())


def need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} (Debian package {package}) is not installed")
    return found


def render_pages(pdf: Path, out_dir: Path, dpi: int = 150) -> list[Path]:
    need("pdftoppm", "poppler-utils")
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=60
    )
    pages = sorted(out_dir.glob(f"{pdf.stem}*.png"))
    assert pages, f"pdftoppm wrote no page for {pdf.name}"
    return pages


def decode_qr(images: list[Path]) -> list[str]:
    """Every QR code zbar finds in the images (a real decoder)."""
    need("zbarimg", "zbar-tools")
    found: list[str] = []
    for image in images:
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        found += [line for line in result.stdout.splitlines() if line]
    return found


def personal_values(answers: Mapping[str, Any]) -> list[str]:
    """The values a QR code must never carry, in the forms they may take."""
    out: list[str] = []
    for value in answers.values():
        text = str(value)
        if len(text) >= 4:
            out += [text, no_space(text), text.lower(), no_space(text).lower()]
    return out


def lea_space_ready(terminal: Terminal) -> KioskSession:
    """Léa registers, opens the link, activates her space and logs in: « Mes services »,
    the last step of « Créer mon espace personnel »."""
    session = register_lea(terminal)
    terminal.act(session)
    terminal.act(session, "ouvrir-lien")
    terminal.act(session, nir="2 85 08 2B 999 002", mot_de_passe=LEA_PASSWORD)
    terminal.act(session)
    terminal.act(session, nir="2 85 08 2B 999 002", mot_de_passe=LEA_PASSWORD)
    assert session.step == "mes-services"
    return session
