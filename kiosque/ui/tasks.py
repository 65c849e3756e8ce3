"""Slow work (hashing, PDF, printing, the store) off the UI thread, with callbacks on it.

Like Anki's ``QueryOp``: ``run(fn, on_done, on_error)``. The worker only emits a job id
and its result; the runner, which lives on the UI thread, receives them through queued
connections to its own slots and calls the callbacks there. Tests wait for ``idle``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[Exception], None]


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id = job_id
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the UI thread, never lost
            log.exception("background task failed")
            self.relay.failed.emit(self.job_id, exc)
        else:
            self.relay.done.emit(self.job_id, result)


class TaskRunner(QObject):
    """Runs the window's jobs one at a time (the citizen waits for each answer)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[OnDone, OnError | None]] = {}

    @property
    def idle(self) -> bool:
        return not self._pending

    def run(self, fn: Callable[[], Any], on_done: OnDone, on_error: OnError | None = None) -> None:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(job_id, fn, self._relay))

    @Slot(int, object)
    def _done(self, job_id: int, result: object) -> None:
        on_done, _ = self._pending[job_id]
        try:
            on_done(result)
        finally:
            self._finish(job_id)

    @Slot(int, object)
    def _failed(self, job_id: int, exc: object) -> None:
        _, on_error = self._pending[job_id]
        try:
            if on_error is not None and isinstance(exc, Exception):
                on_error(exc)
        finally:
            self._finish(job_id)

    def _finish(self, job_id: int) -> None:
        del self._pending[job_id]
        if not self._pending:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
