"""The documents' inputs: what they hold, and what they refuse to hold."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime

import pytest

from kiosque.documents.model import (
    ReceiptData,
    RisData,
    contains_full_nir,
    format_resume_code,
    looks_masked,
    mask_nir,
    retraite_phones,
)
from tests.documents.helpers import PAUL_NIR

MakeReceipt = Callable[..., ReceiptData]
SECRET_WORDS = ("password", "passe", "secret_answer", "reponse", "answer", "sms", "otp", "pin")


def test_mask_nir_keeps_only_the_first_digit_and_the_last_three() -> None:
    assert mask_nir(PAUL_NIR) == "1 •• •• •• ••• 001"
    assert mask_nir("2 85 08 2B 999 002") == "2 •• •• •• ••• 002"
    assert mask_nir("285082b999002") == "2 •• •• •• ••• 002"


@pytest.mark.parametrize("bad", ["", "180017599900", "18001759990011", "1800175999O01", "x" * 13])
def test_mask_nir_refuses_what_is_not_a_nir_without_repeating_it(bad: str) -> None:
    with pytest.raises(ValueError) as error:
        mask_nir(bad)
    assert bad == "" or bad not in str(error.value)


def test_masked_nir_has_at_most_four_digits() -> None:
    assert looks_masked(mask_nir(PAUL_NIR))
    assert not looks_masked(PAUL_NIR)
    assert not looks_masked("1 80 01 75 999 001")


def test_ris_data_refuses_a_full_nir(paul_ris: Callable[..., RisData]) -> None:
    with pytest.raises(ValueError):
        paul_ris(nir_masked=PAUL_NIR)
    with pytest.raises(ValueError):
        paul_ris(nir_masked="1 80 01 75 999 001")


def test_receipt_data_refuses_a_naive_datetime(receipt_data: MakeReceipt) -> None:
    with pytest.raises(ValueError):
        receipt_data(issued_at=datetime(2026, 3, 2, 9, 5))


@pytest.mark.parametrize("model", [ReceiptData, RisData])
def test_no_field_can_carry_a_password_an_answer_or_a_received_code(model: type) -> None:
    names = [f.name.lower() for f in dataclasses.fields(model)]
    assert names, "the model has fields"
    leaks = [n for n in names for word in SECRET_WORDS if word in n]
    assert leaks == []


@pytest.mark.parametrize(
    "field",
    ["identifiers", "resume_url", "next_steps", "steps_done", "procedure_title"],
)
def test_receipt_data_refuses_a_full_nir_anywhere(receipt_data: MakeReceipt, field: str) -> None:
    leaks = {
        "identifiers": (("N° de sécurité sociale", "1 80 01 75 999 001"),),
        "resume_url": f"https://www.lassuranceretraite.fr/reprise?nir={PAUL_NIR}",
        "next_steps": (f"Tapez {PAUL_NIR}",),
        "steps_done": ("2 85 08 2b 999 002",),
        "procedure_title": f"x{PAUL_NIR}x",
    }
    with pytest.raises(ValueError):
        receipt_data(**{field: leaks[field]})


def test_a_foreign_phone_number_is_not_taken_for_a_nir(receipt_data: MakeReceipt) -> None:
    phone = ("Téléphone", "2120612345678")  # XXX0123456789, as the seed writes it
    assert contains_full_nir(phone[1])  # 13 digits: it would look like one…
    assert phone in receipt_data(identifiers=(phone,)).identifiers  # …but it is accepted


def test_phone_numbers_and_codes_are_not_taken_for_a_nir() -> None:
    for value in ("0 971 10 20 10", "3960", "0033612345678", "K7P4Q9XM", "17/03/2026"):
        assert not contains_full_nir(value)
    assert contains_full_nir("1 80 01 75 999 001") and contains_full_nir("285082B999002")


def test_the_models_are_frozen(receipt_data: MakeReceipt) -> None:
    data = receipt_data()
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.resume_code = "X"  # type: ignore[misc]


def test_resume_code_is_grouped_for_reading() -> None:
    assert format_resume_code("K7P4Q9XM") == "K7P4 Q9XM"
    assert format_resume_code("k7p-4q9 xm") == "k7p4 q9xm"
    assert format_resume_code("ABCDEFGHIJ") == "ABCD EFGH IJ"
    assert format_resume_code("") == ""


def test_retraite_phones_give_both_numbers_with_their_hours() -> None:
    assistance, caisse = retraite_phones()
    assert "0 971 10 20 10" in assistance
    assert "du lundi au vendredi de 8h à 17h" in assistance
    assert "prix d'un appel local" in assistance
    assert "3960" in caisse and "de 8h à 17h" in caisse


def test_deadline_dates_are_dates(receipt_data: MakeReceipt) -> None:
    assert all(isinstance(day, date) for _, day in receipt_data().deadlines)


@pytest.mark.parametrize(
    "module",
    ["kiosque.documents.model", "kiosque.documents.career", "kiosque.documents.fmt"],
)
def test_pure_modules_import_neither_reportlab_nor_qt_nor_sqlalchemy(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reportlab', 'qrcode', 'PySide6', 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_qr_matrix_needs_no_reportlab() -> None:
    # (qrcode itself imports Pillow when it is installed, as reportlab's dependency;
    # the matrix does not use it.)
    code = (
        "import sys\n"
        "from kiosque.documents.qr import qr_matrix\n"
        "qr_matrix('https://www.lassuranceretraite.fr/')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('reportlab',))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
