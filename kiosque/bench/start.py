"""Start: launch → first paint of the home screen, the kiosk (from source, and the bundle
when there is one) against a bare PySide6 window launched the same way, in turns."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosque.bench.report import Figure, Target, median

SECTION = "1. Start (launch → first paint)"
RATIO_TARGET = 1.3
TIMEOUT_S = 15.0
BARE_SCRIPT = Path(__file__).resolve().parent.parent / "ui" / "bench" / "bare_window.py"
MARK = "KIOSQUE_FIRST_PAINT"  # printed by kiosque.ui.bench.probe (not imported: no Qt here)


@dataclass(frozen=True)
class Launch:
    ms: float | None  # None: no first paint reported
    peak_rss_mb: float | None  # the child's peak resident memory (wait4)
    problem: str = ""


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def find_bundle(explicit: Path | None = None) -> Path | None:
    """``dist/kiosque/kiosque`` (``.exe`` on Windows) beside the sources, if built."""
    if explicit is not None:
        return explicit
    for name in ("kiosque", "kiosque.exe"):
        candidate = repo_root() / "dist" / "kiosque" / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def child_env(scratch: Path) -> dict[str, str]:
    """The same environment for every launch: offscreen unless there is a display, and a
    throw-away data folder and settings (never the terminal's own store)."""
    env = dict(os.environ)
    if not (env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    (scratch / "logs").mkdir(parents=True, exist_ok=True)
    env["KIOSQUE_DATA_DIR"] = str(scratch)
    env["KIOSQUE_CONFIG"] = str(scratch / "absent.toml")
    env["KIOSQUE_DATABASE_URL"] = "sqlite:///" + (scratch / "kiosque.db").as_posix()
    env["KIOSQUE_KEYS_FILE"] = str(scratch / "keys.json")
    env["KIOSQUE_BENCH_FIRST_PAINT"] = "1"
    return env


def launch(command: list[str], env: dict[str, str], timeout: float = TIMEOUT_S) -> Launch:
    """Start ``command``, read the first-paint mark, reap it with its rusage."""
    started = time.monotonic_ns()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    painted_ns: int | None = None
    watchdog = threading.Timer(timeout, process.kill)  # our own child, by its id
    watchdog.start()
    try:
        for line in process.stdout:
            if line.startswith(MARK):
                painted_ns = int(line.split()[1])
                break
    finally:
        watchdog.cancel()
    problem = ""
    if painted_ns is None:
        problem = "no first-paint mark (is the probe hook in kiosque/app.py, and built in?)"
        process.kill()
    peak: float | None = None
    try:
        if not hasattr(os, "wait4"):  # Windows: no rusage of a child
            raise ChildProcessError
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # kB on Linux
    except ChildProcessError:  # already reaped by kill() (it polls first)
        process.wait()
    process.stdout.close()
    if painted_ns is None and process.returncode not in (None, -9):
        problem = f"ended with status {process.returncode} before its first paint"
    if painted_ns is None:
        return Launch(None, peak, problem)
    return Launch((painted_ns - started) / 1e6, peak)


def commands(bundle: Path | None) -> dict[str, list[str]]:
    found = {
        "bare": [sys.executable, str(BARE_SCRIPT)],
        "source": [sys.executable, "-m", "kiosque"],
    }
    if bundle is not None:
        found["bundle"] = [str(bundle)]
    return found


def measure(runs: int, bundle: Path | None = None, *, looked_for: bool = True) -> list[Figure]:
    """``runs`` launches of each, in turns, after one warm-up launch each (disk cache)
    when there is more than one run. A program that does not report its first paint at
    its first launch is not launched again."""
    launches: dict[str, list[Launch]] = {}
    programs = commands(bundle)
    warm_up = 1 if runs > 1 else 0
    with tempfile.TemporaryDirectory(prefix="kiosque-bench-start-") as tmp:
        for turn in range(runs + warm_up):
            for name, command in list(programs.items()):
                result = launch(command, child_env(Path(tmp) / f"{name}-{turn}"))
                if turn >= warm_up or result.ms is None:
                    launches.setdefault(name, []).append(result)
                if result.ms is None:
                    del programs[name]
    return figures(launches, runs, looked_for)


def _median_of(results: list[Launch]) -> tuple[float | None, float | None, str]:
    times = [r.ms for r in results if r.ms is not None]
    peaks = [r.peak_rss_mb for r in results if r.peak_rss_mb is not None]
    problems = sorted({r.problem for r in results if r.problem})
    return (
        median(times) if times else None,
        max(peaks) if peaks else None,
        "; ".join(problems),
    )


def figures(launches: dict[str, list[Launch]], runs: int, looked_for: bool = True) -> list[Figure]:
    bare_ms, bare_rss, bare_problem = _median_of(launches.get("bare", []))
    rows = [
        Figure(
            SECTION,
            "start.bare_ms",
            "bare PySide6 window: first paint (median)",
            bare_ms,
            note=bare_problem
            or f"median of {runs} launches" + (", after one warm-up" if runs > 1 else ""),
        ),
        Figure(SECTION, "start.bare_peak_rss_mb", "bare window: peak RSS", bare_rss, "MB"),
    ]
    for name, title in (("source", "kiosque from source"), ("bundle", "kiosque bundle")):
        if name not in launches:
            if name == "bundle":
                rows.append(
                    Figure(
                        SECTION,
                        "start.bundle_ratio",
                        "bundle / bare window",
                        None,
                        "×",
                        Target.at_most(RATIO_TARGET, "×"),
                        note="no bundle in dist/kiosque (bash scripts/build.sh builds it)"
                        if looked_for
                        else "bundle not asked for",
                    )
                )
            continue
        ms, rss, problem = _median_of(launches[name])
        ratio = ms / bare_ms if ms is not None and bare_ms else None
        rows += [
            Figure(SECTION, f"start.{name}_ms", f"{title}: first paint (median)", ms, note=problem),
            Figure(
                SECTION,
                f"start.{name}_ratio",
                f"{title} / bare window",
                ratio,
                "×",
                Target.at_most(RATIO_TARGET, "×"),
            ),
            Figure(SECTION, f"start.{name}_peak_rss_mb", f"{title}: peak RSS", rss, "MB"),
        ]
    return rows
