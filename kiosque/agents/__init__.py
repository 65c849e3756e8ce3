"""Agent mode, without Qt: agent accounts, sign-in, the agent session that locks when
idle, and every action an agent may take — each one written to the audit log.

The audit log says who, what, when and on which terminal, never the personal data
itself: a person is named there by :meth:`AgentService.person_ref`, a short keyed hash of
their NIR (it lets an auditor check a given NIR against the log, and nobody read a NIR
out of it). Sensitive actions (a person's data, purge, settings) ask for the agent's
password again. The command line acts as the agent ``console``: whoever can run it can
read the database files anyway, so it is neither locked nor asked again.

- :mod:`.errors` — :class:`AgentError`, :class:`SessionLocked`;
- :mod:`.model` — the audit log's :class:`Action`, the :class:`AgentSession`, the lines
  the screens list;
- :mod:`.periods` — days in Paris time;
- :mod:`.core` — agent accounts, sign-in, idle lock, password again, the audit log;
- :mod:`.day`, :mod:`.people`, :mod:`.stats`, :mod:`.upkeep` — the actions, by area;
- :mod:`.service` — :class:`AgentService`, which joins them, and :func:`console_service`.
"""

from kiosque.agents.core import (
    CONSOLE,
    LOGIN,
    MAX_FAILURES,
    MIN_PASSWORD,
    PAUSE,
    REF_PURPOSE,
    UNKNOWN_AGENT,
)
from kiosque.agents.day import receipt_data
from kiosque.agents.errors import AgentError, SessionLocked
from kiosque.agents.model import (
    Action,
    AgentInfo,
    AgentSession,
    ReceiptLine,
    SessionLine,
    SettingLine,
)
from kiosque.agents.people import count_rows
from kiosque.agents.periods import PARIS, paris_day_bounds
from kiosque.agents.service import AgentService, console_service

__all__ = [
    "CONSOLE",
    "LOGIN",
    "MAX_FAILURES",
    "MIN_PASSWORD",
    "PARIS",
    "PAUSE",
    "REF_PURPOSE",
    "UNKNOWN_AGENT",
    "Action",
    "AgentError",
    "AgentInfo",
    "AgentService",
    "AgentSession",
    "ReceiptLine",
    "SessionLine",
    "SessionLocked",
    "SettingLine",
    "console_service",
    "count_rows",
    "paris_day_bounds",
    "receipt_data",
]
