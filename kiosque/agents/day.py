"""The day's sessions and receipts as an agent sees them, and a receipt printed again."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kiosque import figures, paper
from kiosque.agents.core import AgentCore
from kiosque.agents.errors import AgentError
from kiosque.agents.model import Action, AgentSession, ReceiptLine, SessionLine
from kiosque.agents.periods import PARIS, paris_day_bounds
from kiosque.documents.model import ReceiptData


class DayActions(AgentCore):
    """Today's sessions and receipts; a receipt reprinted with a new resume code."""

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
