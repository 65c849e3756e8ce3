"""A screen reader's view of the kiosk, for tests/ui/test_screen_reader.py.

Run by the system python (``/usr/bin/python3``, which has ``pyatspi``) inside the same
X server and D-Bus session as the kiosk: it starts the kiosk command given after ``--``,
reads the accessibility tree over AT-SPI as Orca would, presses buttons through their
AT-SPI actions (as a blind person does with the screen reader's commands), and writes what
it saw as JSON. It asserts nothing: the test does.

    atspi_probe.py --out seen.json --log kiosk.log --window TITLE --tile NAME \\
        --size NAME --contrast NAME --step-title TITLE --main NAME \\
        --error MESSAGE -- kiosque --windowed

Every wait has a deadline; the kiosk is stopped on the way out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

KEPT_STATES = {
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_ENABLED: "enabled",
    pyatspi.STATE_SENSITIVE: "sensitive",
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused",
    pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_EDITABLE: "editable",
    pyatspi.STATE_INVALID_ENTRY: "invalid-entry",
    pyatspi.STATE_REQUIRED: "required",
}


class Probe:
    def __init__(self, window_title: str, deadline: float) -> None:
        self.window_title = window_title
        self.deadline = deadline
        self.app: Any = None
        self.window: Any = None
        self.events: list[dict[str, Any]] = []
        self.listener = self._on_event  # kept: pyatspi holds it weakly on some versions
        for kind in ("object:announcement", "object:state-changed:focused"):
            try:
                pyatspi.Registry.registerEventListener(self.listener, kind)
            except Exception as exc:  # an older AT-SPI may not know announcements
                self.events.append({"type": "listener-error", "kind": kind, "error": str(exc)})

    def _on_event(self, event: Any) -> None:
        try:
            source = event.source
            entry = {
                "type": str(event.type),
                "detail1": int(event.detail1),
                "text": event.any_data if isinstance(event.any_data, str) else "",
                "role": source.getRoleName() if source is not None else "",
                "name": source.name if source is not None else "",
            }
        except Exception as exc:  # an object gone before it could be read
            entry = {"type": str(getattr(event, "type", "?")), "error": str(exc)}
        self.events.append(entry)

    # -- waiting -------------------------------------------------------------------------

    def pump(self, seconds: float) -> None:
        """Let AT-SPI's events arrive (they come through GLib's main loop)."""
        context = GLib.MainContext.default()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while context.pending():
                context.iteration(False)
            time.sleep(0.02)

    def wait_for(self, what: str, found: Callable[[], Any], within: float | None = None) -> Any:
        """``found()`` once true; past the deadline, a TimeoutError, or None when ``within``
        seconds were given (something the test checks itself, such as an event)."""
        end = self.deadline if within is None else min(self.deadline, time.monotonic() + within)
        while True:
            try:
                result = found()
            except Exception:  # objects come and go while the screen changes
                result = None
            if result:
                return result
            if time.monotonic() > end:
                if within is not None:
                    return None
                raise TimeoutError(f"timed out waiting for {what}")
            self.pump(0.1)

    def announcements(self) -> int:
        return sum(1 for e in self.events if e.get("type") == "object:announcement")

    # -- reading -------------------------------------------------------------------------

    def find_window(self) -> Any:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is None:
                continue
            for window in app:
                if window is not None and window.name == self.window_title:
                    self.app, self.window = app, window
                    return window
        return None

    def nodes(self) -> list[dict[str, Any]]:
        """The window's tree, depth first, as a screen reader reads it."""
        self.app.clear_cache()  # read what is on screen now, not what was cached
        out: list[dict[str, Any]] = []

        def walk(node: Any, depth: int, path: str) -> None:
            states = node.getState()
            actions: list[str] = []
            try:
                action = node.queryAction()
                actions = [action.getName(i) for i in range(action.nActions)]
            except NotImplementedError:
                pass
            out.append(
                {
                    "role": node.getRoleName(),
                    "name": node.name or "",
                    "description": node.description or "",
                    "states": sorted(v for k, v in KEPT_STATES.items() if states.contains(k)),
                    "actions": actions,
                    "depth": depth,
                    "path": path,
                }
            )
            for index, child in enumerate(node):
                if child is not None:
                    walk(child, depth + 1, f"{path}/{index}")

        walk(self.window, 0, "")
        return out

    def find(self, role: str, name: str, showing: bool = True) -> Any:
        """The first object with this role and accessible name (on screen by default)."""
        self.app.clear_cache()

        def match(node: Any) -> bool:
            if node.getRoleName() != role or node.name != name:
                return False
            return not showing or node.getState().contains(pyatspi.STATE_SHOWING)

        return pyatspi.findDescendant(self.window, match)

    def checked(self, name: str) -> bool:
        node = self.find("check box", name)
        return bool(node is not None and node.getState().contains(pyatspi.STATE_CHECKED))

    def press(self, node: Any) -> None:
        """What a screen reader's « activate » does: the object's first action
        (« Press » for buttons, « Toggle » for check boxes)."""
        action = node.queryAction()
        names = [action.getName(i) for i in range(action.nActions)]
        index = names.index("Press") if "Press" in names else 0
        action.doAction(index)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--window", required=True)
    parser.add_argument("--tile", required=True)
    parser.add_argument("--size", required=True)
    parser.add_argument("--contrast", required=True)
    parser.add_argument("--step-title", required=True)
    parser.add_argument("--main", required=True)
    parser.add_argument("--error", required=True, help="expected once --main is pressed")
    parser.add_argument("--timeout", type=float, default=40.0)
    parser.add_argument("command", nargs="+")
    args = parser.parse_args()

    seen: dict[str, Any] = {"stage": "start"}
    probe = Probe(args.window, time.monotonic() + args.timeout)
    with open(args.log, "wb") as log:
        kiosk = subprocess.Popen(
            args.command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # in the probe's process group: the test kills the whole group if it hangs
    try:
        seen["stage"] = "window"
        probe.wait_for("the kiosk window on the accessibility bus", probe.find_window)
        seen["application"] = probe.app.name
        seen["window_role"] = probe.window.getRoleName()
        seen["stage"] = "home"
        tile = probe.wait_for(
            "the home tiles to be ready",
            lambda: (
                (t := probe.find("push button", args.tile))
                and t.getState().contains(pyatspi.STATE_ENABLED)
                and t
            ),
        )
        seen["home"] = probe.nodes()

        seen["stage"] = "look"  # the text size and contrast buttons, pressed and read back
        size = probe.find("check box", args.size)
        probe.press(size)
        probe.wait_for("the size button checked", lambda: probe.checked(args.size))
        contrast = probe.find("check box", args.contrast)
        probe.press(contrast)
        probe.wait_for("contrast checked", lambda: probe.checked(args.contrast))
        seen["look"] = [n for n in probe.nodes() if n["role"] == "check box"]
        probe.press(contrast)  # back to the default look for the rest
        probe.wait_for("contrast unchecked", lambda: not probe.checked(args.contrast))

        seen["stage"] = "step"
        before = probe.announcements()
        probe.press(tile)
        probe.wait_for(
            "the first step's title",
            lambda: probe.find("label", args.step_title) or probe.find("heading", args.step_title),
        )
        probe.wait_for("the new step announced", lambda: probe.announcements() > before, 5)
        seen["step"] = probe.nodes()

        seen["stage"] = "errors"
        before = probe.announcements()
        probe.press(probe.find("push button", args.main))
        probe.wait_for(
            "the error message in a field's description",
            lambda: any(
                "showing" in n["states"] and args.error in n["description"] for n in probe.nodes()
            ),
        )
        probe.wait_for("the errors announced", lambda: probe.announcements() > before, 5)
        seen["errors"] = probe.nodes()
        seen["stage"] = "done"
    except Exception as exc:
        seen["error"] = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):  # what was on screen when it went wrong
            seen["last_tree"] = probe.nodes() if probe.window is not None else []
    finally:
        seen["events"] = probe.events
        seen["kiosk_exit"] = kiosk.poll()
        kiosk.terminate()
        try:
            kiosk.wait(timeout=5)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait(timeout=5)
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(seen, f, ensure_ascii=False, indent=1)
    return 0 if seen["stage"] == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
