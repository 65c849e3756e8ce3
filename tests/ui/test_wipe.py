"""The inactivity warning, then a complete wipe: fields, undo history, clipboard, home."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.ui.conftest import Kiosk

LEA = {
    "nir": "2 85 08 2B 999 002",
    "civilite": "Madame",
    "nom_naissance": "N'Diaye",
    "prenom": "Léa",
    "date_naissance": "21/08/1985",
    "conditions_acceptees": True,
}


def _to_contact(kiosk: Kiosk) -> None:
    kiosk.to_identity()
    kiosk.fill(**LEA, code_securite="@affiche")
    kiosk.next()
    kiosk.type("code_postal", "20000")
    kiosk.type("ville", "2A004")
    kiosk.type("nom_voie", "cours Napoléon")
    kiosk.next()
    assert kiosk.step == "contact"


def test_idle_limit_wipes_everything(kiosk: Kiosk) -> None:
    _to_contact(kiosk)
    kiosk.fill(email="lea.ndiaye@exemple.fr", mot_de_passe="Corse2024Mer")
    kiosk.type("email_confirmation", "lea.ndiaye@exemple.fr")
    edits = [w for w in kiosk.window.wizard.page.findChildren(QLineEdit) if w.text()]  # type: ignore[union-attr]
    assert len(edits) >= 3
    QGuiApplication.clipboard().setText("2 85 08 2B 999 002")
    session = kiosk.window.session
    assert session is not None

    kiosk.idle_time.value += 91  # past the warning
    kiosk.window.idle.tick()
    assert kiosk.window.overlay.isVisible()
    assert "secondes" in kiosk.window.overlay.countdown.text()

    kiosk.idle_time.value += 30  # past the wipe limit
    kiosk.window.idle.tick()
    for edit in edits:  # emptied before the page is dropped
        assert edit.text() == ""
        edit.setFocus()
        kiosk.qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert edit.text() == "", "Ctrl+Z gave something back"
        assert not edit.isUndoAvailable()
    assert QGuiApplication.clipboard().text() == ""
    kiosk.settle()
    assert kiosk.window.stack.currentWidget() is kiosk.window.home
    assert kiosk.window.session is None
    assert not kiosk.window.overlay.isVisible()
    assert session.journey.answers == {} and session.journey.state == {}
    with kiosk.context.store.unit() as repos:
        record = repos.sessions.get(session.id)
    assert record is not None and record.status == "wiped" and not record.answers


def test_i_am_still_here_keeps_the_session(kiosk: Kiosk) -> None:
    kiosk.start("aide")
    kiosk.type("question", "carte vitale")
    kiosk.idle_time.value += 95
    kiosk.window.idle.tick()
    assert kiosk.window.overlay.isVisible()
    kiosk.qtbot.mouseClick(kiosk.window.overlay.stay_button, Qt.MouseButton.LeftButton)
    assert not kiosk.window.overlay.isVisible()
    kiosk.idle_time.value += 60
    kiosk.window.idle.tick()
    assert kiosk.window.session is not None
    assert kiosk.field("question").value() == "carte vitale"


def test_finish_and_erase_button(kiosk: Kiosk) -> None:
    kiosk.start("retraite-connexion")
    kiosk.type("nir", "1 80 01 75 999 001")
    kiosk.qtbot.mouseClick(kiosk.window.finish_button, Qt.MouseButton.LeftButton)
    kiosk.settle()
    assert kiosk.window.stack.currentWidget() is kiosk.window.home
    assert kiosk.window.session is None


def test_text_size_and_contrast_are_for_the_session_only(kiosk: Kiosk) -> None:
    kiosk.window.set_text_size(3)
    kiosk.window.contrast_button.setChecked(True)
    kiosk.start("aide")
    kiosk.window.end_session(wiped=True)
    kiosk.settle()
    assert kiosk.window.look.size == 1 and not kiosk.window.look.contrast


def test_a_kept_page_shows_nothing_of_the_previous_citizen(kiosk: Kiosk) -> None:
    """Pages are built once and kept for the next visit of their step (speed): the wipe
    empties them and they drop the session; the next citizen gets them as new."""
    _to_contact(kiosk)
    kiosk.type("email", "lea.ndiaye@exemple.fr")
    wizard = kiosk.window.wizard
    contact = wizard.page
    wizard.go_back()
    kiosk.settle()
    assert kiosk.step == "adresse"
    address = wizard.page
    assert address is not None and address.fields["ville"].value() == "2A004"
    session = kiosk.window.session
    kiosk.qtbot.mouseClick(kiosk.window.finish_button, Qt.MouseButton.LeftButton)
    kiosk.settle()

    assert kiosk.window.session is None and wizard.page is None
    kept = list(wizard._kept.values())
    assert address in kept and contact in kept
    for page in kept:
        assert not page.loaded  # no view, no session held
        assert not page.form_error.isVisible()
        for widget in page.fields.values():
            assert widget.value() in ("", False), f"{widget.field.id} kept a value"
            assert not widget.error.isVisible() and not widget.hint.isVisible()
    assert all(not e.text() for e in kiosk.window.findChildren(QLineEdit))
    communes = address.fields["ville"].input
    assert isinstance(communes, QComboBox) and communes.count() == 1  # « Choisir » only
    assert session is not None and session.journey.answers == {}

    _to_contact(kiosk)  # the next citizen: the same pages, as new
    assert wizard.page is contact
    assert contact.fields["email"].value() == ""
    wizard.go_back()
    kiosk.settle()
    assert wizard.page is address and address.fields["ville"].value() == "2A004"


def test_pages_are_built_ahead_while_nobody_is_there(kiosk: Kiosk) -> None:
    """app.py builds every step's page while the home screen waits (the first citizen's
    steps are then as fast as the next ones); a citizen arriving pauses it."""
    wizard = kiosk.window.wizard
    catalogue = kiosk.context.catalogue
    steps = sum(len(p.steps) for p in catalogue.procedures.values())
    kiosk.start("aide")
    wizard.prebuild()
    kiosk.settle()
    assert wizard.building_ahead and len(wizard._kept) == 1  # paused for the citizen
    kiosk.window.end_session(wiped=True)
    kiosk.qtbot.waitUntil(lambda: not wizard.building_ahead, timeout=30_000)
    assert len(wizard._kept) == steps  # one page a step, all kept
    assert all(not page.loaded for page in wizard._kept.values())
    kept = dict(wizard._kept)
    kiosk.to_identity()
    assert wizard.page in kept.values()  # the page built ahead, not a new one
    assert wizard.page is not None and wizard.page.fields["nir"].value() == ""
