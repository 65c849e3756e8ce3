"""Agent mode, without Qt: agent accounts, sign-in, the agent session that locks when
idle, and every action an agent may take — each one written to the audit log.

The audit log says who, what, when and on which terminal, never the personal data
itself: a person is named there by :meth:`AgentService.person_ref`, a short keyed hash of
their NIR (it lets an auditor check a given NIR against the log, and nobody read a NIR
out of it). Sensitive actions (a person's data, purge, settings) ask for the agent's
password again. The command line acts as the agent ``console``: whoever can run it can
read the database files anyway, so it is neither locked nor asked again.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosque import figures, paper, retention, rules
from kiosque import settings as settings_module
from kiosque.connectors.base import Clock
from kiosque.documents.model import ReceiptData
from kiosque.procedures.model import Catalogue
from kiosque.services import TROUBLE_STEPS
from kiosque.settings import Settings
from kiosque.store.hashing import HashParams, hash_secret, verify_secret
from kiosque.store.repos import AlreadyExists, NotFound
from kiosque.store.store import Store, open_store
from kiosque.texts import Message

PARIS = ZoneInfo("Europe/Paris")
CONSOLE = "console"
MIN_PASSWORD = 12
LOGIN = re.compile(r"[a-z][a-z0-9._-]{1,63}")
_DIGIT_RUN = re.compile(r"[0-9]{5}")  # a login never reads as a NIR in the audit log
MAX_FAILURES = 5  # failed sign-ins in a row before a pause
PAUSE = timedelta(minutes=1)
REF_PURPOSE = "audit-person"
UNKNOWN_AGENT = "(inconnu)"
# remove_expired_pending deletes a pending account whose link expires before the given
# moment: "before the end of time" is every pending registration of that NIR.
_END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


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


class AgentError(Exception):
    """A refusal, said in French (``message``); never a crash."""

    def __init__(self, message: Message | str, **params: object) -> None:
        self.message = message if isinstance(message, Message) else Message.of(message, **params)
        super().__init__(self.message.key)

    def __str__(self) -> str:
        return self.message.text()


class SessionLocked(AgentError):
    """The agent session is locked (idle): the password unlocks it."""

    def __init__(self) -> None:
        super().__init__("agent.erreurs.verrouillee")


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


def paris_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in Paris time, as aware datetimes."""
    start = datetime.combine(first, time(), PARIS)
    end = datetime.combine(last + timedelta(days=1), time(), PARIS)
    return start, end


