"""Paper and phone: what a session's receipt says, and the codes that resume a session.

Pure (no Qt, no store, no reportlab): :class:`~kiosque.services.KioskService` calls these
functions with what it read from the store, and renders the receipt with
:mod:`kiosque.documents`.

- :mod:`.codes` — the resume code: drawn, checked, read back, shown, put in the QR code;
- :mod:`.tickets` — the code as the citizen gets it (:class:`ResumeTicket`, its expiry)
  and why a code was refused (:class:`ResumeRefusal`);
- :mod:`.guard` — :class:`ResumeGuard`, the terminal's brake on guesses;
- :mod:`.restore` — where a resumed session starts again, its journey rebuilt;
- :mod:`.receipt` — what the receipt says, and what the store keeps of it.

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

from kiosque.paper.codes import (
    ALPHABET,
    CODE_LENGTH,
    FRAGMENT,
    RANDOM_LENGTH,
    check_ok,
    display_code,
    near_misses,
    new_resume_code,
    qr_content,
    read_typed_code,
)
from kiosque.paper.guard import ResumeGuard
from kiosque.paper.receipt import (
    ACTIVATION_PENDING,
    deadlines,
    identifiers,
    main_path,
    next_official_url,
    next_steps,
    phones,
    receipt_data,
    receipt_record,
    steps_done_and_todo,
)
from kiosque.paper.restore import (
    CALLS_NEEDING_MEMORY,
    RESUME_INSTEAD,
    path_to,
    restore_journey,
    resume_step,
)
from kiosque.paper.tickets import ResumeRefusal, ResumeTicket, resume_expiry

__all__ = [
    "ACTIVATION_PENDING",
    "ALPHABET",
    "CALLS_NEEDING_MEMORY",
    "CODE_LENGTH",
    "FRAGMENT",
    "RANDOM_LENGTH",
    "RESUME_INSTEAD",
    "ResumeGuard",
    "ResumeRefusal",
    "ResumeTicket",
    "check_ok",
    "deadlines",
    "display_code",
    "identifiers",
    "main_path",
    "near_misses",
    "new_resume_code",
    "next_official_url",
    "next_steps",
    "path_to",
    "phones",
    "qr_content",
    "read_typed_code",
    "receipt_data",
    "receipt_record",
    "restore_journey",
    "resume_expiry",
    "resume_step",
    "steps_done_and_todo",
]
