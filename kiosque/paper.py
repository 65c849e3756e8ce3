"""Paper and phone: what a session's receipt says, and the codes that resume a session.

Pure (no Qt, no store, no reportlab): :class:`~kiosque.services.KioskService` calls these
functions with what it read from the store, and renders the receipt with
:mod:`kiosque.documents`.

**Resume codes.** Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L,
5/S, 2/Z, 8/B): nine drawn with :mod:`secrets` (9 × log2 25 ≈ 41.8 bits) and one check
character. The check character (weights chosen prime to 25) catches every single wrong
character and every swap of two neighbours, so a typo is told apart from a guess without
asking the store anything. Codes are shown in groups (``K7P4-Q9XM-RT``) and put in the
QR code as a URL fragment (``…/#reprise-K7P4Q9XMRT``): a phone opens the official page
(browsers never send a fragment to the server), a kiosk scanner types it back.

**Against guessing.** Three locks, none of which tells an attacker anything:

1. A code is locked after ``resume_code_max_failures`` wrong tries *on that code*: a typed
   code whose check character is wrong is a typo, and the live codes one typo away from
   it (at most 19, found by their keyed hash) are charged a failure.
2. :class:`ResumeGuard` — per terminal — lets through a few well-formed codes that match
   nothing (5 in 24 hours), then makes each further try wait 1, 2, 4… up to 60 minutes.
   A success does not reset it (else one's own valid code could be interleaved with
   guesses). Mistyped codes (wrong check character) are not counted: they reveal nothing
   about the store, so a citizen's typos never lock the terminal.
3. The code space: with 10 000 live codes, one guess in 380 million hits one; at most
   about 30 guesses a day get through the guard of a terminal.
"""

from __future__ import annotations

import re
import secrets
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from kiosque import rules
from kiosque.documents.fmt import PARIS, paris_time
from kiosque.documents.model import (
    ReceiptData,
    contains_full_nir,
    mask_nir,
    retraite_phones,
)
from kiosque.procedures import actions as calls
from kiosque.procedures import options
from kiosque.procedures.journey import Journey, step_key
from kiosque.procedures.model import DEFAULT_OUTCOME, Catalogue, Procedure, Step
from kiosque.texts import Message, t
from kiosque.texts import catalogue as texts

# -- resume codes ----------------------------------------------------------------------

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"  # 25 symbols, none that looks like another
RANDOM_LENGTH = 9  # 9 × log2(25) ≈ 41.8 bits
CODE_LENGTH = RANDOM_LENGTH + 1  # and the check character
# Weights prime to 25, neighbours differing by 1 or 2: every single substitution and
# every swap of two different neighbours changes the sum modulo 25.
_WEIGHTS = (1, 2, 3, 4, 6, 7, 8, 9, 11, 12)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
FRAGMENT = "reprise-"
_IN_URL = re.compile(r"#\s*reprise-([A-Za-z0-9\- ]+)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-_.]+")


def _sum(code: str) -> int:
    return sum(w * _VALUE[ch] for w, ch in zip(_WEIGHTS, code, strict=True)) % len(ALPHABET)


def _check_char(body: str) -> str:
    # body's weighted sum + 12 × check ≡ 0 (mod 25); 23 is the inverse of 12 modulo 25.
    partial = sum(w * _VALUE[ch] for w, ch in zip(_WEIGHTS, body, strict=False))
    return ALPHABET[(-partial * 23) % len(ALPHABET)]


