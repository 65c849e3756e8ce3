"""The agent mode's cards: a centred card of fields, and the password asked again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosque.texts import t
from kiosque.ui.agent.common import MessageLabel, button, labelled, password_edit
from kiosque.ui.fields import wrapped


def card(*widgets: QWidget | QHBoxLayout, name: str = "agentCard") -> QFrame:
    frame = QFrame()
    frame.setObjectName(name)
    frame.setFixedWidth(680)
    box = QVBoxLayout(frame)
    box.setContentsMargins(32, 28, 32, 28)
    box.setSpacing(12)
    for widget in widgets:
        if isinstance(widget, QHBoxLayout):
            box.addLayout(widget)
        else:
            box.addWidget(widget)
    return frame


def centred(box: QWidget) -> QWidget:
    # No stretch around the card: beside stretches, a layout gives a card of wrapped
    # labels its minimum height, not its height for its width, and clips the fields.
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(box, 0, Qt.AlignmentFlag.AlignCenter)
    return page


def buttons(*widgets: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widgets[0])
    row.addStretch(1)
    for widget in widgets[1:]:
        row.addWidget(widget)
    return row


class PasswordPanel(QWidget):
    """« Confirmez avec votre mot de passe », over the agent screens."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("agentOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.text = wrapped("")
        self.password = password_edit()
        self.password.returnPressed.connect(self._confirm)
        self.error = MessageLabel()
        self.cancel_button = button(t("agent.annuler"), slot=self.close_panel)
        self.confirm_button = button(t("agent.confirmer"), "primary", self._confirm)
        box = card(
            wrapped(t("agent.confirmation.titre"), "agentSectionTitle"),
            self.text,
            labelled(t("agent.connexion.mot_de_passe"), self.password),
            self.error,
            buttons(self.cancel_button, self.confirm_button),
            name="agentDialog",
        )
        layout = QVBoxLayout(self)
        layout.addWidget(centred(box))
        self._then: Callable[[str], None] | None = None
        self.hide()

    def ask(self, action: str, then: Callable[[str], None]) -> None:
        self._then = then
        self.text.setText(t("agent.confirmation.texte", action=action))
        self.password.clear()
        self.error.clear_message()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def _confirm(self) -> None:
        then, password = self._then, self.password.text()
        self.close_panel()
        if then is not None:
            then(password)

    def close_panel(self) -> None:
        self._then = None
        self.password.clear()
        self.hide()
