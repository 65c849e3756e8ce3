"""Resume codes: ten characters from an alphabet without look-alikes (no 0/O, 1/I/L,
5/S, 2/Z, 8/B), nine drawn with :mod:`secrets` (9 × log2 25 ≈ 41.8 bits) and one check
character.

The check character (weights chosen prime to 25) catches every single wrong character and
every swap of two neighbours, so a typo is told apart from a guess without asking the
store anything. Codes are shown in groups (``K7P4-Q9XM-RT``) and put in the QR code as a
URL fragment (``…/#reprise-K7P4Q9XMRT``): a phone opens the official page (browsers never
send a fragment to the server), a kiosk scanner types it back.
"""

from __future__ import annotations

import re
import secrets

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
