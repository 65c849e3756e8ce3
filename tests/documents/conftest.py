"""Fixtures of the document tests: a receipt and paul-martin's RIS, changeable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from kiosque.documents.model import ReceiptData, RisData, mask_nir, retraite_phones
from tests.documents.helpers import PAUL_NIR, RESUME_URL, career, persona


@pytest.fixture
def receipt_data() -> Callable[..., ReceiptData]:
    def make(**changes: Any) -> ReceiptData:
        values: dict[str, Any] = {
            "site_name": "France Services de Lyon 8e",
            "terminal_id": "B-02",
            "issued_at": datetime(2026, 3, 2, 8, 5, tzinfo=UTC),  # 9 h 05 in Paris
            "procedure_title": "Créer mon espace personnel — l'Assurance retraite",
            "steps_done": ("Votre identité", "Votre adresse", "Vos informations de contact"),
            "steps_todo": (
                "Ouvrir l'e-mail d'activation",
                "Activer votre espace personnel",
            ),
            "identifiers": (
                ("N° de sécurité sociale", mask_nir(PAUL_NIR)),
                ("Adresse e-mail", "paul.martin@exemple.fr"),
                ("Question secrète", "Quel était le nom de votre premier animal ?"),
            ),
            "deadlines": (("Lien d'activation", date(2026, 3, 17)),),
            "next_steps": (
                "Ouvrez votre messagerie aujourd'hui.",
                "Cliquez sur « Je confirme la création de mon espace personnel ».",
            ),
            "phones": retraite_phones(),
            "resume_code": "K7P4Q9XM",
            "resume_url": RESUME_URL,
            "practice": True,
            "resume_valid_until": date(2026, 3, 9),
        }
        values.update(changes)
        return ReceiptData(**values)

    return make


@pytest.fixture
def paul_ris() -> Callable[..., RisData]:
    def make(**changes: Any) -> RisData:
        p = persona("paul-martin")
        values: dict[str, Any] = {
            "nom": p["nom_naissance"],
            "prenom": p["prenom"],
            "nir_masked": mask_nir(p["nir"]),
            "birth_date": date.fromisoformat(p["date_naissance"]),
            "document_date": date(2026, 3, 2),
            "lines": career("paul-martin"),
            "practice": True,
        }
        values.update(changes)
        return RisData(**values)

    return make
