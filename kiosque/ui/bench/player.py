"""Recorded journeys (``ressources/parcours``) played through the real kiosk window, with
the time of every tap, of the organism's answer reaching the UI thread, and of the next
paint of the window."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from kiosque.bench.scratch import Scratch
from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.replay import RECEIVED, SHOWN, parse_duration
from kiosque.ui import theme
from kiosque.ui.bench.probe import PaintClock
from kiosque.ui.main_window import KioskWindow

TIMEOUT_S = 60.0


@dataclass(frozen=True)
class StepTiming:
    procedure: str
    step: str
    action: str
    click_ns: int
    arrival_ns: int
    paint_ns: int
    ui_cpu_ns: int  # the UI thread's CPU time between the arrival and the paint

    @property
    def ui_ms(self) -> float:
        """The UI's own part: the outcome reached the UI thread → the next page painted."""
        return (self.paint_ns - self.arrival_ns) / 1e6

    @property
    def ui_cpu_ms(self) -> float:
        return self.ui_cpu_ns / 1e6

    @property
    def whole_ms(self) -> float:
        """Tap → next page painted, the organism's call (and its hashing) included."""
        return (self.paint_ns - self.click_ns) / 1e6


@dataclass
class Played:
    name: str
    timings: list[StepTiming] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def load_journeys(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.json"))
    ]


class Player:
    """Drives one window over one scratch store, journey after journey."""

    def __init__(self, app: QApplication, window: KioskWindow, scratch: Scratch) -> None:
        self.app = app
        self.window = window
        self.scratch = scratch
        self.arrival_ns: int | None = None
        self.paint_ns: int | None = None
        self.arrival_cpu_ns = self.paint_cpu_ns = 0
        self.paint_clock = PaintClock(window, self._painted)
        wizard = window.wizard
        setattr(wizard, "_acted", self._timed(wizard._acted))  # noqa: B010
        setattr(wizard, "_failed", self._timed(wizard._failed))  # noqa: B010
        self._wake = QTimer()
        self._wake.setInterval(20)  # wakes the waiting loop up to check its deadline

    def _timed(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def arrived(result: Any) -> None:
            self.arrival_ns = time.monotonic_ns()
            self.arrival_cpu_ns = time.thread_time_ns()
            callback(result)

        return arrived

    def _painted(self, now_ns: int) -> None:
        if self.arrival_ns is not None and self.paint_ns is None:
            self.paint_cpu_ns = time.thread_time_ns()
            self.paint_ns = now_ns

    # -- waiting -----------------------------------------------------------------------

    def wait(self, done: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
        """Run the event loop until ``done()`` (no sleeping: timestamps stay exact)."""
        deadline = time.monotonic() + timeout
        self._wake.start()
        try:
            while not done():
                if time.monotonic() > deadline:
                    return False
                self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            self._wake.stop()
        return True

    def ready(self) -> bool:
        """The kiosk idles on its home screen until its pages are built ahead (app.py),
        as a terminal does before its first citizen."""
        return self.wait(lambda: not self.window.wizard.building_ahead)

    def settle(self) -> bool:
        """The background job done, pending layouts and deferred deletions run."""
        idle = self.wait(lambda: self.window.runner.idle)
        for _ in range(3):
            self.app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return idle

    # -- playing -----------------------------------------------------------------------

    def play(self, name: str, journey: dict[str, Any]) -> Played:
        """One journey, then « Terminer et tout effacer » and the store put back."""
        played = Played(name)
        self.scratch.clock.set(datetime_of(journey["start"]))
        try:
            for action in journey["actions"]:
                if not self._act(action, played):
                    break
        finally:
            self.window.finish_button.click()  # the wipe, as the citizen ends it
            if not self.settle():
                played.problems.append("the wipe did not finish")
            self.scratch.restore()
        return played

    def _act(self, action: dict[str, Any], played: Played) -> bool:
        window = self.window
        if "procedure" in action:
            window.start_procedure(action["procedure"])
            if not self.settle() or window.session is None:
                played.problems.append(f"{action['procedure']}: did not start")
                return False
            return True
        if "wait" in action:
            self.scratch.clock.advance(parse_duration(action["wait"]))
            return True
        session = window.session
        if session is None:
            played.problems.append(f"{action.get('step')}: no session any more")
            return False
        if session.step != action["step"]:
            played.problems.append(f"at {session.step!r}, the journey expected {action['step']!r}")
            return False
        procedure, step = session.procedure, session.step
        self.fill(action.get("answers", {}))
        name = action.get("action", "next")
        self.arrival_ns = self.paint_ns = None
        click_ns = time.monotonic_ns()
        if name == "next":
            window.wizard.main_button.click()
        else:
            window.wizard.run_action(name)
        if not self.wait(lambda: self.paint_ns is not None):
            played.problems.append(f"{procedure}/{step}: no paint after the tap")
            self.settle()
            return False
        assert self.arrival_ns is not None and self.paint_ns is not None
        cpu_ns = self.paint_cpu_ns - self.arrival_cpu_ns
        played.timings.append(
            StepTiming(procedure, step, name, click_ns, self.arrival_ns, self.paint_ns, cpu_ns)
        )
        if not self.settle():
            played.problems.append(f"{procedure}/{step}: still busy after {TIMEOUT_S:.0f} s")
            return False
        return True

    def fill(self, answers: dict[str, Any]) -> None:
        page, session = self.window.wizard.page, self.window.session
        if page is None or session is None:
            return
        for field_id, raw in answers.items():
            value = raw
            if raw == SHOWN:
                value = session.journey.state[CHALLENGE].text
            elif raw == RECEIVED:
                inbox = session.journey.state.get(INBOX) or ()
                value = inbox[0].code if inbox else ""
            if field_id in page.fields:
                page.fields[field_id].set_value(value)


def datetime_of(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages on standard error, but the offscreen platform's note on every window
    shown full screen (thousands in a soak)."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"{message}\n")


def kiosk_app() -> QApplication:
    """The application with the kiosk's look, as app.py sets it up."""
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication(["kiosque-bench"])
    assert isinstance(app, QApplication)
    theme.apply(app, theme.Look())
    return app


def make_window(scratch: Scratch) -> KioskWindow:
    """The kiosk window as app.py makes it (full screen), with the scratch store attached;
    no idle wipe during a journey."""
    window = KioskWindow(scratch.context.catalogue, idle_warning=86400, idle_wipe=86400 * 2)
    window.showFullScreen()
    window.attach(scratch.context)
    window.wizard.prebuild()  # as app.py does once the store is open
    return window
