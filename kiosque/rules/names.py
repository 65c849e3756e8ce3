"""Names and first names: letters of any script (with accents), spaces, apostrophes and
hyphens — « N'Diaye », « Lefèvre-Dupont », « Ñúñez », « D’Artagnan » are all accepted."""

from __future__ import annotations

import unicodedata

from kiosque.rules.normalize import fold, has_forbidden_chars, strip_accents_lower
from kiosque.rules.result import Check
from kiosque.texts import Message

MAX_LENGTH = 60
_SEPARATORS = frozenset(" '-")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _is_mark(ch: str) -> bool:
    """A combining accent or vowel sign (kept after NFC in some scripts)."""
    return unicodedata.category(ch).startswith("M")


def check_name(value: str, *, label: str = "nom") -> Check[str]:
    """A name, returned folded (NFC, plain apostrophes and hyphens, single spaces).

    ``label`` names the field in the messages (« nom », « prénom », « nom de naissance »).
    """
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.nom.caracteres_invisibles", champ=label),))
    name = fold(raw)
    if not name:
        return Check(None, (Message.of("regles.nom.obligatoire", champ=label),))
    errors: list[Message] = []
    if len(name) > MAX_LENGTH:
        errors.append(
            Message.of("regles.nom.trop_long", champ=label, maximum=MAX_LENGTH, nombre=len(name))
        )
    if any(ch.isdigit() for ch in name):
        errors.append(Message.of("regles.nom.chiffres", champ=label))
    others = [
        ch
        for ch in dict.fromkeys(name)
        if not (_is_letter(ch) or _is_mark(ch) or ch.isdigit() or ch in _SEPARATORS)
    ]
    if others:
        errors.append(
            Message.of("regles.nom.caracteres", champ=label, caracteres=" ".join(others[:5]))
        )
    if not any(_is_letter(ch) for ch in name):
        errors.append(Message.of("regles.nom.lettre", champ=label))
    if errors:
        return Check(None, tuple(errors))
    return Check.good(name)


def name_key(name: str) -> str:
    """The name reduced for comparison: no case, no accents, no spaces/apostrophes/hyphens."""
    return "".join(ch for ch in strip_accents_lower(fold(name)) if ch not in _SEPARATORS)


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same, ignoring case, accents, apostrophes, hyphens and
    spaces (« Lefèvre-Dupont » = « LEFEVRE DUPONT »)."""
    return name_key(a) == name_key(b)
