"""`kiosque screenshots` covers every step id of SPEC §8 at both sizes with no clipped text,
and the kiosk says plainly how to run it when there is no display."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosque import resources
from kiosque.clock import ManualClock
from kiosque.commands import load_settings
from kiosque.context import Context, open_context
from kiosque.store.db import sqlite_url
from kiosque.ui import theme
from kiosque.ui.screenshots import capture
from tests.engine.test_catalogue import SPEC_STEPS


def test_every_spec_step_rendered_without_clipped_text(qapp: QApplication, data_dir: Path) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    counter = iter(range(1000))

    def fresh() -> Context:
        folder = data_dir / f"store-{next(counter)}"
        folder.mkdir()
        settings = load_settings(sqlite_url(folder / "kiosque.db"))
        return open_context(settings, clock, documents_dir=lambda: folder)

    out = data_dir / "png"
    for size in (QSize(1280, 800), QSize(1920, 1080)):
        report = capture(qapp, fresh, resources.path("parcours"), out, size, theme.Look())
        assert report.clipped == []
        suffix = f"{size.width()}x{size.height()}"
        for procedure, steps in SPEC_STEPS.items():
            for step in steps:
                assert (out / f"{procedure}--{step}--{suffix}.png").is_file(), (procedure, step)
        assert any(p.name.endswith("--erreurs.png") for p in out.iterdir())


def test_screenshots_command_refuses_bad_sizes_in_one_line(data_dir: Path) -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("kiosque")),
            "screenshots",
            str(data_dir),
            "--sizes",
            "tiny",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--sizes" in done.stderr


def test_no_display_gives_a_clear_message_not_a_qt_abort() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [str(Path(sys.executable).with_name("kiosque")), "--windowed"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "aucun écran" in done.stderr and "QT_QPA_PLATFORM=offscreen" in done.stderr
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
