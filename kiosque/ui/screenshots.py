"""``kiosque screenshots``: play the demonstration journeys in the real window, offscreen,
and save every step to PNG (plus a variant with its errors), checking that no text is
clipped."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from kiosque.context import Context
from kiosque.procedures.actions import CHALLENGE, INBOX
from kiosque.replay import RECEIVED, SHOWN, parse_duration
from kiosque.settings import Settings
from kiosque.ui import theme
from kiosque.ui.fields import WrapButton
from kiosque.ui.main_window import KioskWindow


@dataclass
class Report:
    files: list[Path] = field(default_factory=list)
    steps: set[tuple[str, str]] = field(default_factory=set)
    clipped: list[str] = field(default_factory=list)


def settle(app: QApplication, window: KioskWindow, timeout: float = 30.0) -> None:
    """Wait for the background job and let every pending layout pass run."""
    deadline = time.monotonic() + timeout
    while not window.runner.idle and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    for _ in range(4):
        app.processEvents()


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, WrapButton):
        return ""  # its labels are checked one by one
    if isinstance(widget, (QLabel, QAbstractButton)):
        return widget.text()
    return ""


def clipped_texts(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit their widget, and scrolled
    content wider than its scroll area (cut at the side: there is no side scroll bar)."""
    problems: list[str] = []
    for area in root.findChildren(QScrollArea):
        content = area.widget()
        if area.isVisibleTo(root) and content is not None:
            wider = content.minimumSizeHint().width() - area.viewport().width()
            if wider > 1:
                problems.append(f"{content.objectName() or 'content'}: {wider}px wider than shown")
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        text = _text_of(widget)
        if not text or (text.startswith("<") and isinstance(widget, QLabel)):
            continue  # rich text (the breadcrumb) wraps by itself
        metrics = widget.fontMetrics()
        rect = widget.contentsRect()
        if isinstance(widget, QLabel):
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if needed > widget.height() + 1:
                    problems.append(f"label {text[:40]!r}: needs {needed}px, has {widget.height()}")
                longest = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
                if longest > rect.width() + 1:
                    problems.append(f"label {text[:40]!r}: a word is wider than the label")
            elif metrics.horizontalAdvance(text) > rect.width() + 1:
                problems.append(f"label {text[:40]!r}: {rect.width()}px for its text")
        elif isinstance(widget, (QPushButton, QRadioButton, QCheckBox)):
            needed = widget.sizeHint().width()  # text + padding + indicator, from the style
            if needed > widget.width() + 1:
                problems.append(f"button {text[:40]!r}: {widget.width()}px, needs {needed}")
    return problems


