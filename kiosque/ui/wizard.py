"""The wizard container: title and progress as the real site shows them, the step page,
the help for this step, and the Back / main action bar. It asks the services and renders
their answer; it never decides which step comes next."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Hashable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosque.procedures.engine import Outcome
from kiosque.services import KioskService, KioskSession, StepView
from kiosque.texts import t
from kiosque.ui.fields import WrapButton, wrapped
from kiosque.ui.pages import page_class
from kiosque.ui.pages.base import PageContext, StepPage
from kiosque.ui.reader import announce, step_text
from kiosque.ui.speech import Speaker
from kiosque.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


HELP_WIDTHS = {1: (300, 380), 2: (360, 460), 3: (440, 520)}


class HelpPanel(QWidget):
    """The FAQ entries that apply to the current step, each opening its answer. The
    entries of a step are built once and kept (steps share them); answers opened by one
    citizen are closed again for the next step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(12, 12, 12, 12)
        self.box.addWidget(wrapped(t("interface.assistant.aide"), "helpTitle"))
        self._kept: dict[tuple[str, ...], QWidget] = {}
        self.current: QWidget | None = None
        self.box.addStretch(1)

    def show_entries(self, view: StepView) -> None:
        key = tuple(entry.id for entry in view.faq)
        entries = self._kept.get(key)
        if entries is None:
            entries = self._kept[key] = self._build(view)
            self.box.insertWidget(self.box.count() - 1, entries)
        if entries is self.current:
            return
        if self.current is not None:
            self.current.setVisible(False)
            for question in self.current.findChildren(QPushButton):
                question.setChecked(False)
        entries.setVisible(True)
        self.current = entries

    @staticmethod
    def _build(view: StepView) -> QWidget:
        entries = QWidget()
        box = QVBoxLayout(entries)
        box.setContentsMargins(0, 0, 0, 0)
        if not view.faq:
            box.addWidget(wrapped(t("interface.assistant.aide_vide")))
        for entry in view.faq:
            question = WrapButton((entry.question, "helpQuestion"))
            question.setObjectName("link")
            question.setCheckable(True)
            answer = wrapped("\n".join(entry.answer))
            answer.setVisible(False)
            question.toggled.connect(answer.setVisible)
            box.addWidget(question)
            box.addWidget(answer)
        entries.setVisible(False)
        return entries


