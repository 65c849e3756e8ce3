"""Codes the citizen copies: the security image (captcha), codes received by SMS or
e-mail, free text (search) and the answer to the secret question."""

from __future__ import annotations

import re

from kiosque.rules.normalize import fold, has_forbidden_chars
from kiosque.rules.result import Check
from kiosque.texts import Message

SECURITY_CODE_REASSURANCE = Message.of("regles.code_securite.majuscules")
"""« Si vous ne respectez pas les majuscules, le code sera tout de même valide. » —
shown beside the security image; it is a reassurance, not an error."""

SECRET_ANSWER_MIN = 2
SECRET_ANSWER_MAX = 60
FREE_TEXT_MAX = 200

_SPACES = re.compile(r"\s+")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _compact_code(value: str) -> str:
    return _SPACES.sub("", fold(_text(value)))


def check_security_code(typed: str, expected: str) -> Check[str]:
    """The text of the security image: case does not matter, spaces are ignored."""
    code = _compact_code(typed)
    if not code:
        return Check(None, (Message.of("regles.code_securite.obligatoire"),))
    if code.casefold() != _compact_code(expected).casefold():
        return Check(None, (Message.of("regles.code_securite.different"),))
    return Check.good(code)


def check_digits_code(value: str, length: int = 6) -> Check[str]:
    """A code received by SMS or e-mail: exactly ``length`` digits (spaces ignored)."""
    code = _compact_code(value)
    if not code:
        return Check(None, (Message.of("regles.code.obligatoire", longueur=length),))
    if not (code.isascii() and code.isdigit()):
        return Check(None, (Message.of("regles.code.chiffres", longueur=length),))
    if len(code) != length:
        return Check(None, (Message.of("regles.code.longueur", longueur=length, nombre=len(code)),))
    return Check.good(code)


def check_free_text(value: str, *, max_len: int = FREE_TEXT_MAX) -> Check[str]:
    """Free text (e.g. a search): not empty, no invisible characters, ``max_len`` at most."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    text = fold(raw)
    if not text:
        return Check(None, (Message.of("regles.commun.obligatoire"),))
    if len(text) > max_len:
        return Check(
            None, (Message.of("regles.texte.trop_long", maximum=max_len, nombre=len(text)),)
        )
    return Check.good(text)


def check_secret_answer(value: str) -> Check[str]:
    """The answer to the secret question: 2 to 60 characters."""
    raw = _text(value)
    if has_forbidden_chars(raw):
        return Check(None, (Message.of("regles.commun.caracteres_invisibles"),))
    text = fold(raw)
    if not text:
        return Check(None, (Message.of("regles.reponse_secrete.obligatoire"),))
    if len(text) < SECRET_ANSWER_MIN:
        return Check(
            None, (Message.of("regles.reponse_secrete.trop_courte", minimum=SECRET_ANSWER_MIN),)
        )
    if len(text) > SECRET_ANSWER_MAX:
        return Check(
            None,
            (
                Message.of(
                    "regles.reponse_secrete.trop_longue",
                    maximum=SECRET_ANSWER_MAX,
                    nombre=len(text),
                ),
            ),
        )
    return Check.good(text)
