"""Scale: the login lookup (``find_by_nir`` through the repository, in its own unit of
work, as a login does) and the day's statistics (the agent screen's figures, through
:class:`~kiosque.agents.AgentService`) on a store holding N practice accounts and N
sessions; p95 ms and the size of the database.

The filled store is kept for the next run: SQLite under ``<data folder>/bench/``, and on
PostgreSQL a schema of its own (``kiosque_bench_<N>``) in the database given. The bench
only fills a database that is empty or that it filled itself (a ``bench_fill`` table says
so), and checks that a kept one still opens with its keys.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kiosque.bench import fill
from kiosque.bench.report import Figure, Target, percentile
from kiosque.settings import Settings
from kiosque.store.crypto import restrict_to_owner
from kiosque.store.store import Store, open_store

REFERENCE_DAY = date(2026, 3, 2)  # fixed: a kept store stays valid from one run to the next
BATCH = 10_000
LOOKUP_TARGET = Target.at_most(2, "ms")
STATS_TARGET = Target.at_most(100, "ms")
MARKER = "bench_fill"

Progress = Callable[[str], None]


class ScaleError(Exception):
    """The database given is not one the bench may fill."""


@dataclass(frozen=True)
class Backend:
    label: str  # "SQLite", "PostgreSQL"
    url: str
    keys: Path

    @property
    def sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def path(self) -> Path | None:
        return Path(self.url.removeprefix("sqlite:///")) if self.sqlite else None


def bench_folder(settings: Settings) -> Path:
    folder = settings.data_path() / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sqlite_backend(settings: Settings, rows: int, url: str | None = None) -> Backend:
    folder = bench_folder(settings)
    url = url or "sqlite:///" + (folder / f"scale-{rows}.db").as_posix()
    return Backend("SQLite", url, folder / "keys.json")


def postgresql_backend(settings: Settings, url: str, rows: int) -> Backend:
    """The bench's own schema in the database of ``url`` (created if missing)."""
    import psycopg

    schema = f"kiosque_bench_{rows}"
    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain.split("?")[0], autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    joiner = "&" if "?" in url else "?"
    scoped = f"{url}{joiner}options=-csearch_path%3D{schema}"
    return Backend("PostgreSQL", scoped, bench_folder(settings) / "keys.json")


# -- filling ------------------------------------------------------------------------------


def _marker(store: Store) -> tuple[int, int, str] | None:
    """(rows, days, reference day) of a complete bench fill, or None."""
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} "
            "(rows_filled INTEGER, days INTEGER, reference TEXT, complete INTEGER)"
        )
        cursor.execute(f"SELECT rows_filled, days, reference, complete FROM {MARKER}")
        found = cursor.fetchone()
        cursor.execute(f"SELECT count(*) FROM {fill.ACCOUNTS}")
        accounts = int(_one(cursor))
        raw.commit()
    finally:
        raw.close()
    if found is None:
        if accounts:
            raise ScaleError(
                f"the database holds {accounts} accounts the bench did not write: "
                "give an empty database, or none (the bench keeps its own)"
            )
        return None
    if not found[3]:
        return None
    return int(found[0]), int(found[1]), str(found[2])


def _one(cursor: Any) -> Any:
    row = cursor.fetchone()
    assert row is not None
    return row[0]


def _still_readable(store: Store, rows: int) -> bool:
    """A kept store opens with today's keys: a NIR is found and decrypted."""
    index = rows // 3
    try:
        with store.unit() as repos:
            record = repos.retraite.find_by_nir(fill.nir_of(index))
    except Exception:
        return False
    return record is not None and record.nir == fill.nir_of(index)


