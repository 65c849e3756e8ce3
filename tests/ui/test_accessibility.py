"""Every page of every procedure, as assistive technology and a low-vision reader meet it:
accessible names, Tab order, 44×44 px targets, a visible focus, measured text contrast
(≥ 4.5:1 by default, ≥ 7:1 in high contrast), text that fits at the largest size, what
« Écouter » reads, and the audio security code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosque import resources
from kiosque.clock import ManualClock
from kiosque.commands import load_settings
from kiosque.context import Context, open_context
from kiosque.procedures.actions import CHALLENGE, SEARCH_RESULTS
from kiosque.store.db import sqlite_url
from kiosque.ui import theme
from kiosque.ui.main_window import KioskWindow
from kiosque.ui.screenshots import capture
from kiosque.ui.speech import Speaker
from tests.ui.conftest import Kiosk

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox)


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def measured_contrast(image: QImage) -> float:
    """Background = the most frequent colour; text = the pixel furthest from it."""
    counts: dict[int, int] = {}
    for y in range(0, image.height()):
        for x in range(0, image.width()):
            rgb = image.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    background = QColor(max(counts, key=lambda k: counts[k]))
    return max((contrast(background, QColor(rgb)) for rgb in counts), default=1.0)


def interactive(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, INTERACTIVE) and w.isVisibleTo(root) and w.isEnabled()
    ]


def focus_chain(window: QWidget) -> list[QWidget]:
    """What Tab visits, in order (the focus chain filtered as Qt filters it)."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(chain) < 2000:
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(window)
            and widget.isEnabled()
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def on_screen(widget: QWidget, window: QWidget) -> QRect:
    """The part of the widget's contents actually shown, in window coordinates (what a
    scroll area clips away is not shown)."""
    origin = widget.mapTo(window, QPoint(0, 0))
    shown = widget.contentsRect().translated(origin)
    ancestor = widget.parentWidget()
    while ancestor is not None and ancestor is not window:
        shown = shown.intersected(ancestor.rect().translated(ancestor.mapTo(window, QPoint(0, 0))))
        ancestor = ancestor.parentWidget()
    return shown


class Checker:
    def __init__(self, minimum_contrast: float) -> None:
        self.minimum_contrast = minimum_contrast
        self.problems: list[str] = []
        self.pages = 0

    def __call__(self, window: KioskWindow) -> None:
        self.pages += 1
        session = window.session
        where = f"{session.procedure}/{session.step}" if session else "?"
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        shot = window.grab().toImage()
        controls = interactive(window)
        chain = focus_chain(window)
        for w in controls:
            name = QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)
            label = w.objectName() or type(w).__name__
            if not name.strip():
                self.problems.append(f"{where}: {label} has no accessible name")
            if w.width() < 44 or w.height() < 44:
                self.problems.append(f"{where}: {label} {name!r} is {w.width()}x{w.height()}")
            in_group = isinstance(w, QAbstractButton) and w.autoExclusive()  # radio groups
            if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) and not in_group:
                self.problems.append(f"{where}: {label} {name!r} cannot be reached with Tab")
        page = window.wizard.page
        if page is not None:  # reading order inside the page: top to bottom
            in_page = [w for w in chain if page.isAncestorOf(w)]
            tops = [w.mapTo(page, QPoint(0, 0)) for w in in_page]
            for (a, pa), (b, pb) in zip(
                zip(in_page, tops, strict=True),
                list(zip(in_page, tops, strict=True))[1:],
                strict=False,
            ):
                if pb.y() + 4 < pa.y():
                    self.problems.append(
                        f"{where}: Tab goes up from {a.objectName()} to {b.objectName()}"
                    )
        for w in controls[:12]:  # focus is visible: the control looks different with it
            w.clearFocus()
            app.processEvents()
            before = w.grab().toImage()
            w.setFocus(Qt.FocusReason.TabFocusReason)
            app.processEvents()
            after = w.grab().toImage()
            if before == after and w.hasFocus():
                self.problems.append(
                    f"{where}: focus invisible on {w.objectName() or type(w).__name__}"
                )
        for w in window.findChildren(QWidget):
            if not isinstance(w, (QLabel, QAbstractButton)) or not w.isVisibleTo(window):
                continue
            seen = on_screen(w, window)
            # a button's text sits in its middle: only a button shown whole shows it for
            # sure; a label shows text from its first line on
            needed = (
                w.contentsRect().height()
                if isinstance(w, QAbstractButton)
                else w.fontMetrics().height()
            )
            if not w.text().strip() or seen.width() < 8 or seen.height() < max(8, needed):
                continue  # scrolled out of view: checked when a person scrolls to it
            crop = shot.copy(seen.x() + 2, seen.y() + 2, seen.width() - 4, seen.height() - 4)
            ratio = measured_contrast(crop)
            if ratio < self.minimum_contrast:
                self.problems.append(f"{where}: {w.text()[:30]!r} contrast {ratio:.2f}")


def _fresh(data_dir: Path, clock: ManualClock) -> Callable[[], Context]:
    counter = iter(range(10_000))

    def fresh() -> Context:
        folder = data_dir / f"store-{next(counter)}"
        folder.mkdir()
        return open_context(
            load_settings(sqlite_url(folder / "kiosque.db")), clock, documents_dir=lambda: folder
        )

    return fresh


@pytest.mark.parametrize(
    ("look", "minimum"),
    [(theme.Look(1, False), 4.5), (theme.Look(1, True), 7.0)],
    ids=["default", "high-contrast"],
)
def test_every_page_is_accessible(
    qapp: QApplication, data_dir: Path, look: theme.Look, minimum: float
) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    checker = Checker(minimum)
    report = capture(
        qapp,
        _fresh(data_dir, clock),
        resources.path("parcours"),
        data_dir / "png",
        QSize(1280, 800),
        look,
        errors=False,
        inspect=checker,
    )
    assert checker.pages >= 38
    if checker.problems:  # the whole list, to fix them all at once
        (data_dir.parent / "accessibility-problems.txt").write_text("\n".join(checker.problems))
    assert checker.problems == []
    assert report.clipped == []


