"""When a window's pixels are done: the first paint (start) and each repaint (step change).

Qt paints a window when its top-level widget handles ``UpdateRequest`` (or its native
window an ``Expose``): every dirty widget gets its paint event, then the backing store
is flushed, all inside that one event. :class:`PaintClock` handles those events itself
so that it can read the clock right after them.

The kiosk loads this module only when ``KIOSQUE_BENCH_FIRST_PAINT`` is set (see
``kiosque/app.py``): it then prints ``KIOSQUE_FIRST_PAINT <monotonic ns> <VmHWM kB>`` on
standard output at the window's first paint and exits at once.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

ENV = "KIOSQUE_BENCH_FIRST_PAINT"
MARK = "KIOSQUE_FIRST_PAINT"


class PaintClock(QObject):
    """Calls ``on_paint(monotonic_ns)`` after each paint of ``window`` (shown first)."""

    def __init__(self, window: QWidget, on_paint: Callable[[int], None]) -> None:
        super().__init__(window)
        self.window = window
        self.on_paint = on_paint
        self.painted = False
        window.installEventFilter(self)
        handle = window.windowHandle()
        if handle is None:
            raise RuntimeError("PaintClock: show the window first")
        self.handle = handle
        handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:
            if watched is self.window:
                self.painted = True
            return False
        sync = (kind == QEvent.Type.UpdateRequest and watched is self.window) or (
            kind == QEvent.Type.Expose and watched is self.handle
        )
        if not sync:
            return False
        self.painted = False
        watched.event(event)  # paint every dirty widget and flush, now
        if self.handle.isExposed():
            self.on_paint(time.monotonic_ns())
        return True


def peak_rss_kb() -> int | None:
    """VmHWM (peak resident memory) of this process, in kB, where /proc has it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def report_first_paint(window: QWidget) -> None:
    """The start hook: at the first paint that reached the screen, print when and exit."""

    def painted(now_ns: int) -> None:
        if not clock.painted:
            return
        sys.stdout.write(f"{MARK} {now_ns} {peak_rss_kb() or 0}\n")
        sys.stdout.flush()
        os._exit(0)  # the measure is taken: no clean-up, no waiting for the store

    clock = PaintClock(window, painted)
