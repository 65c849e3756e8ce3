"""The whole bench: which pieces, at which sizes, in which order, and what is printed."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosque.bench.report import Figure, summary, table
from kiosque.settings import Settings

PIECES = ("start", "steps", "keystroke", "documents", "secrets", "scale", "soak")
DEFAULT_PIECES = PIECES[:-1]  # the soak runs when --soak N asks for it
FULL_ROWS = 1_000_000
QUICK_ROWS = 100_000


@dataclass(frozen=True)
class Sizes:
    rows: int
    start_runs: int
    step_passes: int
    keystroke_repeats: int
    document_runs: int
    hash_runs: int
    lookups: int
    stats_runs: int

    @classmethod
    def full(cls, rows: int | None = None) -> Sizes:
        return cls(rows or FULL_ROWS, 7, 2, 20, 15, 7, 3000, 20)

    @classmethod
    def quick(cls, rows: int | None = None) -> Sizes:
        return cls(rows or QUICK_ROWS, 3, 1, 5, 5, 3, 500, 5)


@dataclass
class Options:
    pieces: tuple[str, ...]
    sizes: Sizes
    soak: int = 0
    db: str | None = None  # the SQLite (or PostgreSQL) database of the scale figures
    pg: str | None = None  # also measure the scale figures on this PostgreSQL
    bundle: Path | None = None  # None: dist/kiosque/kiosque when built
    with_bundle: bool = True
    journeys: Path | None = None
    progress: Callable[[str], None] = field(default=lambda _m: None)


def run(settings: Settings, options: Options) -> tuple[dict[str, Any], list[Figure]]:
    """Every piece asked, in an order where none disturbs the next: the start (child
    processes only) first, then the soak (its memory must not carry the others')."""
    meta = describe(settings, options)
    figures: list[Figure] = []
    say = options.progress
    order = [
        p
        for p in ("start", "soak", "steps", "keystroke", "documents", "secrets", "scale")
        if p in options.pieces
    ]
    for piece in order:
        started = time.monotonic()
        say(f"{piece}…")
        figures += _piece(piece, settings, options)
        say(f"{piece}: {time.monotonic() - started:.0f} s")
    meta["load_average_end"] = _load()
    meta["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return meta, figures


def _piece(piece: str, settings: Settings, options: Options) -> list[Figure]:
    sizes = options.sizes
    if piece == "start":
        from kiosque.bench import start

        bundle = start.find_bundle(options.bundle) if options.with_bundle else None
        return start.measure(sizes.start_runs, bundle, looked_for=options.with_bundle)
    if piece == "soak":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosque.bench.soak_child import CHILD_ENV, run_in_child

        if not os.environ.get(CHILD_ENV):  # the parent: the soak gets a process of its own
            return run_in_child(options.soak, options.journeys, options.progress)
        from kiosque.ui.bench import soak

        return soak.run(settings, options.soak, options.journeys, options.progress)
    if piece == "steps":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosque.ui.bench import steps

        return steps.measure(settings, sizes.step_passes, options.journeys)
    if piece == "keystroke":
        from kiosque.bench import keystroke

        return keystroke.measure(settings, sizes.keystroke_repeats)
    if piece == "documents":
        from kiosque.bench import documents

        return documents.measure(sizes.document_runs)
    if piece == "secrets":
        from kiosque.bench import argon
        from kiosque.context import hash_params

        return argon.measure(sizes.hash_runs, hash_params(settings))
    if piece == "scale":
        return _scale(settings, options)
    raise ValueError(f"unknown piece {piece!r}")


def _scale(settings: Settings, options: Options) -> list[Figure]:
    from kiosque.bench import scale

    sizes = options.sizes
    backends = []
    if options.db and not options.db.startswith("sqlite"):
        backends.append(scale.postgresql_backend(settings, options.db, sizes.rows))
    else:
        backends.append(scale.sqlite_backend(settings, sizes.rows, options.db))
    pg = scale.default_pg_url(options.pg)
    if pg and not any(not b.sqlite for b in backends):
        backends.append(scale.postgresql_backend(settings, pg, sizes.rows))
    figures: list[Figure] = []
    for backend in backends:
        figures += scale.measure(
            backend,
            settings,
            sizes.rows,
            lookup_count=sizes.lookups,
            stats_runs=sizes.stats_runs,
            progress=options.progress,
        )
    if pg is None and not any(not b.sqlite for b in backends):
        figures.append(
            Figure(
                "6. Scale on PostgreSQL",
                "scale.postgresql.lookup_p95_ms",
                "login lookup p95",
                None,
                target=scale.LOOKUP_TARGET,
                note="no PostgreSQL given (--pg URL or KIOSQUE_TEST_PG_URL)",
            )
        )
    return figures


def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def describe(settings: Settings, options: Options) -> dict[str, Any]:
    from kiosque import __version__

    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    try:
        from importlib.metadata import version

        versions["pyside6"] = version("PySide6-Essentials")
    except Exception:
        pass
    return {
        "kiosque": __version__,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "versions": versions,
        "load_average_start": _load(),
        "rows": options.sizes.rows,
        "soak": options.soak,
        "pieces": list(options.pieces),
        "hashing": {"memory_kib": settings.hash_memory_kib, "time_cost": settings.hash_time_cost},
    }


def header(meta: dict[str, Any]) -> list[str]:
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    load = f"load average {meta['load_average_start']} → {meta.get('load_average_end')}"
    lines = [
        f"kiosque bench — {meta['started']} — {meta['machine']}, {load}",
        f"{versions}; argon2id m={meta['hashing']['memory_kib']} KiB "
        f"t={meta['hashing']['time_cost']} (settings)",
    ]
    cores = os.cpu_count() or 1
    busy = [v for v in (meta["load_average_start"], meta.get("load_average_end")) if v]
    if busy and max(busy) > cores:
        lines.append(
            f"warning: the machine was busy (load > {cores} cores): wall-clock figures are "
            "stretched; CPU-time figures are not"
        )
    lines.append("")
    return lines


def render(meta: dict[str, Any], figures: list[Figure], as_json: bool) -> str:
    met, missed, unmeasured = summary(figures)
    if as_json:
        document = {
            "meta": meta,
            "figures": [f.as_dict() for f in figures],
            "summary": {"met": met, "not_met": missed, "not_measured": unmeasured},
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    text = table(figures, header(meta))
    return text + f"\n{met} targets met, {missed} not met, {unmeasured} not measured\n"


def stderr_progress(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()
