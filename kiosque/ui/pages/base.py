"""The generic step page: intro, notes, fields and secondary actions, from the catalogue.

Page contract (Electrum's WizardComponent): ``answers()`` gives what was typed,
``show_outcome()`` puts the engine's messages beside their fields, ``action_requested``
asks the container to run a named action, ``clear()`` wipes every input. Special pages
subclass it and add their piece with :meth:`insert_before` / :meth:`add_extra`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosque.connectors.base import FORM
from kiosque.procedures.model import Action, Note
from kiosque.services import KioskService, KioskSession, StepView
from kiosque.texts import Message
from kiosque.ui.fields import FieldWidget, WrapButton, wrapped
from kiosque.ui.speech import Speaker


@dataclass(frozen=True)
class PageContext:
    """What special pages may use besides the view: the services, the session, the voice."""

    service: KioskService
    session: KioskSession
    speaker: Speaker


class StepPage(QWidget):
    """Renders one step. Subclasses may place some actions themselves (``placed``)."""

    action_requested = Signal(str)
    field_changed = Signal(str, object)

    placed: frozenset[str] = frozenset()

    def __init__(self, view: StepView, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.ctx = ctx
        self.setObjectName(f"page-{view.step.id}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        for paragraph in view.step.intro:
            self.layout_.addWidget(wrapped(paragraph, "intro"))
        for note in view.step.notes:
            self.layout_.addWidget(self._note(note))
        self.form_error = wrapped("", "formError")
        self.form_error.setVisible(False)
        self.form_error.setAccessibleName(self.form_error.text())
        self.layout_.addWidget(self.form_error)
        self.fields: dict[str, FieldWidget] = {}
        for fld in view.fields:
            widget = FieldWidget(fld, view.options.get(fld.id, ()))
            if fld.id in view.answers and not fld.secret:
                widget.set_value(view.answers[fld.id])
            elif fld.default:
                widget.set_value(fld.default)
            widget.changed.connect(self.field_changed)
            self.fields[fld.id] = widget
            self.layout_.addWidget(widget)
        self.links: dict[str, QPushButton] = {}
        for action in view.step.actions.values():
            if action.primary or action.id in self.placed:
                continue
            self.layout_.addWidget(self._link(action))
        self.field_changed.connect(self._dependent_options)
        self.build()
        self.layout_.addStretch(1)

    # -- for subclasses ------------------------------------------------------------------

    def build(self) -> None:
        """Add the special parts of the page (nothing for the generic page)."""

    def refresh(self, view: StepView) -> None:
        """The step was refused but the organism changed something (a new image…)."""
        self.view = view

    def insert_before(self, field_id: str, widget: QWidget) -> None:
        index = self.layout_.indexOf(self.fields[field_id])
        self.layout_.insertWidget(index, widget)

    def insert_after(self, field_id: str, widget: QWidget) -> None:
        index = self.layout_.indexOf(self.fields[field_id])
        self.layout_.insertWidget(index + 1, widget)

    def add_extra(self, widget: QWidget) -> None:
        """Under the fields, before the secondary actions."""
        first_link = next(iter(self.links.values()), None)
        index = self.layout_.indexOf(first_link) if first_link else self.layout_.count()
        self.layout_.insertWidget(index, widget)

    def action_button(self, action_id: str, name: str = "link") -> QPushButton:
        action = self.view.step.actions[action_id]
        button = WrapButton((action.label, "linkText" if name == "link" else "buttonText"))
        button.setObjectName(name)
        button.setProperty("action", action_id)
        button.clicked.connect(lambda: self.action_requested.emit(action_id))
        return button

    def _dependent_options(self, field_id: str, value: object) -> None:
        """The communes list follows the postal code typed just above it."""
        if field_id != "code_postal":
            return
        answers = {"code_postal": str(value).strip()}
        for widget in self.fields.values():
            if widget.field.options_from == "communes":
                options = self.ctx.service.options_for(widget.field, answers)
                widget.set_options(options)
                if len(options) == 1:
                    widget.set_value(options[0].id)

    # -- contract ------------------------------------------------------------------------

    def answers(self) -> dict[str, object]:
        return {fid: widget.value() for fid, widget in self.fields.items()}

    def show_outcome(
        self,
        errors: Mapping[str, Sequence[Message]],
        hints: Mapping[str, Sequence[Message]],
    ) -> QWidget | None:
        """Show messages beside their fields; return the widget to focus (first error)."""
        first: QWidget | None = None
        form = [str(m) for m in errors.get(FORM, ())]
        self.form_error.setText("\n".join(form))
        self.form_error.setVisible(bool(form))
        self.form_error.setAccessibleName("\n".join(form))
        if form:
            first = self.form_error
        for fid, widget in self.fields.items():
            widget.set_messages(list(errors.get(fid, ())), list(hints.get(fid, ())))
            if fid in errors and first is None:
                first = widget
        return first

    def clear(self) -> None:
        for widget in self.fields.values():
            widget.clear()
        self.form_error.clear()

    def first_input(self) -> QWidget | None:
        return next(iter(self.fields.values()), None)

    # -- pieces --------------------------------------------------------------------------

    def _note(self, note: Note) -> QFrame:
        frame = QFrame()
        frame.setObjectName("note")
        frame.setProperty("kind", note.kind)
        box = QVBoxLayout(frame)
        if note.title:
            title = wrapped(note.title, "fieldLabel")
            box.addWidget(title)
        box.addWidget(wrapped(note.text))
        frame.setAccessibleName(note.title or note.text[:80])
        return frame

    def _link(self, action: Action) -> QPushButton:
        name = "franceconnect" if action.id == "franceconnect" else "link"
        button = self.action_button(action.id, name)
        self.links[action.id] = button
        return button


def heading(text: str) -> QLabel:
    label = wrapped(text, "fieldLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label
