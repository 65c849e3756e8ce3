"""Soak: N citizen journeys through one kiosk window in one process, each ended by
« Terminer et tout effacer » (the wipe), cycling through the recorded journeys.

Resident memory and live Qt objects are read on the home screen after the wipe, once the
deferred deletions have run: at the start (after the warm-up), in the middle and at the
end. Targets: RSS growth ≤ 5 % after the warm-up, and no growth of live Qt objects.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from kiosque import resources
from kiosque.bench.report import Figure, Target
from kiosque.settings import Settings
from kiosque.ui.bench.player import Player, kiosk_app, load_journeys, make_window
from kiosque.ui.main_window import KioskWindow

SECTION = "7. Soak (journeys through one window, wipes included)"
RSS_GROWTH_PERCENT = 5.0


@dataclass(frozen=True)
class Sample:
    journeys: int
    seconds: float
    rss_mb: float | None
    widgets: int  # QApplication.allWidgets()
    window_objects: int  # QObjects in the window's tree
    wrappers: int  # Python objects wrapping a Qt object, tracked by the collector
    singletons: tuple[int, int, int]  # reference counts of True, False, None


def rss_mb() -> float | None:
    """Current resident memory (VmRSS) where /proc has it, else the peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows
        return None


def sample(player: Player, window: KioskWindow, journeys: int, started: float) -> Sample:
    player.settle()
    gc.collect()
    return Sample(
        journeys=journeys,
        seconds=time.monotonic() - started,
        rss_mb=rss_mb(),
        widgets=len(QApplication.allWidgets()),
        window_objects=len(window.findChildren(QObject)) + 1,
        wrappers=sum(1 for o in gc.get_objects() if isinstance(o, Shiboken.Object)),
        singletons=(sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)),
    )


def warm_up_count(total: int, cycle: int) -> int:
    """A tenth of the run, at least one cycle of the recorded journeys, at most half."""
    return max(1, min(total // 2, max(cycle, total // 10)))


def checkpoints(total: int, cycle: int) -> tuple[int, int, int]:
    """(start, middle, end): after the warm-up, half-way, at the end — the middle and the
    end a whole number of cycles of the recorded journeys after the start when the run has
    room for it, so that the three samples see the window after the same journey (the
    help panel keeps the last step's entries: a different number of widgets each)."""
    warm_up = warm_up_count(total, cycle)
    start = warm_up - warm_up % cycle if warm_up >= cycle else warm_up
    cycles = (total - start) // cycle
    if cycles == 0:
        return start, (start + total) // 2, total
    return start, start + cycles // 2 * cycle, start + cycles * cycle


def run(
    base: Settings,
    total: int,
    journeys: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Figure]:
    from kiosque.bench.scratch import open_scratch

    recorded = load_journeys(journeys or resources.path("parcours"))
    warm_up, middle, end = checkpoints(total, len(recorded))
    app = kiosk_app()
    samples: dict[str, Sample] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kiosque-bench-soak-") as tmp:
        scratch = open_scratch(base, Path(tmp) / "store")
        window = make_window(scratch)
        player = Player(app, window, scratch)
        player.ready()
        started = time.monotonic()
        samples["before"] = sample(player, window, 0, started)
        try:
            for done in range(1, total + 1):
                name, journey = recorded[(done - 1) % len(recorded)]
                played = player.play(name, journey)
                problems += [f"#{done} {name}: {m}" for m in played.problems]
                for label, at in (("start", warm_up), ("middle", middle), ("end", end)):
                    if done == at and label not in samples:
                        samples[label] = sample(player, window, done, started)
                if progress is not None and (done % 50 == 0 or done == total):
                    elapsed = time.monotonic() - started
                    progress(f"soak: {done}/{total} journeys in {elapsed:.0f} s")
            samples["last"] = (
                samples["end"] if end == total else sample(player, window, total, started)
            )
        finally:
            window.close()
            window.deleteLater()
            player.settle()
            scratch.close()
    return figures(samples, warm_up, problems)


def singleton_figures(start: Sample, end: Sample) -> list[Figure]:
    """The reference counts of True, False and None must not fall for good: a binding
    that drops a reference at each call (a refcount bug in a C extension) makes the
    count reach zero one day, and Python then aborts (« Fatal Python error:
    bool_dealloc »). Before Python 3.12 these objects are not immortal."""
    played = end.journeys - start.journeys
    rows = []
    for index, name in enumerate(("True", "False", "None")):
        first, last = start.singletons[index], end.singletons[index]
        per_journey = (last - first) / played if played else 0.0
        note = f"{first} → {last} references"
        if per_journey < 0 and sys.version_info < (3, 12):
            note += f"; at this rate Python aborts after about {last / -per_journey:.0f} more"
            note += " journeys (a C extension drops references)"
        rows.append(
            Figure(
                SECTION,
                f"soak.refs_{name.lower()}_per_journey",
                f"references to {name}: change per journey",
                per_journey,
                "/journey",
                note=note,
            )
        )
    return rows


def _growth(first: float | None, last: float | None) -> float | None:
    if first is None or last is None or first == 0:
        return None
    return (last - first) / first * 100


def figures(samples: dict[str, Sample], warm_up: int, problems: list[str]) -> list[Figure]:
    start, middle, end, last = (samples[k] for k in ("start", "middle", "end", "last"))
    rate = last.journeys / last.seconds * 60 if last.seconds else None
    trio = " / ".join(
        f"{s.rss_mb:.1f}" if s.rss_mb is not None else "?" for s in (start, middle, end)
    )
    note = (
        f"after a warm-up of {warm_up} journeys; after journeys {start.journeys} / "
        f"{middle.journeys} / {end.journeys} (the same journey of the cycle): {trio} MB"
    )
    if problems:
        note += f"; {len(problems)} journey problem(s), first: {problems[0]}"

    def counts(attr: str) -> str:
        return " / ".join(str(getattr(s, attr)) for s in (start, middle, end))

    none_more = Target.at_most(0, "")
    return [
        Figure(SECTION, "soak.journeys", "journeys played", last.journeys, "count"),
        Figure(SECTION, "soak.rate_per_min", "journeys per minute", rate, "/min"),
        Figure(
            SECTION,
            "soak.rss_before_mb",
            "RSS before the first journey",
            samples["before"].rss_mb,
            "MB",
        ),
        Figure(SECTION, "soak.rss_start_mb", "RSS after the warm-up", start.rss_mb, "MB"),
        Figure(SECTION, "soak.rss_end_mb", "RSS at the end", last.rss_mb, "MB"),
        Figure(
            SECTION,
            "soak.rss_growth_pct",
            "RSS growth after the warm-up",
            _growth(start.rss_mb, end.rss_mb),
            "%",
            Target.at_most(RSS_GROWTH_PERCENT, "%"),
            note=note,
        ),
        Figure(
            SECTION,
            "soak.widgets_growth",
            "live widgets: growth (allWidgets)",
            end.widgets - start.widgets,
            "count",
            none_more,
            note=f"start / middle / end: {counts('widgets')}",
        ),
        Figure(
            SECTION,
            "soak.window_objects_growth",
            "QObjects in the window tree: growth",
            end.window_objects - start.window_objects,
            "count",
            none_more,
            note=f"start / middle / end: {counts('window_objects')}",
        ),
        *singleton_figures(start, end),
        Figure(
            SECTION,
            "soak.wrappers_growth",
            "Python-wrapped Qt objects: growth",
            end.wrappers - start.wrappers,
            "count",
            note=f"start / middle / end: {counts('wrappers')} (gc-tracked shiboken objects)",
        ),
    ]