class AgentService:
    """The one door of agent mode (screens and commands)."""

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

    # -- the day's sessions and receipts -------------------------------------------------

    def today(self) -> date:
        return self.clock.now().astimezone(PARIS).date()

    def todays_sessions(self, session: AgentSession) -> list[SessionLine]:
        self._use(session)
        start, end = paris_day_bounds(self.today(), self.today())
        now = self.clock.now()
        with self.store.unit() as repos:
            records = repos.sessions.list_between(start, end)
        lines = []
        for r in records:
            if r.resume_expires_at is None:
                resume = "aucun"
            elif r.resume_failures >= self.settings.resume_code_max_failures:
                resume = "bloque"
            elif r.resume_expires_at <= now:
                resume = "expire"
            else:
                resume = "valable"
            lines.append(
                SessionLine(
                    id=r.id,
                    started_at=r.started_at,
                    terminal=r.terminal,
                    procedure=r.procedure,
                    procedure_title=self._procedure_title(r.procedure),
                    step=r.step,
                    step_title=figures.step_title(self.catalogue, r.procedure, r.step),
                    status=r.status,
                    resume=resume,
                    resume_until=r.resume_expires_at,
                )
            )
        self._audit(session.login, Action.SESSIONS, details={"seances": len(lines)})
        return lines

    def _procedure_title(self, procedure: str) -> str:
        if self.catalogue is not None and procedure in self.catalogue.procedures:
            return self.catalogue.procedures[procedure].title
        return procedure

    def todays_receipts(self, session: AgentSession) -> list[ReceiptLine]:
        self._use(session)
        start, end = paris_day_bounds(self.today(), self.today())
        with self.store.unit() as repos:
            records = repos.receipts.list_between(start, end)
        lines = [
            ReceiptLine(
                r.id, r.issued_at, r.terminal, r.procedure, self._procedure_title(r.procedure)
            )
            for r in records
        ]
        self._audit(session.login, Action.RECEIPTS, details={"recus": len(lines)})
        return lines

    def reprint_receipt(
        self, session: AgentSession, receipt_id: str, out_dir: Path | None = None
    ) -> Path:
        """Render a stored receipt again as a PDF (in ``out_dir``, else a new temporary
        folder that the caller removes once printed).

        The store keeps no resume code in clear, so the reprint carries a new one for
        the same session: the code of the lost paper stops working.
        """
        self._use(session)
        now = self.clock.now()
        code = paper.new_resume_code()
        expires_at, valid_until = paper.resume_expiry(now, self.settings.resume_code_days)
        with self.store.unit() as repos:
            record = repos.receipts.get(receipt_id)
            kiosk_session = None if record is None else repos.sessions.get(record.session_id)
            if record is None or kiosk_session is None:
                raise AgentError("agent.erreurs.recu_inconnu")
            repos.sessions.set_resume_code(kiosk_session.id, code, expires_at)
        url = self._official_url(kiosk_session.procedure, kiosk_session.step)
        data = replace(
            receipt_data(record.content),
            resume_code=code,
            resume_url=paper.qr_content(url, code),
            resume_valid_until=valid_until,
        )
        from kiosque.documents.receipt import render_receipt  # reportlab: on demand

        folder = out_dir or Path(tempfile.mkdtemp(prefix="kiosque-recu-"))
        path = render_receipt(data, folder / f"recu-{record.id[:8]}.pdf")
        self._audit(session.login, Action.REPRINT, target=record.id)
        return path

    def _official_url(self, procedure_id: str, step_id: str) -> str:
        """The official page of the first step ahead that has one, else the site's."""
        if self.catalogue is None:
            return ""
        procedure = self.catalogue.procedures.get(procedure_id)
        if procedure is not None:
            start = procedure.index(step_id) if procedure.has_step(step_id) else 0
            for step in procedure.steps[start:]:
                if step.official_url:
                    return step.official_url
            if procedure.official_url:
                return procedure.official_url
        return next(
            (p.official_url for p in self.catalogue.procedures.values() if p.official_url), ""
        )

    # -- practice accounts -----------------------------------------------------------

    @staticmethod
    def _nir(nir: str) -> str:
        check = rules.check_nir(nir, allow_provisional=True)
        if not check.ok or check.value is None:
            raise AgentError(check.errors[0])
        return check.value

    def unblock_account(self, session: AgentSession, nir: str) -> bool:
        """Unblock the NIR's practice accounts (Assurance retraite, CAF). True if one
        was blocked; :class:`AgentError` if there is no account."""
        self._use(session)
        nir = self._nir(nir)
        with self.store.unit() as repos:
            retraite = repos.retraite.find_by_nir(nir)
            caf = repos.caf.find_by_identifiant(nir) or repos.caf.find_by_nir(nir)
            if retraite is None and caf is None:
                raise AgentError("agent.erreurs.aucun_compte")
            was_locked = False
            if retraite is not None and (retraite.locked or retraite.failed_attempts):
                was_locked = was_locked or retraite.locked
                repos.retraite.unlock(retraite.id)
            if caf is not None and (caf.locked or caf.failed_attempts):
                was_locked = was_locked or caf.locked
                repos.caf.unlock(caf.id)
        self._audit(
            session.login,
            Action.UNBLOCK,
            target=self.person_ref(nir),
            details={"etait_bloque": was_locked},
        )
        return was_locked

    def reset_activation(self, session: AgentSession, nir: str) -> None:
        """Remove the NIR's registration waiting for activation, so that the person can
        register again at once (the link was lost, or went to a mistyped address)."""
        self._use(session)
        nir = self._nir(nir)
        with self.store.unit() as repos:
            removed = repos.retraite.remove_expired_pending(nir, _END_OF_TIME)
        if not removed:
            raise AgentError("agent.erreurs.pas_en_attente")
        self._audit(session.login, Action.RESET_ACTIVATION, target=self.person_ref(nir))

    # -- statistics ----------------------------------------------------------------

    def statistics(self, session: AgentSession, first: date, last: date) -> figures.Figures:
        self._use(session)
        result = self._figures(first, last)
        self._audit(session.login, Action.STATISTICS, details=_period(first, last))
        return result

    def statistics_csv(self, session: AgentSession, first: date, last: date) -> str:
        self._use(session)
        text = figures.to_csv(self._figures(first, last))
        self._audit(session.login, Action.STATISTICS_EXPORT, details=_period(first, last))
        return text

    def _figures(self, first: date, last: date) -> figures.Figures:
        if last < first:
            raise AgentError("agent.erreurs.periode")
        start, end = paris_day_bounds(first, last)
        # The non-personal columns only: no session loaded whole, no answer decrypted.
        with self.store.unit() as repos:
            facts = repos.sessions.facts_between(start, end)
        return figures.compute(
            facts, first, last, catalogue=self.catalogue, trouble_steps=TROUBLE_STEPS
        )

    # -- purge, a person's data, settings (sensitive) ------------------------------------

    def purge_now(
        self, session: AgentSession, password: str = "", *, dry_run: bool = False
    ) -> retention.PurgeReport:
        if dry_run:
            self._use(session)
        else:
            self._confirm(session, password)
        report = retention.purge(self.store, self.settings, self.clock.now(), dry_run=dry_run)
        details: dict[str, Any] = {"lignes": report.counts}
        if dry_run:
            details["simulation"] = True
        self._audit(session.login, Action.PURGE, details=details)
        return report

    def export_person(self, session: AgentSession, nir: str, password: str = "") -> dict[str, Any]:
        """Everything held about the person, decrypted (JSON-ready)."""
        self._confirm(session, password)
        nir = self._nir(nir)
        with self.store.unit() as repos:
            data = repos.people.export_person(nir)
        rows = count_rows(data)
        self._audit(
            session.login,
            Action.EXPORT_PERSON,
            target=self.person_ref(nir),
            details={"lignes": rows},
        )
        return data

    def erase_person(self, session: AgentSession, nir: str, password: str = "") -> dict[str, int]:
        """Delete every row that holds the person, then fold the files so that no byte of
        them is left (SQLite: WAL checkpoint; PostgreSQL: VACUUM). Rows per table."""
        self._confirm(session, password)
        nir = self._nir(nir)
        with self.store.unit() as repos:
            counts = repos.people.erase_person(nir)
        self.store.checkpoint()
        kept = {table: n for table, n in counts.items() if n}
        self._audit(
            session.login,
            Action.ERASE_PERSON,
            target=self.person_ref(nir),
            details={"lignes": kept},
        )
        return kept

    def settings_lines(self, session: AgentSession) -> list[SettingLine]:
        """The settings in effect, what the file holds for the next start, and which
        ones an environment variable imposes."""
        self._use(session)
        in_file = settings_module.read_file(self.config_file)
        imposed = settings_module.overridden()
        defaults = Settings()
        lines = []
        for key in settings_module.kinds():
            value = getattr(self.settings, key)
            lines.append(
                SettingLine(
                    key,
                    value,
                    value if key in imposed else in_file.get(key, getattr(defaults, key)),
                    settings_module.env_var(key) if key in imposed else None,
                )
            )
        self._audit(session.login, Action.SETTINGS_VIEW)
        return lines

    def save_settings(
        self, session: AgentSession, changes: Mapping[str, int | str], password: str = ""
    ) -> Path:
        """Write ``changes`` to the settings file (effective at the next start).
        :class:`~kiosque.settings.SettingsError` names a wrong key."""
        self._confirm(session, password)
        path = settings_module.write(changes, self.config_file)
        self._audit(session.login, Action.SETTINGS, details={"cles": sorted(changes)})
        return path


