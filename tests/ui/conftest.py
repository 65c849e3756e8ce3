"""A real kiosk window on a fresh SQLite store, driven with qtbot (offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosque.clock import ManualClock
from kiosque.commands import load_settings
from kiosque.context import Context, open_context
from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.store.db import sqlite_url
from kiosque.ui import theme
from kiosque.ui.fields import FieldWidget
from kiosque.ui.main_window import KioskWindow

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class FakeTime:
    """The idle watcher's clock (seconds)."""

    value: float = 1000.0

    def __call__(self) -> float:
        return self.value


@dataclass
class Kiosk:
    window: KioskWindow
    context: Context
    qtbot: QtBot
    idle_time: FakeTime = field(default_factory=FakeTime)

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.window.runner.idle, timeout=30000)
        for _ in range(3):
            self.qtbot.wait(1)

    @property
    def step(self) -> str | None:
        session = self.window.session
        return None if session is None else session.step

    def start(self, procedure: str) -> None:
        self.qtbot.mouseClick(self.window.home.tiles[procedure], Qt.MouseButton.LeftButton)
        self.settle()

    def field(self, field_id: str) -> FieldWidget:
        page = self.window.wizard.page
        assert page is not None
        return page.fields[field_id]

    def type(self, field_id: str, value: Any) -> None:
        """As a person would: click into the box and type, or click the option."""
        widget = self.field(field_id)
        if value == "@affiche":
            value = self.window.session.journey.state[CHALLENGE].text  # type: ignore[union-attr]
        if value == "@recu":
            value = self.window.session.journey.state[INBOX][0].code  # type: ignore[union-attr]
        target = widget.input
        if isinstance(target, QLineEdit):
            self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
            target.selectAll()
            self.qtbot.keyClick(target, Qt.Key.Key_Delete)
            self.keys(target, str(value))
        elif isinstance(target, QComboBox):
            target.setCurrentIndex(target.findData(str(value)))
        elif widget.field.kind == "checkbox":
            if widget.value() is not bool(value):
                self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        else:  # radio buttons
            assert widget._buttons is not None
            for button in widget._buttons.buttons():
                if button.property("option") == value:  # a click on the round indicator
                    where = QPoint(12, button.height() // 2)
                    self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)
                    assert button.isChecked()

    def keys(self, target: QWidget, text: str) -> None:
        """Key presses for each character (QTest aborts on non-ASCII ones: send those as
        key events carrying their text, as an on-screen keyboard does)."""
        for char in text:
            if char.isascii():
                self.qtbot.keyClick(target, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(target, event)

    def next(self) -> None:
        self.qtbot.mouseClick(self.window.wizard.main_button, Qt.MouseButton.LeftButton)
        self.settle()

    def action(self, action_id: str) -> None:
        page = self.window.wizard.page
        assert page is not None
        button = page.links.get(action_id)
        if button is None:  # placed by the special page
            from PySide6.QtWidgets import QAbstractButton

            button = next(
                b for b in page.findChildren(QAbstractButton) if b.property("action") == action_id
            )
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.settle()

    def fill(self, **answers: Any) -> None:
        for field_id, value in answers.items():
            self.type(field_id, value)

    def to_identity(self) -> None:
        """« Créer mon espace personnel » up to the identity step (the security image)."""
        self.start("retraite-creer-espace")
        self.next()
        self.type("resultat", "officiel")
        self.next()
        self.next()


@pytest.fixture
def kiosk(qtbot: QtBot, data_dir: Path) -> Iterator[Kiosk]:
    settings = load_settings(sqlite_url(data_dir / "kiosque.db"))
    context = open_context(settings, ManualClock(START), documents_dir=lambda: data_dir)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, theme.Look())  # whatever look an earlier test left on the application
    idle_time = FakeTime()
    window = KioskWindow(context.catalogue, idle_warning=90, idle_wipe=120, now=idle_time)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    window.attach(context)
    yield Kiosk(window, context, qtbot, idle_time)
    window.end_session(wiped=True)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=30000)
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    context.close()
