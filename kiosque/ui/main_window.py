"""The kiosk window: it only composes the top bar, the screens and the idle overlay.

It starts in two stages so that the home screen is painted fast: the top bar, the banner
and the home tiles first (from the procedures' titles, see :func:`home_tiles`); the
wizard and end screens, with the procedures' engine under them, when the store is open
(:meth:`KioskWindow.attach`) or when first asked for."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QClipboard, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosque.texts import t
from kiosque.ui import theme
from kiosque.ui.fields import wrapped
from kiosque.ui.home import HomeScreen, HomeTiles, home_tiles
from kiosque.ui.idle import IdleWatcher
from kiosque.ui.speech import Speaker
from kiosque.ui.tasks import TaskRunner

if TYPE_CHECKING:  # imported after the first paint (the engine, the store, SQLAlchemy)
    from kiosque.context import Context
    from kiosque.procedures.model import Catalogue
    from kiosque.services import KioskService, KioskSession
    from kiosque.ui.end import EndScreen
    from kiosque.ui.wizard import WizardView

log = logging.getLogger(__name__)


class IdleOverlay(QWidget):
    """« Êtes-vous toujours là ? » with the seconds left, over the whole window."""

    stay = Signal()
    wipe_now = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setMaximumWidth(720)
        box = QVBoxLayout(dialog)
        box.setContentsMargins(28, 24, 28, 24)
        title = wrapped(t("interface.inactivite.titre"), "stepTitle")
        self.countdown = wrapped("")
        self.stay_button = QPushButton(t("interface.inactivite.rester"))
        self.stay_button.setObjectName("primary")
        self.stay_button.clicked.connect(self.stay)
        self.wipe_button = QPushButton(t("interface.inactivite.effacer"))
        self.wipe_button.setObjectName("danger")
        self.wipe_button.clicked.connect(self.wipe_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.wipe_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stay_button)
        box.addWidget(title)
        box.addWidget(self.countdown)
        box.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(dialog, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.countdown.setText(t("interface.inactivite.texte", secondes=seconds))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        if not self.isVisible():
            self.show()
            self.raise_()
            self.stay_button.setFocus()


class KioskWindow(QMainWindow):
    """Top bar + home / wizard / end screens + the idle overlay."""

    def __init__(
        self,
        catalogue: Catalogue | HomeTiles,
        *,
        idle_warning: float,
        idle_wipe: float,
        speaker: Speaker | None = None,
        now: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(t("interface.titre_fenetre"))
        self.context: Context | None = None
        self.session: KioskSession | None = None
        self.look = theme.Look()
        self.runner = TaskRunner(self)
        self.speaker = speaker or Speaker(parent=self)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._top_bar())
        self.banner = wrapped(t("interface.entrainement"), "banner")
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        tiles = catalogue if isinstance(catalogue, dict) else home_tiles(catalogue)
        self.home = HomeScreen(tiles)
        self.home.set_ready(False)
        self.home.procedure_chosen.connect(self.start_procedure)
        self.home.resume_chosen.connect(self.open_resume)
        self.stack.addWidget(self.home)
        self._wizard: WizardView | None = None
        self._end: EndScreen | None = None
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        kwargs = {"now": now} if now is not None else {}
        self.idle = IdleWatcher(idle_warning, idle_wipe, parent=self, **kwargs)
        self.overlay = IdleOverlay(central)
        self.idle.warn.connect(self.overlay.show_seconds)
        self.idle.wipe.connect(lambda: self.end_session(wiped=True))
        self.idle.active.connect(self.overlay.hide)
        self.overlay.stay.connect(self.idle.touch)
        self.overlay.wipe_now.connect(lambda: self.end_session(wiped=True))
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        QShortcut(QKeySequence("Ctrl+Alt+A"), self, self.open_agent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        from kiosque.ui.agent import install_agent_control

        install_agent_control(self)  # the discreet « Agent » control of the top bar

    # -- pieces --------------------------------------------------------------------------

    @property
    def wizard(self) -> WizardView:
        if self._wizard is None:
            self._build_screens()
        assert self._wizard is not None
        return self._wizard

    @property
    def end(self) -> EndScreen:
        if self._end is None:
            self._build_screens()
        assert self._end is not None
        return self._end

    def _build_screens(self) -> None:
        """The second stage: the wizard and the end screen (and what they import)."""
        from kiosque.ui.end import EndScreen
        from kiosque.ui.wizard import WizardView

        wizard = WizardView(self._service, self.runner, self.speaker)
        wizard.finished.connect(self._procedure_finished)
        wizard.leave.connect(lambda: self.end_session(wiped=True))
        wizard.fit_help_panel(self.look.size)
        end = EndScreen()
        end.done.connect(lambda: self.end_session(wiped=False))
        self._wizard, self._end = wizard, end
        self.stack.addWidget(wizard)
        self.stack.addWidget(end)

    def _top_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("topbar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        self.size_buttons: list[QPushButton] = []
        for level in (1, 2, 3):
            button = QPushButton(t(f"interface.reglages.taille_{level}"))
            button.setCheckable(True)
            button.setChecked(level == 1)
            button.setAccessibleName(t("interface.reglages.taille_nom", niveau=level))
            button.clicked.connect(lambda _c=False, lv=level: self.set_text_size(lv))
            row.addWidget(button)
            self.size_buttons.append(button)
        self.contrast_button = QPushButton(t("interface.reglages.contraste"))
        self.contrast_button.setCheckable(True)
        self.contrast_button.setAccessibleName(t("interface.reglages.contraste"))
        self.contrast_button.toggled.connect(self.set_contrast)
        row.addWidget(self.contrast_button)
        row.addStretch(1)
        self.finish_button = QPushButton(t("interface.terminer"))
        self.finish_button.setObjectName("danger")
        self.finish_button.setAccessibleName(t("interface.terminer"))
        self.finish_button.clicked.connect(lambda: self.end_session(wiped=True))
        row.addWidget(self.finish_button)
        return bar

    def _service(self) -> KioskService:
        assert self.context is not None, "the store is not open yet"
        return self.context.service

    # -- settings of the session ---------------------------------------------------------

    def set_text_size(self, level: int) -> None:
        self.set_look(theme.Look(level, self.look.contrast))

    def set_contrast(self, on: bool) -> None:
        if on != self.look.contrast:
            self.set_look(theme.Look(self.look.size, on))

    def set_look(self, look: theme.Look) -> None:
        """Text size and contrast, chosen by the citizen for this session only."""
        self.look = look
        for index, button in enumerate(self.size_buttons, start=1):
            button.setChecked(index == look.size)
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(look.contrast)
        self.contrast_button.blockSignals(False)
        if self._wizard is not None:
            self._wizard.fit_help_panel(look.size)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, look)

    # -- flow ----------------------------------------------------------------------------

    def attach(self, context: Context) -> None:
        """The store is open: the tiles can be used."""
        self.context = context
        if self._wizard is None:
            self._build_screens()
        self.banner.setVisible(context.connectors.simulated)
        self.home.set_ready(True)

    def start_procedure(self, procedure_id: str) -> None:
        if self.context is None or not self.runner.idle:
            return
        service = self.context.service
        self.runner.run(lambda: service.start(procedure_id), self._started)

    def _started(self, session: KioskSession) -> None:
        self.session = session
        self.wizard.open(session)
        self.stack.setCurrentWidget(self.wizard)
        self.idle.start()

    def _procedure_finished(self) -> None:
        """The end screen, with the receipt issued and its QR code (see ui/end.py)."""
        from kiosque.ui.end import finish

        finish(self)

    def open_resume(self) -> None:
        """« Reprendre une démarche »: type or scan a resume code (see ui/resume.py)."""
        if self.context is None:
            return
        from kiosque.ui.resume import open_resume

        open_resume(self)

    def open_agent(self) -> None:
        """The agent login (Ctrl+Alt+A or the discreet control), see ui/agent/."""
        if self.context is None:
            return
        from kiosque.ui.agent import open_agent

        open_agent(self)

    def show_session(self, session: KioskSession) -> None:
        """Show a session's current step (after a resume)."""
        self._started(session)

    def end_session(self, *, wiped: bool) -> None:
        """« Terminer et tout effacer », the idle limit, or the end: forget everything."""
        self.idle.stop()
        self.overlay.hide()
        session, self.session = self.session, None
        if self._wizard is not None:
            self._wizard.wipe()
        self.speaker.stop()
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        if self.look != theme.Look():
            self.set_look(theme.Look())
        self.stack.setCurrentWidget(self.home)
        if session is not None and self.context is not None:
            service = self.context.service
            folder = self.session_folder(session)
            self.runner.run(lambda: self._close(service, session, wiped, folder), lambda _r: None)

    @staticmethod
    def _close(service: KioskService, session: KioskSession, wiped: bool, folder: Path) -> None:
        try:
            if not session.journey.finished or wiped:
                service.end(session, wiped=wiped)
            else:
                session.journey.wipe()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def session_folder(self, session: KioskSession) -> Path:
        assert self.context is not None
        return self.context.settings.data_path() / "sessions" / session.id

    def closeEvent(self, event: QCloseEvent) -> None:
        """Let go of what the window hooked into the application (its input filter and
        the wizard's focus watch), so a closed window costs nothing afterwards."""
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        if self._wizard is not None:
            self._wizard.detach()
        super().closeEvent(event)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        central = self.centralWidget()
        if self.overlay.isVisible() and central is not None:
            self.overlay.setGeometry(central.rect())
