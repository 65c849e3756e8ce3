"""Secrets: argon2id hash and verify with the parameters terminals use (``DEFAULT``, and
the settings' ones when they differ). The target: a verification between 100 and 500 ms
with at least OWASP's minimum (m ≥ 19 MiB, t ≥ 2). Times are the hashing thread's CPU
time (argon2id with parallelism 1 uses one thread); the wall clock is in the note."""

from __future__ import annotations

import time

from kiosque.bench.report import Figure, Target, median
from kiosque.store.hashing import DEFAULT, OWASP_MINIMUM, HashParams, hash_secret, verify_secret

SECTION = "5. Secrets (argon2id)"
VERIFY_TARGET = Target.between(100, 500, "ms")


def strong_enough(params: HashParams) -> bool:
    return (
        params.memory_kib >= OWASP_MINIMUM.memory_kib
        and params.time_cost >= OWASP_MINIMUM.time_cost
    )


def describe(params: HashParams) -> str:
    memory = f"m={params.memory_kib} KiB ({params.memory_kib / 1024:.0f} MiB)"
    return f"{memory}, t={params.time_cost}, p={params.parallelism}"


def _timed(runs: int, params: HashParams) -> tuple[list[float], list[float], list[float]]:
    """(hash CPU ms, verify CPU ms, verify wall ms) for ``runs`` hash + verify."""
    hashes, verifies, walls = [], [], []
    for run in range(runs):
        secret = f"Corse2024Mer{run}"
        started = time.thread_time_ns()
        encoded = hash_secret(secret, params)
        hashes.append((time.thread_time_ns() - started) / 1e6)
        wall, started = time.perf_counter_ns(), time.thread_time_ns()
        if not verify_secret(encoded, secret):
            raise RuntimeError("argon2id: a fresh hash does not verify")
        verifies.append((time.thread_time_ns() - started) / 1e6)
        walls.append((time.perf_counter_ns() - wall) / 1e6)
    return hashes, verifies, walls


def measure(runs: int = 7, settings_params: HashParams | None = None) -> list[Figure]:
    chosen = [("default", "DEFAULT", DEFAULT)]
    if settings_params is not None and settings_params != DEFAULT:
        chosen.append(("settings", "the settings'", settings_params))
    rows: list[Figure] = []
    for key, name, params in chosen:
        hashes, verifies, walls = _timed(runs, params)
        strong = strong_enough(params)
        verify = median(verifies)
        rows += [
            Figure(
                SECTION,
                f"argon2.{key}_hash_ms",
                f"hash, {name} parameters (median, CPU)",
                median(hashes),
                note=describe(params),
            ),
            Figure(
                SECTION,
                f"argon2.{key}_verify_ms",
                f"verify, {name} parameters (median, CPU)",
                verify,
                target=VERIFY_TARGET,
                met=VERIFY_TARGET.holds(verify) and strong,
                note=f"{runs} runs, {median(walls):.0f} ms wall clock; parameters "
                + ("≥ OWASP's minimum" if strong else "BELOW OWASP's minimum (m ≥ 19 MiB, t ≥ 2)"),
            ),
        ]
    return rows
