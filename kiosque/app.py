"""Composition root of the kiosk: settings → window (first paint) → store, organisms and
services opened in the background → the tiles come alive.

The heavy imports (SQLAlchemy, reportlab) happen after the home screen is painted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosque import settings as settings_module
from kiosque.texts import t

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
VOICE_DELAY_MS = 1500  # the voice is looked up this long after the store opened (home idle)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not has_display():
        sys.stderr.write(t("interface.pas_d_ecran") + "\n")
        return 2
    try:
        settings = settings_module.load()
    except settings_module.SettingsError as exc:
        sys.stderr.write(f"kiosque: {exc}\n")
        return 2
    if getattr(args, "db", None):
        settings = settings_module.replace(settings, database_url=args.db)
    from kiosque import logs

    logs.setup(settings.data_path() / "logs")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosque.procedures.titles import procedure_titles
    from kiosque.ui import theme
    from kiosque.ui.main_window import KioskWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    _french_qt(app)
    theme.apply(app, theme.Look())
    # First paint with the home tiles only; the catalogue is loaded and checked with the
    # store, in the background, right after (open_context).
    window = KioskWindow(
        procedure_titles(),
        idle_warning=settings.idle_warning_seconds,
        idle_wipe=settings.idle_wipe_seconds,
    )
    if getattr(args, "windowed", False):
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    window.activateWindow()  # no window manager on some terminals: take the keyboard focus
    if os.environ.get("KIOSQUE_BENCH_FIRST_PAINT"):  # `kiosque bench`: print it, then exit
        from kiosque.ui.bench.probe import report_first_paint

        report_first_paint(window)

    def open_store() -> object:
        from kiosque.clock import SystemClock
        from kiosque.context import open_context

        def documents() -> Path:
            session = window.session
            if session is None:
                return Path(tempfile.mkdtemp(prefix="kiosque-"))
            folder = window.session_folder(session)
            folder.mkdir(parents=True, exist_ok=True)
            return folder

        return open_context(settings, SystemClock(), documents_dir=documents)

    def opened(context: object) -> None:
        from kiosque.context import Context

        assert isinstance(context, Context)
        window.attach(context)
        from kiosque import heap

        heap.freeze()  # what lives for the kiosk's lifetime, out of the collector's scans
        purge()  # at start, then every day: data past its retention period is removed
        daily.start()
        window.wizard.prebuild()  # the pages, while the home screen waits for a citizen
        QTimer.singleShot(VOICE_DELAY_MS, prepare_voice)

    def prepare_voice() -> None:
        if window.session is None:  # nobody at the terminal yet: the pause goes unnoticed
            window.speaker.prepare()

    def purge() -> None:
        from kiosque import retention

        if window.context is not None:
            context = window.context
            window.runner.run(lambda: retention.purge_due(context), lambda _r: None)

    def failed(exc: Exception) -> None:
        from kiosque.procedures.loader import CatalogueError

        if isinstance(exc, CatalogueError):  # names the file and the entry, nothing personal
            log.error("the procedures could not be loaded: %s", exc)
        else:
            log.error("the store could not be opened: %s", type(exc).__name__)
        window.home.set_ready(False)

    daily = QTimer(window)  # retention.INTERVAL; not imported here: the store loads later
    daily.setInterval(24 * 3600 * 1000)
    daily.timeout.connect(purge)
    # The store (and the engine, the catalogue's check…) is opened once the home screen
    # is on the screen: a background import would hold Python's lock and delay the paint.
    _after_first_paint(window, lambda: window.runner.run(open_store, opened, failed))
    code = app.exec()
    window.end_session(wiped=True)
    window.runner.wait()
    if window.context is not None:
        window.context.close()
    return int(code)


def _french_qt(app: object) -> None:
    """Qt's own buttons and messages in French."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    translator = QTranslator(app)  # type: ignore[arg-type]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_fr", folder):
        app.installTranslator(translator)  # type: ignore[attr-defined]


def _after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Run ``then`` from the event loop right after ``window`` is first painted (or after
    two seconds, should no paint come: a screen switched off, say)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, self.fire)
            return False

        def fire(self) -> None:
            if not self.done:
                self.done = True
                window.removeEventFilter(self)
                then()

    waiter = FirstPaint(window)
    window.installEventFilter(waiter)
    QTimer.singleShot(2000, waiter.fire)
