"""Statistics of the kiosk over a period, from the sessions' non-personal columns only
(procedure, step reached, status, timestamps, trouble flags), and their CSV export.

Pure: no store, no Qt. A session is *completed* when it finished on a last step of its
procedure that is not a trouble step (« compte bloqué » ends a journey, but not well).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kiosque.procedures.model import Catalogue
from kiosque.texts import t

FINISHED = "finished"


class Reached(Protocol):
    """Where sessions ended: procedure, step reached, status and trouble flags."""

    @property
    def procedure(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def trouble_flags(self) -> tuple[str, ...]: ...


class SessionFacts(Reached, Protocol):
    """What statistics may know of a session: nothing that names a person. The store's
    ``SessionFactsRecord`` (``KioskSessions.facts_between``) is one."""

    @property
    def started_at(self) -> datetime: ...
    @property
    def finished_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class ProcedureFigures:
    procedure: str
    title: str
    sessions: int
    completed: int
    median_minutes: float | None  # of the completed sessions
    mean_minutes: float | None


@dataclass(frozen=True)
class Stop:
    """Sessions that ended (or are still) on a step without completing."""

    procedure: str
    step: str
    step_title: str
    count: int


@dataclass(frozen=True)
class Trouble:
    flag: str
    title: str
    count: int


@dataclass(frozen=True)
class Figures:
    first_day: date
    last_day: date  # inclusive
    sessions: int
    completed: int
    median_minutes: float | None
    mean_minutes: float | None
    procedures: tuple[ProcedureFigures, ...]
    stops: tuple[Stop, ...]
    troubles: tuple[Trouble, ...]


def _minutes(values: Sequence[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return round(statistics.median(values), 1), round(statistics.fmean(values), 1)


def _procedure_title(catalogue: Catalogue | None, procedure: str) -> str:
    if catalogue is not None and procedure in catalogue.procedures:
        return catalogue.procedures[procedure].title
    return procedure


def step_title(catalogue: Catalogue | None, procedure: str, step: str) -> str:
    if catalogue is not None and procedure in catalogue.procedures:
        proc = catalogue.procedures[procedure]
        if proc.has_step(step):
            return proc.step(step).title
    return step


def _trouble_title(catalogue: Catalogue | None, flag: str) -> str:
    """A trouble flag is a step id: its title in the first procedure that has it."""
    if catalogue is not None:
        for proc in catalogue.procedures.values():
            if proc.has_step(flag):
                return proc.step(flag).title
    return flag


class SessionGroup(Reached, Protocol):
    """Sessions alike for the statistics (same procedure, step reached, status and
    trouble flags) and how many: the store counts them (``KioskSessions.groups_between``)."""

    @property
    def count(self) -> int: ...


@dataclass(frozen=True)
class Group:
    procedure: str
    step: str
    status: str
    trouble_flags: tuple[str, ...]
    count: int


def is_completed(
    facts: Reached, catalogue: Catalogue | None, trouble_steps: frozenset[str]
) -> bool:
    if facts.status != FINISHED or facts.step in trouble_steps:
        return False
    if catalogue is None or facts.procedure not in catalogue.procedures:
        return True
    proc = catalogue.procedures[facts.procedure]
    return proc.has_step(facts.step) and proc.step(facts.step).is_last


def completed_steps(
    groups: Iterable[SessionGroup], catalogue: Catalogue | None, trouble_steps: frozenset[str]
) -> frozenset[tuple[str, str]]:
    """The (procedure, step) where a finished session counts as completed: the store is
    asked the durations of those only."""
    return frozenset(
        (g.procedure, g.step) for g in groups if is_completed(g, catalogue, trouble_steps)
    )


def compute(
    sessions: Iterable[SessionFacts],
    first_day: date,
    last_day: date,
    *,
    catalogue: Catalogue | None,
    trouble_steps: frozenset[str],
) -> Figures:
    """The figures of sessions given one by one (grouped here, as the store groups them
    for :func:`compute_grouped`)."""
    counts: Counter[tuple[str, str, str, tuple[str, ...]]] = Counter()
    minutes: list[tuple[str, float]] = []
    for facts in sessions:
        counts[(facts.procedure, facts.step, facts.status, facts.trouble_flags)] += 1
        if facts.finished_at is not None and is_completed(facts, catalogue, trouble_steps):
            seconds = (facts.finished_at - facts.started_at).total_seconds()
            minutes.append((facts.procedure, seconds / 60))
    groups = [Group(*key, count) for key, count in counts.items()]
    return compute_grouped(
        groups, minutes, first_day, last_day, catalogue=catalogue, trouble_steps=trouble_steps
    )


def compute_grouped(
    groups: Iterable[SessionGroup],
    minutes: Iterable[tuple[str, float]],
    first_day: date,
    last_day: date,
    *,
    catalogue: Catalogue | None,
    trouble_steps: frozenset[str],
) -> Figures:
    """The figures from the sessions' groups and, per completed session, its procedure
    and its duration in minutes."""
    counts: Counter[str] = Counter()
    done: Counter[str] = Counter()
    stops: Counter[tuple[str, str]] = Counter()
    troubles: Counter[str] = Counter()
    for group in groups:
        counts[group.procedure] += group.count
        for flag in set(group.trouble_flags):
            troubles[flag] += group.count
        if is_completed(group, catalogue, trouble_steps):
            done[group.procedure] += group.count
        else:
            stops[(group.procedure, group.step)] += group.count
    durations: dict[str, list[float]] = {}
    for procedure, duration in minutes:
        durations.setdefault(procedure, []).append(max(0.0, duration))
    rows = []
    for procedure, count in sorted(counts.items()):
        median, mean = _minutes(durations.get(procedure, []))
        rows.append(
            ProcedureFigures(
                procedure,
                _procedure_title(catalogue, procedure),
                count,
                done[procedure],
                median,
                mean,
            )
        )
    median, mean = _minutes([d for values in durations.values() for d in values])
    return Figures(
        first_day=first_day,
        last_day=last_day,
        sessions=sum(counts.values()),
        completed=sum(done.values()),
        median_minutes=median,
        mean_minutes=mean,
        procedures=tuple(rows),
        stops=tuple(
            Stop(proc, step, step_title(catalogue, proc, step), count)
            for (proc, step), count in sorted(stops.items(), key=lambda i: (-i[1], i[0]))
        ),
        troubles=tuple(
            Trouble(flag, _trouble_title(catalogue, flag), count)
            for flag, count in sorted(troubles.items(), key=lambda i: (-i[1], i[0]))
        ),
    )


def _decimal(value: float | None) -> str:
    """French spreadsheets read ``12,5`` as a number (the file is ``;``-separated)."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def to_csv(figures: Figures) -> str:
    """One indicator per row: ``indicateur;demarche;detail;valeur``, ids not titles, so
    that a counter network can add up the files of its sites."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    c = "agent.csv."
    writer.writerow([t(c + "indicateur"), t(c + "demarche"), t(c + "detail"), t(c + "valeur")])
    writer.writerow([t(c + "periode_debut"), "", "", figures.first_day.isoformat()])
    writer.writerow([t(c + "periode_fin"), "", "", figures.last_day.isoformat()])
    writer.writerow([t(c + "seances"), "", "", figures.sessions])
    writer.writerow([t(c + "terminees"), "", "", figures.completed])
    writer.writerow([t(c + "duree_mediane_min"), "", "", _decimal(figures.median_minutes)])
    writer.writerow([t(c + "duree_moyenne_min"), "", "", _decimal(figures.mean_minutes)])
    for row in figures.procedures:
        writer.writerow([t(c + "seances"), row.procedure, "", row.sessions])
        writer.writerow([t(c + "terminees"), row.procedure, "", row.completed])
        writer.writerow(
            [t(c + "duree_mediane_min"), row.procedure, "", _decimal(row.median_minutes)]
        )
        writer.writerow([t(c + "duree_moyenne_min"), row.procedure, "", _decimal(row.mean_minutes)])
    for stop in figures.stops:
        writer.writerow([t(c + "arret"), stop.procedure, stop.step, stop.count])
    for trouble in figures.troubles:
        writer.writerow([t(c + "difficulte"), "", trouble.flag, trouble.count])
    return out.getvalue()
