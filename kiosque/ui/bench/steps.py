"""Step change: tap on the main action → next page painted, over every step of every
procedure, by playing the recorded journeys through the real window (offscreen).

Two figures per tap: the *UI part* (the organism's answer reached the UI thread → the next
page painted: building the page, laying it out, painting it), to which the one-frame
target applies, and the *whole* tap → paint, the organism's call (and its argon2 hashing)
included. A first pass through the journeys warms the caches up and is reported apart.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosque import resources
from kiosque.bench.report import Figure, Target, percentile
from kiosque.bench.scratch import open_scratch
from kiosque.settings import Settings
from kiosque.ui.bench.player import (
    Played,
    Player,
    StepTiming,
    kiosk_app,
    load_journeys,
    make_window,
)

SECTION = "2. Step change (tap → next page painted)"
FRAME_MS = 16.0


def measure(base: Settings, passes: int = 2, journeys: Path | None = None) -> list[Figure]:
    """One warm-up pass, then ``passes`` measured passes over every recorded journey."""
    recorded = load_journeys(journeys or resources.path("parcours"))
    app = kiosk_app()
    with tempfile.TemporaryDirectory(prefix="kiosque-bench-steps-") as tmp:
        scratch = open_scratch(base, Path(tmp) / "store")
        window = make_window(scratch)
        player = Player(app, window, scratch)
        player.ready()
        try:
            cold = [player.play(name, journey) for name, journey in recorded]
            warm = [player.play(name, j) for _ in range(passes) for name, j in recorded]
        finally:
            window.close()
            window.deleteLater()
            player.settle()
            scratch.close()
    steps_total = sum(len(p.steps) for p in scratch.context.catalogue.procedures.values())
    return figures(cold, warm, steps_total, passes)


def _timings(played: list[Played]) -> list[StepTiming]:
    return [t for p in played for t in p.timings]


def figures(cold: list[Played], warm: list[Played], steps_total: int, passes: int) -> list[Figure]:
    timings = _timings(warm)
    problems = sorted({f"{p.name}: {m}" for p in cold + warm for m in p.problems})
    covered = {(t.procedure, t.step) for t in timings}
    note = (
        f"{len(timings)} taps over {passes} pass(es) of {len(cold)} journeys, "
        f"{len(covered)} of {steps_total} steps acted on"
    )
    if problems:
        note += f"; problems: {'; '.join(problems[:3])}"
    if not timings:
        return [Figure(SECTION, "steps.ui_p95_ms", "UI part p95", None, "ms", note=note)]
    ui = [t.ui_ms for t in timings]
    ui_cpu = [t.ui_cpu_ms for t in timings]
    whole = [t.whole_ms for t in timings]
    cold_ui = [t.ui_cpu_ms for t in _timings(cold)]
    slowest = max(timings, key=lambda t: t.ui_cpu_ms)
    frame = Target.at_most(FRAME_MS, "ms")
    return [
        Figure(
            SECTION,
            "steps.ui_p50_ms",
            "UI part (answer → painted) p50, CPU",
            percentile(ui_cpu, 50),
            note=f"wall clock p50 {percentile(ui, 50):.1f} ms",
        ),
        Figure(
            SECTION,
            "steps.ui_p95_ms",
            "UI part (answer → painted) p95, CPU",
            percentile(ui_cpu, 95),
            target=frame,
            note=f"{note}; wall clock p95 {percentile(ui, 95):.1f} ms. The one-frame target "
            "applies to this UI part (the UI thread's CPU time from the organism's answer "
            "to the next page painted)",
        ),
        Figure(
            SECTION,
            "steps.ui_max_ms",
            "UI part, slowest tap, CPU",
            slowest.ui_cpu_ms,
            note=f"{slowest.procedure}/{slowest.step} ({slowest.action})",
        ),
        Figure(SECTION, "steps.whole_p50_ms", "whole tap → painted p50", percentile(whole, 50)),
        Figure(
            SECTION,
            "steps.whole_p95_ms",
            "whole tap → painted p95",
            percentile(whole, 95),
            note="wall clock, the organism's call included (argon2 at the terminal's "
            "parameters): no target",
        ),
        Figure(
            SECTION,
            "steps.cold_ui_p95_ms",
            "UI part p95, first pass (cold caches), CPU",
            percentile(cold_ui, 95) if cold_ui else None,
            note="the first citizen after a start: data files loaded on first use",
        ),
    ]
