"""The agent mode: an overlay over the whole kiosk window with the agent login, the
agent screens, the lock after idle and the password asked again for sensitive actions.

Every action goes through :class:`kiosque.agents.AgentService` off the UI thread (the
window's task runner); the screens only show what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosque.agents import AgentError, AgentService, AgentSession, SessionLocked
from kiosque.settings import SettingsError
from kiosque.texts import t
from kiosque.ui.agent.common import (
    MessageLabel,
    Section,
    button,
    labelled,
    password_edit,
    stylesheet,
)
from kiosque.ui.agent.panels import PasswordPanel, buttons, card, centred
from kiosque.ui.fields import GuardedLineEdit, wrapped
from kiosque.ui.idle import ACTIVITY

if TYPE_CHECKING:
    from kiosque.ui.main_window import KioskWindow


class _Refused:
    """An expected refusal, carried back from the worker thread as a result."""

    def __init__(self, error: Exception) -> None:
        self.error = error


class AgentMode(QWidget):
    """Login → agent screens; locked after idle; everything wiped when it closes."""

    closed = Signal()

    def __init__(self, window: KioskWindow, service: AgentService) -> None:
        super().__init__(window)
        self.kiosk = window
        self.service = service
        self.session: AgentSession | None = None
        self._pending = 0
        self.setObjectName("agentMode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._bar())
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.login_page = self._login_page()
        self.locked_page = self._locked_page()
        self.main_page = self._main_page()
        for page in (self.login_page, self.locked_page, self.main_page):
            self.stack.addWidget(page)
        self.password_panel = PasswordPanel(self)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        window.installEventFilter(self)
        self.hide()

    # -- building --------------------------------------------------------------------

    def _bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("agentBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 8, 16, 8)
        row.addWidget(wrapped(t("agent.titre"), "agentTitle"))
        row.addSpacing(24)
        self.who = QLabel("")
        row.addWidget(self.who)
        row.addStretch(1)
        self.lock_button = button(t("agent.verrouiller"), slot=self.lock_now)
        self.quit_button = button(t("agent.quitter"), slot=self.close_mode)
        row.addWidget(self.lock_button)
        row.addWidget(self.quit_button)
        return bar

    def _login_page(self) -> QWidget:
        self.login_edit = GuardedLineEdit()
        self.login_edit.setObjectName("login")
        self.login_edit.setMaxLength(64)
        self.login_password = password_edit()
        self.login_password.setObjectName("password")
        self.login_password.returnPressed.connect(self.sign_in)
        self.login_edit.returnPressed.connect(self.login_password.setFocus)
        self.login_error = MessageLabel()
        self.login_button = button(t("agent.connexion.valider"), "primary", self.sign_in)
        box = card(
            wrapped(t("agent.connexion.titre"), "agentSectionTitle"),
            wrapped(t("agent.connexion.texte")),
            labelled(t("agent.connexion.identifiant"), self.login_edit),
            labelled(t("agent.connexion.mot_de_passe"), self.login_password),
            self.login_error,
            buttons(button(t("agent.annuler"), slot=self.close_mode), self.login_button),
        )
        return centred(box)

    def _locked_page(self) -> QWidget:
        self.locked_text = wrapped("")
        self.unlock_password = password_edit()
        self.unlock_password.setObjectName("unlockPassword")
        self.unlock_password.returnPressed.connect(self.unlock)
        self.unlock_error = MessageLabel()
        self.unlock_button = button(t("agent.verrou.valider"), "primary", self.unlock)
        box = card(
            wrapped(t("agent.verrou.titre"), "agentSectionTitle"),
            self.locked_text,
            labelled(t("agent.connexion.mot_de_passe"), self.unlock_password),
            self.unlock_error,
            buttons(button(t("agent.quitter"), slot=self.close_mode), self.unlock_button),
        )
        return centred(box)

    def _main_page(self) -> QWidget:
        from kiosque.ui.agent.sections import SECTIONS

        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        nav = QWidget()
        nav.setObjectName("agentNav")
        nav.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        nav.setFixedWidth(300)
        nav_box = QVBoxLayout(nav)
        nav_box.setContentsMargins(0, 16, 0, 16)
        nav_box.setSpacing(2)
        self.sections_stack = QStackedWidget()
        self.sections: dict[str, Section] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        self.scrolls: dict[str, QScrollArea] = {}
        for key, section_class in SECTIONS:
            section = section_class(self)
            self.sections[key] = section
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(section)
            self.scrolls[key] = scroll
            self.sections_stack.addWidget(scroll)
            item = button(t(f"agent.menu.{key}"), "agentNavItem")
            item.setCheckable(True)
            item.clicked.connect(lambda _c=False, k=key: self.show_section(k))
            group.addButton(item)
            nav_box.addWidget(item)
            self.nav_buttons[key] = item
        nav_box.addStretch(1)
        row.addWidget(nav)
        row.addWidget(self.sections_stack, 1)
        return page

    # -- opening and closing ---------------------------------------------------------

    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        if self.session is None:
            self._show_login()
        self.show()
        self.raise_()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()
        if self.session is None:
            self.login_edit.setFocus()

    def _show_login(self) -> None:
        self.who.setText("")
        self.lock_button.hide()
        self.login_edit.clear()
        self.login_password.clear()
        self.login_error.clear_message()
        self.stack.setCurrentWidget(self.login_page)

    def close_mode(self) -> None:
        """« Quitter l'espace agent »: sign out, wipe every screen, back to the kiosk."""
        session, self.session = self.session, None
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.password_panel.close_panel()
        self.wipe()
        self._show_login()
        self.hide()
        if session is not None:
            service = self.service
            self.kiosk.runner.run(lambda: service.logout(session), lambda _r: None)
        self.closed.emit()

    def wipe(self) -> None:
        for section in self.sections.values():
            section.wipe()
        self.unlock_password.clear()

    # -- signing in, the lock ----------------------------------------------------------

    def sign_in(self) -> None:
        login, password = self.login_edit.text(), self.login_password.text()
        self.login_password.clear()
        if not self.call(
            lambda: self.service.authenticate(login, password), self._signed_in, self._login_failed
        ):
            return
        self.login_error.say(t("agent.en_cours"), "info")

    def _login_failed(self, exc: Exception) -> None:
        self.login_error.say(self.message_for(exc), "error")
        self.login_password.setFocus()

    def _signed_in(self, session: AgentSession) -> None:
        self.session = session
        self.login_error.clear_message()
        self.who.setText(t("agent.connecte", agent=session.login))
        self.lock_button.show()
        self.stack.setCurrentWidget(self.main_page)
        self.show_section(next(iter(self.sections)))

    def current_section(self) -> Section | None:
        for key, scroll in self.scrolls.items():
            if scroll is self.sections_stack.currentWidget():
                return self.sections[key]
        return None

    def show_section(self, key: str) -> None:
        current = self.current_section()
        if current is not None and current is not self.sections[key]:
            current.wipe()
        self.nav_buttons[key].setChecked(True)
        self.sections_stack.setCurrentWidget(self.scrolls[key])
        self.sections[key].refresh()

    def tick(self) -> None:
        """Every second: lock the session once it has been idle long enough."""
        session = self.session
        if session is None or session.locked or not self.service.is_idle(session):
            return
        self.service.lock(session)
        self.show_locked(idle=True)

    def lock_now(self) -> None:
        """« Verrouiller »: the agent steps away."""
        session = self.session
        if session is None:
            return
        self.service.lock(session)
        self.show_locked(idle=False)

    def show_locked(self, *, idle: bool = True) -> None:
        session = self.session
        if session is None:
            self._show_login()
            return
        session.locked = True
        self.password_panel.close_panel()
        self.wipe()
        self.lock_button.hide()
        minutes = self.service.settings.agent_idle_minutes
        self.locked_text.setText(
            t("agent.verrou.texte", minutes=minutes, agent=session.login)
            if idle
            else t("agent.verrou.manuel", agent=session.login)
        )
        self.unlock_error.clear_message()
        self.stack.setCurrentWidget(self.locked_page)
        self.unlock_password.setFocus()

    def unlock(self) -> None:
        session = self.session
        if session is None:
            return
        password = self.unlock_password.text()
        self.unlock_password.clear()
        self.call(
            lambda: self.service.unlock(session, password), self._unlocked, self._not_unlocked
        )

    def _unlocked(self, _result: object) -> None:
        self.lock_button.show()
        self.stack.setCurrentWidget(self.main_page)
        current = self.current_section()
        if current is not None:
            current.refresh()

    def _not_unlocked(self, exc: Exception) -> None:
        self.unlock_error.say(self.message_for(exc), "error")
        self.unlock_password.setFocus()

    # -- running actions -------------------------------------------------------------

    def call(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> bool:
        """Run ``job`` off the UI thread; a locked session shows the lock screen."""
        if self._pending:
            return False
        self._pending += 1

        def work() -> Any:
            try:
                return job()
            except (AgentError, SettingsError) as exc:  # a refusal, not a failure to log
                return _Refused(exc)

        def failed(exc: Exception) -> None:
            self._pending -= 1
            if isinstance(exc, SessionLocked) and self.session is not None:
                self.show_locked()
            else:
                on_error(exc)

        def done(result: Any) -> None:
            if isinstance(result, _Refused):
                failed(result.error)
                return
            self._pending -= 1
            on_done(result)

        self.kiosk.runner.run(work, done, failed)
        return True

    def confirm(self, action: str, then: Callable[[str], None]) -> None:
        """A sensitive action: ask the password again, then ``then(password)``."""
        self.password_panel.ask(action, then)

    @staticmethod
    def message_for(exc: Exception) -> str:
        if isinstance(exc, AgentError):
            return str(exc)
        if isinstance(exc, SettingsError):
            from kiosque.ui.agent.settings_view import settings_error

            return settings_error(exc)
        return t("agent.erreur_technique")

    @property
    def busy(self) -> bool:
        return self._pending > 0

    # -- events ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.kiosk.rect())
            self.password_panel.setGeometry(self.rect())
        elif event.type() in ACTIVITY and self.session is not None and self.isVisible():
            self.service.touch(self.session)
        return False

    def event(self, event: QEvent) -> bool:
        # Escape belongs to the agent mode while it is open (not to the kiosk's « back »).
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.password_panel.isVisible():
                self.password_panel.close_panel()
            elif self.session is None:
                self.close_mode()
            return
        super().keyPressEvent(event)