@pytest.mark.parametrize("size", [QSize(1280, 800), QSize(1920, 1080)], ids=["1280", "1920"])
def test_largest_text_in_high_contrast_fits(
    qapp: QApplication, data_dir: Path, size: QSize
) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    report = capture(
        qapp,
        _fresh(data_dir, clock),
        resources.path("parcours"),
        data_dir / "png",
        size,
        theme.Look(3, True),
        errors=False,  # the error variants are fitted at the default size (test_screens)
    )
    assert len({p.name.split("--")[1] for p in report.files}) >= 30
    assert report.clipped == []


def test_largest_text_is_twice_the_default() -> None:
    assert theme.SIZES[3]["base"] >= 2 * theme.SIZES[1]["base"]


class RecordingVoice:
    """A speech engine that records what it is asked to say."""

    def __init__(self, available: bool = True) -> None:
        self.said: list[str] = []
        self._available = available

    @property
    def available(self) -> bool:
        return self._available

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass


@pytest.fixture
def voice(kiosk: Kiosk) -> RecordingVoice:
    recorder = RecordingVoice()
    kiosk.window.speaker.voice = recorder
    return recorder


def test_listen_reads_the_step_the_focused_field_and_the_errors(
    kiosk: Kiosk, voice: RecordingVoice
) -> None:
    kiosk.start("retraite-connexion")
    kiosk.qtbot.mouseClick(kiosk.window.wizard.listen_button, Qt.MouseButton.LeftButton)
    said = voice.said[-1]
    assert said.startswith("Étape : J'accède à mon espace personnel.")
    assert "Case à remplir : N° de Sécurité sociale" in said
    kiosk.type("nir", "1 80")
    kiosk.next()
    kiosk.field("mot_de_passe").input.setFocus()
    kiosk.qtbot.mouseClick(kiosk.window.wizard.listen_button, Qt.MouseButton.LeftButton)
    said = voice.said[-1]
    assert "Case à remplir : Mot de passe" in said
    assert "Attention :" in said and "13" in said


def test_listen_on_every_step_reads_its_title(kiosk: Kiosk, voice: RecordingVoice) -> None:
    for procedure in ("retraite-creer-espace", "caf-connexion", "franceconnect", "aide"):
        kiosk.start(procedure)
        kiosk.window.wizard.read_aloud()
        view = kiosk.window.wizard.current
        assert view is not None
        assert voice.said[-1].startswith(f"Étape : {view.step.title}.")
        for paragraph in view.step.intro:
            assert paragraph in voice.said[-1]
        kiosk.window.end_session(wiped=True)
        kiosk.settle()


def test_audio_security_code_spells_the_current_challenge(
    kiosk: Kiosk, voice: RecordingVoice
) -> None:
    kiosk.to_identity()
    challenge = kiosk.window.session.journey.state[CHALLENGE]  # type: ignore[union-attr]
    kiosk.action("version-audio")
    said = voice.said[-1]
    for char in challenge.text:
        assert char in said
    assert said.count(",") == len(challenge.text) - 1  # one part per character
    kiosk.action("changer-image")
    second = kiosk.window.session.journey.state[CHALLENGE]  # type: ignore[union-attr]
    assert second.text != challenge.text
    kiosk.action("version-audio")
    assert voice.said[-1] != said and second.spoken in voice.said[-1]


def test_no_speech_engine_is_said_plainly(kiosk: Kiosk) -> None:
    kiosk.window.speaker.voice = RecordingVoice(available=False)
    kiosk.start("aide")
    assert not kiosk.window.wizard.no_voice.isVisible()
    kiosk.qtbot.mouseClick(kiosk.window.wizard.listen_button, Qt.MouseButton.LeftButton)
    assert kiosk.window.wizard.no_voice.isVisible()
    assert "ne peut pas lire à voix haute" in kiosk.window.wizard.no_voice.text()


def test_enter_runs_the_main_action_and_escape_goes_back(kiosk: Kiosk) -> None:
    kiosk.start("aide")
    kiosk.type("question", "mot de passe")
    kiosk.qtbot.keyClick(kiosk.field("question").input, Qt.Key.Key_Return)
    kiosk.settle()
    assert kiosk.step == "reponse"
    kiosk.qtbot.keyClick(kiosk.window.wizard, Qt.Key.Key_Escape)
    kiosk.settle()
    assert kiosk.step == "recherche"


def test_speaker_reports_what_it_says(qapp: QApplication) -> None:
    speaker = Speaker(RecordingVoice())
    heard: list[str] = []
    speaker.spoken.connect(heard.append)
    speaker.say("Bonjour")
    assert heard == ["Bonjour"]


def test_listen_reads_what_the_organism_answered(kiosk: Kiosk, voice: RecordingVoice) -> None:
    """On the help answers page, « Écouter » reads the answers found, in their order."""
    kiosk.start("aide")
    kiosk.type("question", "carte vitale")
    kiosk.next()
    view = kiosk.window.wizard.current
    assert view is not None and view.step.id == "reponse"
    found = [str(entry) for entry in view.state[SEARCH_RESULTS]]
    assert found
    kiosk.window.wizard.read_aloud()
    said = voice.said[-1]
    faq = kiosk.context.catalogue.faq
    positions = [said.index(faq[entry].question) for entry in found]
    assert positions == sorted(positions)  # as shown, top to bottom
    for entry in found:
        assert faq[entry].answer[0] in said
