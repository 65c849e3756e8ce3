"""The kiosk's screens (pytest-qt, offscreen): the end screen with the code and the QR
code the paper prints, « Mon reçu » at any step, « Reprendre une démarche »; and nothing
of them left on screen after the session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kiosque.documents.qr import qr_matrix
from kiosque.ui import end as end_module
from kiosque.ui.end import ReceiptScreen
from kiosque.ui.printing import PrintError
from kiosque.ui.resume import ResumeScreen
from tests.paper.conftest import Kiosk, MakeTerminal
from tests.paper.helpers import decode_qr, lea_space_ready, pdf_text, register_lea

SHOTS = os.environ.get("KIOSQUE_PAPER_SHOTS", "")


def shot(kiosk: Kiosk, name: str, tmp_path: Path) -> Path:
    """The window as a person sees it (kept in $KIOSQUE_PAPER_SHOTS when set)."""
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert kiosk.window.grab().save(str(path))
    return path


def finish_lea_in_the_window(kiosk: Kiosk) -> None:
    session = lea_space_ready(kiosk.terminal)
    # the same service the window uses (the terminal's, with its settings)
    kiosk.window.show_session(session)
    kiosk.click(kiosk.window.wizard.main_button)  # « Terminer » on the last step


def test_end_screen_shows_the_code_and_the_papers_qr_code(kiosk: Kiosk, tmp_path: Path) -> None:
    finish_lea_in_the_window(kiosk)
    window = kiosk.window
    screen = window.end
    assert window.stack.currentWidget() is screen
    session = window.session
    assert session is not None and session.ticket is not None
    ticket = session.ticket
    assert screen.panel.isVisible()
    assert screen.panel.code.text() == ticket.display
    spoken = screen.panel.code.accessibleName()  # read character by character
    assert spoken.startswith("Votre code de reprise est :")
    assert "".join(ch for ch in spoken.split(":", 1)[1] if ch.isalnum()) == ticket.code
    qr = screen.panel.qr
    assert qr.text == ticket.qr_text
    # the matrix on screen, read back pixel by pixel, is the one the receipt prints
    assert qr.read_back() == qr_matrix(ticket.qr_text)
    assert qr.accessibleName() == "QR code de reprise"
    assert "téléphone" in qr.accessibleDescription()
    # and a real decoder reads the screen like the paper
    path = shot(kiosk, "ecran-fin", tmp_path)
    assert decode_qr([path]) == [ticket.qr_text]
    assert screen.pdf is not None and screen.pdf.is_file()
    assert screen.pdf.parent == window.session_folder(session)
    assert decode_qr_pdf(screen.pdf, tmp_path) == [ticket.qr_text]
    assert screen.print_button.isEnabled()
    assert screen.print_button.text() == "Imprimer mon reçu"
    assert screen.button.text() == "Terminer"

    # the largest text: the code grows with it, the QR code still reads
    small = screen.panel.code.font().pixelSize()
    window.set_text_size(3)
    kiosk.settle()
    assert screen.panel.code.font().pixelSize() > small
    assert decode_qr([shot(kiosk, "ecran-fin-A++", tmp_path)]) == [ticket.qr_text]
    window.set_text_size(1)
    kiosk.settle()

    folder = window.session_folder(session)
    kiosk.click(screen.button)  # « Terminer »
    assert window.stack.currentWidget() is window.home
    assert screen.panel.code.text() == "" and screen.panel.qr.matrix == ()
    assert screen.pdf is None and not folder.exists()  # the PDF went with the folder


def decode_qr_pdf(pdf: Path, tmp_path: Path) -> list[str]:
    from tests.paper.helpers import render_pages

    return decode_qr(render_pages(pdf, tmp_path / "pdf-png"))


def test_printing_from_the_end_screen_asks_nothing(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[tuple[Path, str]] = []

    def fake_print(pdf: Path, printer: str = "", **_kw: Any) -> str:
        printed.append((pdf, printer))
        return "PDF-1"

    monkeypatch.setattr("kiosque.ui.printing.print_pdf", fake_print)
    finish_lea_in_the_window(kiosk)
    screen = kiosk.window.end
    kiosk.click(screen.print_button)
    assert printed == [(screen.pdf, kiosk.terminal.settings.printer)]
    assert screen.status.text().startswith("Votre reçu est envoyé à l'imprimante")
    assert not [d for d in kiosk.window.findChildren(QDialog) if d.isVisible()]

    def broken(pdf: Path, printer: str = "", **_kw: Any) -> str:
        raise PrintError("papier.impression.aucune_imprimante")

    monkeypatch.setattr("kiosque.ui.printing.print_pdf", broken)
    kiosk.click(screen.print_button)
    assert screen.status.text().startswith("Cette borne n'a pas d'imprimante")
    assert screen.status.objectName() == "formError"
    assert screen.print_button.isEnabled()  # one may try again


def test_my_receipt_at_any_step(kiosk: Kiosk, tmp_path: Path) -> None:
    window = kiosk.window
    kiosk.click(window.home.tiles["retraite-creer-espace"])
    kiosk.click(window.wizard.main_button)  # « Commencer »
    assert window.session is not None and window.session.step == "trouver-le-site"
    button = window.wizard.receipt_button
    assert button.text() == "Mon reçu" and button.isVisible()
    window.set_text_size(3)  # the largest text: the action bar still holds every button
    kiosk.settle()
    bar = [window.wizard.back_button, button, window.wizard.main_button]
    assert all(b.width() >= b.sizeHint().width() for b in bar)
    assert bar[0].geometry().right() < bar[1].geometry().left()
    assert bar[1].geometry().right() < bar[2].geometry().left()
    shot(kiosk, "etape-A++", tmp_path)
    window.set_text_size(1)
    kiosk.settle()
    kiosk.click(button)
    screen = window.stack.currentWidget()
    assert isinstance(screen, ReceiptScreen)
    ticket = window.session.ticket
    assert ticket is not None and screen.panel.code.text() == ticket.display
    assert screen.panel.qr.read_back() == qr_matrix(ticket.qr_text)
    assert screen.pdf is not None
    text = pdf_text(screen.pdf)
    assert "Avant de commencer" in text and "Trouver le site officiel" in text
    shot(kiosk, "ecran-mon-recu", tmp_path)

    kiosk.click(screen.button)  # « Continuer ma démarche »
    assert window.stack.currentWidget() is window.wizard
    assert window.session.step == "trouver-le-site"
    assert screen.panel.code.text() == "" and screen.pdf is None


def test_typing_a_code_resumes_the_session_in_the_window(
    kiosk: Kiosk, sqlite_terminals: MakeTerminal, tmp_path: Path
) -> None:
    other = sqlite_terminals("B-02")  # the code was given at another terminal
    session = register_lea(other)
    ticket = other.service.resume_code(session)
    other.service.end(session, wiped=True)

    window = kiosk.window
    kiosk.click(window.home.tiles["reprendre"])
    screen = window.stack.currentWidget()
    assert isinstance(screen, ResumeScreen)
    assert screen.input.hasFocus()
    assert screen.input.font().pixelSize() > 24  # large type
    kiosk.qtbot.keyClicks(screen.input, "K7P4-Q9XM-RT")  # not a code of this store
    kiosk.qtbot.keyClick(screen.input, Qt.Key.Key_Return)
    kiosk.settle()
    assert screen.error.isVisible()
    assert screen.error.text().startswith("Ce code")
    shot(kiosk, "ecran-reprise-erreur", tmp_path)

    screen.input.clear()
    kiosk.qtbot.keyClicks(screen.input, ticket.display.lower())
    shot(kiosk, "ecran-reprise", tmp_path)
    kiosk.qtbot.keyClick(screen.input, Qt.Key.Key_Return)
    kiosk.settle()
    assert window.session is not None and window.session.id == session.id
    assert window.stack.currentWidget() is window.wizard
    assert window.wizard.title.text() == "L'inscription à votre espace est bientôt finalisée."
    assert screen.input.text() == "" and not screen.error.isVisible()


def test_a_scanner_typing_the_qr_content_resumes(
    kiosk: Kiosk, sqlite_terminals: MakeTerminal
) -> None:
    other = sqlite_terminals("B-02")
    session = register_lea(other)
    ticket = other.service.resume_code(session)
    other.service.end(session, wiped=True)
    window = kiosk.window
    kiosk.click(window.home.tiles["reprendre"])
    screen = window.stack.currentWidget()
    assert isinstance(screen, ResumeScreen)
    kiosk.qtbot.keyClicks(screen.input, ticket.qr_text)
    kiosk.qtbot.keyClick(screen.input, Qt.Key.Key_Enter)
    kiosk.settle()
    assert window.session is not None and window.session.step == "enregistre"


def test_the_resume_screen_is_wiped_when_left(kiosk: Kiosk) -> None:
    window = kiosk.window
    kiosk.click(window.home.tiles["reprendre"])
    screen = window.stack.currentWidget()
    assert isinstance(screen, ResumeScreen)
    assert window.idle.enabled  # left alone, it is wiped like a session
    kiosk.qtbot.keyClicks(screen.input, "K7P4")
    window.idle.wipe.emit()
    kiosk.settle()
    assert window.stack.currentWidget() is window.home
    assert screen.input.text() == ""
    kiosk.click(window.home.tiles["reprendre"])
    kiosk.qtbot.keyClicks(screen.input, "K7P4")
    kiosk.click(screen.cancel_button)
    assert window.stack.currentWidget() is window.home and screen.input.text() == ""


def test_the_end_screen_module_is_what_the_window_uses(kiosk: Kiosk) -> None:
    assert type(kiosk.window.end) is end_module.EndScreen