def _insert_sql(table: str, columns: tuple[str, ...], sqlite: bool) -> str:
    mark = "?" if sqlite else "%s"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def _fill_sqlite(
    backend: Backend, store: Store, maker: fill.RowMaker, rows: int, progress: Progress
) -> None:
    store.engine.dispose()  # the fill needs the file alone (journal mode)
    assert backend.path is not None
    connection = sqlite3.connect(backend.path, isolation_level=None)
    try:
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1048576"):
            connection.execute(f"PRAGMA {pragma}")
        connection.execute(f"DELETE FROM {MARKER}")
        connection.execute(f"DELETE FROM {fill.SESSIONS}")
        connection.execute(f"DELETE FROM {fill.ACCOUNTS}")
        for kind, table, columns in (
            ("accounts", fill.ACCOUNTS, fill.ACCOUNT_COLUMNS),
            ("sessions", fill.SESSIONS, fill.SESSION_COLUMNS),
        ):
            sql = _insert_sql(table, columns, sqlite=True)
            done = 0
            for batch in fill.batches(maker, kind, 0, rows, BATCH):
                connection.execute("BEGIN")
                connection.executemany(sql, batch)
                connection.execute("COMMIT")
                done += len(batch)
                _report(progress, kind, done, rows)
        connection.execute(
            f"INSERT INTO {MARKER} VALUES (?, ?, ?, 1)",
            (rows, maker.plan.days, maker.plan.today.isoformat()),
        )
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    restrict_to_owner(backend.path)  # encrypted, but personal data all the same


def _fill_postgresql(store: Store, maker: fill.RowMaker, rows: int, progress: Progress) -> None:
    raw = store.engine.raw_connection()
    try:
        connection: Any = raw.driver_connection  # psycopg's
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MARKER}")
            cursor.execute(f"TRUNCATE {fill.SESSIONS}, {fill.ACCOUNTS} CASCADE")
            for kind, table, columns in (
                ("accounts", fill.ACCOUNTS, fill.ACCOUNT_COLUMNS),
                ("sessions", fill.SESSIONS, fill.SESSION_COLUMNS),
            ):
                copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                done = 0
                for batch in fill.batches(maker, kind, 0, rows, BATCH):
                    with cursor.copy(copy_sql) as copy:
                        for row in batch:
                            copy.write_row(row)
                    done += len(batch)
                    _report(progress, kind, done, rows)
            cursor.execute(
                f"INSERT INTO {MARKER} VALUES (%s, %s, %s, 1)",
                (rows, maker.plan.days, maker.plan.today.isoformat()),
            )
        connection.commit()
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {fill.ACCOUNTS}")  # what autovacuum does soon after
            cursor.execute(f"ANALYZE {fill.SESSIONS}")
        connection.autocommit = False
    finally:
        raw.close()


def _report(progress: Progress, kind: str, done: int, rows: int) -> None:
    if done % 100_000 == 0 or done == rows:
        progress(f"filling {kind}: {done:,} of {rows:,}".replace(",", " "))


def plan_for(settings: Settings, rows: int) -> fill.Plan:
    from kiosque.procedures.loader import load_catalogue

    catalogue = load_catalogue()
    procedures = [
        (proc.id, tuple(step.id for step in proc.steps)) for proc in catalogue.procedures.values()
    ]
    return fill.Plan(rows, settings.session_retention_days, REFERENCE_DAY, procedures)


def prepare(backend: Backend, plan: fill.Plan, progress: Progress) -> tuple[Store, str]:
    """The store of ``backend`` holding the plan's rows: kept from a previous run, or
    filled now. Returns it and how it came (for the notes)."""
    store = open_store(backend.url, keys_path=backend.keys)
    kept = _marker(store)
    if kept == (plan.rows, plan.days, plan.today.isoformat()) and _still_readable(store, plan.rows):
        return store, "kept from a previous run"
    started = time.monotonic()
    maker = fill.RowMaker(store.cipher, plan, sqlite=backend.sqlite)
    if backend.sqlite:
        _fill_sqlite(backend, store, maker, plan.rows, progress)
    else:
        _fill_postgresql(store, maker, plan.rows, progress)
    store.close()
    store = open_store(backend.url, keys_path=backend.keys)
    if not _still_readable(store, plan.rows):
        raise ScaleError(f"{backend.label}: the filled store does not read back")
    return store, f"filled in {time.monotonic() - started:.0f} s"


# -- measuring ----------------------------------------------------------------------------


def lookups(store: Store, rows: int, count: int) -> tuple[list[float], list[float]]:
    """``count`` logins' lookups (one in ten for a NIR with no account): (wall ms, CPU ms)."""
    rng = random.Random(7)
    wall, cpu = [], []
    for n in range(count):
        index = rows + n if n % 10 == 9 else rng.randrange(rows)
        nir = fill.nir_of(index)
        started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
        with store.unit() as repos:
            record = repos.retraite.find_by_nir(nir)
        cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - started) / 1e6)
        if (record is not None) != (index < rows) or (record and record.nir != nir):
            raise ScaleError("a lookup found the wrong account")
    return wall, cpu


