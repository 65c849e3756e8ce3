"""Counter agents and the append-only log of what they did."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from kiosque.store.models import Agent, AuditEntry, new_id
from kiosque.store.repos._base import (
    Json,
    NotFound,
    Repository,
    refuse_personal,
    require_argon2id,
)


@dataclass(frozen=True)
class AgentRecord:
    id: str
    login: str
    password_hash: str = field(repr=False)
    created_at: datetime
    disabled_at: datetime | None

    @property
    def enabled(self) -> bool:
        return self.disabled_at is None


@dataclass(frozen=True)
class AuditRecord:
    id: str
    at: datetime
    agent_login: str
    action: str
    terminal: str
    target: str | None
    details: Json


class Agents(Repository):
    table = Agent.__tablename__

    def create(self, login: str, *, password_hash: str, now: datetime) -> AgentRecord:
        """:class:`AlreadyExists` if the login is taken."""
        row = Agent(
            id=new_id(),
            login=login,
            password_hash=require_argon2id(password_hash, "mot de passe"),
            created_at=now,
        )
        self._insert_unique(row, "Cet identifiant d'agent existe déjà.")
        return _agent(row)

    def find(self, login: str) -> AgentRecord | None:
        row = self.session.scalars(
            select(Agent).where(Agent.login == login).execution_options(populate_existing=True)
        ).one_or_none()
        return None if row is None else _agent(row)

    def list_all(self) -> list[AgentRecord]:
        return [_agent(r) for r in self.session.scalars(select(Agent).order_by(Agent.login))]

    def set_password(self, login: str, password_hash: str) -> None:
        self._set(login, password_hash=require_argon2id(password_hash, "mot de passe"))

    def disable(self, login: str, at: datetime) -> None:
        self._set(login, disabled_at=at)

    def enable(self, login: str) -> None:
        self._set(login, disabled_at=None)

    def _set(self, login: str, **values: Any) -> None:
        result = self.session.execute(
            update(Agent)
            .where(Agent.login == login)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        if not getattr(result, "rowcount", 0):
            raise NotFound(login)


def _agent(row: Agent) -> AgentRecord:
    return AgentRecord(row.id, row.login, row.password_hash, row.created_at, row.disabled_at)


class AuditLog(Repository):
    """Append and read, nothing else: no method changes or removes an entry, the model
    refuses it too (:class:`~kiosque.store.models.AuditLogIsAppendOnly`), and so does the
    database (triggers of migration 0002)."""

    table = AuditEntry.__tablename__

    def append(
        self,
        *,
        at: datetime,
        agent_login: str,
        action: str,
        terminal: str,
        target: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> AuditRecord:
        """``target`` is an opaque reference (a row id), ``details`` non-personal facts;
        anything that looks like a NIR or an e-mail address is refused."""
        details_text = None if details is None else json.dumps(dict(details), sort_keys=True)
        refuse_personal(target, "target")
        refuse_personal(details_text, "details")
        row = AuditEntry(
            id=new_id(),
            at=at,
            agent_login=agent_login,
            action=action,
            terminal=terminal,
            target=target,
            details=details_text,
        )
        self._insert(row)
        return _audit(row)

    def list(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """Entries in [since, until), newest first."""
        query = select(AuditEntry)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        if until is not None:
            query = query.where(AuditEntry.at < until)
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id)
        if limit is not None:
            query = query.limit(limit)
        return [_audit(r) for r in self.session.scalars(query)]


def _audit(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        at=row.at,
        agent_login=row.agent_login,
        action=row.action,
        terminal=row.terminal,
        target=row.target,
        details={} if row.details is None else json.loads(row.details),
    )
