"""What agent mode records and shows: the audit log's actions, the agent session, and
the lines its screens and commands list (no answer, no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Action(StrEnum):
    """What the audit log records (``agent.actions.<value>`` says it in French)."""

    LOGIN = "connexion"
    LOGIN_REFUSED = "connexion-refusee"
    LOCK = "verrouillage"
    UNLOCK = "deverrouillage"
    LOGOUT = "deconnexion"
    PASSWORD_REFUSED = "mot-de-passe-refuse"
    SESSIONS = "seances-du-jour"
    UNBLOCK = "deblocage-compte"
    RESET_ACTIVATION = "reinitialisation-inscription"
    RECEIPTS = "recus-du-jour"
    REPRINT = "reimpression-recu"
    STATISTICS = "statistiques"
    STATISTICS_EXPORT = "export-statistiques"
    PURGE = "purge"
    EXPORT_PERSON = "export-personne"
    ERASE_PERSON = "effacement-personne"
    SETTINGS_VIEW = "consultation-reglages"
    SETTINGS = "reglages"
    AGENT_ADD = "agent-ajout"
    AGENT_DISABLE = "agent-desactivation"


@dataclass
class AgentSession:
    login: str
    opened_at: datetime
    last_activity: datetime
    locked: bool = False
    console: bool = False


@dataclass(frozen=True)
class AgentInfo:
    login: str
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class SessionLine:
    """A session of the day as an agent sees it: no answer, no personal data."""

    id: str
    started_at: datetime
    terminal: str
    procedure: str
    procedure_title: str
    step: str
    step_title: str
    status: str  # active | finished | wiped | expired
    resume: str  # aucun | valable | expire | bloque
    resume_until: datetime | None


@dataclass(frozen=True)
class ReceiptLine:
    id: str
    issued_at: datetime
    terminal: str
    procedure: str
    procedure_title: str


@dataclass(frozen=True)
class SettingLine:
    key: str
    value: int | str  # in effect now
    next_value: int | str  # at the next start: the file's, else the default
    imposed_by: str | None  # the environment variable that imposes it, if any
