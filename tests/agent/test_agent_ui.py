"""The agent mode on the kiosk window, driven as an agent would (pytest-qt)."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from kiosque.clock import ManualClock
from kiosque.context import Context
from kiosque.store.db import sqlite_url
from kiosque.ui import theme
from kiosque.ui.agent import CONTROL, install_agent_control, open_agent
from kiosque.ui.agent.mode import AgentMode
from kiosque.ui.main_window import KioskWindow
from tests.agent.conftest import AGENT, LEA_VALUES, PASSWORD, audit_actions, run_journey

SHOTS = os.environ.get("KIOSQUE_AGENT_SHOTS", "")  # a folder to keep the pictures in


@pytest.fixture
def db_url(data_dir: Path) -> str:
    """The screens are the same on both backends: SQLite only here."""
    return sqlite_url(data_dir / "kiosque.db")


@pytest.fixture
def window(
    qtbot: QtBot,
    qapp: QApplication,
    ctx: Context,
    config_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[KioskWindow]:
    monkeypatch.setenv("KIOSQUE_CONFIG", str(config_file))
    theme.apply(qapp, theme.Look())
    win = KioskWindow(ctx.catalogue, idle_warning=90, idle_wipe=120)
    qtbot.addWidget(win)
    win.attach(ctx)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait()


def settle(qtbot: QtBot, window: KioskWindow) -> None:
    mode = window.findChild(AgentMode)
    qtbot.waitUntil(lambda: window.runner.idle and (mode is None or not mode.busy))


def signed_in(qtbot: QtBot, window: KioskWindow) -> AgentMode:
    mode = open_agent(window)
    assert mode is not None
    mode.service.add_agent(AGENT, PASSWORD)
    mode.login_edit.setText(AGENT)
    mode.login_password.setText(PASSWORD)
    qtbot.mouseClick(mode.login_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert mode.stack.currentWidget() is mode.main_page
    return mode


def confirm(qtbot: QtBot, window: KioskWindow, mode: AgentMode, password: str) -> None:
    assert mode.password_panel.isVisible()
    qtbot.keyClicks(mode.password_panel.password, password)
    qtbot.mouseClick(mode.password_panel.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def texts(widget: QWidget) -> str:
    """Everything a widget shows: labels, buttons, fields, table cells."""
    from PySide6.QtWidgets import QPlainTextEdit, QTableWidget

    parts = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, QLabel | QAbstractButton | QLineEdit):
            parts.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            parts.append(child.toPlainText())
        elif isinstance(child, QTableWidget):
            for r in range(child.rowCount()):
                for c in range(child.columnCount()):
                    item = child.item(r, c)
                    parts.append(item.text() if item else "")
    return "\n".join(parts)


def test_the_discreet_control_opens_the_agent_login(qtbot: QtBot, window: KioskWindow) -> None:
    control = window.findChild(QPushButton, CONTROL)  # the window installs it itself
    assert control is not None and control.text() == "Agent"
    assert install_agent_control(window) is None  # only once
    bar = window.findChild(QWidget, "topbar")
    assert bar is not None and control.parentWidget() is bar
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)
    mode = window.findChild(AgentMode)
    assert mode is not None and mode.isVisible()
    assert mode.stack.currentWidget() is mode.login_page
    assert mode.geometry() == window.rect()
    qtbot.keyClick(mode.login_edit, Qt.Key.Key_Escape)  # no agent signed in: back to kiosk
    assert not mode.isVisible()


def test_ctrl_alt_a_opens_it_too(qtbot: QtBot, window: KioskWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(
        window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    mode = window.findChild(AgentMode)
    assert mode is not None and mode.isVisible()


def test_sign_in_then_the_days_sessions_without_personal_data(
    qtbot: QtBot, window: KioskWindow, ctx: Context
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    mode = open_agent(window)
    assert mode is not None
    mode.service.add_agent(AGENT, PASSWORD)
    qtbot.keyClicks(mode.login_edit, AGENT)
    qtbot.keyClicks(mode.login_password, "mauvais mot de passe")
    qtbot.keyClick(mode.login_password, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert mode.login_error.text() == "Identifiant ou mot de passe incorrect."
    assert mode.login_password.text() == ""
    qtbot.keyClicks(mode.login_password, PASSWORD)
    qtbot.mouseClick(mode.login_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert mode.stack.currentWidget() is mode.main_page
    assert mode.who.text() == f"Connecté : {AGENT}"
    table = mode.sections["seances"].table
    assert table.rowCount() == 1
    assert [table.cell(0, c) for c in range(6)] == [
        "09:00",
        "borne-1",
        "Créer mon espace personnel — l'Assurance retraite",
        "Mes services",
        "Terminée",
        "Aucun",
    ]
    shown = texts(mode)
    assert not any(value in shown for value in LEA_VALUES)


def test_unblock_and_reset_from_the_screens(
    qtbot: QtBot, window: KioskWindow, ctx: Context
) -> None:
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["debloquer"], Qt.MouseButton.LeftButton)
    section = mode.sections["debloquer"]
    qtbot.keyClicks(section.nir, "1 80 01 75")
    qtbot.mouseClick(section.submit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert section.message.property("kind") == "error"
    assert "13 premiers chiffres" in section.message.text()
    section.nir.setText("1 80 01 75 999 001")
    qtbot.keyClick(section.nir, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert section.message.text().startswith("Compte débloqué.")
    assert section.nir.text() == ""
    assert not ctx.connectors.retraite.is_locked("1800175999001")
    qtbot.mouseClick(mode.nav_buttons["inscription"], Qt.MouseButton.LeftButton)
    reset = mode.sections["inscription"]
    reset.nir.setText("2 60 11 33 999 006")  # a persona whose registration is pending
    qtbot.mouseClick(reset.submit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert reset.message.text().startswith("Inscription en attente supprimée.")
    assert audit_actions(ctx)[-2:] == ["deblocage-compte", "reinitialisation-inscription"]


def test_the_session_locks_when_idle_and_unlocks_with_the_password(
    qtbot: QtBot, window: KioskWindow, ctx: Context
) -> None:
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["personne"], Qt.MouseButton.LeftButton)
    mode.sections["personne"].nir.setText("1 80 01 75 999 001")
    assert isinstance(ctx.clock, ManualClock)
    ctx.clock.advance(timedelta(minutes=4))
    mode.tick()
    assert mode.stack.currentWidget() is mode.main_page
    ctx.clock.advance(timedelta(minutes=1))
    mode.tick()
    assert mode.stack.currentWidget() is mode.locked_page
    assert "5 minutes" in mode.locked_text.text()
    assert mode.sections["personne"].nir.text() == ""  # what was typed is gone
    assert not mode.lock_button.isVisible()
    qtbot.keyClicks(mode.unlock_password, "mauvais mot de passe")
    qtbot.mouseClick(mode.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert mode.unlock_error.text() == "Mot de passe incorrect."
    qtbot.keyClicks(mode.unlock_password, PASSWORD)
    qtbot.keyClick(mode.unlock_password, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert mode.stack.currentWidget() is mode.main_page
    assert audit_actions(ctx)[-3:] == ["verrouillage", "mot-de-passe-refuse", "deverrouillage"]


def test_activity_on_screen_keeps_the_session_open(
    qtbot: QtBot, window: KioskWindow, ctx: Context
) -> None:
    mode = signed_in(qtbot, window)
    assert isinstance(ctx.clock, ManualClock)
    for _ in range(3):
        ctx.clock.advance(timedelta(minutes=4))
        qtbot.keyClick(mode.sections["seances"].refresh_button, Qt.Key.Key_Shift)
        mode.tick()
    assert mode.stack.currentWidget() is mode.main_page


def test_person_export_and_erase_ask_for_the_password_again(
    qtbot: QtBot,
    window: KioskWindow,
    ctx: Context,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["personne"], Qt.MouseButton.LeftButton)
    section = mode.sections["personne"]
    section.nir.setText("2 85 08 2B 999 002")
    qtbot.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, window, mode, "mauvais mot de passe")
    assert section.message.text() == "Mot de passe incorrect." and not section.result.isVisible()
    qtbot.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, window, mode, PASSWORD)
    shown = section.result.toPlainText()
    assert section.result.isVisible() and "Numéro de sécurité sociale : 285082B999002" in shown
    assert "lea.ndiaye@exemple.fr" in shown
    assert "created_at" not in shown and "retraite-creer-espace/" not in shown
    target = tmp_path / "lea.json"
    monkeypatch.setattr(
        "kiosque.ui.agent.data.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), "")
    )
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert json.loads(target.read_text("utf-8"))["retraite"][0]["nir"] == "285082B999002"

    qtbot.mouseClick(section.erase_button, Qt.MouseButton.LeftButton)
    assert not mode.password_panel.isVisible()  # the box must be ticked first
    assert section.message.text() == "Cochez d'abord la case de confirmation."
    section.erase_check.setChecked(True)
    qtbot.mouseClick(section.erase_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, window, mode, PASSWORD)
    assert section.message.text().startswith("Données effacées :")
    assert section.nir.text() == "" and not section.erase_check.isChecked()
    with ctx.store.unit() as repos:
        assert repos.retraite.find_by_nir("285082B999002") is None


def test_escape_closes_the_password_box_not_the_citizens_step(
    qtbot: QtBot, window: KioskWindow
) -> None:
    window.start_procedure("retraite-creer-espace")
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None
    window.context.service.act(window.session, "commencer")  # type: ignore[union-attr]
    step = window.session.step
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["purge"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(mode.sections["purge"].purge_button, Qt.MouseButton.LeftButton)
    assert mode.password_panel.isVisible()
    qtbot.keyClick(mode.password_panel.password, Qt.Key.Key_Escape)
    assert not mode.password_panel.isVisible() and mode.isVisible()
    assert window.session.step == step


def test_statistics_and_their_csv_export(
    qtbot: QtBot,
    window: KioskWindow,
    ctx: Context,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["statistiques"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    section = mode.sections["statistiques"]
    assert section.first.text() == section.last.text() == "02/03/2026"
    assert section.summary.text().startswith("2 séance(s), 0 menée(s) à leur terme")
    assert section.stops.cell(0, 1) == "Votre compte est bloqué"
    assert section.troubles.cell(0, 1) == "2"
    section.first.setText("31/02/2026")
    qtbot.mouseClick(section.show_button, Qt.MouseButton.LeftButton)
    assert section.message.text() == "Tapez une date au format JJ/MM/AAAA."
    section.first.setText("01/03/2026")
    target = tmp_path / "stats.csv"
    monkeypatch.setattr(
        "kiosque.ui.agent.stats_view.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    qtbot.mouseClick(section.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    content = target.read_text("utf-8-sig")
    assert content.startswith("indicateur;demarche;detail;valeur\nperiode_debut;;;2026-03-01\n")
    assert "difficulte;;compte-bloque;2" in content
    assert section.message.text().startswith("Fichier enregistré")


def test_settings_are_written_to_kiosque_toml(
    qtbot: QtBot, window: KioskWindow, ctx: Context, config_file: Path
) -> None:
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["reglages"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    section = mode.sections["reglages"]
    retention = section.edits["session_retention_days"]
    assert retention.text() == "90" and retention.isEnabled()
    assert not section.edits["database_url"].isEnabled()
    assert not section.edits["data_dir"].isEnabled()  # a technician's
    retention.setText("trente")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.message.text() == "Conservation des séances (jours) : tapez un nombre entier."
    assert not mode.password_panel.isVisible()
    retention.setText("45")
    section.edits["site_name"].setText("France Services de Lyon")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, window, mode, PASSWORD)
    assert section.message.text().startswith("Réglages enregistrés.")
    saved = tomllib.loads(config_file.read_text("utf-8"))
    assert saved == {"session_retention_days": 45, "site_name": "France Services de Lyon"}
    assert retention.text() == "45"
    assert section.notes["session_retention_days"].text() == (
        "En service jusqu'au prochain démarrage : 90"
    )
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.message.text() == "Aucun changement à enregistrer."
    assert audit_actions(ctx)[-3:] == [
        "consultation-reglages",
        "reglages",
        "consultation-reglages",  # the screen shows what the file holds now
    ]


def test_purge_from_the_screen(qtbot: QtBot, window: KioskWindow, ctx: Context) -> None:
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["purge"], Qt.MouseButton.LeftButton)
    section = mode.sections["purge"]
    assert "90 jours" in section.intro.text()
    qtbot.mouseClick(section.dry_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert section.message.text().startswith("Rien à effacer")
    qtbot.mouseClick(section.purge_button, Qt.MouseButton.LeftButton)
    confirm(qtbot, window, mode, PASSWORD)
    assert section.message.text().startswith("Rien à effacer")
    assert audit_actions(ctx)[-2:] == ["purge", "purge"]


def test_reprint_a_receipt_on_the_printer(
    qtbot: QtBot, window: KioskWindow, ctx: Context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    session = ctx.service.start("retraite-creer-espace")
    ctx.service.issue_receipt(session, tmp_path)
    printed: list[tuple[Path, bool]] = []

    def fake_print(pdf: Path, printer: str = "", **_kw: object) -> str:
        printed.append((pdf, pdf.is_file()))
        return "job-1"

    monkeypatch.setattr("kiosque.ui.printing.print_pdf", fake_print)
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["recus"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    section = mode.sections["recus"]
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    assert section.message.text() == "Choisissez d'abord un reçu dans la liste."
    assert section.table.rowCount() == 1
    section.table.selectRow(0)
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert section.message.text().startswith("Le reçu a été envoyé à l'imprimante")
    [(pdf, existed)] = printed
    assert existed and not pdf.exists()  # printed, then removed (it holds an e-mail)


def test_quit_signs_out_and_wipes(qtbot: QtBot, window: KioskWindow, ctx: Context) -> None:
    mode = signed_in(qtbot, window)
    qtbot.mouseClick(mode.nav_buttons["debloquer"], Qt.MouseButton.LeftButton)
    mode.sections["debloquer"].nir.setText("1 80 01 75 999 001")
    qtbot.mouseClick(mode.quit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert not mode.isVisible() and mode.session is None
    assert mode.sections["debloquer"].nir.text() == ""
    assert audit_actions(ctx)[-1] == "deconnexion"
    reopened = open_agent(window)
    assert reopened is mode and mode.stack.currentWidget() is mode.login_page


def problems(root: QWidget) -> list[str]:
    """Visible widgets that stick out of their parent, and texts that do not fit."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() == 0:
            continue
        parent = widget.parentWidget()
        name = f"{type(widget).__name__}({widget.objectName() or getattr(widget, 'text', str)()})"
        internal = parent is None or parent.objectName().startswith("qt_")
        if not internal and parent is not None and not parent.rect().contains(widget.geometry()):
            found.append(f"{name} sticks out of {type(parent).__name__}")
        if isinstance(widget, QLabel) and widget.text():
            needed = (
                widget.heightForWidth(widget.width())
                if widget.wordWrap()
                else widget.sizeHint().height()
            )
            if needed > widget.height() + 1 or (
                not widget.wordWrap() and widget.sizeHint().width() > widget.width() + 1
            ):
                found.append(f"{name} is cut")
        if isinstance(widget, QPushButton) and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"{name} is cut")
    return found