@dataclass(frozen=True)
class DayStatistics:
    wall_ms: list[float]  # AgentService.statistics, as the agent screen calls it
    cpu_ms: list[float]
    sessions: int


def day_statistics(store: Store, settings: Settings, day: date, runs: int) -> DayStatistics:
    """The agent screen's figures for one day, ``runs`` times (wall-clock ms)."""
    from kiosque.agents import AgentService
    from kiosque.clock import ManualClock
    from kiosque.procedures.loader import load_catalogue

    catalogue = load_catalogue()
    clock = ManualClock(datetime.combine(REFERENCE_DAY, datetime.min.time(), UTC))
    service = AgentService(store, clock, settings, catalogue=catalogue)
    session = service.console_session()
    from kiosque import heap

    heap.freeze()  # as the kiosk does once started (app.py): see kiosque/heap.py
    wall, cpu, sessions = [], [], 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter_ns(), time.thread_time_ns()
        sessions = service.statistics(session, day, day).sessions
        cpu.append((time.thread_time_ns() - started_cpu) / 1e6)
        wall.append((time.perf_counter_ns() - started) / 1e6)
    return DayStatistics(wall, cpu, sessions)


def size_mb(backend: Backend, store: Store) -> float:
    if backend.path is not None:
        files = [backend.path, Path(f"{backend.path}-wal")]
        return sum(f.stat().st_size for f in files if f.exists()) / 1e6
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
        )
        total = int(_one(cursor))
        raw.commit()
    finally:
        raw.close()
    return total / 1e6


def measure(
    backend: Backend,
    settings: Settings,
    rows: int,
    *,
    lookup_count: int,
    stats_runs: int,
    progress: Progress,
) -> list[Figure]:
    section = f"6. Scale on {backend.label} ({rows:,} accounts and sessions)".replace(",", " ")
    key = backend.label.lower()
    plan = plan_for(settings, rows)
    store, how = prepare(backend, plan, progress)
    try:
        lookup_ms, lookup_cpu = lookups(store, rows, lookup_count)
        stats = day_statistics(store, settings, plan.stats_day, stats_runs)
        size = size_mb(backend, store)
    finally:
        store.close()
    scope = ""
    if rows < 1_000_000:
        scope = f" (the targets are for 1 000 000 rows; {rows:,} here)".replace(",", " ")
    # SQLite works in this thread: its CPU time is the verdict's (other processes cannot
    # stretch it). PostgreSQL works in its server: wall clock.
    inside = backend.sqlite
    measure_kind = "CPU" if inside else "wall clock"

    def p95(wall: list[float], cpu: list[float]) -> tuple[float, str]:
        if inside:
            return percentile(cpu, 95), (
                f"; p50 {percentile(cpu, 50):.1f} ms; wall clock p95 {percentile(wall, 95):.1f} ms"
            )
        return percentile(wall, 95), f"; p50 {percentile(wall, 50):.1f} ms"

    lookup, lookup_other = p95(lookup_ms, lookup_cpu)
    shipped, shipped_other = p95(stats.wall_ms, stats.cpu_ms)
    day_note = (
        f"{stats_runs} runs over {plan.stats_day.isoformat()}, {stats.sessions} sessions that "
        f"day ({plan.days}-day retention){scope}"
    )
    return [
        Figure(
            section,
            f"scale.{key}.lookup_p50_ms",
            f"login lookup p50, {measure_kind}",
            percentile(lookup_cpu if inside else lookup_ms, 50),
        ),
        Figure(
            section,
            f"scale.{key}.lookup_p95_ms",
            f"login lookup p95, {measure_kind}",
            lookup,
            target=LOOKUP_TARGET,
            note=f"{lookup_count} lookups, one in ten for a NIR without an account"
            f"{lookup_other}{scope}",
        ),
        Figure(
            section,
            f"scale.{key}.day_stats_p95_ms",
            f"day's statistics p95 (agent screen), {measure_kind}",
            shipped,
            target=STATS_TARGET,
            note=f"{day_note} — AgentService.statistics as the agent screen calls it (the "
            "non-personal columns only), its audit entry included"
            f"{shipped_other}",
        ),
        Figure(section, f"scale.{key}.size_mb", "database size", size, "MB", note=f"store {how}"),
    ]


def default_pg_url(explicit: str | None) -> str | None:
    return explicit or os.environ.get("KIOSQUE_TEST_PG_URL") or None
