"""Retention: what the kiosk keeps, and for how long (the configured periods).

Each category has its period in the settings and the exact rows it covers:

- **sessions** (``session_retention_days``, counted from the session's last action): the
  kiosk sessions with their receipts, receipts issued before the limit, and the session
  document folders (RIS PDFs) left on disk by a crash;
- **practice accounts** (``practice_account_retention_days``, counted from creation):
  the accounts made at the simulated organisms (never the practice personas) with their
  login attempts, RIS requests and codes, and the messages of the practice mailboxes,
  login attempts, RIS requests and CAF codes older than the limit.

A SQLite database copied aside before a migration (``<file>.bak-<revision>-<UTC time>``,
see :mod:`kiosque.store.migrate`) holds everything the database held then, so it is
kept :data:`BACKUP_DAYS` only, the time to notice an upgrade gone wrong: an erased
person's data or rows past their period do not live on in it.

The audit log is never purged (append-only, no personal data). The kiosk runs
:func:`purge_due` at start and once a day; agents run it from their screen or with
``kiosque purge``.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kiosque.settings import Settings
from kiosque.store.repos import PurgeTarget
from kiosque.store.store import Store

if TYPE_CHECKING:
    from kiosque.context import Context

log = logging.getLogger(__name__)

INTERVAL = timedelta(days=1)  # how often the kiosk runs purge_due
FOLDERS = "dossiers"  # the count of session folders in a report
BACKUPS = "sauvegardes"  # the count of migration backups in a report
BACKUP_DAYS = 7


@dataclass(frozen=True)
class Category:
    name: str
    setting: str  # the Settings attribute that holds the period in days
    targets: tuple[PurgeTarget, ...]


CATEGORIES = (
    Category("sessions", "session_retention_days", (PurgeTarget.SESSIONS, PurgeTarget.RECEIPTS)),
    Category(
        "comptes",
        "practice_account_retention_days",
        (
            PurgeTarget.ACCOUNTS,
            PurgeTarget.MAIL,
            PurgeTarget.LOGIN_ATTEMPTS,
            PurgeTarget.RIS_REQUESTS,
            PurgeTarget.CAF_CODES,
        ),
    ),
)


@dataclass(frozen=True)
class PurgeReport:
    """Rows deleted (or that would be, with ``dry_run``) per table, and the limits used."""

    at: datetime
    limits: dict[str, datetime]  # category → everything before this goes
    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _DryRun(Exception):
    """Rolls the purge's unit of work back once it has counted the rows."""


def limits(settings: Settings, now: datetime) -> dict[str, datetime]:
    return {c.name: now - timedelta(days=int(getattr(settings, c.setting))) for c in CATEGORIES}


def purge(
    store: Store,
    settings: Settings,
    now: datetime,
    *,
    dry_run: bool = False,
    sessions_folder: Path | None = None,
) -> PurgeReport:
    """Delete everything older than its category's period, in one unit of work.

    ``dry_run`` counts the same rows and deletes nothing. ``sessions_folder`` holds one
    folder of documents per session id (default: ``sessions`` in the data folder).
    """
    cutoffs = limits(settings, now)
    counts: dict[str, int] = {}
    try:
        with store.unit() as repos:
            for category in CATEGORIES:
                found = repos.retention.purge(cutoffs[category.name], category.targets)
                for table, number in found.items():
                    counts[table] = counts.get(table, 0) + number
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    folder = sessions_folder if sessions_folder is not None else _sessions_folder(settings)
    folders = _old_folders(folder, cutoffs["sessions"])
    if folders:
        counts[FOLDERS] = len(folders)
    backups = old_backups(store, now)
    if backups:
        counts[BACKUPS] = len(backups)
    if not dry_run:
        for path in folders:
            shutil.rmtree(path, ignore_errors=True)
        for path in backups:
            path.unlink(missing_ok=True)
        if any(counts.values()):
            store.checkpoint()  # the freed pages leave the files too (secure_delete on)
    report = PurgeReport(now, cutoffs, {k: v for k, v in counts.items() if v}, dry_run)
    log.info("purge%s: %s", " (dry run)" if dry_run else "", report.counts)
    return report


def purge_due(context: Context, *, dry_run: bool = False) -> PurgeReport:
    """What the kiosk runs at start and every :data:`INTERVAL`."""
    return purge(context.store, context.settings, context.clock.now(), dry_run=dry_run)


def _sessions_folder(settings: Settings) -> Path | None:
    try:
        return settings.data_path() / "sessions"
    except ValueError:  # no writable data folder: nothing was written there either
        return None


def old_backups(store: Store, now: datetime) -> list[Path]:
    """The migration backups of a SQLite store made more than :data:`BACKUP_DAYS` ago
    (their time is in their name, in UTC)."""
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return []
    database = Path(url.database)
    limit = now - timedelta(days=BACKUP_DAYS)
    found = []
    for path in database.parent.glob(f"{database.name}.bak-*"):
        try:
            made = datetime.strptime(path.name.rsplit("-", 1)[1], "%Y%m%dT%H%M%SZ")
        except (IndexError, ValueError):
            continue  # not one of ours
        if made.replace(tzinfo=UTC) < limit and path.is_file():
            found.append(path)
    return sorted(found)


def _old_folders(folder: Path | None, before: datetime) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    limit = before.timestamp()
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.stat().st_mtime < limit)