def fits(qtbot: QtBot, mode: AgentMode) -> None:
    """No problem once the layouts of the page just shown have run (they run in later
    turns of the event loop); a real one stays and fails after the timeout."""
    try:
        qtbot.waitUntil(lambda: problems(mode) == [], timeout=2000)
    except TimeoutError:
        assert problems(mode) == []
    for _ in range(3):  # the scroll bars follow the layouts one turn later
        QApplication.processEvents()


def test_every_screen_fits_at_1280_by_800(
    qtbot: QtBot, window: KioskWindow, ctx: Context, tmp_path: Path
) -> None:
    run_journey(ctx, "creer-espace-parcours-complet")
    run_journey(ctx, "connexion-mot-de-passe-faux-puis-blocage")
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    mode = open_agent(window)
    assert mode is not None
    fits(qtbot, mode)
    window.grab().save(str(folder / "agent-connexion.png"))
    mode.close_mode()
    mode = signed_in(qtbot, window)
    for key in mode.sections:
        qtbot.mouseClick(mode.nav_buttons[key], Qt.MouseButton.LeftButton)
        settle(qtbot, window)
        fits(qtbot, mode)
        assert window.grab().save(str(folder / f"agent-{key}.png"))
    mode.lock_now()
    fits(qtbot, mode)
    window.grab().save(str(folder / "agent-verrou.png"))
