"""The generic step page: intro, notes, fields and secondary actions, from the catalogue.

Page contract (Electrum's WizardComponent): ``answers()`` gives what was typed,
``show_outcome()`` puts the engine's messages beside their fields, ``action_requested``
asks the container to run a named action, ``clear()`` wipes every input. Special pages
subclass it and add their piece with :meth:`insert_before` / :meth:`add_extra`.

A page built once is kept by the wizard for the next visit of its step (building and
styling a page of ten fields costs a frame or two): ``release()`` wipes it and drops the
session when the citizen leaves the step, ``load()`` shows it again for a new view.
What an organism answered (a mailbox, a RIS, search answers) goes in an
:class:`AnswerBox`, filled anew by ``reload()`` at each visit and emptied on release.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QPoint, Qt, Signal
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
    reusable: ClassVar[bool] = True  # kept for the next visit of its step (see load)

    def __init__(self, view: StepView, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: StepView | None = view
        self._ctx: PageContext | None = ctx
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
            _initial_value(widget, view)
            widget.changed.connect(self.field_changed)
            self.fields[fld.id] = widget
            self.layout_.addWidget(widget)
        self.answer: AnswerBox | None = None
        self.links: dict[str, QPushButton] = {}
        for action in view.step.actions.values():
            if action.primary or action.id in self.placed:
                continue
            self.layout_.addWidget(self._link(action))
        self.field_changed.connect(self._dependent_options)
        self.build()
        self.layout_.addStretch(1)

    @property
    def view(self) -> StepView:
        if self._view is None:
            raise RuntimeError("page released: load() it with a new view first")
        return self._view

    @property
    def ctx(self) -> PageContext:
        if self._ctx is None:
            raise RuntimeError("page released: load() it with a new view first")
        return self._ctx

    @property
    def loaded(self) -> bool:
        return self._view is not None

    # -- kept between visits -------------------------------------------------------------

    @classmethod
    def key(cls, view: StepView) -> Hashable | None:
        """What a kept page must match to show ``view`` (None: build a new page)."""
        if not cls.reusable:
            return None
        return (cls, view.procedure.id, view.step.id, tuple(f.id for f in view.fields))

    def load(self, view: StepView, ctx: PageContext) -> None:
        """Show this kept page again, for ``view``: as if just built for it."""
        self._view, self._ctx = view, ctx
        self.clear()
        if self.answer is not None:
            self.answer.empty()
        for fld in view.fields:
            widget = self.fields[fld.id]
            widget.set_options(view.options.get(fld.id, ()))
            _initial_value(widget, view)
        self.reload()

    def release(self) -> None:
        """The citizen left the step: empty every input, forget the view and the session."""
        self.clear()
        for widget in self.fields.values():
            if widget.field.options_from == "communes":  # they tell the postal code typed
                widget.set_options(())
        if self.answer is not None:
            self.answer.empty()
        self._view = self._ctx = None

    def shown_answer(self) -> list[str]:
        """What an organism answered, as shown (for « Écouter »): the texts of the
        answer box, top to bottom."""
        if self.answer is None:
            return []
        return _texts_in(self.answer)

    # -- for subclasses ------------------------------------------------------------------

    def build(self) -> None:
        """Add the special parts of the page (nothing for the generic page)."""

    def reload(self) -> None:
        """A kept page shown again (``self.view`` and ``self.ctx`` are the new ones):
        refresh the special parts."""

    def refresh(self, view: StepView) -> None:
        """The step was refused but the organism changed something (a new image…)."""
        self._view = view

    def answer_box(self) -> AnswerBox:
        """The place of what the organism answered, under the fields (see reload)."""
        if self.answer is None:
            self.answer = AnswerBox()
            self.add_extra(self.answer)
        return self.answer

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
        self.form_error.setAccessibleName("")
        self.form_error.setVisible(False)

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


class AnswerBox(QWidget):
    """Widgets made from what an organism answered for this citizen: built for one visit,
    deleted when the citizen leaves the step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(10)

    def add(self, widget: QWidget) -> None:
        self.box.addWidget(widget)

    def empty(self) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()


def _texts_in(root: QWidget) -> list[str]:
    """The visible labels' texts under ``root``, in reading order (top to bottom)."""
    labels = [
        label
        for label in root.findChildren(QLabel)
        if label.isVisibleTo(root) and label.text().strip()
    ]
    labels.sort(key=lambda label: label.mapTo(root, QPoint(0, 0)).y())
    return [label.text() for label in labels]


def _initial_value(widget: FieldWidget, view: StepView) -> None:
    """What a field shows when its step is entered: the answer kept (never a secret's)
    or the default."""
    fld = widget.field
    if fld.id in view.answers and not fld.secret:
        widget.set_value(view.answers[fld.id])
    elif fld.default:
        widget.set_value(fld.default)


def heading(text: str) -> QLabel:
    label = wrapped(text, "fieldLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label
