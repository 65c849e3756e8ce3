"""What a session's receipt says: the steps done and still ahead, the masked
identifiers, deadlines, next steps and phone numbers, and what the store keeps of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from kiosque import rules
from kiosque.documents.model import (
    ReceiptData,
    contains_full_nir,
    mask_nir,
    retraite_phones,
)
from kiosque.paper.tickets import ResumeTicket
from kiosque.procedures import actions as calls
from kiosque.procedures import options
from kiosque.procedures.journey import Journey, step_key
from kiosque.procedures.model import DEFAULT_OUTCOME, Catalogue, Procedure, Step
from kiosque.texts import catalogue as texts
from kiosque.texts import t


def main_path(catalogue: Catalogue, journey: Journey) -> list[tuple[Procedure, Step]]:
    """The steps still ahead on the main path, the current one first; then those of the
    procedures a sub-procedure (FranceConnect) hands back to."""
    out: list[tuple[Procedure, Step]] = []
    starts = [(journey.procedure, journey.step), *reversed(journey.returns)]
    for procedure_id, step_id in starts:
        proc = catalogue.procedure(procedure_id)
        seen: set[str] = set()
        current: str | None = step_id
        while current and proc.has_step(current) and current not in seen:
            seen.add(current)
            step = proc.step(current)
            out.append((proc, step))
            main = step.main_action
            if main is None or not main.goto:
                break
            target = main.goto.get(DEFAULT_OUTCOME) or next(iter(main.goto.values()))
            current = target.step if target.procedure is None else None
    return out


def next_official_url(catalogue: Catalogue, journey: Journey) -> str:
    """The official page of the next real step: the first step ahead with an
    ``official_url``, else the procedure's (or its caller's) official site."""
    ahead = [] if journey.finished else main_path(catalogue, journey)
    for _proc, step in ahead:
        if step.official_url:
            return step.official_url
    for procedure_id in (journey.procedure, *(p for p, _ in reversed(journey.returns))):
        url = catalogue.procedure(procedure_id).official_url
        if url:
            return url
    return next(p.official_url for p in catalogue.procedures.values() if p.official_url)


def steps_done_and_todo(catalogue: Catalogue, journey: Journey) -> tuple[list[str], list[str]]:
    """Titles of the steps visited (in order) and of those still ahead on the main path."""
    ahead = [] if journey.finished else main_path(catalogue, journey)
    todo_keys = [step_key(p.id, s.id) for p, s in ahead]
    done: list[str] = []
    for key in journey.visited:
        if key in todo_keys:
            continue
        procedure_id, _, step_id = key.partition("/")
        proc = catalogue.procedures.get(procedure_id)
        if proc is not None and proc.has_step(step_id):
            done.append(proc.step(step_id).title)
    return _unique(done), _unique(s.title for _, s in ahead)


def _unique(titles: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(titles))


def _masked_identifier(value: str) -> str | None:
    compact = rules.normalize_nir(value)
    if not compact:
        return None
    try:
        return mask_nir(compact[:13])
    except ValueError:
        pass
    if len(compact) < 7 or contains_full_nir(compact):
        return None
    # a CAF provisional identifier: its first character and its last three, like a NIR
    return f"{compact[0]} {'•' * (len(compact) - 4)} {compact[-3:]}"


def identifiers(journey: Journey) -> list[tuple[str, str]]:
    """Masked NIR (or CAF identifier), e-mail, and the secret question's wording —
    never a password, an answer or a code (those are never even read here)."""
    out: list[tuple[str, str]] = []
    nir = journey.lookup("nir")
    masked = _masked_identifier(nir) if nir else None
    if masked:
        out.append((t("papier.identifiants.nir"), masked))
    else:
        ident = journey.lookup("identifiant")
        masked = _masked_identifier(ident) if ident else None
        if masked:
            out.append((t("papier.identifiants.identifiant"), masked))
    email = rules.check_email(journey.lookup("email") or "").value
    if email and not contains_full_nir(email):
        out.append((t("papier.identifiants.email"), email))
    question = journey.lookup("question_secrete")
    reset = journey.state.get(calls.RESET)
    if not question and isinstance(reset, Mapping):
        question = str(reset.get("question") or "")
    wording = {o.id: o.label for o in options.secret_questions()}.get(question or "")
    if wording:
        out.append((t("papier.identifiants.question"), wording))
    return out


# Steps where the activation link is still to be followed (its date is worth printing).
ACTIVATION_PENDING = ("enregistre", "messagerie", "activation")


def deadlines(journey: Journey, mailbox: Iterable[object] = ()) -> list[tuple[str, date]]:
    """The activation link's last valid day, until the space is activated: from the
    registration in memory, else from the e-mails (``mailbox``, or the journey's)."""
    if calls.RETRAITE_ACCOUNT in journey.state:
        return []
    until: date | None = getattr(journey.state.get(calls.REGISTRATION), "valid_until", None)
    if until is None and journey.step in ACTIVATION_PENDING:
        messages = [*mailbox, *(journey.state.get(calls.MAILBOX) or ())]
        dates = [
            m.valid_until
            for m in messages
            if getattr(m, "link_token", "") and getattr(m, "valid_until", None)
        ]
        until = max(dates) if dates else None
    return [(t("papier.echeances.lien_activation"), until)] if until else []


def next_steps(journey: Journey) -> list[str]:
    """What to do next, in plain words: ``papier.ensuite.<procedure>.<step>.N``, else
    the procedure's ``fin`` (finished) or ``defaut`` texts."""
    where = "fin" if journey.finished else journey.step
    known = texts()
    for group in (where, "defaut"):
        prefix = f"papier.ensuite.{journey.procedure}.{group}."
        found = [t(prefix + str(n)) for n in range(1, 10) if prefix + str(n) in known]
        if found:
            return found
    return []


def phones(catalogue: Catalogue, journey: Journey) -> tuple[str, ...]:
    """The numbers the seeds give (Assurance retraite); the CAF and FranceConnect
    documents give none."""
    organism = catalogue.procedure(journey.procedure).organism
    return retraite_phones() if organism in ("retraite", "aide") else ()


def receipt_data(
    catalogue: Catalogue,
    journey: Journey,
    ticket: ResumeTicket,
    *,
    site_name: str,
    terminal_id: str,
    issued_at: datetime,
    practice: bool,
    mailbox: Iterable[object] = (),
) -> ReceiptData:
    done, todo = steps_done_and_todo(catalogue, journey)
    return ReceiptData(
        site_name=site_name,
        terminal_id=terminal_id,
        issued_at=issued_at,
        procedure_title=catalogue.procedure(journey.procedure).title,
        steps_done=tuple(done),
        steps_todo=tuple(todo),
        identifiers=tuple(identifiers(journey)),
        deadlines=tuple(deadlines(journey, mailbox)),
        next_steps=tuple(next_steps(journey)),
        phones=phones(catalogue, journey),
        resume_code=ticket.code,
        resume_url=ticket.qr_text,
        practice=practice,
        resume_valid_until=ticket.valid_until,
    )


def receipt_record(data: ReceiptData) -> dict[str, Any]:
    """What the store keeps of a receipt (encrypted), for an agent's reprint: the fields
    of :class:`ReceiptData` (dates in ISO format, pairs as lists) except the resume code
    and the QR content, which hold the code in clear — the store keeps only its hash."""
    return {
        "site_name": data.site_name,
        "terminal_id": data.terminal_id,
        "issued_at": data.issued_at.isoformat(),
        "procedure_title": data.procedure_title,
        "steps_done": list(data.steps_done),
        "steps_todo": list(data.steps_todo),
        "identifiers": [list(pair) for pair in data.identifiers],
        "deadlines": [[label, day.isoformat()] for label, day in data.deadlines],
        "next_steps": list(data.next_steps),
        "phones": list(data.phones),
        "practice": data.practice,
        "resume_valid_until": (
            data.resume_valid_until.isoformat() if data.resume_valid_until else None
        ),
    }
