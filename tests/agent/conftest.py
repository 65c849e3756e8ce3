"""Agent mode fixtures: a kiosk context on a fresh store (SQLite, and PostgreSQL when the
suite has one) with a settable clock, its agent service and a signed-in agent."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosque import settings as settings_module
from kiosque.agents import AgentService, AgentSession
from kiosque.clock import ManualClock
from kiosque.context import Context, open_context
from kiosque.replay import play, read_journey
from kiosque.settings import Settings
from kiosque.store.crypto import KEY_FILENAME
from kiosque.store.db import DB_FILENAME as DB
from kiosque.store.db import sqlite_url

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = ROOT / "tests" / "journeys"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 9:00 in Paris
PASSWORD = "un mot de passe long"
AGENT = "marie.dupont"

# A citizen registered through the engine (tests/journeys/creer-espace-parcours-complet).
LEA_NIR = "285082B999002"
LEA_VALUES = (
    "285082B999002",
    "2 85 08 2B 999 002",
    "lea.ndiaye@exemple.fr",
    "0698765432",
    "06 98 76 54 32",
    "N'Diaye",
    "N'DIAYE",
)


def make_settings(data_dir: Path, url: str, **changes: Any) -> Settings:
    return settings_module.replace(
        settings_module.load(environ={}, path=data_dir / "absent.toml"),
        data_dir=str(data_dir),
        database_url=url,
        hash_memory_kib=19456,
        hash_time_cost=2,
        **changes,
    )


class TickingClock(ManualClock):
    """A manual clock that also moves 1 ms each time it is read, so that what happens
    one after the other (audit entries) is ordered as it happened."""

    def now(self) -> datetime:
        self.current += timedelta(milliseconds=1)
        return self.current


@pytest.fixture
def clock() -> ManualClock:
    return TickingClock(START)


@pytest.fixture
def config_file(data_dir: Path) -> Path:
    return data_dir / "kiosque.toml"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite store with the personas seeded at START, made once: each test
    starts from a copy (migrating and seeding cost a second or two per test)."""
    folder = tmp_path_factory.mktemp("agent-template")
    ctx = open_context(make_settings(folder, sqlite_url(folder / DB)), ManualClock(START))
    ctx.store.checkpoint()
    ctx.close()
    return folder


def from_template(template: Path, data_dir: Path) -> None:
    if not (data_dir / DB).exists():
        for name in (DB, KEY_FILENAME):
            shutil.copy2(template / name, data_dir / name)


@pytest.fixture
def context_factory(
    data_dir: Path, db_url: str, clock: ManualClock, template: Path
) -> Iterator[Callable[..., Context]]:
    """``context_factory(**settings)``: a kiosk context over the test's database."""
    opened: list[Context] = []
    if db_url == sqlite_url(data_dir / DB):
        from_template(template, data_dir)

    def make(**changes: Any) -> Context:
        ctx = open_context(make_settings(data_dir, db_url, **changes), clock)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def ctx(context_factory: Callable[..., Context]) -> Context:
    return context_factory()


@pytest.fixture
def service(ctx: Context, config_file: Path) -> AgentService:
    return AgentService(
        ctx.store, ctx.clock, ctx.settings, catalogue=ctx.catalogue, config_file=config_file
    )


@pytest.fixture
def agent(service: AgentService) -> AgentSession:
    service.add_agent(AGENT, PASSWORD)
    return service.authenticate(AGENT, PASSWORD)


def run_journey(ctx: Context, name: str) -> list[dict[str, Any]]:
    """Play ``tests/journeys/<name>.json`` through the engine at the context's clock
    (the journey's own start date is kept, its time of day too)."""
    journey = read_journey(JOURNEYS / f"{name}.json", ctx.catalogue)
    assert isinstance(ctx.clock, ManualClock)
    return list(play(journey, ctx.service, ctx.clock))


def audit_actions(ctx: Context) -> list[str]:
    with ctx.store.unit() as repos:
        return [entry.action for entry in reversed(repos.audit.list())]
