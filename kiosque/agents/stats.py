"""The figures of a period, on screen or as CSV: the non-personal columns only."""

from __future__ import annotations

from datetime import date

from kiosque import figures
from kiosque.agents.core import AgentCore
from kiosque.agents.errors import AgentError
from kiosque.agents.model import Action, AgentSession
from kiosque.agents.periods import paris_day_bounds, period_details
from kiosque.services import TROUBLE_STEPS


class StatisticsActions(AgentCore):
    """The site's figures from ``first`` to ``last`` (days, Paris time, both included)."""

    def statistics(self, session: AgentSession, first: date, last: date) -> figures.Figures:
        self._use(session)
        result = self._figures(first, last)
        self._audit(session.login, Action.STATISTICS, details=period_details(first, last))
        return result

    def statistics_csv(self, session: AgentSession, first: date, last: date) -> str:
        self._use(session)
        text = figures.to_csv(self._figures(first, last))
        self._audit(session.login, Action.STATISTICS_EXPORT, details=period_details(first, last))
        return text

    def _figures(self, first: date, last: date) -> figures.Figures:
        if last < first:
            raise AgentError("agent.erreurs.periode")
        start, end = paris_day_bounds(first, last)
        # Counted and timed by the database, from the non-personal columns only: no
        # session loaded whole, no answer decrypted, a few dozen rows and some numbers.
        with self.store.unit() as repos:
            groups = repos.sessions.groups_between(start, end)
            done = figures.completed_steps(groups, self.catalogue, TROUBLE_STEPS)
            minutes = repos.sessions.minutes_between(start, end, status=figures.FINISHED, on=done)
        return figures.compute_grouped(
            groups, minutes, first, last, catalogue=self.catalogue, trouble_steps=TROUBLE_STEPS
        )
