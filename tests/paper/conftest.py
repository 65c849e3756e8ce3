"""Fixtures of the paper tests: kiosk terminals (headless contexts) sharing one store,
and a kiosk window on one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosque.clock import ManualClock
from kiosque.context import Context, open_context
from kiosque.services import KioskService
from kiosque.settings import Settings
from kiosque.store.db import sqlite_url
from kiosque.ui import theme
from kiosque.ui.main_window import KioskWindow
from tests.paper.helpers import SITE, START, Terminal

MakeTerminal = Callable[..., Terminal]


def _terminals(db_url: str, data_dir: Path) -> Iterator[MakeTerminal]:
    opened: list[Context] = []

    def make(terminal_id: str = "B-01", *, catalogue: Any = None, **changes: Any) -> Terminal:
        values: dict[str, Any] = {
            "site_name": SITE,
            "terminal_id": terminal_id,
            "database_url": db_url,
            "data_dir": str(data_dir),
            "keys_file": str(data_dir / "keys.json"),
            "hash_memory_kib": 19456,
            "hash_time_cost": 2,
        }
        values.update(changes)
        settings = Settings(**values)
        clock = ManualClock(START)
        context = open_context(
            settings, clock, documents_dir=lambda: data_dir / "ris", catalogue=catalogue
        )
        # the service with the terminal's settings (site name, resume-code limits)
        context.service = KioskService(
            context.engine,
            context.store,
            clock,
            terminal=settings.terminal_id,
            settings=settings,
        )
        opened.append(context)
        return Terminal(settings, context, clock)

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def terminals(db_url: str, data_dir: Path) -> Iterator[MakeTerminal]:
    """``terminals(terminal_id, **settings)``: terminals of one site sharing the store
    (and its keys) of ``db_url`` — SQLite, then PostgreSQL; each has its own clock, set
    to :data:`START`."""
    yield from _terminals(db_url, data_dir)


@pytest.fixture
def sqlite_terminals(data_dir: Path) -> Iterator[MakeTerminal]:
    """The same on SQLite only (for what does not depend on the backend)."""
    yield from _terminals(sqlite_url(data_dir / "kiosque.db"), data_dir)


@dataclass
class Kiosk:
    """A real kiosk window (offscreen, 1280 × 800, the kiosk's look) on a terminal."""

    window: KioskWindow
    terminal: Terminal
    qtbot: QtBot

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.window.runner.idle, timeout=30000)
        self.qtbot.wait(5)

    def click(self, button: QWidget) -> None:
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.settle()


@pytest.fixture
def kiosk(qtbot: QtBot, sqlite_terminals: MakeTerminal) -> Iterator[Kiosk]:
    terminal = sqlite_terminals("B-01")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    theme.apply(app, theme.Look())
    window = KioskWindow(terminal.context.catalogue, idle_warning=90, idle_wipe=120)

    def wipe_before_close(_widget: QWidget) -> None:
        # pytest-qt closes and deletes the window before the fixtures' teardown
        window.end_session(wiped=True)
        window.runner.wait(30000)
        QApplication.processEvents()

    qtbot.addWidget(window, before_close_func=wipe_before_close)
    window.resize(1280, 800)
    window.show()
    window.attach(terminal.context)
    kiosk = Kiosk(window, terminal, qtbot)
    yield kiosk
    app.setStyleSheet(sheet)
    app.setFont(font)
