"""Headless composition root: settings → store → simulated organisms → engine → services.

The kiosk (``app.py``) adds the Qt UI on top; ``kiosque replay`` and the tests use this
directly, so both go through the same engine, connectors and store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from kiosque.connectors.base import CareerLine, Clock, Connectors
from kiosque.connectors.simulation import build_simulation
from kiosque.procedures.engine import Engine
from kiosque.procedures.loader import load_catalogue
from kiosque.procedures.model import Catalogue
from kiosque.services import KioskService
from kiosque.settings import Settings
from kiosque.store.hashing import HashParams
from kiosque.store.repos import RetraiteAccountRecord
from kiosque.store.store import Store, open_store

RisRenderer = Callable[[RetraiteAccountRecord, tuple[CareerLine, ...], date], Path]


@dataclass
class Context:
    settings: Settings
    clock: Clock
    store: Store
    catalogue: Catalogue
    connectors: Connectors
    engine: Engine
    service: KioskService

    def close(self) -> None:
        self.store.close()


def hash_params(settings: Settings) -> HashParams:
    return HashParams(
        memory_kib=settings.hash_memory_kib, time_cost=settings.hash_time_cost, parallelism=1
    )


def open_context(
    settings: Settings,
    clock: Clock,
    *,
    documents_dir: Callable[[], Path] | None = None,
    catalogue: Catalogue | None = None,
) -> Context:
    """Open (and migrate) the store, load the catalogue, seed the practice personas."""
    catalogue = catalogue or load_catalogue()
    url = settings.db_url()
    keys = Path(settings.keys_file) if settings.keys_file else None
    store = open_store(url, keys_path=keys)
    writer = _ris_writer(documents_dir) if documents_dir is not None else None
    connectors = build_simulation(
        store,
        clock,
        hash_params=hash_params(settings),
        terminal=settings.terminal_id,
        ris_delay=timedelta(minutes=settings.ris_delay_minutes),
        ris_writer=writer,
    )
    engine = Engine(catalogue, connectors)
    service = KioskService(engine, store, clock, terminal=settings.terminal_id, settings=settings)
    return Context(settings, clock, store, catalogue, connectors, engine, service)


def _ris_writer(documents_dir: Callable[[], Path]) -> RisRenderer:
    def write(account: RetraiteAccountRecord, lines: tuple[CareerLine, ...], day: date) -> Path:
        from kiosque.documents.ris import write_ris_for_account  # reportlab: loaded on demand

        return write_ris_for_account(account, lines, day, documents_dir())

    return write
