"""Pieces shared by the agent screens: the section frame, messages, tables, NIR input."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosque import resources
from kiosque.documents.fmt import paris_time
from kiosque.texts import t
from kiosque.ui.fields import GuardedLineEdit, refresh_style, wrapped
from kiosque.ui.theme import SIZES

if TYPE_CHECKING:
    from kiosque.agents import AgentService, AgentSession
    from kiosque.ui.agent.mode import AgentMode

ROW_HEIGHT = 44


def stylesheet() -> str:
    """``agent.qss`` at the normal text size (the agent screens ignore the citizen's)."""
    text = resources.path("styles", "agent.qss").read_text(encoding="utf-8")
    for name, value in SIZES[1].items():
        text = text.replace(f"@{name}@", str(value))
    return text.replace("@images@", resources.path("images").as_posix())


def hour(moment: datetime) -> str:
    return paris_time(moment).strftime("%H:%M")


def button(text: str, name: str = "", slot: Callable[[], None] | None = None) -> QPushButton:
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    widget.setAccessibleName(text)
    if slot is not None:
        widget.clicked.connect(lambda _checked=False: slot())
    return widget


def password_edit() -> QLineEdit:
    edit = GuardedLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return edit


def labelled(label: str, edit: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 4)
    layout.setSpacing(4)
    title = wrapped(label, "fieldLabel")
    title.setBuddy(edit)
    edit.setAccessibleName(label)
    layout.addWidget(title)
    layout.addWidget(edit)
    return box


class MessageLabel(QLabel):
    """A result (green), an error (red) or information (blue), hidden when empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("agentMessage")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def say(self, text: str, kind: str = "ok") -> None:
        self.setText(text)
        self.setProperty("kind", kind)
        refresh_style(self)
        self.setVisible(bool(text))
        self.setAccessibleName(text)

    def clear_message(self) -> None:
        self.say("")


class Table(QTableWidget):
    """A read-only table sized to its rows: the section scrolls, not the table. An empty
    table is hidden (the section says there is nothing).

    The ``wide`` columns share the width left by the others (sized to their content).
    """

    def __init__(self, headers: Sequence[str], wide: Sequence[int] = ()) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column in wide or not wide
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWordWrap(True)
        self.fill([])

    def fill(self, rows: Sequence[Sequence[Any]], keys: Sequence[str] | None = None) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                if keys is not None:
                    item.setData(Qt.ItemDataRole.UserRole, keys[r])
                self.setItem(r, c, item)
        self.setVisible(bool(rows))
        self._fit()

    def _fit(self) -> None:
        self.resizeRowsToContents()
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()  # the rows' wrapping depends on the columns' widths

    def selected_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.item(rows[0].row(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return "" if item is None else item.text()


class Section(QWidget):
    """One agent screen: a title, an explanation, its content and a message line.

    ``refresh()`` runs when the screen is shown, ``wipe()`` when the agent mode locks or
    closes (anything typed or shown about a person goes).
    """

    title_key = ""
    text_key = ""

    def __init__(self, mode: AgentMode) -> None:
        super().__init__()
        self.mode = mode
        self.setObjectName("agentSection")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(32, 24, 32, 24)
        self.box.setSpacing(12)
        self.heading = wrapped(t(self.title_key), "agentSectionTitle")
        self.box.addWidget(self.heading)
        if self.text_key:
            self.intro = wrapped(self.intro_text())
            self.box.addWidget(self.intro)
        self.message = MessageLabel()
        self.build()
        if self.box.indexOf(self.message) < 0:  # a section may place it itself
            self.box.addWidget(self.message)
        self.box.addStretch(1)

    @property
    def service(self) -> AgentService:
        return self.mode.service

    @property
    def session(self) -> AgentSession:
        assert self.mode.session is not None
        return self.mode.session

    def intro_text(self) -> str:
        return t(self.text_key)

    def build(self) -> None:
        """Add the section's widgets to ``self.box``."""

    def refresh(self) -> None:
        """The screen is shown."""

    def wipe(self) -> None:
        self.message.clear_message()

    def failed(self, exc: Exception) -> None:
        self.message.say(self.mode.message_for(exc), "error")

    def row(self, *widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(12)
        for widget in widgets:
            line.addWidget(widget)
        if stretch:
            line.addStretch(1)
        self.box.addLayout(line)
        return line


class NirInput(GuardedLineEdit):
    """A NIR typed by the agent: personal, never predicted, never kept."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("nir")
        self.setMaxLength(30)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhPreferNumbers
        )
        self.setMinimumWidth(360)
        self.setMaximumWidth(520)
