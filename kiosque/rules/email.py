"""E-mail addresses: syntax, both entries equal, and a gentle word on a likely typo."""

from __future__ import annotations

import re

from kiosque.rules.normalize import has_forbidden_chars, remove_forbidden_chars
from kiosque.rules.result import Check
from kiosque.texts import Message

MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
MAX_LABEL_LENGTH = 63
MAX_TYPO_DISTANCE = 2

COMMON_PROVIDERS: tuple[str, ...] = (
    "gmail.com",
    "hotmail.fr",
    "hotmail.com",
    "yahoo.fr",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "outlook.fr",
    "outlook.com",
    "icloud.com",
    "live.fr",
    "neuf.fr",
    "bbox.fr",
)
"""Providers most used by the citizens; a domain close to one of them gets a hint."""

# Dot-atom local part (RFC 5322) without quoted strings, which no citizen uses.
_LOCAL_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance counting insertions, deletions, substitutions and swaps of two
    adjacent characters (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def suggest_provider(domain: str) -> str | None:
    """The common provider the domain is most likely a typo of, or None."""
    domain = domain.lower()
    if domain in COMMON_PROVIDERS:
        return None
    best: tuple[int, str] | None = None
    for provider in COMMON_PROVIDERS:
        if abs(len(provider) - len(domain)) > MAX_TYPO_DISTANCE:
            continue
        distance = damerau_levenshtein(domain, provider)
        if distance <= MAX_TYPO_DISTANCE and (best is None or distance < best[0]):
            best = (distance, provider)
    return None if best is None else best[1]


def _local_ok(local: str) -> bool:
    if not local or len(local) > MAX_LOCAL_LENGTH:
        return False
    return all(_LOCAL_ATOM.fullmatch(atom) for atom in local.split("."))


def _domain_ok(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2:
        return False
    if not all(len(label) <= MAX_LABEL_LENGTH and _LABEL.fullmatch(label) for label in labels):
        return False
    top = labels[-1]
    return len(top) >= 2 and not top.isdigit()


def _syntax_errors(address: str) -> list[Message]:
    if any(ch.isspace() for ch in address):
        return [Message.of("regles.email.espaces")]
    if not address.isascii():
        return [Message.of("regles.email.accents")]
    count = address.count("@")
    if count == 0:
        return [Message.of("regles.email.arobase_manquant")]
    if count > 1:
        return [Message.of("regles.email.arobase_multiple")]
    errors: list[Message] = []
    if len(address) > MAX_LENGTH:
        errors.append(Message.of("regles.email.trop_longue", maximum=MAX_LENGTH))
    local, domain = address.split("@")
    if not local:
        errors.append(Message.of("regles.email.local_vide"))
    elif not _local_ok(local):
        errors.append(Message.of("regles.email.local_invalide"))
    if not domain:
        errors.append(Message.of("regles.email.domaine_vide"))
    elif not _domain_ok(domain.lower()):
        errors.append(Message.of("regles.email.domaine_invalide"))
    return errors


def normalize_email(value: str) -> str:
    """Surrounding spaces removed and the domain (after the @) in lower case."""
    address = _text(value).strip()
    local, at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}" if at else address


def check_email(value: str) -> Check[str]:
    """A syntactically valid address, returned with a lower-case domain.

    A domain one or two keystrokes away from a common provider (« gmial.com ») gives a
    hint suggesting the corrected address; it never blocks.
    """
    raw = _text(value)
    if has_forbidden_chars(raw):
        if not remove_forbidden_chars(raw).strip():
            return Check(None, (Message.of("regles.email.obligatoire"),))
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    address = raw.strip()
    if not address:
        return Check(None, (Message.of("regles.email.obligatoire"),))
    errors = _syntax_errors(address)
    if errors:
        return Check(None, tuple(errors))
    normalized = normalize_email(address)
    local, _, domain = normalized.partition("@")
    provider = suggest_provider(domain)
    if provider is None:
        return Check.good(normalized)
    return Check.good(
        normalized, Message.of("regles.email.suggestion", suggestion=f"{local}@{provider}")
    )


def check_email_confirmation(email: str, confirmation: str) -> Check[str]:
    """The address typed a second time (not pasted): equal, ignoring surrounding spaces
    and the case of the domain."""
    again = _text(confirmation).strip()
    if not again:
        return Check(None, (Message.of("regles.email.confirmation_vide"),))
    first = normalize_email(_text(email))
    if first != normalize_email(again):
        return Check(None, (Message.of("regles.email.confirmation"),))
    return Check.good(first)
