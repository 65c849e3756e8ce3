"""Slow work (hashing, PDF, printing, the store) off the UI thread, with callbacks on it.

Like Anki's ``QueryOp``: ``run(fn, on_done, on_error)``; the callbacks run on the UI
thread. Tests wait for :attr:`TaskRunner.idle`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the UI thread, never lost
            log.exception("background task failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """Runs one job at a time for the window (the citizen waits for its answer)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = 0
        self._keep: set[_Signals] = set()

    @property
    def idle(self) -> bool:
        return self._running == 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        signals = _Signals()
        self._keep.add(signals)

        def finish() -> None:
            self._running -= 1
            self._keep.discard(signals)
            signals.deleteLater()
            if self._running == 0:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            try:
                on_done(result)
            finally:
                finish()

        def failed(exc: Exception) -> None:
            try:
                if on_error is not None:
                    on_error(exc)
            finally:
                finish()

        signals.done.connect(done)
        signals.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, signals))

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
