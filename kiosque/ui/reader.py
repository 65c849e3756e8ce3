"""What « Écouter » reads for the current step, and what screen readers are told.

The text follows the screen: the step's title and explanation, the notes, what the
organism answered (the help answers found, the practice mailbox, the RIS), the field that
has the focus (its label, help and example) and every error shown."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosque.texts import t
from kiosque.ui.fields import FieldWidget
from kiosque.ui.pages.base import StepPage


def focused_field(page: StepPage, last: QWidget | None = None) -> FieldWidget | None:
    """The field being filled: the one with the focus, or the last one that had it (the
    « Écouter » button takes the focus when it is pressed)."""
    focus = QApplication.focusWidget() or page.window().focusWidget()
    for candidate in (focus, last):
        for widget in page.fields.values():
            if candidate is not None and (candidate is widget or widget.isAncestorOf(candidate)):
                return widget
    return next(iter(page.fields.values()), None)


def step_text(page: StepPage, last: QWidget | None = None) -> str:
    view = page.view
    parts = [t("interface.lecture.etape", titre=view.step.title), *view.step.intro]
    for note in view.step.notes:
        parts += [note.title, note.text] if note.title else [note.text]
    parts += page.shown_answer()
    if page.form_error.isVisible() and page.form_error.text():
        parts.append(t("interface.lecture.erreur", message=page.form_error.text()))
    field = focused_field(page, last)
    if field is not None:
        parts.append(t("interface.lecture.champ", libelle=field.field.label))
        if field.field.help:
            parts.append(t("interface.lecture.aide", aide=field.field.help))
        if field.field.example:
            parts.append(t("interface.lecture.exemple", exemple=field.field.example))
    for widget in page.fields.values():
        if widget.error.isVisible() and widget.error.text():
            parts.append(t("interface.lecture.erreur", message=widget.error.text()))
    return " ".join(p.strip() for p in parts if p and p.strip())


def announce(widget: QWidget, text: str) -> None:
    """Tell a screen reader now (a step change, the errors of a refused step)."""
    if text:
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
