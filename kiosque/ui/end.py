"""What the citizen takes away: the receipt and the resume code, on screen and on paper.

:class:`EndScreen` ends a procedure; :class:`ReceiptScreen` is « Mon reçu », reachable
from any step. Both show the resume code in large type and the QR code (the paper's very
matrix), issue the receipt through the services (committed to the store first, then the
PDF in the session's folder) and print it without a dialog. What they show is cleared as
soon as they are left, so nothing stays on screen after « Terminer ».
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosque.documents.fmt import date_short
from kiosque.paper import ResumeTicket
from kiosque.texts import t
from kiosque.ui.fields import wrapped
from kiosque.ui.qr import QrWidget

if TYPE_CHECKING:
    from kiosque.ui.main_window import KioskWindow

log = logging.getLogger(__name__)


def scaled_pixel_size(factor: float) -> int:
    """``factor`` × the kiosk's current text size (the application font, which follows
    the « A / A+ / A++ » buttons)."""
    font = QApplication.font()
    base = font.pixelSize()
    if base <= 0:
        base = round(font.pointSizeF() * 96 / 72) if font.pointSizeF() > 0 else 18
    return max(1, round(base * factor))


def keep_scaled(widget: QWidget, factor: float, event: QEvent) -> None:
    """Call from ``changeEvent``: the style sheet sets every widget's font size, so a
    larger one is put back after each style or font change."""
    if event.type() not in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
        return
    want = scaled_pixel_size(factor)
    font = widget.font()
    if font.pixelSize() != want or not font.bold():
        font.setPixelSize(want)
        font.setBold(True)
        widget.setFont(font)


class BigText(QLabel):
    """Plain text in large, bold type (the resume code)."""

    def __init__(self, factor: float = 2.2, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.factor = factor
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if name:
            self.setObjectName(name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        keep_scaled(self, self.factor, event)


class ReceiptPanel(QFrame):
    """The resume code in large type, how to use it, and its QR code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 20, 24, 20)
        row.setSpacing(24)
        column = QVBoxLayout()
        column.setSpacing(8)
        self.code_title = wrapped(t("papier.ecran.code_titre"), "fieldLabel")
        self.code = BigText(name="stepTitle")
        self.help = wrapped(t("papier.ecran.code_aide"))
        self.validity = wrapped("", "fieldHelp")
        self.phone = wrapped(t("papier.ecran.qr_telephone"), "fieldHelp")
        for widget in (self.code_title, self.code, self.help, self.validity, self.phone):
            column.addWidget(widget)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.qr = QrWidget()
        self.qr.setMinimumSize(220, 220)
        self.qr.setMaximumSize(320, 320)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)

    def show_ticket(self, ticket: ResumeTicket) -> None:
        self.code.setText(ticket.display)
        spoken = " ".join(ticket.display.replace("-", " - "))
        self.code.setAccessibleName(t("papier.ecran.code_lu", code=spoken))
        self.validity.setText(t("papier.ecran.code_valable", date=date_short(ticket.valid_until)))
        self.qr.set_text(ticket.qr_text)

    def clear(self) -> None:
        self.code.clear()
        self.code.setAccessibleName("")
        self.validity.clear()
        self.qr.clear()