def new_resume_code() -> str:
    """A fresh random code (compact form, ``K7P4Q9XMRT``)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + _check_char(body)


def check_ok(code: str) -> bool:
    """Whether a compact code of the right alphabet and length has a valid check."""
    return len(code) == CODE_LENGTH and all(ch in _VALUE for ch in code) and _sum(code) == 0


def read_typed_code(text: str) -> str | None:
    """The compact code in what was typed or scanned, or ``None`` if it cannot be one.

    Accepts ``k7p4 q9xm rt``, ``K7P4-Q9XM-RT`` and the whole QR content
    (``https://…#reprise-K7P4Q9XMRT``) as a handheld scanner types it."""
    found = _IN_URL.search(text)
    raw = found.group(1) if found else text
    compact = _SEPARATORS.sub("", raw).upper()
    if len(compact) != CODE_LENGTH or any(ch not in _VALUE for ch in compact):
        return None
    return compact


def display_code(code: str) -> str:
    """``K7P4Q9XMRT`` → ``K7P4-Q9XM-RT`` (groups of four, as the receipt prints them)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def near_misses(code: str) -> tuple[str, ...]:
    """The valid codes one typo away from ``code`` (one wrong character, or two
    neighbours swapped): the codes a citizen who typed ``code`` most likely meant."""
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return ()
    found: dict[str, None] = {}
    size = len(ALPHABET)
    total = _sum(code)
    for i, weight in enumerate(_WEIGHTS):
        # the one value at position i that brings the sum back to 0 (weight is invertible)
        inverse = pow(weight, -1, size)
        value = (_VALUE[code[i]] - total * inverse) % size
        candidate = code[:i] + ALPHABET[value] + code[i + 1 :]
        if candidate != code:
            found[candidate] = None
    for i in range(CODE_LENGTH - 1):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code and check_ok(swapped):
            found[swapped] = None
    return tuple(found)


def qr_content(official_url: str, code: str) -> str:
    """What the QR code holds: the official page, the code in the fragment — no NIR,
    no name, no e-mail, no phone."""
    return f"{official_url.split('#', 1)[0]}#{FRAGMENT}{code}"


def _paris_midnight(day: date) -> datetime:
    if PARIS is not None:
        return datetime.combine(day, time.min, tzinfo=PARIS)
    # no time-zone database (Windows without tzdata): that day's offset of Paris
    offset = paris_time(datetime.combine(day, time(12), tzinfo=UTC)).utcoffset()
    return datetime.combine(day, time.min, tzinfo=timezone(offset or timedelta(0)))


def resume_expiry(now: datetime, days: int) -> tuple[datetime, date]:
    """A code issued ``now`` works until the end of the ``days``-th day after, in Paris
    time, so the paper can honestly say « valable jusqu'au JJ/MM/AAAA inclus »."""
    last_day = paris_time(now).date() + timedelta(days=days)
    return _paris_midnight(last_day + timedelta(days=1)) - timedelta(microseconds=1), last_day


@dataclass(frozen=True)
class ResumeTicket:
    """A session's resume code as the citizen gets it (the store keeps only its hash)."""

    code: str  # compact
    qr_text: str
    expires_at: datetime
    valid_until: date  # last day it works (Paris)

    @property
    def display(self) -> str:
        return display_code(self.code)


@dataclass(frozen=True)
class ResumeRefusal:
    """Why a code did not resume a session: ``reason`` for the program, ``message`` for
    the citizen. Reasons: format, typo, unknown, expired, locked, wait."""

    reason: str
    message: Message

    def text(self) -> str:
        return self.message.text()


@dataclass
class ResumeGuard:
    """The per-terminal brake on codes that match nothing (see the module's docstring).

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


# -- where a resumed session starts again ---------------------------------------------------

# Steps that cannot be shown again from what the store keeps, and where to resume instead.
# They need what lives only in the terminal's memory (journey.state): a logged-in account,
# the activation token of the e-mail's link, a reset token, a code sent by SMS, the
# identity FranceConnect returned, search results. The kiosk never writes these to disk
# (a login is a secret's proof, not data), so a resumed session proves it again: it starts
# at the step that obtains them — the procedure's login step, or the mailbox for the
# activation link, or the start of the forgotten-password path.
RESUME_INSTEAD: Mapping[tuple[str, str], str] = {
    ("retraite-creer-espace", "activation"): "messagerie",
    ("retraite-creer-espace", "mes-services"): "connexion",
    ("retraite-releve-carriere", "mes-services"): "connexion",
    ("retraite-releve-carriere", "releve-carriere"): "connexion",
    ("retraite-releve-carriere", "demande-prise-en-compte"): "connexion",
    ("retraite-releve-carriere", "ris-disponible"): "connexion",
    ("retraite-connexion", "question-secrete"): "mot-de-passe-oublie",
    ("retraite-connexion", "nouveau-mot-de-passe"): "mot-de-passe-oublie",
    ("retraite-connexion", "modifier-email"): "connexion",
    ("retraite-connexion", "mes-services"): "connexion",
    ("caf-connexion", "code-recu"): "mot-de-passe-oublie",
    ("caf-connexion", "nouveau-mot-de-passe"): "mot-de-passe-oublie",
    ("caf-connexion", "mon-compte"): "connexion",
    ("franceconnect", "retour-service"): "connexion-fournisseur",
    ("aide", "reponse"): "recherche",
}

# Connector calls that read journey.state (an account, a token, a code…). A step that
# runs one, or leads straight to a step that does on entering, must be in RESUME_INSTEAD
# (a test walks the catalogue to check it).
CALLS_NEEDING_MEMORY = frozenset(
    {
        "retraite.activer",
        "retraite.verifier_reponse",
        "retraite.changer_mot_de_passe",
        "retraite.modifier_email",
        "retraite.etat_ris",
        "retraite.demander_ris",
        "retraite.rafraichir_ris",
        "retraite.telecharger_ris",
        "caf.boite_reception",
        "caf.verifier_code",
        "caf.changer_mot_de_passe",
        "caf.deconnexion",
        "franceconnect.acceder",
    }
)


def resume_step(procedure: str, step: str) -> str:
    return RESUME_INSTEAD.get((procedure, step), step)


def path_to(proc: Procedure, target: str) -> list[str]:
    """The shortest way through ``proc`` from its first step to ``target`` (both
    included), following every action; ``[target]`` if there is none."""
    previous: dict[str, str | None] = {proc.first.id: None}
    queue = [proc.first.id]
    while queue:
        current = queue.pop(0)
        if current == target:
            way = [current]
            while (before := previous[way[-1]]) is not None:
                way.append(before)
            return way[::-1]
        for action in proc.step(current).actions.values():
            for goal in action.goto.values():
                nxt = goal.step if goal.procedure is None else None
                if nxt and proc.has_step(nxt) and nxt not in previous:
                    previous[nxt] = current
                    queue.append(nxt)
    return [target]


def restore_journey(
    catalogue: Catalogue, procedure: str, step: str, answers: Mapping[str, Any]
) -> Journey:
    """A journey rebuilt from a session row: at ``step`` (or where :data:`RESUME_INSTEAD`
    says), with the public answers, as if the steps leading there had been visited."""
    proc = catalogue.procedure(procedure)
    target = resume_step(procedure, step)
    if not proc.has_step(target):
        target = proc.first.id
    journey = Journey(procedure, target)
    for key, values in answers.items():
        if isinstance(values, Mapping):
            journey.answers[str(key)] = {str(f): str(v) for f, v in values.items()}
    here = [step_key(procedure, s) for s in path_to(proc, target)]
    elsewhere = [k for k in journey.answers if not k.startswith(procedure + "/")]
    mine = sorted(
        (k for k in journey.answers if k.startswith(procedure + "/") and k not in here),
        key=lambda k: _index(proc, k.split("/", 1)[1]),
    )
    journey.visited = [*elsewhere, *mine, *(k for k in here if k not in mine)]
    journey.mark_visited()
    return journey


def _index(proc: Procedure, step_id: str) -> int:
    return proc.index(step_id) if proc.has_step(step_id) else len(proc.steps)


# -- the receipt --------------------------------------------------------------------------


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
