"""Keystroke check: everything the kiosk checks on each key typed in the password field of
« Créer mon espace » — the field's rule through the engine (``check_field``) and the live
list of the site's rules (``password_rules``, name, first name, birth date and NIR
included) — timed per keystroke over many typed passwords."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kiosque.bench.report import Figure, Target, percentile
from kiosque.procedures.journey import Journey, step_key
from kiosque.services import KioskSession
from kiosque.settings import Settings, replace
from kiosque.store.hashing import OWASP_MINIMUM

SECTION = "3. Keystroke check (password field, all rules)"
TARGET_MS = 1.0
PROCEDURE = "retraite-creer-espace"
IDENTITY = {
    "nir": "2 85 08 2B 999 002",
    "civilite": "Madame",
    "nom_naissance": "N'Diaye",
    "prenom": "Léa",
    "date_naissance": "21/08/1985",
}
# What citizens type: good ones, too short or long, with their name, birth date, NIR,
# accents or special characters (the rules that look inside are the slow ones).
PASSWORDS = (
    "Corse2024Mer",
    "Ndiaye1985",
    "LeaNDiaye85",
    "Soleil2023",
    "motdepasse",
    "Azerty123",
    "2108Lea1985",
    "850822B999",
    "Bonjour!2024",
    "Été2024Plage",
    "AAAAAAAAAAAAAAAAAAAAAAAA1a",
    "aB3",
    "Retraite2026Paris",
    "21081985Lea",
    "Ndi4ye2B999",
)


def session(settings: Settings, folder: Path) -> tuple[object, KioskSession]:
    """The kiosk service, and a session on the contact step with the identity typed."""
    from kiosque.bench.scratch import START
    from kiosque.clock import ManualClock
    from kiosque.context import open_context

    scratch = replace(
        settings,
        data_dir=str(folder),
        database_url="sqlite:///" + (folder / "kiosque.db").as_posix(),
        keys_file=str(folder / "keys.json"),
        hash_memory_kib=OWASP_MINIMUM.memory_kib,  # no hashing here: seed fast
        hash_time_cost=OWASP_MINIMUM.time_cost,
    )
    context = open_context(scratch, ManualClock(START))
    journey = Journey(PROCEDURE, "contact")
    journey.answers[step_key(PROCEDURE, "identite")] = dict(IDENTITY)
    journey.visited += [step_key(PROCEDURE, "identite"), step_key(PROCEDURE, "contact")]
    return context, KioskSession("bench", journey)


def measure(settings: Settings, repeats: int = 20) -> list[Figure]:
    from kiosque.context import Context

    with tempfile.TemporaryDirectory(prefix="kiosque-bench-keys-") as tmp:
        context, kiosk_session = session(settings, Path(tmp))
        assert isinstance(context, Context)
        service = context.service
        samples: list[float] = []
        cpu: list[float] = []
        try:
            for _ in range(repeats):
                for password in PASSWORDS:
                    for end in range(1, len(password) + 1):
                        typed = password[:end]
                        started = time.perf_counter_ns()
                        started_cpu = time.thread_time_ns()
                        service.check_field(kiosk_session, "mot_de_passe", typed)
                        service.password_rules(kiosk_session, typed)
                        cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
                        samples.append((time.perf_counter_ns() - started) / 1e6)
        finally:
            context.close()
    note = (
        f"{len(samples)} keystrokes ({len(PASSWORDS)} passwords typed {repeats} times); "
        "the target applies to the checks' own (thread CPU) time"
    )
    return [
        Figure(SECTION, "keystroke.p50_ms", "per keystroke p50", percentile(samples, 50)),
        Figure(
            SECTION,
            "keystroke.p99_ms",
            "per keystroke p99 (CPU time of the checks)",
            percentile(cpu, 99),
            target=Target.at_most(TARGET_MS, "ms"),
            note=note,
        ),
        Figure(
            SECTION,
            "keystroke.wall_p99_ms",
            "per keystroke p99 (wall clock)",
            percentile(samples, 99),
            note="includes the time other processes took the CPU (see the load average)",
        ),
    ]
