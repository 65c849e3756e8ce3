"""The agent service: every action area joined behind one door, and that door opened
over the configured store for one command of the console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosque.agents.day import DayActions
from kiosque.agents.people import PersonActions
from kiosque.agents.stats import StatisticsActions
from kiosque.agents.upkeep import UpkeepActions
from kiosque.connectors.base import Clock
from kiosque.procedures.model import Catalogue
from kiosque.settings import Settings
from kiosque.store.store import open_store


class AgentService(DayActions, PersonActions, StatisticsActions, UpkeepActions):
    """The one door of agent mode (screens and commands).

    Sign-in, the idle lock and the audit log come from
    :class:`~kiosque.agents.core.AgentCore`; each base adds one area of the agent menu.
    """


@contextmanager
def console_service(
    settings: Settings, clock: Clock, *, catalogue: Catalogue | None = None
) -> Iterator[AgentService]:
    """The agent service over the store the settings name, for one command."""
    keys = Path(settings.keys_file) if settings.keys_file else None
    store = open_store(settings.db_url(), keys_path=keys)
    try:
        yield AgentService(store, clock, settings, catalogue=catalogue)
    finally:
        store.close()
