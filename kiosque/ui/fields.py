"""One widget per field kind: label, help, example, the input, and its messages.

Inputs never offer a context menu; personal fields are marked sensitive so on-screen
keyboards keep no prediction; confirmation fields refuse paste and drops.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosque.texts import Message, t

if TYPE_CHECKING:  # the home screen uses these widgets before the catalogue is loaded
    from kiosque.procedures.model import Field, Option

DIGIT_KINDS = {"postal_code", "phone", "date"}


def wrapped(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def refresh_style(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class GuardedLineEdit(QLineEdit):
    """A line edit with no context menu; with ``no_paste``, paste and drops are refused."""

    paste_refused = Signal()

    def __init__(self, *, no_paste: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.no_paste = no_paste
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        if no_paste:
            self.setAcceptDrops(False)
            self.setDragEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.no_paste and (
            event.matches(QKeySequence.StandardKey.Paste)
            or (
                event.key() == Qt.Key.Key_Insert
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
        ):
            self.paste_refused.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.no_paste and event.button() == Qt.MouseButton.MiddleButton:
            self.paste_refused.emit()  # X11 selection paste
            return
        super().mouseReleaseEvent(event)


class WrapButton(QPushButton):
    """A button whose text wraps: it is laid out as labels and sized from them, so a long
    question or a tile's summary is never clipped, at any text size."""

    def __init__(self, *lines: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = " ".join(text for text, _name in lines)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 8)
        box.setSpacing(4)
        self.labels: list[QLabel] = []
        for text, name in lines:
            label = wrapped(text, name)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(label)
            self.labels.append(label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(self._text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self.labels[0].setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return max(44, layout.totalHeightForWidth(width) if layout is not None else 44)

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.totalSizeHint() if layout is not None else QSize(44, 44)
        return QSize(max(44, hint.width()), max(44, hint.height()))

    def minimumSizeHint(self) -> QSize:
        return QSize(44, 44)


class TouchCheckBox(QCheckBox):
    """A tap anywhere on the control ticks it (Qt only counts the small square)."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


class TouchRadioButton(QRadioButton):
    """A tap anywhere on the option chooses it (Qt only counts the circle and its text)."""

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


class ClickableFrame(QFrame):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class FieldWidget(QWidget):
    """Label, help, input and messages of one field. ``changed`` fires on every edit."""

    changed = Signal(str, object)  # field id, value

    def __init__(self, field: Field, options: Sequence[Option] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field-{field.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        text = field.label + ("" if not field.required else " *")
        self.label = wrapped(text, "fieldLabel")
        self.help = wrapped(field.help, "fieldHelp")
        self.help.setVisible(bool(field.help))
        self.example = wrapped(
            t("interface.assistant.exemple", exemple=field.example) if field.example else "",
            "fieldExample",
        )
        self.example.setVisible(bool(field.example))
        self.error = wrapped("", "fieldError")
        self.error.setVisible(False)
        self.hint = wrapped("", "fieldHint")
        self.hint.setVisible(False)
        self.input = self._build_input(options)
        if field.kind != "checkbox":
            layout.addWidget(self.label)
            self.label.setBuddy(self.input)
        layout.addWidget(self.help)
        layout.addWidget(self.example)
        layout.addWidget(self._input_row)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        self.input.setAccessibleName(field.label)
        self._describe(field.help, field.example)

    def insert_above_input(self, widget: QWidget) -> None:
        """A special page's piece between the help and the input (the security image)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self._input_row), widget)

    # -- building ------------------------------------------------------------------------

    def _build_input(self, options: Sequence[Option]) -> QWidget:
        kind = self.field.kind
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self._input_row = row
        self._buttons: QButtonGroup | None = None
        self._option_ids: tuple[str, ...] = ()
        widget: QWidget
        if kind in ("choice",):
            combo = QComboBox()
            combo.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            # A long choice (a secret question) must not widen the page past the screen
            # at the largest text size: the box takes the page's width, and the list it
            # opens wraps each choice on as many lines as it needs.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            choices = QListView(combo)
            choices.setWordWrap(True)
            choices.setTextElideMode(Qt.TextElideMode.ElideNone)
            choices.setUniformItemSizes(False)
            combo.setView(choices)
            self._fill_combo(combo, options)
            combo.currentIndexChanged.connect(lambda _i: self._emit())
            widget = combo
            row_layout.addWidget(combo, 1)
        elif kind in ("radio", "results"):
            widget = QWidget()
            box = (
                QVBoxLayout(widget)
                if kind == "results" or len(options) > 3
                else QHBoxLayout(widget)
            )
            box.setContentsMargins(0, 0, 0, 0)
            self._buttons = QButtonGroup(widget)
            self._options_box = box
            self._fill_buttons(options)
            if isinstance(box, QHBoxLayout):
                box.addStretch(1)
            self._buttons.buttonToggled.connect(self._toggled)
            row_layout.addWidget(widget, 1)
        elif kind == "checkbox":
            widget = TouchCheckBox()
            widget.setAccessibleName(self.field.label)
            label = ClickableLabel(self.field.label + (" *" if self.field.required else ""))
            label.setWordWrap(True)
            label.setObjectName("fieldLabel")
            label.clicked.connect(widget.toggle)
            widget.toggled.connect(lambda _on: self._emit())
            row_layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
            row_layout.addWidget(label, 1)
            self.label = label
        else:
            edit = GuardedLineEdit(no_paste=self.field.no_paste)
            hints = Qt.InputMethodHint.ImhNone
            if self.field.sensitive or self.field.secret:
                hints |= (
                    Qt.InputMethodHint.ImhSensitiveData
                    | Qt.InputMethodHint.ImhNoPredictiveText
                    | Qt.InputMethodHint.ImhNoAutoUppercase
                )
            if kind in DIGIT_KINDS or kind == "nir":
                hints |= Qt.InputMethodHint.ImhPreferNumbers
            if kind == "email":
                hints |= Qt.InputMethodHint.ImhEmailCharactersOnly
            edit.setInputMethodHints(hints)
            edit.setMaxLength(200)
            edit.textEdited.connect(lambda _text: self._emit())
            edit.paste_refused.connect(self._paste_refused)
            widget = edit
            row_layout.addWidget(edit, 1)
            if kind == "password":
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                toggle = QPushButton(t("interface.assistant.afficher"))
                toggle.setObjectName("link")
                toggle.setCheckable(True)
                toggle.setAccessibleName(t("interface.assistant.afficher_mot_de_passe"))
                toggle.toggled.connect(lambda on: self._reveal(edit, toggle, on))
                row_layout.addWidget(toggle)
                self.reveal = toggle
        return widget

    def _option_widget(self, option: Option, kind: str) -> QWidget:
        assert self._buttons is not None
        # a search result's title is long: it wraps in a label beside a bare radio button
        button = TouchRadioButton("" if kind == "results" else option.label)
        button.setProperty("option", option.id)
        button.setAccessibleName(option.label)
        if option.detail or option.url:
            button.setAccessibleDescription(" ".join(p for p in (option.url, option.detail) if p))
        self._buttons.addButton(button)
        if kind != "results":
            return button
        card = ClickableFrame()
        card.setObjectName("card")
        card.clicked.connect(lambda: button.setChecked(True))  # touch anywhere on the result
        box = QVBoxLayout(card)
        row = QHBoxLayout()
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        title = wrapped(option.label, "fieldLabel")
        title.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(title, 1)
        box.addLayout(row)
        if option.url:
            box.addWidget(wrapped(option.url, "fieldHelp"))
        if option.detail:
            box.addWidget(wrapped(option.detail))
        return card

    def _fill_buttons(self, options: Sequence[Option]) -> None:
        """The option buttons (or result cards), in place of the ones shown before."""
        assert self._buttons is not None
        self._option_ids = tuple(option.id for option in options)
        box = self._options_box
        shown = self._buttons.buttons()
        # new buttons go to the end of the window's Tab chain: put them back in place
        before = shown[0].previousInFocusChain() if shown else None
        for button in shown:
            self._buttons.removeButton(button)
        for index in reversed(range(box.count())):
            item = box.itemAt(index)
            old = item.widget() if item is not None else None
            if old is not None:
                box.removeWidget(old)
                old.setParent(None)
                old.deleteLater()
        kind = self.field.kind
        for position, option in enumerate(options):
            box.insertWidget(position, self._option_widget(option, kind))
        buttons = self._buttons.buttons()
        if before is not None:
            for first, second in zip([before, *buttons], buttons, strict=False):
                QWidget.setTabOrder(first, second)
        container = box.parentWidget()
        if container is not None and buttons:
            container.setFocusProxy(buttons[0])

    def _fill_combo(self, combo: QComboBox, options: Sequence[Option]) -> None:
        self._option_ids = tuple(option.id for option in options)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(t("interface.assistant.choisir"), "")
        for option in options:
            combo.addItem(option.label, option.id)
        combo.blockSignals(False)

    def _reveal(self, edit: QLineEdit, toggle: QPushButton, on: bool) -> None:
        edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        toggle.setText(t("interface.assistant.masquer" if on else "interface.assistant.afficher"))
        toggle.setAccessibleName(
            t(
                "interface.assistant.masquer_mot_de_passe"
                if on
                else "interface.assistant.afficher_mot_de_passe"
            )
        )

    def _paste_refused(self) -> None:
        self.set_messages([t("interface.assistant.collage_refuse")], [])

    def _toggled(self, _button: object, on: bool) -> None:
        if on:
            self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.field.id, self.value())

    # -- values --------------------------------------------------------------------------

    def set_options(self, options: Sequence[Option]) -> None:
        """Replace a choice list (the communes of a new postal code, new search results)."""
        if self._option_ids == tuple(option.id for option in options):
            return
        if isinstance(self.input, QComboBox):
            current = self.value()
            self._fill_combo(self.input, options)
            if current:
                self.set_value(current)
        elif self._buttons is not None:
            self._fill_buttons(options)

    def value(self) -> str | bool:
        w = self.input
        if isinstance(w, QComboBox):
            return str(w.currentData() or "")
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if self._buttons is not None:
            checked = self._buttons.checkedButton()
            return str(checked.property("option")) if checked else ""
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_value(self, value: str | bool) -> None:
        w = self.input
        if isinstance(w, QComboBox):
            index = w.findData(str(value))
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, QCheckBox):
            w.setChecked(value is True or str(value).lower() == "true")
        elif self._buttons is not None:
            for button in self._buttons.buttons():
                button.setChecked(button.property("option") == str(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value))  # also clears the undo history
        self._emit()

    def clear(self) -> None:
        """Empty the field and its undo history (the wipe)."""
        w = self.input
        if isinstance(w, QLineEdit):
            w.setText("")
            w.setEchoMode(
                QLineEdit.EchoMode.Password
                if self.field.kind == "password"
                else QLineEdit.EchoMode.Normal
            )
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(0)
        elif isinstance(w, QCheckBox):
            w.setChecked(False)
        elif self._buttons is not None:
            self._buttons.setExclusive(False)
            for button in self._buttons.buttons():
                button.setChecked(False)
            self._buttons.setExclusive(True)
        self.set_messages([], [])

    # -- messages ------------------------------------------------------------------------

    def set_messages(self, errors: Sequence[str | Message], hints: Sequence[str | Message]) -> None:
        error_text = "\n".join(str(m) for m in errors)
        hint_text = "\n".join(str(m) for m in hints)
        self.error.setText(error_text)
        self.error.setVisible(bool(error_text))
        self.hint.setText(hint_text)
        self.hint.setVisible(bool(hint_text))
        if self.input.property("invalid") != bool(error_text):
            self.input.setProperty("invalid", bool(error_text))
            refresh_style(self.input)
        self._describe(self.field.help, error_text, hint_text)

    def _describe(self, *parts: str) -> None:
        """What a screen reader says after the field's name: that it must be filled (the
        star of the label is not read as such), its help, its messages."""
        required = t("interface.assistant.champ_obligatoire") if self.field.required else ""
        self.input.setAccessibleDescription(" ".join(p for p in (required, *parts) if p))

    def focus_input(self) -> None:
        target = self.input.focusProxy() or self.input
        target.setFocus(Qt.FocusReason.OtherFocusReason)