def _period(first: date, last: date) -> dict[str, str]:
    return {"du": first.isoformat(), "au": last.isoformat()}


def count_rows(export: Mapping[str, Any]) -> int:
    """Rows in a person's export (each account's attempts and RIS requests included)."""
    total = 0
    for items in export.values():
        for item in items:
            total += 1
            for key in ("tentatives_de_connexion", "demandes_ris"):
                total += len(item.get(key, ()))
    return total


def receipt_data(content: Mapping[str, Any]) -> ReceiptData:
    """The :class:`~kiosque.documents.model.ReceiptData` a stored receipt was printed
    from (:func:`kiosque.paper.receipt_record`: the same fields, dates in ISO format,
    pairs as lists, without the resume code)."""
    try:
        valid_until = content.get("resume_valid_until")
        return ReceiptData(
            site_name=str(content["site_name"]),
            terminal_id=str(content["terminal_id"]),
            issued_at=_aware(datetime.fromisoformat(str(content["issued_at"]))),
            procedure_title=str(content["procedure_title"]),
            steps_done=tuple(str(s) for s in content.get("steps_done", ())),
            steps_todo=tuple(str(s) for s in content.get("steps_todo", ())),
            identifiers=tuple((str(a), str(b)) for a, b in content.get("identifiers", ())),
            deadlines=tuple(
                (str(a), date.fromisoformat(str(b))) for a, b in content.get("deadlines", ())
            ),
            next_steps=tuple(str(s) for s in content.get("next_steps", ())),
            phones=tuple(str(s) for s in content.get("phones", ())),
            resume_code=str(content.get("resume_code", "")),
            resume_url=str(content.get("resume_url", "")),
            practice=bool(content.get("practice", True)),
            resume_valid_until=date.fromisoformat(str(valid_until)) if valid_until else None,
        )
    except (KeyError, TypeError, ValueError):
        raise AgentError("agent.erreurs.recu_illisible") from None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@contextmanager
def console_service(
    settings: Settings, clock: Clock, *, catalogue: Catalogue | None = None
) -> Iterator[AgentService]:
    """The agent service over the store the settings name, for one command."""
    keys = Path(settings.keys_file) if settings.keys_file else None
    store = open_store(settings.db_url(), keys_path=keys)
    try:
        yield AgentService(store, clock, settings, catalogue=catalogue)
    finally:
        store.close()
