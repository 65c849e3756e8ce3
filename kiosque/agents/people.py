"""A person, named by their NIR: their practice accounts unblocked or their pending
registration reset, and everything held about them exported or erased (sensitive: the
password again). The audit log names them by :meth:`AgentCore.person_ref` only."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from kiosque import rules
from kiosque.agents.core import AgentCore
from kiosque.agents.errors import AgentError
from kiosque.agents.model import Action, AgentSession

# remove_expired_pending deletes a pending account whose link expires before the given
# moment: "before the end of time" is every pending registration of that NIR.
_END_OF_TIME = datetime(9999, 12, 31, tzinfo=UTC)


class PersonActions(AgentCore):
    """What an agent does for (or about) one person."""

    @staticmethod
    def _nir(nir: str) -> str:
        check = rules.check_nir(nir, allow_provisional=True)
        if not check.ok or check.value is None:
            raise AgentError(check.errors[0])
        return check.value

    # -- practice accounts -----------------------------------------------------------

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

    # -- a person's data (sensitive) -----------------------------------------------------

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


def count_rows(export: Mapping[str, Any]) -> int:
    """Rows in a person's export (each account's attempts and RIS requests included)."""
    total = 0
    for items in export.values():
        for item in items:
            total += 1
            for key in ("tentatives_de_connexion", "demandes_ris"):
                total += len(item.get(key, ()))
    return total
