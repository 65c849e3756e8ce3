"""The receipt: every promised item is printed, no secret ever is, the QR code scans."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosque.documents import fonts
from kiosque.documents.model import ReceiptData
from kiosque.documents.receipt import render_receipt
from tests.documents.helpers import (
    HOSTILE,
    PAUL_NIR,
    RESUME_URL,
    no_space,
    pdf_pages,
    pdf_text,
    png_pages,
)

MakeReceipt = Callable[..., ReceiptData]


@pytest.fixture
def receipt(tmp_path: Path, receipt_data: MakeReceipt) -> Path:
    return render_receipt(receipt_data(), tmp_path / "recu.pdf")


def test_receipt_prints_every_promised_item(receipt: Path) -> None:
    text = pdf_text(receipt)
    expected = [
        "Récapitulatif de votre démarche",
        "France Services de Lyon 8e",  # site
        "borne B-02",  # terminal
        "le 2 mars 2026 à 9 h 05",  # date and time, Paris
        "Créer mon espace personnel — l'Assurance retraite",  # procedure
        "Ce que vous avez fait",
        "Votre identité",
        "Vos informations de contact",  # steps done
        "Ce qu'il reste à faire",
        "Ouvrir l'e-mail d'activation",
        "Activer votre espace personnel",  # steps to do
        "1 •• •• •• ••• 001",  # masked NIR
        "paul.martin@exemple.fr",  # e-mail
        "Quel était le nom de votre premier animal ?",  # secret question wording
        "Lien d'activation valable jusqu'au 17/03/2026 inclus",  # deadline
        "Ouvrez votre messagerie aujourd'hui.",
        "Cliquez sur « Je confirme la création de mon espace personnel ».",  # next steps
        "0 971 10 20 10, du lundi au vendredi de 8h à 17h (prix d'un appel local)",
        "3960, du lundi au vendredi de 8h à 17h",  # both phones, with hours
        "K7P4 Q9XM",  # resume code, in groups
        "valable jusqu'au 09/03/2026 inclus",  # resume code expiry
        "visez ce QR code",
        "tapez ce code",
        "Mode entraînement : ce n'est pas un vrai compte",  # practice banner
        "Aucun vrai compte n'a été créé",
        "Page 1 sur",
    ]
    missing = [item for item in expected if item not in text]
    assert missing == []


def test_receipt_never_prints_a_full_nir(receipt: Path) -> None:
    assert PAUL_NIR not in no_space(pdf_text(receipt))
    assert "1800175999" not in no_space(pdf_text(receipt))


def test_receipt_refuses_an_identifier_naming_a_secret(
    tmp_path: Path, receipt_data: MakeReceipt
) -> None:
    for label in ("Mot de passe", "Réponse secrète", "Code reçu par SMS"):
        data = receipt_data(identifiers=((label, "Retraite2024"),))
        with pytest.raises(ValueError):
            render_receipt(data, tmp_path / "secret.pdf")
    assert not (tmp_path / "secret.pdf").exists()
    assert list(tmp_path.iterdir()) == []  # no half-written temporary file either


def test_receipt_without_practice_has_no_banner(tmp_path: Path, receipt_data: MakeReceipt) -> None:
    text = pdf_text(render_receipt(receipt_data(practice=False), tmp_path / "r.pdf"))
    assert "Mode entraînement" not in text
    assert "compte d'entraînement" not in text


def test_receipt_without_steps_or_expiry_still_says_something(
    tmp_path: Path, receipt_data: MakeReceipt
) -> None:
    data = receipt_data(steps_done=(), steps_todo=(), deadlines=(), resume_valid_until=None)
    text = pdf_text(render_receipt(data, tmp_path / "r.pdf"))
    assert "Aucune étape n'est encore terminée." in text
    assert "Rien : cette démarche est terminée." in text
    assert "Ce code n'est valable que quelques jours." in text


def test_receipt_pages_are_numbered(receipt: Path) -> None:
    pages = pdf_pages(receipt)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in " ".join(page.split())


def test_receipt_embeds_only_atkinson_and_keeps_personal_data_out_of_metadata(
    receipt: Path,
) -> None:
    reader = PdfReader(str(receipt))
    seen = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            seen.add(str(font["/BaseFont"]).split("+")[-1])
    assert seen and all(name.startswith("AtkinsonHyperlegible") for name in seen), seen
    meta = reader.metadata
    assert meta is not None and meta.title and meta.author
    # the dates are not personal, and "D:20261130001951" would contain "001" after midnight
    everything = " ".join(str(v) for k, v in meta.items() if "Date" not in k)
    for personal in ("paul", "martin", "001", "K7P4", "Lyon"):
        assert personal.lower() not in everything.lower()


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_print_literally(
    tmp_path: Path, receipt_data: MakeReceipt, hostile: str
) -> None:
    value = f"Du{hostile}pont"
    data = receipt_data(
        site_name=value,
        procedure_title=value,
        steps_done=(value,),
        identifiers=(("Nom", value), ("Adresse e-mail", "paul.martin@exemple.fr")),
        next_steps=(value,),
    )
    text = no_space(pdf_text(render_receipt(data, tmp_path / "r.pdf")))
    expected = no_space(fonts.printable(value))
    assert text.count(expected) >= 4
    if hostile in ("<b>", "&", "</para>", "A" * 200):
        assert expected == value  # printed as typed, not read as markup
    else:
        assert "?" in expected and hostile not in text  # replaced, visibly


def test_receipt_renders_to_png(tmp_path: Path, receipt: Path) -> None:
    pages = png_pages(receipt, tmp_path, 60)
    assert len(pages) == len(PdfReader(str(receipt)).pages)
    assert all(page.stat().st_size > 1000 for page in pages)


def test_qr_code_scans_to_the_resume_url_and_carries_no_personal_data(
    tmp_path: Path, receipt_data: MakeReceipt
) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian package zbar-tools) is not installed")
    data = receipt_data()
    pdf = render_receipt(data, tmp_path / "recu.pdf")
    decoded = []
    for page in png_pages(pdf, tmp_path, 150):
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", str(page)], capture_output=True, text=True, timeout=60
        )
        decoded += [line for line in result.stdout.splitlines() if line]
    assert decoded == [RESUME_URL] == [data.resume_url]
    for personal in (PAUL_NIR, "1 •• ••", "paul", "martin", "exemple.fr", "MARTIN"):
        assert personal not in decoded[0]


def test_receipt_replaces_an_existing_file_atomically(
    tmp_path: Path, receipt_data: MakeReceipt
) -> None:
    out = tmp_path / "sub" / "recu.pdf"
    render_receipt(receipt_data(), out)
    render_receipt(receipt_data(terminal_id="B-09"), out)
    assert "borne B-09" in pdf_text(out)
    assert [p.name for p in out.parent.iterdir()] == ["recu.pdf"]


def test_receipt_deadline_uses_the_given_label_and_date(
    tmp_path: Path, receipt_data: MakeReceipt
) -> None:
    data = receipt_data(deadlines=(("Mot de passe provisoire", date(2026, 4, 1)),))
    text = pdf_text(render_receipt(data, tmp_path / "r.pdf"))
    assert "Mot de passe provisoire valable jusqu'au 01/04/2026 inclus" in text