def _journeys(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(folder.glob("*.json")):
        yield path.stem, json.loads(path.read_text(encoding="utf-8"))


def _fill(window: KioskWindow, answers: dict[str, Any]) -> None:
    page = window.wizard.page
    session = window.session
    assert page is not None and session is not None
    for field_id, value in answers.items():
        if value == SHOWN:
            value = session.journey.state[CHALLENGE].text
        elif value == RECEIVED:
            inbox = session.journey.state.get(INBOX) or ()
            value = inbox[0].code if inbox else ""
        if field_id in page.fields:
            page.fields[field_id].set_value(value)


def capture(
    app: QApplication,
    make_context: Callable[[], Context],
    journeys: Path,
    out: Path,
    size: QSize,
    look: theme.Look,
    *,
    errors: bool = True,
    inspect: Callable[[KioskWindow], None] | None = None,
) -> Report:
    """Play every journey of ``journeys`` in a window of ``size``, each on a fresh store
    (journeys change accounts: one locks Paul's); save each step once."""
    from kiosque.clock import ManualClock

    report = Report()
    out.mkdir(parents=True, exist_ok=True)
    theme.apply(app, look)
    suffix = f"{size.width()}x{size.height()}"
    for _name, journey in _journeys(journeys):
        context = make_context()
        window = KioskWindow(context.catalogue, idle_warning=3600, idle_wipe=7200)
        window.resize(size)
        window.show()
        window.attach(context)
        window.set_look(look)
        clock = context.clock
        if isinstance(clock, ManualClock):
            clock.set(__import__("datetime").datetime.fromisoformat(journey["start"]))
        for action in journey["actions"]:
            if "procedure" in action:
                window.start_procedure(action["procedure"])
                settle(app, window)
                _shoot(app, window, out, suffix, report, errors, inspect)
                continue
            if "wait" in action:
                if isinstance(clock, ManualClock):
                    clock.advance(parse_duration(action["wait"]))
                continue
            if window.session is None:
                break
            if window.look != look:  # a wipe between two procedures resets the look
                window.set_look(look)
            _fill(window, action.get("answers", {}))
            window.wizard.run_action(action.get("action", "next"))
            settle(app, window)
            if window.session is not None and not window.session.journey.finished:
                _shoot(app, window, out, suffix, report, errors, inspect)
        window.end_session(wiped=True)
        settle(app, window)
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # really gone now
        context.close()
    theme.apply(app, theme.Look())  # the application's look back to the default
    return report


def _shoot(
    app: QApplication,
    window: KioskWindow,
    out: Path,
    suffix: str,
    report: Report,
    errors: bool,
    inspect: Callable[[KioskWindow], None] | None = None,
) -> None:
    session, page = window.session, window.wizard.page
    if session is None or page is None:
        return
    key = (session.procedure, session.step)
    if key in report.steps:
        return
    report.steps.add(key)
    base = f"{session.procedure}--{session.step}--{suffix}"
    _save(window, out / f"{base}.png", report)
    if inspect is not None:
        inspect(window)
    required = [w for w in page.fields.values() if w.field.required]
    if not errors or not required:
        return
    kept = {fid: w.value() for fid, w in page.fields.items()}
    for widget in page.fields.values():
        widget.clear()
    window.wizard.run_action("next")  # validation refuses before any organism is asked
    settle(app, window)
    _save(window, out / f"{base}--erreurs.png", report)
    page = window.wizard.page
    if page is not None:
        for fid, value in kept.items():
            if fid in page.fields:
                page.fields[fid].set_value(value)
        page.show_outcome({}, {})


def _save(window: KioskWindow, path: Path, report: Report) -> None:
    window.grab().save(str(path))
    report.files.append(path)
    for problem in clipped_texts(window):
        report.clipped.append(f"{path.name}: {problem}")


def run_command(
    base: Settings,
    journeys: Path,
    out: Path,
    sizes: list[tuple[int, int]],
    *,
    text_size: int,
    contrast: bool,
    errors: bool,
    scratch: bool,
) -> int:
    """``kiosque screenshots``: every size, each journey on a fresh store; 1 if clipped."""
    import sys
    import tempfile
    from datetime import UTC, datetime

    from kiosque.clock import ManualClock
    from kiosque.context import open_context
    from kiosque.settings import replace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    look = theme.Look(text_size, contrast)
    clock = ManualClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    documents = Path(tempfile.mkdtemp(prefix="kiosque-screenshots-docs-"))

    def fresh() -> Context:
        """Never the terminal's own store: a throwaway one per journey (or --db's)."""
        settings = base
        if scratch:
            folder = Path(tempfile.mkdtemp(prefix="kiosque-screenshots-"))
            settings = replace(
                base,
                database_url=f"sqlite:///{folder / 'kiosque.db'}",
                keys_file=str(folder / "keys.json"),
                hash_memory_kib=19456,  # OWASP's minimum: a scratch store, fast to seed
                hash_time_cost=2,
            )
        return open_context(settings, clock, documents_dir=lambda: documents)

    clipped: list[str] = []
    count = 0
    for width, height in sizes:
        report = capture(app, fresh, journeys, out, QSize(width, height), look, errors=errors)
        count += len(report.files)
        clipped += report.clipped
    print(f"{count} images dans {out}")
    for line in clipped:
        print(f"texte coupé : {line}")
    return 1 if clipped else 0
