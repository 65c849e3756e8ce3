"""Security images (the « étape de sécurité »): random text, used once, with a spoken form."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from kiosque.connectors.base import Challenge, Clock
from kiosque.connectors.simulation.common import CHALLENGE_ALPHABET
from kiosque.texts import t

LENGTH = 6
LIFETIME = timedelta(minutes=20)
KEEP = 2000  # challenges kept at most (oldest dropped first)


def spoken(text: str) -> str:
    """« K majuscule, p minuscule, chiffre 7 … »: the audio version, character by character."""
    parts = []
    for char in text:
        if char.isdigit():
            parts.append(t("retraite.securite.chiffre", chiffre=char))
        elif char.isupper():
            parts.append(t("retraite.securite.majuscule", lettre=char))
        else:
            parts.append(t("retraite.securite.minuscule", lettre=char))
    return t("retraite.securite.separateur").join(parts)


class Challenges:
    """Issued challenges, held in memory like a web server's session would."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._issued: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def new(self) -> Challenge:
        text = "".join(secrets.choice(CHALLENGE_ALPHABET) for _ in range(LENGTH))
        challenge_id = secrets.token_hex(8)
        with self._lock:
            self._issued[challenge_id] = (text, self._clock.now())
            while len(self._issued) > KEEP:
                self._issued.popitem(last=False)
        return Challenge(challenge_id, text, spoken(text))

    def check(self, challenge_id: str, typed: str) -> bool:
        """Case-insensitive, spaces ignored; a challenge can be answered once only."""
        with self._lock:
            issued = self._issued.pop(challenge_id, None)
        if issued is None:
            return False
        text, at = issued
        if self._clock.now() - at > LIFETIME:
            return False
        return "".join(typed.split()).casefold() == text.casefold()