class ReceiptView(QWidget):
    """A title, a sentence, the panel, a status line, « Imprimer mon reçu » and a second
    button (« Terminer » or « Continuer ma démarche »)."""

    second = Signal()

    def __init__(
        self, title: str, text: str, second_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pdf: Path | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.setSpacing(14)
        self.message = wrapped(title, "stepTitle")
        self.text = wrapped(text)
        self.text.setVisible(bool(text))
        self.panel = ReceiptPanel()
        self.panel.setVisible(False)
        self.status = wrapped("", "fieldHelp")
        self.status.setVisible(False)
        for widget in (self.message, self.text, self.panel, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)

        bar = QWidget()
        bar.setObjectName("actionbar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        buttons = QHBoxLayout(bar)
        buttons.setContentsMargins(32, 10, 32, 10)
        self.button = QPushButton(second_label)
        self.button.setAccessibleName(second_label)
        self.button.clicked.connect(self.second)
        self.print_button = QPushButton(t("papier.ecran.imprimer"))
        self.print_button.setObjectName("primary")
        self.print_button.setAccessibleName(t("papier.ecran.imprimer"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self._print_clicked)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        outer.addWidget(bar)

    # -- states ------------------------------------------------------------------------

    def preparing(self) -> None:
        self.clear()
        self._say(t("papier.ecran.preparation"))

    def show_receipt(self, ticket: ResumeTicket, pdf: Path) -> None:
        self.pdf = pdf
        self.panel.show_ticket(ticket)
        self.panel.setVisible(True)
        self.status.setVisible(False)
        self.print_button.setEnabled(True)

    def failed(self) -> None:
        self._say(t("papier.ecran.erreur"), error=True)

    def printing(self) -> None:
        self.print_button.setEnabled(False)
        self._say(t("papier.impression.en_cours"))

    def printed(self) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self._say(t("papier.impression.envoye"))

    def print_failed(self, key: str) -> None:
        self.print_button.setEnabled(self.pdf is not None)
        self._say(t(key), error=True)

    def clear(self) -> None:
        """Forget the code, the QR code and the receipt's path (on leaving the screen)."""
        self.pdf = None
        self.panel.clear()
        self.panel.setVisible(False)
        self.status.clear()
        self.status.setVisible(False)
        self.print_button.setEnabled(False)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setObjectName("formError" if error else "fieldHelp")
        style = self.status.style()
        style.unpolish(self.status)
        style.polish(self.status)
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(True)

    def _print_clicked(self) -> None:
        window = self.window()
        from kiosque.ui.main_window import KioskWindow

        if isinstance(window, KioskWindow):
            print_receipt(window, self)

    def hideEvent(self, event: QHideEvent) -> None:
        self.clear()
        super().hideEvent(event)


class EndScreen(ReceiptView):
    """The procedure is done: the receipt to print, then « Terminer »."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(t("papier.ecran.fini"), "", t("papier.ecran.terminer"), parent)
        self.setObjectName("end")
        self.second.connect(self.done)


class ReceiptScreen(ReceiptView):
    """« Mon reçu » in the middle of a procedure, then back to the step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            t("papier.ecran.recu_titre"),
            t("papier.ecran.recu_texte"),
            t("papier.ecran.continuer"),
            parent,
        )
        self.setObjectName("receipt")


# -- window-level actions -------------------------------------------------------------------


def finish(window: KioskWindow) -> None:
    """The procedure is done: show the end screen and issue the receipt."""
    window.stack.setCurrentWidget(window.end)
    _issue(window, window.end)
    window.end.button.setFocus()


def open_receipt(window: QWidget) -> None:
    """« Mon reçu » at any step: the receipt of what is committed so far, its code and
    QR code, and « Continuer ma démarche » back to the step."""
    from kiosque.ui.main_window import KioskWindow

    if not isinstance(window, KioskWindow) or window.session is None:
        return
    if not window.runner.idle:
        return
    screen = window.stack.findChild(ReceiptScreen)
    if screen is None:
        screen = ReceiptScreen()
        screen.second.connect(lambda: window.stack.setCurrentWidget(window.wizard))
        window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    _issue(window, screen)
    screen.button.setFocus()


def _issue(window: KioskWindow, view: ReceiptView) -> None:
    session, context = window.session, window.context
    if session is None or context is None:
        return
    view.preparing()
    service = context.service
    folder = window.session_folder(session)

    def work() -> tuple[ResumeTicket, Path]:
        path = service.issue_receipt(session, folder)
        return service.resume_code(session), path

    def done(result: tuple[ResumeTicket, Path]) -> None:
        if window.session is session and view.isVisible():
            view.show_receipt(*result)

    def failed(exc: Exception) -> None:
        log.error("receipt not issued: %s", type(exc).__name__)
        if window.session is session:
            view.failed()

    window.runner.run(work, done, failed)


def print_receipt(window: KioskWindow, view: ReceiptView) -> None:
    """Print the receipt shown by ``view`` on the terminal's printer, no dialog."""
    from kiosque.ui.printing import PrintError, print_pdf

    pdf, context = view.pdf, window.context
    if pdf is None or context is None or not window.runner.idle:
        return
    printer = context.settings.printer
    view.printing()

    def failed(exc: Exception) -> None:
        key = exc.key if isinstance(exc, PrintError) else "papier.impression.erreur"
        log.error("printing failed: %s", exc if isinstance(exc, PrintError) else type(exc))
        view.print_failed(key)

    window.runner.run(lambda: print_pdf(pdf, printer), lambda _r: view.printed(), failed)
