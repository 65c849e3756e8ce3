""":class:`ResumeGuard`: the per-terminal brake on resume codes that match nothing."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass
class ResumeGuard:
    """The per-terminal brake on codes that match nothing (see :mod:`kiosque.paper`,
    « Against guessing »).

    Kept in the terminal's memory: a citizen cannot restart a kiosk, and a restart by an
    agent starts again from a handful of free tries, not from a free-for-all."""

    free_tries: int = 5
    window: timedelta = timedelta(hours=24)
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=60)
    failures: deque[datetime] = field(default_factory=deque)

    def _forget_old(self, now: datetime) -> None:
        while self.failures and now - self.failures[0] >= self.window:
            self.failures.popleft()

    def wait_left(self, now: datetime) -> timedelta:
        """How long before the next try is allowed (zero: now)."""
        self._forget_old(now)
        over = len(self.failures) - self.free_tries
        if over < 0:
            return timedelta(0)
        delay = min(self.max_delay, self.first_delay * (1 << min(over, 20)))
        return max(timedelta(0), self.failures[-1] + delay - now)

    def failed(self, now: datetime) -> None:
        self._forget_old(now)
        self.failures.append(now)
