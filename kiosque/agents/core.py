"""What every agent action stands on: the service's state, agent accounts, sign-in, the
idle lock, the password asked again, and the audit log each action writes to.

The action areas (:mod:`.day`, :mod:`.people`, :mod:`.statistics`, :mod:`.upkeep`)
subclass :class:`AgentCore`; :class:`~kiosque.agents.service.AgentService` joins them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosque import settings as settings_module
from kiosque.agents.errors import AgentError, SessionLocked
from kiosque.agents.model import Action, AgentInfo, AgentSession
from kiosque.connectors.base import Clock
from kiosque.procedures.model import Catalogue
from kiosque.settings import Settings
from kiosque.store.hashing import HashParams, hash_secret, verify_secret
from kiosque.store.repos import AlreadyExists, NotFound
from kiosque.store.store import Store

CONSOLE = "console"
MIN_PASSWORD = 12
LOGIN = re.compile(r"[a-z][a-z0-9._-]{1,63}")
_DIGIT_RUN = re.compile(r"[0-9]{5}")  # a login never reads as a NIR in the audit log
MAX_FAILURES = 5  # failed sign-ins in a row before a pause
PAUSE = timedelta(minutes=1)
REF_PURPOSE = "audit-person"
UNKNOWN_AGENT = "(inconnu)"


class AgentCore:
    """The agent service's state and the gate every action goes through."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Settings,
        *,
        catalogue: Catalogue | None = None,
        config_file: Path | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalogue = catalogue
        self.config_file = config_file or settings_module.config_path()
        self.idle_limit = timedelta(minutes=settings.agent_idle_minutes)
        self.hash_params = HashParams(settings.hash_memory_kib, settings.hash_time_cost, 1)
        self._failures = 0
        self._paused_until: datetime | None = None
        self._dummy: str | None = None

    # -- audit -----------------------------------------------------------------------

    @property
    def terminal(self) -> str:
        return self.settings.terminal_id

    def _audit(
        self,
        who: str,
        action: Action,
        target: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        with self.store.unit() as repos:
            repos.audit.append(
                at=self.clock.now(),
                agent_login=who,
                action=action.value,
                terminal=self.terminal,
                target=target,
                details=details,
            )

    def person_ref(self, nir: str) -> str:
        """How the audit log names a person: 12 hex digits of a keyed hash of the NIR."""
        return "p:" + self.store.cipher.lookup_hash(nir, purpose=REF_PURPOSE)[:12]

    # -- agent accounts --------------------------------------------------------------

    def add_agent(self, login: str, password: str, *, by: str = CONSOLE) -> AgentInfo:
        if not LOGIN.fullmatch(login) or _DIGIT_RUN.search(login):
            raise AgentError("agent.erreurs.identifiant_invalide")
        if len(password) < MIN_PASSWORD:
            raise AgentError("agent.erreurs.mot_de_passe_court", n=MIN_PASSWORD)
        hashed = hash_secret(password, self.hash_params)
        try:
            with self.store.unit() as repos:
                record = repos.agents.create(login, password_hash=hashed, now=self.clock.now())
        except AlreadyExists:
            raise AgentError("agent.erreurs.agent_existe") from None
        self._audit(by, Action.AGENT_ADD, target=login)
        return AgentInfo(record.login, record.created_at, record.disabled_at)

    def list_agents(self) -> list[AgentInfo]:
        with self.store.unit() as repos:
            return [
                AgentInfo(a.login, a.created_at, a.disabled_at) for a in repos.agents.list_all()
            ]

    def disable_agent(self, login: str, *, by: str = CONSOLE) -> None:
        try:
            with self.store.unit() as repos:
                repos.agents.disable(login, self.clock.now())
        except NotFound:
            raise AgentError("agent.erreurs.agent_inconnu", agent=login) from None
        self._audit(by, Action.AGENT_DISABLE, target=login)

    # -- signing in, idle lock, password again -----------------------------------------

    def console_session(self) -> AgentSession:
        now = self.clock.now()
        return AgentSession(CONSOLE, now, now, console=True)

    def authenticate(self, login: str, password: str) -> AgentSession:
        now = self.clock.now()
        if self._paused_until is not None and now < self._paused_until:
            raise AgentError("agent.erreurs.trop_d_essais")
        login = login.strip().lower()
        with self.store.unit() as repos:
            agent = repos.agents.find(login) if LOGIN.fullmatch(login) else None
        if agent is None:
            verify_secret(self._dummy_hash(), password)  # as long as a real check
        if agent is None or not verify_secret(agent.password_hash, password) or not agent.enabled:
            self._failures += 1
            if self._failures >= MAX_FAILURES:
                self._failures = 0
                self._paused_until = now + PAUSE
            self._audit(login if agent is not None else UNKNOWN_AGENT, Action.LOGIN_REFUSED)
            raise AgentError("agent.erreurs.identifiants")
        self._failures = 0
        self._paused_until = None
        self._audit(agent.login, Action.LOGIN)
        return AgentSession(agent.login, now, now)

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = hash_secret("pas un mot de passe d'agent", self.hash_params)
        return self._dummy

    def is_idle(self, session: AgentSession) -> bool:
        if session.console:
            return False
        return self.clock.now() - session.last_activity >= self.idle_limit

    def touch(self, session: AgentSession) -> None:
        """The agent did something on screen (keys, touches)."""
        if not session.locked and not self.is_idle(session):
            session.last_activity = self.clock.now()

    def lock(self, session: AgentSession) -> None:
        if not session.locked and not session.console:
            session.locked = True
            self._audit(session.login, Action.LOCK)

    def lock_if_idle(self, session: AgentSession) -> bool:
        """Lock after ``agent_idle_minutes`` without activity; True if locked now."""
        if not session.locked and self.is_idle(session):
            self.lock(session)
            return True
        return session.locked

    def unlock(self, session: AgentSession, password: str) -> None:
        self._check_password(session, password)
        session.locked = False
        session.last_activity = self.clock.now()
        self._audit(session.login, Action.UNLOCK)

    def logout(self, session: AgentSession) -> None:
        if not session.console:
            self._audit(session.login, Action.LOGOUT)
        session.locked = True

    def _use(self, session: AgentSession) -> None:
        """Every action: refused when the session is locked or has just gone idle."""
        if self.lock_if_idle(session):
            raise SessionLocked
        session.last_activity = self.clock.now()

    def _check_password(self, session: AgentSession, password: str) -> None:
        if session.console:
            return
        with self.store.unit() as repos:
            agent = repos.agents.find(session.login)
        if agent is None or not agent.enabled or not verify_secret(agent.password_hash, password):
            self._audit(session.login, Action.PASSWORD_REFUSED)
            raise AgentError("agent.erreurs.mot_de_passe")

    def _confirm(self, session: AgentSession, password: str) -> None:
        """A sensitive action: the session must be open, and the password typed again."""
        self._use(session)
        self._check_password(session, password)
