"""« Reprendre une démarche »: type the resume code, or scan the receipt's QR code.

A handheld scanner types like a keyboard: it types the QR content (the official page's
address, the code in its ``#reprise-…`` part) and Enter, which resumes at once. The
services read the code out of whatever was typed and decide; this screen only shows the
session they give back, or their French refusal. (Set the scanner to the terminal's
keyboard layout — French AZERTY — or it types other characters than it reads.)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosque.paper import ResumeRefusal, display_code, read_typed_code
from kiosque.services import KioskSession
from kiosque.texts import Message, t
from kiosque.ui.end import keep_scaled
from kiosque.ui.fields import GuardedLineEdit, wrapped

if TYPE_CHECKING:
    from kiosque.ui.main_window import KioskWindow

log = logging.getLogger(__name__)


class CodeInput(GuardedLineEdit):
    """A large input for the code (1.6 × the text size), no prediction, upper case."""

    FACTOR = 1.6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("resumeCode")
        self.setMaxLength(200)  # a scanned QR content is a whole address
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        keep_scaled(self, self.FACTOR, event)


class ResumeScreen(QWidget):
    """The code input, the refusal if any, « Reprendre » and « Retour à l'accueil »."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resume")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout()
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(12)
        outer.addLayout(layout, 1)
        layout.addWidget(wrapped(t("papier.ecran_reprise.titre"), "stepTitle"))
        layout.addWidget(wrapped(t("papier.ecran_reprise.texte")))
        self.label = wrapped(t("papier.ecran_reprise.champ"), "fieldLabel")
        help_text = t("papier.ecran_reprise.champ_aide")
        example = t("papier.ecran_reprise.exemple")
        self.input = CodeInput()
        self.input.setAccessibleName(t("papier.ecran_reprise.champ"))
        self.input.setAccessibleDescription(f"{help_text} {example}")
        self.label.setBuddy(self.input)
        self.input.returnPressed.connect(self.submit)
        self.input.textEdited.connect(self._edited)
        self.error = wrapped("", "fieldError")
        self.error.setVisible(False)
        self.busy = wrapped(t("papier.ecran_reprise.en_cours"), "fieldHelp")
        self.busy.setVisible(False)
        for widget in (
            self.label,
            wrapped(help_text, "fieldHelp"),
            wrapped(example, "fieldExample"),
            self.input,
            self.error,
            self.busy,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)

        bar = QWidget()
        bar.setObjectName("actionbar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        buttons = QHBoxLayout(bar)
        buttons.setContentsMargins(32, 10, 32, 10)
        self.cancel_button = QPushButton(t("papier.ecran_reprise.annuler"))
        self.cancel_button.setObjectName("back")
        self.cancel_button.clicked.connect(self.cancelled)
        self.resume_button = QPushButton(t("papier.ecran_reprise.reprendre"))
        self.resume_button.setObjectName("primary")
        self.resume_button.setDefault(True)
        self.resume_button.clicked.connect(self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        outer.addWidget(bar)

    def submit(self) -> None:
        typed = self.input.text()
        code = read_typed_code(typed)
        if code is not None and code != typed:
            self.input.setText(display_code(code))  # a scanned address: show the code only
        self.submitted.emit(typed)

    def _edited(self, text: str) -> None:
        """Upper case as it is typed (the receipt prints it so); a new try hides the
        previous refusal."""
        if text != text.upper():
            cursor = self.input.cursorPosition()
            self.input.setText(text.upper())
            self.input.setCursorPosition(cursor)
        if self.error.isVisible():
            self.error.setVisible(False)
            self.input.setProperty("invalid", False)
            self._repolish()

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.resume_button.setEnabled(not busy)
        self.input.setReadOnly(busy)

    def show_refusal(self, refusal: ResumeRefusal) -> None:
        self.error.setText(refusal.text())
        self.error.setAccessibleName(refusal.text())
        self.error.setVisible(True)
        self.input.setProperty("invalid", True)
        self._repolish()
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self.input.selectAll()

    def clear(self) -> None:
        self.input.clear()
        self.input.setProperty("invalid", False)
        self._repolish()
        self.error.clear()
        self.error.setVisible(False)
        self.set_busy(False)

    def _repolish(self) -> None:
        style = self.input.style()
        style.unpolish(self.input)
        style.polish(self.input)

    def hideEvent(self, event: QHideEvent) -> None:
        self.clear()  # nothing typed stays behind, whoever comes next
        super().hideEvent(event)


def open_resume(window: KioskWindow) -> None:
    """Show the resume screen in the window; a code that works opens its session."""
    screen = window.stack.findChild(ResumeScreen)
    if screen is None:
        screen = ResumeScreen()
        screen.submitted.connect(lambda typed: _resume(window, screen, typed))
        screen.cancelled.connect(lambda: window.end_session(wiped=True))
        window.stack.addWidget(screen)
    screen.clear()
    window.stack.setCurrentWidget(screen)
    window.idle.start()  # left alone, it is wiped like a session
    screen.input.setFocus(Qt.FocusReason.OtherFocusReason)


def _resume(window: KioskWindow, screen: ResumeScreen, typed: str) -> None:
    context = window.context
    if context is None or not window.runner.idle:
        return
    service = context.service
    screen.set_busy(True)

    def done(result: KioskSession | ResumeRefusal) -> None:
        screen.set_busy(False)
        if window.stack.currentWidget() is not screen:  # wiped meanwhile
            return
        if isinstance(result, ResumeRefusal):
            screen.show_refusal(result)
            return
        window.show_session(result)

    def failed(exc: Exception) -> None:
        log.error("resume failed: %s", type(exc).__name__)
        screen.set_busy(False)
        screen.show_refusal(
            ResumeRefusal("error", Message.of("papier.ecran_reprise.erreur_technique"))
        )

    window.runner.run(lambda: service.resume(typed), done, failed)