class WizardView(QWidget):
    """Shows the session's current step and runs its actions off the UI thread."""

    finished = Signal()  # the procedure is done
    leave = Signal()  # back from the first step: to the home screen
    step_shown = Signal(str, str)  # procedure id, step id

    def __init__(
        self,
        service: Callable[[], KioskService],
        runner: TaskRunner,
        speaker: Speaker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wizard")
        self._service = service
        self.runner = runner
        self.speaker = speaker
        self.session: KioskSession | None = None
        self.page: StepPage | None = None
        self.current: StepView | None = None

        self.procedure_title = wrapped("", "breadcrumb")
        self.title = wrapped("", "stepTitle")
        self.title.setAccessibleName("")
        self.breadcrumb = QLabel()
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setWordWrap(True)
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.busy_label = wrapped(t("interface.assistant.en_cours"), "fieldHelp")
        self.busy_label.setVisible(False)

        # Each page sits in its own scroll area, one of a stack: a kept page is shown again
        # by raising its scroll area, never re-parented (which would style it again).
        self.pages = QStackedWidget()
        self._kept: dict[Hashable, StepPage] = {}
        self.help = HelpPanel()
        help_scroll = QScrollArea()
        help_scroll.setWidgetResizable(True)
        help_scroll.setWidget(self.help)
        help_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        help_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.help_scroll = help_scroll
        self.fit_help_panel(1)

        self.back_button = QPushButton(t("interface.assistant.retour"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.go_back)
        # long labels (« Je confirme la création de mon espace personnel ») wrap at large sizes
        self.main_button = WrapButton(("", "buttonText"))
        self.main_button.setObjectName("primary")
        self.main_button.clicked.connect(lambda: self.run_action("next"))
        self.receipt_button = QPushButton(t("papier.ecran.mon_recu"))  # « Mon reçu » (ui/end.py)
        self.receipt_button.setAccessibleDescription(t("papier.ecran.mon_recu_description"))
        self.receipt_button.clicked.connect(self._open_receipt)

        self.listen_button = QPushButton(t("interface.lecture.ecouter"))
        self.listen_button.setObjectName("listen")
        self.listen_button.setAccessibleName(t("interface.lecture.ecouter_nom"))
        self.listen_button.clicked.connect(self.read_aloud)
        # a tap must not take the focus away from the field being filled (it is read)
        self.listen_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.no_voice = wrapped(t("interface.lecture.pas_de_voix"), "fieldHint")
        self.no_voice.setVisible(False)
        speaker.unavailable.connect(lambda: self.no_voice.setVisible(True))
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.listen_button, 0, Qt.AlignmentFlag.AlignTop)
        head = QVBoxLayout()
        head.addWidget(self.procedure_title)
        head.addWidget(self.breadcrumb)
        head.addLayout(title_row)
        head.addWidget(self.no_voice)
        middle = QHBoxLayout()
        middle.addWidget(self.pages, 1)
        middle.addWidget(help_scroll)
        bar = QWidget()
        bar.setObjectName("actionbar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar_layout = QHBoxLayout(bar)
        bar_layout.setContentsMargins(16, 10, 16, 10)
        bar_layout.addWidget(self.back_button)
        bar_layout.addWidget(self.receipt_button)
        bar_layout.addStretch(1)
        bar_layout.addWidget(self.busy_label)
        bar_layout.addWidget(self.main_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 0)
        layout.addLayout(head)
        layout.addLayout(middle, 1)
        layout.addWidget(bar)
        runner.busy_changed.connect(self._busy)
        self._last_focus: QWidget | None = None
        self._ahead: list[tuple[str, str]] = []  # (procedure, step) pages to build ahead
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setInterval(0)  # whenever nothing else is waiting
        self._ahead_timer.timeout.connect(self._build_ahead)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def detach(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.page is not None and self.page.isAncestorOf(new):
            self._last_focus = new

    def fit_help_panel(self, text_size: int) -> None:
        """The help column widens with the text size, so that no word is cut in it."""
        low, high = HELP_WIDTHS[text_size]
        self.help_scroll.setMinimumWidth(low)
        self.help_scroll.setMaximumWidth(high)

    @property
    def service(self) -> KioskService:
        return self._service()

    # -- showing -------------------------------------------------------------------------

    def open(self, session: KioskSession) -> None:
        self.session = session
        self.show_current()

    def show_current(self) -> None:
        assert self.session is not None
        view = self.service.view(self.session)
        self.current = view
        page = self._page_for(view, PageContext(self.service, self.session, self.speaker))
        if page is not self.page:
            self._put_away()
            self.page = page
            self.pages.setCurrentWidget(self._scroll_of(page))
            self._last_focus = None
        self.scroll_area.verticalScrollBar().setValue(0)
        self.procedure_title.setText(view.procedure.title)
        self.title.setText(view.step.title)
        self.title.setAccessibleName(view.step.title)
        crumbs = [
            f"<b><u>{html.escape(label)}</u></b>" if current else html.escape(label)
            for label, current in view.breadcrumb
        ]
        self.breadcrumb.setText(" &gt; ".join(crumbs))
        self.breadcrumb.setVisible(bool(crumbs))
        self.breadcrumb.setAccessibleName(
            " > ".join(label for label, _ in view.breadcrumb) if crumbs else ""
        )
        self.help.show_entries(view)
        main = view.step.main_action
        self.main_button.setText(main.label if main else t("interface.assistant.terminer"))
        self.main_button.setAccessibleName(self.main_button.text())
        self.back_button.setText(
            t(
                "interface.assistant.retour"
                if view.can_go_back
                else "interface.assistant.retour_accueil"
            )
        )
        self.back_button.setAccessibleName(self.back_button.text())
        first = self.page.first_input()
        (first or self.main_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self.no_voice.setVisible(False)
        announce(self.title, t("interface.lecture.annonce_etape", titre=view.step.title))
        self.step_shown.emit(view.procedure.id, view.step.id)

    def _page_for(self, view: StepView, ctx: PageContext) -> StepPage:
        """The kept page of this step, loaded with ``view``, or a new one."""
        kind = page_class(view)
        key = kind.key(view)
        page = self._kept.get(key) if key is not None else None
        if page is not None:
            if page is self.page:  # the same step again (a new security image…)
                page.release()
            page.load(view, ctx)
            return page
        page = kind(view, ctx)
        page.action_requested.connect(self.run_action)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)
        self.pages.addWidget(scroll)
        if key is not None:
            self._kept[key] = page
        return page

    # -- building ahead ------------------------------------------------------------------

    def prebuild(self) -> None:
        """Build every step's page before the first citizen comes, while the home screen
        waits (one page at a time: a tap waits for one page at most), so that a step's
        first visit is as fast as the next ones. Paused while a citizen is here."""
        catalogue = self.service.engine.catalogue
        self._ahead = [(p.id, s.id) for p in catalogue.procedures.values() for s in p.steps]
        self._ahead_timer.start()

    @property
    def building_ahead(self) -> bool:
        return bool(self._ahead)

    def _build_ahead(self) -> None:
        if self.session is not None or not self._ahead:  # a citizen came: after them
            self._ahead_timer.stop()
            return
        from kiosque.procedures.journey import Journey

        procedure, step = self._ahead.pop(0)
        nobody = KioskSession("", Journey(procedure, step))  # no answers, no organism asked
        view = self.service.view(nobody)
        page = self._page_for(view, PageContext(self.service, nobody, self.speaker))
        page.release()
        if page not in self._kept.values():
            scroll = self._scroll_of(page)
            self.pages.removeWidget(scroll)
            scroll.deleteLater()

    def _put_away(self) -> None:
        """Leave the shown page: wiped and hidden if kept, else deleted."""
        page, self.page = self.page, None
        if page is None:
            return
        page.release()
        if page not in self._kept.values():
            scroll = self._scroll_of(page)
            self.pages.removeWidget(scroll)
            scroll.deleteLater()

    def _scroll_of(self, page: StepPage) -> QScrollArea:
        viewport = page.parentWidget()  # page → viewport → scroll area
        scroll = viewport.parentWidget() if viewport is not None else None
        assert isinstance(scroll, QScrollArea)
        return scroll

    @property
    def scroll_area(self) -> QScrollArea:
        """The scroll area of the page shown."""
        current = self.pages.currentWidget()
        assert isinstance(current, QScrollArea)
        return current

    def read_aloud(self) -> None:
        """« Écouter »: the step, the focused field and the errors, in French."""
        if self.page is not None:
            self.speaker.say(step_text(self.page, self._last_focus))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter (from a field, which lets it through) runs the main action; Échap goes
        back one step."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate_main()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.go_back()
            event.accept()
            return
        super().keyPressEvent(event)

    def activate_main(self) -> None:
        """Enter: the main action, unless the focus is on another button (which it presses)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and focus is not self.main_button:
            focus.click()
        elif self.main_button.isEnabled() and self.isVisible():
            self.main_button.click()

    def _open_receipt(self) -> None:
        from kiosque.ui.end import open_receipt

        open_receipt(self.window())

    # -- acting --------------------------------------------------------------------------

    def run_action(self, action_id: str) -> None:
        if self.session is None or self.page is None or not self.runner.idle:
            return
        session, answers = self.session, self.page.answers()
        self.runner.run(
            lambda: self.service.act(session, action_id, answers),
            self._acted,
            self._failed,
        )

    def go_back(self) -> None:
        if self.session is None or self.page is None or not self.runner.idle:
            return
        if self.current is not None and not self.current.can_go_back:
            self.leave.emit()
            return
        self.run_action("back")

    def _acted(self, outcome: Outcome) -> None:
        if self.session is None or self.page is None:
            return  # wiped while the action ran
        self._busy(False)  # before focusing: a disabled page cannot take the focus
        if outcome.next_step is None:
            self.finished.emit()
            return
        moved = (outcome.next_procedure, outcome.next_step) != (outcome.procedure, outcome.step)
        if moved or outcome.accepted:
            self.show_current()
        else:  # refused: keep what was typed, refresh what the organism changed
            self.current = self.service.view(self.session)
            self.page.refresh(self.current)
        if self.page is None:
            return
        target = self.page.show_outcome(outcome.errors, outcome.hints)
        messages = [str(m) for ms in outcome.errors.values() for m in ms]
        if messages:
            announce(
                self.title,
                t("interface.lecture.annonce_erreurs", n=len(messages), premier=messages[0]),
            )
        if target is not None:
            self.scroll_area.ensureWidgetVisible(target)
            if hasattr(target, "focus_input"):
                target.focus_input()
            else:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, exc: Exception) -> None:
        log.error("action failed: %s", type(exc).__name__)
        if self.page is not None:
            self.page.form_error.setText(t("interface.assistant.erreur_interne"))
            self.page.form_error.setVisible(True)

    def _busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.main_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)
        if self.page is not None:
            self.page.setEnabled(not busy)

    # -- wiping --------------------------------------------------------------------------

    def wipe(self) -> None:
        """Empty every input (and its undo history), drop the page, forget the session."""
        self._put_away()  # the kept pages were wiped when left
        self._last_focus = None
        self.session = None
        if self._ahead:
            self._ahead_timer.start()
        self.current = None
        self.title.clear()
        self.breadcrumb.clear()
