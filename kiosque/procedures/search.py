"""Search the help entries with the words a citizen types (no accents, no case needed)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from kiosque.procedures.model import FaqEntry

# Words that carry no meaning for the search.
_STOP = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "comment",
        "d",
        "de",
        "des",
        "du",
        "en",
        "est",
        "et",
        "il",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "ma",
        "me",
        "mes",
        "mon",
        "ne",
        "pas",
        "pour",
        "que",
        "qui",
        "quoi",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "ai",
        "suis",
        "faire",
        "dois",
        "peux",
    }
)
_WORD = re.compile(r"[a-z0-9@.]+")


def _words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [w for w in _WORD.findall(plain.replace("'", " ")) if w not in _STOP and len(w) > 1]


def _stem(word: str) -> str:
    """Crude French stem: enough to match « bloqué » with « bloque », « oublié » with « oubli »."""
    for suffix in ("ements", "ement", "ees", "ee", "es", "er", "e", "s", "x"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def search_faq(faq: Mapping[str, FaqEntry], query: str, limit: int = 8) -> tuple[str, ...]:
    """Ids of the entries that best match ``query``; all entries for an empty query."""
    wanted = {_stem(w) for w in _words(query[:500])}
    if not wanted:
        return tuple(faq)[:limit]
    scored: list[tuple[float, int, str]] = []
    for order, entry in enumerate(faq.values()):
        question = {_stem(w) for w in _words(entry.question)}
        keywords = {_stem(w) for k in entry.keywords for w in _words(k)}
        answer = {_stem(w) for a in entry.answer for w in _words(a)}
        score = 3 * len(wanted & question) + 3 * len(wanted & keywords) + len(wanted & answer)
        if score:
            scored.append((-score, order, entry.id))
    scored.sort()
    return tuple(entry_id for _, _, entry_id in scored[:limit])
