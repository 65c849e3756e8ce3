"""The soak in a process of its own (``kiosque bench --only soak --soak N --json``): its
memory is its own, and if it dies — a crash after hundreds of journeys is exactly what a
soak is for — the bench still prints what happened instead of dying with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path

from kiosque.bench.report import Figure, Target, figure_from_dict
from kiosque.ui.bench.soak import RSS_GROWTH_PERCENT, SECTION

CHILD_ENV = "KIOSQUE_BENCH_SOAK_CHILD"
TARGETED = (
    ("soak.rss_growth_pct", "RSS growth after the warm-up", "%",
     Target.at_most(RSS_GROWTH_PERCENT, "%")),
    ("soak.widgets_growth", "live widgets: growth (allWidgets)", "count", Target.at_most(0)),
    ("soak.window_objects_growth", "QObjects in the window tree: growth", "count",
     Target.at_most(0)),
)  # fmt: skip


def command(total: int, journeys: Path | None) -> list[str]:
    argv = [sys.executable, "-m", "kiosque", "bench", "--only", "soak", "--soak", str(total)]
    if journeys is not None:
        argv += ["--journeys", str(journeys)]
    return [*argv, "--json"]


def run_in_child(
    total: int, journeys: Path | None, progress: Callable[[str], None]
) -> list[Figure]:
    env = dict(os.environ, **{CHILD_ENV: "1"})
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    process = subprocess.Popen(
        command(total, journeys),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    last: deque[str] = deque(maxlen=40)
    for line in process.stderr:  # progress, as it comes; the JSON waits on stdout
        line = line.rstrip("\n")
        if line.startswith("[bench] "):
            progress(line.removeprefix("[bench] "))
        if line.strip():
            last.append(line)
    out = process.stdout.read()
    status = process.wait()
    try:
        figures = [figure_from_dict(f) for f in json.loads(out)["figures"]]
    except (ValueError, KeyError, TypeError):
        return [*died(status, list(last)), ended(status, list(last), finished=False)]
    return [*figures, ended(status, list(last), finished=True)]


def ended(status: int, last: list[str], *, finished: bool) -> Figure:
    """A soak whose process aborts (even at exit, once its figures are out) fails."""
    note = "the soak process ended cleanly"
    if status != 0:
        fatal = next((line for line in last if "Fatal Python error" in line), "")
        moment = "at exit, after its figures" if finished else "before its figures"
        note = f"the soak process aborted {moment}: {fatal or (last[-1] if last else '?')}"
    return Figure(
        SECTION, "soak.exit_status", "soak process exit status", status, "count",
        Target.between(0, 0), note=note,
    )  # fmt: skip


def died(status: int, last: list[str]) -> list[Figure]:
    """The soak's figures as not measured, with how the soak process ended."""
    journeys = next(
        (line.split("soak: ", 1)[1].split(" journeys")[0] for line in reversed(last)
         if line.startswith("[bench] soak: ") and "/" in line),
        "?",
    )  # fmt: skip
    fatal = next((line for line in last if "Fatal Python error" in line), "")
    cause = fatal or (last[-1] if last else "no output")
    note = f"the soak process ended with status {status} after {journeys} journeys: {cause}"
    return [
        Figure(SECTION, key, label, None, unit, target, note=note)
        for key, label, unit, target in TARGETED
    ]
