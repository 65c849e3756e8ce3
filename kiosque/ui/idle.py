"""Inactivity: a warning with a countdown, then a complete wipe. The clock is injectable so
tests let the limits pass without waiting."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Watches input events on the whole application; ``tick()`` decides."""

    warn = Signal(int)  # seconds left before the wipe
    wipe = Signal()
    active = Signal()

    def __init__(
        self,
        warning_after: float,
        wipe_after: float,
        *,
        now: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.warning_after = warning_after
        self.wipe_after = wipe_after
        self.now = now
        self.last = now()
        self.enabled = False
        self.warned = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.enabled = True
        self.touch()
        self.timer.start()

    def stop(self) -> None:
        self.enabled = False
        self.warned = False
        self.timer.stop()

    def touch(self) -> None:
        self.last = self.now()
        if self.warned:
            self.warned = False
            self.active.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.enabled and event.type() in ACTIVITY and not self.warned:
            self.touch()
        return False

    def tick(self) -> None:
        if not self.enabled:
            return
        idle = self.now() - self.last
        if idle >= self.wipe_after:
            self.stop()
            self.wipe.emit()
        elif idle >= self.warning_after:
            self.warned = True
            self.warn.emit(max(0, round(self.wipe_after - idle)))
