"""What the documents print: frozen inputs filled by the services, and pure helpers.

No reportlab here: the UI and the services import this module cheaply.

The inputs have no field for a password, a secret answer or a code received by SMS or
e-mail, on purpose: what is not given cannot be printed. Keep it that way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosque.connectors.base import CareerLine
from kiosque.texts import t

_NIR = re.compile(r"[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}")
MASK = "••"


def mask_nir(nir13: str) -> str:
    """``1800175999001`` → ``1 •• •• •• ••• 001``: the first digit and the last three only.

    Spaces are accepted; anything that is not a 13-character NIR raises ``ValueError``
    (whose message never repeats the input).
    """
    compact = "".join(nir13.split()).upper()
    if not _NIR.fullmatch(compact):
        raise ValueError("not a 13-character NIR")
    return f"{compact[0]} {MASK} {MASK} {MASK} ••• {compact[-3:]}"


def looks_masked(value: str) -> bool:
    """At most four digits in all: a masked NIR, never a full one."""
    return sum(ch.isdigit() for ch in value) <= 4


_NIR_ANYWHERE = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}")


def contains_full_nir(value: str) -> bool:
    """Whether ``value`` holds 13 characters that read as a NIR, spaces ignored."""
    return bool(_NIR_ANYWHERE.search("".join(value.split()).upper()))


def _is_phone_label(label: str) -> bool:
    # A foreign number (XXX0123456789) has 13 digits, like a NIR: not a leak.
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return "telephone" in plain or "portable" in plain


def format_resume_code(code: str, group: int = 4) -> str:
    """``K7P4Q9XM`` → ``K7P4 Q9XM``: groups easier to read aloud and to copy."""
    compact = "".join(ch for ch in code if not ch.isspace() and ch != "-")
    return " ".join(compact[i : i + group] for i in range(0, len(compact), group))


def retraite_phones() -> tuple[str, ...]:
    """The Assurance retraite numbers with their hours, as seed 001 gives them."""
    return (t("documents.telephones.assistance"), t("documents.telephones.caisse"))


@dataclass(frozen=True)
class ReceiptData:
    """Everything the receipt prints. All values are already non-secret; a full NIR in
    any of them (except under a phone label) is refused at construction.

    ``identifiers`` are (label, value) pairs such as the masked NIR, the e-mail address
    or the *wording* of the chosen secret question. ``deadlines`` are (label, last valid
    day), printed « {label} valable jusqu'au JJ/MM/AAAA inclus ». ``resume_url`` is the
    QR code's content: the official page of the next step with the resume code, and no
    personal data.
    """

    site_name: str
    terminal_id: str
    issued_at: datetime  # aware; printed in Paris time
    procedure_title: str
    steps_done: tuple[str, ...]
    steps_todo: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]
    deadlines: tuple[tuple[str, date], ...]
    next_steps: tuple[str, ...]
    phones: tuple[str, ...]
    resume_code: str
    resume_url: str
    practice: bool
    resume_valid_until: date | None = None  # last day the resume code works

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be an aware datetime")
        printed = (
            self.site_name,
            self.terminal_id,
            self.procedure_title,
            *self.steps_done,
            *self.steps_todo,
            *(part for pair in self.identifiers if not _is_phone_label(pair[0]) for part in pair),
            *(label for label, _ in self.deadlines),
            *self.next_steps,
            *self.phones,
            self.resume_code,
            self.resume_url,
        )
        if any(contains_full_nir(value) for value in printed):
            raise ValueError("a receipt never holds a full NIR (use mask_nir)")


@dataclass(frozen=True)
class RisData:
    """A relevé de situation individuelle: the person and the career lines."""

    nom: str
    prenom: str
    nir_masked: str  # from mask_nir(); a full NIR is refused
    birth_date: date
    document_date: date
    lines: tuple[CareerLine, ...] = field(default=())
    practice: bool = True

    def __post_init__(self) -> None:
        if not looks_masked(self.nir_masked):
            raise ValueError("nir_masked must be masked (use mask_nir)")
